import type { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { describe, expect, it } from 'vitest';
import { drainAndReport, senderConfigFromEnvironment } from '../../functions/handlers/outbox-sender.ts';
import {
  DEFAULT_DELIVERY,
  OutboxSender,
  outboxItemOfSesTags,
  sesMessageTags,
} from '../../functions/notify/sender.ts';
import type { StoredOutboxItem } from '../../functions/store/entities.ts';
import type { Store } from '../../functions/store/store.ts';
import { sampleData } from '../../scripts/email-samples.ts';

const minimal = {
  from: 'Atbalsts <atbalsts@example.lv>',
  organisations: { riga: 'Rīgas Sociālais dienests' },
  supervisors: {},
};
const environment = (config: unknown) => ({
  ATBALSTS_TABLE: 'atbalsts-dev',
  ATBALSTS_SENDER_CONFIG: JSON.stringify(config),
});

describe('senderConfigFromEnvironment', () => {
  it('fills the delivery settings from DEFAULT_DELIVERY', () => {
    const { tableName, config } = senderConfigFromEnvironment(environment(minimal));
    expect(tableName).toBe('atbalsts-dev');
    expect(config).toEqual({ ...minimal, ...DEFAULT_DELIVERY, backoff: { ...DEFAULT_DELIVERY.backoff } });
  });

  it('takes supervisors with addresses and languages, and the configuration set', () => {
    const supervisors = {
      riga: { 's-1': { email: 'vaditajs@example.lv', language: 'lv', name: 'Vadītājs' } },
    };
    const { config } = senderConfigFromEnvironment(
      environment({ ...minimal, supervisors, configurationSet: 'atbalsts-dev' }),
    );
    expect(config.supervisors).toEqual(supervisors);
    expect(config.configurationSet).toBe('atbalsts-dev');
  });

  it('names every bad field, never a value', () => {
    const bad = {
      ...minimal,
      supervisors: { riga: { 's-1': { email: 'not-an-address', language: 'de' } } },
      leaseSeconds: 0,
      extra: 1,
    };
    const error = (() => {
      try {
        senderConfigFromEnvironment(environment(bad));
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toMatch(/supervisors\.riga\.s-1\.email/);
    expect(error.message).toMatch(/supervisors\.riga\.s-1\.language/);
    expect(error.message).toMatch(/leaseSeconds/);
    expect(error.message).not.toContain('not-an-address');
    expect(() =>
      senderConfigFromEnvironment({ ATBALSTS_TABLE: 't', ATBALSTS_SENDER_CONFIG: '{nope' }),
    ).toThrow('not JSON');
    expect(() => senderConfigFromEnvironment({ ATBALSTS_SENDER_CONFIG: '{}' })).toThrow(/ATBALSTS_TABLE/);
  });
});

describe('drainAndReport', () => {
  const recorder = () => {
    const metrics: [string, number][] = [];
    let published = 0;
    return {
      metrics,
      published: () => published,
      reporting: {
        metrics: {
          addMetric: (name: string, _unit: unknown, value: number) => void metrics.push([name, value]),
          publishStoredMetrics: () => {
            published += 1;
          },
        },
      } as unknown as Parameters<typeof drainAndReport>[1],
    };
  };

  it('counts sent, failed and released items as metrics', async () => {
    const { metrics, published, reporting } = recorder();
    const summary = { sent: 3, failed: 1, released: 2, skipped: 4 };
    expect(await drainAndReport({ drain: async () => summary }, reporting)).toEqual(summary);
    expect(metrics).toEqual([
      ['OutboxSent', 3],
      ['OutboxFailed', 1],
      ['OutboxReleased', 2],
    ]);
    expect(published()).toBe(1);
  });

  it('still publishes when the drain fails', async () => {
    const { published, reporting } = recorder();
    await expect(
      drainAndReport({ drain: async () => Promise.reject(new Error('boom')) }, reporting),
    ).rejects.toThrow('boom');
    expect(published()).toBe(1);
  });
});

describe('SES message tags', () => {
  const ref = { municipality: 'riga.centrs', caseId: 'c_17-a' };
  const notificationId = 'plan-awaiting-approval:cycle-2.r3:coordinator:u-7';

  it('lead an event back to its outbox item, with only the characters SES allows', () => {
    const tags = sesMessageTags(ref, notificationId);
    for (const tag of tags) {
      expect(tag.Name).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      expect(tag.Value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    }
    const asPublished = Object.fromEntries(tags.map((tag) => [tag.Name ?? '', [tag.Value ?? '']]));
    expect(outboxItemOfSesTags(asPublished)).toEqual({ ref, notificationId });
  });

  it('fit the longest ids in 256 characters', () => {
    const id = 'x'.repeat(64);
    const longest = `${'k'.repeat(40)}:${id}:legal-representative:${id}`;
    for (const tag of sesMessageTags({ municipality: id, caseId: id }, longest)) {
      expect(tag.Value?.length).toBeLessThanOrEqual(256);
    }
  });

  it('find nothing on an email that did not come from the outbox, or with a malformed tag', () => {
    expect(outboxItemOfSesTags({})).toBeUndefined();
    expect(
      outboxItemOfSesTags({ notificationId: ['a:b'], municipality: ['cmlnYQ'], caseId: ['Yy0x'] }),
    ).toBeUndefined();
  });

  it('are sent with the email by the sender', async () => {
    const itemRef = { municipality: 'riga', caseId: 'c-17' };
    const item: StoredOutboxItem = {
      entity: 'Outbox',
      schemaVersion: 1,
      ...itemRef,
      notificationId: 'review-due:cycle-1:coordinator:u-7',
      kind: 'review-due',
      scope: 'cycle-1',
      recipient: { role: 'coordinator', id: 'u-7' },
      data: sampleData['review-due'],
      status: 'sending',
      attempts: 1,
      createdAt: '2024-04-10T06:00:00.000Z',
    };
    const sent: SendEmailCommand[] = [];
    const store = {
      outbox: {
        claim: async () => item,
        markSendStarted: async () => undefined,
        markSent: async () => undefined,
      },
      cases: {
        get: async () => ({ coordinatorId: 'u-7' }),
        getPerson: async () => ({
          contacts: [
            { role: 'coordinator', id: 'u-7', name: 'Koordinatore', email: 'k@example.lv', language: 'lv' },
          ],
        }),
      },
    } as unknown as Store;
    const ses = {
      send: async (command: SendEmailCommand) => {
        sent.push(command);
        return { MessageId: 'ses-1' };
      },
    } as unknown as SESClient;
    const sender = new OutboxSender({
      store,
      ses,
      config: { ...minimal, ...DEFAULT_DELIVERY },
      log: () => undefined,
    });
    expect(await sender.deliver(item)).toBe('sent');
    const tags = sent[0]?.input.Tags ?? [];
    const asPublished = Object.fromEntries(tags.map((tag) => [tag.Name ?? '', [tag.Value ?? '']]));
    expect(outboxItemOfSesTags(asPublished)).toEqual({ ref: itemRef, notificationId: item.notificationId });
  });
});
