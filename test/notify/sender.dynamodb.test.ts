/**
 * The sender against DynamoDB Local and the local SES (through a proxy that can throttle or
 * reject), end to end: outbox items in, emails out of the local SES's `/store`.
 */
import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createSesClient,
  DEFAULT_DELIVERY,
  OutboxSender,
  type SenderConfig,
} from '../../functions/notify/sender.ts';
import type { OutboxDraft, PersonData } from '../../functions/store/entities.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { localSesClientConfig, type RunningLocalSes, startLocalSes } from '../../local/ses.ts';
import { sampleData } from '../../scripts/email-samples.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { type SesFaults, startSesFaults } from './support/ses-faults.ts';

let table: TestTable;
let store: Store;
let localSes: RunningLocalSes;
let faults: SesFaults;
let ses: SESClient;

beforeAll(async () => {
  [table, localSes] = await Promise.all([createTestTable('sender'), startLocalSes()]);
  store = table.store;
  faults = await startSesFaults(localSes.endpoint);
  ses = createSesClient(localSesClientConfig(faults.endpoint));
});
afterAll(async () => {
  ses?.destroy();
  await faults?.close();
  await localSes?.stop();
  await table?.drop();
});
beforeEach(async () => {
  await localSes.clear();
});

const config: SenderConfig = {
  ...DEFAULT_DELIVERY,
  from: 'Atbalsts <atbalsts@riga.example.lv>',
  organisations: { riga: 'Rīgas Sociālais dienests' },
  supervisors: { riga: { 's-1': { email: 'vaditaja@riga.example.lv', language: 'lv' } } },
  // Fast tests: the waits are asserted, not slept.
  backoff: { baseMs: 100, maxMs: 1_000 },
};

const person: PersonData = {
  participant: { name: 'Anna Bērziņa', birthDate: '2014-05-02' },
  contacts: [
    {
      role: 'legal-representative',
      id: 'p-1',
      name: 'Ilze Bērziņa',
      email: 'ilze@example.lv',
      language: 'lv',
    },
    { role: 'assistant', id: 'a-1', name: 'Oksana Petrova', email: 'oksana@example.lv', language: 'ru' },
    { role: 'assistant', id: 'a-2', name: 'Jānis Ozols', email: 'janis@rejected.example', language: 'lv' },
    { role: 'coordinator', id: 'u-7', name: 'Marta Kalniņa', email: 'marta@riga.example.lv', language: 'lv' },
  ],
};

const note = (action: string) => ({
  actor: { kind: 'system', id: 'test' } as const,
  action,
  at: new Date().toISOString(),
});

async function openCase(caseId: string): Promise<CaseRef> {
  const ref = { municipality: 'riga', caseId };
  await store.cases.create(
    { ...ref, participantId: `p-${caseId}`, coordinatorId: 'u-7', phase: 'active' },
    person,
    note('case-opened'),
  );
  return ref;
}

const statementFor = (recipientId: string): OutboxDraft => ({
  kind: 'pay-statement',
  scope: '2024-03',
  recipient: { role: 'assistant', id: recipientId },
  data: sampleData['pay-statement'],
});

function senderWith(overrides: Partial<ConstructorParameters<typeof OutboxSender>[0]> = {}) {
  const waits: number[] = [];
  const sender = new OutboxSender({
    store,
    ses,
    config,
    sleep: async (ms) => {
      waits.push(ms);
    },
    log: () => {},
    ...overrides,
  });
  return { sender, waits };
}

describe('the sender', () => {
  it('delivers end to end: rendered in the recipient language, from the configured sender, reply-to the coordinator, message id recorded', async () => {
    const ref = await openCase('e2e-1');
    await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
    const summary = await senderWith().sender.drain();
    expect(summary).toMatchObject({ sent: 1, failed: 0 });
    const [email, ...others] = await localSes.emails();
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      from: 'Atbalsts <atbalsts@riga.example.lv>',
      replyTo: ['marta@riga.example.lv'],
      destination: { to: ['oksana@example.lv'] },
      subject: 'Отчёт об оплате за март 2024 г.: 53,66\u00a0€',
    });
    expect(email?.body.text).toContain('53,66\u00a0€');
    expect(email?.body.html).toContain('<html lang="ru">');
    expect(email?.body.html).toContain('Rīgas Sociālais dienests');
    const stored = await store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-1');
    expect(stored).toMatchObject({ status: 'sent', messageId: email?.messageId });
  });

  it('sends a notification decided twice only once, and a second drain sends nothing', async () => {
    const ref = await openCase('twice-1');
    await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
    await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
    const { sender } = senderWith();
    expect(await sender.drain()).toMatchObject({ sent: 1 });
    expect(await sender.drain()).toMatchObject({ sent: 0, skipped: 0 });
    expect(await localSes.emails()).toHaveLength(1);
  });

  it('lets two concurrent senders send each item once', async () => {
    const refs = await Promise.all(Array.from({ length: 6 }, (_, index) => openCase(`race-${index}`)));
    for (const ref of refs) await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
    const first = senderWith({ senderId: 'sender-a' }).sender;
    const second = senderWith({ senderId: 'sender-b' }).sender;
    const [a, b] = await Promise.all([first.drain({ pageSize: 2 }), second.drain({ pageSize: 2 })]);
    expect(a.sent + b.sent).toBe(6);
    const emails = await localSes.emails();
    expect(emails).toHaveLength(6);
    expect(faults.sendCalls).toBeGreaterThanOrEqual(6);
    for (const ref of refs) {
      expect(await store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-1')).toMatchObject({
        status: 'sent',
      });
    }
  });

  it('retries throttling with growing, jittered waits, then sends', async () => {
    const ref = await openCase('throttle-1');
    await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
    faults.throttleNext(3);
    const before = faults.sendCalls;
    const { sender, waits } = senderWith({ random: () => 0.5 });
    expect(await sender.drain()).toMatchObject({ sent: 1, released: 0 });
    expect(faults.sendCalls - before).toBe(4);
    // Half of 100, 200, 400 ms: full jitter under an exponential ceiling.
    expect(waits).toEqual([50, 100, 200]);
    expect(await localSes.emails()).toHaveLength(1);
  });

  it('gives an item back for a later drain when SES keeps throttling, and fails it after the last claim', async () => {
    const ref = await openCase('throttle-2');
    await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
    const { sender } = senderWith({ config: { ...config, sendAttempts: 2, giveUpAfterAttempts: 2 } });
    faults.throttleNext(2);
    expect(await sender.drain()).toMatchObject({ released: 1 });
    expect(await store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-1')).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    faults.throttleNext(2);
    const failing = await sender.drain();
    expect(failing).toMatchObject({ failed: 1 });
    expect(await store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-1')).toMatchObject({
      status: 'failed',
    });
    // The coordinator's alert goes out in the same drain or the next one, once.
    const after = await sender.drain();
    expect(failing.sent + after.sent).toBe(1);
    const emails = await localSes.emails();
    expect(emails.map((email) => email.destination.to)).toEqual([['marta@riga.example.lv']]);
  });

  it('marks a rejected address failed at once and alerts the coordinator without naming the address', async () => {
    const ref = await openCase('rejected-1');
    faults.rejectAddresses(/@rejected\.example$/);
    await store.outbox.enqueue(ref, [statementFor('a-2')], note('statement-settled'));
    const before = faults.sendCalls;
    const { sender, waits } = senderWith();
    const first = await sender.drain();
    const second = await sender.drain();
    expect(first.failed + second.failed).toBe(1);
    expect(first.sent + second.sent).toBe(1);
    // One refused send, one alert: a rejected address is not retried.
    expect(faults.sendCalls - before).toBe(2);
    expect(waits).toEqual([]);
    expect(await store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-2')).toMatchObject({
      status: 'failed',
    });
    const emails = await localSes.emails();
    expect(emails).toHaveLength(1);
    const [alert] = emails;
    expect(alert?.destination.to).toEqual(['marta@riga.example.lv']);
    expect(alert?.subject).toBe('Vēstuli nevarēja nosūtīt: lieta rejected-1');
    expect(alert?.body.text).toContain('asistentam');
    expect(alert?.body.text).not.toContain('rejected.example');
    expect(alert?.body.text).not.toContain('Jānis');
    faults.rejectAddresses(/^$/);
  });

  it('sends the escalation to the supervisor address from configuration', async () => {
    const ref = await openCase('escalate-1');
    await store.outbox.enqueue(
      ref,
      [
        {
          kind: 'assessment-escalated',
          scope: 'cycle-1',
          recipient: { role: 'supervisor', id: 's-1' },
          data: { ...sampleData['assessment-escalated'], caseId: 'escalate-1' },
        },
      ],
      note('assessment-escalated'),
    );
    expect(await senderWith().sender.drain()).toMatchObject({ sent: 1 });
    const [email] = await localSes.emails();
    expect(email?.destination.to).toEqual(['vaditaja@riga.example.lv']);
    expect(email?.replyTo).toEqual(['marta@riga.example.lv']);
    expect(email?.body.text).toContain('Marta Kalniņa');
  });

  describe('after a sender died holding an item (its lease ran out)', () => {
    const id = 'pay-statement:2024-03:assistant:a-1';
    const diedAt = new Date('2026-12-01T08:00:00Z');
    const later = () => new Date(diedAt.getTime() + (config.leaseSeconds + 1) * 1_000);

    /** A dead sender's claim, and, when it got that far, its send marker and the email SES took. */
    async function diedHolding(
      caseId: string,
      got: 'claimed' | 'sent',
    ): Promise<{ ref: CaseRef; messageId?: string }> {
      const ref = await openCase(caseId);
      await store.outbox.enqueue(ref, [statementFor('a-1')], note('statement-settled'));
      const holder = { by: 'dead-sender', at: diedAt.toISOString() };
      await store.outbox.claim(ref, id, { ...holder, leaseSeconds: config.leaseSeconds });
      if (got === 'claimed') return { ref };
      await store.outbox.markSendStarted(ref, id, holder, false);
      // SES took the email; the sender died before it heard back.
      const direct = createSesClient(localSesClientConfig(localSes.endpoint));
      const result = await direct.send(
        new SendEmailCommand({
          Source: config.from,
          Destination: { ToAddresses: ['oksana@example.lv'] },
          Message: { Subject: { Data: 'pay statement' }, Body: { Text: { Data: 'EUR 53,66' } } },
        }),
      );
      direct.destroy();
      const messageId = result.MessageId;
      return { ref, ...(messageId !== undefined && { messageId }) };
    }

    it('sends an item whose sender died before calling SES, without counting it uncertain', async () => {
      const { ref } = await diedHolding('died-claimed', 'claimed');
      expect(await senderWith({ now: later }).sender.drain()).toMatchObject({ sent: 1 });
      expect(await localSes.emails()).toHaveLength(1);
      const stored = await store.outbox.get(ref, id);
      expect(stored).toMatchObject({ status: 'sent' });
      expect(stored?.uncertainResends).toBeUndefined();
    });

    it('marks sent, without sending again, an item SES is known to have taken', async () => {
      const { ref, messageId } = await diedHolding('died-sent-known', 'sent');
      expect(messageId).toBeDefined();
      const asked: string[] = [];
      const { sender } = senderWith({
        now: later,
        acceptedMessageIdOf: async (_ref, notificationId) => {
          asked.push(notificationId);
          return messageId;
        },
      });
      expect(await sender.drain()).toMatchObject({ sent: 1 });
      expect(asked).toEqual([id]);
      expect(await localSes.emails()).toHaveLength(1);
      expect(await store.outbox.get(ref, id)).toMatchObject({ status: 'sent', messageId });
    });

    it('sends again, counted as an uncertain resend, when nothing says whether SES took it (at least once)', async () => {
      const { ref, messageId } = await diedHolding('died-sent-unknown', 'sent');
      const events: Record<string, string | number>[] = [];
      const { sender } = senderWith({ now: later, log: (event) => events.push(event) });
      expect(await sender.drain()).toMatchObject({ sent: 1 });
      const emails = await localSes.emails();
      expect(emails).toHaveLength(2);
      const stored = await store.outbox.get(ref, id);
      expect(stored).toMatchObject({ status: 'sent', uncertainResends: 1 });
      expect(stored?.messageId).not.toBe(messageId);
      expect(events.map((event) => event['note'])).toContain('uncertain-after-crash');
    });
  });

  it('never logs an address or a name', async () => {
    const ref = await openCase('logs-1');
    faults.rejectAddresses(/@rejected\.example$/);
    await store.outbox.enqueue(ref, [statementFor('a-1'), statementFor('a-2')], note('statement-settled'));
    const lines: string[] = [];
    const { sender } = senderWith({ log: (event) => lines.push(JSON.stringify(event)) });
    await sender.drain();
    await sender.drain();
    faults.rejectAddresses(/^$/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).not.toMatch(/@|Oksana|Jānis|Marta|Bērziņa/);
  });
});
