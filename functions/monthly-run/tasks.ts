/**
 * The monthly settlement run, as the four steps its state machine (workflows/monthly-run.ts)
 * calls: begin (or find) the run's record, read a page of the month's active cases as batches,
 * settle a batch case by case, and finish with a summary per coordinator. Each step is a plain
 * function of its event and the step context; functions/handlers/monthly-run-tasks.ts binds them.
 *
 * - Exactly once: each case is settled through `settleCaseMonth`, which stores the statement and
 *   its pay statements once; the run records every case's outcome, so a second start of the run
 *   skips the cases recorded as done and tries the failed ones again.
 * - One case never stops the others: any error while settling a case (a `CaseDataError`, or
 *   anything else) is recorded against that case by its error name only, and logged the same way.
 * - The state machine carries ids and counts only; figures stay in the run record.
 *
 * @example
 * const started = await startRun(context, { input: { scheduledAt: '2024-04-10T03:00:00Z' } });
 * const page = await readRunPage(context, { runId: '2024-03', month: '2024-03', ...started.page });
 * for (const cases of page.batches) await settleRunBatch(context, { runId: '2024-03', month: '2024-03', kind: 'regular', cases });
 * await finishRun(context, { runId: '2024-03' });
 */
import { z } from 'zod';
import type { YearMonth } from '../domain/calendar.ts';
import { workspacePaths } from '../domain/work-queue/paths.ts';
import type { StepContext } from '../step-context.ts';
import type { AuditNote } from '../store/audit.ts';
import type { OutboxDraft } from '../store/entities.ts';
import { NotFoundError } from '../store/errors.ts';
import { type CaseRef, caseKey, caseRefSchema, idSchema, yearMonthSchema } from '../store/keys.ts';
import {
  type CaseOutcome,
  errorNameOf,
  errorNameSchema,
  RUN_KINDS,
  type RunKind,
  type RunSummaryData,
  type RunTotals,
  type StoredRun,
  type StoredRunCase,
} from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { planRun, runActorId, runRequestSchema, runScope, timesheetDeadlineOf } from './run-month.ts';
import { settleCaseMonth } from './settle-case-month.ts';

/** Case refs read from the active-cases index per page (one run-page step). */
export const RUN_PAGE_SIZE = 100;
/** Case refs per batch (one run-settle-batch invocation): ten cases fit well in a Lambda's minute. */
export const RUN_BATCH_SIZE = 10;

/** Where paging stands, as the state machine carries it between pages: a cursor and two counts. */
export interface PagePosition {
  /** The cursor of the page to read next; null for the first page and after the last one. */
  cursor: string | null;
  /** Pages read so far. */
  number: number;
  /** Case refs listed so far. */
  listed: number;
}

// ---- run-start ----------------------------------------------------------------------------------

export const startRunEventSchema = z.strictObject({ input: runRequestSchema });
export type StartRunEvent = z.input<typeof startRunEventSchema>;

export interface StartedRun {
  runId: string;
  month: YearMonth;
  kind: RunKind;
  /** True when the run has nothing left to do (finished before, or skipped). */
  finished: boolean;
  next: { scheduledAt: string; month: YearMonth; kind: 'supplementary' } | null;
  /** Where paging resumes; the state machine keeps each page read here. */
  page: PagePosition & { batches: CaseRef[][] };
}

/**
 * Begin the run the input asks for, or find it begun and resume where its paging stood. A
 * supplementary run of a month that no regular run settled has nothing to supplement: it is
 * recorded as skipped.
 *
 * @example
 * const run = await startRun(context, { input: { scheduledAt: '2024-04-10T03:00:00Z' } });
 * run.runId // '2024-03'; run.page.cursor is null for a run that has not read a page yet
 */
export async function startRun(context: StepContext, event: StartRunEvent): Promise<StartedRun> {
  const plan = planRun(event.input);
  const at = context.clock.now().toISOString();
  const { runs } = context.store;
  const { run } = await runs.begin(
    { runId: plan.runId, month: plan.month, kind: plan.kind, scheduledAt: plan.scheduledAt },
    at,
  );
  let finished = run.status === 'finished' || run.status === 'skipped';
  if (!finished && plan.kind === 'supplementary' && !(await runs.get(plan.month))) {
    await runs.skip(plan.runId, 'no-regular-run', at);
    finished = true;
  }
  return {
    runId: plan.runId,
    month: plan.month,
    kind: plan.kind,
    finished,
    next: plan.next,
    page: {
      cursor: run.resume.cursor ?? null,
      number: run.resume.pages,
      listed: run.resume.listed,
      batches: [],
    },
  };
}

// ---- run-page -------------------------------------------------------------------------------------

export const readRunPageEventSchema = z.strictObject({
  runId: idSchema,
  month: yearMonthSchema,
  cursor: z.string().min(1).nullable(),
  number: z.number().int().nonnegative(),
  listed: z.number().int().nonnegative(),
});
export type ReadRunPageEvent = z.infer<typeof readRunPageEventSchema>;

/**
 * Read one page of the month's active cases and cut it into batches; the run remembers where
 * the page began, so a later start resumes there.
 *
 * @example
 * const page = await readRunPage(context, { runId: '2024-03', month: '2024-03', cursor: null, number: 0, listed: 0 });
 * page.batches // [[{ municipality: 'talsi', caseId: 'c-1' }, ...], ...]; page.cursor is null after the last page
 */
export async function readRunPage(
  context: StepContext,
  event: ReadRunPageEvent,
): Promise<PagePosition & { batches: CaseRef[][] }> {
  const at = context.clock.now().toISOString();
  await context.store.runs.notePage(
    event.runId,
    {
      ...(event.cursor !== null && { cursor: event.cursor }),
      pages: event.number,
      listed: event.listed,
    },
    at,
  );
  const page = await context.store.cases.activeForMonth(event.month, {
    limit: RUN_PAGE_SIZE,
    ...(event.cursor !== null && { cursor: event.cursor }),
  });
  const batches: CaseRef[][] = [];
  for (let start = 0; start < page.items.length; start += RUN_BATCH_SIZE) {
    batches.push(page.items.slice(start, start + RUN_BATCH_SIZE));
  }
  return {
    cursor: page.cursor ?? null,
    number: event.number + 1,
    listed: event.listed + page.items.length,
    batches,
  };
}

// ---- run-settle-batch --------------------------------------------------------------------------------

export const settleRunBatchEventSchema = z.strictObject({
  runId: idSchema,
  month: yearMonthSchema,
  kind: z.enum(RUN_KINDS),
  cases: z.array(caseRefSchema).min(1).max(100),
  /** Present when the batch's Lambda failed for good: record its cases as failed with this error. */
  failure: z.strictObject({ error: z.string().min(1) }).optional(),
});
export type SettleRunBatchEvent = z.infer<typeof settleRunBatchEventSchema>;

export interface BatchCounts {
  /** Cases settled now (a statement written, or found written). */
  settled: number;
  /** Cases recorded as failed now. */
  failed: number;
  /** Cases the run had already recorded as done. */
  skipped: number;
}

/**
 * Settle a batch of cases, each on its own: a case the run recorded as done is skipped; any error
 * is recorded against its case (error name only) and the others go on. With `failure`, the batch
 * is not settled: its cases not yet done are recorded as failed with that error.
 *
 * @example
 * await settleRunBatch(context, { runId: '2024-03', month: '2024-03', kind: 'regular', cases: [{ municipality: 'talsi', caseId: 'c-1' }] });
 * // { settled: 1, failed: 0, skipped: 0 }
 */
export async function settleRunBatch(context: StepContext, event: SettleRunBatchEvent): Promise<BatchCounts> {
  const counts: BatchCounts = { settled: 0, failed: 0, skipped: 0 };
  const outcomes = await Promise.all(event.cases.map((ref) => settleRunCase(context, event, ref)));
  for (const outcome of outcomes) counts[outcome] += 1;
  return counts;
}

async function settleRunCase(
  context: StepContext,
  event: SettleRunBatchEvent,
  ref: CaseRef,
): Promise<keyof BatchCounts> {
  const { store } = context;
  const at = context.clock.now().toISOString();
  const recorded = await store.runs.outcome(event.runId, ref);
  if (recorded && recorded.status !== 'failed') return 'skipped';
  let coordinatorId: string | undefined;
  let outcome: CaseOutcome;
  try {
    const found = await store.cases.get(ref);
    if (!found) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
    coordinatorId = found.coordinatorId;
    outcome = event.failure
      ? failedOutcome(ref, asErrorName(event.failure.error), coordinatorId)
      : await settledOutcome(context, event, ref, coordinatorId, at);
  } catch (error) {
    outcome = failedOutcome(ref, errorNameOf(error), coordinatorId);
  }
  if (outcome.status === 'failed') {
    // Ids and the error's name only: a message may quote the case's data.
    console.warn(
      JSON.stringify({
        event: 'run-case-failed',
        runId: event.runId,
        municipality: ref.municipality,
        caseId: ref.caseId,
        error: outcome.error,
      }),
    );
  }
  await store.runs.recordOutcome(event.runId, outcome, at);
  return outcome.status === 'failed' ? 'failed' : 'settled';
}

/** Settle the case's month once and describe what was written (or found written). */
async function settledOutcome(
  context: StepContext,
  event: SettleRunBatchEvent,
  ref: CaseRef,
  coordinatorId: string,
  at: string,
): Promise<CaseOutcome> {
  const { store } = context;
  const result = await settleCaseMonth(store, ref, event.month, {
    actor: { kind: 'system', id: runActorId(event.runId) },
    at,
  });
  const hasStatement = result.status !== 'no-grant';
  return {
    municipality: ref.municipality,
    caseId: ref.caseId,
    status: result.status,
    coordinatorId,
    ...(result.sequence !== undefined && { sequence: result.sequence }),
    paidMinutes: result.paidMinutes,
    amountCents: result.amountCents,
    rejectedMinutes: result.rejectedMinutes,
    rejectedEntries:
      result.rejectedMinutes > 0 && result.sequence !== undefined
        ? await rejectedEntriesOf(store, ref, event.month, result.sequence)
        : 0,
    // Late timesheets are the supplementary run's business, not a reminder to the coordinator.
    missingTimesheets:
      hasStatement && event.kind === 'regular' ? await missingTimesheets(store, ref, event.month) : [],
    ...(result.withheldNotifications !== undefined &&
      result.withheldNotifications.length > 0 && { withheldNotifications: result.withheldNotifications }),
  };
}

function failedOutcome(ref: CaseRef, error: string, coordinatorId: string | undefined): CaseOutcome {
  return {
    municipality: ref.municipality,
    caseId: ref.caseId,
    status: 'failed',
    error,
    ...(coordinatorId !== undefined && { coordinatorId }),
    paidMinutes: 0,
    amountCents: 0,
    rejectedMinutes: 0,
    rejectedEntries: 0,
    missingTimesheets: [],
  };
}

/** An error name from the state machine (`$.failure.Error`), or `Error` when it is not one word. */
const asErrorName = (text: string): string => (errorNameSchema.safeParse(text).success ? text : 'Error');

/** How many entries the statement of that sequence rejected (the summary lists minutes and entries). */
async function rejectedEntriesOf(store: Store, ref: CaseRef, month: YearMonth, sequence: number) {
  const statements = await store.statements.forMonth(ref, month);
  return statements.find((stored) => stored.sequence === sequence)?.statement.rejected.length ?? 0;
}

/** The case's assistants (by id, from its person item) who have no timesheet for the month. */
async function missingTimesheets(store: Store, ref: CaseRef, month: YearMonth): Promise<string[]> {
  const [person, timesheets] = await Promise.all([
    store.cases.getPerson(ref),
    store.timesheets.forMonth(ref, month),
  ]);
  const submitted = new Set(timesheets.map((timesheet) => timesheet.assistantId));
  const assistants = new Set(
    (person?.contacts ?? []).filter((contact) => contact.role === 'assistant').map((contact) => contact.id),
  );
  return [...assistants].filter((assistantId) => !submitted.has(assistantId)).sort();
}

// ---- run-finish ----------------------------------------------------------------------------------------

export const finishRunEventSchema = z.strictObject({
  runId: idSchema,
  /** Present when a run-level step failed for good: record it, and do not finish. */
  failure: z.strictObject({ error: z.string().min(1) }).optional(),
});
export type FinishRunEvent = z.infer<typeof finishRunEventSchema>;

export interface FinishedRun {
  runId: string;
  status: 'finished' | 'failed';
  totals?: RunTotals;
  /** Coordinators who were sent a summary (or whose summary was already decided). */
  summaries?: number;
}

/**
 * Finish the run: decide each coordinator's summary (`monthly-anomalies`, and for a regular run
 * `timesheets-missing` when some are missing) and mark the run finished with its totals. The
 * summaries' ids are deterministic, so finishing twice sends nothing twice. With `failure`, only
 * the failure is recorded.
 *
 * A coordinator's summary has no case of its own; it is kept in the outbox of the coordinator's
 * first case (lowest case id) among the run's outcomes in that municipality, scope `run-<runId>`.
 * A supplementary run writes to a coordinator only when one of their cases changed or failed.
 *
 * @example
 * await finishRun(context, { runId: '2024-03' }); // { runId: '2024-03', status: 'finished', totals, summaries: 2 }
 */
export async function finishRun(context: StepContext, event: FinishRunEvent): Promise<FinishedRun> {
  const { store } = context;
  const at = context.clock.now().toISOString();
  if (event.failure) {
    await store.runs.fail(event.runId, asErrorName(event.failure.error), at);
    return { runId: event.runId, status: 'failed' };
  }
  const run = await store.runs.require(event.runId);
  const outcomes = await allOutcomes(store, event.runId);
  const note: AuditNote = {
    actor: { kind: 'system', id: runActorId(event.runId) },
    action: 'run-summary-decided',
    at,
  };
  const deadline = run.kind === 'regular' ? timesheetDeadlineOf(run.month) : undefined;
  let summaries = 0;
  for (const group of coordinatorGroups(outcomes)) {
    const drafts = summaryDrafts(context, run.runId, run.month, run.kind, group.outcomes, deadline);
    if (drafts.length === 0) continue;
    const recipient = { role: 'coordinator', id: group.coordinatorId } as const;
    const home = group.outcomes[0] as StoredRunCase;
    await store.outbox.enqueue(
      { municipality: home.municipality, caseId: home.caseId },
      drafts.map((draft) => ({ ...draft, recipient })),
      note,
    );
    summaries += 1;
  }
  const totals = totalsOf(outcomes);
  for (const summary of municipalitySummaries(run, outcomes, at)) await store.runs.recordSummary(summary);
  await store.runs.finish(event.runId, totals, at);
  console.info(JSON.stringify({ event: 'run-finished', runId: event.runId, ...totals, summaries }));
  return { runId: event.runId, status: 'finished', totals, summaries };
}

async function allOutcomes(store: Store, runId: string): Promise<StoredRunCase[]> {
  const outcomes: StoredRunCase[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.runs.outcomes(runId, { limit: 500, ...(cursor !== undefined && { cursor }) });
    outcomes.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return outcomes;
}

interface CoordinatorGroup {
  municipality: string;
  coordinatorId: string;
  /** By case id, lowest first. */
  outcomes: StoredRunCase[];
}

/** The outcomes of each coordinator in each municipality; a case the run could not read has no coordinator and is left out. */
function coordinatorGroups(outcomes: readonly StoredRunCase[]): CoordinatorGroup[] {
  const groups = new Map<string, CoordinatorGroup>();
  for (const outcome of outcomes) {
    if (outcome.coordinatorId === undefined) continue;
    const key = `${outcome.municipality}#${outcome.coordinatorId}`;
    const group = groups.get(key) ?? {
      municipality: outcome.municipality,
      coordinatorId: outcome.coordinatorId,
      outcomes: [],
    };
    group.outcomes.push(outcome);
    groups.set(key, group);
  }
  const byCaseId = (a: StoredRunCase, b: StoredRunCase) =>
    a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0;
  return [...groups.values()].map((group) => ({ ...group, outcomes: group.outcomes.sort(byCaseId) }));
}

/** The drafts of one coordinator's summary, without the recipient. */
function summaryDrafts(
  context: StepContext,
  runId: string,
  month: YearMonth,
  kind: RunKind,
  outcomes: readonly StoredRunCase[],
  deadline: string | undefined,
): Omit<OutboxDraft, 'recipient'>[] {
  const written = outcomes.filter(
    (outcome) => outcome.status === 'settled' || outcome.status === 'supplementary',
  );
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  // A supplementary run that changed nothing for this coordinator has nothing to tell.
  if (kind === 'supplementary' && written.length === 0 && failed.length === 0) return [];
  const counted = kind === 'regular' ? outcomes.filter((outcome) => outcome.status !== 'no-grant') : written;
  const scope = runScope(runId);
  const drafts: Omit<OutboxDraft, 'recipient'>[] = [
    {
      kind: 'monthly-anomalies',
      scope,
      data: {
        month,
        casesSettled: counted.filter((outcome) => outcome.status !== 'failed').length,
        rejectedHours: counted
          .filter((outcome) => outcome.rejectedMinutes > 0 && outcome.rejectedEntries > 0)
          .map((outcome) => ({
            caseId: outcome.caseId,
            minutes: outcome.rejectedMinutes,
            entries: outcome.rejectedEntries,
          })),
        // Claims and budgets join the summary when the run settles claims.
        overCapClaims: [],
        budgetsRunningOut: [],
        ...(failed.length > 0 && {
          failedCases: failed.map((outcome) => ({ caseId: outcome.caseId, error: outcome.error ?? 'Error' })),
        }),
        runLink: `${context.config.appUrl}${workspacePaths.run(runId)}`,
      },
    },
  ];
  const missing = outcomes.flatMap((outcome) =>
    outcome.missingTimesheets.map((assistantId) => ({ caseId: outcome.caseId, assistantId })),
  );
  if (deadline !== undefined && missing.length > 0) {
    drafts.push({ kind: 'timesheets-missing', scope, data: { month, deadline, missing } });
  }
  return drafts;
}

/**
 * Each municipality's part of the run: its counts, what it paid, and the cases that need a
 * coordinator (not settled, hours refused, timesheets missing, notices withheld).
 */
export function municipalitySummaries(
  run: Pick<StoredRun, 'runId' | 'month' | 'kind'>,
  outcomes: readonly StoredRunCase[],
  finishedAt: string,
): RunSummaryData[] {
  const byMunicipality = new Map<string, StoredRunCase[]>();
  for (const outcome of outcomes) {
    byMunicipality.set(outcome.municipality, [...(byMunicipality.get(outcome.municipality) ?? []), outcome]);
  }
  const sum = (list: readonly StoredRunCase[], field: 'paidMinutes' | 'amountCents' | 'rejectedMinutes') =>
    list.reduce((total, outcome) => total + outcome[field], 0);
  return [...byMunicipality].map(([municipality, list]) => ({
    municipality,
    runId: run.runId,
    month: run.month,
    kind: run.kind,
    finishedAt,
    totals: totalsOf(list),
    paidMinutes: sum(list, 'paidMinutes'),
    amountCents: sum(list, 'amountCents'),
    rejectedMinutes: sum(list, 'rejectedMinutes'),
    rejectedEntries: list.reduce((total, outcome) => total + outcome.rejectedEntries, 0),
    anomalies: list
      .filter(
        (outcome) =>
          outcome.status === 'failed' ||
          outcome.rejectedEntries > 0 ||
          outcome.missingTimesheets.length > 0 ||
          (outcome.withheldNotifications?.length ?? 0) > 0,
      )
      .map((outcome) => ({
        caseId: outcome.caseId,
        ...(outcome.coordinatorId !== undefined && { coordinatorId: outcome.coordinatorId }),
        status: outcome.status,
        ...(outcome.error !== undefined && { error: outcome.error }),
        rejectedMinutes: outcome.rejectedMinutes,
        rejectedEntries: outcome.rejectedEntries,
        missingTimesheets: outcome.missingTimesheets,
        withheldNotifications: outcome.withheldNotifications?.length ?? 0,
      })),
  }));
}

function totalsOf(outcomes: readonly StoredRunCase[]): RunTotals {
  const count = (status: StoredRunCase['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  return {
    cases: outcomes.length,
    settled: count('settled'),
    alreadySettled: count('already-settled'),
    supplementary: count('supplementary'),
    noGrant: count('no-grant'),
    failed: count('failed'),
  };
}
