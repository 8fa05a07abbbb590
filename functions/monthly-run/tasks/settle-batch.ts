/**
 * The task of the state SettleBatch (`run-settle-batch`, inside SettleBatches): each case of the
 * batch settled exactly once through `settleCaseMonth`, its outcome recorded on the run. One case
 * never stops the others: any error is recorded against that case by its error name only.
 */
import { z } from 'zod';
import { addDays, addMonths, rigaDateOf, type YearMonth } from '../../domain/calendar.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import { logEvent } from '../../event-log.ts';
import type { StepContext } from '../../step-context.ts';
import type { OutboxDraft } from '../../store/entities.ts';
import { NotFoundError } from '../../store/errors.ts';
import type { UnsettledMonth } from '../../store/hours-confirmations.ts';
import { type CaseRef, caseKey, caseRefSchema, idSchema, yearMonthSchema } from '../../store/keys.ts';
import { type CaseOutcome, errorNameOf, errorNameSchema, RUN_KINDS } from '../../store/runs.ts';
import type { Store } from '../../store/store.ts';
import { runActorId } from '../run-month.ts';
import { settleCaseMonth } from '../settle-case-month.ts';

/** Case refs per batch (one run-settle-batch invocation): ten cases fit well in a Lambda's minute. */
export const RUN_BATCH_SIZE = 10;

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
    logEvent(context, 'warn', 'run-case-failed', {
      runId: event.runId,
      municipality: ref.municipality,
      caseId: ref.caseId,
      error: outcome.error,
    });
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
  const window = event.kind === 'regular' ? grantsEndingWindow(at) : undefined;
  // Read before settling: a decision recorded while the run settles keeps its mark for the next run.
  const unsettled = await store.hoursConfirmations.unsettledMonths(ref);
  const result = await settleCaseMonth(store, ref, event.month, {
    actor: { kind: 'system', id: runActorId(event.runId) },
    at,
    ...(window && { grantsEndingWithin: window }),
  });
  await settleOlderMonths(context, event, ref, unsettled, at);
  const hasStatement = result.status !== 'no-grant';
  await remindOfGrantsEnding(store, ref, coordinatorId, result.grantsEnding ?? [], at);
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

/**
 * The months whose parents decided after those months' supplementary run: settled again, so what
 * they confirmed is paid as a difference, once (the statement store writes nothing for a month
 * with nothing new). A regular run leaves the month before its own to the supplementary run that
 * follows it (whose summary tells the coordinators), and a month not run yet to its own run. The
 * marks of the months settled, and of the run's own month, are cleared.
 */
async function settleOlderMonths(
  context: StepContext,
  event: SettleRunBatchEvent,
  ref: CaseRef,
  unsettled: readonly UnsettledMonth[],
  at: string,
): Promise<void> {
  const { store } = context;
  const lastOlder = addMonths(event.month, event.kind === 'regular' ? -2 : -1);
  for (const mark of unsettled) {
    if (mark.month !== event.month && mark.month > lastOlder) continue;
    if (mark.month !== event.month) {
      const older = await settleCaseMonth(store, ref, mark.month, {
        actor: { kind: 'system', id: runActorId(event.runId) },
        at,
      });
      if (older.status === 'supplementary') {
        logEvent(context, 'info', 'older-month-settled', {
          runId: event.runId,
          municipality: ref.municipality,
          caseId: ref.caseId,
          month: mark.month,
          paidMinutes: older.paidMinutes,
        });
      }
    }
    await store.hoursConfirmations.clearUnsettled(ref, mark);
  }
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
export const asErrorName = (text: string): string =>
  errorNameSchema.safeParse(text).success ? text : 'Error';

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

/**
 * A `grant-ending` to the case's coordinator for each assistant or companion grant that ends within
 * the policy's `grants.endingReminderDays` after the next monthly run (so a month's run never misses
 * the lead time) and is not followed by a grant of the same service. Decided once: the outbox id
 * names the service and the end date.
 */
async function remindOfGrantsEnding(
  store: StepContext['store'],
  ref: CaseRef,
  coordinatorId: string,
  ending: NonNullable<Awaited<ReturnType<typeof settleCaseMonth>>['grantsEnding']>,
  at: string,
): Promise<void> {
  if (ending.length === 0) return;
  await store.outbox.enqueue(
    ref,
    ending.map(
      (grant): OutboxDraft => ({
        kind: 'grant-ending',
        scope: `${grant.service}-${grant.to}`,
        recipient: { role: 'coordinator', id: coordinatorId },
        data: { caseId: ref.caseId, service: grant.service, grantEnds: grant.to },
      }),
    ),
    { actor: { kind: 'system', id: 'grant-ending' }, action: 'grant-ending-decided', at },
  );
}

/** The days whose grant ends the run reminds of: from today to the reminder lead after the next run. */
function grantsEndingWindow(at: string): { from: string; to: string } | undefined {
  const today = rigaDateOf(at);
  const leadDays = workflowRulesOn(today).grants?.endingReminderDays;
  return leadDays === undefined ? undefined : { from: today, to: addDays(today, leadDays + 31) };
}
