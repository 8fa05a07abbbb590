/**
 * The coordinators' workspace over HTTP on DynamoDB Local and the local workflows: the work queue
 * follows each case through its cycle (assessment, the parents' ranking and consent, approval),
 * timesheets reminded and then sent, a monthly run's anomalies; the case overview; the runs with
 * their CSV for accounting; and every denial (another municipality, an assistant, no token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendTimesheetReminders } from '../../functions/monthly-run/timesheet-reminders.ts';
import type { CapacityUsage } from '../../functions/store/client.ts';
import { entryKey } from '../../functions/store/hours-confirmations.ts';
import { readWorkQueue } from '../../functions/workspace/work-queue.ts';
import { issueLocalToken } from '../../local/tokens.ts';
import {
  type ApiWorld,
  assessmentOn,
  createApiWorld,
  LOCAL_SECRET,
  linkTokenFrom,
  MUNICIPALITY,
  newCaseBody,
} from './support.ts';

let world: ApiWorld;
let colleague: string;

beforeAll(async () => {
  world = await createApiWorld('api-workspace');
  colleague = await issueLocalToken(LOCAL_SECRET, {
    sub: 'u-8',
    groups: ['coordinators'],
    municipality: MUNICIPALITY,
  });
}, 180_000);
afterAll(async () => {
  await world?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: rows are read freely
const rowsOf = (body: any) => body.rows.map((row: any) => [row.caseId, row.reason, row.href]);

describe('the work queue', () => {
  it('follows a case from the assessment to the active plan, most urgent first, with counts', async () => {
    const { coordinator, supervisor } = world.tokens;
    const queue = async (query = '', token = coordinator) =>
      (await world.call('GET', `/work-queue${query}`, { token })).body;

    expect(await queue()).toMatchObject({ rows: [], counts: { total: 0 } });
    await world.call('POST', '/cases', { token: coordinator, json: newCaseBody('c-1') });
    await world.advanceDays(3);
    await world.call('POST', '/cases', { token: coordinator, json: newCaseBody('c-2') });
    await world.call('POST', '/cases', {
      token: colleague,
      json: {
        ...newCaseBody('c-3'),
        coordinatorId: 'u-8',
        person: {
          ...newCaseBody('c-3').person,
          contacts: newCaseBody('c-3').person.contacts.map((contact) =>
            contact.role === 'coordinator' ? { ...contact, id: 'u-8' } : contact,
          ),
        },
      },
    });

    const opened = await queue('?coordinatorId=u-7');
    expect(rowsOf(opened)).toEqual([
      ['c-1', 'assessment', '/workspace/cases/c-1/assessment'],
      ['c-2', 'assessment', '/workspace/cases/c-2/assessment'],
    ]);
    expect(opened.rows[0]).toMatchObject({
      since: '2024-01-08',
      dueOn: '2024-01-22',
      waitingOn: 'coordinator',
    });
    expect(opened.counts).toMatchObject({ total: 2, byStage: { assessment: 2 } });

    const whole = await queue('', supervisor);
    expect(whole.counts.total).toBe(3);
    expect(whole.team.map((member: { coordinatorId: string }) => member.coordinatorId).sort()).toEqual([
      'u-7',
      'u-8',
    ]);

    expect(
      (
        await world.call('POST', '/cases/c-1/assessment', {
          token: coordinator,
          json: assessmentOn('2024-01-11'),
        })
      ).status,
    ).toBe(202);
    expect(rowsOf(await queue('?coordinatorId=u-7'))).toEqual([
      ['c-2', 'assessment', '/workspace/cases/c-2/assessment'],
      ['c-1', 'ranking-awaited', '/workspace/cases/c-1/ranking'],
    ]);

    const ranking = await linkTokenFrom(
      world,
      { municipality: MUNICIPALITY, caseId: 'c-1' },
      'ranking-requested',
      'rankingLink',
    );
    const services = (await world.call('GET', `/links/${ranking}`)).body.services.map(
      (s: { code: string }) => s.code,
    );
    await world.call('POST', `/links/${ranking}/ranking`, { json: { services } });
    expect(rowsOf(await queue('?coordinatorId=u-7&stage=approval'))).toEqual([
      ['c-1', 'consent-awaited', '/workspace/cases/c-1/cycles/1/plans/1'],
    ]);

    const consent = await linkTokenFrom(
      world,
      { municipality: MUNICIPALITY, caseId: 'c-1' },
      'plan-ready-for-consent',
      'consentLink',
    );
    await world.call('POST', `/links/${consent}/consent`, { json: { decision: 'given', revision: 1 } });
    const approval = await queue('?coordinatorId=u-7&stage=approval');
    expect(rowsOf(approval)).toEqual([
      ['c-1', 'plan-awaiting-approval', '/workspace/cases/c-1/cycles/1/plans/1'],
    ]);
    expect(approval.counts.total).toBe(2);

    await world.call('POST', '/cases/c-1/plans/1/approval', { token: coordinator, json: {} });
    expect(rowsOf(await queue('?coordinatorId=u-7'))).toEqual([
      ['c-2', 'assessment', '/workspace/cases/c-2/assessment'],
    ]);
  });

  it('lists timesheets reminded and not in, until each is sent, and the last run’s refused hours', async () => {
    const { coordinator, assistant } = world.tokens;
    await world.advanceDays(52); // 2024-03-01
    const reminded = await sendTimesheetReminders(world.context, { scheduledAt: '2024-02-29T22:00:00Z' });
    expect(reminded).toMatchObject({ month: '2024-02', cases: 1 });
    const missing = async () =>
      (await world.call('GET', '/work-queue?stage=hours', { token: coordinator })).body.rows.map(
        (row: { assistantId: string; reason: string; href: string }) => [
          row.reason,
          row.assistantId,
          row.href,
        ],
      );
    expect(await missing()).toEqual([
      ['timesheet-missing', 'a-1', '/workspace/cases/c-1/months/2024-02'],
      ['timesheet-missing', 'a-3', '/workspace/cases/c-1/months/2024-02'],
    ]);
    const sent = await world.call('PUT', '/assistant/cases/c-1/timesheets/2024-02', {
      token: assistant,
      csv: 'date,start,end,activity,confirmed\n2024-02-05,08:00,12:00,education,yes\n2024-02-05,13:00,14:00,education,yes\n2024-02-06,09:00,10:00,leisure,yes\n',
    });
    expect(sent.status).toBe(200);
    expect(await missing()).toEqual([['timesheet-missing', 'a-3', '/workspace/cases/c-1/months/2024-02']]);

    // The parents confirm the morning, leave the afternoon and dispute the hour of leisure: the coordinator is told.
    const ref = { municipality: MUNICIPALITY, caseId: 'c-1' };
    const [sheet] = await world.table.store.timesheets.forMonth(ref, '2024-02');
    const [morning, , leisure] = (sheet?.entries ?? []).map(entryKey);
    const decided = await world.table.store.hoursConfirmations.record(
      ref,
      '2024-02',
      'a-1',
      {
        submittedAt: sheet?.submittedAt as string,
        by: 'p-1',
        confirmed: [morning as string],
        disputed: [{ entry: leisure as string, reason: 'not on that day' }],
      },
      {
        actor: { kind: 'parent', id: 'p-1' },
        action: 'hours-confirmed',
        at: world.clock.now().toISOString(),
      },
      [{ kind: 'hours-disputed', scope: '2024-02', recipient: { role: 'coordinator', id: 'u-7' }, data: {} }],
    );
    expect(await missing()).toEqual([
      ['hours-disputed', 'a-1', '/workspace/cases/c-1/months/2024-02'],
      ['timesheet-missing', 'a-3', '/workspace/cases/c-1/months/2024-02'],
    ]);
    const path = '/cases/c-1/months/2024-02/disputes/a-1/resolution';
    expect(
      (
        await world.call('POST', path, {
          token: world.tokens.supervisor,
          json: { decidedAt: decided.decidedAt },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await world.call('POST', path, {
          token: world.tokens.otherCoordinator,
          json: { decidedAt: decided.decidedAt },
        })
      ).status,
    ).toBe(404);
    expect(
      (await world.call('POST', path, { token: coordinator, json: { decidedAt: decided.decidedAt } })).status,
    ).toBe(200);
    expect(
      (await world.call('POST', path, { token: coordinator, json: { decidedAt: decided.decidedAt } })).status,
    ).toBe(409);
    expect(await missing()).toEqual([['timesheet-missing', 'a-3', '/workspace/cases/c-1/months/2024-02']]);

    await world.advanceDays(10); // 2024-03-11: the 10th is a Sunday, so the run is on the Monday
    const { executionArn } = await world.sfn.startExecution({
      stateMachineArn: world.runStateMachineArn,
      input: JSON.stringify({ scheduledAt: '2024-03-11T04:00:00Z' }),
    });
    await world.idle();
    expect((await world.sfn.describeExecution(executionArn)).status).toBe('SUCCEEDED');

    const queue = (await world.call('GET', '/work-queue?stage=hours', { token: coordinator })).body;
    expect(queue.lastRun).toMatchObject({ runId: '2024-02', month: '2024-02', kind: 'regular' });
    expect(rowsOf(queue)).toContainEqual(['c-1', 'hours-refused', '/workspace/cases/c-1/months/2024-02']);

    const runs = (await world.call('GET', '/runs', { token: coordinator })).body;
    expect(runs.runs).toHaveLength(1);
    expect(runs.runs[0]).toMatchObject({
      runId: '2024-02',
      totals: { settled: 1, failed: 0 },
      paidMinutes: 240,
    });
    expect(runs.months[0]).toMatchObject({ month: '2024-02', paidMinutes: 240, late: { runs: 0 } });
    expect((await world.call('GET', '/runs/2024-02', { token: coordinator })).body).toMatchObject({
      // The duplicate and the disputed hour of leisure.
      rejectedEntries: 2,
      anomalies: [{ caseId: 'c-1', rejectedEntries: 2, missingTimesheets: ['a-3'] }],
    });

    const csv = await world.call('GET', '/runs/2024-02/payments.csv', { token: coordinator });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const amount = Math.round((240 * 511) / 60);
    expect(csv.text.split('\r\n')).toEqual([
      'run_id;month;case_id;statement;kind;assistant_id;minutes;hours;amount_eur;amount_cents',
      `2024-02;2024-02;c-1;0;assistant-hours;a-1;240;4,00;${Math.floor(amount / 100)},${String(amount % 100).padStart(2, '0')};${amount}`,
      '',
    ]);
    expect(csv.text).not.toMatch(/Bērziņ|Petrova|@/);
  });
});

describe('a case on one page', () => {
  it('shows the child, people, phases, timeline, the plan with used and left per line, months and emails', async () => {
    const view = (await world.call('GET', '/cases/c-1/overview', { token: world.tokens.supervisor })).body;
    expect(view.child).toEqual({ name: 'Anna Bērziņa', birthDate: '2014-05-02', age: 9 });
    expect(view.child).not.toHaveProperty('personalCode');
    expect(view.representatives.map((contact: { id: string }) => contact.id)).toEqual(['p-1']);
    expect(view.assistants.map((contact: { id: string }) => contact.id)).toEqual(['a-1', 'a-3']);
    expect(view.phases.find((step: { state: string }) => step.state === 'current')).toMatchObject({
      phase: 'active',
    });
    expect(view.timeline.length).toBeGreaterThan(5);
    expect(view.plan).toMatchObject({ cycle: 1, revision: 1, status: 'active' });
    for (const line of view.plan.lines) expect(line.leftCents).toBe(line.periodCents - line.usedCents);
    expect(view.plan.leftToPlanCents).toBe(view.plan.budgetCents - view.plan.plannedCents);
    expect(view.months).toEqual([
      expect.objectContaining({ month: '2024-02', statements: 1, paidMinutes: 240, rejectedEntries: 2 }),
    ]);
    const kinds = view.emails.map((email: { kind: string }) => email.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['assessment-due', 'ranking-requested', 'monthly-statement']),
    );

    const month = (await world.call('GET', '/cases/c-1/months/2024-02', { token: world.tokens.coordinator }))
      .body;
    expect(month.timesheets.map((sheet: { assistantId: string }) => sheet.assistantId)).toEqual(['a-1']);
    expect(month.missing).toEqual(['a-3']);
    expect(
      month.statements[0].statement.rejected.map((line: { reason: string }) => line.reason).sort(),
    ).toEqual(['UNCONFIRMED', 'UNCONFIRMED']);
    expect(month.confirmations[0]).toMatchObject({ assistantId: 'a-1', resolved: { by: 'u-7' } });
    expect(month.emails.map((email: { kind: string }) => email.kind).sort()).toEqual(
      expect.arrayContaining(['monthly-statement', 'pay-statement']),
    );
  });
});

describe('who sees what', () => {
  it('another municipality finds nothing: the same URLs are 404, its queue and runs are empty', async () => {
    const other = world.tokens.otherCoordinator;
    for (const path of [
      '/cases/c-1/overview',
      '/cases/c-1/months/2024-02',
      '/runs/2024-02',
      '/runs/2024-02/payments.csv',
    ]) {
      const response = await world.call('GET', path, { token: other });
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.text).not.toContain('Bērziņ');
    }
    expect((await world.call('GET', '/work-queue', { token: other })).body.counts.total).toBe(0);
    expect((await world.call('GET', '/runs', { token: other })).body.runs).toEqual([]);
  });

  it('refuses assistants (403) and callers without a token (401)', async () => {
    for (const path of ['/work-queue', '/cases/c-1/overview', '/runs', '/runs/2024-02/payments.csv']) {
      expect((await world.call('GET', path, { token: world.tokens.assistant })).status).toBe(403);
      expect((await world.call('GET', path)).status).toBe(401);
    }
  });

  it('reads the queue from its index only: one coordinator’s queue reads their rows, not the municipality’s cases', async () => {
    const reads: CapacityUsage[] = [];
    const store = world.table.storeWith((usage) => reads.push(usage));
    const queue = await readWorkQueue(
      { store, clock: world.clock },
      { municipality: MUNICIPALITY, coordinatorId: 'u-8' },
    );
    expect(queue.rows.map((row) => row.caseId)).toEqual(['c-3']);
    // One query of the index and one of the run summaries.
    expect(reads).toHaveLength(2);
  });
});
