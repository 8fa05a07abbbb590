/**
 * The task of the state StartRun (`run-start`): the run's record begun, or found when the same
 * run was started before (then only what is left is done), from the month the schedule fired in.
 * The state machine carries ids and counts only; figures stay in the run record.
 */
import { z } from 'zod';
import { rigaDateOf, type YearMonth } from '../../domain/calendar.ts';
import type { StepContext } from '../../step-context.ts';
import type { CaseRef } from '../../store/keys.ts';
import type { RunKind } from '../../store/runs.ts';
import { planRun, runRequestSchema, settlementDaysOf } from '../run-month.ts';
import type { PagePosition } from './read-page.ts';

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
  if (notDueYet(event.input, plan)) {
    // The schedule fires on each day of a window; the run starts on the (moved) settlement day.
    return {
      runId: plan.runId,
      month: plan.month,
      kind: plan.kind,
      finished: true,
      next: null,
      page: { cursor: null, number: 0, listed: 0, batches: [] },
    };
  }
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

/**
 * A scheduled regular start (no operator's month) before the month's settlement day, moved to the
 * next working day: nothing is recorded and nothing runs.
 */
function notDueYet(input: StartRunEvent['input'], plan: { kind: RunKind; month: YearMonth }): boolean {
  if (plan.kind !== 'regular' || input.month !== undefined) return false;
  return rigaDateOf(input.scheduledAt) < settlementDaysOf(plan.month).settlement;
}
