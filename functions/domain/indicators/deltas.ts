/**
 * What an event adds to the month's indicator counters: pure functions of the event's own data,
 * so the store can write them in the event's transaction (exactly once, as the event is).
 *
 * @example
 * assessmentCounters('2026-11-02', '2026-11-20', 14) // { assessmentsDone: 1, assessmentsLate: 1, assessmentLateDays: 4 }
 */
import { addDays, addMonths, daysBetween, type IsoDate, monthOf, type YearMonth } from '../calendar.ts';
import type { RejectionReason } from '../settlement/types.ts';
import type { Counters, EarlyReviewReason } from './definitions.ts';

/** A change of counters for one municipality and month. */
export interface CounterChange {
  month: YearMonth;
  counters: Counters;
}

/** Add `value` to `counters[name]`, leaving zeros out (an ADD of 0 writes nothing useful). */
export function addTo(counters: Counters, name: string, value: number): Counters {
  if (value !== 0) counters[name] = (counters[name] ?? 0) + value;
  return counters;
}

/** An assessment submitted `assessedOn`, asked for on `requestedOn`, with `reminderDays` to do it in. */
export function assessmentCounters(
  requestedOn: IsoDate,
  submittedOn: IsoDate,
  reminderDays: number,
): Counters {
  const late = Math.max(0, daysBetween(requestedOn, submittedOn) - reminderDays);
  return late > 0
    ? { assessmentsDone: 1, assessmentsLate: 1, assessmentLateDays: late }
    : { assessmentsDone: 1, assessmentsOnTime: 1 };
}

/** A plan approved on `approvedOn`, its cycle's latest assessment dated `assessedOn`. */
export function approvalCounters(assessedOn: IsoDate, approvedOn: IsoDate): Counters {
  return { plansApproved: 1, approvalDays: Math.max(0, daysBetween(assessedOn, approvedOn)) };
}

export function earlyReviewCounters(reason: EarlyReviewReason): Counters {
  return { earlyReviews: 1, [`earlyReviews_${reason}`]: 1 };
}

/** The parts of a stored plan (functions/store/entities.ts PlanContract) activation counts. */
export interface ActivatedPlan {
  period: { start: IsoDate; end: IsoDate };
  budget: { cents: number };
  totalCents: number;
  /** `until`: the grant ends earlier, with the child's age or the disability (functions/domain/plan/eligibility.ts). */
  grants: readonly { service: string; hoursPerMonth: number; until?: unknown }[];
  unfunded: readonly { service: string; fundableWithoutTravel?: unknown }[];
  warnings: readonly { code: string }[];
}

/**
 * A plan taking effect: budget, planned spending and services unfunded (and why) in the month its
 * period starts; the granted assistant and companion hours in every month of the period a grant runs in.
 */
export function activationChanges(plan: ActivatedPlan, months: readonly YearMonth[]): CounterChange[] {
  const first: Counters = { plansActivated: 1 };
  addTo(first, 'budgetAllocatedCents', plan.budget.cents);
  addTo(first, 'budgetPlannedCents', plan.totalCents);
  for (const service of plan.unfunded) {
    addTo(
      first,
      service.fundableWithoutTravel === true ? 'servicesUnfundedDistance' : 'servicesUnfundedBudget',
      1,
    );
  }
  addTo(
    first,
    'servicesWithoutProvider',
    plan.warnings.filter((warning) => warning.code === 'NO_PROVIDER').length,
  );
  // A grant counts in the months it runs in: to the month of its `until` when it ends earlier.
  const grantedIn = (month: YearMonth) =>
    plan.grants.reduce(
      (sum, grant) =>
        typeof grant.until === 'string' && monthOf(grant.until) < month
          ? sum
          : sum + Math.round(grant.hoursPerMonth * 60),
      0,
    );
  const startMonth = plan.period.start.slice(0, 7);
  const changes = months.map((month) => ({
    month,
    counters: addTo(month === startMonth ? first : {}, 'hoursGrantedMinutes', grantedIn(month)),
  }));
  if (!months.includes(startMonth)) changes.unshift({ month: startMonth, counters: first });
  return changes.filter((change) => Object.keys(change.counters).length > 0);
}

/**
 * The previous cycle's grants handed over to a plan starting `newStart`: each now ends the day
 * before. A grant carried on past its end adds its hours to the months it now runs into; one cut
 * short (an early review) takes them back from the months it no longer runs in, so the granted
 * hours count each month once. Whole months, as the grants are counted when a plan takes effect.
 */
export function handOverChanges(
  previousGrants: readonly { minutes: number; to?: IsoDate | undefined }[],
  newStart: IsoDate,
): CounterChange[] {
  const lastMonth = monthOf(addDays(newStart, -1));
  const changes = new Map<YearMonth, number>();
  const add = (from: YearMonth, to: YearMonth, minutes: number) => {
    for (let month = from; month <= to; month = addMonths(month, 1))
      changes.set(month, (changes.get(month) ?? 0) + minutes);
  };
  for (const grant of previousGrants) {
    if (grant.to === undefined) continue;
    const endedIn = monthOf(grant.to);
    if (endedIn < lastMonth) add(addMonths(endedIn, 1), lastMonth, grant.minutes);
    else if (endedIn > lastMonth) add(addMonths(lastMonth, 1), endedIn, -grant.minutes);
  }
  return [...changes]
    .filter(([, minutes]) => minutes !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([month, minutes]) => ({ month, counters: { hoursGrantedMinutes: minutes } }));
}

/** The parts of a statement (functions/store/entities.ts StatementBody) the payments count. */
export interface SettledStatement {
  paidMinutes: number;
  amountCents: number;
  lines: readonly { minutes: number; source: 'timesheet' | 'emergency' }[];
  rejected: readonly { minutes: number; reason: RejectionReason }[];
  services?: Record<string, unknown>;
}

const monthCentsOf = (statement: SettledStatement | undefined): number => {
  const cents = statement?.services?.['monthCents'];
  return typeof cents === 'number' ? cents : 0;
};

/**
 * A statement written for a case-month. The original counts the month whole; a supplementary one
 * (`kind` supplementary) carries only the difference and counts as a late payment. Submitted hours
 * are what the statement accounts for from the timesheets: paid timesheet lines plus every
 * rejected minute (a rejection is new in the statement that lists it). Budget used follows the
 * month's services part, whole in each statement that has one: the new part less the one before.
 *
 * @example
 * statementCounters(original, 'original', undefined).hoursPaidMinutes // original.paidMinutes
 */
export function statementCounters(
  statement: SettledStatement,
  kind: 'original' | 'supplementary',
  servicesBefore: SettledStatement | undefined,
): Counters {
  const counters: Counters = {};
  let fromTimesheets = 0;
  for (const line of statement.lines) if (line.source === 'timesheet') fromTimesheets += line.minutes;
  let rejected = 0;
  let unconfirmed = 0;
  for (const item of statement.rejected) {
    rejected += item.minutes;
    if (item.reason === 'UNCONFIRMED') unconfirmed += item.minutes;
    addTo(counters, `hoursRejectedMinutes_${item.reason}`, item.minutes);
  }
  addTo(counters, 'hoursSubmittedMinutes', fromTimesheets + rejected);
  addTo(counters, 'hoursConfirmedMinutes', fromTimesheets + rejected - unconfirmed);
  addTo(counters, 'hoursPaidMinutes', statement.paidMinutes);
  addTo(counters, 'amountPaidCents', statement.amountCents);
  if (statement.services)
    addTo(counters, 'budgetUsedCents', monthCentsOf(statement) - monthCentsOf(servicesBefore));
  if (kind === 'original') {
    counters['statementsSettled'] = 1;
  } else {
    counters['supplementaryStatements'] = 1;
    addTo(counters, 'latePaidMinutes', statement.paidMinutes);
    addTo(counters, 'latePaidCents', statement.amountCents);
  }
  return counters;
}
