import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../functions/domain/errors.ts';
import { ConflictError, ItemDecodeError, NotFoundError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, person, system } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;
beforeAll(async () => {
  table = await createTestTable('cases');
  store = table.store;
});
afterAll(async () => {
  await table.drop();
});

const riga = (caseId: string): CaseRef => ({ municipality: 'riga', caseId });

describe('get a case', () => {
  it('returns the case as created, version 1, without personal data on the case item', async () => {
    await openCase(store, riga('get-1'), { reviewDue: '2024-06-01' });
    const found = await store.cases.get(riga('get-1'));
    expect(found).toMatchObject({
      caseId: 'get-1',
      municipality: 'riga',
      version: 1,
      status: 'open',
      phase: 'request-assessment',
    });
    expect(JSON.stringify(found)).not.toContain('Bērziņa');
  });

  it('returns undefined for a case that does not exist', async () => {
    expect(await store.cases.get(riga('nobody'))).toBeUndefined();
  });

  it('refuses to open the same case twice with a ConflictError', async () => {
    await openCase(store, riga('twice'));
    await expect(openCase(store, riga('twice'))).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('tenant isolation', () => {
  beforeAll(async () => {
    await openCase(
      store,
      { municipality: 'talsi', caseId: 'iso-1' },
      { coordinatorId: 'u-talsi', reviewDue: '2030-01-10' },
    );
  });

  it('the wrong municipality gets nothing back', async () => {
    expect(await store.cases.get({ municipality: 'riga', caseId: 'iso-1' })).toBeUndefined();
    expect(await store.cases.getPerson({ municipality: 'riga', caseId: 'iso-1' })).toBeUndefined();
    expect(await store.audit.trail({ municipality: 'riga', caseId: 'iso-1' })).toEqual({ events: [] });
    expect(await store.statements.forMonth({ municipality: 'riga', caseId: 'iso-1' }, '2024-03')).toEqual([]);
    expect(await store.timesheets.forMonth({ municipality: 'riga', caseId: 'iso-1' }, '2024-03')).toEqual([]);
    expect((await store.cases.byCoordinator('riga', 'u-talsi')).items).toEqual([]);
    expect((await store.cases.dueBetween('riga', '2030-01-01', '2030-01-31')).items).toEqual([]);
  });

  it('a write with the wrong municipality fails as not found, the same as a case that does not exist', async () => {
    const real = await store.cases.require({ municipality: 'talsi', caseId: 'iso-1' });
    const wrong = { municipality: 'riga', caseId: 'iso-1' };
    const error = await store.cases
      .update(wrong, { ...real, municipality: 'riga' }, { phase: 'active' }, note('x'))
      .catch((e: unknown) => e);
    const missing = await store.cases
      .update(
        riga('no-such'),
        { ...real, municipality: 'riga', caseId: 'no-such' },
        { phase: 'active' },
        note('x'),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toBe('case iso-1 in riga not found');
    expect((error as Error).message).not.toContain('talsi');
    await expect(
      store.timesheets.submit(wrong, '2024-03', { assistantId: 'a-1', entries: [] }, note('x')),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.cases.get(wrong, true)).toBeUndefined();
    expect((await store.cases.require({ municipality: 'talsi', caseId: 'iso-1' })).phase).toBe(
      'request-assessment',
    );
  });

  it('ids that would step into another key are rejected before any request, naming the field', async () => {
    const forged = { municipality: 'riga#C#iso-1', caseId: 'x' };
    const error = await store.cases.get(forged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues.map((issue) => issue.path)).toEqual(['case.municipality']);
  });
});

describe('cases of a municipality and of a coordinator', () => {
  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      await openCase(
        store,
        { municipality: 'liepaja', caseId: `lp-${i}` },
        { coordinatorId: i % 2 === 0 ? 'u-even' : 'u-odd' },
      );
    }
    await openCase(store, { municipality: 'ventspils', caseId: 'vp-0' }, { coordinatorId: 'u-even' });
  });

  it('lists every case of the municipality, page by page', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.cases.byMunicipality('liepaja', { limit: 3, ...(cursor && { cursor }) });
      ids.push(...page.items.map((c) => c.caseId));
      cursor = page.cursor;
    } while (cursor);
    expect(ids).toEqual(['lp-0', 'lp-1', 'lp-2', 'lp-3', 'lp-4', 'lp-5', 'lp-6']);
  });

  it("lists one coordinator's cases in the municipality only", async () => {
    const page = await store.cases.byCoordinator('liepaja', 'u-even');
    expect(page.items.map((c) => c.caseId)).toEqual(['lp-0', 'lp-2', 'lp-4', 'lp-6']);
  });

  it('follows a case to its new coordinator', async () => {
    const current = await store.cases.require({ municipality: 'liepaja', caseId: 'lp-1' });
    await store.cases.update(
      { municipality: 'liepaja', caseId: 'lp-1' },
      current,
      { coordinatorId: 'u-even' },
      note('case-reassigned'),
    );
    expect((await store.cases.byCoordinator('liepaja', 'u-even')).items.map((c) => c.caseId)).toContain(
      'lp-1',
    );
    expect((await store.cases.byCoordinator('liepaja', 'u-odd')).items.map((c) => c.caseId)).not.toContain(
      'lp-1',
    );
  });
});

describe('cases whose review or re-assessment is due between two dates', () => {
  it('lists open cases by due date, both kinds, and follows changes and closure', async () => {
    const m = 'cesis';
    await openCase(
      store,
      { municipality: m, caseId: 'd-1' },
      { reviewDue: '2024-07-02', reassessmentDue: '2024-08-01' },
    );
    await openCase(store, { municipality: m, caseId: 'd-2' }, { reviewDue: '2024-07-31' });
    await openCase(store, { municipality: m, caseId: 'd-3' }, { reviewDue: '2024-09-15' });
    const july = await store.cases.dueBetween(m, '2024-07-01', '2024-07-31');
    expect(july.items).toEqual([
      { ref: { municipality: m, caseId: 'd-1' }, kind: 'review', date: '2024-07-02' },
      { ref: { municipality: m, caseId: 'd-2' }, kind: 'review', date: '2024-07-31' },
    ]);
    expect((await store.cases.dueBetween(m, '2024-08-01', '2024-08-01')).items).toEqual([
      { ref: { municipality: m, caseId: 'd-1' }, kind: 'reassessment', date: '2024-08-01' },
    ]);
    const d2 = await store.cases.require({ municipality: m, caseId: 'd-2' });
    await store.cases.update(
      { municipality: m, caseId: 'd-2' },
      d2,
      { reviewDue: '2024-09-01' },
      note('review-moved'),
    );
    const d1 = await store.cases.require({ municipality: m, caseId: 'd-1' });
    await store.cases.update(
      { municipality: m, caseId: 'd-1' },
      d1,
      { status: 'closed', closedReason: 'moved' },
      note('case-closed'),
    );
    expect((await store.cases.dueBetween(m, '2024-07-01', '2024-08-31')).items).toEqual([]);
    expect(
      (await store.cases.dueBetween(m, '2024-09-01', '2024-09-30')).items.map((d) => d.ref.caseId),
    ).toEqual(['d-2', 'd-3']);
  });
});

describe('optimistic locking', () => {
  it('of concurrent updates from the same read, exactly one wins and the others get a ConflictError', async () => {
    const ref = riga('lock-1');
    const read = await openCase(store, ref);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.cases.update(ref, read, { phase: `phase-${i}` }, note('phase-changed')),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(5);
    for (const result of lost) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const stored = await store.cases.require(ref);
    expect(stored.version).toBe(2);
    expect(stored.phase).toBe((won[0] as PromiseFulfilledResult<{ phase: string }>).value.phase);
    // Only the winning change is in the audit trail.
    const trail = await store.audit.trail(ref);
    expect(trail.events.map((e) => e.action)).toEqual(['phase-changed', 'case-opened']);
  });

  it('modify re-reads and retries, so concurrent increments all land', async () => {
    const ref = riga('lock-2');
    await openCase(store, ref);
    await Promise.all(
      Array.from({ length: 5 }, () =>
        store.cases.modify(ref, (c) => ({ cycle: c.cycle + 1 }), note('cycle-started'), 20),
      ),
    );
    const stored = await store.cases.require(ref);
    expect(stored.cycle).toBe(5);
    expect(stored.version).toBe(6);
  });

  it('an update that changes nothing writes nothing', async () => {
    const ref = riga('lock-3');
    const read = await openCase(store, ref);
    expect(await store.cases.update(ref, read, { phase: read.phase }, note('noop'))).toBe(read);
    expect((await store.audit.trail(ref)).events).toHaveLength(1);
  });

  it('rejects a change to a field a caller may not set, naming it', async () => {
    const ref = riga('lock-4');
    const read = await openCase(store, ref);
    const error = await store.cases
      .update(ref, read, { version: 9 } as never, note('x'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('changes');
  });
});

describe('active cases for a settlement month', () => {
  it('pages through every active case of the month across all shards, once each', async () => {
    const refs = Array.from({ length: 40 }, (_, i) => ({
      municipality: i % 2 ? 'ogre' : 'tukums',
      caseId: `act-${i}`,
    }));
    for (const ref of refs) {
      await openCase(store, ref);
      await store.cases.markActiveMonths(ref, ['2031-03', '2031-04'], note('plan-activated'));
    }
    await store.cases.withdrawActiveMonths(refs[0] as CaseRef, '2031-04', note('case-closed'));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.cases.activeForMonth('2031-03', { limit: 7, ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.items.map((r) => `${r.municipality}/${r.caseId}`));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(seen.sort()).toEqual(refs.map((r) => `${r.municipality}/${r.caseId}`).sort());
    const april = [];
    let next = await store.cases.activeForMonth('2031-04', { limit: 1000 });
    april.push(...next.items);
    while (next.cursor) {
      next = await store.cases.activeForMonth('2031-04', { limit: 1000, cursor: next.cursor });
      april.push(...next.items);
    }
    expect(april).toHaveLength(39);
    expect((await store.cases.activeForMonth('2031-05')).items).toEqual([]);
  });

  it('a tampered cursor is an InputError on cursor', async () => {
    await expect(
      store.cases.activeForMonth('2031-03', { cursor: 'bm90LWEtY3Vyc29y' }),
    ).rejects.toBeInstanceOf(InputError);
  });
});

describe('personal data and the audit trail', () => {
  it('keeps personal data in one item, audits changed field names only, and erases it on request', async () => {
    const ref = riga('pd-1');
    await openCase(store, ref);
    expect(await store.cases.getPerson(ref)).toMatchObject(person);
    const moved = {
      ...person,
      contacts: person.contacts.map((c, i) => (i === 0 ? { ...c, email: 'ilze.new@example.lv' } : c)),
    };
    await store.cases.putPerson(ref, moved, note('contact-changed'));
    const events = (await store.audit.trail(ref)).events;
    expect(events[0]).toMatchObject({
      action: 'contact-changed',
      changedFields: ['contacts[0].email'],
      subject: 'PERSON',
      actor: { kind: 'coordinator', id: 'u-7' },
    });
    expect(JSON.stringify(events)).not.toContain('example.lv');
    expect(JSON.stringify(events)).not.toContain('Bērziņa');
    await store.cases.erasePerson(ref, note('person-erased'));
    expect(await store.cases.getPerson(ref)).toBeUndefined();
    expect(await store.cases.get(ref)).toBeDefined();
  });

  it('returns the trail newest first, a page at a time, with actor, action, time and field names', async () => {
    const ref = riga('trail-1');
    await openCase(store, ref);
    for (const phase of ['compute-budget', 'ask-ranking', 'draft-plan']) {
      await store.cases.modify(ref, () => ({ phase }), note(`moved-to-${phase}`, system));
    }
    const first = await store.audit.trail(ref, { limit: 2 });
    expect(first.events.map((e) => e.action)).toEqual(['moved-to-draft-plan', 'moved-to-ask-ranking']);
    expect(first.events[0]).toMatchObject({ actor: system, changedFields: ['phase', 'phaseSince'] });
    expect(first.cursor).toBeDefined();
    const rest = await store.audit.trail(ref, { limit: 10, cursor: first.cursor as string });
    expect(rest.events.map((e) => e.action)).toEqual(['moved-to-compute-budget', 'case-opened']);
    const times = [...first.events, ...rest.events].map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe('decoding', () => {
  it('an item that does not match its schema is an ItemDecodeError naming the key and the fields, not the values', async () => {
    await table.raw.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          pk: { S: 'M#riga#C#broken-1' },
          sk: { S: 'CASE' },
          entity: { S: 'Case' },
          schemaVersion: { N: '1' },
          municipality: { S: 'riga' },
          caseId: { S: 'broken-1' },
          participantId: { S: 'p-secret-value' },
          status: { S: 'half-open' },
          phase: { S: 'active' },
          cycle: { N: '1' },
          version: { N: '3' },
          createdAt: { S: '2024-01-01T00:00:00Z' },
          updatedAt: { S: '2024-01-01T00:00:00Z' },
        },
      }),
    );
    const error = await store.cases.get(riga('broken-1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemDecodeError);
    const decode = error as ItemDecodeError;
    expect(decode.key).toEqual({ pk: 'M#riga#C#broken-1', sk: 'CASE' });
    expect(decode.issues.map((i) => i.path).sort()).toEqual(['coordinatorId', 'status']);
    expect(decode.message).toContain('pk=M#riga#C#broken-1 sk=CASE');
    expect(decode.message).not.toContain('half-open');
  });

  it('an item of an unknown schema version is a decode error too', async () => {
    const ref = riga('future-1');
    await openCase(store, ref);
    await table.raw.send(
      new PutItemCommand({
        TableName: table.tableName,
        Item: {
          pk: { S: 'M#riga#C#future-1' },
          sk: { S: 'PERSON' },
          entity: { S: 'Person' },
          schemaVersion: { N: '2' },
        },
      }),
    );
    const error = await store.cases.getPerson(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItemDecodeError);
    expect((error as ItemDecodeError).issues.map((i) => i.path)).toContain('schemaVersion');
  });
});
