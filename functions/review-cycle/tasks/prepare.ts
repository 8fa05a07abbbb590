import { rigaDateOf } from '../../domain/calendar.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import type { StepContext } from '../../step-context.ts';
import { CycleDataError, noteOf, readOpenCase } from '../case-context.ts';
import { isCyclePhase } from '../phases.ts';
import { type CycleWaits, cycleWaits, periodWaits } from '../waits.ts';
import { type CycleRef, refOf } from './shared.ts';

// ---- prepare: start or resume ------------------------------------------------------------------

/**
 * Start the cycle (the case moves into it) or resume it at `resumeFrom`; returns the waits the
 * state machine reads. A start repeated for the cycle the case is already in changes nothing.
 */
export async function prepareCycle(
  context: StepContext,
  event: CycleRef & { execution: string; resumeFrom?: string | undefined },
): Promise<CycleWaits> {
  const ref = refOf(event);
  const current = await readOpenCase(context, ref);
  const now = context.clock.now();
  const timing = workflowRulesOn(rigaDateOf(now)).cycle;
  const waits = cycleWaits(now, timing);
  const note = noteOf(context, event.resumeFrom ? 'cycle-resumed' : 'cycle-started');
  if (event.resumeFrom !== undefined) {
    if (!isCyclePhase(event.resumeFrom))
      throw new CycleDataError(ref, `cannot resume at ${event.resumeFrom}`);
    if (current.cycle !== event.cycle) {
      throw new CycleDataError(
        ref,
        `the case is in cycle ${current.cycle}; cannot resume cycle ${event.cycle}`,
      );
    }
    await context.store.cases.update(
      ref,
      current,
      { execution: event.execution, failure: undefined, phase: event.resumeFrom },
      note,
    );
    const hasPeriod = event.resumeFrom === 'active' || event.resumeFrom === 'review-due';
    if (hasPeriod && current.period && current.reviewDue) {
      waits.period = periodWaits(now, current.reviewDue, current.period.end);
    } else if (hasPeriod) {
      throw new CycleDataError(ref, `cannot resume at ${event.resumeFrom}: the case has no active period`);
    }
    return waits;
  }
  if (current.cycle !== event.cycle && current.cycle !== event.cycle - 1) {
    throw new CycleDataError(ref, `the case is in cycle ${current.cycle}; cannot start cycle ${event.cycle}`);
  }
  await context.store.cases.update(
    ref,
    current,
    {
      cycle: event.cycle,
      phase: 'request-assessment',
      execution: event.execution,
      failure: undefined,
      reviewRequested: undefined,
      reviewReason: undefined,
      // A repeated start of the same cycle keeps the day it first asked for the assessment.
      cycleStartedOn:
        current.cycle === event.cycle && current.cycleStartedOn ? current.cycleStartedOn : rigaDateOf(now),
    },
    note,
  );
  return waits;
}
