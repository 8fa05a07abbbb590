/**
 * What a case's month is settled under, read from its current and previous cycle (a month settled
 * just after a new cycle began belongs to the old one): the assistant grant and the support plan
 * in force, and the grants that end soon. Two grants or two active plans in one month are not
 * guessed between: that is a {@link CaseDataError} for the coordinator.
 */
import { addDays, isYearMonth, monthSpan, toIsoDate, type YearMonth } from '../../domain/calendar.ts';
import { InputError } from '../../domain/errors.ts';
import type { CycleContents } from '../../store/cycles.ts';
import type { StoredGrant, StoredPlan } from '../../store/entities.ts';
import { NotFoundError } from '../../store/errors.ts';
import { type CaseRef, caseKey } from '../../store/keys.ts';
import type { Store } from '../../store/store.ts';
import { CaseDataError } from './case-data-error.ts';

/** The service whose grant the hour settlement pays. */
export const ASSISTANT_SERVICE = 'assistant';

/** What the month is settled under: the participant, the assistant grant and the support plan in force. */
export interface InForce {
  participantId: string;
  grant: StoredGrant | undefined;
  plan: StoredPlan | undefined;
}

/**
 * The assistant grant in force in the month (current or previous cycle), or undefined: what the
 * timesheet page shows as granted, read the same way the settlement reads it. Throws like
 * settleCaseMonth (InputError, NotFoundError, {@link CaseDataError}).
 *
 * @example
 * await assistantGrantOf(store, ref, '2026-02') // { service: 'assistant', basis: 'month', minutes: 4800, ... }
 */
export async function assistantGrantOf(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
): Promise<StoredGrant | undefined> {
  const { cycles } = await caseCycles(store, ref, month);
  return assistantGrantIn(ref, cycles, month);
}

/**
 * The case's participant and its current and previous cycle (a month settled just after a new
 * cycle began belongs to the old one). Throws InputError for a malformed month, nothing read, and
 * NotFoundError for a case that is not in the municipality.
 */
export async function caseCycles(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
): Promise<{ participantId: string; cycles: CycleContents[] }> {
  if (!isYearMonth(month)) throw new InputError([{ path: 'month', message: 'must be a month YYYY-MM' }]);
  const found = await store.cases.get(ref, true);
  if (!found) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
  const cycles = await Promise.all(
    (found.cycle > 0 ? [found.cycle, found.cycle - 1] : [found.cycle]).map((number) =>
      store.cycles.contents(ref, number),
    ),
  );
  return { participantId: found.participantId, cycles };
}

/**
 * The assistant and companion grants of the loaded cycles that end between two dates (both
 * inclusive) and are not followed by a grant of the same service from the next day.
 */
export function grantsEndingIn(
  cycles: readonly CycleContents[],
  within: { from: string; to: string },
): { service: 'assistant' | 'companion'; to: string }[] {
  const grants = cycles.flatMap((content) => content.grants);
  const ending: { service: 'assistant' | 'companion'; to: string }[] = [];
  for (const grant of grants) {
    if (grant.service !== 'assistant' && grant.service !== 'companion') continue;
    const to = grant.to;
    if (to === undefined || to < within.from || to > within.to) continue;
    const dayAfter = addDays(to, 1);
    if (grants.some((next) => next.service === grant.service && next.from === dayAfter)) continue;
    ending.push({ service: grant.service, to });
  }
  return ending;
}

export const dateRangeOf = (month: YearMonth) => {
  const { first, last } = monthSpan(month);
  return { firstDay: toIsoDate(first), lastDay: toIsoDate(last) };
};

/**
 * The assistant grant in force in the month, from the case's current cycle or the one before
 * (a month settled just after a new cycle began belongs to the old one). Two grants overlapping
 * one month are not guessed between: that is a {@link CaseDataError} for the coordinator.
 */
export function assistantGrantIn(
  ref: CaseRef,
  cycles: readonly CycleContents[],
  month: YearMonth,
): StoredGrant | undefined {
  const { firstDay, lastDay } = dateRangeOf(month);
  const overlapping = cycles
    .flatMap((content) => content.grants)
    .filter((grant) => grant.service === ASSISTANT_SERVICE)
    .filter((grant) => (grant.from ?? firstDay) <= lastDay && (grant.to ?? lastDay) >= firstDay);
  if (overlapping.length > 1) {
    throw new CaseDataError(
      ref,
      `${overlapping.length} assistant grants overlap ${month}; one grant per month can be settled`,
    );
  }
  return overlapping[0];
}

/**
 * The support plan in force in the month: the revision with status `active` whose period covers
 * the month, from the current cycle or the one before. Two active revisions covering one month
 * are not guessed between: that is a {@link CaseDataError}.
 */
export function activePlanIn(
  ref: CaseRef,
  cycles: readonly CycleContents[],
  month: YearMonth,
): StoredPlan | undefined {
  const { firstDay, lastDay } = dateRangeOf(month);
  const active = cycles
    .flatMap((content) => content.plans)
    .filter((plan) => plan.status === 'active')
    .filter((plan) => plan.plan.period.start <= lastDay && plan.plan.period.end >= firstDay);
  if (active.length > 1) {
    const revisions = active.map((plan) => `cycle ${plan.cycle} revision ${plan.revision}`).join(', ');
    throw new CaseDataError(
      ref,
      `${active.length} active plans cover ${month} (${revisions}); one can be settled`,
    );
  }
  return active[0];
}
