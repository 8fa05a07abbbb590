/**
 * The replay: the clock moved day by day from the intake to the day after the last monthly run;
 * what each child's people do next is planned when their case reaches a phase and done on its day,
 * and a line is told for each month settled.
 */
import type { ApiDeps } from '../../functions/api/route.ts';
import {
  addDays,
  addMonths,
  monthOf,
  rigaInstantOf,
  type YearMonth,
} from '../../functions/domain/calendar.ts';
import { settlementDaysOf } from '../../functions/monthly-run/run-month.ts';
import {
  approvePlan,
  openCase,
  recordRanking,
  requestChanges,
  submitAssessment,
} from '../../functions/review-cycle/commands.ts';
import type { Step } from '../../functions/step-context.ts';
import type { LocalSystem } from '../../local/system.ts';
import {
  type Action,
  type ChildState,
  coordinatorOf,
  lenient,
  parentOf,
  planFor,
  planInForce,
} from './children.ts';
import { planMonthPaperwork } from './paperwork.ts';
import type { PilotChild } from './pilot.ts';
import { DAY_STARTS_AT, DEMO_END, DEMO_START, elapsed, say } from './timeline.ts';

/** Cases a step has touched since the replay last looked. */
const touched = new Set<string>();
export const watch = (_name: string, step: Step): Step => {
  return async (event, context) => {
    try {
      return await step(event, context);
    } finally {
      const { caseId } = (event ?? {}) as { caseId?: unknown };
      if (typeof caseId === 'string') touched.add(caseId);
    }
  };
};

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

export async function replay(running: LocalSystem, states: Map<string, ChildState>): Promise<void> {
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
