/**
 * Logging, metrics and tracing for every Lambda entry, set up once per container with Powertools.
 * The service name, log level and metrics namespace come from the function's environment
 * (infra/constructs/atbalsts-function.ts); the tracer records only where X-Ray runs (on Lambda)
 * and is silent locally and in tests. What goes in: ids, names, counts, durations and error
 * names; never an address, a person's name or anything about a child's health.
 *
 * @example
 * logger.info('step', { step: 'cycle-activate', caseId: 'c-1', outcome: 'ok', ms: 41 });
 * const ses = traced(new SESClient({}));
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();

/** An AWS SDK v3 client whose calls appear as X-Ray subsegments. */
export const traced = <Client>(client: Client): Client => tracer.captureAWSv3Client(client);
