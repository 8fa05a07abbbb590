/**
 * A case as its coordinator reads it on one page: the child (name, birth date and age only; never
 * the personal code), the legal representatives and assistants, where the cycle stands and what
 * happened (the audit trail: what, when, who), the plan in force with what each line has used and
 * has left, the months paid, and the emails sent with whether they went out. And one month of a
 * case: the timesheets as submitted, the statements (paid and refused lines with the reason), and
 * the statements' emails.
 *
 * Every read is of the case's own partition, by key: nothing outside the case is read.
 *
 * @example
 * const view = await readCaseView(context, { municipality: 'talsi', caseId: 'c-17' });
 * view?.plan?.lines[0] // { service: 'physiotherapy', periodCents: 48000, usedCents: 16000, leftCents: 32000, ... }
 */
import { type IsoDate, monthOf, rigaDateOf } from '../domain/calendar.ts';
import { CYCLE_PHASES } from '../review-cycle/phases.ts';
import type { CycleContents } from '../store/cycles.ts';
import type {
  StoredAuditEvent,
  StoredCase,
  StoredOutboxItem,
  StoredPerson,
  StoredPlan,
  StoredStatement,
  StoredTimesheet,
} from '../store/entities.ts';
import type { StoredHoursConfirmation } from '../store/hours-confirmations.ts';
import type { CaseRef } from '../store/keys.ts';
import type { ReadContext } from './work-queue.ts';

type Contact = StoredPerson['contacts'][number];

export interface PlanLineView {
  service: string;
  order: number;
  unitsPerMonth: number;
  funding: string;
  /** What the plan sets aside for the line over its period. */
  periodCents: number;
  /** Paid against the line from the period's start to the last month settled. */
  usedCents: number;
  /** The line's money not yet spent: `periodCents - usedCents`. */
  leftCents: number;
}

export interface PlanView {
  cycle: number;
  revision: number;
  status: StoredPlan['status'];
  period: { start: string; end: string };
  budgetCents: number;
  plannedCents: number;
  /** Budget the plan did not allocate (the budget less the plan's total). */
  leftToPlanCents: number;
  /** Planned money not yet spent, summed over the lines, as of `settledThrough`. */
  leftToSpendCents: number;
  usedCents: number;
  /** The last month whose statement the used figures come from. */
  settledThrough?: string;
  lines: PlanLineView[];
  unfunded: { service: string; reason: string }[];
  warnings: { code: string; service?: string; message: string }[];
  consent?: StoredPlan['consent'];
}

export interface MonthPaid {
  month: string;
  statements: number;
  paidMinutes: number;
  amountCents: number;
  rejectedMinutes: number;
  rejectedEntries: number;
  servicesCents?: number;
}

export interface PhaseStep {
  phase: string;
  state: 'done' | 'current' | 'upcoming';
  /** When the case entered the phase, if the trail shows it. */
  at?: string;
}

export interface CaseView {
  case: StoredCase;
  child?: { name: string; birthDate?: string; age?: number };
  representatives: Contact[];
  assistants: Contact[];
  coordinator?: Contact;
  phases: PhaseStep[];
  timeline: StoredAuditEvent[];
  /** The current cycle as stored (assessments, plans, budget, ranking). */
  cycle: CycleContents;
  plan?: PlanView;
  /** The drafted revision awaiting approval, if any. */
  draft?: StoredPlan;
  months: MonthPaid[];
  emails: StoredOutboxItem[];
}

/** Whole years between a birth date and a day. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * The plan's lines with what is used and left, from the newest statement of its period that
 * settled services (the claims' settlement computes used and remaining per line; no other
 * figure is made here).
 */
export function planView(stored: StoredPlan, statements: readonly StoredStatement[]): PlanView {
  const plan = stored.plan;
  const inPeriod = statements.find(
    (statement) =>
      statement.statement.services !== undefined &&
      statement.month >= monthOf(plan.period.start) &&
      statement.month <= monthOf(plan.period.end),
  );
  const servicesLines = (inPeriod?.statement.services?.['lines'] ?? []) as {
    service?: string;
    usedCents?: number;
  }[];
  const used = new Map(servicesLines.map((line) => [line.service, line.usedCents ?? 0]));
  const lines = plan.lines.map((line) => {
    const usedCents = used.get(line.service) ?? 0;
    return {
      service: line.service,
      order: line.order,
      unitsPerMonth: line.unitsPerMonth,
      funding: line.funding,
      periodCents: line.periodCents,
      usedCents,
      leftCents: line.periodCents - usedCents,
    };
  });
  const usedCents = lines.reduce((total, line) => total + line.usedCents, 0);
  return {
    cycle: stored.cycle,
    revision: stored.revision,
    status: stored.status,
    period: { start: plan.period.start, end: plan.period.end },
    budgetCents: plan.budget.cents,
    plannedCents: plan.totalCents,
    leftToPlanCents: plan.leftToPlanCents,
    leftToSpendCents: lines.reduce((total, line) => total + line.leftCents, 0),
    usedCents,
    ...(inPeriod && { settledThrough: inPeriod.month }),
    lines,
    unfunded: plan.unfunded.map((item) => ({ service: item.service, reason: item.reason })),
    warnings: plan.warnings.map((warning) => ({
      code: warning.code,
      ...(warning.service !== undefined && { service: warning.service }),
      message: warning.message,
    })),
    ...(stored.consent && { consent: stored.consent }),
  };
}

/** Statements grouped by month, newest month first, with the month's totals (supplementary ones added). */
export function monthsPaid(statements: readonly StoredStatement[]): MonthPaid[] {
  const months = new Map<string, MonthPaid>();
  for (const stored of statements) {
    const month = months.get(stored.month) ?? {
      month: stored.month,
      statements: 0,
      paidMinutes: 0,
      amountCents: 0,
      rejectedMinutes: 0,
      rejectedEntries: 0,
    };
    month.statements += 1;
    month.paidMinutes += stored.statement.paidMinutes;
    month.amountCents += stored.statement.amountCents;
    month.rejectedMinutes += stored.statement.rejected.reduce((total, line) => total + line.minutes, 0);
    month.rejectedEntries += stored.statement.rejected.length;
    const services = stored.statement.services?.['monthCents'];
    if (typeof services === 'number') month.servicesCents = (month.servicesCents ?? 0) + services;
    months.set(stored.month, month);
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** The cycle's phases with the current one marked, each with when it began if the trail shows it. */
export function phaseSteps(current: StoredCase, trail: readonly StoredAuditEvent[]): PhaseStep[] {
  const index = (CYCLE_PHASES as readonly string[]).indexOf(current.phase);
  const entered = new Map<string, string>();
  // Newest first: the first event per phase is its latest entry.
  for (const event of trail) {
    const phase = event.action.startsWith('phase-') ? event.action.slice('phase-'.length) : undefined;
    if (phase !== undefined && !entered.has(phase)) entered.set(phase, event.at);
  }
  return CYCLE_PHASES.map((phase, at) => {
    const state = current.status === 'closed' || at < index ? 'done' : at === index ? 'current' : 'upcoming';
    const when = state === 'upcoming' ? undefined : entered.get(phase);
    return { phase, state, ...(when !== undefined && { at: when }) };
  });
}

const STATEMENTS_SHOWN = 24;
const TRAIL_SHOWN = 50;

export async function readCaseView(context: ReadContext, ref: CaseRef): Promise<CaseView | undefined> {
  const { store } = context;
  const found = await store.cases.get(ref, true);
  if (!found) return undefined;
  const [person, cycle, trail, statements, emails] = await Promise.all([
    store.cases.getPerson(ref),
    store.cycles.contents(ref, found.cycle),
    store.audit.trail(ref, { limit: TRAIL_SHOWN }),
    store.statements.recent(ref, STATEMENTS_SHOWN),
    store.outbox.forCase(ref),
  ]);
  const inForce = (plans: readonly StoredPlan[]) =>
    plans.filter((plan) => plan.status === 'active' || plan.status === 'approved').at(-1);
  let planInForce = inForce(cycle.plans);
  if (!planInForce && found.cycle > 1) {
    const previous = await store.cycles.latestPlan(ref, found.cycle - 1);
    if (previous?.status === 'active' || previous?.status === 'approved') planInForce = previous;
  }
  const latest = cycle.plans.at(-1);
  const today = rigaDateOf(context.clock.now());
  const participant = person?.participant;
  const contacts = person?.contacts ?? [];
  const coordinator = contacts.find(
    (contact) => contact.role === 'coordinator' && contact.id === found.coordinatorId,
  );
  return {
    case: found,
    ...(participant && {
      child: {
        name: participant.name,
        ...(participant.birthDate !== undefined && {
          birthDate: participant.birthDate,
          age: ageOn(participant.birthDate, today),
        }),
      },
    }),
    representatives: contacts.filter((contact) => contact.role === 'legal-representative'),
    assistants: contacts.filter((contact) => contact.role === 'assistant'),
    ...(coordinator && { coordinator }),
    phases: phaseSteps(found, trail.events),
    timeline: trail.events,
    cycle,
    ...(planInForce && { plan: planView(planInForce, statements) }),
    ...(latest?.status === 'draft' && { draft: latest }),
    months: monthsPaid(statements),
    emails: [...emails].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  };
}

export interface CaseMonthView {
  case: StoredCase;
  month: string;
  /** Names of the assistants by id, from the case's contacts. */
  assistants: Contact[];
  timesheets: StoredTimesheet[];
  statements: StoredStatement[];
  emails: StoredOutboxItem[];
  /** Assistants reminded whose timesheet is not in. */
  missing: string[];
  /** The parents' confirmation of each assistant's month: confirmed and disputed lines, resolved or not. */
  confirmations: StoredHoursConfirmation[];
}

/** One month of a case: timesheets as submitted, statements, the statements' emails. */
export async function readCaseMonth(
  context: ReadContext,
  ref: CaseRef,
  month: string,
): Promise<CaseMonthView | undefined> {
  const { store } = context;
  const found = await store.cases.get(ref, true);
  if (!found) return undefined;
  const [person, timesheets, statements, monthly, pay, confirmations] = await Promise.all([
    store.cases.getPerson(ref),
    store.timesheets.forMonth(ref, month),
    store.statements.forMonth(ref, month),
    store.outbox.ofKind(ref, 'monthly-statement', month),
    store.outbox.ofKind(ref, 'pay-statement', month),
    store.hoursConfirmations.forMonth(ref, month),
  ]);
  const assistants = (person?.contacts ?? []).filter((contact) => contact.role === 'assistant');
  const submitted = new Set(timesheets.map((sheet) => sheet.assistantId));
  return {
    case: found,
    month,
    assistants,
    timesheets,
    statements,
    emails: [...monthly, ...pay],
    missing: assistants.map((assistant) => assistant.id).filter((id) => !submitted.has(id)),
    confirmations,
  };
}
