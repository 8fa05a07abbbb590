/**
 * `npm run demo`: the children's pilot replayed on the local system. A hundred synthetic children
 * in ten municipalities (scripts/demo-pilot.ts, seeded) are taken in on 11 December 2024; then
 * the clock runs, day by day, to 13 January 2026. Coordinators, parents, assistants and providers
 * act through the same commands the API and the pages call (functions/review-cycle/commands.ts, the
 * month sent as both doors send it, the parents' hours link answered as its page answers it, the
 * store's claims), in-process, and everything else happens by itself on the clock: reminders,
 * escalations, the parents' deadlines, plans taking effect, reviews, the next cycle, the
 * timesheet reminders and the monthly runs on their schedules, the emails every five minutes.
 * Each child goes through two full cycles; twelve months of support (January to December 2025)
 * are settled by the monthly runs of 10 February 2025 to 12 January 2026 (the 10th, or the next
 * working day; the run of 10 January 2025 finds December with no plan yet in force).
 *
 * It runs on its own DynamoDB Local (in memory), local SES and runtime, on a virtual clock, on
 * random ports, so it can run beside `npm start`. It prints a line per month, a summary at the
 * end, and writes `.atbalsts/demo/report.html` (copied to docs/demo/report.html) and, when
 * Debian's `chromium` is there, its screenshot docs/demo/report.png.
 *
 *   npm run demo                       the pilot of seed 2018
 *   npm run demo -- --seed 7 --no-docs another pilot; leave docs/demo/ alone
 *   npm run demo -- --keep-running     keep the system running after the report, with the API and
 *                                      the pages on 127.0.0.1, and print a sign-in link to the
 *                                      coordinators' workspace with its 100 cases; Ctrl-C stops it
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { submitHoursDecision } from '../functions/api/hours-decision.ts';
import type { ApiDeps } from '../functions/api/route.ts';
import { claimsOf } from '../functions/api/routes/links.ts';
import { sendTimesheet } from '../functions/api/timesheet-submission.ts';
import {
  addDays,
  addMonths,
  daysInMonth,
  isoWeekday,
  monthOf,
  rigaInstantOf,
  toDayNumber,
  type YearMonth,
} from '../functions/domain/calendar.ts';
import { formatMinutes } from '../functions/domain/duration.ts';
import { suppress } from '../functions/domain/indicators/table.ts';
import { formatEuro } from '../functions/domain/money.ts';
import { monitoringRulesOn } from '../functions/domain/policy/policy.ts';
import { indicatorsCsv, indicatorsWorkbook } from '../functions/monitoring/export.ts';
import { settlementDaysOf } from '../functions/monthly-run/run-month.ts';
import {
  approvePlan,
  openCase,
  PhaseConflict,
  recordRanking,
  requestChanges,
  submitAssessment,
} from '../functions/review-cycle/commands.ts';
import type { Step } from '../functions/step-context.ts';
import { readCohort } from '../functions/store/cohort.ts';
import {
  decodeItem,
  outboxEntity,
  type StoredPlan,
  type StoredTimesheet,
} from '../functions/store/entities.ts';
import { ConflictError } from '../functions/store/errors.ts';
import { entryKey } from '../functions/store/hours-confirmations.ts';
import { type CaseRef, casePk } from '../functions/store/keys.ts';
import { VirtualClock } from '../local/stepfunctions/virtual-clock.ts';
import { type LocalSystem, startLocalSystem } from '../local/system.ts';
import { screenshot } from './chromium.ts';
import { Draw, generatePilot, type Pilot, type PilotChild } from './demo-pilot.ts';
import { type DemoReport, renderReport } from './demo-report.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, 'no-docs': { type: 'boolean' }, 'keep-running': { type: 'boolean' } },
});
const seed = Number(values.seed ?? 2018);
const keepRunning = values['keep-running'] === true;
const repository = path.resolve(import.meta.dirname, '..');
const outputDirectory = path.join(repository, '.atbalsts', 'demo');
const docsDirectory = path.join(repository, 'docs', 'demo');

/** The pilot's intake: after the run of 10 December, so its first month settled is one with plans. */
export const DEMO_START = '2024-12-11';
/**
 * The day after the monthly run that settles December 2025 (the 10th, moved to the next working
 * day: Monday 12 January 2026).
 */
export const DEMO_END = addDays(settlementDaysOf('2025-12').settlement, 1);
const DAY_STARTS_AT = '08:00';

const ACTIVITIES: [string, number][] = [
  ['education', 0.4],
  ['health-care', 0.2],
  ['leisure', 0.15],
  ['social-services', 0.1],
  ['day-care', 0.1],
  ['social-inclusion', 0.05],
];

interface PlanInForce {
  cycle: number;
  start: string;
  end: string;
  assistantMinutes: number;
  lines: { service: string; providerId?: string; unitsPerMonth: number; funding: string }[];
}

/** What the replay remembers of each child between days. */
interface ChildState {
  child: PilotChild;
  ref: CaseRef;
  /** Phase reactions already planned, e.g. `1:request-ranking`, `2:await-approval:1`. */
  handled: Set<string>;
  plans: PlanInForce[];
  /** The child's own stream of chance, so the replay is the same whatever order cases are handled in. */
  draw: Draw;
}

const started = performance.now();
const elapsed = () => {
  const seconds = Math.round((performance.now() - started) / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
};
const say = (line: string) => process.stdout.write(`${line}\n`);

// The steps log a JSON event per finished run for the operators' logs; the demo tells the months
// in its own words. Anything else (warnings, failures) still shows.
for (const level of ['log', 'info'] as const) {
  const operatorsLog = console[level];
  console[level] = (...parts: unknown[]) => {
    if (typeof parts[0] === 'string' && parts[0].startsWith('{"event":')) return;
    operatorsLog(...parts);
  };
}

const pilot = generatePilot(seed);
const systemDirectory = mkdtempSync(path.join(tmpdir(), 'atbalsts-demo-'));

/** Cases a step has touched since the replay last looked. */
const touched = new Set<string>();
const watch = (_name: string, step: Step): Step => {
  return async (event, context) => {
    try {
      return await step(event, context);
    } finally {
      const { caseId } = (event ?? {}) as { caseId?: unknown };
      if (typeof caseId === 'string') touched.add(caseId);
    }
  };
};

// ---- the replay -------------------------------------------------------------------------------

type Action = () => Promise<void>;

/** A command the case may have moved past (a deadline came first): that is part of the story, not an error. */
async function lenient(action: Action): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof PhaseConflict) && !(error instanceof ConflictError)) throw error;
  }
}

const coordinatorOf = (child: PilotChild) => ({ kind: 'coordinator' as const, id: child.coordinatorId });
const parentOf = (child: PilotChild) => ({ kind: 'parent' as const, id: child.parentId });

/**
 * The people of the pilot, day by day: what each does next is planned when their case reaches a
 * phase (seen through the steps that touched it), and done on the day it falls on.
 */
class PilotReplay {
  readonly #agenda = new Map<string, Action[]>();
  /** What the API's routes and the pages are given: the parents' links are answered through them. */
  readonly deps: ApiDeps;

  constructor(
    private readonly running: LocalSystem,
    private readonly states: Map<string, ChildState>,
  ) {
    this.deps = { ...running.workflows.context, auth: { localSecret: running.tokenSecret } };
  }

  plan(date: string, action: Action): void {
    const day = this.#agenda.get(date) ?? [];
    day.push(action);
    this.#agenda.set(date, day);
  }

  /** Everything planned for `date` so far, in parallel, then until the system is quiet. */
  async runDue(date: string): Promise<void> {
    const due = this.#agenda.get(date) ?? [];
    this.#agenda.delete(date);
    await inParallel(due, 8);
    await this.running.settle();
  }

  async run(): Promise<void> {
    const { context } = this.running.workflows;
    // The intake: the coordinators open the cases over the first week.
    [...this.states.values()].forEach(({ child }, index) => {
      this.plan(addDays(DEMO_START, index % 6), async () => {
        await openCase(
          context,
          {
            municipality: child.municipality,
            caseId: child.caseId,
            participantId: child.participantId,
            coordinatorId: child.coordinatorId,
          },
          child.person,
          coordinatorOf(child),
        );
      });
    });
    for (let today = DEMO_START; today <= DEMO_END; today = addDays(today, 1)) {
      await this.running.advanceTo(rigaInstantOf(today, DAY_STARTS_AT));
      if (today.endsWith('-01')) {
        // The month just ended: each assistant's timesheet and each provider's claims, sent in the days to come.
        const ended = addMonths(monthOf(today), -1);
        for (const state of this.states.values())
          planMonthPaperwork(state, ended, (on, action) => this.plan(on, action), this.running, this.deps);
      }
      await this.runDue(today);
      // A decision can move a case at once (a ranking, an approval): react, and do what falls on today.
      for (let round = 0; round < 3 && touched.size > 0; round += 1) {
        const moved = [...touched].sort();
        touched.clear();
        for (const caseId of moved) {
          const state = this.states.get(caseId);
          if (state) await this.react(state, today);
        }
        await this.runDue(today);
      }
      // The day after the month's run (the 10th, or the next working day): tell the month settled.
      const settled = addMonths(monthOf(today), -1);
      if (today === addDays(settlementDaysOf(settled).settlement, 1)) {
        await progress(this.running, this.states, settled);
      }
    }
    await this.running.settle();
    await this.running.deliver();
  }

  /** Plan what the case's people do next, once per phase reached. */
  async react(state: ChildState, today: string): Promise<void> {
    const stored = await this.running.store.cases.get(state.ref, true);
    if (stored?.status !== 'open') return;
    const index = Math.min(stored.cycle, 2) - 1;
    const habits = state.child.habits[index];
    const assessment = state.child.assessments[index];
    if (!habits || !assessment) return;
    const first = (key: string) => {
      if (state.handled.has(key)) return false;
      state.handled.add(key);
      return true;
    };
    if (stored.phase === 'request-assessment' && first(`${stored.cycle}:assessment`)) {
      this.#assess(state, addDays(today, habits.assessmentDays), assessment);
    } else if (
      stored.phase === 'request-ranking' &&
      habits.rankingDays !== null &&
      first(`${stored.cycle}:ranking`)
    ) {
      this.#rank(state, addDays(today, habits.rankingDays), state.child.rankings[index] ?? []);
    } else if (stored.phase === 'await-approval') {
      const latest = (await this.running.store.cycles.contents(state.ref, stored.cycle)).plans.at(-1);
      if (latest?.status === 'draft' && first(`${stored.cycle}:approval:${latest.revision}`)) {
        this.#decide(
          state,
          addDays(today, habits.approvalDays),
          latest.revision,
          habits.requestsChanges,
          assessment,
        );
      }
    } else if (stored.phase === 'active' && first(`${stored.cycle}:active`)) {
      const contents = await this.running.store.cycles.contents(state.ref, stored.cycle);
      const active = contents.plans.findLast((candidate) => candidate.status === 'active');
      if (active) state.plans.push(planInForce(stored.cycle, active));
    }
  }

  #assess(state: ChildState, on: string, assessment: PilotChild['assessments'][number]): void {
    const { context } = this.running.workflows;
    this.plan(on, () =>
      lenient(() =>
        submitAssessment(context, state.ref, { ...assessment, assessedOn: on }, coordinatorOf(state.child)),
      ),
    );
  }

  #rank(state: ChildState, on: string, services: string[]): void {
    const { context } = this.running.workflows;
    this.plan(on, () =>
      lenient(() =>
        recordRanking(
          context,
          state.ref,
          { services, rankedBy: 'parents', receivedOn: on },
          parentOf(state.child),
        ),
      ),
    );
  }

  #decide(
    state: ChildState,
    on: string,
    revision: number,
    requestsChanges: boolean,
    assessment: PilotChild['assessments'][number],
  ): void {
    const { context } = this.running.workflows;
    if (requestsChanges && revision === 1) {
      this.plan(on, () =>
        lenient(() =>
          requestChanges(context, state.ref, changesTo(assessment, revision), coordinatorOf(state.child)),
        ),
      );
      return;
    }
    const via = state.draw.chance(0.8) ? 'link' : 'coordinator';
    this.plan(on, () =>
      lenient(() =>
        approvePlan(
          context,
          state.ref,
          { revision, consent: { by: state.child.parentId, on, via } },
          coordinatorOf(state.child),
        ),
      ),
    );
  }
}

async function replay(running: LocalSystem, states: Map<string, ChildState>): Promise<void> {
  await new PilotReplay(running, states).run();
}

/** The coordinator's changes to a first draft: the farthest provider replaced by a nearer one. */
function changesTo(assessment: PilotChild['assessments'][number], revision: number) {
  const providers = (assessment.providers ?? []).map((provider) => ({ ...provider }));
  const farthest = providers.reduce<(typeof providers)[number] | undefined>(
    (far, provider) => (!far || provider.distanceKm > far.distanceKm ? provider : far),
    undefined,
  );
  if (farthest) {
    farthest.providerId = `${farthest.providerId}-near`.slice(0, 64);
    farthest.distanceKm = Math.round(farthest.distanceKm * 3) / 10;
  }
  return { toRevision: revision, providers };
}

function planInForce(cycle: number, stored: StoredPlan): PlanInForce {
  const assistant = stored.plan.grants.find((grant) => grant.service === 'assistant');
  return {
    cycle,
    start: stored.plan.period.start,
    end: stored.plan.period.end,
    assistantMinutes: Math.round((assistant?.hoursPerMonth ?? 0) * 60),
    lines: stored.plan.lines.map((line) => ({
      service: line.service,
      ...(typeof line['providerId'] === 'string' && { providerId: line['providerId'] }),
      unitsPerMonth: line.unitsPerMonth,
      funding: line.funding,
    })),
  };
}

/** The plan whose period holds the month, else the last one before it (its grants carry on). */
function planFor(state: ChildState, month: YearMonth): { plan: PlanInForce; covers: boolean } | undefined {
  const first = `${month}-01`;
  const covering = state.plans.find((candidate) => candidate.start <= first && first <= candidate.end);
  if (covering) return { plan: covering, covers: true };
  const before = state.plans.filter((candidate) => candidate.start <= first).at(-1);
  return before ? { plan: before, covers: false } : undefined;
}

/** Plan the month's timesheet and claims of one child, by the assistant's and providers' habits. */
function planMonthPaperwork(
  state: ChildState,
  month: YearMonth,
  plan: (date: string, action: () => Promise<void>) => void,
  running: LocalSystem,
  deps: ApiDeps,
): void {
  const found = planFor(state, month);
  if (!found) return;
  const { child, ref, draw } = state;
  const habits = child.timesheets;
  const next = addMonths(month, 1);
  const note = (actor: { kind: 'assistant' | 'provider'; id: string }, at: string) => ({
    actor,
    action: actor.kind === 'assistant' ? 'timesheet-submitted' : 'claim-submitted',
    at: rigaInstantOf(at, '12:00').toISOString(),
  });

  if (!draw.chance(habits.missingChance) && found.plan.assistantMinutes > 0) {
    const late = draw.chance(habits.lateChance);
    const day = late ? draw.int(12, 25) : draw.int(1, 5);
    const on = `${next}-${String(day).padStart(2, '0')}`;
    const entries = timesheetEntries(month, found.plan.assistantMinutes, habits, draw);
    // The parents confirm on the link their email holds: mostly within days, before the run on the
    // 10th; some after it (the supplementary run pays the difference); a few dispute a line.
    const confirmDay = draw.chance(habits.confirmLateChance)
      ? Math.max(day, draw.int(12, 28))
      : Math.min(day + draw.int(0, 3), Math.max(day, 8));
    const disputed = draw.chance(habits.disputeChance)
      ? { line: draw.int(0, Math.max(0, entries.length - 1)), reason: draw.pick(DISPUTE_REASONS) }
      : undefined;
    const confirmOn = `${next}-${String(confirmDay).padStart(2, '0')}`;
    plan(on, async () => {
      // The assistant sends the month as both doors do: the parents' link is written with it.
      const { timesheet } = await sendTimesheet(deps, ref, month, {
        assistantId: child.assistantId,
        entries,
      });
      const confirm = () => confirmByLink(deps, ref, timesheet, child.parentId, disputed);
      if (confirmOn === on) await confirm();
      else plan(confirmOn, confirm);
    });
  }
  if (!found.covers) return;
  for (const line of found.plan.lines) {
    if (line.funding !== 'individual-budget' || line.providerId === undefined || !draw.chance(0.9)) continue;
    const units = Math.max(1, Math.round(line.unitsPerMonth * child.claimShare * (0.8 + draw.next() * 0.4)));
    const on = `${next}-${String(draw.int(2, 8)).padStart(2, '0')}`;
    const claim = {
      claimId: `${month}-${line.service}`.slice(0, 64),
      date: `${month}-${String(draw.int(1, 28)).padStart(2, '0')}`,
      service: line.service,
      units,
      providerId: line.providerId,
      confirmed: !draw.chance(0.03),
    };
    const providerId = line.providerId;
    plan(on, () =>
      running.store.claims.submit(ref, claim, note({ kind: 'provider', id: providerId }, on)).then(() => {}),
    );
  }
}

/** What parents write when they dispute a line (short, in Latvian, as the page takes it). */
const DISPUTE_REASONS = [
  'Šajā dienā asistents nebija pie mums.',
  'Laiks nav pareizs: beidzām stundu agrāk.',
  'Bērns bija slims, nodarbība nenotika.',
] as const;

/**
 * The parents answer the `hours-to-confirm` email: the link it holds (read from the case's outbox,
 * as the email was rendered from it), the timesheet version they read, and the decision recorded
 * through the command the page's form posts to (functions/api/hours-decision.ts).
 */
async function confirmByLink(
  deps: ApiDeps,
  ref: CaseRef,
  sheet: StoredTimesheet,
  parentId: string,
  disputed: { line: number; reason: string } | undefined,
): Promise<void> {
  const items = await deps.store.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'OUTBOX#' },
    ConsistentRead: true,
  });
  const email = items
    .map((raw) => decodeItem(outboxEntity, raw))
    .filter(
      (item) =>
        item.kind === 'hours-to-confirm' &&
        item.recipient.id === parentId &&
        item.data['month'] === sheet.month &&
        item.data['assistantId'] === sheet.assistantId,
    )
    .at(-1);
  const token = /\/links\/([^/?#]+)/.exec(String(email?.data['confirmLink'] ?? ''))?.[1];
  if (!token) throw new Error(`no hours link for ${ref.caseId} ${sheet.month}`);
  const claims = claimsOf(deps, token, 'hours');
  const current = await deps.store.cases.require(ref);
  const entry = disputed === undefined ? undefined : sheet.entries[disputed.line];
  await lenient(async () => {
    await submitHoursDecision(deps, claims, {
      month: sheet.month,
      assistantId: sheet.assistantId,
      coordinatorId: current.coordinatorId,
      sheet,
      by: parentId,
      disputed: entry && disputed ? [{ entry, reason: disputed.reason }] : [],
    });
  });
}

/** A month of assistant days: weekdays, 2-6 hours from 08:00 to 15:00, one activity each. */
function timesheetEntries(
  month: YearMonth,
  grantMinutes: number,
  habits: PilotChild['timesheets'],
  draw: Draw,
) {
  const overCap = draw.chance(habits.overCapChance);
  const target = overCap
    ? grantMinutes + draw.int(4, 16) * 60
    : Math.min(
        grantMinutes,
        Math.round((grantMinutes * habits.usage * (0.85 + draw.next() * 0.25)) / 30) * 30,
      );
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  const weekdays: string[] = [];
  for (let day = 1; day <= daysInMonth(year, monthNumber); day += 1) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    if (isoWeekday(toDayNumber(date)) <= 5) weekdays.push(date);
  }
  const entries: {
    date: string;
    minutes: number;
    activity: string;
    confirmed: boolean;
    start: number;
    end: number;
  }[] = [];
  let left = target;
  const perDay = Math.max(120, Math.min(360, Math.ceil(target / weekdays.length / 30) * 30));
  for (const date of weekdays) {
    if (left <= 0) break;
    const minutes = Math.min(left, perDay);
    const start = 8 * 60 + draw.int(0, 2) * 60;
    entries.push({
      date,
      minutes,
      activity: activityOf(draw),
      // The assistant's own flag; what is paid is what the parents confirm on their link.
      confirmed: true,
      start,
      end: start + minutes,
    });
    left -= minutes;
  }
  return entries;
}

function activityOf(draw: Draw): string {
  let roll = draw.next();
  for (const [code, share] of ACTIVITIES) {
    roll -= share;
    if (roll < 0) return code;
  }
  return 'education';
}

async function inParallel(work: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, work.length) }, async () => {
      while (next < work.length) {
        const item = work[next++];
        if (item) await item();
      }
    }),
  );
}

async function progress(
  running: LocalSystem,
  states: Map<string, ChildState>,
  settled: YearMonth,
): Promise<void> {
  const run = await running.store.runs.get(settled);
  const inForce = [...states.values()].filter((state) => planFor(state, settled)?.covers).length;
  const emails = (await running.ses.emails()).length;
  const totals = run?.totals;
  say(
    `${settled}  plans in force ${String(inForce).padStart(3)}  ·  run of ${settled}: ${
      totals
        ? `${totals.settled} settled, ${totals.noGrant} without a grant, ${totals.failed} failed`
        : 'none'
    }  ·  ${emails} emails so far  ·  ${elapsed()}`,
  );
}

// ---- what happened --------------------------------------------------------------------------

async function collect(
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
  report.durationSeconds = Math.round((performance.now() - started) / 1000);
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
  const items = await running.store.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'OUTBOX#' },
    ConsistentRead: true,
  });
  const sent = items.map((raw) => decodeItem(outboxEntity, raw)).filter((item) => item.status === 'sent');
  for (const item of sent) report.emails[item.kind] = (report.emails[item.kind] ?? 0) + 1;
  if (sent.some((item) => item.kind === 'assessment-escalated')) report.cases.escalated += 1;
}

function printSummary(report: DemoReport): void {
  const sum = (pick: (row: DemoReport['municipalities'][number]) => number) =>
    report.municipalities.reduce((total, row) => total + pick(row), 0);
  const paid = report.months.reduce((total, row) => total + row.paidMinutes, 0);
  const late = report.months.reduce((total, row) => total + row.latePaidMinutes, 0);
  const amount = report.months.reduce((total, row) => total + row.amountCents, 0);
  const rejected: Record<string, number> = {};
  for (const row of report.months) {
    for (const [reason, minutes] of Object.entries(row.rejectedMinutes))
      rejected[reason] = (rejected[reason] ?? 0) + minutes;
  }
  const rejectedTotal = Object.values(rejected).reduce((total, minutes) => total + minutes, 0);
  const emails = Object.values(report.emails).reduce((total, count) => total + count, 0);
  const allocated = sum((row) => row.allocatedCents);
  const used = sum((row) => row.usedCents);
  say('');
  say(`The pilot replayed, ${report.from} to ${report.to} (seed ${report.seed}):`);
  say(
    `  Cases           ${report.cases.total} in ${report.municipalities.length} municipalities, ${report.cases.open} open; ${report.cases.escalated} assessments escalated to a supervisor`,
  );
  say(
    `  Plans           ${report.plans.activated} in force over the year (${report.plans.drafts} drafts, ${report.plans.changesRequested} changes requested, ${report.plans.rankedByTeamOnly} without the parents' ranking)`,
  );
  say(
    `  Budget          ${formatEuro(allocated)} allocated, ${formatEuro(sum((row) => row.plannedCents))} planned, ${formatEuro(used)} used, ${formatEuro(allocated - used)} remaining`,
  );
  say(
    `  Hours paid      ${formatMinutes(paid)} (${formatEuro(amount)}), of which ${formatMinutes(late)} paid late as differences`,
  );
  const confirmed = report.months.reduce((total, row) => total + row.confirmedMinutes, 0);
  const confirmedLate = report.months.reduce((total, row) => total + row.confirmedLateMinutes, 0);
  const disputed = report.months.reduce((total, row) => total + row.disputedMinutes, 0);
  const unanswered = report.months.reduce((total, row) => total + row.unansweredMinutes, 0);
  say(
    `  Confirmed       ${formatMinutes(confirmed)} by the parents before the run, ${formatMinutes(confirmedLate)} after it, ${formatMinutes(disputed)} disputed, ${formatMinutes(unanswered)} not answered`,
  );
  say(
    `  Hours rejected  ${formatMinutes(rejectedTotal)}: ${Object.entries(rejected)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, minutes]) => `${reason} ${formatMinutes(minutes)}`)
      .join(', ')}`,
  );
  say(
    `  Monthly runs    ${report.runs.length} (${report.runs.map((run) => `${run.month}: ${run.settled}`).join(', ')})`,
  );
  say(
    `  Emails          ${emails} sent (${report.emailsDelivered} received by the local SES): ${Object.entries(
      report.emails,
    )
      .sort(([, a], [, b]) => b - a)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
  );
}

function writeReport(report: DemoReport): void {
  mkdirSync(outputDirectory, { recursive: true });
  const html = renderReport(report);
  const file = path.join(outputDirectory, 'report.html');
  writeFileSync(file, html);
  say(`  Report          ${path.relative(process.cwd(), file)}`);
  if (values['no-docs']) return;
  mkdirSync(docsDirectory, { recursive: true });
  copyFileSync(file, path.join(docsDirectory, 'report.html'));
  const screenshot = path.join(docsDirectory, 'report.png');
  if (screenshotOf(file, screenshot)) say(`  Screenshot      ${path.relative(process.cwd(), screenshot)}`);
}

/** Photograph the report (scripts/chromium.ts); false when chromium is not there or fails. */
function screenshotOf(page: string, output: string): boolean {
  const failure = screenshot(page, output, { width: 1200, height: 4300 });
  if (failure) say(`  (no screenshot: ${failure})`);
  return failure === undefined;
}

/**
 * For the ministry (docs/ministry.md): the year's cohort as the what-if reads it from the store,
 * and the year's indicators as CSV and as a workbook, suppressed as every export is.
 */
async function writeMinistryFiles(running: LocalSystem): Promise<void> {
  const from = monthOf(DEMO_START) < '2025-01' ? '2025-01' : monthOf(DEMO_START);
  const to = addMonths(monthOf(DEMO_END), -1);
  const cohort = await readCohort(running.store, {
    from,
    to,
    regions: Object.fromEntries(
      pilot.municipalities.map((municipality) => [municipality.id, municipality.region]),
    ),
  });
  const cohortFile = path.join(outputDirectory, 'cohort.json');
  writeFileSync(cohortFile, JSON.stringify(cohort));
  const tables = (await running.store.indicators.months(from, to, { today: DEMO_END })).map((table) =>
    suppress(table, monitoringRulesOn(`${table.month}-01`).suppressBelowChildren),
  );
  writeFileSync(path.join(outputDirectory, 'indicators.csv'), indicatorsCsv(tables));
  writeFileSync(path.join(outputDirectory, 'indicators.xlsx'), await indicatorsWorkbook(tables));
  say(
    `  For the ministry ${path.relative(process.cwd(), cohortFile)} (the cohort of ${from}..${to}), indicators.csv and indicators.xlsx beside it`,
  );
}

// ---- browsing the replayed pilot -----------------------------------------------------------------

/** Print where the workspace is and who can sign in, then wait for Ctrl-C (or SIGTERM). */
async function browse(system: LocalSystem, replayed: Pilot): Promise<void> {
  const base = system.urls.http ?? '';
  const coordinators = new Map<string, Set<string>>();
  for (const child of replayed.children) {
    const ids = coordinators.get(child.municipality) ?? new Set<string>();
    ids.add(child.coordinatorId);
    coordinators.set(child.municipality, ids);
  }
  say('');
  say("The system keeps running (Ctrl-C stops it). The coordinators' workspace, with the pilot's 100 cases:");
  say(`  Sign in         ${base}/sign-in?next=${encodeURIComponent('/workspace')}`);
  say(`  Work queue      ${base}/workspace`);
  say(`  Monthly runs    ${base}/runs`);
  say(`  Emails (SES)    ${system.urls.sesViewer}`);
  say('  Coordinators, by municipality (the development sign-in lists them):');
  for (const [municipality, ids] of [...coordinators].sort(([a], [b]) => a.localeCompare(b))) {
    say(`    ${municipality.padEnd(12)} ${[...ids].sort().join(', ')}`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  say('Stopping.');
}

// ---- the run ----------------------------------------------------------------------------------

/** Start the system, replay the pilot, report; the system is stopped whatever happens. */
async function main(): Promise<void> {
  say(
    `Atbalsts demo: the children's pilot, seed ${seed}, ${pilot.children.length} children in ${pilot.municipalities.length} municipalities`,
  );
  const system = await startLocalSystem({
    dataDirectory: systemDirectory,
    inMemory: true,
    http: keepRunning,
    ports: { http: 0, ses: 0, dynamodb: 0 },
    clock: new VirtualClock(rigaInstantOf(DEMO_START, DAY_STARTS_AT)),
    wrapStep: watch,
    log: (line) => {
      if (/failed|could not/.test(line)) say(`  ! ${line}`);
    },
  });

  let exitCode = 0;
  try {
    const states = new Map<string, ChildState>(
      pilot.children.map((child, index) => [
        child.caseId,
        {
          child,
          ref: { municipality: child.municipality, caseId: child.caseId },
          handled: new Set(),
          plans: [],
          draw: new Draw(seed * 1_000 + index),
        },
      ]),
    );
    await replay(system, states);
    const report = await collect(system, pilot, states);
    printSummary(report);
    writeReport(report);
    await writeMinistryFiles(system);
    say(`  Took            ${elapsed()}`);
    if (keepRunning) await browse(system, pilot);
  } catch (error) {
    exitCode = 1;
    process.stderr.write(`The demo failed: ${(error as Error).stack ?? String(error)}\n`);
  } finally {
    await system.stop();
    rmSync(systemDirectory, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

await main();
