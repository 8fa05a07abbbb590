/**
 * Bounces and complaints, the outbox's failure path after SES accepted an email: SES publishes
 * them from the configuration set to an SNS topic, and this function finds the outbox item by
 * the tags the sender put on the email (`sesMessageTags`), marks it failed and, in the same
 * transaction, decides the `delivery-failed` alert to the case's coordinator, as the sender does
 * for a rejected address. Only an item still `sent` with the event's SES message id is changed,
 * so a repeated SNS delivery or an event about an older send changes nothing.
 *
 * | SES event | item's failure reason | the coordinator is told |
 * |---|---|---|
 * | Bounce, Permanent | `bounced` | `address-rejected` |
 * | Bounce, Transient or Undetermined (SES gave up retrying) | `bounced-transient` | `gave-up` |
 * | Complaint (marked as spam; SES suppresses the address from now on) | `complained` | `address-rejected` |
 *
 * The event's recipients, headers and addresses are dropped when it is parsed; logs and metrics
 * carry ids and outcomes only.
 *
 * @example
 * // infra: the SES event topic's subscription
 * await handler({ Records: [{ Sns: { Message: '{"eventType":"Bounce","mail":{...},"bounce":{"bounceType":"Permanent"}}' } }] });
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { DEFAULT_DELIVERY, deliveryFailedAlert, outboxItemOfSesTags } from '../notify/sender.ts';
import { createDocumentClient } from '../store/client.ts';
import { ConflictError } from '../store/errors.ts';
import type { CaseRef } from '../store/keys.ts';
import { createStore, type Store } from '../store/store.ts';
import { logger, metrics, traced } from './observability.ts';

/** The parts of an SES event this function reads; everything else (addresses, headers) is dropped. */
const sesEventSchema = z.object({
  eventType: z.string().min(1),
  mail: z.object({
    messageId: z.string().min(1),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z.object({ bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']) }).optional(),
});

const snsEventSchema = z.object({
  Records: z.array(z.object({ Sns: z.object({ Message: z.string() }) })).min(1),
});

export type DeliveryProblem = 'bounced' | 'bounced-transient' | 'complained';

/** One bounce or complaint, by ids only. */
export interface DeliveryEvent {
  problem: DeliveryProblem;
  messageId: string;
  /** The outbox item, when the email came from the outbox sender (its tags). */
  item?: { ref: CaseRef; notificationId: string };
}

/**
 * The bounces and complaints in an SNS event from the SES configuration set; other event types
 * (deliveries, sends) are skipped. A malformed event throws, naming the field.
 *
 * @example
 * parseSesNotifications(snsEvent) // [{ problem: 'bounced', messageId: '0100...', item: { ref, notificationId } }]
 */
export function parseSesNotifications(event: unknown): DeliveryEvent[] {
  const sns = snsEventSchema.parse(event);
  const found: DeliveryEvent[] = [];
  for (const [index, record] of sns.Records.entries()) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      throw new Error(`Records[${index}].Sns.Message is not JSON`);
    }
    const parsed = sesEventSchema.safeParse(message);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new Error(`Records[${index}].Sns.Message is not an SES event (${fields})`);
    }
    const ses = parsed.data;
    let problem: DeliveryProblem;
    if (ses.eventType === 'Complaint') problem = 'complained';
    else if (ses.eventType === 'Bounce')
      problem = ses.bounce?.bounceType === 'Permanent' ? 'bounced' : 'bounced-transient';
    else continue;
    const item = outboxItemOfSesTags(ses.mail.tags);
    found.push({ problem, messageId: ses.mail.messageId, ...(item && { item }) });
  }
  return found;
}

/** What the coordinator's `delivery-failed` email says happened (its `reason`). */
const ALERT_REASON: Record<DeliveryProblem, 'address-rejected' | 'gave-up'> = {
  bounced: 'address-rejected',
  'bounced-transient': 'gave-up',
  complained: 'address-rejected',
};

export type DeliveryEventOutcome = 'marked-failed' | 'untagged' | 'not-found' | 'not-matching';

/**
 * Mark the event's outbox item failed and alert the coordinator, in one transaction, if the item
 * is still `sent` with the event's message id. The alert's id is derived from the item's as the
 * sender derives it, so it is decided once, whichever path failed the item.
 *
 * @example
 * await recordDeliveryEvent(store, event, { at: new Date().toISOString(), retentionDays: 90 }) // 'marked-failed'
 */
export async function recordDeliveryEvent(
  store: Pick<Store, 'outbox' | 'cases'>,
  event: DeliveryEvent,
  options: { at: string; retentionDays: number },
): Promise<DeliveryEventOutcome> {
  if (!event.item) return 'untagged';
  const { ref, notificationId } = event.item;
  const stored = await store.outbox.get(ref, notificationId);
  if (!stored) return 'not-found';
  if (stored.status !== 'sent' || stored.messageId !== event.messageId) return 'not-matching';
  const found = await store.cases.get(ref, true);
  const alert = found
    ? deliveryFailedAlert(stored, found.coordinatorId, ALERT_REASON[event.problem], {
        actorId: 'ses-events',
        at: options.at,
      })
    : undefined;
  try {
    await store.outbox.markBounced(
      ref,
      notificationId,
      {
        messageId: event.messageId,
        at: options.at,
        reason: event.problem,
        retentionDays: options.retentionDays,
      },
      alert,
    );
  } catch (error) {
    // Changed since it was read (another event for the same email): nothing to do.
    if (error instanceof ConflictError) return 'not-matching';
    throw error;
  }
  return 'marked-failed';
}

const environmentSchema = z.object({
  ATBALSTS_TABLE: z.string().min(1),
  ATBALSTS_RETENTION_DAYS: z.coerce.number().int().min(1).default(DEFAULT_DELIVERY.retentionDays),
});

let store: Store | undefined;

/**
 * The Lambda entry point: every bounce and complaint of the SNS event, each logged by ids and
 * outcome, counted as `DeliveryBounced` / `DeliveryComplained`.
 */
export const handler = async (event: unknown): Promise<{ outcomes: DeliveryEventOutcome[] }> => {
  const environment = environmentSchema.parse(process.env);
  store ??= createStore({
    tableName: environment.ATBALSTS_TABLE,
    documents: createDocumentClient({}, traced),
  });
  const outcomes: DeliveryEventOutcome[] = [];
  try {
    for (const delivery of parseSesNotifications(event)) {
      const outcome = await recordDeliveryEvent(store, delivery, {
        at: new Date().toISOString(),
        retentionDays: environment.ATBALSTS_RETENTION_DAYS,
      });
      outcomes.push(outcome);
      logger.info('ses-event', {
        problem: delivery.problem,
        messageId: delivery.messageId,
        outcome,
        ...(delivery.item && {
          municipality: delivery.item.ref.municipality,
          caseId: delivery.item.ref.caseId,
          notificationId: delivery.item.notificationId,
        }),
      });
      metrics.addMetric(
        delivery.problem === 'complained' ? 'DeliveryComplained' : 'DeliveryBounced',
        MetricUnit.Count,
        1,
      );
    }
  } finally {
    metrics.publishStoredMetrics();
  }
  return { outcomes };
};
