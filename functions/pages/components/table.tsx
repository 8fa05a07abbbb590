/**
 * A GOV.UK table with its caption and column heads, numeric columns aligned right; and the same
 * table scrolling sideways on a narrow screen.
 *
 * @example
 * <Table caption={t.months} head={[t.month, t.paid]} rows={[[month, paid]]} numeric={[1]} />
 */
import type { Child } from 'hono/jsx';

interface TableProps {
  caption: string;
  head: readonly string[];
  rows: readonly Child[][];
  /** The columns (from 0) aligned right. */
  numeric?: readonly number[];
  /** Whether each row's first cell heads the row. */
  headerColumn?: boolean;
}

export function Table({ caption, head, rows, numeric = [], headerColumn = false }: TableProps) {
  const numericClass = (kind: 'header' | 'cell', i: number) =>
    numeric.includes(i) ? ` govuk-table__${kind}--numeric` : '';
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {head.map((text, i) => (
            <th scope="col" class={`govuk-table__header${numericClass('header', i)}`}>
              {text}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((row) => (
          <tr class="govuk-table__row">
            {row.map((cell, i) =>
              i === 0 && headerColumn ? (
                <th scope="row" class="govuk-table__header">
                  {cell}
                </th>
              ) : (
                <td class={`govuk-table__cell${numericClass('cell', i)}`}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A table that scrolls sideways on a narrow screen; focusable, so a keyboard can scroll it too. */
export function ScrollTable({ headerColumn = true, ...table }: TableProps) {
  return (
    <section class="app-table-scroll" aria-label={table.caption} tabindex={0}>
      <Table {...table} headerColumn={headerColumn} />
    </section>
  );
}
