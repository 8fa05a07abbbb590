/** A settled month as a plain-text table for a person at a terminal. */
import { formatMinutes } from '../functions/domain/duration.ts';
import { formatEuro } from '../functions/domain/money.ts';
import type { HourStatement } from '../functions/domain/settlement/types.ts';

export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: ReadonlySet<number>,
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)].join(
    '\n',
  );
}

export function renderStatement(statement: HourStatement): string {
  const out: string[] = [];
  out.push(
    `Assistant hours for ${statement.participantId}, ${statement.month} (policy ${statement.policy.id} rev. ${statement.policy.revision})`,
  );
  out.push('');
  out.push(
    table(
      ['Date', 'Assistant', 'Activity', 'Time', 'Rate/h', 'Amount', 'Source'],
      statement.lines.map((line) => [
        line.date,
        line.assistantId,
        line.activity,
        formatMinutes(line.minutes),
        formatEuro(line.centsPerHour),
        formatEuro(line.amountCents),
        line.source,
      ]),
      new Set([3, 4, 5]),
    ),
  );
  out.push('');
  out.push(`Paid: ${formatMinutes(statement.paidMinutes)}, ${formatEuro(statement.amountCents)}`);
  if (statement.emergency) {
    const e = statement.emergency;
    out.push(
      `Emergency ${e.from} to ${e.to}: average ${formatMinutes(e.averageMinutes)}, used after ${formatMinutes(e.usedAfterMinutes)}, ` +
        `entitled ${formatMinutes(e.entitledMinutes)}, paid ${formatMinutes(e.paidMinutes)}`,
    );
  }
  out.push('');
  if (statement.rejected.length === 0) {
    out.push('Nothing was rejected.');
  } else {
    out.push('Not paid:');
    out.push(
      table(
        ['Date', 'Assistant', 'Time', 'Reason', 'Why'],
        statement.rejected.map((item) => [
          item.date,
          item.assistantId,
          formatMinutes(item.minutes),
          item.reason,
          item.detail,
        ]),
        new Set([2]),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
