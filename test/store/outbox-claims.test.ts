import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, system } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;
beforeAll(async () => {
  table = await createTestTable('outbox-claims');
  store = table.store;
});
afterAll(async () => {
  await table.drop();
});

const reminder = {
  kind: 'timesheet-reminder',
  scope: '2024-03',
  recipient: { role: 'assistant', id: 'a-1' },
} as const;
const reminderId = 'timesheet-reminder:2024-03:assistant:a-1';
const at = (iso: string) => ({ at: iso });

async function caseWithReminder(caseId: string): Promise<CaseRef> {
  const ref = { municipality: 'cesis', caseId };
  await openCase(store, ref);
  await store.outbox.enqueue(ref, [reminder], note('timesheets-requested', system));
  return ref;
}

async function pendingIdsOf(ref: CaseRef): Promise<string[]> {
  const ids: string[] = [];
  let page = await store.outbox.pending({ limit: 50 });
  for (;;) {
    ids.push(...page.items.filter((item) => item.caseId === ref.caseId).map((item) => item.notificationId));
    if (!page.cursor) return ids.sort();
    page = await store.outbox.pending({ limit: 50, cursor: page.cursor });
  }
}

describe('claiming an outbox item', () => {
  it('lets exactly one of many concurrent claims win, and counts the attempt', async () => {
    const ref = await caseWithReminder('claim-1');
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store.outbox.claim(ref, reminderId, {
          by: `sender-${index}`,
          ...at('2024-04-01T08:00:00.000Z'),
          leaseSeconds: 300,
        }),
      ),
    );
    const winners = claims.filter((claim) => claim !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ status: 'sending', attempts: 1 });
  });

  it('refuses a claim while the lease runs, allows it after, and never claims a sent item', async () => {
    const ref = await caseWithReminder('claim-2');
    const first = { by: 'sender-a', ...at('2024-04-01T08:00:00.000Z'), leaseSeconds: 60 };
    expect(await store.outbox.claim(ref, reminderId, first)).toBeDefined();
    expect(
      await store.outbox.claim(ref, reminderId, {
        by: 'sender-b',
        ...at('2024-04-01T08:00:59.000Z'),
        leaseSeconds: 60,
      }),
    ).toBeUndefined();
    const taken = await store.outbox.claim(ref, reminderId, {
      by: 'sender-b',
      ...at('2024-04-01T08:01:01.000Z'),
      leaseSeconds: 60,
    });
    expect(taken).toMatchObject({ status: 'sending', attempts: 2 });
    await store.outbox.markSent(ref, reminderId, {
      messageId: 'ses-1',
      at: '2024-04-01T08:01:02.000Z',
      retentionDays: 90,
    });
    expect(
      await store.outbox.claim(ref, reminderId, {
        by: 'sender-c',
        ...at('2024-04-02T08:00:00.000Z'),
        leaseSeconds: 60,
      }),
    ).toBeUndefined();
    expect(
      await store.outbox.claim({ municipality: 'cesis', caseId: 'no-such-case' }, reminderId, first),
    ).toBeUndefined();
  });

  it('gives an item back to the pending list only from its holder', async () => {
    const ref = await caseWithReminder('claim-3');
    await store.outbox.claim(ref, reminderId, {
      by: 'sender-a',
      ...at('2024-04-01T08:00:00.000Z'),
      leaseSeconds: 300,
    });
    await expect(
      store.outbox.release(
        ref,
        reminderId,
        { by: 'sender-b', ...at('2024-04-01T08:00:01.000Z') },
        'throttled',
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    await store.outbox.release(
      ref,
      reminderId,
      { by: 'sender-a', ...at('2024-04-01T08:00:01.000Z') },
      'throttled',
    );
    expect(await store.outbox.get(ref, reminderId)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await pendingIdsOf(ref)).toEqual([reminderId]);
    expect(
      await store.outbox.claim(ref, reminderId, {
        by: 'sender-b',
        ...at('2024-04-01T08:00:02.000Z'),
        leaseSeconds: 300,
      }),
    ).toMatchObject({ attempts: 2 });
  });

  it('marks a failed item and decides the alert in the same transaction, once', async () => {
    const ref = await caseWithReminder('claim-4');
    const holder = { by: 'sender-a', ...at('2024-04-01T08:00:00.000Z') };
    await store.outbox.claim(ref, reminderId, { ...holder, leaseSeconds: 300 });
    const alert = {
      draft: {
        kind: 'delivery-failed',
        scope: 'failed-1',
        recipient: { role: 'coordinator', id: 'u-7' },
        data: {
          caseId: 'claim-4',
          failedKind: 'timesheet-reminder',
          recipientRole: 'assistant',
          reason: 'address-rejected',
        },
      },
      note: note('delivery-failed', system),
    } as const;
    await expect(
      store.outbox.markFailed(
        ref,
        reminderId,
        { by: 'sender-b', at: holder.at, reason: 'address-rejected', retentionDays: 90 },
        alert,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    await store.outbox.markFailed(
      ref,
      reminderId,
      { ...holder, reason: 'address-rejected', retentionDays: 90 },
      alert,
    );
    expect(await store.outbox.get(ref, reminderId)).toMatchObject({ status: 'failed' });
    expect(await pendingIdsOf(ref)).toEqual(['delivery-failed:failed-1:coordinator:u-7']);
    await expect(
      store.outbox.markFailed(
        ref,
        reminderId,
        { ...holder, reason: 'address-rejected', retentionDays: 90 },
        alert,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    const trail = await store.audit.trail(ref, { limit: 10 });
    expect(trail.events.filter((event) => event.action === 'delivery-failed')).toHaveLength(1);
  });
});
