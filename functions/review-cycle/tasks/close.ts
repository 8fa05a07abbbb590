/**
 * The task of the state CloseCycle (`cycle-close`), and closing a case's record when it leaves
 * the service: the period ended, the next cycle's number, or the case closed.
 */

import { addMonths, type IsoDate, monthOf } from '../../domain/calendar.ts';
import type { StepContext } from '../../step-context.ts';
import type { StoredCase } from '../../store/entities.ts';
import { enterPhase, firstOfNextMonth, noteOf, todayOf } from '../case-context.ts';
import { CLOSED_PHASE, cycleExecutionName } from '../phases.ts';
import { type CycleRef, refOf } from './shared.ts';

// ---- closing -----------------------------------------------------------------------------------

/** Whole years of age on a date. */
function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** The age at which the children's service ends. */
const ADULT_AGE = 18;

/**
 * Close the cycle: the next one starts as a new execution, unless the case is closed or the child
 * will be an adult before the next period could start (then the case closes here).
 */
export async function closeCycle(
  context: StepContext,
  event: CycleRef,
): Promise<{ continues: boolean; nextCycle: number; nextExecutionName: string }> {
  const ref = refOf(event);
  const next = {
    nextCycle: event.cycle + 1,
    nextExecutionName: cycleExecutionName(ref, event.cycle + 1),
  };
  const found = await context.store.cases.get(ref, true);
  if (found?.status !== 'open') return { continues: false, ...next };
  if (found.cycle !== event.cycle) return { continues: false, ...next };
  const person = await context.store.cases.getPerson(ref);
  const birthDate = person?.participant.birthDate;
  const nextStart = firstOfNextMonth(todayOf(context));
  if (birthDate && ageOn(birthDate, nextStart) >= ADULT_AGE) {
    await closeCaseRecord(context, found, 'age-limit', noteOf(context, 'case-closed'));
    return { continues: false, ...next };
  }
  await enterPhase(context, ref, 'close-cycle');
  return { continues: true, ...next };
}

/**
 * Close a case in the store: status, reason, no more due dates; withdrawn from the monthly runs
 * after the current month; its grants end today. Used by the cycle and by the close command.
 */
export async function closeCaseRecord(
  context: StepContext,
  current: StoredCase,
  reason: string,
  note: ReturnType<typeof noteOf>,
): Promise<StoredCase> {
  const ref = refOf(current);
  const today = todayOf(context);
  const closed = await context.store.cases.update(
    ref,
    current,
    {
      status: 'closed',
      closedReason: reason,
      phase: CLOSED_PHASE,
      reviewDue: undefined,
      reassessmentDue: undefined,
    },
    note,
  );
  await context.store.cases.withdrawActiveMonths(ref, addMonths(monthOf(today), 1), note);
  for (const cycle of [current.cycle, current.cycle - 1].filter((number) => number >= 0)) {
    const { grants } = await context.store.cycles.contents(ref, cycle);
    const running = grants.filter((grant) => grant.to === undefined || grant.to > today);
    if (running.length === 0) continue;
    await context.store.cycles.recordGrants(
      ref,
      cycle,
      running.map(({ service, basis, minutes, from }) => ({
        service,
        basis,
        minutes,
        ...(from !== undefined && { from: from > today ? today : from }),
        to: today,
      })),
      note,
    );
  }
  return closed;
}
