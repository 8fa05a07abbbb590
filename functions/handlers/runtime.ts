/**
 * What every Lambda step needs, and the two ways to get it: on AWS from the function's
 * environment (built once per cold start), locally from the running system (the virtual clock,
 * the local orchestrator). A step is a plain async function of a zod-checked event and this
 * context; `lambdaHandler` wraps it for AWS, `bindSteps` for the local runtime.
 *
 * @example
 * export const activate = defineStep(activateEventSchema, (event, context) => activateCycle(context, event));
 * export const handler = lambdaHandler(activate);
 */
import { z } from 'zod';
import { formatPath, InputError } from '../domain/errors.ts';
import { type Clock, realClock } from '../orchestrator/clock.ts';
import type { Orchestrator } from '../orchestrator/orchestrator.ts';
import { idSchema } from '../store/keys.ts';
import { createStore, type Store } from '../store/store.ts';

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

const environmentSchema = z.object({
  ATBALSTS_TABLE: z.string().min(1),
  /** The settings without the link secret, which the environment never holds. */
  ATBALSTS_CONFIG: z.string().min(2),
  /** The Secrets Manager secret whose value is the link secret. */
  ATBALSTS_LINK_SECRET_ARN: z.string().min(1),
});

let awsContext: Promise<StepContext> | undefined;

/**
 * The context on AWS, from the function's environment and, at cold start, the link secret from
 * Secrets Manager; the AWS clients are loaded only there. A link secret in ATBALSTS_CONFIG is refused.
 */
async function contextFromEnvironment(): Promise<StepContext> {
  const environment = environmentSchema.parse(process.env);
  const settings = appConfigSchema.omit({ linkSecret: true }).parse(JSON.parse(environment.ATBALSTS_CONFIG));
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secret = await new SecretsManagerClient({})
    .send(new GetSecretValueCommand({ SecretId: environment.ATBALSTS_LINK_SECRET_ARN }))
    .catch((error: unknown) => {
      // A transient failure must not stick to this container: the next invocation tries again.
      awsContext = undefined;
      throw error;
    });
  const config = appConfigSchema.parse({ ...settings, linkSecret: secret.SecretString });
  const { AwsOrchestrator } = await import('../orchestrator/aws.ts');
  const { SFNClient } = await import('@aws-sdk/client-sfn');
  return {
    store: createStore({ tableName: environment.ATBALSTS_TABLE }),
    clock: realClock,
    orchestrator: new AwsOrchestrator(new SFNClient({})),
    config,
  };
}

/**
 * The step context on AWS for an entry point that is not a step (the API): the same context as
 * the steps', made once per cold start; a failed start is tried again on the next call.
 *
 * @example
 * const context = await awsStepContext();
 */
export function awsStepContext(): Promise<StepContext> {
  awsContext ??= contextFromEnvironment();
  return awsContext;
}

/**
 * The Lambda entry point of a step: the context is made once per cold start.
 *
 * @example
 * export const handler = lambdaHandler(activate);
 */
export function lambdaHandler(step: Step): (event: unknown) => Promise<unknown> {
  return async (event) => {
    awsContext ??= contextFromEnvironment();
    return step(event, await awsContext);
  };
}
