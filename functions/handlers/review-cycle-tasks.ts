/**
 * The review cycle's Lambda steps as thin adapters: each checks its event with zod (ids, counts
 * and dates only; the state machine never carries personal data) and calls the cycle's logic.
 *
 * @example
 * await CYCLE_STEP_HANDLERS['cycle-compute-budget']({ municipality: 'talsi', caseId: 'c-1', cycle: 1 }, context);
 */
import { z } from 'zod';
import type { CycleStep } from '../../workflows/names.ts';
import { isoDateSchema } from '../domain/policy/schema.ts';
import { WAITING_PHASES } from '../review-cycle/phases.ts';
import { activate } from '../review-cycle/tasks/activate.ts';
import { awaitAnswer } from '../review-cycle/tasks/await-answer.ts';
import { closeCycle } from '../review-cycle/tasks/close.ts';
import { computeBudget } from '../review-cycle/tasks/compute-budget.ts';
import { draftPlan } from '../review-cycle/tasks/draft-plan.ts';
import { prepareCycle } from '../review-cycle/tasks/prepare.ts';
import { recordFailure } from '../review-cycle/tasks/record-failure.ts';
import { remind } from '../review-cycle/tasks/remind.ts';
import { defineStep, type Step } from '../step-context.ts';
import { idSchema } from '../store/keys.ts';

const cycleRef = {
  municipality: idSchema,
  caseId: idSchema,
  cycle: z.number().int().min(1).max(9_999),
};
const execution = z.string().min(1).max(2_048);

export const CYCLE_STEP_HANDLERS: Record<CycleStep, Step> = {
  'cycle-prepare': defineStep(
    z.strictObject({ ...cycleRef, execution, resumeFrom: z.string().min(1).max(64).optional() }),
    (event, context) => prepareCycle(context, event),
  ),
  'cycle-await': defineStep(
    z.strictObject({ ...cycleRef, phase: z.enum(WAITING_PHASES), taskToken: z.string().min(1).max(2_048) }),
    (event, context) => awaitAnswer(context, event),
  ),
  'cycle-remind': defineStep(
    z.strictObject({
      ...cycleRef,
      kind: z.enum(['assessment', 'ranking', 'approval', 'review-due']),
      sent: z.number().int().min(0).max(1_000),
      startedOn: isoDateSchema,
    }),
    (event, context) => remind(context, event),
  ),
  'cycle-compute-budget': defineStep(z.strictObject(cycleRef), (event, context) =>
    computeBudget(context, event),
  ),
  'cycle-draft-plan': defineStep(z.strictObject(cycleRef), (event, context) => draftPlan(context, event)),
  'cycle-activate': defineStep(z.strictObject(cycleRef), (event, context) => activate(context, event)),
  'cycle-close': defineStep(z.strictObject(cycleRef), (event, context) => closeCycle(context, event)),
  'cycle-record-failure': defineStep(
    z.strictObject({ ...cycleRef, error: z.string().min(1).max(1_024), execution }),
    (event, context) => recordFailure(context, event),
  ),
};
