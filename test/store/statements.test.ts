import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, settleMonth, system } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;
beforeAll(async () => {
  table = await createTestTable('statements');
  store = table.store;
});
afterAll(async () => {
  await table.drop();
});

const ref = (caseId: string): CaseRef => ({ municipality: 'riga', caseId });
const outbox = [
  { kind: 'monthly-statement', scope: '2024-03', recipient: { role: 'legal-representative', id: 'p-1' } },
  { kind: 'pay-statement', scope: '2024-03', recipient: { role: 'assistant', id: 'a-1' } },
] as const;

/** Every item of the case's partition, as sort keys, read behind the store's back. */
async function partition(caseRef: CaseRef): Promise<string[]> {
  const result = await table.raw.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `M#${caseRef.municipality}#C#${caseRef.caseId}` } },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => String(item['sk']?.S)).sort();
}

describe('exactly-once statements', () => {
  it('writes the statement, its notifications and the audit event in one go', async () => {
    const caseRef = ref('once-1');
    await openCase(store, caseRef);
    const statement = settleMonth('2024-03', { '04': 4, '05': 4 });
    const result = await store.statements.settle(caseRef, statement, {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    expect(result.created).toBe(true);
    expect(result.statement).toMatchObject({ sequence: 0, kind: 'original', month: '2024-03' });
    expect(result.statement.statement.paidMinutes).toBe(480);
    const items = await partition(caseRef);
    expect(items.filter((sk) => sk.startsWith('STATEMENT#'))).toEqual(['STATEMENT#2024-03#000']);
    expect(items.filter((sk) => sk.startsWith('OUTBOX#'))).toEqual([
      'OUTBOX#monthly-statement:2024-03:legal-representative:p-1',
      'OUTBOX#pay-statement:2024-03:assistant:a-1',
    ]);
    const trail = await store.audit.trail(caseRef);
    expect(trail.events[0]).toMatchObject({
      action: 'statement-settled',
      subject: 'STATEMENT#2024-03#000',
      changedFields: ['statement'],
    });
  });

  it('a rerun returns the stored statement and writes nothing', async () => {
    const caseRef = ref('once-2');
    await openCase(store, caseRef);
    const statement = settleMonth('2024-03', { '04': 4 });
    const first = await store.statements.settle(caseRef, statement, {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    const before = await partition(caseRef);
    const again = await store.statements.settle(caseRef, settleMonth('2024-03', { '04': 4 }), {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    expect(again.created).toBe(false);
    expect(again.statement).toEqual(first.statement);
    expect(await partition(caseRef)).toEqual(before);
  });

  it('written twice concurrently, exactly one wins and the other returns the winner', async () => {
    for (let round = 0; round < 5; round++) {
      const caseRef = ref(`race-${round}`);
      await openCase(store, caseRef);
      const statement = settleMonth('2024-03', { '04': 4, '11': 3 });
      const [a, b] = await Promise.all([
        store.statements.settle(caseRef, statement, {
          outbox: [...outbox],
          note: note('statement-settled', system),
        }),
        store.statements.settle(caseRef, structuredClone(statement), {
          outbox: [...outbox],
          note: note('statement-settled', system),
        }),
      ]);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(a.statement).toEqual(b.statement);
      const items = await partition(caseRef);
      expect(items.filter((sk) => sk.startsWith('STATEMENT#'))).toHaveLength(1);
      expect(items.filter((sk) => sk.startsWith('OUTBOX#'))).toHaveLength(2);
      expect(items.filter((sk) => sk.startsWith('AUDIT#'))).toHaveLength(2); // case opened + one settlement
    }
  });

  it('a later correction is a supplementary statement carrying only the difference', async () => {
    const caseRef = ref('supp-1');
    await openCase(store, caseRef);
    await store.statements.settle(caseRef, settleMonth('2024-03', { '04': 4, '05': 2 }), {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    // A late timesheet adds a day and corrects another.
    const corrected = settleMonth('2024-03', { '04': 4, '05': 3, '12': 2 });
    const result = await store.statements.settle(caseRef, corrected, {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    expect(result.created).toBe(true);
    expect(result.statement).toMatchObject({ sequence: 1, kind: 'supplementary' });
    const difference = result.statement.statement;
    expect(difference.paidMinutes).toBe(180);
    expect(difference.lines.map((l) => [l.date, l.minutes])).toEqual([
      ['2024-03-05', 60],
      ['2024-03-12', 120],
    ]);
    const [original] = await store.statements.forMonth(caseRef, '2024-03');
    expect(difference.amountCents + (original?.statement.amountCents ?? 0)).toBe(corrected.amountCents);
    // Its notifications are new ones, beside the original's.
    const items = await partition(caseRef);
    expect(items.filter((sk) => sk.startsWith('OUTBOX#monthly-statement'))).toEqual([
      'OUTBOX#monthly-statement:2024-03.1:legal-representative:p-1',
      'OUTBOX#monthly-statement:2024-03:legal-representative:p-1',
    ]);
    // Settling the corrected month again changes nothing.
    const rerun = await store.statements.settle(caseRef, corrected, {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    expect(rerun).toMatchObject({ created: false, statement: { sequence: 1 } });
    expect(await store.statements.forMonth(caseRef, '2024-03')).toHaveLength(2);
  });

  it('a failed transaction leaves nothing behind', async () => {
    const caseRef = ref('fail-1');
    await openCase(store, caseRef);
    // A notification that already exists under the id the statement would use makes the transaction fail.
    await table.raw.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          pk: { S: 'M#riga#C#fail-1' },
          sk: { S: 'OUTBOX#pay-statement:2024-03:assistant:a-1' },
          entity: { S: 'Outbox' },
        },
      }),
    );
    const before = await partition(caseRef);
    const error = await store.statements
      .settle(caseRef, settleMonth('2024-03', { '04': 4 }), {
        outbox: [...outbox],
        note: note('statement-settled', system),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(await partition(caseRef)).toEqual(before);
    expect(await store.statements.forMonth(caseRef, '2024-03')).toEqual([]);
  });

  it('a statement for a case the municipality does not have is refused and writes nothing', async () => {
    const caseRef = ref('once-x');
    await openCase(store, caseRef);
    const wrong = { municipality: 'jelgava', caseId: 'once-x' };
    const error = await store.statements
      .settle(wrong, settleMonth('2024-03', { '04': 4 }), {
        outbox: [...outbox],
        note: note('statement-settled', system),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await partition(wrong)).toEqual([]);
  });
});

describe('reading what was paid', () => {
  it("a case's statements for a month, original first", async () => {
    const caseRef = ref('read-1');
    await openCase(store, caseRef);
    await store.statements.settle(caseRef, settleMonth('2024-02', { '05': 2 }), {
      note: note('statement-settled', system),
    });
    await store.statements.settle(caseRef, settleMonth('2024-02', { '05': 2, '06': 1 }), {
      note: note('statement-settled', system),
    });
    await store.statements.settle(caseRef, settleMonth('2024-03', { '05': 2 }), {
      note: note('statement-settled', system),
    });
    const february = await store.statements.forMonth(caseRef, '2024-02');
    expect(february.map((s) => [s.sequence, s.kind])).toEqual([
      [0, 'original'],
      [1, 'supplementary'],
    ]);
    expect(await store.statements.forMonth(caseRef, '2024-04')).toEqual([]);
  });

  it('the paid entries of the ISO week that began in the previous month, supplementary ones included', async () => {
    const caseRef = ref('prior-1');
    await openCase(store, caseRef);
    // May 2024 begins on a Wednesday: its first week began on Monday 29 April.
    await store.statements.settle(caseRef, settleMonth('2024-04', { '26': 3, '29': 4, '30': 2 }), {
      note: note('statement-settled', system),
    });
    await store.statements.settle(caseRef, settleMonth('2024-04', { '26': 3, '29': 4, '30': 3 }), {
      note: note('statement-settled', system),
    });
    expect(await store.statements.paidEntriesOfPriorWeek(caseRef, '2024-05')).toEqual([
      { date: '2024-04-29', minutes: 240, assistantId: 'a-1' },
      { date: '2024-04-30', minutes: 180, assistantId: 'a-1' },
    ]);
    // April 2024 began on a Monday: no week began in March.
    expect(await store.statements.paidEntriesOfPriorWeek(caseRef, '2024-04')).toEqual([]);
  });

  it('the paid hours of the last three months', async () => {
    const caseRef = ref('history-1');
    await openCase(store, caseRef);
    for (const [month, hours] of [
      ['2024-01', 10],
      ['2024-02', 20],
      ['2024-03', 30],
      ['2024-04', 40],
      ['2024-05', 50],
    ] as const) {
      await store.statements.settle(
        caseRef,
        settleMonth(month, {
          '10': hours / 5,
          '11': hours / 5,
          '12': hours / 5,
          '13': hours / 5,
          '14': hours / 5,
        }),
        {
          note: note('statement-settled', system),
        },
      );
    }
    await store.statements.settle(
      caseRef,
      settleMonth('2024-04', { '10': 9, '11': 8, '12': 8, '13': 8, '14': 8 }),
      {
        note: note('statement-settled', system),
      },
    );
    expect(await store.statements.paidHistory(caseRef, '2024-05')).toEqual([
      { month: '2024-02', minutes: 20 * 60 },
      { month: '2024-03', minutes: 30 * 60 },
      { month: '2024-04', minutes: 41 * 60 },
    ]);
  });
});

describe('the outbox', () => {
  it('lists pending notifications across shards, and a sent one leaves the list and expires after the retention', async () => {
    const caseRef = { municipality: 'valmiera', caseId: 'out-1' };
    await openCase(store, caseRef);
    await store.statements.settle(caseRef, settleMonth('2024-03', { '04': 4 }), {
      outbox: [...outbox],
      note: note('statement-settled', system),
    });
    const created = await store.outbox.enqueue(
      caseRef,
      [
        { kind: 'assessment-due', scope: 'cycle-1', recipient: { role: 'coordinator', id: 'u-7' } },
        { kind: 'assessment-due', scope: 'cycle-1', recipient: { role: 'coordinator', id: 'u-7' } },
      ],
      note('assessment-requested', system),
    );
    expect(created).toEqual(['assessment-due:cycle-1:coordinator:u-7']);
    const pendingIds = async () => {
      const ids: string[] = [];
      let page = await store.outbox.pending({ limit: 2 });
      const mine = (items: typeof page.items) =>
        items.filter((i) => i.municipality === 'valmiera').map((i) => i.notificationId);
      ids.push(...mine(page.items));
      while (page.cursor) {
        page = await store.outbox.pending({ limit: 2, cursor: page.cursor });
        ids.push(...mine(page.items));
      }
      return ids.sort();
    };
    const pending = await pendingIds();
    expect(pending).toEqual([
      'assessment-due:cycle-1:coordinator:u-7',
      'monthly-statement:2024-03:legal-representative:p-1',
      'pay-statement:2024-03:assistant:a-1',
    ]);
    const id = 'pay-statement:2024-03:assistant:a-1';
    await store.outbox.markSent(caseRef, id, {
      messageId: 'ses-1',
      at: '2024-04-05T08:00:00.000Z',
      retentionDays: 90,
    });
    expect(await pendingIds()).not.toContain(id);
    const sent = await store.outbox.get(caseRef, id);
    expect(sent).toMatchObject({ status: 'sent', messageId: 'ses-1' });
    expect(sent?.expiresAt).toBe(Date.parse('2024-04-05T08:00:00.000Z') / 1000 + 90 * 86_400);
    await expect(
      store.outbox.markSent(caseRef, id, {
        messageId: 'ses-2',
        at: '2024-04-05T08:01:00.000Z',
        retentionDays: 90,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    // Pending items never expire.
    expect(
      (await store.outbox.get(caseRef, 'assessment-due:cycle-1:coordinator:u-7'))?.expiresAt,
    ).toBeUndefined();
  });
});

describe('task tokens', () => {
  it('stores a token on the case, spends it once, and only then gives it an expiry', async () => {
    const caseRef = ref('token-1');
    await openCase(store, caseRef);
    await store.taskTokens.store(caseRef, 'await-approval', 'token-abc', '2024-02-01T08:00:00.000Z');
    expect(await store.taskTokens.get(caseRef, 'await-approval')).toMatchObject({ token: 'token-abc' });
    expect((await store.taskTokens.get(caseRef, 'await-approval'))?.expiresAt).toBeUndefined();
    expect(
      await store.taskTokens.get({ municipality: 'talsi', caseId: 'token-1' }, 'await-approval'),
    ).toBeUndefined();
    await store.taskTokens.spend(caseRef, 'await-approval', {
      at: '2024-02-03T08:00:00.000Z',
      retentionDays: 30,
    });
    const spent = await store.taskTokens.get(caseRef, 'await-approval');
    expect(spent?.spentAt).toBe('2024-02-03T08:00:00.000Z');
    expect(spent?.expiresAt).toBe(Date.parse('2024-02-03T08:00:00.000Z') / 1000 + 30 * 86_400);
    await expect(
      store.taskTokens.spend(caseRef, 'await-approval', {
        at: '2024-02-03T09:00:00.000Z',
        retentionDays: 30,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
