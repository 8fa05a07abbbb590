/**
 * The coordinators' work queue, decided: from what is waiting (cases in a phase that waits on
 * people, cycles that failed, timesheets not in, hours the parents disputed, the last run's
 * anomalies) to rows that each say why the item is there, since when, by when it needs doing,
 * who it waits on and which page deals with it, most urgent first, with counts.
 *
 * Urgency, in order:
 * 1. what the coordinator can act on now, or what is past its date, before what waits on
 *    parents or assistants whose date has not come;
 * 2. the earliest date by which it needs doing (`dueOn`), so the longest overdue comes first;
 * 3. a failure before a decision before a reminder ({@link QUEUE_REASONS}' order);
 * 4. the case id, so the order is the same on every read.
 *
 * Pure: no store, no clock; today and the workflow's timings are passed in.
 *
 * @example
 * const queue = buildWorkQueue({ cases, timesheets: [], disputes: [], anomalies: [] }, '2024-03-20', timing);
 * queue.rows[0] // { reason: 'workflow-failed', caseId: 'c-3', overdueDays: 2, href: '/workspace/cases/c-3', ... }
 * queue.counts.byStage.assessment // 4
 */
import { addDays, daysBetween, type IsoDate, type YearMonth } from '../calendar.ts';
import { workspacePaths } from './paths.ts';

/** Why a row is in the queue, most pressing kind first (the tie-break after dates). */
export const QUEUE_REASONS = [
  'workflow-failed',
  'run-failed',
  'assessment',
  'consent-refused',
  'plan-awaiting-approval',
  'hours-disputed',
  'review-due',
  'hours-refused',
  'notice-withheld',
  'timesheet-missing',
  'consent-awaited',
  'ranking-awaited',
] as const;
export type QueueReason = (typeof QUEUE_REASONS)[number];

/** The filter by phase: where in the cycle, or in the month's hours, a row belongs. */
export const QUEUE_STAGES = ['failed', 'assessment', 'ranking', 'approval', 'review', 'hours'] as const;
export type QueueStage = (typeof QUEUE_STAGES)[number];

export const STAGE_OF: Readonly<Record<QueueReason, QueueStage>> = {
  'workflow-failed': 'failed',
  'run-failed': 'failed',
  assessment: 'assessment',
  'ranking-awaited': 'ranking',
  'consent-awaited': 'approval',
  'consent-refused': 'approval',
  'plan-awaiting-approval': 'approval',
  'review-due': 'review',
  'timesheet-missing': 'hours',
  'hours-disputed': 'hours',
  'hours-refused': 'hours',
  'notice-withheld': 'hours',
};

export type WaitingOn = 'coordinator' | 'parents' | 'assistant';

/** The workflow's timings the queue's dates come from (the workflow policy in force). */
export interface QueueTiming {
  assessmentReminderDays: number;
  remindersBeforeEscalation: number;
  rankingDays: number;
  approvalReminderDays: number;
}

/** An open case in the queue: in a phase that waits on people, or failed. */
export interface QueuedCase {
  caseId: string;
  coordinatorId: string;
  phase: string;
  cycle: number;
  /** The Riga date the case entered its phase. */
  phaseSince: IsoDate;
  failure?: { phase: string; on: IsoDate; error: string };
  reviewDue?: IsoDate;
  periodEnd?: IsoDate;
  /** In `await-approval`: the draft and the parents' answer to it so far. */
  draft?: { revision: number; consent: 'given' | 'refused' | 'none' };
}

export interface QueuedTimesheet {
  caseId: string;
  coordinatorId: string;
  month: YearMonth;
  assistantId: string;
  deadline: IsoDate;
  /** The Riga date the assistant was reminded. */
  since: IsoDate;
}

export interface QueuedDispute {
  caseId: string;
  coordinatorId: string;
  month: YearMonth;
  assistantId: string;
  since: IsoDate;
  /** How many of the month's lines the parents disputed. */
  lines: number;
}

export interface QueuedRunAnomaly {
  runId: string;
  month: YearMonth;
  finishedOn: IsoDate;
  caseId: string;
  coordinatorId?: string;
  failed: boolean;
  error?: string;
  rejectedMinutes: number;
  rejectedEntries: number;
  withheldNotifications: number;
}

export interface QueueSources {
  cases: readonly QueuedCase[];
  timesheets: readonly QueuedTimesheet[];
  disputes: readonly QueuedDispute[];
  anomalies: readonly QueuedRunAnomaly[];
}

export interface QueueRow {
  reason: QueueReason;
  stage: QueueStage;
  caseId: string;
  coordinatorId?: string;
  /** Since when it has been waiting. */
  since: IsoDate;
  /** By when it needs doing. */
  dueOn: IsoDate;
  /** Days past `dueOn` (0 until then). */
  overdueDays: number;
  waitingOn: WaitingOn;
  /** An assessment the supervisors were told about (reminders past the policy's count). */
  escalated: boolean;
  /** The one page where the row is dealt with. */
  href: string;
  cycle?: number;
  revision?: number;
  month?: YearMonth;
  assistantId?: string;
  runId?: string;
  error?: string;
  phase?: string;
  minutes?: number;
  entries?: number;
}

export interface QueueCounts {
  total: number;
  overdue: number;
  escalated: number;
  byStage: Record<QueueStage, number>;
  byReason: Record<QueueReason, number>;
}

export interface WorkQueue {
  rows: QueueRow[];
  counts: QueueCounts;
}

export interface QueueFilter {
  stage?: QueueStage;
  coordinatorId?: string;
}

type Draft = Omit<QueueRow, 'stage' | 'overdueDays' | 'escalated'> & { escalated?: boolean };

function caseRows(item: QueuedCase, today: IsoDate, timing: QueueTiming): Draft[] {
  const base = { caseId: item.caseId, coordinatorId: item.coordinatorId, cycle: item.cycle };
  if (item.failure) {
    return [
      {
        ...base,
        reason: 'workflow-failed',
        since: item.failure.on,
        dueOn: item.failure.on,
        waitingOn: 'coordinator',
        href: workspacePaths.case(item.caseId),
        error: item.failure.error,
        phase: item.failure.phase,
      },
    ];
  }
  const since = item.phaseSince;
  switch (item.phase) {
    case 'request-assessment':
      return [
        {
          ...base,
          reason: 'assessment',
          since,
          dueOn: addDays(since, timing.assessmentReminderDays),
          waitingOn: 'coordinator',
          escalated:
            daysBetween(since, today) >= timing.assessmentReminderDays * timing.remindersBeforeEscalation,
          href: workspacePaths.assessment(item.caseId),
        },
      ];
    case 'request-ranking':
      return [
        {
          ...base,
          reason: 'ranking-awaited',
          since,
          dueOn: addDays(since, timing.rankingDays),
          waitingOn: 'parents',
          href: workspacePaths.ranking(item.caseId),
        },
      ];
    case 'await-approval': {
      const revision = item.draft?.revision;
      const href =
        revision === undefined
          ? workspacePaths.case(item.caseId)
          : workspacePaths.plan(item.caseId, item.cycle, revision);
      const consent = item.draft?.consent ?? 'none';
      return [
        {
          ...base,
          reason:
            consent === 'given'
              ? 'plan-awaiting-approval'
              : consent === 'refused'
                ? 'consent-refused'
                : 'consent-awaited',
          since,
          dueOn: addDays(since, timing.approvalReminderDays),
          waitingOn: consent === 'none' ? 'parents' : 'coordinator',
          href,
          ...(revision !== undefined && { revision }),
        },
      ];
    }
    case 'review-due':
      return [
        {
          ...base,
          reason: 'review-due',
          since: item.reviewDue ?? since,
          dueOn: item.periodEnd ?? addDays(since, 30),
          waitingOn: 'coordinator',
          href: workspacePaths.case(item.caseId),
        },
      ];
    default:
      return [];
  }
}

function anomalyRows(anomaly: QueuedRunAnomaly): Draft[] {
  const base = {
    caseId: anomaly.caseId,
    ...(anomaly.coordinatorId !== undefined && { coordinatorId: anomaly.coordinatorId }),
    since: anomaly.finishedOn,
    dueOn: anomaly.finishedOn,
    waitingOn: 'coordinator' as const,
    month: anomaly.month,
    runId: anomaly.runId,
    href: workspacePaths.month(anomaly.caseId, anomaly.month),
  };
  if (anomaly.failed) {
    return [{ ...base, reason: 'run-failed', ...(anomaly.error !== undefined && { error: anomaly.error }) }];
  }
  const rows: Draft[] = [];
  if (anomaly.rejectedEntries > 0) {
    rows.push({
      ...base,
      reason: 'hours-refused',
      minutes: anomaly.rejectedMinutes,
      entries: anomaly.rejectedEntries,
    });
  }
  if (anomaly.withheldNotifications > 0) {
    rows.push({ ...base, reason: 'notice-withheld', entries: anomaly.withheldNotifications });
  }
  return rows;
}

const reasonOrder = (reason: QueueReason) => QUEUE_REASONS.indexOf(reason);

/** Negative when `a` is more urgent than `b`. */
export function compareUrgency(a: QueueRow, b: QueueRow): number {
  const actionable = (row: QueueRow) => (row.waitingOn === 'coordinator' || row.overdueDays > 0 ? 0 : 1);
  return (
    actionable(a) - actionable(b) ||
    (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0) ||
    reasonOrder(a.reason) - reasonOrder(b.reason) ||
    (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) ||
    (a.month ?? '').localeCompare(b.month ?? '') ||
    (a.assistantId ?? '').localeCompare(b.assistantId ?? '')
  );
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

/** Counts of rows, for the top of the queue. */
export function countRows(rows: readonly QueueRow[]): QueueCounts {
  const counts: QueueCounts = {
    total: rows.length,
    overdue: 0,
    escalated: 0,
    byStage: zeroes(QUEUE_STAGES),
    byReason: zeroes(QUEUE_REASONS),
  };
  for (const row of rows) {
    if (row.overdueDays > 0) counts.overdue += 1;
    if (row.escalated) counts.escalated += 1;
    counts.byStage[row.stage] += 1;
    counts.byReason[row.reason] += 1;
  }
  return counts;
}

/**
 * The queue: every row, most urgent first. The counts are of the coordinator's filter only
 * (the stage filter narrows the rows, not the counts, so the tabs keep their numbers).
 */
export function buildWorkQueue(
  sources: QueueSources,
  today: IsoDate,
  timing: QueueTiming,
  filter: QueueFilter = {},
): WorkQueue {
  const drafts: Draft[] = [
    ...sources.cases.flatMap((item) => caseRows(item, today, timing)),
    ...sources.timesheets.map(
      (sheet): Draft => ({
        reason: 'timesheet-missing',
        caseId: sheet.caseId,
        coordinatorId: sheet.coordinatorId,
        since: sheet.since,
        dueOn: sheet.deadline,
        waitingOn: 'assistant',
        month: sheet.month,
        assistantId: sheet.assistantId,
        href: workspacePaths.month(sheet.caseId, sheet.month),
      }),
    ),
    ...sources.disputes.map(
      (dispute): Draft => ({
        reason: 'hours-disputed',
        caseId: dispute.caseId,
        coordinatorId: dispute.coordinatorId,
        since: dispute.since,
        dueOn: dispute.since,
        waitingOn: 'coordinator',
        month: dispute.month,
        assistantId: dispute.assistantId,
        entries: dispute.lines,
        href: workspacePaths.month(dispute.caseId, dispute.month),
      }),
    ),
    ...sources.anomalies.flatMap(anomalyRows),
  ];
  const rows = drafts
    .map(
      (draft): QueueRow => ({
        ...draft,
        stage: STAGE_OF[draft.reason],
        overdueDays: Math.max(0, daysBetween(draft.dueOn, today)),
        escalated: draft.escalated ?? false,
      }),
    )
    .filter((row) => filter.coordinatorId === undefined || row.coordinatorId === filter.coordinatorId)
    .sort(compareUrgency);
  return {
    rows: filter.stage === undefined ? rows : rows.filter((row) => row.stage === filter.stage),
    counts: countRows(rows),
  };
}
