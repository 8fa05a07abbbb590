/**
 * The task of the states FinishRun and RecordRunFailure (`run-finish`): the run's totals, a
 * summary per coordinator (anomalies, missing timesheets), the run marked finished.
 */
import { z } from 'zod';
import type { YearMonth } from '../../domain/calendar.ts';
import { workspacePaths } from '../../domain/work-queue/paths.ts';
import { logEvent } from '../../event-log.ts';
import type { StepContext } from '../../step-context.ts';
import type { AuditNote } from '../../store/audit.ts';
import type { OutboxDraft } from '../../store/entities.ts';
import { idSchema } from '../../store/keys.ts';
import type { RunKind, RunSummaryData, RunTotals, StoredRun, StoredRunCase } from '../../store/runs.ts';
import type { Store } from '../../store/store.ts';
import { runActorId, runScope, timesheetDeadlineOf } from '../run-month.ts';
import { asErrorName } from './settle-batch.ts';

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
  logEvent(context, 'info', 'run-finished', { runId: event.runId, ...totals, summaries });
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
