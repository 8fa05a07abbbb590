/**
 * `atbalsts indicators`: the ministry's monitoring indicators read from the store, small counts
 * suppressed as the policy says (every output is an export).
 *
 *   atbalsts indicators --month 2026-11 [--to 2027-04] [--municipality talsi]
 *                       [--format text|json|csv|xlsx] [--out FILE]
 *
 * xlsx needs --out. Exit code 2 and a JSON error naming each bad field for a bad month; 69 when
 * the store cannot be reached.
 *
 * @example
 * const code = await indicatorsCommand(['--month', '2026-11', '--format', 'csv'], streams);
 */
import { writeFile } from 'node:fs/promises';
import { addMonths, isYearMonth, rigaDateOf } from '../functions/domain/calendar.ts';
import { formatMinutes } from '../functions/domain/duration.ts';
import { InputError, type InputIssue } from '../functions/domain/errors.ts';
import { GROUP_TITLES, INDICATOR_GROUPS, INDICATORS } from '../functions/domain/indicators/definitions.ts';
import { type SafeMonthIndicators, suppress } from '../functions/domain/indicators/table.ts';
import { formatEuro } from '../functions/domain/money.ts';
import { monitoringRulesOn } from '../functions/domain/policy/policy.ts';
import { indicatorsCsv, indicatorsWorkbook } from '../functions/monitoring/export.ts';
import { EXIT_OK, exitCodeOf, ownOptions, readFromStore } from './io.ts';
import { table } from './statement-table.ts';
import { STORE_OPTIONS, STORE_USAGE, storeOfOptions } from './store-options.ts';

export const INDICATORS_USAGE = `Usage: atbalsts indicators --month YYYY-MM [--to YYYY-MM] [--municipality ID]
                          [--format text|json|csv|xlsx] [--out FILE]

The ministry's monitoring indicators per municipality and for the country (docs/ministry.md),
read from the store's aggregates and indexes; counts of fewer children than the policy's
threshold are suppressed in every format. xlsx (one sheet per group and the definitions) needs --out.
${STORE_USAGE}
`;

const FORMATS = ['text', 'json', 'csv', 'xlsx'] as const;

function checkArguments(values: Record<string, unknown>): InputIssue[] {
  const issues: InputIssue[] = [];
  const month = values['month'];
  const to = values['to'];
  if (typeof month !== 'string' || !isYearMonth(month))
    issues.push({ path: '--month', message: 'must be a month YYYY-MM' });
  if (to !== undefined && (typeof to !== 'string' || !isYearMonth(to))) {
    issues.push({ path: '--to', message: 'must be a month YYYY-MM' });
  } else if (
    typeof to === 'string' &&
    typeof month === 'string' &&
    (to < month || to > addMonths(month, 23))
  ) {
    issues.push({ path: '--to', message: 'must be from --month to 23 months after it' });
  }
  if (!(FORMATS as readonly unknown[]).includes(values['format']))
    issues.push({ path: '--format', message: `must be one of ${FORMATS.join(', ')}` });
  if (values['format'] === 'xlsx' && typeof values['out'] !== 'string')
    issues.push({ path: '--out', message: 'is needed for xlsx' });
  return issues;
}

export async function indicatorsCommand(
  argv: readonly string[],
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const values = ownOptions(
    argv,
    {
      month: { type: 'string' },
      to: { type: 'string' },
      municipality: { type: 'string' },
      format: { type: 'string', default: 'text' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...STORE_OPTIONS,
    },
    INDICATORS_USAGE,
    streams,
  );
  if (typeof values === 'number') return values;
  return exitCodeOf(streams.stderr, async () => {
    const issues = checkArguments(values);
    if (issues.length > 0) throw new InputError(issues);
    const month = values['month'] as string;
    const to = (values['to'] as string | undefined) ?? month;
    const store = storeOfOptions(values);
    const read = await readFromStore('the indicators', () =>
      store.indicators.months(month, to, {
        today: rigaDateOf(new Date()),
        ...(typeof values['municipality'] === 'string' && { municipality: values['municipality'] }),
      }),
    );
    const tables: SafeMonthIndicators[] = read.map((one) =>
      suppress(one, monitoringRulesOn(`${one.month}-01`).suppressBelowChildren),
    );
    const format = values['format'] as (typeof FORMATS)[number];
    const output =
      format === 'xlsx'
        ? await indicatorsWorkbook(tables)
        : format === 'csv'
          ? indicatorsCsv(tables)
          : format === 'json'
            ? `${JSON.stringify({ months: tables }, null, 2)}\n`
            : renderIndicators(tables);
    if (typeof values['out'] === 'string') await writeFile(values['out'], output);
    else streams.stdout.write(output);
    return EXIT_OK;
  });
}

function shown(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return 'x';
  if (unit === 'cents') return formatEuro(value);
  if (unit === 'minutes') return formatMinutes(Math.abs(value)).replace(/^/, value < 0 ? '-' : '');
  return String(value);
}

/** The months as tables, one per group, a column per municipality and the country (x: suppressed). */
export function renderIndicators(tables: readonly SafeMonthIndicators[]): string {
  const out: string[] = [];
  for (const month of tables) {
    const rows = [...month.rows, month.country];
    out.push(
      `Indicators for ${month.month} (cases by phase as of ${month.readOn}; x: suppressed, fewer than ${month.threshold} children)`,
    );
    for (const group of INDICATOR_GROUPS) {
      const indicators = INDICATORS.filter((indicator) => indicator.group === group);
      out.push(
        '',
        GROUP_TITLES[group],
        table(
          ['', ...rows.map((row) => row.municipality)],
          indicators.map((indicator) => [
            indicator.label,
            ...rows.map((row) => shown(row.cells[indicator.name]?.value, indicator.unit)),
          ]),
          new Set(rows.map((_row, index) => index + 1)),
        ),
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
