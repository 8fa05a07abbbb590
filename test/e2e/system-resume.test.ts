/**
 * The local system in-process, as `npm start` builds it (a data directory, real time plus an
 * offset, the schedules, the control routes): a case's plan activates, advancing the clock over
 * the control route fires the reminders and the monthly run, the outbox is sent, and after a stop
 * and a start on the same data directory the case is resumed at its phase, the clock has not gone
 * back, the emails sent before are still in the local SES and nothing is sent twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addMonths, monthOf, rigaDateOf, rigaInstantOf } from '../../functions/domain/calendar.ts';
import { settlementDaysOf } from '../../functions/monthly-run/run-month.ts';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import {
  approvePlan,
  openCase,
  recordRanking,
  submitAssessment,
} from '../../functions/review-cycle/commands.ts';
import { decodeItem, outboxEntity } from '../../functions/store/entities.ts';
import { type CaseRef, casePk } from '../../functions/store/keys.ts';
import { OffsetClock } from '../../local/stepfunctions/offset-clock.ts';
import { type LocalSystem, startLocalSystem } from '../../local/system.ts';
import { actors, assessmentOn, casePerson } from '../support/cycle-harness.ts';
import { submitConfirmed } from '../support/store-fixtures.ts';

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'atbalsts-system-'));
const anyPorts = { http: 0, ses: 0, dynamodb: 0 };
let system: LocalSystem | undefined;

afterAll(async () => {
  await system?.stop();
  rmSync(dataDirectory, { recursive: true, force: true });
});

async function outboxOf(running: LocalSystem, ref: CaseRef) {
  const items = await running.store.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'OUTBOX#' },
    ConsistentRead: true,
  });
  return items.map((item) => decodeItem(outboxEntity, item));
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('the local system', () => {
  it('runs a case into its settled months, and resumes it where it was after a restart', async () => {
    const first = await startLocalSystem({ dataDirectory, ports: anyPorts });
    system = first;
    expect(first.clock).toBeInstanceOf(OffsetClock);
    const ref: CaseRef = { municipality: 'talsi', caseId: 'c-1' };
    const { context } = first.workflows;
    const today = rigaDateOf(first.clock.now());

    await openCase(
      context,
      { ...ref, participantId: 'p-1', coordinatorId: 'u-7' },
      casePerson,
      actors.coordinator,
    );
    await first.settle();
    await submitAssessment(context, ref, assessmentOn(today), actors.coordinator);
    await first.settle();
    await recordRanking(
      context,
      ref,
      { services: ['physiotherapy'], rankedBy: 'parents', receivedOn: today },
      actors.parent,
    );
    await first.settle();
    await approvePlan(
      context,
      ref,
      { revision: 1, consent: { by: 'p-1', on: today, via: 'link' } },
      actors.coordinator,
    );
    await first.settle();
    const periodStart = addMonths(monthOf(today), 1);
    expect(await first.store.cases.require(ref)).toMatchObject({
      phase: 'active',
      period: { start: `${periodStart}-01` },
    });

    // The assistant's first month, sent in time; then the clock moves to the 10th of the month after.
    await submitConfirmed(
      first.store,
      ref,
      periodStart,
      {
        assistantId: 'a-1',
        entries: [5, 6, 7].map((day) => ({
          date: `${periodStart}-0${day}`,
          minutes: 240,
          activity: 'education',
          confirmed: true,
        })),
      },
      { actor: { kind: 'assistant', id: 'a-1' }, action: 'timesheet', at: first.clock.now().toISOString() },
    );
    // The run's day is the policy's, moved past weekends and holidays as the schedule moves it.
    const settlementDay = rigaInstantOf(settlementDaysOf(periodStart).settlement, '07:00');
    const clock = await post(`${first.urls.http}/_local/clock/advance`, { to: settlementDay.toISOString() });
    // Real time goes on while the clock moves, so the answer is the target or a moment after it.
    const movedTo = Date.parse(String(clock['now']));
    expect(movedTo - settlementDay.getTime()).toBeGreaterThanOrEqual(0);
    expect(movedTo - settlementDay.getTime()).toBeLessThan(10_000);
    const statements = await first.store.statements.forMonth(ref, periodStart);
    expect(statements.map((statement) => statement.statement.paidMinutes)).toEqual([720]);
    expect((await first.store.runs.require(periodStart)).status).toBe('finished');

    // The five-minute drains sent everything decided on the way, each once.
    const outbox = await outboxOf(first, ref);
    expect(new Set(outbox.map((item) => item.kind))).toEqual(
      new Set([
        'assessment-due',
        'ranking-requested',
        'plan-ready-for-consent',
        'plan-awaiting-approval',
        'plan-activated',
        // No 'timesheet-reminder': the assistant's month was in before the 1st.
        'assistant-assignment-started',
        'pay-statement',
        'monthly-statement',
        'monthly-anomalies',
      ]),
    );
    expect(outbox.every((item) => item.status === 'sent')).toBe(true);
    const emails = await first.ses.emails();
    expect(emails).toHaveLength(outbox.length);
    expect((await first.deliver()).sent).toBe(0);
    const sentBefore = emails.length;
    const offsetBefore = (first.clock as OffsetClock).offsetMs;
    await first.stop();

    // Started again on the same data: the case runs again at its phase; the clock kept its offset.
    const second = await startLocalSystem({ dataDirectory, ports: anyPorts });
    system = second;
    expect(second.resumed).toEqual({ cases: 1, paused: 0, runs: 0 });
    expect((second.clock as OffsetClock).offsetMs).toBeGreaterThanOrEqual(offsetBefore);
    await second.settle();
    const resumed = await second.store.cases.require(ref);
    expect(resumed.phase).toBe('active');
    const running = second.workflows.sfn.executions().filter((execution) => execution.status === 'RUNNING');
    expect(running.map((execution) => execution.executionArn)).toContain(resumed.execution);

    // Nothing is sent twice, and nothing sent is forgotten: the local SES shows exactly the mail
    // of before the restart (kept in the data directory), and the outbox has nothing pending.
    expect((await second.deliver()).sent).toBe(0);
    expect((await second.ses.emails()).map((email) => email.messageId)).toEqual(
      emails.map((email) => email.messageId),
    );
    expect(sentBefore).toBeGreaterThan(0);

    // And time goes on from there: the period ends and the next cycle asks for a new assessment.
    await second.advance(6 * 31 * DAY_MS);
    expect(await second.store.cases.require(ref)).toMatchObject({ cycle: 2, phase: 'request-assessment' });
    await second.stop();
    system = undefined;
  });
});
