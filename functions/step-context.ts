/**
 * What every workflow task, API route and run needs: the store, the clock, the orchestrator and
 * the deployment's settings. A step is a plain async function of a zod-checked event and this
 * context. Where the context comes from is the caller's business: on AWS the Lambda entries
 * build it from the environment (functions/handlers/aws-context.ts), locally the running system
 * (local/workflows.ts) with its virtual clock and local orchestrator.
 *
 * @example
 * export const activate = defineStep(activateEventSchema, (event, context) => activateCycle(context, event));
 */
import { z } from 'zod';
import { formatPath, InputError } from './domain/errors.ts';
import type { EventLog } from './event-log.ts';
import type { Clock } from './orchestrator/clock.ts';
import type { Orchestrator } from './orchestrator/orchestrator.ts';
import { idSchema } from './store/keys.ts';
import type { Store } from './store/store.ts';

/** Settings of a deployment, validated when a function or the local system starts. */
export const appConfigSchema = z.strictObject({
  /** Where people open the app; links in emails start here. */
  appUrl: z.url({ protocol: /^https?$/ }),
  /** Signs the parents' links (at least 32 characters). */
  linkSecret: z.string().min(32),
  /** Supervisors alerted when an assessment is escalated, by municipality. */
  supervisors: z.record(idSchema, z.array(idSchema)),
  /** The review cycle's state machine, which a closing cycle starts again. */
  cycleStateMachineArn: z.string().min(1),
});
export type AppConfig = z.infer<typeof appConfigSchema>;

export interface StepContext {
  store: Store;
  clock: Clock;
  orchestrator: Orchestrator;
  config: AppConfig;
  /** Where events are logged (functions/event-log.ts); the console when absent. */
  eventLog?: EventLog;
}

/** A step: the raw event in (checked by its schema), the result out. */
export type Step = (event: unknown, context: StepContext) => Promise<unknown>;

/**
 * A step whose event is checked with `schema` first: a bad event is an {@link InputError}
 * naming each field, and nothing runs.
 *
 * @example
 * const step = defineStep(z.object({ caseId: idSchema }), async (event, context) => ({ ok: event.caseId }));
 */
export function defineStep<S extends z.ZodType>(
  schema: S,
  run: (event: z.output<S>, context: StepContext) => Promise<unknown>,
): Step {
  return async (event, context) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
      );
    }
    return run(parsed.data, context);
  };
}
