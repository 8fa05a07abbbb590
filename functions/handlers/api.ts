/**
 * The API's Lambda entry, behind API Gateway (HTTP API, payload 2.0). The app is the one of
 * functions/api/app.ts over the same step context as the workflow steps (built from the
 * environment once per cold start, the link secret from Secrets Manager), reading the caller's
 * claims from the JWT authorizer in the request context. Routes under `/links/` and
 * `/openapi.json` are deployed without the authorizer (parents have no account); every other
 * route needs it.
 *
 * @example
 * // infra: new lambda.Function(this, 'Api', { handler: 'index.handler', entry: 'functions/handlers/api.ts', ... })
 * export const handler = ...; // (event, context) => API Gateway result
 */
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { createWebApp } from '../pages/app.ts';
import type { SessionConfig } from '../session/middleware.ts';
import type { StepContext } from '../step-context.ts';
import { awsStepContext } from './aws-context.ts';
import { logger } from './observability.ts';

type LambdaHandler = ReturnType<typeof handle>;

let built: { context: StepContext; handler: LambdaHandler } | undefined;

/** The app's log entries (ids, routes, statuses and error names only) through the one logger. */
const logEntry = (entry: { level: string; message: string }) =>
  entry.level === 'error' ? logger.error(entry.message, entry) : logger.info(entry.message, entry);

const signInEnvironmentSchema = z.object({
  ATBALSTS_SESSION_SECRET_ARN: z.string().min(1),
  ATBALSTS_SIGN_IN: z
    .string()
    .transform((text) =>
      z
        .strictObject({ issuer: z.url(), clientId: z.string().min(1), domain: z.url() })
        .parse(JSON.parse(text)),
    ),
});

/**
 * The pages' sign-in on AWS: the user pool's managed login, and the session secret from Secrets
 * Manager (read once per cold start, never from the environment).
 */
async function sessionFromEnvironment(appUrl: string): Promise<SessionConfig> {
  const environment = signInEnvironmentSchema.parse(process.env);
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secret = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: environment.ATBALSTS_SESSION_SECRET_ARN }),
  );
  return {
    secret: z.string().min(32).parse(secret.SecretString),
    appUrl,
    signIn: { kind: 'cognito', ...environment.ATBALSTS_SIGN_IN },
  };
}

/** The Lambda adapter around the app, made once per step context (once per cold start). */
async function apiHandler(): Promise<LambdaHandler> {
  const context = await awsStepContext();
  if (built?.context !== context) {
    const session = await sessionFromEnvironment(context.config.appUrl);
    const app: Hono = createWebApp({ ...context, auth: 'lambda-authorizer', log: logEntry, session });
    built = { context, handler: handle(app) };
  }
  return built.handler;
}

export const handler: LambdaHandler = (async (
  event: Parameters<LambdaHandler>[0],
  lambdaContext: Parameters<LambdaHandler>[1],
) => (await apiHandler())(event, lambdaContext)) as LambdaHandler;
