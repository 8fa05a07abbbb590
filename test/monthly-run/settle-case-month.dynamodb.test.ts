/**
 * One case's month of the monthly run, against DynamoDB Local: settled once, reruns write nothing,
 * late timesheets and claims supplement; providers' claims paid against the active plan, and the
 * parents' monthly statement beside each assistant's pay statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../functions/domain/errors.ts';
import { CaseDataError } from '../../functions/monthly-run/case-month/case-data-error.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { renderNotification } from '../../functions/notify/render/kinds.ts';
import type { ClaimInput } from '../../functions/store/claims.ts';
import type { PersonData, PlanContract, StoredOutboxItem } from '../../functions/store/entities.ts';
import { NotFoundError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, submitConfirmed, system } from '../support/store-fixtures.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('runs');
});
afterAll(async () => {
  await table?.drop();
});

const run = (at: string) => ({ actor: system, at });
/** Settle the case's month as the run of `at` does. */
const settle = (ref: CaseRef, month: string, at: string) => settleCaseMonth(table.store, ref, month, run(at));
/** The assistant's month, sent and confirmed by the parents. */
const timesheet = (ref: CaseRef, month: string, assistantId: string, entries: ReturnType<typeof hours>[]) =>
  submitConfirmed(table.store, ref, month, { assistantId, entries }, note('timesheet-submitted'));
/** The cycle's assistant grant. */
const grantAssistant = (
  ref: CaseRef,
  cycle: number,
  grant: { basis: 'month' | 'week'; minutes: number; from?: string; to?: string },
) =>
  table.store.cycles.recordGrants(ref, cycle, [{ service: 'assistant', ...grant }], note('grants-recorded'));
const hours = (date: string, h: number, activity = 'education') => ({
  date,
  minutes: h * 60,
  activity,
  confirmed: true,
});

async function caseWithMonth(caseId: string, grantHours = 10): Promise<CaseRef> {
  const ref = { municipality: 'talsi', caseId };
  await openCase(table.store, ref, { phase: 'active', cycle: 1 });
  await grantAssistant(ref, 1, {
    basis: 'month',
    minutes: grantHours * 60,
    from: '2024-01-01',
    to: '2024-06-30',
  });
  await timesheet(ref, '2024-03', 'a-1', [
    hours('2024-03-04', 4),
    hours('2024-03-05', 4),
    hours('2024-03-06', 4, 'leisure'),
  ]);
  return ref;
}

describe('settling one case-month from the store', () => {
  it('settles the month from the stored grant and timesheets, with the assistant’s pay statement in the outbox', async () => {
    const ref = await caseWithMonth('c-1');
    const result = await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(result).toMatchObject({
      status: 'settled',
      sequence: 0,
      paidMinutes: 600,
      amountCents: 5110,
      rejectedMinutes: 120,
    });

    const [statement] = await table.store.statements.forMonth(ref, '2024-03');
    expect(statement?.statement.rejected.map((item) => [item.date, item.reason, item.minutes])).toEqual([
      ['2024-03-06', 'MONTH_CAP', 120],
    ]);
    const pay = await table.store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-1');
    expect(pay?.status).toBe('pending');
    // What the outbox holds renders with the real template: figures and policy names, no personal data.
    const email = renderNotification('pay-statement', pay?.data, {
      language: 'lv',
      organisation: 'Talsu novada Sociālais dienests',
    });
    expect(email.text).toContain('51,10\u00a0€');
    expect(email.text).toContain('Izglītība');
    expect(JSON.stringify(pay?.data)).not.toContain('Bērziņa');
  });

  it('writes nothing when the month is settled again', async () => {
    const ref = await caseWithMonth('c-2');
    await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    const again = await settle(ref, '2024-03', '2024-04-10T06:05:00.000Z');
    expect(again).toMatchObject({ status: 'already-settled', sequence: 0, paidMinutes: 600 });
    expect(await table.store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    const trail = await table.store.audit.trail(ref);
    expect(trail.events.filter((event) => event.action === 'month-settled')).toHaveLength(1);
  });

  it('settles a timesheet that arrives late as a supplementary statement carrying only the difference', async () => {
    const ref = await caseWithMonth('c-3', 20);
    await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    await timesheet(ref, '2024-03', 'a-2', [hours('2024-03-20', 3)]);
    const late = await settle(ref, '2024-03', '2024-04-20T06:00:00.000Z');
    expect(late).toMatchObject({ status: 'supplementary', sequence: 1, paidMinutes: 180, amountCents: 1533 });
    expect(await table.store.outbox.get(ref, 'pay-statement:2024-03.1:assistant:a-2')).toBeDefined();
  });

  it('uses the paid entries of the week that began in the previous month and the paid history', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-4' };
    await openCase(table.store, ref, { phase: 'active', cycle: 1 });
    await grantAssistant(ref, 1, { basis: 'week', minutes: 10 * 60 });
    // April 2024 starts on a Monday: March's last week is whole in March. May 2024 starts on a Wednesday.
    await timesheet(ref, '2024-04', 'a-1', [hours('2024-04-29', 8)]);
    await settle(ref, '2024-04', '2024-05-10T06:00:00.000Z');
    await timesheet(ref, '2024-05', 'a-1', [hours('2024-05-02', 5)]);
    const may = await settle(ref, '2024-05', '2024-06-10T06:00:00.000Z');
    expect(may).toMatchObject({ status: 'settled', paidMinutes: 120, rejectedMinutes: 180 });
  });

  it('reports a case without an assistant grant for the month and writes nothing', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-5' };
    await openCase(table.store, ref, { phase: 'active', cycle: 1 });
    const result = await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(result.status).toBe('no-grant');
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });

  it('takes the grant of the previous cycle for a month settled after a new cycle began', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-6' };
    await openCase(table.store, ref, { phase: 'active', cycle: 2 });
    await grantAssistant(ref, 1, { basis: 'month', minutes: 300, to: '2024-03-31' });
    await grantAssistant(ref, 2, { basis: 'month', minutes: 6000, from: '2024-04-01' });
    await timesheet(ref, '2024-03', 'a-1', [hours('2024-03-04', 8)]);
    const result = await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(result).toMatchObject({ status: 'settled', paidMinutes: 300, rejectedMinutes: 180 });
  });

  it('refuses to guess between two assistant grants overlapping the month, and writes nothing', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-8' };
    await openCase(table.store, ref, { phase: 'active', cycle: 2 });
    await grantAssistant(ref, 1, { basis: 'month', minutes: 4800, to: '2024-03-20' });
    await grantAssistant(ref, 2, { basis: 'month', minutes: 6000, from: '2024-03-15' });
    await expect(settle(ref, '2024-03', '2024-04-10T06:00:00.000Z')).rejects.toThrow(CaseDataError);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });

  it('refuses a month that is not YYYY-MM, naming it, and writes nothing', async () => {
    const ref = await caseWithMonth('c-9');
    const refusal = settle(ref, '2024-3', '2024-04-10T06:00:00.000Z');
    await expect(refusal).rejects.toThrow(InputError);
    await expect(refusal).rejects.toThrow(/month/);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });

  it('finds nothing with the wrong municipality', async () => {
    const ref = await caseWithMonth('c-7');
    await expect(
      settleCaseMonth(
        table.store,
        { ...ref, municipality: 'riga' },
        '2024-03',
        run('2024-04-10T06:00:00.000Z'),
      ),
    ).rejects.toThrow(NotFoundError);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });
});

// ---- services: claims against the active plan, and the parents' monthly statement -------------

const provider = { kind: 'provider', id: 'talsi-rehab' } as const;
const family: PersonData = {
  participant: { name: 'Anna Bērziņa', birthDate: '2014-05-02' },
  contacts: [
    {
      role: 'legal-representative',
      id: 'p-2',
      name: 'Jānis Bērziņš',
      email: 'janis@example.lv',
      language: 'lv',
    },
    {
      role: 'legal-representative',
      id: 'p-1',
      name: 'Ilze Bērziņa',
      email: 'ilze@example.lv',
      language: 'en',
    },
    { role: 'assistant', id: 'a-1', name: 'Oksana Petrova', phone: '+371 2000 0000', language: 'ru' },
    { role: 'assistant', id: 'a-2', name: 'Līga Ozola', email: 'liga@example.lv', language: 'lv' },
    { role: 'coordinator', id: 'u-7', name: 'Dace Kalniņa', email: 'dace@example.lv', language: 'lv' },
  ],
};

/**
 * January to June 2024, a budget of EUR 2 750: physiotherapy 4 a month at EUR 25 + EUR 3 travel,
 * speech therapy 2 a month at EUR 25, home care paid by the municipality. A month may carry no
 * more than its share (flexibility 0), so the month cap binds.
 */
const plan: PlanContract = {
  participantId: 'p-c-s1',
  period: { start: '2024-01-01', end: '2024-06-30' },
  budget: { cents: 275_000, terms: [{ term: 'base', cents: 100_000 }] },
  grants: [{ service: 'assistant', hoursPerMonth: 10 }],
  lines: [
    {
      service: 'physiotherapy',
      order: 1,
      unitsPerMonth: 4,
      unitCents: 2_500,
      travelCents: 300,
      periodCents: 67_200,
      funding: 'individual-budget',
    },
    {
      service: 'speech-therapy',
      order: 2,
      unitsPerMonth: 2,
      unitCents: 2_500,
      travelCents: 0,
      periodCents: 30_000,
      funding: 'individual-budget',
    },
    {
      service: 'home-care',
      order: 3,
      unitsPerMonth: 20,
      unitCents: 700,
      travelCents: 0,
      periodCents: 84_000,
      funding: 'municipality',
    },
  ],
  unfunded: [],
  totalCents: 97_200,
  leftToPlanCents: 177_800,
  warnings: [],
  policy: { id: 'LV-IB-ILLUSTRATIVE', revision: 1, monthlyFlexibility: 0, inlineOverrides: [] },
};

const claimOf = (
  claimId: string,
  date: string,
  units: number,
  extra: Partial<ClaimInput> = {},
): ClaimInput => ({
  claimId,
  date,
  service: 'physiotherapy',
  units,
  providerId: 'talsi-rehab',
  confirmed: true,
  ...extra,
});
const speech = { service: 'speech-therapy', providerId: 'kuldiga-speech' } as const;
const PHYSIO = { lv: 'Fizioterapija', en: 'Physiotherapy' };
const SPEECH = { lv: 'Logopēds', en: 'Speech therapy' };

async function submitClaims(ref: CaseRef, claims: readonly ClaimInput[]): Promise<void> {
  for (const claim of claims) await table.store.claims.submit(ref, claim, note('claim-submitted', provider));
}

/** Every outbox item of the case, by notification id. */
async function outboxOf(ref: CaseRef): Promise<Map<string, StoredOutboxItem>> {
  const items = await table.store.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': `M#${ref.municipality}#C#${ref.caseId}`, ':prefix': 'OUTBOX#' },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [String(item['notificationId']), item as unknown as StoredOutboxItem]));
}

/** A case in cycle `cycle` with the plan (revision 1 superseded, revision 2 active) and, unless told, a 10 h month grant. */
async function caseWithPlan(
  caseId: string,
  options: { cycle?: number; planCycle?: number; grant?: boolean; activePlan?: PlanContract } = {},
): Promise<CaseRef> {
  const ref = { municipality: 'talsi', caseId };
  const cycle = options.cycle ?? 1;
  const planCycle = options.planCycle ?? cycle;
  await table.store.cases.create(
    { ...ref, participantId: `p-${caseId}`, coordinatorId: 'u-7', phase: 'active', cycle },
    family,
    note('case-opened'),
  );
  await table.store.cycles.recordPlan(
    ref,
    planCycle,
    { ...plan, budget: { cents: 200_000, terms: [] } },
    note('plan-drafted'),
  );
  await table.store.cycles.setPlanStatus(ref, planCycle, 1, 'superseded', note('plan-superseded'));
  const active = await table.store.cycles.recordPlan(
    ref,
    planCycle,
    options.activePlan ?? plan,
    note('plan-drafted'),
  );
  await table.store.cycles.setPlanStatus(ref, planCycle, active.revision, 'active', note('plan-activated'));
  if (options.grant ?? true) {
    await grantAssistant(ref, cycle, { basis: 'month', minutes: 600, from: '2024-01-01', to: '2024-06-30' });
  }
  return ref;
}

/** February settled (2 physiotherapy sessions), then March's timesheets and claims. */
async function marchWithClaims(caseId: string): Promise<CaseRef> {
  const ref = await caseWithPlan(caseId);
  await submitClaims(ref, [claimOf('f-1', '2024-02-05', 1), claimOf('f-2', '2024-02-12', 1)]);
  await settle(ref, '2024-02', '2024-03-10T06:00:00.000Z');
  await submitClaims(ref, [
    claimOf('m-1', '2024-03-04', 1),
    claimOf('m-2', '2024-03-11', 2),
    // the month's share is 4 sessions: one of these two is paid, the other refused (MONTH_CAP)
    claimOf('m-3', '2024-03-18', 2),
    claimOf('s-1', '2024-03-07', 1, speech),
    claimOf('s-2', '2024-03-14', 1, { ...speech, confirmed: false }),
    claimOf('h-1', '2024-03-08', 5, { service: 'home-care', providerId: 'talsi-care' }),
  ]);
  await timesheet(ref, '2024-03', 'a-1', [hours('2024-03-04', 4), hours('2024-03-05', 4)]);
  await timesheet(ref, '2024-03', 'a-2', [hours('2024-03-06', 1)]);
  return ref;
}

const context = { language: 'lv', organisation: 'Talsu novada Sociālais dienests' } as const;

describe('settling a month with a support plan and providers’ claims', () => {
  it('stores one statement with hours and services, a monthly statement per legal representative and a pay statement per assistant', async () => {
    const ref = await marchWithClaims('c-s1');
    const result = await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(result).toEqual({
      municipality: 'talsi',
      caseId: 'c-s1',
      month: '2024-03',
      status: 'settled',
      sequence: 0,
      paidMinutes: 540,
      amountCents: 4_599,
      rejectedMinutes: 0,
      servicesCents: 13_700,
      rejectedClaimUnits: 2,
    });

    const [statement, ...more] = await table.store.statements.forMonth(ref, '2024-03');
    expect(more).toEqual([]);
    const services = statement?.statement.services as Record<string, unknown> & {
      lines: { service: string; monthUnits: number; paid: { claim: string; units: number }[] }[];
      rejected: { claim: string; reason: string; units: number }[];
    };
    expect(services).toMatchObject({ month: '2024-03', monthCents: 13_700, usedCents: 19_300 });
    expect(services.lines.map((line) => [line.service, line.monthUnits])).toEqual([
      ['physiotherapy', 4],
      ['speech-therapy', 1],
      ['home-care', 5],
    ]);
    // Claims are named by the provider's claim id, not by their place in the input.
    expect(services.lines[0]?.paid.map((paid) => [paid.claim, paid.units])).toEqual([
      ['m-1', 1],
      ['m-2', 2],
      ['m-3', 1],
    ]);
    expect(services.rejected.map((item) => [item.claim, item.reason, item.units])).toEqual([
      ['s-2', 'UNCONFIRMED', 1],
      ['m-3', 'MONTH_CAP', 1],
    ]);

    const outbox = await outboxOf(ref);
    const march = [...outbox.keys()].filter((id) => id.includes(':2024-03')).sort();
    expect(march).toEqual([
      'monthly-statement:2024-03:legal-representative:p-1',
      'monthly-statement:2024-03:legal-representative:p-2',
      'pay-statement:2024-03:assistant:a-1',
      'pay-statement:2024-03:assistant:a-2',
    ]);
    const expected = {
      month: '2024-03',
      assistantMinutesPaid: 540,
      assistantCents: 4_599,
      services: [
        { service: PHYSIO, units: 4, unit: 'session', paidCents: 11_200 },
        { service: SPEECH, units: 1, unit: 'session', paidCents: 2_500 },
      ],
      // Planned: the plan's budget lines (EUR 972); used: February's 2 sessions (EUR 56) and March's EUR 137.
      budget: {
        budgetCents: 275_000,
        plannedCents: 97_200,
        usedCents: 19_300,
        leftToPlanCents: 177_800,
        leftToSpendCents: 77_900,
      },
    };
    expect(outbox.get('monthly-statement:2024-03:legal-representative:p-1')?.data).toEqual(expected);
    expect(outbox.get('monthly-statement:2024-03:legal-representative:p-2')?.data).toEqual(expected);
    expect(outbox.get('pay-statement:2024-03:assistant:a-2')?.data).toMatchObject({
      paidMinutes: 60,
      amountCents: 511,
    });

    const email = renderNotification('monthly-statement', expected, context);
    expect(email.text).toContain('Fizioterapija');
    expect(email.text).toContain('112,00\u00a0€');
    expect(email.text).toMatch(/Vēl izmantojams pēc plāna:\s+779,00\u00a0€/);
    expect(email.text).toMatch(/Vēl nav ieplānots:\s+1778,00\u00a0€/);

    // The coordinator's view of the same month (GET /cases/{caseId}/statements/{month} answers the
    // stored statement as it is) names the same figure the same way.
    const [stored] = await table.store.statements.forMonth(ref, '2024-03');
    const coordinatorView = stored?.statement.services as Record<string, unknown>;
    expect(coordinatorView['leftToSpendCents']).toBe(expected.budget.leftToSpendCents);
    expect(coordinatorView['usedCents']).toBe(expected.budget.usedCents);
    expect(coordinatorView['summary']).toContain('EUR 779,00 left to spend');
    const english = renderNotification('monthly-statement', expected, { ...context, language: 'en' });
    expect(english.text).toMatch(/Left to spend in the plan:\s+€779\.00/);
    expect(JSON.stringify(coordinatorView)).not.toMatch(/remaining/i);
    for (const item of outbox.values()) {
      expect(JSON.stringify(item.data)).not.toMatch(/Bērziņ|example\.lv|Petrova/);
    }

    // February had its own statement with services and its own emails.
    expect(outbox.get('monthly-statement:2024-02:legal-representative:p-1')?.data).toMatchObject({
      services: [{ service: PHYSIO, units: 2, unit: 'session', paidCents: 5_600 }],
      budget: { usedCents: 5_600, leftToSpendCents: 91_600 },
    });
  });

  it('supplements late claims and timesheets with only the difference, in the statement and in the emails; a rerun writes nothing', async () => {
    const ref = await marchWithClaims('c-s2');
    await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    // The services part read back from the table is the same, whatever order DynamoDB keeps its keys in.
    const rerun = await settle(ref, '2024-03', '2024-04-10T06:05:00.000Z');
    expect(rerun).toMatchObject({ status: 'already-settled', sequence: 0, servicesCents: 13_700 });

    // A late claim: the services part changes, the hours do not.
    await submitClaims(ref, [claimOf('s-3', '2024-03-21', 1, speech)]);
    const late = await settle(ref, '2024-03', '2024-04-20T06:00:00.000Z');
    expect(late).toMatchObject({ status: 'supplementary', sequence: 1, paidMinutes: 0, amountCents: 0 });
    let outbox = await outboxOf(ref);
    expect([...outbox.keys()].filter((id) => id.includes('2024-03.1')).sort()).toEqual([
      'monthly-statement:2024-03.1:legal-representative:p-1',
      'monthly-statement:2024-03.1:legal-representative:p-2',
    ]);
    expect(outbox.get('monthly-statement:2024-03.1:legal-representative:p-1')?.data).toEqual({
      month: '2024-03',
      assistantMinutesPaid: 0,
      assistantCents: 0,
      services: [{ service: SPEECH, units: 1, unit: 'session', paidCents: 2_500 }],
      budget: {
        budgetCents: 275_000,
        plannedCents: 97_200,
        usedCents: 21_800,
        leftToPlanCents: 177_800,
        leftToSpendCents: 75_400,
      },
    });

    // A late timesheet entry: only that assistant and the parents hear of it, with the difference.
    await timesheet(ref, '2024-03', 'a-2', [hours('2024-03-06', 1), hours('2024-03-20', 1)]);
    const later = await settle(ref, '2024-03', '2024-04-25T06:00:00.000Z');
    expect(later).toMatchObject({ status: 'supplementary', sequence: 2, paidMinutes: 60, amountCents: 511 });
    outbox = await outboxOf(ref);
    expect([...outbox.keys()].filter((id) => id.includes('2024-03.2')).sort()).toEqual([
      'monthly-statement:2024-03.2:legal-representative:p-1',
      'monthly-statement:2024-03.2:legal-representative:p-2',
      'pay-statement:2024-03.2:assistant:a-2',
    ]);
    expect(outbox.get('pay-statement:2024-03.2:assistant:a-2')?.data).toMatchObject({
      paid: [{ date: '2024-03-20', minutes: 60, amountCents: 511 }],
      paidMinutes: 60,
      amountCents: 511,
    });
    expect(outbox.get('monthly-statement:2024-03.2:legal-representative:p-2')?.data).toEqual({
      month: '2024-03',
      assistantMinutesPaid: 60,
      assistantCents: 511,
      services: [],
      budget: {
        budgetCents: 275_000,
        plannedCents: 97_200,
        usedCents: 21_800,
        leftToPlanCents: 177_800,
        leftToSpendCents: 75_400,
      },
    });
    for (const id of outbox.keys()) {
      if (id.includes('2024-03.')) {
        const item = outbox.get(id);
        expect(() => renderNotification(item?.kind ?? '', item?.data, context)).not.toThrow();
      }
    }

    // The late claim's statement carries the services part; the late timesheet's does not.
    const statements = await table.store.statements.forMonth(ref, '2024-03');
    expect(statements.map((statement) => statement.statement.services !== undefined)).toEqual([
      true,
      true,
      false,
    ]);

    // Nothing new: nothing written.
    const trail = async () => (await table.store.audit.trail(ref, { limit: 200 })).events.length;
    const before = { statements: 3, outbox: outbox.size, audit: await trail() };
    const again = await settle(ref, '2024-03', '2024-04-26T06:00:00.000Z');
    expect(again).toMatchObject({ status: 'already-settled', sequence: 2 });
    expect(await table.store.statements.forMonth(ref, '2024-03')).toHaveLength(before.statements);
    expect((await outboxOf(ref)).size).toBe(before.outbox);
    expect(await trail()).toBe(before.audit);
  });

  it('withholds the emails of a difference that takes hours back, and names them', async () => {
    const ref = await marchWithClaims('c-s3');
    await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    await timesheet(ref, '2024-03', 'a-1', [hours('2024-03-04', 4)]);
    const result = await settle(ref, '2024-03', '2024-04-20T06:00:00.000Z');
    expect(result).toMatchObject({ status: 'supplementary', sequence: 1, paidMinutes: -240 });
    expect(result.withheldNotifications).toEqual([
      'pay-statement:2024-03.1:assistant:a-1',
      'monthly-statement:2024-03.1:legal-representative:p-1',
      'monthly-statement:2024-03.1:legal-representative:p-2',
    ]);
    expect([...(await outboxOf(ref)).keys()].filter((id) => id.includes('2024-03.1'))).toEqual([]);
  });

  it('settles the services of a plan without an assistant grant, from the previous cycle', async () => {
    const ref = await caseWithPlan('c-s4', { cycle: 2, planCycle: 1, grant: false });
    await submitClaims(ref, [claimOf('m-1', '2024-03-04', 3)]);
    const result = await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(result).toMatchObject({ status: 'settled', sequence: 0, paidMinutes: 0, servicesCents: 8_400 });
    const [statement] = await table.store.statements.forMonth(ref, '2024-03');
    expect(statement?.statement).toMatchObject({ paidMinutes: 0, lines: [], rejected: [] });
    const outbox = await outboxOf(ref);
    expect([...outbox.keys()].sort()).toEqual([
      'monthly-statement:2024-03:legal-representative:p-1',
      'monthly-statement:2024-03:legal-representative:p-2',
    ]);
    expect(outbox.get('monthly-statement:2024-03:legal-representative:p-1')?.data).toMatchObject({
      assistantMinutesPaid: 0,
      assistantCents: 0,
      services: [{ service: PHYSIO, units: 3, unit: 'session', paidCents: 8_400 }],
      budget: { usedCents: 8_400 },
    });
  });

  it('refuses claims beyond the plan period total as the domain does', async () => {
    // A one-month plan without flexibility: the period total (4 sessions) is the only cap.
    const oneMonth: PlanContract = {
      ...plan,
      period: { start: '2024-03-01', end: '2024-03-31' },
      policy: { id: 'LV-IB-ILLUSTRATIVE', revision: 1, monthlyFlexibility: null, inlineOverrides: [] },
    };
    const ref = await caseWithPlan('c-s5', { activePlan: oneMonth });
    await submitClaims(ref, [claimOf('m-1', '2024-03-04', 3), claimOf('m-2', '2024-03-05', 3)]);
    const result = await settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(result).toMatchObject({ servicesCents: 11_200, rejectedClaimUnits: 2 });
    const [statement] = await table.store.statements.forMonth(ref, '2024-03');
    expect(statement?.statement.services?.['rejected']).toMatchObject([
      { claim: 'm-2', reason: 'PERIOD_CAP', units: 2 },
    ]);
  });

  it('reports claims without a plan in force and pays none of them', async () => {
    const withGrant = await caseWithMonth('c-s6');
    await submitClaims(withGrant, [claimOf('m-1', '2024-03-04', 1)]);
    const settled = await settle(withGrant, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(settled).toMatchObject({ status: 'settled', claimsWithoutPlan: 1 });
    expect(settled.servicesCents).toBeUndefined();
    const [statement] = await table.store.statements.forMonth(withGrant, '2024-03');
    expect(statement?.statement.services).toBeUndefined();

    const neither = { municipality: 'talsi', caseId: 'c-s7' };
    await openCase(table.store, neither, { phase: 'active', cycle: 1 });
    await submitClaims(neither, [claimOf('m-1', '2024-03-04', 1)]);
    const none = await settle(neither, '2024-03', '2024-04-10T06:00:00.000Z');
    expect(none).toMatchObject({ status: 'no-grant', claimsWithoutPlan: 1 });
    expect(await table.store.statements.forMonth(neither, '2024-03')).toEqual([]);
  });

  it('refuses to guess between two active plans covering the month, and writes nothing', async () => {
    const ref = await caseWithPlan('c-s8', { cycle: 2, planCycle: 1 });
    const second = await table.store.cycles.recordPlan(ref, 2, plan, note('plan-drafted'));
    await table.store.cycles.setPlanStatus(ref, 2, second.revision, 'active', note('plan-activated'));
    await submitClaims(ref, [claimOf('m-1', '2024-03-04', 1)]);
    const refusal = settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    await expect(refusal).rejects.toThrow(CaseDataError);
    await expect(refusal).rejects.toThrow(/2 active plans/);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
    expect(await outboxOf(ref)).toEqual(new Map());
  });

  it('turns a stored plan the claims cannot be paid against into a case data error naming the field', async () => {
    const broken: PlanContract = {
      ...plan,
      lines: [{ ...plan.lines[0], unitsPerMonth: 2.5 } as PlanContract['lines'][number]],
    };
    const ref = await caseWithPlan('c-s9', { activePlan: broken });
    const refusal = settle(ref, '2024-03', '2024-04-10T06:00:00.000Z');
    await expect(refusal).rejects.toThrow(CaseDataError);
    await expect(refusal).rejects.toThrow(/plan\.lines\[0\]\.unitsPerMonth/);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });
});
