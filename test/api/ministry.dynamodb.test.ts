/**
 * The ministry's indicators on DynamoDB Local, from a hand-built set of cases driven through the
 * real commands over HTTP (opening, assessments on time and late, rankings, approvals, an early
 * review), the monthly settlement of December (timesheets, a claim, a late timesheet paid as a
 * difference) and emails marked sent and bounced. Each figure is checked against what the set
 * was built to give; then the suppression rule, the ministry's access, and every export searched
 * for every name, email and id of a person in the fixtures.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonthIndicators } from '../../functions/domain/indicators/table.ts';
import { parseProposedPolicy } from '../../functions/domain/what-if/proposal.ts';
import { EXAMPLE_PROPOSALS } from '../../functions/monitoring/what-if-examples.ts';
import { runWhatIf } from '../../functions/monitoring/what-if-run.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import { issueLocalToken } from '../../local/tokens.ts';
import { submitConfirmed } from '../support/store-fixtures.ts';
import {
  type ApiWorld,
  assessmentOn,
  createApiWorld,
  LOCAL_SECRET,
  newCaseBody,
  personOf,
} from './support.ts';

let world: ApiWorld;
const tokens: Record<string, string> = {};
/** Each municipality's coordinator, as the cases' contacts name them. */
const COORDINATORS: Record<string, string> = { talsi: 'u-7', riga: 'u-9', kuldiga: 'u-k' };

const tokenOf = (name: string): string => {
  const token = tokens[name];
  if (!token) throw new Error(`no token for ${name}`);
  return token;
};

/** The assessment of the support harness, with two more services: transport at 60 km, a special educator with no provider. */
function assessment(assessedOn: string, extras: boolean) {
  const base = assessmentOn(assessedOn);
  if (!extras) return base;
  return {
    ...base,
    recommendations: [
      ...base.recommendations,
      { service: 'transport', rank: 4, unitsPerMonth: 4, minUnitsPerMonth: 4, essential: false },
      { service: 'special-educator', rank: 5, unitsPerMonth: 1, minUnitsPerMonth: 1, essential: false },
    ],
    providers: [...base.providers, { service: 'transport', providerId: 'talsi-taxi', distanceKm: 60 }],
  };
}

async function open(municipality: string, caseId: string): Promise<CaseRef> {
  const body = newCaseBody(caseId);
  const contacts = body.person.contacts.map((contact) =>
    contact.role === 'coordinator' ? { ...contact, id: COORDINATORS[municipality] ?? contact.id } : contact,
  );
  const response = await world.call('POST', '/cases', {
    token: tokenOf(municipality),
    json: { ...body, person: { ...body.person, contacts } },
  });
  if (response.status !== 201) throw new Error(`open ${caseId}: ${response.status} ${response.text}`);
  return { municipality, caseId };
}

/** Assessment (dated `assessedOn`), the coordinator's ranking in the team's order, approval with consent. */
async function plan(ref: CaseRef, assessedOn: string, extras = false): Promise<void> {
  const token = tokenOf(ref.municipality);
  const body = assessment(assessedOn, extras);
  const steps = [
    await world.call('POST', `/cases/${ref.caseId}/assessment`, { token, json: body }),
    await world.call('POST', `/cases/${ref.caseId}/ranking`, {
      token,
      json: { services: body.recommendations.map((item) => item.service) },
    }),
    await world.call('POST', `/cases/${ref.caseId}/plans/1/approval`, {
      token,
      json: { consent: { by: 'p-1' } },
    }),
  ];
  for (const step of steps)
    if (step.status !== 202) throw new Error(`${ref.caseId}: ${step.status} ${step.text}`);
}

/** `days` weekdays of December 2026 from the 1st, `minutes` each, 08:00 on. */
function december(days: number, minutes: number, confirmed = true, from = 1) {
  const entries = [];
  for (let day = from; entries.length < days; day += 1) {
    const date = `2026-12-${String(day).padStart(2, '0')}`;
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    entries.push({ date, minutes, activity: 'education', confirmed, start: 480, end: 480 + minutes });
  }
  return entries;
}

const talsi = (n: number) => ({ municipality: 'talsi', caseId: `t-${n}` });
const run = { actor: { kind: 'system', id: 'monthly-run-2026-12' } as const, at: '2027-01-10T04:00:00.000Z' };
const note = (at: string) => ({
  actor: { kind: 'assistant', id: 'a-1' } as const,
  action: 'timesheet-submitted',
  at,
});

let november: MonthIndicators;
let decemberTable: MonthIndicators;

beforeAll(async () => {
  world = await createApiWorld('ministry', '2026-11-02T08:00:00Z');
  tokens['talsi'] = world.tokens.coordinator;
  tokens['riga'] = world.tokens.otherCoordinator;
  tokens['kuldiga'] = await issueLocalToken(LOCAL_SECRET, {
    sub: 'u-k',
    groups: ['coordinators'],
    municipality: 'kuldiga',
  });
  tokens['ministry'] = await issueLocalToken(LOCAL_SECRET, { sub: 'lm-1', groups: ['ministry'] });
  // 2 November: talsi opens six cases, riga two, kuldiga five; talsi plans four at once (t-1 with
  // the two extra services), riga and kuldiga all theirs.
  for (let n = 1; n <= 6; n += 1) await open('talsi', `t-${n}`);
  for (const caseId of ['r-1', 'r-2']) await open('riga', caseId);
  for (let n = 1; n <= 5; n += 1) await open('kuldiga', `k-${n}`);
  for (let n = 1; n <= 4; n += 1) await plan(talsi(n), '2026-11-02', n === 1);
  for (const caseId of ['r-1', 'r-2']) await plan({ municipality: 'riga', caseId }, '2026-11-02');
  for (let n = 1; n <= 5; n += 1) await plan({ municipality: 'kuldiga', caseId: `k-${n}` }, '2026-11-02');
  // 22 November: t-5 and t-6 assessed (dated the 20th), 20 days after they were asked: 6 days late;
  // approved two days after the assessment. t-2's plan is reviewed early: the child's health changed.
  await world.advanceDays(20);
  for (const n of [5, 6]) await plan(talsi(n), '2026-11-20');
  const early = await world.call('POST', '/cases/t-2/early-review', {
    token: tokenOf('talsi'),
    json: { reason: 'health-changed' },
  });
  expect(early.status).toBe(202);
  // Seven of talsi's emails sent on 25 November, one of them bounced.
  const pending = (await world.outbox(talsi(1))).filter((item) => item.status === 'pending').slice(0, 7);
  expect(pending).toHaveLength(7);
  for (const [index, item] of pending.entries()) {
    await world.table.store.outbox.markSent(talsi(1), item.notificationId, {
      messageId: `ses-${index}`,
      at: '2026-11-25T10:00:00Z',
      retentionDays: 90,
    });
  }
  await world.table.store.outbox.markBounced(talsi(1), pending[0]?.notificationId ?? '', {
    messageId: 'ses-0',
    at: '2026-11-25T11:00:00Z',
    reason: 'bounced',
    retentionDays: 90,
  });
  // December, each timesheet confirmed by the parents as the assistant marked it, each case's
  // assistant another person (one assistant's same hours in two cases are paid once): t-1 40 h
  // confirmed and 2 h not; t-3 22 days of 5 h (110 h, 10 h over the 100 h grant); t-4 20 h; t-1's
  // physiotherapist claims 4 sessions. Everyone's December is settled on 10 January; then t-4's
  // second assistant sends 12 h late, paid as a difference.
  const { store } = world.table;
  await submitConfirmed(
    store,
    talsi(1),
    '2026-12',
    {
      assistantId: 'a-1',
      entries: [
        ...december(10, 240),
        { date: '2026-12-28', minutes: 120, activity: 'leisure', confirmed: false },
      ],
    },
    note('2027-01-03T10:00:00Z'),
  );
  await submitConfirmed(
    store,
    talsi(3),
    '2026-12',
    { assistantId: 'a-4', entries: december(22, 300) },
    note('2027-01-03T10:00:00Z'),
  );
  await submitConfirmed(
    store,
    talsi(4),
    '2026-12',
    { assistantId: 'a-5', entries: december(5, 240) },
    note('2027-01-03T10:00:00Z'),
  );
  await store.claims.submit(
    talsi(1),
    {
      claimId: 'dec-1',
      date: '2026-12-07',
      service: 'physiotherapy',
      units: 4,
      providerId: 'talsi-rehab',
      confirmed: true,
    },
    { actor: { kind: 'provider', id: 'talsi-rehab' }, action: 'claim-submitted', at: '2027-01-04T10:00:00Z' },
  );
  const refs = [
    ...[1, 2, 3, 4, 5, 6].map(talsi),
    { municipality: 'riga', caseId: 'r-1' },
    { municipality: 'riga', caseId: 'r-2' },
    ...[1, 2, 3, 4, 5].map((n) => ({ municipality: 'kuldiga', caseId: `k-${n}` })),
  ];
  for (const ref of refs) await settleCaseMonth(store, ref, '2026-12', run);
  await submitConfirmed(
    store,
    talsi(4),
    '2026-12',
    { assistantId: 'a-3', entries: december(3, 240, true, 14) },
    note('2027-01-20T10:00:00Z'),
  );
  expect(
    (await settleCaseMonth(store, talsi(4), '2026-12', { ...run, at: '2027-02-10T04:00:00.000Z' })).status,
  ).toBe('supplementary');
  november = await store.indicators.month('2026-11', { today: '2027-02-11' });
  decemberTable = await store.indicators.month('2026-12', { today: '2027-02-11' });
  // Thirteen cases through their cycle over HTTP: minutes on a busy 2-core machine.
}, 600_000);

afterAll(async () => {
  await world?.close();
});

const values = (table: MonthIndicators, municipality: string) => {
  const row =
    municipality === 'LV' ? table.country : table.rows.find((one) => one.municipality === municipality);
  if (!row) throw new Error(`no row for ${municipality}`);
  return row.values;
};

describe('the indicators of a hand-built set of cases', () => {
  it('November: cases opened, assessments on time and late, approvals, an early review, emails', () => {
    expect(november.rows.map((row) => row.municipality)).toEqual(['kuldiga', 'riga', 'talsi']);
    expect(values(november, 'talsi')).toMatchObject({
      childrenServed: 0,
      newCases: 6,
      assessmentsDone: 6,
      assessmentsOnTime: 4,
      assessmentsLate: 2,
      assessmentLateDays: 12,
      assessmentMeanLateDays: 6,
      plansApproved: 6,
      // 0 days for four plans, 2 for two: 4 days, a mean of 0.67 rounded to 1.
      approvalDays: 4,
      approvalMeanDays: 1,
      earlyReviews: 1,
      'earlyReviews_health-changed': 1,
      earlyReviews_other: 0,
      emailsSent: 7,
      emailsBounced: 1,
      // Cases by phase when read: t-2 back at the assessment of its second cycle, the rest active.
      'casesInPhase_request-assessment': 1,
      casesInPhase_active: 5,
    });
    expect(values(november, 'riga')).toMatchObject({
      newCases: 2,
      assessmentsDone: 2,
      assessmentsOnTime: 2,
      plansApproved: 2,
    });
    expect(values(november, 'LV')).toMatchObject({
      newCases: 13,
      assessmentsDone: 13,
      plansApproved: 13,
      emailsSent: 7,
    });
  });

  it('December: plans taking effect, unfunded services and why, hours granted, submitted, confirmed, paid, rejected, pay, a late difference, budget used', () => {
    // Six plans of EUR 2 750 each start on 1 December; each plans physiotherapy 8, speech therapy 4
    // and music therapy 4 a month (EUR 2 400); t-1 also a special educator (EUR 120, no provider
    // known) but not transport: EUR 240 of minimum without travel would fit the EUR 350 left,
    // 4 x (EUR 10 + EUR 12 travel) x 6 = EUR 528 does not.
    expect(values(decemberTable, 'talsi')).toMatchObject({
      childrenServed: 6,
      plansActivated: 6,
      budgetAllocatedCents: 6 * 275_000,
      budgetPlannedCents: 6 * 240_000 + 12_000,
      servicesUnfundedDistance: 1,
      servicesUnfundedBudget: 0,
      servicesWithoutProvider: 1,
      // 100 h a month each (weekly rehabilitation).
      hoursGrantedMinutes: 6 * 6_000,
      statementsSettled: 6,
      // t-1 40 h + 2 h unconfirmed; t-3 110 h; t-4 20 h, then 12 h late.
      hoursSubmittedMinutes: 2_400 + 120 + 6_600 + 1_200 + 720,
      hoursConfirmedMinutes: 2_400 + 6_600 + 1_200 + 720,
      hoursPaidMinutes: 2_400 + 6_000 + 1_200 + 720,
      hoursRejectedMinutes_UNCONFIRMED: 120,
      hoursRejectedMinutes_MONTH_CAP: 600,
      // Lines of 4 h at EUR 5.11 are EUR 20.44, of 5 h EUR 25.55.
      amountPaidCents: 10 * 2_044 + 20 * 2_555 + 5 * 2_044 + 3 * 2_044,
      supplementaryStatements: 1,
      latePaidMinutes: 720,
      latePaidCents: 3 * 2_044,
      budgetUsedCents: 4 * 2_500,
    });
    expect(values(decemberTable, 'riga')).toMatchObject({
      childrenServed: 2,
      hoursGrantedMinutes: 2 * 6_000,
      statementsSettled: 2,
    });
    expect(values(decemberTable, 'LV')).toMatchObject({
      childrenServed: 13,
      plansActivated: 13,
      hoursGrantedMinutes: 13 * 6_000,
    });
  });
});

describe('the ministry’s access and exports', () => {
  it('shows every municipality to the ministry, suppressed, and nothing to anyone else', async () => {
    const asCoordinator = await world.call('GET', '/ministry/indicators?month=2026-12', {
      token: tokenOf('talsi'),
    });
    expect(asCoordinator.status).toBe(403);
    const ministryOnCases = await world.call('GET', '/cases', { token: tokenOf('ministry') });
    expect(ministryOnCases.status).toBe(403);
    const response = await world.call('GET', '/ministry/indicators?month=2026-11&to=2026-12', {
      token: tokenOf('ministry'),
    });
    expect(response.status).toBe(200);
    const [nov, dec] = response.body.months;
    const cell = (month: typeof nov, municipality: string, name: string) =>
      (municipality === 'LV'
        ? month.country
        : month.rows.find((row: { municipality: string }) => row.municipality === municipality)
      ).cells[name];
    // Rule 1: riga's two new cases and talsi's one early review are counts below 5.
    expect(cell(nov, 'riga', 'newCases')).toEqual({ value: null, suppressed: 'count' });
    expect(cell(nov, 'talsi', 'earlyReviews')).toEqual({ value: null, suppressed: 'count' });
    // Rule 4: riga alone hidden in the column, so the smallest other (kuldiga's 5) goes too; the country stays.
    expect(cell(nov, 'kuldiga', 'newCases')).toEqual({ value: null, suppressed: 'secondary' });
    expect(cell(nov, 'talsi', 'newCases')).toEqual({ value: 6 });
    expect(cell(nov, 'LV', 'newCases')).toEqual({ value: 13 });
    // Rule 2: riga serves 2 children in December: its every non-zero figure is hidden.
    expect(cell(dec, 'riga', 'hoursGrantedMinutes')).toEqual({ value: null, suppressed: 'row' });
    expect(cell(dec, 'riga', 'amountPaidCents')).toEqual({ value: 0 });
    expect(cell(dec, 'talsi', 'amountPaidCents')).toEqual({ value: 87_892 });
    // Rule 3: a mean over a suppressed count (riga's approvals) is hidden with it.
    expect(cell(nov, 'riga', 'approvalMeanDays').value).toBeNull();
    const bad = await world.call('GET', '/ministry/indicators?month=2026-13', { token: tokenOf('ministry') });
    expect(bad.status).toBe(400);
    const backwards = await world.call('GET', '/ministry/indicators?month=2026-12&to=2026-11', {
      token: tokenOf('ministry'),
    });
    expect(backwards.status).toBe(422);
  });

  it('exports CSV and a workbook (a sheet per group and the definitions) in which no name, email or id of a person appears', async () => {
    const csv = await world.call('GET', '/ministry/indicators.csv?month=2026-11&to=2026-12', {
      token: tokenOf('ministry'),
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('month,municipality,group,indicator,unit,value,suppressed');
    expect(csv.text).toContain('2026-12,talsi,payments,amountPaidCents,cents,87892,');
    expect(csv.text).toContain('2026-11,riga,cases,newCases,children,,count');

    const response = await world.app.request('/ministry/indicators.xlsx?month=2026-11&to=2026-12', {
      headers: { authorization: `Bearer ${tokenOf('ministry')}` },
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Children and cases',
      'Assessments, plans, reviews',
      'Budgets and services',
      'Assistant hours',
      'Payments',
      'Emails',
      'Definitions',
    ]);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          texts.push(String(cell.value));
        });
      });
    });
    const payments = workbook.getWorksheet('Payments');
    if (!payments) throw new Error('no Payments sheet');
    const header = (payments.getRow(1).values as unknown[]).map(String);
    const talsiDecember = payments
      .getRows(2, payments.rowCount - 1)
      ?.find((row) => row.getCell(1).value === '2026-12' && row.getCell(2).value === 'talsi');
    expect(talsiDecember?.getCell(header.indexOf('Amount paid to assistants')).value).toBe(87_892);

    const json = await world.call('GET', '/ministry/indicators?month=2026-11&to=2026-12', {
      token: tokenOf('ministry'),
    });
    const exports = [json.text, csv.text, texts.join('\n')];
    const people = personOf({ representatives: 2 });
    const names = [people.participant.name, ...people.contacts.map((contact) => contact.name)];
    const emails = people.contacts.flatMap((contact) => (contact.email ? [contact.email] : []));
    const ids = [
      ...people.contacts.map((contact) => contact.id),
      ...['t-1', 't-2', 't-3', 't-4', 't-5', 't-6', 'r-1', 'r-2', 'k-1', 'k-5'].flatMap((caseId) => [
        caseId,
        `p-${caseId}`,
      ]),
      'u-k',
      'lm-1',
    ];
    for (const text of exports) {
      for (const value of [...names, ...emails, people.participant.birthDate ?? ''])
        expect(text).not.toContain(value);
      const tokensOf = new Set(text.split(/[^A-Za-z0-9._-]+/));
      for (const id of ids) expect(tokensOf.has(id)).toBe(false);
    }
  });
});

describe('the policy what-if over the API', () => {
  it('replays the period under a proposal as the page and the command line do, for the ministry only, naming every bad field', async () => {
    const request = { from: '2026-11', to: '2026-12', proposal: 'rate-plus-10' };
    const refused = await world.call('POST', '/ministry/what-if', { token: tokenOf('talsi'), json: request });
    expect(refused.status).toBe(403);

    const before = await world.table.store.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'INDICATOR#2026-12' },
    });
    const response = await world.call('POST', '/ministry/what-if', {
      token: tokenOf('ministry'),
      json: request,
    });
    expect(response.status).toBe(200);
    const direct = await runWhatIf(
      world.context,
      { from: '2026-11', to: '2026-12' },
      parseProposedPolicy(EXAMPLE_PROPOSALS['rate-plus-10']),
    );
    expect(response.body).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(response.body.cohort.cases).toBeGreaterThan(0);
    // A higher rate pays more, never less.
    expect(response.body.total.proposed.paidCents).toBeGreaterThan(response.body.total.current.paidCents);
    const people = personOf({ representatives: 2 });
    for (const name of [people.participant.name, ...people.contacts.map((contact) => contact.name)])
      expect(response.text).not.toContain(name);
    // Nothing written: the month's counters are as they were.
    const after = await world.table.store.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'INDICATOR#2026-12' },
    });
    expect(after).toEqual(before);

    const bad = await world.call('POST', '/ministry/what-if', {
      token: tokenOf('ministry'),
      json: { from: '2026-13', to: '2026-12', proposal: { id: 'X', source: 'x', rates: 'higher' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toContain('body.from');
    const badPolicy = await world.call('POST', '/ministry/what-if', {
      token: tokenOf('ministry'),
      json: { from: '2026-11', to: '2026-12', proposal: { id: 'X', source: 'x', rates: 'higher' } },
    });
    expect(badPolicy.status).toBe(422);
    expect(badPolicy.body.errors.map((error: { path: string }) => error.path)).toContain(
      'body.proposal.rates',
    );
    const backwards = await world.call('POST', '/ministry/what-if', {
      token: tokenOf('ministry'),
      json: { ...request, from: '2026-12', to: '2026-11' },
    });
    expect(backwards.body.errors).toEqual([{ path: 'body.to', message: expect.any(String) }]);
  });
});
