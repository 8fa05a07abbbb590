/**
 * The monthly runs as a municipality sees them: each run's part for the municipality (when it
 * finished, how many cases it settled, failed or paid late as a difference, what it paid), the
 * totals per month (the regular run and the later differences together), and the month's
 * payments as CSV for the municipality's accounting: case ids, assistant ids, hours and euros,
 * nothing else.
 *
 * Reads: the municipality's run summaries (one item per run shown); the CSV reads the run's
 * outcomes in the municipality and each case's statements of the month (one query per case,
 * each a row or more of the file).
 *
 * @example
 * const { runs, months } = await readRuns(context, 'talsi');
 * const csv = await runPaymentsCsv(context, 'talsi', '2024-03');
 */
import type { StoredStatement } from '../store/entities.ts';
import type { StoredRunSummary } from '../store/runs.ts';
import type { ReadContext } from './work-queue.ts';

export interface MonthTotals {
  month: string;
  /** The regular run's figures. */
  regular?: { runId: string; paidMinutes: number; amountCents: number; settled: number; failed: number };
  /** Differences paid by supplementary runs (late timesheets and corrections). */
  late: { runs: number; paidMinutes: number; amountCents: number; cases: number };
  paidMinutes: number;
  amountCents: number;
  rejectedMinutes: number;
}

export interface RunsView {
  runs: StoredRunSummary[];
  months: MonthTotals[];
  cursor?: string;
}

/** Totals per month, newest first, from the runs' summaries. */
export function monthTotals(runs: readonly StoredRunSummary[]): MonthTotals[] {
  const months = new Map<string, MonthTotals>();
  for (const run of runs) {
    const month = months.get(run.month) ?? {
      month: run.month,
      late: { runs: 0, paidMinutes: 0, amountCents: 0, cases: 0 },
      paidMinutes: 0,
      amountCents: 0,
      rejectedMinutes: 0,
    };
    if (run.kind === 'regular') {
      month.regular = {
        runId: run.runId,
        paidMinutes: run.paidMinutes,
        amountCents: run.amountCents,
        settled: run.totals.settled + run.totals.alreadySettled,
        failed: run.totals.failed,
      };
      month.rejectedMinutes += run.rejectedMinutes;
    } else {
      month.late.runs += 1;
      month.late.paidMinutes += run.paidMinutes;
      month.late.amountCents += run.amountCents;
      month.late.cases += run.totals.supplementary;
    }
    month.paidMinutes += run.paidMinutes;
    month.amountCents += run.amountCents;
    months.set(run.month, month);
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

export async function readRuns(
  context: ReadContext,
  municipality: string,
  page: { limit?: number; cursor?: string } = {},
): Promise<RunsView> {
  const found = await context.store.runs.summaries(municipality, { limit: page.limit ?? 24, ...page });
  return {
    runs: found.items,
    months: monthTotals(found.items),
    ...(found.cursor !== undefined && { cursor: found.cursor }),
  };
}

/** The CSV's header; the cells are ids, codes and figures only. */
export const PAYMENTS_CSV_HEADER = [
  'run_id',
  'month',
  'case_id',
  'statement',
  'kind',
  'assistant_id',
  'minutes',
  'hours',
  'amount_eur',
  'amount_cents',
] as const;

const euros = (cents: number) => {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.abs(cents);
  return `${sign}${Math.floor(whole / 100)},${String(whole % 100).padStart(2, '0')}`;
};
const hours = (minutes: number) => (minutes / 60).toFixed(2).replace('.', ',');

/** A statement's payment rows: one per assistant, and one for services paid from the plan. */
export function paymentRows(runId: string, caseId: string, stored: StoredStatement): string[][] {
  const byAssistant = new Map<string, { minutes: number; cents: number }>();
  for (const line of stored.statement.lines) {
    const total = byAssistant.get(line.assistantId) ?? { minutes: 0, cents: 0 };
    total.minutes += line.minutes;
    total.cents += line.amountCents;
    byAssistant.set(line.assistantId, total);
  }
  const rows = [...byAssistant]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([assistantId, total]) => [
      runId,
      stored.month,
      caseId,
      String(stored.sequence),
      'assistant-hours',
      assistantId,
      String(total.minutes),
      hours(total.minutes),
      euros(total.cents),
      String(total.cents),
    ]);
  const services = stored.statement.services?.['monthCents'];
  if (typeof services === 'number' && services !== 0) {
    rows.push([
      runId,
      stored.month,
      caseId,
      String(stored.sequence),
      'services',
      '',
      '0',
      '0,00',
      euros(services),
      String(services),
    ]);
  }
  return rows;
}

/**
 * The run's payments in the municipality as CSV (`;`-separated, decimal comma, as a Latvian
 * spreadsheet reads it): one row per case, statement and assistant, plus services paid from a
 * plan. Undefined when the run settled nothing in the municipality.
 */
export async function runPaymentsCsv(
  context: ReadContext,
  municipality: string,
  runId: string,
): Promise<string | undefined> {
  const { store } = context;
  const rows: string[][] = [];
  let cursor: string | undefined;
  let outcomes = 0;
  do {
    const page = await store.runs.outcomesIn(runId, municipality, {
      limit: 500,
      ...(cursor !== undefined && { cursor }),
    });
    outcomes += page.items.length;
    const written = page.items.filter(
      (outcome) => outcome.sequence !== undefined && outcome.status !== 'already-settled',
    );
    const statements = await Promise.all(
      written.map(async (outcome) => {
        const month = (
          await store.statements.forMonth(
            { municipality: outcome.municipality, caseId: outcome.caseId },
            monthOfRun(runId),
          )
        ).find((stored) => stored.sequence === outcome.sequence);
        return month ? paymentRows(runId, outcome.caseId, month) : [];
      }),
    );
    for (const caseRows of statements) rows.push(...caseRows);
    cursor = page.cursor;
  } while (cursor !== undefined);
  if (outcomes === 0) return undefined;
  return `${[PAYMENTS_CSV_HEADER as readonly string[], ...rows].map((row) => row.join(';')).join('\r\n')}\r\n`;
}

/** A run's month: its id begins with it (`2024-03`, `2024-03-supplementary-…`). */
export const monthOfRun = (runId: string) => runId.slice(0, 7);
