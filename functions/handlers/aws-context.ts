/**
 * The step context on AWS: from the function's environment, built once per cold start, with the
 * link secret read from Secrets Manager (never from the environment). `lambdaHandler` wraps a
 * step as a Lambda entry; `awsStepContext` gives the same context to entries that are not steps.
 *
 * @example
 * export const handler = lambdaHandler('cycle-activate', activate);
 */
import { z } from 'zod';
import { realClock } from '../orchestrator/clock.ts';
import { appConfigSchema, type Step, type StepContext } from '../step-context.ts';
import { createDocumentClient } from '../store/client.ts';
import { createStore } from '../store/store.ts';
import { logger, traced, tracer } from './observability.ts';

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
  const secret = await traced(new SecretsManagerClient({}))
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
    store: createStore({
      tableName: environment.ATBALSTS_TABLE,
      documents: createDocumentClient({}, traced),
    }),
    clock: realClock,
    orchestrator: new AwsOrchestrator(traced(new SFNClient({}))),
    config,
    eventLog: (level, event, fields) => logger[level](event, fields),
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
 * The Lambda entry point of a step: the context is made once per cold start. Each run is logged
 * as one line with the step's name, its outcome, the error's name if any and how long it took
 * (the event is not logged: ids and counts only would be safe, but the step's name says enough),
 * and annotated on the trace with the step's name.
 *
 * @example
 * export const handler = lambdaHandler('cycle-activate', activate);
 */
export function lambdaHandler(name: string, step: Step): (event: unknown) => Promise<unknown> {
  return async (event) => {
    const started = Date.now();
    tracer.putAnnotation('step', name);
    try {
      awsContext ??= contextFromEnvironment();
      const result = await step(event, await awsContext);
      logger.info('step', { step: name, outcome: 'ok', ms: Date.now() - started });
      return result;
    } catch (error) {
      const errorName = error instanceof Error ? error.name : 'Error';
      logger.warn('step', { step: name, outcome: 'failed', errorName, ms: Date.now() - started });
      throw error;
    }
  };
}
