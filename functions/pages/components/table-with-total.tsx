/**
 * A table of lines and their total, scrolling sideways on a narrow phone: the assistant's entries
 * and paid hours, the parents' statement of services. The caller gives the header row, the lines
 * and the total's figures; the total's label spans the columns before them.
 *
 * @example
 * <TableWithTotal t={t} caption="Hours" columns={[{ text: 'Date' }, { text: 'Hours', numeric: true }]}
 *   totals={['12 h']}>{lines.map((line) => <tr class="govuk-table__row">…</tr>)}</TableWithTotal>
 */
import type { Child } from 'hono/jsx';
import type { Catalogue } from '../../i18n/catalogue.ts';

export interface Column {
  text: Child;
  numeric?: boolean;
}

const numericCell = (nowrap: boolean) =>
  `govuk-table__cell govuk-table__cell--numeric${nowrap ? ' app-nowrap' : ''}`;

/** A figure in a numeric column (right-aligned; `nowrap` keeps an amount on one line). */
export function NumericCell({ nowrap = false, children }: { nowrap?: boolean; children?: Child }) {
  return <td class={numericCell(nowrap)}>{children}</td>;
}

export function TableWithTotal({
  t,
  tableClass = 'govuk-table',
  caption,
  captionClass,
  columns,
  totals,
  nowrap = false,
  children,
}: {
  t: Catalogue;
  tableClass?: string;
  caption: Child;
  /** The caption's size, or `govuk-visually-hidden` under a heading that says the same. */
  captionClass: string;
  columns: readonly Column[];
  /** The total of each last column, in order. */
  totals: readonly Child[];
  nowrap?: boolean;
  children?: Child;
}) {
  return (
    <div class="app-table-scroll">
      <table class={tableClass}>
        <caption class={`govuk-table__caption ${captionClass}`}>{caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {columns.map((column) => (
              <th
                scope="col"
                class={`govuk-table__header${column.numeric ? ' govuk-table__header--numeric' : ''}`}
              >
                {column.text}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {children}
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header" colspan={columns.length - totals.length}>
              {t.common.total}
            </th>
            {totals.map((total) => (
              <NumericCell nowrap={nowrap}>
                <strong>{total}</strong>
              </NumericCell>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
