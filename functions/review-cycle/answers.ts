/**
 * Answering the cycle's callbacks. An answer is always recorded in the store first (the
 * assessment, the ranking, the decision, the early-review request) and only then sent to the
 * waiting task, with the token stored for the phase. Either side may come first: when a command
 * finds no live token (a reminder was being sent, the token had just timed out), the callback step
 * that stores the next token finds the recorded answer and answers itself. So no answer is lost,
 * and the token is spent once (a conditional write), so none is given twice.
 *
 * @example
 * await context.store.cycles.recordAssessment(ref, cycle, assessment, note);
 * await answerWaitingTask(context, ref, 'request-assessment', {});
 */

import { workflowRulesOn } from '../domain/policy/policy.ts';
import { OrchestratorError } from '../orchestrator/orchestrator.ts';
import type { StepContext } from '../step-context.ts';
import type { StoredCase } from '../store/entities.ts';
import { ConflictError, NotFoundError } from '../store/errors.ts';
import type { CaseRef } from '../store/keys.ts';
import { todayOf } from './case-context.ts';
import type { WaitingPhase } from './phases.ts';

export type AnswerOutcome = 'answered' | 'not-waiting' | 'already-answered' | 'stale';

/** The orchestrator's refusals that mean the token no longer waits: a newer one will be answered. */
const STALE_TOKEN_CODES = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Send `output` to the task waiting in `phase`, if one is. Spends the stored token first, so two
 * answers race for one spend and only the winner sends.
 */
export async function answerWaitingTask(
  context: StepContext,
  ref: CaseRef,
  phase: WaitingPhase,
  output: Record<string, unknown>,
): Promise<AnswerOutcome> {
  const waiting = await context.store.taskTokens.get(ref, phase);
  if (!waiting || waiting.spentAt) return 'not-waiting';
  const at = context.clock.now().toISOString();
  try {
    await context.store.taskTokens.spend(ref, phase, {
      at,
      retentionDays: workflowRulesOn(todayOf(context)).retention.spentTaskTokenDays,
    });
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) return 'already-answered';
    throw error;
  }
  try {
    await context.orchestrator.sendTaskSuccess(waiting.token, JSON.stringify(output));
  } catch (error) {
    if (error instanceof OrchestratorError && STALE_TOKEN_CODES.has(error.code)) return 'stale';
    throw error;
  }
  return 'answered';
}

/**
 * The answer to a phase that is already recorded in the store, if any: what the waiting task
 * would have been sent.
 */
export async function recordedAnswer(
  context: StepContext,
  current: StoredCase,
  phase: WaitingPhase,
): Promise<Record<string, unknown> | undefined> {
  const ref = { municipality: current.municipality, caseId: current.caseId };
  if (phase === 'active' || phase === 'review-due') {
    return current.reviewRequested ? { trigger: 'early-review' } : undefined;
  }
  const contents = await context.store.cycles.contents(ref, current.cycle);
  if (phase === 'request-assessment') {
    return contents.assessments.some((assessment) => assessment.recommendations !== undefined)
      ? {}
      : undefined;
  }
  if (phase === 'request-ranking') return contents.ranking ? {} : undefined;
  const latest = contents.plans.at(-1);
  if (!latest) return undefined;
  if (latest.status === 'approved') return { decision: 'approved', revision: latest.revision };
  if (contents.changeRequests.some((request) => request.toRevision === latest.revision)) {
    return { decision: 'changes-requested', revision: latest.revision };
  }
  return undefined;
}
