/**
 * The outbox sender on AWS: a schedule invokes it every few minutes; it builds the
 * {@link OutboxSender} from its environment once per cold start and drains the outbox. The
 * sender's events (kinds, ids, outcomes; never an address) go to the Powertools logger, and each
 * drain's counts become CloudWatch metrics (`OutboxSent`, `OutboxFailed`, `OutboxReleased`), the
 * failed count watched by an alarm.
 *
 * Environment: `ATBALSTS_TABLE`, `ATBALSTS_SENDER_CONFIG` (JSON, checked by
 * {@link senderConfigSchema}; the delivery settings default to `DEFAULT_DELIVERY`).
 *
 * @example
 * // infra: new AtbalstsFunction(this, 'OutboxSender', { entry: HANDLER_ENTRIES.outboxSender, ... })
 * await handler(); // { sent: 3, failed: 0, released: 0, skipped: 0 }
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import {
  createSesClient,
  DEFAULT_DELIVERY,
  type DrainSummary,
  OutboxSender,
  type SenderConfig,
} from '../notify/sender.ts';
import { createDocumentClient } from '../store/client.ts';
import { idSchema } from '../store/keys.ts';
import { createStore } from '../store/store.ts';
import { logger, metrics, traced } from './observability.ts';

const positiveInt = z.number().int().min(1);

/** `ATBALSTS_SENDER_CONFIG`: who mail comes from, the organisations, the supervisors; delivery tuning optional. */
export const senderConfigSchema = z.strictObject({
  from: z.string().min(3).max(320),
  organisations: z.record(idSchema, z.string().min(1)),
  supervisors: z.record(
    idSchema,
    z.record(
      idSchema,
      z.strictObject({
        email: z.email(),
        language: z.enum(['lv', 'ru', 'en']),
        name: z.string().min(1).exactOptional(),
      }),
    ),
  ),
  configurationSet: z.string().min(1).exactOptional(),
  retentionDays: positiveInt.default(DEFAULT_DELIVERY.retentionDays),
  leaseSeconds: positiveInt.default(DEFAULT_DELIVERY.leaseSeconds),
  sendAttempts: positiveInt.default(DEFAULT_DELIVERY.sendAttempts),
  giveUpAfterAttempts: positiveInt.default(DEFAULT_DELIVERY.giveUpAfterAttempts),
  backoff: z
    .strictObject({ baseMs: positiveInt, maxMs: positiveInt })
    .default({ ...DEFAULT_DELIVERY.backoff }),
});

const environmentSchema = z.object({
  ATBALSTS_TABLE: z.string().min(1),
  ATBALSTS_SENDER_CONFIG: z.string().min(2),
});

/**
 * The sender's configuration from the environment; a bad one names its fields (never values) and
 * fails the cold start.
 *
 * @example
 * senderConfigFromEnvironment({ ATBALSTS_TABLE: 't', ATBALSTS_SENDER_CONFIG: '{"from":"a@b.lv","organisations":{},"supervisors":{}}' })
 * // { tableName: 't', config: { from: 'a@b.lv', ..., retentionDays: 90, leaseSeconds: 90, ... } }
 */
export function senderConfigFromEnvironment(environment: Record<string, string | undefined>): {
  tableName: string;
  config: SenderConfig;
} {
  const variables = environmentSchema.parse(environment);
  let json: unknown;
  try {
    json = JSON.parse(variables.ATBALSTS_SENDER_CONFIG);
  } catch {
    throw new Error('ATBALSTS_SENDER_CONFIG is not JSON');
  }
  const parsed = senderConfigSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`ATBALSTS_SENDER_CONFIG is invalid: ${fields.join('; ')}`);
  }
  return { tableName: variables.ATBALSTS_TABLE, config: parsed.data };
}

/** What the handler needs besides the sender; replaced by fakes in the tests. */
export interface DrainReporting {
  metrics: Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;
}

/**
 * Drain once and report the counts as metrics, published even when the drain fails part-way.
 *
 * @example
 * const summary = await drainAndReport(sender, { metrics });
 */
export async function drainAndReport(
  sender: Pick<OutboxSender, 'drain'>,
  reporting: DrainReporting,
): Promise<DrainSummary> {
  try {
    const summary = await sender.drain();
    reporting.metrics.addMetric('OutboxSent', MetricUnit.Count, summary.sent);
    reporting.metrics.addMetric('OutboxFailed', MetricUnit.Count, summary.failed);
    reporting.metrics.addMetric('OutboxReleased', MetricUnit.Count, summary.released);
    return summary;
  } finally {
    reporting.metrics.publishStoredMetrics();
  }
}

let sender: OutboxSender | undefined;

export const handler = async (): Promise<DrainSummary> => {
  if (!sender) {
    const { tableName, config } = senderConfigFromEnvironment(process.env);
    sender = new OutboxSender({
      store: createStore({ tableName, documents: createDocumentClient({}, traced) }),
      ses: traced(createSesClient()),
      config,
      log: (event) => logger.info('outbox-sender', event),
    });
  }
  return drainAndReport(sender, { metrics });
};
