/**
 * Both machines together, as synthesized, on DynamoDB Local and the local SES: a case's cycle
 * activates its plan, the monthly runs pay its assistant and tell its parents, a second start of a
 * run changes nothing, a late timesheet is paid as the difference in the next month's
 * supplementary run, a case with broken data is listed, and every email arrives once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  approvePlan,
  openCase,
  recordRanking,
  submitAssessment,
} from '../../functions/review-cycle/commands.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import { type RunningLocalSes, startLocalSes } from '../../local/ses.ts';
import {
  actors,
  assessmentOn,
  casePerson,
  countByKind,
  createWorld,
  type World,
} from '../support/cycle-harness.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { submitConfirmed } from '../support/store-fixtures.ts';

let ses: RunningLocalSes;
let table: TestTable;
let world: World;

beforeAll(async () => {
  [ses, table] = await Promise.all([startLocalSes(), createTestTable('case-months')]);
});
afterAll(async () => {
  await ses?.stop();
  await table?.drop();
});
afterEach(async () => {
  await world?.close();
});

const note = (action: string, at: string) => ({
  actor: { kind: 'assistant', id: 'a-1' } as const,
  action,
  at,
});

/** Five 4-hour days of education in a month, confirmed by the parents. */
function timesheet(month: string, days: number[]) {
  return {
    assistantId: 'a-1',
    entries: days.map((day) => ({
      date: `${month}-${String(day).padStart(2, '0')}`,
      minutes: 240,
      activity: 'education',
      confirmed: true,
    })),
  };
}

async function runMonth(w: World, scheduledAt: string, name: string): Promise<string[]> {
  await w.advanceTo(scheduledAt);
  const before = new Set(w.sfn.executions().map((execution) => execution.executionArn));
  const { executionArn } = await w.sfn.startExecution({
    stateMachineArn: w.runStateMachineArn,
    name,
    input: JSON.stringify({ scheduledAt }),
  });
  await w.sfn.waitForExecution(executionArn);
  const started = w.sfn.executions().filter((execution) => !before.has(execution.executionArn));
  for (const execution of started) await w.sfn.waitForExecution(execution.executionArn);
  return (await Promise.all(started.map((execution) => w.sfn.describeExecution(execution.executionArn)))).map(
    (execution) => `${execution.name}:${execution.status}`,
  );
}

describe('a case’s months, both machines', () => {
  it('pays February once, tells the parents, lists the broken case, pays a late timesheet as the difference in April', async () => {
    world = await createWorld({ table, ses, start: '2024-01-08T08:00:00Z' });
    const w = world;
    const ref: CaseRef = { municipality: 'talsi', caseId: 'c-1' };
    await openCase(
      w.context,
      { ...ref, participantId: 'p-1', coordinatorId: 'u-7' },
      casePerson,
      actors.coordinator,
    );
    await w.sfn.idle();
    await submitAssessment(w.context, ref, assessmentOn('2024-01-10'), actors.coordinator);
    await w.sfn.idle();
    await recordRanking(
      w.context,
      ref,
      { services: ['physiotherapy'], rankedBy: 'parents', receivedOn: '2024-01-11' },
      actors.parent,
    );
    await w.sfn.idle();
    await approvePlan(
      w.context,
      ref,
      { revision: 1, consent: { by: 'p-1', on: '2024-01-12', via: 'link' } },
      actors.coordinator,
    );
    await w.sfn.idle();
    expect(await w.table.store.cases.require(ref)).toMatchObject({
      phase: 'active',
      period: { start: '2024-02-01' },
    });

    // A second case of the same coordinator whose data cannot be settled: two assistant grants overlap.
    const broken: CaseRef = { municipality: 'talsi', caseId: 'c-2' };
    const setup = { actor: actors.coordinator, action: 'set-up', at: '2024-01-20T08:00:00.000Z' };
    await w.table.store.cases.create(
      { ...broken, participantId: 'p-2', coordinatorId: 'u-7', phase: 'active', cycle: 1 },
      casePerson,
      setup,
    );
    for (const cycle of [0, 1]) {
      await w.table.store.cycles.recordGrants(
        broken,
        cycle,
        [{ service: 'assistant', basis: 'month', minutes: 4_800 }],
        setup,
      );
    }
    await w.table.store.cases.markActiveMonths(broken, ['2024-02'], setup);

    await submitConfirmed(
      w.table.store,
      ref,
      '2024-02',
      timesheet('2024-02', [5, 6, 7, 8, 9]),
      note('timesheet', '2024-03-03T10:00:00.000Z'),
    );

    // 10 March, 06:00 in Riga: February is settled; a second start of the same month changes nothing.
    // 10 March 2024 is a Sunday: the settlement day moves to Monday 11 March.
    const first = await runMonth(w, '2024-03-11T04:00:00.000Z', 'settle-2024-02');
    const again = await runMonth(w, '2024-03-11T04:00:00.000Z', 'settle-2024-02-again');
    // Each regular run ends by starting the supplementary run of the month before (none for January).
    expect(first).toEqual(['settle-2024-02:SUCCEEDED', expect.stringMatching(/:SUCCEEDED$/)]);
    expect(again[0]).toBe('settle-2024-02-again:SUCCEEDED');
    const february = await w.table.store.statements.forMonth(ref, '2024-02');
    expect(february.map((statement) => [statement.sequence, statement.statement.paidMinutes])).toEqual([
      [0, 1_200],
    ]);
    expect(await w.table.store.statements.forMonth(broken, '2024-02')).toEqual([]);
    const run = await w.table.store.runs.require('2024-02');
    expect(run.status).toBe('finished');
    expect((await w.table.store.runs.outcome('2024-02', broken))?.status).toBe('failed');

    expect(await w.deliver()).toBeGreaterThan(0);
    const afterFebruary = countByKind(await w.outbox(ref));
    expect(afterFebruary).toMatchObject({
      'pay-statement': 1,
      'monthly-statement': 1,
      'monthly-anomalies': 1,
    });
    const summary = (await w.outbox(ref)).find((item) => item.kind === 'monthly-anomalies');
    expect(summary?.data['failedCases']).toEqual([{ caseId: 'c-2', error: 'CaseDataError' }]);
    const emailsAfterFebruary = (await ses.emails()).length;
    expect(emailsAfterFebruary).toBe((await w.outbox(ref)).length + (await w.outbox(broken)).length);

    // A timesheet for February that comes late: April's run settles March, then February again.
    await submitConfirmed(
      w.table.store,
      ref,
      '2024-02',
      timesheet('2024-02', [5, 6, 7, 8, 9, 12, 13]),
      note('timesheet', '2024-03-20T10:00:00.000Z'),
    );
    const april = await runMonth(w, '2024-04-10T03:00:00.000Z', 'settle-2024-03');
    expect(april[0]).toBe('settle-2024-03:SUCCEEDED');
    expect(april.slice(1)).toEqual([expect.stringMatching(/:SUCCEEDED$/)]);
    const settled = await w.table.store.statements.forMonth(ref, '2024-02');
    expect(
      settled.map((statement) => [statement.sequence, statement.kind, statement.statement.paidMinutes]),
    ).toEqual([
      [0, 'original', 1_200],
      [1, 'supplementary', 480],
    ]);
    await w.deliver();
    const payStatements = (await w.outbox(ref))
      .filter((item) => item.kind === 'pay-statement')
      .map((item) => item.scope);
    expect(payStatements.sort()).toEqual(['2024-02', '2024-02.1']);
    const all = await ses.emails();
    expect(all).toHaveLength((await w.outbox(ref)).length + (await w.outbox(broken)).length);
    expect((await w.outbox(ref)).every((item) => item.status === 'sent')).toBe(true);
  });
});
