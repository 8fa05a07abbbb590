import { describe, expect, it } from 'vitest';
import {
  type DeliveryEvent,
  parseSesNotifications,
  recordDeliveryEvent,
} from '../../functions/handlers/ses-events.ts';
import { sesMessageTags } from '../../functions/notify/sender.ts';
import { type TableClient, type TransactItem, TransactionCancelled } from '../../functions/store/client.ts';
import type { StoredOutboxItem } from '../../functions/store/entities.ts';
import { OutboxRepository } from '../../functions/store/outbox.ts';
import type { Store } from '../../functions/store/store.ts';

const ref = { municipality: 'riga', caseId: 'c-17' };
const notificationId = 'monthly-statement:2024-03:legal-representative:p-1';

/** An SNS event carrying one SES event, tags as SES publishes them (each name with a list of values). */
function snsEvent(sesEvent: Record<string, unknown>): unknown {
  return { Records: [{ EventSource: 'aws:sns', Sns: { Message: JSON.stringify(sesEvent) } }] };
}

function sesEvent(
  eventType: string,
  extra: Record<string, unknown> = {},
  tags = sesMessageTags(ref, notificationId),
) {
  return {
    eventType,
    mail: {
      messageId: 'ses-1',
      source: 'Atbalsts <atbalsts@example.lv>',
      destination: ['ilze@example.lv'],
      tags: Object.fromEntries([
        ['ses:configuration-set', ['atbalsts-dev']],
        ...tags.map((tag) => [tag.Name, [tag.Value]]),
      ]),
    },
    ...extra,
  };
}

describe('parseSesNotifications', () => {
  it('reads a permanent bounce back to its outbox item by the tags, and drops the addresses', () => {
    const event = snsEvent(
      sesEvent('Bounce', {
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [{ emailAddress: 'ilze@example.lv' }],
        },
      }),
    );
    const parsed = parseSesNotifications(event);
    expect(parsed).toEqual([{ problem: 'bounced', messageId: 'ses-1', item: { ref, notificationId } }]);
    expect(JSON.stringify(parsed)).not.toContain('@');
  });

  it('tells a transient bounce and a complaint apart, and skips deliveries', () => {
    const records = [
      sesEvent('Bounce', { bounce: { bounceType: 'Transient' } }),
      sesEvent('Complaint', { complaint: { complainedRecipients: [{ emailAddress: 'ilze@example.lv' }] } }),
      sesEvent('Delivery', { delivery: {} }),
    ].map((message) => ({ Sns: { Message: JSON.stringify(message) } }));
    expect(parseSesNotifications({ Records: records }).map((e) => e.problem)).toEqual([
      'bounced-transient',
      'complained',
    ]);
  });

  it('keeps an email without the sender tags as untagged', () => {
    const [parsed] = parseSesNotifications(
      snsEvent(sesEvent('Bounce', { bounce: { bounceType: 'Permanent' } }, [])),
    );
    expect(parsed).toEqual({ problem: 'bounced', messageId: 'ses-1' });
  });

  it('refuses a message that is not JSON or not an SES event, naming where', () => {
    expect(() => parseSesNotifications({ Records: [{ Sns: { Message: 'not json' } }] })).toThrow(
      'Records[0].Sns.Message is not JSON',
    );
    expect(() => parseSesNotifications(snsEvent({ eventType: 'Bounce', mail: {} }))).toThrow(
      /mail\.messageId/,
    );
    expect(() => parseSesNotifications({ Records: [] })).toThrow();
  });
});

/** A store with just what recordDeliveryEvent reads and writes, recording the transactions. */
function fakeStore(item: Partial<StoredOutboxItem> | undefined, options: { cancel?: string[] } = {}) {
  const transactions: TransactItem[][] = [];
  const stored: StoredOutboxItem | undefined = item && {
    entity: 'Outbox',
    schemaVersion: 1,
    ...ref,
    notificationId,
    kind: 'monthly-statement',
    scope: '2024-03',
    recipient: { role: 'legal-representative', id: 'p-1' },
    data: {},
    status: 'sent',
    attempts: 1,
    createdAt: '2024-04-10T06:00:00.000Z',
    messageId: 'ses-1',
    ...item,
  };
  let cancel = options.cancel;
  const table = {
    transact: async (items: TransactItem[]) => {
      transactions.push(items);
      if (cancel) {
        const reasons = cancel.map((code) => ({ code }));
        cancel = undefined;
        throw new TransactionCancelled(reasons, new Error('cancelled'));
      }
    },
  } as unknown as TableClient;
  // The real repository's writes over a table that records them; the read is the item above.
  const outbox = new OutboxRepository(table);
  outbox.get = async () => stored;
  const store = {
    outbox,
    cases: { get: async () => ({ coordinatorId: 'u-7' }) },
  } as unknown as Pick<Store, 'outbox' | 'cases'>;
  return { store, transactions };
}

const bounce: DeliveryEvent = { problem: 'bounced', messageId: 'ses-1', item: { ref, notificationId } };
const options = { at: '2024-04-10T08:00:00.000Z', retentionDays: 90 };

describe('recordDeliveryEvent', () => {
  it('marks the sent item failed and decides the coordinator alert in one transaction', async () => {
    const { store, transactions } = fakeStore({});
    expect(await recordDeliveryEvent(store, bounce, options)).toBe('marked-failed');
    expect(transactions).toHaveLength(1);
    const [mark, alert, audit] = transactions[0] ?? [];
    expect(mark?.Update?.ConditionExpression).toBe('#status = :sent AND messageId = :messageId');
    expect(mark?.Update?.ExpressionAttributeValues).toMatchObject({
      ':failed': 'failed',
      ':reason': 'bounced',
      ':messageId': 'ses-1',
      ':expiresAt': Date.parse(options.at) / 1000 + 90 * 86_400,
    });
    expect(alert?.Put?.Item).toMatchObject({
      kind: 'delivery-failed',
      recipient: { role: 'coordinator', id: 'u-7' },
      data: {
        caseId: 'c-17',
        failedKind: 'monthly-statement',
        recipientRole: 'legal-representative',
        reason: 'address-rejected',
      },
    });
    expect(alert?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(audit?.Put?.Item).toMatchObject({
      entity: 'Audit',
      action: 'delivery-failed',
      changedFields: ['outbox'],
    });
  });

  it('tells the coordinator a transient bounce as the mail service giving up', async () => {
    const { store, transactions } = fakeStore({});
    await recordDeliveryEvent(store, { ...bounce, problem: 'bounced-transient' }, options);
    expect(transactions[0]?.[1]?.Put?.Item).toMatchObject({ data: { reason: 'gave-up' } });
  });

  it('changes nothing for an item not sent with this message id, one not found, or an untagged email', async () => {
    for (const item of [{ status: 'failed' as const }, { messageId: 'ses-older' }]) {
      const { store, transactions } = fakeStore(item);
      expect(await recordDeliveryEvent(store, bounce, options)).toBe('not-matching');
      expect(transactions).toEqual([]);
    }
    expect(await recordDeliveryEvent(fakeStore(undefined).store, bounce, options)).toBe('not-found');
    const { problem, messageId } = bounce;
    expect(await recordDeliveryEvent(fakeStore({}).store, { problem, messageId }, options)).toBe('untagged');
  });

  it('does not alert about an alert', async () => {
    const { store, transactions } = fakeStore({
      kind: 'delivery-failed',
      recipient: { role: 'coordinator', id: 'u-7' },
    });
    await recordDeliveryEvent(store, bounce, options);
    // The item marked failed and the month's emails-bounced counter; no alert.
    expect(transactions[0]).toHaveLength(2);
    expect(String(transactions[0]?.[1]?.Update?.Key?.['pk'])).toMatch(/^INDICATOR#/);
  });

  it('marks without the alert when the alert was decided before', async () => {
    const { store, transactions } = fakeStore({}, { cancel: ['None', 'ConditionalCheckFailed', 'None'] });
    expect(await recordDeliveryEvent(store, bounce, options)).toBe('marked-failed');
    // Each with the month's emails-bounced counter.
    expect(transactions.map((items) => items.length)).toEqual([4, 2]);
  });

  it('treats a lost race on the item as nothing to do', async () => {
    const { store } = fakeStore({}, { cancel: ['ConditionalCheckFailed', 'None', 'None'] });
    expect(await recordDeliveryEvent(store, bounce, options)).toBe('not-matching');
  });
});
