/**
 * `atbalsts what-if`: a proposed policy replayed on a period's cohort beside the current policy,
 * computed without writing anything (functions/domain/what-if).
 *
 *   atbalsts what-if --period 2025-01..2025-06 --policy proposed.json --cohort cohort.json
 *   atbalsts what-if --period 2025-01..2025-06 --policy proposed.json [--municipality talsi]
 *       (the cohort read from the store; --save-cohort FILE keeps it)
 *
 * A FILE of `-` is read from stdin. JSON on stdout (`--format text` for tables); exit code 2 and a JSON error naming each bad field
 * for a malformed period, policy or cohort; 69 when the store cannot be reached.
 *
 * @example
 * const code = await whatIfCommand(['--period', '2025-01..2025-06', '--policy', 'p.json', '--cohort', 'c.json'], streams);
 */
import { writeFile } from 'node:fs/promises';
import { isYearMonth } from '../functions/domain/calendar.ts';
import { formatMinutes } from '../functions/domain/duration.ts';
import { InputError } from '../functions/domain/errors.ts';
import { formatEuro } from '../functions/domain/money.ts';
import { parseCohort } from '../functions/domain/what-if/cohort.ts';
import type { Figures } from '../functions/domain/what-if/figures.ts';
import { parseProposedPolicy, resolvePolicy } from '../functions/domain/what-if/proposal.ts';
import { type WhatIfPeriod, type WhatIfResult, whatIf } from '../functions/domain/what-if/what-if.ts';
import { readCohort } from '../functions/store/cohort.ts';
import { EXIT_OK, EXIT_USAGE, exitCodeOf, ownOptions, readFromStore, readJsonInput } from './io.ts';
import { table } from './statement-table.ts';
import { STORE_OPTIONS, STORE_USAGE, storeOfOptions } from './store-options.ts';

export const WHAT_IF_USAGE = `Usage: atbalsts what-if --period YYYY-MM..YYYY-MM --policy FILE [--cohort FILE]
                       [--baseline FILE] [--municipality ID] [--save-cohort FILE] [--format json|text]

Replays the period's cohort (every case's plans and the hours actually delivered) under the
current policy and the proposed one (FILE: docs/examples/what-if-*.json) and prints both side by
side: cost, children whose budget or hours go down or up, services that become unfunded, the
groups most affected; every figure traceable to case ids. Nothing is written.
--baseline FILE compares against another proposal instead of the current policy.
Without --cohort the cohort is read from the store (one municipality's with --municipality).
${STORE_USAGE}
`;

/** `2025-01..2025-06` as a period; throws InputError naming `--period`. */
export function parsePeriod(text: string | undefined): WhatIfPeriod {
  const match = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})$/.exec(text ?? '');
  const from = match?.[1];
  const to = match?.[2];
  if (!from || !to || !isYearMonth(from) || !isYearMonth(to) || from > to) {
    throw new InputError([
      { path: '--period', message: 'must be two months YYYY-MM..YYYY-MM, the first not after the second' },
    ]);
  }
  return { from, to };
}

/** The JSON document of a file option (`-` is stdin); a problem reading it names the option. */
async function readOption(option: string, file: string, stdin: NodeJS.ReadableStream): Promise<unknown> {
  try {
    return await readJsonInput(file === '-' ? undefined : file, stdin);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      error.issues.map((issue) => ({
        path: issue.path === '--input' || issue.path === '' ? `--${option}` : issue.path,
        message: issue.message,
      })),
    );
  }
}

export async function whatIfCommand(
  argv: readonly string[],
  streams: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const values = ownOptions(
    argv,
    {
      period: { type: 'string' },
      policy: { type: 'string' },
      baseline: { type: 'string' },
      cohort: { type: 'string' },
      municipality: { type: 'string' },
      'save-cohort': { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean', short: 'h' },
      ...STORE_OPTIONS,
    },
    WHAT_IF_USAGE,
    streams,
  );
  if (typeof values === 'number') return values;
  if (typeof values['policy'] !== 'string' || (values['format'] !== 'json' && values['format'] !== 'text')) {
    streams.stderr.write(WHAT_IF_USAGE);
    return EXIT_USAGE;
  }
  const policyFile = values['policy'];
  return exitCodeOf(streams.stderr, async () => {
    const period = parsePeriod(values['period'] as string | undefined);
    const proposal = parseProposedPolicy(await readOption('policy', policyFile, streams.stdin));
    const baseline =
      typeof values['baseline'] === 'string'
        ? resolvePolicy(parseProposedPolicy(await readOption('baseline', values['baseline'], streams.stdin)))
        : resolvePolicy();
    let cohortJson: unknown;
    if (typeof values['cohort'] === 'string') {
      cohortJson = await readOption('cohort', values['cohort'], streams.stdin);
    } else {
      const store = storeOfOptions(values);
      const { LOCAL_MUNICIPALITIES } = await import('../local/municipalities.ts');
      cohortJson = await readFromStore('the cohort', () =>
        readCohort(store, {
          ...period,
          ...(typeof values['municipality'] === 'string' && { municipality: values['municipality'] }),
          regions: Object.fromEntries(
            LOCAL_MUNICIPALITIES.map((municipality) => [municipality.id, municipality.region]),
          ),
        }),
      );
      if (typeof values['save-cohort'] === 'string')
        await writeFile(values['save-cohort'], JSON.stringify(cohortJson));
    }
    const result = whatIf(parseCohort(cohortJson), period, resolvePolicy(proposal), baseline);
    streams.stdout.write(
      values['format'] === 'text' ? renderWhatIf(result) : `${JSON.stringify(result, null, 2)}\n`,
    );
    return EXIT_OK;
  });
}

const signedEuro = (cents: number) =>
  cents === 0 ? formatEuro(0) : `${cents < 0 ? '-' : '+'}${formatEuro(Math.abs(cents))}`;
const signedHours = (minutes: number) =>
  minutes < 0 ? `-${formatMinutes(-minutes)}` : `+${formatMinutes(minutes)}`;

const FIGURE_ROWS: [keyof Figures, string, 'money' | 'time'][] = [
  ['budgetCents', 'Individual budgets allocated', 'money'],
  ['plannedCents', 'Planned from the budgets', 'money'],
  ['municipalityCents', 'Plan lines the municipality pays', 'money'],
  ['grantedMinutes', 'Assistant and companion hours granted', 'time'],
  ['paidMinutes', 'Assistant hours paid', 'time'],
  ['paidCents', 'Assistant pay', 'money'],
  ['stateCents', 'State cost (planned budgets + assistant pay)', 'money'],
];

/** The comparison as tables for a person at a terminal (the JSON holds every case id behind them). */
export function renderWhatIf(result: WhatIfResult): string {
  const out: string[] = [];
  const { total } = result;
  out.push(
    `What if ${result.policies.proposed.id} (${result.policies.proposed.source})`,
    `instead of ${result.policies.current.id} (${result.policies.current.source})`,
    `Period ${result.period.from} to ${result.period.to}: ${result.cohort.cases} cases, ${result.cohort.settledMonths} case-months of hours`,
    '',
    table(
      ['', 'Current', 'Proposed', 'Difference'],
      FIGURE_ROWS.map(([name, label, kind]) =>
        kind === 'money'
          ? [
              label,
              formatEuro(total.current[name]),
              formatEuro(total.proposed[name]),
              signedEuro(total.difference[name]),
            ]
          : [
              label,
              formatMinutes(total.current[name]),
              formatMinutes(total.proposed[name]),
              signedHours(total.difference[name]),
            ],
      ),
      new Set([1, 2, 3]),
    ),
    '',
    'Per municipality (state cost)',
    table(
      ['Municipality', 'Cases', 'Current', 'Proposed', 'Difference', 'Hours granted'],
      result.municipalities.map((row) => [
        row.municipality,
        String(row.cases),
        formatEuro(row.current.stateCents),
        formatEuro(row.proposed.stateCents),
        signedEuro(row.difference.stateCents),
        signedHours(row.difference.grantedMinutes),
      ]),
      new Set([1, 2, 3, 4, 5]),
    ),
    '',
    'Children whose figures change',
    table(
      ['Measure', 'Down', 'by (total)', 'Up', 'by (total)', 'Unchanged'],
      result.changes.map((change) => {
        const money = change.measure !== 'grantedMinutes';
        const amount = (value: number) => (money ? signedEuro(value) : signedHours(value));
        return [
          change.measure,
          String(change.down.cases),
          amount(change.down.total),
          String(change.up.cases),
          amount(change.up.total),
          String(change.unchanged),
        ];
      }),
      new Set([1, 2, 3, 4, 5]),
    ),
  );
  for (const change of result.changes) {
    const moved = change.distribution.filter((band) => band.cases > 0 && band.band !== 'unchanged');
    if (moved.length > 0)
      out.push(`  ${change.measure}: ${moved.map((band) => `${band.band} ${band.cases}`).join(', ')}`);
  }
  const services = result.services.filter(
    (service) => service.becameUnfunded.cases > 0 || service.becameFunded.cases > 0,
  );
  out.push('', 'Services that become unfunded (or funded)');
  out.push(
    services.length === 0
      ? '  none'
      : table(
          ['Service', 'Unfunded in', 'Funded in'],
          services.map((service) => [
            service.service,
            String(service.becameUnfunded.cases),
            String(service.becameFunded.cases),
          ]),
          new Set([1, 2]),
        ),
  );
  out.push('', 'Groups most affected (mean change per child)');
  const groups = Object.values(result.groups)
    .flatMap((rows) => rows.slice(0, 3))
    .filter((row) => row.meanStateCentsChange !== 0 || row.meanGrantedMinutesChange !== 0);
  out.push(
    groups.length === 0
      ? '  none'
      : table(
          ['Dimension', 'Group', 'Children', 'State cost', 'Hours granted'],
          groups.map((row) => [
            row.dimension,
            row.group,
            String(row.cases),
            signedEuro(row.meanStateCentsChange),
            signedHours(row.meanGrantedMinutesChange),
          ]),
          new Set([2, 3, 4]),
        ),
  );
  return `${out.join('\n')}\n`;
}
