/**
 * The work queue as read from the store: the sparse `workQueue` index of the municipality (or of
 * one coordinator), the newest run summary of the municipality for the last run's anomalies, and
 * for each plan awaiting approval its draft and the parents' answer; then the pure queue
 * (functions/domain/work-queue/queue.ts) decides the rows, their order and the counts.
 *
 * Reads: one query of the index (every item in it is a row), one query of the run summaries
 * (one item), and two small queries per plan awaiting approval (its latest revision and the
 * case's answered links). No case that needs nobody is read.
 *
 * @example
 * const queue = await readWorkQueue(context, { municipality: 'talsi', coordinatorId: 'u-7' }, { stage: 'approval' });
 */
import { rigaDateOf } from '../domain/calendar.ts';
import { workflowRulesOn } from '../domain/policy/policy.ts';
import {
  buildWorkQueue,
  type QueuedCase,
  type QueuedRunAnomaly,
  type QueueRow,
  type QueueStage,
  type WorkQueue,
} from '../domain/work-queue/queue.ts';
import type { Clock } from '../orchestrator/clock.ts';
import type { StoredCase } from '../store/entities.ts';
import type { StoredRunSummary } from '../store/runs.ts';
import type { Store } from '../store/store.ts';

export interface ReadContext {
  store: Store;
  clock: Clock;
}

export interface QueueScope {
  municipality: string;
  /** One coordinator's queue; the whole municipality's when absent. */
  coordinatorId?: string;
}

export interface TeamMember {
  coordinatorId: string;
  total: number;
  overdue: number;
  escalated: number;
}

export interface WorkQueueView extends WorkQueue {
  today: string;
  /** The run whose anomalies are in the queue. */
  lastRun?: { runId: string; month: string; kind: string; finishedAt: string };
  /** Every coordinator with rows in scope, most overdue first (for supervisors). */
  team: TeamMember[];
}

async function queuedCase(context: ReadContext, found: StoredCase): Promise<QueuedCase> {
  const ref = { municipality: found.municipality, caseId: found.caseId };
  const since = rigaDateOf(found.phaseSince ?? found.updatedAt);
  const item: QueuedCase = {
    caseId: found.caseId,
    coordinatorId: found.coordinatorId,
    phase: found.phase,
    cycle: found.cycle,
    phaseSince: since,
    ...(found.failure && {
      failure: { phase: found.failure.phase, on: rigaDateOf(found.failure.at), error: found.failure.error },
    }),
    ...(found.reviewDue !== undefined && { reviewDue: found.reviewDue }),
    ...(found.period && { periodEnd: found.period.end }),
  };
  if (found.phase !== 'await-approval' || found.failure) return item;
  const [latest, uses] = await Promise.all([
    context.store.cycles.latestPlan(ref, found.cycle),
    context.store.linkUses.forCase(ref),
  ]);
  if (latest?.status !== 'draft') return item;
  const refused = uses.some(
    (use) =>
      use.cycle === found.cycle &&
      use.answer?.step === 'consent' &&
      use.answer.decision === 'refused' &&
      use.answer.revision === latest.revision,
  );
  return {
    ...item,
    draft: { revision: latest.revision, consent: latest.consent ? 'given' : refused ? 'refused' : 'none' },
  };
}

function anomaliesOf(summary: StoredRunSummary | undefined, coordinatorId?: string): QueuedRunAnomaly[] {
  if (!summary) return [];
  return summary.anomalies
    .filter((anomaly) => coordinatorId === undefined || anomaly.coordinatorId === coordinatorId)
    .map((anomaly) => ({
      runId: summary.runId,
      month: summary.month,
      finishedOn: rigaDateOf(summary.finishedAt),
      caseId: anomaly.caseId,
      ...(anomaly.coordinatorId !== undefined && { coordinatorId: anomaly.coordinatorId }),
      failed: anomaly.status === 'failed',
      ...(anomaly.error !== undefined && { error: anomaly.error }),
      rejectedMinutes: anomaly.rejectedMinutes,
      rejectedEntries: anomaly.rejectedEntries,
      withheldNotifications: anomaly.withheldNotifications,
    }));
}

/** Each coordinator's share of the rows, most overdue first. */
export function teamOf(rows: readonly QueueRow[]): TeamMember[] {
  const members = new Map<string, TeamMember>();
  for (const row of rows) {
    const id = row.coordinatorId ?? '-';
    const member = members.get(id) ?? { coordinatorId: id, total: 0, overdue: 0, escalated: 0 };
    member.total += 1;
    if (row.overdueDays > 0) member.overdue += 1;
    if (row.escalated) member.escalated += 1;
    members.set(id, member);
  }
  return [...members.values()].sort(
    (a, b) => b.overdue - a.overdue || b.total - a.total || a.coordinatorId.localeCompare(b.coordinatorId),
  );
}

export async function readWorkQueue(
  context: ReadContext,
  scope: QueueScope,
  filter: { stage?: QueueStage } = {},
): Promise<WorkQueueView> {
  const today = rigaDateOf(context.clock.now());
  const [entries, summaries] = await Promise.all([
    context.store.workQueue.entries(
      scope.municipality,
      scope.coordinatorId === undefined ? {} : { coordinatorId: scope.coordinatorId },
    ),
    context.store.runs.summaries(scope.municipality, { limit: 1 }),
  ]);
  const cases = await Promise.all(entries.cases.map((found) => queuedCase(context, found)));
  const lastRun = summaries.items[0];
  const timing = workflowRulesOn(today).cycle;
  const all = buildWorkQueue(
    {
      cases,
      timesheets: entries.timesheets.map((sheet) => ({
        caseId: sheet.caseId,
        coordinatorId: sheet.coordinatorId,
        month: sheet.month,
        assistantId: sheet.assistantId,
        deadline: sheet.deadline,
        since: rigaDateOf(sheet.remindedAt),
      })),
      disputes: entries.disputes.map((dispute) => ({
        caseId: dispute.caseId,
        coordinatorId: dispute.coordinatorId,
        month: dispute.month,
        assistantId: dispute.assistantId,
        since: rigaDateOf(dispute.decidedAt),
        lines: dispute.disputed.length,
      })),
      anomalies: anomaliesOf(lastRun, scope.coordinatorId),
    },
    today,
    timing,
  );
  return {
    today,
    rows: filter.stage === undefined ? all.rows : all.rows.filter((row) => row.stage === filter.stage),
    counts: all.counts,
    team: teamOf(all.rows),
    ...(lastRun && {
      lastRun: {
        runId: lastRun.runId,
        month: lastRun.month,
        kind: lastRun.kind,
        finishedAt: lastRun.finishedAt,
      },
    }),
  };
}
