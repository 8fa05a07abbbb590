/**
 * The review cycle's steps: what each Lambda task of workflows/review-cycle.ts does. Each step
 * records the phase it works in first, so a failure leaves the case resumable where it stopped,
 * and each is safe to run twice (a retried Lambda): notifications are decided once per scope,
 * plan drafts once per change request, grants and marks are idempotent writes.
 *
 * @example
 * const waits = await prepareCycle(context, { municipality: 'talsi', caseId: 'c-1', cycle: 1, execution: arn });
 */

import { assistantGrants, indicativeBudget } from '../domain/budget/indicative.ts';
import { budgetRulesFor } from '../domain/budget/policy.ts';
import {
  addDays,
  addMonths,
  daysBetween,
  type IsoDate,
  monthOf,
  rigaDateOf,
  toDayNumber,
  toIsoDate,
} from '../domain/calendar.ts';
import { activationChanges, handOverChanges } from '../domain/indicators/deltas.ts';
import { parsePlanCase } from '../domain/plan/input.ts';
import { makeSupportPlan } from '../domain/plan/plan.ts';
import { policyVersionOn, workflowRulesOn } from '../domain/policy/policy.ts';
import type { StepContext } from '../handlers/runtime.ts';
import type { GrantData, OutboxDraft, PlanContract, StoredCase, StoredPlan } from '../store/entities.ts';
import type { CaseRef } from '../store/keys.ts';
import { answerWaitingTask, recordedAnswer } from './answers.ts';
import {
  CycleDataError,
  caseLink,
  contactIds,
  enterPhase,
  firstOfNextMonth,
  noteOf,
  openCase,
  openCaseInCycle,
  parentLink,
  serviceLabel,
  todayOf,
} from './case-context.ts';
import {
  CLOSED_PHASE,
  type CyclePhase,
  cycleExecutionName,
  isCyclePhase,
  type WaitingPhase,
} from './phases.ts';
import { type CycleWaits, cycleWaits, type PeriodWaits, periodWaits } from './waits.ts';

export interface CycleRef extends CaseRef {
  cycle: number;
}

const refOf = (event: CaseRef): CaseRef => ({ municipality: event.municipality, caseId: event.caseId });
const cycleScope = (cycle: number, ...parts: (string | number)[]) => ['cycle', cycle, ...parts].join('-');

async function notify(context: StepContext, ref: CaseRef, drafts: OutboxDraft[], action: string) {
  if (drafts.length > 0) await context.store.outbox.enqueue(ref, drafts, noteOf(context, action));
}

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
  const current = await openCase(context, ref);
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
      // A repeated start of the same cycle keeps the day it first asked for the assessment.
      cycleStartedOn:
        current.cycle === event.cycle && current.cycleStartedOn ? current.cycleStartedOn : rigaDateOf(now),
    },
    note,
  );
  return waits;
}

// ---- the callbacks ----------------------------------------------------------------------------------

/**
 * A callback's first half: store the task token for the phase, tell whoever must act, and answer
 * at once if the answer was recorded while no token was live.
 */
export async function awaitAnswer(
  context: StepContext,
  event: CycleRef & { phase: WaitingPhase; taskToken: string },
): Promise<{ answeredFromStore: boolean }> {
  const ref = refOf(event);
  await openCaseInCycle(context, ref, event.cycle);
  await context.store.taskTokens.store(ref, event.phase, event.taskToken, context.clock.now().toISOString());
  const current = await enterPhase(context, ref, event.phase);
  await notify(context, ref, await waitingDrafts(context, current, event.phase), `notify-${event.phase}`);
  const answer = await recordedAnswer(context, current, event.phase);
  if (!answer) return { answeredFromStore: false };
  const outcome = await answerWaitingTask(context, ref, event.phase, answer);
  return { answeredFromStore: outcome === 'answered' };
}

async function waitingDrafts(
  context: StepContext,
  current: StoredCase,
  phase: WaitingPhase,
): Promise<OutboxDraft[]> {
  const ref = refOf(current);
  const today = todayOf(context);
  const timing = workflowRulesOn(today).cycle;
  const scope = cycleScope(current.cycle);
  if (phase === 'request-assessment') {
    return [
      {
        kind: 'assessment-due',
        scope,
        recipient: { role: 'coordinator', id: current.coordinatorId },
        data: {
          caseId: current.caseId,
          dueDate: addDays(today, timing.assessmentReminderDays),
          caseLink: caseLink(context, ref),
        },
      },
    ];
  }
  if (phase === 'request-ranking') {
    const { assessments } = await context.store.cycles.contents(ref, current.cycle);
    const recommendations = [...(assessments.at(-1)?.recommendations ?? [])].sort((a, b) => a.rank - b.rank);
    if (recommendations.length === 0) return [];
    const parents = await contactIds(context, ref, 'legal-representative');
    const rankingLink = parentLink(context, ref, current.cycle, 'ranking', timing.rankingDays);
    return parents.map((id) => ({
      kind: 'ranking-requested',
      scope,
      recipient: { role: 'legal-representative', id },
      data: {
        services: recommendations.map((recommendation) => serviceLabel(recommendation.service, today)),
        deadline: addDays(today, timing.rankingDays),
        rankingLink,
      },
    }));
  }
  return [];
}

// ---- reminders and timeouts -----------------------------------------------------------------------

export type RemindKind = 'assessment' | 'ranking' | 'approval' | 'review-due';

/**
 * What happens when a callback times out: a reminder (escalated to the supervisors after the
 * policy's number of reminders), the parents' ranking given up on, or the review falling due.
 * Returns the reminders sent so far, or for `review-due` the waits of the rest of the period.
 */
export async function remind(
  context: StepContext,
  event: CycleRef & { kind: RemindKind; sent: number; startedOn: IsoDate },
): Promise<number | PeriodWaits> {
  const ref = refOf(event);
  const current = await openCaseInCycle(context, ref, event.cycle);
  const today = todayOf(context);
  const timing = workflowRulesOn(today).cycle;
  const coordinator = { role: 'coordinator' as const, id: current.coordinatorId };
  const link = caseLink(context, ref);
  if (event.kind === 'assessment') {
    const reminder = event.sent + 1;
    const dueDate = addDays(event.startedOn, timing.assessmentReminderDays);
    const daysOverdue = Math.max(1, daysBetween(dueDate, today));
    const drafts: OutboxDraft[] = [
      {
        kind: 'assessment-overdue',
        scope: cycleScope(event.cycle, 'reminder', reminder),
        recipient: coordinator,
        data: { caseId: current.caseId, dueDate, daysOverdue, reminder, caseLink: link },
      },
    ];
    if (reminder >= timing.remindersBeforeEscalation) {
      for (const supervisor of context.config.supervisors[ref.municipality] ?? []) {
        drafts.push({
          kind: 'assessment-escalated',
          scope: cycleScope(event.cycle, 'escalation', reminder),
          recipient: { role: 'supervisor', id: supervisor },
          data: { caseId: current.caseId, dueDate, daysOverdue, remindersSent: reminder, caseLink: link },
        });
      }
    }
    await notify(context, ref, drafts, 'assessment-reminded');
    return reminder;
  }
  if (event.kind === 'ranking') {
    await notify(
      context,
      ref,
      [
        {
          kind: 'ranking-not-received',
          scope: cycleScope(event.cycle),
          recipient: coordinator,
          data: {
            caseId: current.caseId,
            requestedOn: addDays(today, -timing.rankingDays),
            deadline: today,
            caseLink: link,
          },
        },
      ],
      'ranking-not-received',
    );
    return 0;
  }
  if (event.kind === 'approval') {
    const reminder = event.sent + 1;
    const latest = (await context.store.cycles.contents(ref, event.cycle)).plans.at(-1);
    if (latest) {
      await notify(
        context,
        ref,
        [
          {
            kind: 'plan-awaiting-approval',
            scope: cycleScope(event.cycle, 'rev', latest.revision, 'reminder', reminder),
            recipient: coordinator,
            data: { ...approvalData(context, current, latest), reminder },
          },
        ],
        'approval-reminded',
      );
    }
    return reminder;
  }
  // The review falls due: the coordinator is told; the cycle waits for the period's end.
  if (!current.period || !current.reviewDue) throw new CycleDataError(ref, 'the case has no active period');
  const updated = await enterPhase(context, ref, 'review-due');
  await notify(
    context,
    ref,
    [
      {
        kind: 'review-due',
        scope: cycleScope(event.cycle),
        recipient: coordinator,
        data: { caseId: updated.caseId, periodEnd: current.period.end, caseLink: link },
      },
    ],
    'review-due',
  );
  return periodWaits(context.clock.now(), current.reviewDue, current.period.end);
}

// ---- budget and plan --------------------------------------------------------------------------------

/** The budget engine on the cycle's latest assessment: the indicative budget and the assistant grants. */
export async function computeBudget(context: StepContext, event: CycleRef): Promise<{ cents: number }> {
  const ref = refOf(event);
  await openCaseInCycle(context, ref, event.cycle);
  await enterPhase(context, ref, 'compute-budget');
  const { assessments } = await context.store.cycles.contents(ref, event.cycle);
  const assessment = assessments.at(-1);
  if (!assessment) throw new CycleDataError(ref, `no assessment is recorded for cycle ${event.cycle}`);
  const periodStart = firstOfNextMonth(todayOf(context));
  const rules = budgetRulesFor(periodStart);
  const months = workflowRulesOn(periodStart).cycle.periodMonths;
  const domainAssessment = {
    scores: assessment.scores,
    weeklyRehabilitation: assessment.weeklyRehabilitation,
    needsCompanion: assessment.needsCompanion,
  };
  const budget = indicativeBudget(domainAssessment, months, rules.budget);
  const assistantRules = policyVersionOn(periodStart)?.assistant;
  await context.store.cycles.recordBudget(
    ref,
    event.cycle,
    {
      assessedOn: assessment.assessedOn,
      cents: budget.cents,
      terms: budget.terms,
      assistantGrants: assistantRules
        ? assistantGrants(domainAssessment, assistantRules).map((grant) => ({ ...grant }))
        : [],
      policy: { id: rules.policyId, revision: rules.policyRevision },
    },
    noteOf(context, 'budget-computed'),
  );
  return { cents: budget.cents };
}

/** Why a drafted plan follows the team's order alone. */
export const PARENTS_DID_NOT_RANK = 'PARENTS_DID_NOT_RANK' as const;

/**
 * The plan engine on the cycle's assessment, the parents' ranking (or the team's order when they
 * did not rank) and the latest change request; stored as the next revision and sent to the
 * parents for consent and to the coordinator for approval. A retry reuses the revision drafted
 * for the same change request.
 */
export async function draftPlan(context: StepContext, event: CycleRef): Promise<{ revision: number }> {
  const ref = refOf(event);
  const current = await openCaseInCycle(context, ref, event.cycle);
  await enterPhase(context, ref, 'draft-plan');
  const contents = await context.store.cycles.contents(ref, event.cycle);
  const assessment = contents.assessments.at(-1);
  if (!assessment) throw new CycleDataError(ref, `no assessment is recorded for cycle ${event.cycle}`);
  const changes = contents.changeRequests.at(-1);
  let stored = contents.plans[contents.changeRequests.length];
  if (!stored) {
    const today = todayOf(context);
    const periodStart = firstOfNextMonth(today);
    const ranking = changes?.parentRanking ?? contents.ranking?.services;
    const recommendations = changes?.recommendations ?? assessment.recommendations ?? [];
    let planCase: ReturnType<typeof parsePlanCase>;
    try {
      planCase = parsePlanCase({
        participantId: current.participantId,
        periodStart,
        months: workflowRulesOn(periodStart).cycle.periodMonths,
        assessment: {
          ...assessment.scores,
          weeklyRehabilitation: assessment.weeklyRehabilitation,
          needsCompanion: assessment.needsCompanion,
        },
        recommendations,
        parentRanking: ranking ?? [],
        providers: changes?.providers ?? assessment.providers ?? [],
      });
    } catch (error) {
      // The paths name the fields, never values: safe for the failure record.
      const detail = error instanceof Error ? error.message : String(error);
      throw new CycleDataError(ref, `the plan cannot be made from the recorded data: ${detail}`);
    }
    const plan = makeSupportPlan(planCase);
    const warnings = [...plan.warnings];
    if (!ranking) {
      warnings.push({
        code: PARENTS_DID_NOT_RANK,
        message: 'The parents did not rank the services in time; the plan follows the team’s order.',
      });
    }
    stored = await context.store.cycles.recordPlan(
      ref,
      event.cycle,
      { ...plan, warnings } as unknown as PlanContract,
      noteOf(context, 'plan-drafted'),
    );
  }
  const timing = workflowRulesOn(todayOf(context)).cycle;
  const scope = cycleScope(event.cycle, 'rev', stored.revision);
  const parents = await contactIds(context, ref, 'legal-representative');
  const consentLink = parentLink(context, ref, event.cycle, 'consent', timing.approvalReminderDays * 2);
  await notify(
    context,
    ref,
    [
      ...parents.map(
        (id): OutboxDraft => ({
          kind: 'plan-ready-for-consent',
          scope,
          recipient: { role: 'legal-representative', id },
          data: {
            period: stored.plan.period,
            totalCents: stored.plan.totalCents,
            services: stored.plan.lines.length,
            consentLink,
            respondBy: addDays(todayOf(context), timing.approvalReminderDays),
          },
        }),
      ),
      {
        kind: 'plan-awaiting-approval',
        scope,
        recipient: { role: 'coordinator', id: current.coordinatorId },
        data: approvalData(context, current, stored),
      },
    ],
    'plan-sent',
  );
  return { revision: stored.revision };
}

function approvalData(
  context: StepContext,
  current: StoredCase,
  stored: StoredPlan,
): Record<string, unknown> {
  const ref = refOf(current);
  return {
    caseId: current.caseId,
    period: stored.plan.period,
    budgetCents: stored.plan.budget.cents,
    totalCents: stored.plan.totalCents,
    unfundedServices: stored.plan.unfunded.length,
    warnings: stored.plan.warnings.length,
    approvalLink: `${caseLink(context, ref)}/cycles/${stored.cycle}/plans/${stored.revision}`,
  };
}

// ---- activation ------------------------------------------------------------------------------------

const monthsFrom = (from: IsoDate, to: IsoDate): string[] => {
  const months: string[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonths(month, 1)) months.push(month);
  return months;
};

/**
 * The approved plan takes effect: it becomes the active plan, its grants run for the period (the
 * previous cycle's grants end the day before, so one grant is in force each day), the months are
 * marked for the monthly run, and the parents and assistants are told.
 */
export async function activate(context: StepContext, event: CycleRef): Promise<PeriodWaits> {
  const ref = refOf(event);
  await openCaseInCycle(context, ref, event.cycle);
  await enterPhase(context, ref, 'activate');
  const contents = await context.store.cycles.contents(ref, event.cycle);
  const approved = contents.plans.at(-1);
  if (!approved || (approved.status !== 'approved' && approved.status !== 'active')) {
    throw new CycleDataError(ref, `cycle ${event.cycle} has no approved plan`);
  }
  const { start, end } = approved.plan.period;
  const note = noteOf(context, 'plan-activated');
  if (approved.status === 'approved') {
    // Budget, planned spending, unfunded services and granted hours count once, as the plan takes
    // effect; so does the previous cycle's grant handed over to it (carried on or cut short).
    const previous =
      event.cycle > 0 ? (await context.store.cycles.contents(ref, event.cycle - 1)).grants : [];
    const counters = [
      ...activationChanges(approved.plan, monthsFrom(start, end)),
      ...handOverChanges(previous, start),
    ];
    await context.store.cycles.setPlanStatus(
      ref,
      event.cycle,
      approved.revision,
      'active',
      note,
      undefined,
      counters,
    );
  }
  const grants: GrantData[] = approved.plan.grants
    .filter((grant) => grant.hoursPerMonth > 0)
    .map((grant) => ({
      service: grant.service,
      basis: 'month',
      minutes: Math.round(grant.hoursPerMonth * 60),
      from: start,
      to: end,
    }));
  if (grants.length > 0) await context.store.cycles.recordGrants(ref, event.cycle, grants, note);
  const months = monthsFrom(start, end);
  if (event.cycle > 0)
    months.unshift(...(await handOverFromPreviousCycle(context, ref, event.cycle - 1, start)));
  await context.store.cases.markActiveMonths(ref, [...new Set(months)].sort(), note);

  const timing = workflowRulesOn(start).cycle;
  const reviewDue = addDays(end, -timing.reviewDueDaysBeforeEnd);
  const updated = await enterPhase(context, ref, 'activate', {
    period: { start, end },
    reviewDue,
    reassessmentDue: addDays(end, 1),
  });

  const assistantGrant = grants.find((grant) => grant.service === 'assistant');
  const [parents, assistants] = await Promise.all([
    contactIds(context, ref, 'legal-representative'),
    contactIds(context, ref, 'assistant'),
  ]);
  const scope = cycleScope(event.cycle);
  const drafts: OutboxDraft[] = [];
  if (approved.plan.lines.length > 0) {
    const data = {
      period: { start, end },
      budgetCents: approved.plan.budget.cents,
      totalCents: approved.plan.totalCents,
      remainingCents: approved.plan.remainingCents,
      services: approved.plan.lines.map((line) => ({
        service: serviceLabel(line.service, start),
        unitsPerMonth: line.unitsPerMonth,
        unit: budgetRulesFor(start).services.get(line.service)?.unit ?? 'session',
        periodCents: line.periodCents,
      })),
      assistantHours: approved.plan.grants.map((grant) => ({
        service: serviceLabel(grant.service, start),
        hoursPerMonth: grant.hoursPerMonth,
      })),
    };
    for (const id of parents) {
      drafts.push({ kind: 'plan-activated', scope, recipient: { role: 'legal-representative', id }, data });
    }
  }
  if (assistantGrant) {
    for (const id of assistants) {
      drafts.push({
        kind: 'assistant-assignment-started',
        scope,
        recipient: { role: 'assistant', id },
        data: {
          caseId: updated.caseId,
          period: { start, end },
          grant: { basis: assistantGrant.basis, minutes: assistantGrant.minutes },
        },
      });
    }
  }
  await notify(context, ref, drafts, 'activation-sent');
  return periodWaits(context.clock.now(), reviewDue, end);
}

/**
 * The previous cycle's grants run until the day before the new period starts: cut short after an
 * early review, or carried on while a late review was decided (the plan stays in force until it
 * is replaced). Returns the months the carried-on grants add to the monthly runs.
 */
async function handOverFromPreviousCycle(
  context: StepContext,
  ref: CaseRef,
  previousCycle: number,
  newStart: IsoDate,
): Promise<string[]> {
  const { grants } = await context.store.cycles.contents(ref, previousCycle);
  const dayBefore = toIsoDate(toDayNumber(newStart) - 1);
  const changed = grants.filter((grant) => grant.to !== dayBefore);
  if (changed.length === 0) return [];
  await context.store.cycles.recordGrants(
    ref,
    previousCycle,
    changed.map(({ service, basis, minutes, from }) => ({
      service,
      basis,
      minutes,
      ...(from !== undefined && { from }),
      to: dayBefore,
    })),
    noteOf(context, 'grants-handed-over'),
  );
  const carriedFrom = changed
    .map((grant) => grant.to)
    .filter((to): to is string => to !== undefined && to < dayBefore)
    .sort()[0];
  return carriedFrom ? monthsFrom(addDays(carriedFrom, 1), dayBefore) : [];
}

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

// ---- failure -----------------------------------------------------------------------------------

/**
 * A step failed for good: record it on the case (the phase stays, so the cycle can be resumed
 * there) and alert the coordinator. Error names only, never causes: they may quote data.
 */
export async function recordFailure(
  context: StepContext,
  event: CycleRef & { error: string; execution: string },
): Promise<void> {
  const ref = refOf(event);
  const found = await context.store.cases.get(ref, true);
  // A closed case has nothing to resume; its execution was stopped on purpose.
  if (found?.status !== 'open') return;
  const now = context.clock.now();
  const at = now.toISOString();
  const phase: CyclePhase | string = found.phase;
  await context.store.cases.update(
    ref,
    found,
    { failure: { error: event.error.slice(0, 256), phase, at } },
    noteOf(context, 'cycle-failed'),
  );
  await notify(
    context,
    ref,
    [
      {
        kind: 'workflow-failed',
        scope: cycleScope(event.cycle, 'failed', at.replace(/[^0-9]/g, '').slice(0, 14)),
        recipient: { role: 'coordinator', id: found.coordinatorId },
        data: {
          caseId: found.caseId,
          phase,
          failedOn: rigaDateOf(now),
          error: event.error.slice(0, 128),
          caseLink: caseLink(context, ref),
        },
      },
    ],
    'failure-reported',
  );
}
