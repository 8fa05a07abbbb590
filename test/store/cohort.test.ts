/**
 * The what-if's cohort read from the store (functions/store/cohort.ts) on DynamoDB Local: the
 * cases active in the period, one municipality's or all, each cycle's active plan with the inputs
 * it was drafted from, the period's timesheets under pseudonyms, an age band instead of a birth
 * date, and nothing personal; and `atbalsts what-if` reading the same store.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parsePlanCase } from '../../functions/domain/plan/input.ts';
import { makeSupportPlan } from '../../functions/domain/plan/plan.ts';
import { parseCohort } from '../../functions/domain/what-if/cohort.ts';
import { resolvePolicy } from '../../functions/domain/what-if/proposal.ts';
import { whatIf } from '../../functions/domain/what-if/what-if.ts';
import { readCohort } from '../../functions/store/cohort.ts';
import type { PlanContract } from '../../functions/store/entities.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { atbalsts } from '../cli/run-cli.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { assessAndRank, confirmAsParents, note, openCase, person } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;

const scores = { mobility: 3, selfCare: 2, communication: 3, learning: 2, behaviour: 1, familySupport: 2 };
const recommendations = [
  { service: 'physiotherapy', rank: 1, unitsPerMonth: 8, minUnitsPerMonth: 4, essential: true },
  { service: 'speech-therapy', rank: 2, unitsPerMonth: 6, minUnitsPerMonth: 3, essential: false },
];
const providers = [{ service: 'physiotherapy', providerId: 'talsi-rehab', distanceKm: 4 }];

/**
 * A case with cycle 1 active from `start` for six months, its grant, its months marked and hours
 * reported; the parents confirm what the assistant marked confirmed in `confirmedMonths`.
 */
async function activeCase(
  ref: CaseRef,
  start: string,
  changed = false,
  confirmedMonths: readonly string[] = ['2025-01', '2025-02'],
): Promise<void> {
  await openCase(store, ref);
  await assessAndRank(store, ref, { scores, recommendations, providers }, [
    'speech-therapy',
    'physiotherapy',
  ]);
  const planOf = (units: number) =>
    makeSupportPlan(
      parsePlanCase({
        participantId: `p-${ref.caseId}`,
        periodStart: start,
        months: 6,
        assessment: { ...scores, weeklyRehabilitation: true },
        recommendations: recommendations.map((r) =>
          r.service === 'speech-therapy' ? { ...r, unitsPerMonth: units } : r,
        ),
        parentRanking: ['speech-therapy', 'physiotherapy'],
        providers,
      }),
    ) as unknown as PlanContract;
  await store.cycles.recordPlan(ref, 1, planOf(6), note('plan-drafted'));
  let revision = 1;
  if (changed) {
    // The coordinator asked for fewer speech-therapy sessions; revision 2 took effect.
    await store.cycles.requestChangesToDraft(
      ref,
      1,
      {
        toRevision: 1,
        recommendations: recommendations.map((r) =>
          r.service === 'speech-therapy' ? { ...r, unitsPerMonth: 3 } : r,
        ),
      },
      note('changes-requested'),
    );
    await store.cycles.recordPlan(ref, 1, planOf(3), note('plan-drafted'));
    revision = 2;
  }
  await store.cycles.setPlanStatus(ref, 1, revision, 'active', note('plan-activated'));
  const end = `${start.slice(0, 4)}-06-30`;
  await store.cycles.recordGrants(
    ref,
    1,
    [{ service: 'assistant', basis: 'month', minutes: 6_000, from: start, to: end }],
    note('grants'),
  );
  await store.cases.markActiveMonths(
    ref,
    ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'],
    note('marked'),
  );
  for (const month of ['2025-01', '2025-02']) {
    await store.timesheets.submit(
      ref,
      month,
      {
        assistantId: 'a-1',
        entries: [
          { date: `${month}-03`, minutes: 240, activity: 'education', confirmed: true, start: 480, end: 720 },
          { date: `${month}-04`, minutes: 180, activity: 'leisure', confirmed: false },
        ],
      },
      note('timesheet'),
    );
    if (confirmedMonths.includes(month)) await confirmAsParents(store, ref, month);
  }
  await store.timesheets.submit(
    ref,
    '2025-07',
    {
      assistantId: 'a-9',
      entries: [{ date: '2025-07-01', minutes: 60, activity: 'education', confirmed: true }],
    },
    note('timesheet'),
  );
}

beforeAll(async () => {
  table = await createTestTable('cohort');
  store = table.store;
  await activeCase({ municipality: 'talsi', caseId: 'ch-1' }, '2025-01-01');
  await activeCase({ municipality: 'talsi', caseId: 'ch-2' }, '2025-01-01', true);
  // The parents of ch-3 have not confirmed February's hours (yet).
  await activeCase({ municipality: 'riga', caseId: 'ch-3' }, '2025-01-01', false, ['2025-01']);
  // A case never active in the period is not in its cohort.
  await openCase(store, { municipality: 'talsi', caseId: 'ch-4' });
  await store.cases.markActiveMonths({ municipality: 'talsi', caseId: 'ch-4' }, ['2024-06'], note('marked'));
});
afterAll(async () => {
  await table.drop();
});

describe('the cohort of a period, read from the store', () => {
  it('holds every case active in the period, each cycle’s active plan as drafted, the period’s hours under pseudonyms', async () => {
    const cohort = await readCohort(store, { from: '2025-01', to: '2025-06', regions: { talsi: 'Kurzeme' } });
    expect(cohort.cases.map((item) => `${item.municipality}/${item.caseId}`)).toEqual([
      'riga/ch-3',
      'talsi/ch-1',
      'talsi/ch-2',
    ]);
    const [riga, first, changed] = cohort.cases;
    // Born 2014-05-02: ten on 2025-01-01.
    expect(first).toMatchObject({ region: 'Kurzeme', ageBand: '10-14' });
    expect(riga?.region).toBeUndefined();
    expect(first?.plans).toEqual([
      {
        periodStart: '2025-01-01',
        months: 6,
        assessment: { ...scores, weeklyRehabilitation: true, needsCompanion: false },
        recommendations,
        parentRanking: ['speech-therapy', 'physiotherapy'],
        providers,
        grantFrom: '2025-01-01',
        grantTo: '2025-06-30',
      },
    ]);
    expect(changed?.plans[0]?.recommendations).toEqual(
      recommendations.map((r) => (r.service === 'speech-therapy' ? { ...r, unitsPerMonth: 3 } : r)),
    );
    expect(first?.months.map((month) => month.month)).toEqual(['2025-01', '2025-02']);
    expect(first?.months[0]?.timesheets.map((sheet) => sheet.assistantId)).toEqual(['A1']);
    // Confirmed as the monthly run reads it: by the parents, whatever the assistant's own flag says.
    const confirmedIn = (item: typeof first, index: number) =>
      item?.months[index]?.timesheets[0]?.entries.map((entry) => (entry as { confirmed: boolean }).confirmed);
    expect(confirmedIn(first, 1)).toEqual([true, false]);
    expect(confirmedIn(riga, 0)).toEqual([true, false]);
    expect(confirmedIn(riga, 1)).toEqual([false, false]);
    // Nothing of the person item but the band: no names, emails, phones, ids of people, birth date.
    const text = JSON.stringify(cohort);
    for (const secret of [
      person.participant.name,
      person.participant.birthDate,
      'p-ch-1',
      ...person.contacts.flatMap((contact) => [contact.id, contact.name, contact.email, contact.phone]),
    ]) {
      if (secret) expect(text).not.toContain(secret);
    }
  });

  it('reads one municipality’s cases only, and replays the same as the domain does on it', async () => {
    const cohort = await readCohort(store, { from: '2025-01', to: '2025-06', municipality: 'talsi' });
    expect(cohort.cases.map((item) => item.caseId)).toEqual(['ch-1', 'ch-2']);
    const result = whatIf(parseCohort(cohort), { from: '2025-01', to: '2025-06' }, resolvePolicy());
    // The plan the store holds is the plan the what-if makes again under the current policy.
    const stored = await store.cycles.contents({ municipality: 'talsi', caseId: 'ch-2' }, 1);
    const active = stored.plans.find((plan) => plan.status === 'active');
    expect(result.cases[1]?.current.plannedCents).toBe(active?.plan.totalCents);
    // Two months of 4 h confirmed (the unconfirmed 3 h are not paid), at EUR 5.11.
    expect(result.cases[0]?.current).toMatchObject({
      paidMinutes: 480,
      paidCents: 2 * 2_044,
      grantedMinutes: 6 * 6_000,
    });
  });

  it('is what atbalsts what-if reads without --cohort', () => {
    const run = atbalsts([
      'what-if',
      '--period',
      '2025-01..2025-06',
      '--policy',
      'docs/examples/what-if-rehabilitation-80h.json',
      '--municipality',
      'talsi',
      '--endpoint',
      inject('dynamoEndpoint'),
      '--table',
      table.tableName,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.cases.map((outcome: { caseId: string }) => outcome.caseId)).toEqual(['ch-1', 'ch-2']);
    // 100 h to 80 h a month for six months, for each of the two children with weekly rehabilitation.
    expect(result.total.difference.grantedMinutes).toBe(-2 * 6 * 20 * 60);
  });
});
