/**
 * The policy what-if: a cohort replayed under the current policy and under a proposed one, with
 * the same engines the system runs on (the indicative budget and the support plan,
 * functions/domain/plan; the monthly hour settlement, functions/domain/settlement). Pure: nothing
 * is read or written, the same cohort and proposal give the same result.
 *
 * For each case:
 * - Each plan of the case whose period or assistant grant touches the what-if period is made
 *   again under each policy. Budget, planned spending and municipality-funded lines count the
 *   share of the plan's months inside the period: `floor(cents x months inside / plan months)`.
 *   A service recommended but unfunded in such a plan is listed under that policy.
 * - Each month of the period gets the assistant grant of the plan whose grant dates touch it (the
 *   latest when two do), with its hours from the policy's hour bands; granted minutes count the
 *   assistant and the companion.
 * - Each month with reported hours is settled under that grant and the policy's rates and caps,
 *   as the monthly run settles it (functions/monthly-run/case-month/hours.ts), with the same
 *   domain functions: the hours as the parents confirmed them (a month grant caps the month,
 *   whoever reported); the paid entries of the week that began in the month before and the paid
 *   minutes of the three months before, both from this policy's own replay (months of the cohort
 *   before the period are settled for this and not counted); the case's stays in hospital or
 *   care; and the same assistant's confirmed entries in the cohort's cases that come first
 *   (functions/domain/settlement/outside-month.ts). The runs pay a confirmation that came after
 *   the month's supplementary run never; the replay counts the hours as finally confirmed.
 * Money is integer cents and time whole minutes throughout; the only rounding is the proration
 * above and the settlement's own per-line rule.
 *
 * @example
 * const result = whatIf(parseCohort(json), { from: '2025-01', to: '2025-06' }, resolvePolicy(parseProposedPolicy(proposal)));
 * result.total.difference.stateCents // what the state would pay more (or, below zero, less)
 */
import { addMonths, type IsoDate, monthSpan, toIsoDate, type YearMonth } from '../calendar.ts';
import { InputError } from '../errors.ts';
import { makeSupportPlan } from '../plan/plan.ts';
import {
  type CaseOrder,
  comesFirst,
  otherCaseEntries,
  priorWeekEntries,
  settlementWindow,
} from '../settlement/outside-month.ts';
import { settleHours } from '../settlement/settle.ts';
import type {
  HourStatement,
  MonthMinutes,
  NoPayPeriod,
  OtherCaseEntry,
  Timesheet,
} from '../settlement/types.ts';
import type { Cohort, CohortCase, CohortTimesheet } from './cohort.ts';
import { type Comparison, compare } from './comparison.ts';
import { type CaseOutcome, type Figures, zeroFigures } from './figures.ts';
import { type PolicyVariant, resolvePolicy } from './proposal.ts';

export interface WhatIfPeriod {
  from: YearMonth;
  to: YearMonth;
}

export interface WhatIfResult extends Comparison {
  period: WhatIfPeriod;
  policies: { current: { id: string; source: string }; proposed: { id: string; source: string } };
}

/** The months from `from` to `to`, both included. */
export function monthsOf(period: WhatIfPeriod): YearMonth[] {
  if (period.from > period.to)
    throw new InputError([{ path: 'period', message: `${period.from} is after ${period.to}` }]);
  const months: YearMonth[] = [];
  for (let month = period.from; month <= period.to; month = addMonths(month, 1)) months.push(month);
  if (months.length > 36) throw new InputError([{ path: 'period', message: 'may span at most 36 months' }]);
  return months;
}

/** `floor(cents x part / whole)`, exact in integers. */
const prorate = (cents: number, part: number, whole: number) =>
  part === whole ? cents : Math.floor((cents * part) / whole);

interface GrantInForce {
  from: IsoDate;
  to: IsoDate;
  assistantMinutes: number;
  companionMinutes: number;
}

interface Replayed {
  figures: Figures;
  unfunded: Set<string>;
  grants: GrantInForce[];
}

const minutesOf = (hours: number | undefined) => (hours === undefined ? 0 : Math.round(hours * 60));

type MadePlan = ReturnType<typeof makeSupportPlan>;
/** Plans made for a case, by cohort plan, with the rules objects they were made under. */
type MadePlans = Map<CohortCase['plans'][number], { made: MadePlan; rules: readonly unknown[] }>;

/**
 * The case's plans under one policy: budgets, plans, unfunded services and the grants they give.
 * A plan already made under the same rules objects (a part the proposal leaves alone) is taken
 * from `madePlans` instead of being made again.
 */
function replayPlans(
  item: CohortCase,
  period: WhatIfPeriod,
  bounds: Bounds,
  policy: PolicyVariant,
  madePlans: MadePlans,
  settleFrom: IsoDate,
): Replayed {
  const figures = zeroFigures();
  const unfunded = new Set<string>();
  const grants: GrantInForce[] = [];
  for (const cohortPlan of item.plans) {
    const { plan, grantFrom, grantTo } = cohortPlan;
    const start = plan.periodStart.slice(0, 7);
    const end = addMonths(start, plan.months - 1);
    const inside = overlapMonths(start, end, period);
    const grantTouches = grantFrom <= bounds.last && grantTo >= settleFrom;
    if (inside === 0 && !grantTouches) continue;
    const rules = [policy.budgetRules(plan.periodStart), policy.entitlements(plan.periodStart)] as const;
    const earlier = madePlans.get(cohortPlan);
    let made: MadePlan;
    if (earlier && earlier.rules[0] === rules[0] && earlier.rules[1] === rules[1]) made = earlier.made;
    else {
      made = makeSupportPlan(plan, rules[0], rules[1]);
      madePlans.set(cohortPlan, { made, rules });
    }
    if (inside > 0) {
      figures.budgetCents += prorate(made.budget.cents, inside, plan.months);
      figures.plannedCents += prorate(made.totalCents, inside, plan.months);
      let municipality = 0;
      for (const line of made.lines) if (line.funding === 'municipality') municipality += line.periodCents;
      figures.municipalityCents += prorate(municipality, inside, plan.months);
      for (const service of made.unfunded) unfunded.add(service.service);
    }
    grants.push({
      from: grantFrom,
      to: grantTo,
      assistantMinutes: minutesOf(made.grants.find((grant) => grant.service === 'assistant')?.hoursPerMonth),
      companionMinutes: minutesOf(made.grants.find((grant) => grant.service === 'companion')?.hoursPerMonth),
    });
  }
  return { figures, unfunded, grants };
}

function overlapMonths(start: YearMonth, end: YearMonth, period: WhatIfPeriod): number {
  const from = start > period.from ? start : period.from;
  const to = end < period.to ? end : period.to;
  if (from > to) return 0;
  const index = (month: YearMonth) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(to) - index(from) + 1;
}

interface Bounds {
  first: IsoDate;
  last: IsoDate;
  months: { month: YearMonth; first: IsoDate; last: IsoDate }[];
}

function boundsOf(period: WhatIfPeriod): Bounds {
  const months = monthsOf(period).map((month) => {
    const span = monthSpan(month);
    return { month, first: toIsoDate(span.first), last: toIsoDate(span.last) };
  });
  return { first: months[0]?.first ?? '', last: months.at(-1)?.last ?? '', months };
}

/** The grant whose dates touch the month; the latest plan's when two do (a review handed over mid-month). */
function grantIn(grants: readonly GrantInForce[], first: IsoDate, last: IsoDate): GrantInForce | undefined {
  let found: GrantInForce | undefined;
  for (const grant of grants) if (grant.from <= last && grant.to >= first) found = grant;
  return found;
}

const sameGrant = (a: GrantInForce | undefined, b: GrantInForce | undefined) =>
  a?.assistantMinutes === b?.assistantMinutes && a?.from === b?.from && a?.to === b?.to;

/** A timesheet of the cohort with the case it belongs to and its place in the order of cases. */
interface SheetOfCase {
  item: CohortCase;
  order: CaseOrder;
  timesheet: Timesheet;
}

/**
 * The cohort's timesheets by assistant pseudonym and month, for the assistants who work in more
 * than one of its cases (the others need no look-up).
 */
export type AssistantsAcrossCases = ReadonlyMap<string, ReadonlyMap<YearMonth, readonly SheetOfCase[]>>;

export function assistantsAcrossCases(cohort: Cohort): AssistantsAcrossCases {
  const firstCase = new Map<string, CohortCase>();
  const shared = new Set<string>();
  for (const { item, timesheet } of timesheetsOf(cohort)) {
    const seen = firstCase.get(timesheet.assistantId);
    if (seen === undefined) firstCase.set(timesheet.assistantId, item);
    else if (seen !== item) shared.add(timesheet.assistantId);
  }
  const index = new Map<string, Map<YearMonth, SheetOfCase[]>>();
  if (shared.size === 0) return index;
  for (const { item, month, timesheet } of timesheetsOf(cohort)) {
    if (!shared.has(timesheet.assistantId)) continue;
    const byMonth = index.get(timesheet.assistantId) ?? new Map<YearMonth, SheetOfCase[]>();
    const sheets = byMonth.get(month) ?? [];
    sheets.push({ item, order: orderOf(item, timesheet), timesheet });
    byMonth.set(month, sheets);
    index.set(timesheet.assistantId, byMonth);
  }
  return index;
}

function* timesheetsOf(cohort: Cohort) {
  for (const item of cohort.cases)
    for (const { month, timesheets } of item.months)
      for (const timesheet of timesheets) yield { item, month, timesheet };
}

const orderOf = (item: CohortCase, timesheet: CohortTimesheet): CaseOrder => ({
  submittedAt: timesheet.submittedAt ?? '',
  municipality: item.municipality,
  caseId: item.caseId,
});

/** The confirmed entries of this case's assistants in the cohort's cases that come first, inside the month's window. */
function otherCasesFirst(
  item: CohortCase,
  month: YearMonth,
  timesheets: readonly CohortTimesheet[],
  across: AssistantsAcrossCases,
): OtherCaseEntry[] {
  if (across.size === 0) return [];
  const window = settlementWindow(month);
  const found: OtherCaseEntry[] = [];
  for (const mine of timesheets) {
    const byMonth = across.get(mine.assistantId);
    if (!byMonth) continue;
    const ours = orderOf(item, mine);
    for (const each of window.months)
      for (const other of byMonth.get(each) ?? []) {
        if (other.item === item || !comesFirst(other.order, ours)) continue;
        found.push(...otherCaseEntries(other.item.caseId, other.timesheet, window));
      }
  }
  return found;
}

/** The statements a policy's replay has paid so far for one case, by month. */
type PaidSoFar = Map<YearMonth, HourStatement>;

/** The paid minutes of the three months before `month` in the replay, as the run reads them from its statements. */
function historyOf(month: YearMonth, paid: PaidSoFar): MonthMinutes[] {
  const history: MonthMinutes[] = [];
  for (let back = 3; back >= 1; back -= 1) {
    const before = addMonths(month, -back);
    const statement = paid.get(before);
    if (statement) history.push({ month: before, minutes: statement.paidMinutes });
  }
  return history;
}

/** Whether both policies' replays paid the same statements in the months a settlement of `month` reads. */
function sameSoFar(month: YearMonth, now: PaidSoFar, then: PaidSoFar): boolean {
  for (let back = 1; back <= 3; back += 1) {
    const before = addMonths(month, -back);
    if (now.get(before) !== then.get(before)) return false;
  }
  return true;
}

/** One policy's replay of a case: its plans and grants, and the statements its settlement paid so far. */
interface PolicyReplay extends Replayed {
  policy: PolicyVariant;
  paid: PaidSoFar;
}

/** What a month's settlement reads that does not depend on the policy. */
interface MonthInput {
  month: YearMonth;
  first: IsoDate;
  last: IsoDate;
  timesheets: readonly CohortTimesheet[];
  noPayPeriods: readonly NoPayPeriod[];
  otherCases: readonly OtherCaseEntry[];
}

/** The month settled under one policy's grant and rules, after its own replay of the months before; none without a grant. */
function settleUnder(item: CohortCase, input: MonthInput, replay: PolicyReplay): HourStatement | undefined {
  const grant = grantIn(replay.grants, input.first, input.last);
  if (!grant || grant.assistantMinutes === 0) return undefined;
  const { month, timesheets, noPayPeriods, otherCases } = input;
  return settleHours(
    {
      participantId: item.caseId,
      month,
      grant: { basis: 'month', minutes: grant.assistantMinutes, from: grant.from, to: grant.to },
      timesheets,
      priorEntries: priorWeekEntries(month, replay.paid.get(addMonths(month, -1))?.lines ?? []),
      history: historyOf(month, replay.paid),
      ...(noPayPeriods.length > 0 && { noPayPeriods }),
      ...(otherCases.length > 0 && { otherCases }),
    },
    replay.policy.settlementRules(month),
  );
}

/** The same grant under the same rules, after the same months, settles the same way. */
function settlesAlike(input: MonthInput, now: PolicyReplay, then: PolicyReplay): boolean {
  return (
    sameGrant(grantIn(now.grants, input.first, input.last), grantIn(then.grants, input.first, input.last)) &&
    now.policy.settlementRules(input.month) === then.policy.settlementRules(input.month) &&
    sameSoFar(input.month, now.paid, then.paid)
  );
}

function addGranted(replay: PolicyReplay, bounds: Bounds): void {
  for (const { first, last } of bounds.months) {
    const grant = grantIn(replay.grants, first, last);
    if (grant) replay.figures.grantedMinutes += grant.assistantMinutes + grant.companionMinutes;
  }
}

function addPaid(replay: PolicyReplay, statement: HourStatement | undefined, counted: boolean): void {
  if (!statement) return;
  replay.paid.set(statement.month, statement);
  if (!counted) return;
  replay.figures.paidMinutes += statement.paidMinutes;
  replay.figures.paidCents += statement.amountCents;
}

/** One case under both policies. */
export function replayCase(
  item: CohortCase,
  period: WhatIfPeriod,
  current: PolicyVariant,
  proposed: PolicyVariant,
  bounds: Bounds = boundsOf(period),
  across: AssistantsAcrossCases = new Map(),
): CaseOutcome {
  const reported = new Map(item.months.map((month) => [month.month, month.timesheets]));
  // Months the cohort gives before the period are settled first (for the prior week and the
  // history), and not counted.
  let settleFrom = period.from;
  for (const month of reported.keys()) if (month < settleFrom) settleFrom = month;
  const madePlans: MadePlans = new Map();
  const replayUnder = (policy: PolicyVariant): PolicyReplay => ({
    ...replayPlans(item, period, bounds, policy, madePlans, `${settleFrom}-01`),
    policy,
    paid: new Map(),
  });
  const now = replayUnder(current);
  const then = replayUnder(proposed);
  addGranted(now, bounds);
  addGranted(then, bounds);
  let settledMonths = 0;
  for (let month = settleFrom; month <= period.to; month = addMonths(month, 1)) {
    const timesheets = reported.get(month);
    if (!timesheets || timesheets.length === 0) continue;
    const span = monthSpan(month);
    const first = toIsoDate(span.first);
    const last = toIsoDate(span.last);
    const input: MonthInput = {
      month,
      first,
      last,
      timesheets,
      noPayPeriods: item.stays.filter((stay) => stay.from <= last && stay.to >= first),
      otherCases: otherCasesFirst(item, month, timesheets, across),
    };
    const statementNow = settleUnder(item, input, now);
    const statementThen = settlesAlike(input, now, then) ? statementNow : settleUnder(item, input, then);
    const counted = month >= period.from;
    addPaid(now, statementNow, counted);
    addPaid(then, statementThen, counted);
    if (counted && (statementNow || statementThen)) settledMonths += 1;
  }
  for (const figures of [now.figures, then.figures])
    figures.stateCents = figures.plannedCents + figures.paidCents;
  return {
    caseId: item.caseId,
    municipality: item.municipality,
    current: now.figures,
    proposed: then.figures,
    unfunded: { current: [...now.unfunded].sort(), proposed: [...then.unfunded].sort() },
    settledMonths,
  };
}

/**
 * Replay the cohort's period under the current and the proposed policy and compare them.
 * Throws {@link InputError} for a period that does not hold together or a proposal that does not
 * fit the rules in force (paths under `policy.`).
 */
export function whatIf(
  cohort: Cohort,
  period: WhatIfPeriod,
  proposed: PolicyVariant,
  current: PolicyVariant = resolvePolicy(),
): WhatIfResult {
  const bounds = boundsOf(period);
  const across = assistantsAcrossCases(cohort);
  const outcomes = cohort.cases.map((item) => replayCase(item, period, current, proposed, bounds, across));
  return {
    period,
    policies: {
      current: { id: current.id, source: current.source },
      proposed: { id: proposed.id, source: proposed.source },
    },
    ...compare(cohort, outcomes),
  };
}
