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
import { createApp } from '../api/app.ts';
import type { StepContext } from '../step-context.ts';
import { awsStepContext } from './aws-context.ts';
import { logger } from './observability.ts';

type LambdaHandler = ReturnType<typeof handle>;

let built: { context: StepContext; handler: LambdaHandler } | undefined;

/** The app's log entries (ids, routes, statuses and error names only) through the one logger. */
const logEntry = (entry: { level: string; message: string }) =>
  entry.level === 'error' ? logger.error(entry.message, entry) : logger.info(entry.message, entry);

/** The Lambda adapter around the app, made once per step context (once per cold start). */
async function apiHandler(): Promise<LambdaHandler> {
  const context = await awsStepContext();
  if (built?.context !== context) {
    const app: Hono = createApp({ ...context, auth: 'lambda-authorizer', log: logEntry });
    built = { context, handler: handle(app) };
  }
  return built.handler;
}

export const handler: LambdaHandler = (async (
  event: Parameters<LambdaHandler>[0],
  lambdaContext: Parameters<LambdaHandler>[1],
) => (await apiHandler())(event, lambdaContext)) as LambdaHandler;
