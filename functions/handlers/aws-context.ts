/**
 * The step context on AWS: from the function's environment, built once per cold start, with the
 * link secret read from Secrets Manager (never from the environment). `lambdaHandler` wraps a
 * step as a Lambda entry; `awsStepContext` gives the same context to entries that are not steps.
 *
 * @example
 * export const handler = lambdaHandler(activate);
 */
import { z } from 'zod';
import { realClock } from '../orchestrator/clock.ts';
import { appConfigSchema, type Step, type StepContext } from '../step-context.ts';
import { createStore } from '../store/store.ts';

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
