/** Providers' claims in the store, against DynamoDB Local: stored once, idempotent, conflicts named, tenant-scoped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../functions/domain/errors.ts';
import { type ClaimInput, toServiceClaim } from '../../functions/store/claims.ts';
import { ConflictError, ItemDecodeError, NotFoundError } from '../../functions/store/errors.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;
beforeAll(async () => {
  table = await createTestTable('claims');
  store = table.store;
});
afterAll(async () => {
  await table?.drop();
});

const provider = { kind: 'provider', id: 'talsi-rehab' } as const;
const claim = (claimId: string, extra: Partial<ClaimInput> = {}): ClaimInput => ({
  claimId,
  date: '2024-03-04',
  service: 'physiotherapy',
  units: 2,
  providerId: 'talsi-rehab',
  confirmed: true,
  ...extra,
});

async function refusalOf(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("providers' claims", () => {
  const ref = { municipality: 'talsi', caseId: 'cl-1' };
  beforeAll(async () => {
    await openCase(store, ref);
  });

  it('stores a claim in its month with an audit event naming the fields, never their values', async () => {
    const result = await store.claims.submit(ref, claim('inv-1'), note('claim-submitted', provider));
    expect(result.created).toBe(true);
    expect(result.claim).toMatchObject({ entity: 'Claim', schemaVersion: 1, month: '2024-03', units: 2 });
    expect(await store.claims.forMonth(ref, '2024-03')).toEqual([result.claim]);
    expect(toServiceClaim(result.claim)).toEqual({
      date: '2024-03-04',
      service: 'physiotherapy',
      units: 2,
      providerId: 'talsi-rehab',
      confirmed: true,
    });
    const [event] = (await store.audit.trail(ref, { limit: 1 })).events;
    expect(event).toMatchObject({
      action: 'claim-submitted',
      actor: provider,
      subject: 'CLAIM#2024-03#talsi-rehab#inv-1',
    });
    expect(event?.changedFields.sort()).toEqual(
      ['claimId', 'confirmed', 'date', 'providerId', 'service', 'units'].sort(),
    );
    expect(JSON.stringify(event)).not.toContain('physiotherapy');
  });

  it('writes nothing when the same claim is submitted again', async () => {
    const first = await store.claims.submit(ref, claim('inv-2'), note('claim-submitted', provider));
    const before = (await store.audit.trail(ref, { limit: 100 })).events.length;
    const again = await store.claims.submit(ref, claim('inv-2'), note('claim-submitted', provider));
    expect(again).toEqual({ created: false, claim: first.claim });
    expect((await store.audit.trail(ref, { limit: 100 })).events).toHaveLength(before);
  });

  it('refuses the same claim id with other content, naming what differs, even under another month', async () => {
    await store.claims.submit(ref, claim('inv-3'), note('claim-submitted', provider));
    await expect(
      store.claims.submit(ref, claim('inv-3', { units: 3 }), note('claim-submitted', provider)),
    ).rejects.toThrow(ConflictError);
    await expect(
      store.claims.submit(ref, claim('inv-3', { units: 3 }), note('claim-submitted', provider)),
    ).rejects.toThrow(/units/);
    await expect(
      store.claims.submit(ref, claim('inv-3', { date: '2024-04-02' }), note('claim-submitted', provider)),
    ).rejects.toThrow(/date/);
    expect(await store.claims.forMonth(ref, '2024-04')).toEqual([]);
    const stored = (await store.claims.forMonth(ref, '2024-03')).filter((c) => c.claimId === 'inv-3');
    expect(stored.map((c) => c.units)).toEqual([2]);
  });

  it('keeps claim ids per provider: another provider may use the same id', async () => {
    const other = await store.claims.submit(
      ref,
      claim('inv-1', { providerId: 'kuldiga-speech', service: 'speech-therapy' }),
      note('claim-submitted', provider),
    );
    expect(other.created).toBe(true);
  });

  it('refuses bad input naming every bad field, and writes nothing', async () => {
    const before = await store.claims.forMonth(ref, '2024-03');
    const refusal = await refusalOf(
      store.claims.submit(
        ref,
        {
          claimId: 'inv#9',
          date: '2024-02-30',
          service: 'Physio',
          units: 0,
          providerId: 'talsi-rehab',
          confirmed: 'yes',
        } as unknown as ClaimInput,
        note('claim-submitted', provider),
      ),
    );
    expect(refusal.issues.map((issue) => issue.path).sort()).toEqual(
      ['claim.claimId', 'claim.confirmed', 'claim.date', 'claim.service', 'claim.units'].sort(),
    );
    const extra = await refusalOf(
      store.claims.submit(
        ref,
        { ...claim('inv-9'), amountCents: 100 } as unknown as ClaimInput,
        note('claim-submitted', provider),
      ),
    );
    expect(extra.issues.map((issue) => issue.path)).toEqual(['claim']);
    expect(await store.claims.forMonth(ref, '2024-03')).toEqual(before);
  });

  it('lists a plan period of claims in one query, by month, provider and claim id', async () => {
    const period = { municipality: 'talsi', caseId: 'cl-2' };
    await openCase(store, period);
    for (const [id, date] of [
      ['b', '2024-02-10'],
      ['a', '2024-02-12'],
      ['c', '2024-01-31'],
      ['d', '2024-04-01'],
    ] as const) {
      await store.claims.submit(period, claim(id, { date }), note('claim-submitted', provider));
    }
    const claims = await store.claims.between(period, '2024-01', '2024-03');
    expect(claims.map((c) => c.claimId)).toEqual(['c', 'a', 'b']);
    expect(await store.claims.between(period, '2024-03', '2024-01')).toEqual([]);
    await expect(store.claims.between(period, '2024-1', '2024-03')).rejects.toThrow(/months.from/);
  });

  it('finds nothing with the wrong municipality, and refuses to write there', async () => {
    const wrong = { ...ref, municipality: 'riga' };
    expect(await store.claims.forMonth(wrong, '2024-03')).toEqual([]);
    await expect(
      store.claims.submit(wrong, claim('inv-1'), note('claim-submitted', provider)),
    ).rejects.toThrow(NotFoundError);
  });

  it('reports a stored claim that does not decode by its key', async () => {
    const broken = { municipality: 'talsi', caseId: 'cl-3' };
    await openCase(store, broken);
    await store.table.transact([
      {
        Put: {
          Item: {
            pk: 'M#talsi#C#cl-3',
            sk: 'CLAIM#2024-03#talsi-rehab#x',
            entity: 'Claim',
            schemaVersion: 1,
            units: 'two',
          },
        },
      },
    ]);
    await expect(store.claims.forMonth(broken, '2024-03')).rejects.toThrow(ItemDecodeError);
    await expect(store.claims.forMonth(broken, '2024-03')).rejects.toThrow(/CLAIM#2024-03#talsi-rehab#x/);
  });
});
