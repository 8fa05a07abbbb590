/**
 * What happened, read back from the store at the end: the cases, the plans, each month's hours
 * paid, confirmed, disputed and rejected, the services paid, the runs and the emails.
 */
import { addMonths, monthOf, type YearMonth } from '../../functions/domain/calendar.ts';
import { entryKey } from '../../functions/store/hours-confirmations.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { LocalSystem } from '../../local/system.ts';
import type { ChildState } from './children.ts';
import type { Pilot } from './pilot.ts';
import type { DemoReport } from './report.ts';
import { DEMO_END, DEMO_START, secondsElapsed } from './timeline.ts';

export async function collect(
  running: LocalSystem,
  pilotReplayed: Pilot,
  states: Map<string, ChildState>,
): Promise<DemoReport> {
  const months: YearMonth[] = [];
  for (let month = monthOf(DEMO_START); month < monthOf(DEMO_END); month = addMonths(month, 1))
    months.push(month);
  const report: DemoReport = {
    seed: pilotReplayed.seed,
    from: DEMO_START,
    to: DEMO_END,
    municipalities: pilotReplayed.municipalities.map((municipality) => ({
      id: municipality.id,
      name: municipality.name,
      region: municipality.region,
      cases: 0,
      allocatedCents: 0,
      plannedCents: 0,
      usedCents: 0,
    })),
    months: months.map((month) => ({
      month,
      paidMinutes: 0,
      latePaidMinutes: 0,
      confirmedMinutes: 0,
      confirmedLateMinutes: 0,
      disputedMinutes: 0,
      unansweredMinutes: 0,
      amountCents: 0,
      rejectedMinutes: {},
      servicesCents: 0,
      casesSettled: 0,
    })),
    runs: [],
    emails: {},
    emailsDelivered: (await running.ses.emails()).length,
    plans: { activated: 0, drafts: 0, changesRequested: 0, rankedByTeamOnly: 0, warnings: {} },
    cases: { total: 0, open: 0, byPhase: {}, escalated: 0 },
    durationSeconds: 0,
  };
  for (const state of states.values()) {
    const municipality = report.municipalities.find((row) => row.id === state.ref.municipality);
    if (!municipality) throw new Error(`no municipality ${state.ref.municipality} in the report`);
    const stored = await running.store.cases.require(state.ref);
    report.cases.total += 1;
    if (stored.status === 'open') report.cases.open += 1;
    report.cases.byPhase[stored.phase] = (report.cases.byPhase[stored.phase] ?? 0) + 1;
    municipality.cases += 1;
    for (let cycle = 1; cycle <= stored.cycle; cycle += 1)
      await addPlans(running, state.ref, cycle, report, municipality);
    for (const row of report.months) await addMonth(running, state.ref, row, municipality);
    await addEmails(running, state.ref, report);
  }
  for (const month of months) {
    const run = await running.store.runs.get(month);
    if (run?.totals) report.runs.push({ month, status: run.status, ...run.totals });
  }
  report.durationSeconds = secondsElapsed();
  return report;
}

/** A cycle's plans: drafts, changes, the one in force with its budget and warnings. */
async function addPlans(
  running: LocalSystem,
  ref: CaseRef,
  cycle: number,
  report: DemoReport,
  municipality: DemoReport['municipalities'][number],
): Promise<void> {
  const contents = await running.store.cycles.contents(ref, cycle);
  report.plans.drafts += contents.plans.length;
  report.plans.changesRequested += contents.changeRequests.length;
  const active = contents.plans.findLast((candidate) => candidate.status === 'active');
  if (!active) return;
  report.plans.activated += 1;
  const codes = new Set(active.plan.warnings.map((warning) => warning.code));
  if (codes.has('PARENTS_DID_NOT_RANK')) report.plans.rankedByTeamOnly += 1;
  for (const code of codes) report.plans.warnings[code] = (report.plans.warnings[code] ?? 0) + 1;
  municipality.allocatedCents += active.plan.budget.cents;
  municipality.plannedCents += active.plan.totalCents;
}

/**
 * A case's month: every statement's hours (a supplementary statement holds only the difference,
 * and only the rejections that are new), and the services paid as the latest services part says
 * (each is the whole month as settled then).
 */
async function addMonth(
  running: LocalSystem,
  ref: CaseRef,
  row: DemoReport['months'][number],
  municipality: DemoReport['municipalities'][number],
): Promise<void> {
  await addConfirmations(running, ref, row);
  const statements = await running.store.statements.forMonth(ref, row.month, true);
  if (statements.length === 0) return;
  row.casesSettled += 1;
  for (const { sequence, statement } of statements) {
    row.paidMinutes += statement.paidMinutes;
    row.amountCents += statement.amountCents;
    if (sequence > 0) row.latePaidMinutes += statement.paidMinutes;
    for (const rejected of statement.rejected) {
      row.rejectedMinutes[rejected.reason] = (row.rejectedMinutes[rejected.reason] ?? 0) + rejected.minutes;
    }
  }
  const services = statements.findLast((stored) => stored.statement.services !== undefined)?.statement
    .services;
  const monthCents = services?.['monthCents'];
  if (typeof monthCents !== 'number') return;
  row.servicesCents += monthCents;
  municipality.usedCents += monthCents;
}

/**
 * What the parents decided on the case's month: the hours of the timesheet they confirmed before
 * the month's regular run started, after it (late), disputed, or not at all (yet).
 */
async function addConfirmations(
  running: LocalSystem,
  ref: CaseRef,
  row: DemoReport['months'][number],
): Promise<void> {
  const [sheets, decisions, run] = await Promise.all([
    running.store.timesheets.forMonth(ref, row.month),
    running.store.hoursConfirmations.forMonth(ref, row.month),
    running.store.runs.get(row.month),
  ]);
  for (const sheet of sheets) {
    const decision = decisions.find((item) => item.assistantId === sheet.assistantId);
    const confirmed = new Set(decision?.confirmed ?? []);
    const disputed = new Set((decision?.disputed ?? []).map((item) => item.entry));
    const late = decision !== undefined && run !== undefined && decision.decidedAt > run.startedAt;
    for (const entry of sheet.entries) {
      const key = entryKey(entry);
      if (disputed.has(key)) row.disputedMinutes += entry.minutes;
      else if (!confirmed.has(key)) row.unansweredMinutes += entry.minutes;
      else if (late) row.confirmedLateMinutes += entry.minutes;
      else row.confirmedMinutes += entry.minutes;
    }
  }
}

/** The case's sent emails by kind, and whether its assessment was escalated. */
async function addEmails(running: LocalSystem, ref: CaseRef, report: DemoReport): Promise<void> {
  const sent = (await running.store.outbox.forCase(ref)).filter((item) => item.status === 'sent');
  for (const item of sent) report.emails[item.kind] = (report.emails[item.kind] ?? 0) + 1;
  if (sent.some((item) => item.kind === 'assessment-escalated')) report.cases.escalated += 1;
}
