/**
 * The one Lambda entry point of the workflows' functions: every function deploys the same bundle
 * and names its step in `ATBALSTS_STEP`, so the code is bundled once and each function still has
 * its own role, memory and timeout. Locally the same steps are bound by name (local/workflows.ts).
 *
 * @example
 * // CDK: new AtbalstsFunction(this, 'Activate', { step: 'cycle-activate', ... }) sets ATBALSTS_STEP
 * export const handler = stepHandlerFromEnvironment();
 */
import { z } from 'zod';
import { CYCLE_STEPS, RUN_STEPS, SCHEDULED_FUNCTIONS } from '../../workflows/names.ts';
import type { Step } from '../step-context.ts';
import { lambdaHandler } from './aws-context.ts';
import { RUN_STEP_HANDLERS, SCHEDULED_HANDLERS } from './monthly-run-tasks.ts';
import { CYCLE_STEP_HANDLERS } from './review-cycle-tasks.ts';

/** Every step a function can run, by the name in `ATBALSTS_STEP`. */
export const STEPS: Readonly<Record<string, Step>> = {
  ...CYCLE_STEP_HANDLERS,
  ...RUN_STEP_HANDLERS,
  ...SCHEDULED_HANDLERS,
};

export const STEP_NAMES = [...CYCLE_STEPS, ...RUN_STEPS, ...SCHEDULED_FUNCTIONS] as const;

/** The handler for the step the environment names; an unknown name fails the cold start, loudly. */
export function stepHandlerFromEnvironment(environment = process.env): (event: unknown) => Promise<unknown> {
  const name = z.enum(STEP_NAMES).parse(environment['ATBALSTS_STEP']);
  const step = STEPS[name];
  if (!step) throw new Error(`no step ${name}`);
  return lambdaHandler(name, step);
}

export const handler = (event: unknown): Promise<unknown> => {
  selected ??= stepHandlerFromEnvironment();
  return selected(event);
};
let selected: ((event: unknown) => Promise<unknown>) | undefined;
