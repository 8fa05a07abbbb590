/**
 * The task of every callback state (RequestAssessment, RequestRanking, AwaitApproval,
 * ActivePeriod, AwaitPeriodEnd; `cycle-await`): the task token stored for the phase, the emails
 * that ask for the answer, or the answer already recorded given at once.
 */

import { rigaDateOf } from '../../domain/calendar.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import { deadlineAfter } from '../../domain/working-days.ts';
import type { StepContext } from '../../step-context.ts';
import type { OutboxDraft, StoredCase } from '../../store/entities.ts';
import { answerWaitingTask, recordedAnswer } from '../answers.ts';
import {
  caseLink,
  contactIds,
  enterPhase,
  openCaseInCycle,
  parentLink,
  serviceLabel,
  todayOf,
} from '../case-context.ts';
import type { WaitingPhase } from '../phases.ts';
import { type CycleRef, cycleScope, notify, refOf } from './shared.ts';

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
          dueDate: deadlineAfter(today, timing.assessmentReminderDays),
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
    // The link expires when the ranking's wait (rankingSeconds) ends; the email names that day.
    const expires = new Date(context.clock.now().getTime() + timing.rankingDays * 86_400_000);
    const rankingLink = parentLink(context, ref, current.cycle, 'ranking', expires);
    return parents.map((id) => ({
      kind: 'ranking-requested',
      scope,
      recipient: { role: 'legal-representative', id },
      data: {
        services: recommendations.map((recommendation) => serviceLabel(recommendation.service, today)),
        deadline: rigaDateOf(expires),
        rankingLink,
      },
    }));
  }
  return [];
}
