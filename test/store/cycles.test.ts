import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeItem, type PlanContract, planEntity } from '../../functions/store/entities.ts';
import { ConflictError } from '../../functions/store/errors.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;
beforeAll(async () => {
  table = await createTestTable('cycles');
  store = table.store;
});
afterAll(async () => {
  await table.drop();
});

const ref = { municipality: 'talsi', caseId: 'cy-1' };
const scores = { mobility: 2, selfCare: 3, communication: 1, learning: 2, behaviour: 0, familySupport: 1 };
const plan: PlanContract = {
  participantId: 'p-cy-1',
  period: { start: '2024-02-01', end: '2024-07-31' },
  budget: { cents: 300_000, terms: [{ term: 'base', cents: 100_000 }] },
  grants: [{ service: 'assistant', hoursPerMonth: 80 }],
  lines: [
    {
      service: 'physiotherapy',
      order: 1,
      unitsPerMonth: 4,
      unitCents: 3_000,
      travelCents: 0,
      periodCents: 72_000,
      funding: 'individual-budget',
    },
  ],
  unfunded: [{ service: 'hippotherapy', reason: 'no provider' }],
  totalCents: 72_000,
  leftToPlanCents: 228_000,
  warnings: [{ code: 'NO_PROVIDER', service: 'hippotherapy', message: 'no provider known' }],
};

describe("a case's assessments, plans and grants by cycle", () => {
  beforeAll(async () => {
    await openCase(store, ref);
    await store.cycles.recordAssessment(
      ref,
      1,
      { assessedOn: '2024-01-10', scores, weeklyRehabilitation: true, needsCompanion: false },
      note('assessment-recorded'),
    );
    await store.cycles.recordPlan(ref, 1, plan, note('plan-drafted'));
    await store.cycles.recordPlan(
      ref,
      1,
      { ...plan, totalCents: 60_000, leftToPlanCents: 240_000 },
      note('plan-drafted'),
    );
    await store.cycles.setPlanStatus(ref, 1, 2, 'approved', note('plan-approved'));
    await store.cycles.recordGrants(
      ref,
      1,
      [{ service: 'assistant', basis: 'month', minutes: 100 * 60, from: '2024-02-01', to: '2024-07-31' }],
      note('grants-set'),
    );
    await store.cycles.recordAssessment(
      ref,
      2,
      { assessedOn: '2024-07-15', scores, weeklyRehabilitation: false, needsCompanion: false },
      note('assessment-recorded'),
    );
  });

  it('returns one cycle whole, in one query, and nothing of the next', async () => {
    const first = await store.cycles.contents(ref, 1);
    expect(first.assessments.map((a) => a.assessedOn)).toEqual(['2024-01-10']);
    expect(first.plans.map((p) => [p.revision, p.status, p.plan.totalCents])).toEqual([
      [1, 'draft', 72_000],
      [2, 'approved', 60_000],
    ]);
    expect(first.plans[0]?.plan.budget.terms).toEqual([{ term: 'base', cents: 100_000 }]);
    expect(first.grants).toMatchObject([{ service: 'assistant', basis: 'month', minutes: 6000 }]);
    const second = await store.cycles.contents(ref, 2);
    expect(second.assessments.map((a) => a.assessedOn)).toEqual(['2024-07-15']);
    expect(second.plans).toEqual([]);
  });

  it('refuses another assessment for the same date; the same one again is recorded already, with no second event', async () => {
    const [stored] = (await store.cycles.contents(ref, 1)).assessments;
    if (!stored) throw new Error('no assessment');
    const { entity: _e, schemaVersion: _v, cycle: _c, recordedAt: _r, ...same } = stored;
    await expect(
      store.cycles.recordAssessment(
        ref,
        1,
        { ...same, weeklyRehabilitation: !same.weeklyRehabilitation },
        note('assessment-recorded'),
      ),
    ).rejects.toBeInstanceOf(ConflictError);
    const eventsBefore = (await store.audit.trail(ref, { limit: 100 })).events.length;
    await expect(store.cycles.recordAssessment(ref, 1, same, note('assessment-recorded'))).resolves.toEqual(
      stored,
    );
    expect((await store.audit.trail(ref, { limit: 100 })).events).toHaveLength(eventsBefore);
  });

  it('reads a plan recorded before its figure was named left to plan (remainingCents) under the new name', async () => {
    const { leftToPlanCents, ...older } = plan;
    const item = {
      entity: 'Plan',
      schemaVersion: 1,
      cycle: 1,
      revision: 1,
      status: 'draft',
      plan: { ...older, remainingCents: leftToPlanCents },
      recordedAt: '2024-01-11T08:00:00.000Z',
    };
    const decoded = decodeItem(planEntity, item);
    expect(decoded.plan.leftToPlanCents).toBe(228_000);
    expect(decoded.plan).not.toHaveProperty('remainingCents');
    expect(decodeItem(planEntity, { ...item, plan }).plan.leftToPlanCents).toBe(228_000);
  });

  it('the wrong municipality sees no cycle', async () => {
    expect(await store.cycles.contents({ municipality: 'riga', caseId: 'cy-1' }, 1)).toEqual({
      assessments: [],
      plans: [],
      grants: [],
      changeRequests: [],
    });
  });
});

describe("an assistant's timesheet for a month", () => {
  it('stores, replaces and reads timesheets by assistant and month', async () => {
    const caseRef = { municipality: 'talsi', caseId: 'ts-1' };
    await openCase(store, caseRef);
    const entry = {
      date: '2024-03-04',
      minutes: 240,
      activity: 'education',
      confirmed: true,
      start: 480,
      end: 720,
    };
    await store.timesheets.submit(
      caseRef,
      '2024-03',
      { assistantId: 'a-1', entries: [entry] },
      note('timesheet-submitted'),
    );
    await store.timesheets.submit(
      caseRef,
      '2024-03',
      { assistantId: 'a-2', entries: [{ ...entry, start: 780, end: 1020 }] },
      note('timesheet-submitted'),
    );
    await store.timesheets.submit(
      caseRef,
      '2024-04',
      { assistantId: 'a-1', entries: [] },
      note('timesheet-submitted'),
    );
    await store.timesheets.submit(
      caseRef,
      '2024-03',
      { assistantId: 'a-1', entries: [entry, { ...entry, date: '2024-03-05' }] },
      note('timesheet-corrected'),
    );
    const sheet = await store.timesheets.get(caseRef, '2024-03', 'a-1');
    expect(sheet?.entries.map((e) => e.date)).toEqual(['2024-03-04', '2024-03-05']);
    expect(await store.timesheets.get(caseRef, '2024-03', 'a-3')).toBeUndefined();
    expect((await store.timesheets.forMonth(caseRef, '2024-03')).map((t) => t.assistantId)).toEqual([
      'a-1',
      'a-2',
    ]);
    expect(
      await store.timesheets.get({ municipality: 'riga', caseId: 'ts-1' }, '2024-03', 'a-1'),
    ).toBeUndefined();
  });
});

describe('a cycle’s budget, ranking, change requests and consent', () => {
  const other = { municipality: 'talsi', caseId: 'cy-2' };
  beforeAll(async () => {
    await openCase(store, other);
  });

  it('keeps the latest budget and ranking, numbers change requests, and records consent with an approval', async () => {
    const budget = {
      assessedOn: '2024-01-10',
      cents: 250_000,
      terms: [{ term: 'base', cents: 100_000 }],
      assistantGrants: [{ service: 'assistant', hoursPerMonth: 100 }],
      policy: { id: 'LV-IB-ILLUSTRATIVE', revision: 1 },
    };
    await store.cycles.recordBudget(other, 1, budget, note('budget-computed'));
    await store.cycles.recordBudget(other, 1, { ...budget, cents: 260_000 }, note('budget-computed'));
    await store.cycles.recordRanking(
      other,
      1,
      { services: ['physiotherapy'], rankedBy: 'parents', receivedOn: '2024-01-12' },
      note('ranking-recorded'),
    );
    await store.cycles.recordPlan(other, 1, plan, note('plan-drafted'));
    const first = await store.cycles.requestChangesToDraft(
      other,
      1,
      { toRevision: 1, parentRanking: ['physiotherapy'] },
      note('changes-requested'),
    );
    await store.cycles.recordPlan(other, 1, plan, note('plan-drafted'));
    const second = await store.cycles.requestChangesToDraft(
      other,
      1,
      { toRevision: 2 },
      note('changes-requested'),
    );
    await store.cycles.recordPlan(other, 1, plan, note('plan-drafted'));
    await store.cycles.setPlanStatus(other, 1, 3, 'approved', note('plan-approved'), {
      by: 'p-1',
      on: '2024-01-20',
      via: 'link',
    });
    const contents = await store.cycles.contents(other, 1);
    expect(contents.budget?.cents).toBe(260_000);
    expect(contents.ranking).toMatchObject({ services: ['physiotherapy'], rankedBy: 'parents' });
    expect([first.sequence, second.sequence]).toEqual([1, 2]);
    expect(contents.changeRequests.map((request) => request.toRevision)).toEqual([1, 2]);
    expect(contents.plans.map((p) => p.status)).toEqual(['superseded', 'superseded', 'approved']);
    expect(contents.plans[2]).toMatchObject({
      status: 'approved',
      consent: { by: 'p-1', on: '2024-01-20', via: 'link' },
    });
    const trail = await store.audit.trail(other, { limit: 10 });
    expect(trail.events.find((event) => event.action === 'plan-approved')?.changedFields).toEqual([
      'status',
      'consent',
    ]);
  });

  it('records the parents’ consent on a draft alone (the audit names consent only); an approved revision is a conflict', async () => {
    const drafted = await store.cycles.recordPlan(other, 3, plan, note('plan-drafted'));
    const consent = { by: 'p-1', on: '2024-03-02', via: 'link' } as const;
    await store.cycles.recordConsent(other, 3, drafted.revision, consent, note('consent-recorded'));
    expect((await store.cycles.contents(other, 3)).plans[0]).toMatchObject({ status: 'draft', consent });
    const trail = await store.audit.trail(other, { limit: 5 });
    expect(trail.events.find((event) => event.action === 'consent-recorded')?.changedFields).toEqual([
      'consent',
    ]);
    await store.cycles.setPlanStatus(other, 3, drafted.revision, 'approved', note('plan-approved'), consent);
    await expect(
      store.cycles.recordConsent(other, 3, drafted.revision, consent, note('consent-recorded')),
    ).rejects.toThrow(ConflictError);
  });

  it('refuses a bad ranking or consent, naming the field, and writes nothing', async () => {
    await expect(
      store.cycles.recordRanking(
        other,
        2,
        { services: [], rankedBy: 'parents', receivedOn: '2024-13-01' },
        note('x'),
      ),
    ).rejects.toThrow(/ranking\.services.*ranking\.receivedOn|ranking\.receivedOn.*ranking\.services/s);
    await expect(
      store.cycles.setPlanStatus(other, 1, 1, 'approved', note('x'), {
        by: 'p 1',
        on: '2024-01-20',
        via: 'email',
      } as never),
    ).rejects.toThrow(/consent\.by/);
    expect((await store.cycles.contents(other, 2)).ranking).toBeUndefined();
  });
});
