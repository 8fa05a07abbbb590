/**
 * The task of the state DraftPlan (`cycle-draft-plan`): the support plan drafted from the budget,
 * the team's recommendations and the parents' ranking, and the coordinator asked to approve it.
 */

import { parsePlanCase } from '../../domain/plan/input.ts';
import { makeSupportPlan } from '../../domain/plan/plan.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import type { StepContext } from '../../step-context.ts';
import type { OutboxDraft, PlanContract } from '../../store/entities.ts';
import {
  answerWindow,
  CycleDataError,
  contactIds,
  enterPhase,
  firstOfNextMonth,
  noteOf,
  openCaseInCycle,
  parentLink,
  todayOf,
} from '../case-context.ts';
import { approvalData, type CycleRef, cycleScope, notify, refOf } from './shared.ts';

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
  // One deadline: the date the email asks for and the end of that day, when the link expires.
  const consent = answerWindow(context, timing.consentDays);
  const consentLink = parentLink(context, ref, event.cycle, 'consent', consent.expires);
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
            respondBy: consent.deadline,
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
