/**
 * The monthly settlement run, end to end: workflows/monthly-run.ts synthesized by aws-cdk-lib,
 * executed as synthesized by the local Step Functions runtime on a virtual clock, its Lambda steps
 * bound to the real handlers over DynamoDB Local. Named scenarios, each asserting the cases'
 * statements, the outbox and the run record; the timesheet reminders; and the state transitions
 * of one run, the figures docs/benchmarks.md quotes.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RUN_STEP_HANDLERS, SCHEDULED_HANDLERS } from '../../functions/handlers/monthly-run-tasks.ts';
import { RUN_PAGE_SIZE } from '../../functions/monthly-run/tasks/read-page.ts';
import { RUN_BATCH_SIZE } from '../../functions/monthly-run/tasks/settle-batch.ts';
import { renderNotification } from '../../functions/notify/render/kinds.ts';
import type { StepContext } from '../../functions/step-context.ts';
import type { CapacityUsage } from '../../functions/store/client.ts';
import type { PersonData, StoredOutboxItem } from '../../functions/store/entities.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/runtime.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';
import { inlineRunFunctions, MonthlyRunWorkflow } from '../../workflows/monthly-run.ts';
import {
  functionName,
  LOCAL_PREFIX,
  RUN_STEPS,
  type RunStep,
  stateMachineName,
} from '../../workflows/names.ts';
import { synthesizedDefinition, type TemplateJson } from '../../workflows/synthesized.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, submitConfirmed } from '../support/store-fixtures.ts';

const env = { region: 'eu-north-1', accountId: '000000000000' };
const MACHINE = stateMachineName(LOCAL_PREFIX, 'monthly-run');
const config = {
  appUrl: 'https://atbalsts.example',
  linkSecret: 'x'.repeat(32),
  supervisors: {},
  cycleStateMachineArn: 'unused',
};
/** 06:00 on 10 April 2024 in Riga: the settlement day of March. */
const MARCH_RUN = '2024-04-10T03:00:00Z';

let asl: string;
beforeAll(() => {
  const app = new App();
  const stack = new Stack(app, 'MonthlyRunTest');
  new MonthlyRunWorkflow(stack, 'MonthlyRun', {
    prefix: LOCAL_PREFIX,
    functions: inlineRunFunctions(stack, LOCAL_PREFIX),
  });
  asl = synthesizedDefinition(Template.fromStack(stack).toJSON() as TemplateJson, MACHINE, env);
});

// ---- harness ------------------------------------------------------------------------------------

type Wrap = (
  step: RunStep,
  call: (event: unknown) => Promise<unknown>,
) => (event: unknown) => Promise<unknown>;

interface Harness {
  table: TestTable;
  store: Store;
  sfn: LocalStepFunctions;
  clock: VirtualClock;
  context: StepContext;
  /** Start the machine, wait for it and for the executions it started; all of them, in order. */
  run(input: object): Promise<{ arn: string; status: string; started: string[] }>;
}

let current: Harness | undefined;

async function harness(options: { wrap?: Wrap; store?: (table: TestTable) => Store } = {}): Promise<Harness> {
  // The finish step's one-line summary (ids and counts) is the Lambda's log; not the test's.
  vi.spyOn(console, 'info').mockImplementation(() => {});
  const table = await createTestTable('monthly-run');
  const store = options.store?.(table) ?? table.store;
  const clock = new VirtualClock(MARCH_RUN);
  const sfn = new LocalStepFunctions({ clock, ...env });
  const context: StepContext = { store, clock, orchestrator: sfn, config };
  for (const step of RUN_STEPS) {
    const call = (event: unknown) => RUN_STEP_HANDLERS[step](event, context);
    sfn.bindFunction(functionName(LOCAL_PREFIX, step), options.wrap?.(step, call) ?? call);
  }
  const stateMachineArn = sfn.registerStateMachine(MACHINE, asl);
  current = {
    table,
    store,
    sfn,
    clock,
    context,
    async run(input) {
      const before = new Set(sfn.executions().map((execution) => execution.executionArn));
      const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify(input) });
      const ended = await sfn.waitForExecution(executionArn);
      const started = sfn
        .executions()
        .map((execution) => execution.executionArn)
        .filter((arn) => !before.has(arn) && arn !== executionArn);
      for (const arn of started) await sfn.waitForExecution(arn);
      return { arn: executionArn, status: ended.status, started };
    },
  };
  return current;
}

afterEach(async () => {
  if (!current) return;
  await current.sfn.close();
  expect(current.clock.pendingTimers).toBe(0);
  await current.table.drop();
  current = undefined;
  vi.restoreAllMocks();
});

// ---- cases ----------------------------------------------------------------------------------------

interface CaseSpec {
  municipality: string;
  caseId: string;
  coordinatorId: string;
  /** Assistants in the person item, by id; each with the hours of the days of March they reported (none: no timesheet). */
  assistants: Record<string, Record<string, number> | null>;
  grantHours?: number;
  months?: string[];
}

const personOf = (caseId: string, assistants: string[]): PersonData => ({
  participant: { name: `Bērns ${caseId}` },
  contacts: [
    {
      role: 'legal-representative',
      id: `p-${caseId}`,
      name: 'Ilze Bērziņa',
      email: 'ilze@example.lv',
      language: 'lv',
    },
    ...assistants.map((id) => ({
      role: 'assistant' as const,
      id,
      name: `Asistents ${id}`,
      language: 'lv' as const,
    })),
  ],
});

const entries = (days: Record<string, number>) =>
  Object.entries(days).map(([day, hours]) => ({
    date: `2024-03-${day}`,
    minutes: hours * 60,
    activity: 'education',
    confirmed: true,
  }));

async function activeCase(store: Store, spec: CaseSpec): Promise<CaseRef> {
  const ref = { municipality: spec.municipality, caseId: spec.caseId };
  await store.cases.create(
    {
      ...ref,
      participantId: `p-${spec.caseId}`,
      coordinatorId: spec.coordinatorId,
      phase: 'active',
      cycle: 1,
    },
    personOf(spec.caseId, Object.keys(spec.assistants)),
    note('case-opened'),
  );
  await store.cycles.recordGrants(
    ref,
    1,
    [
      {
        service: 'assistant',
        basis: 'month',
        minutes: (spec.grantHours ?? 20) * 60,
        from: '2024-01-01',
        to: '2024-12-31',
      },
    ],
    note('grants-recorded'),
  );
  await store.cases.markActiveMonths(ref, spec.months ?? ['2024-03'], note('months-marked'));
  await submitTimesheets(store, ref, spec.assistants);
  return ref;
}

async function submitTimesheets(store: Store, ref: CaseRef, assistants: CaseSpec['assistants']) {
  for (const [assistantId, days] of Object.entries(assistants)) {
    if (days)
      await submitConfirmed(
        store,
        ref,
        '2024-03',
        { assistantId, entries: entries(days) },
        note('timesheet-submitted'),
      );
  }
}

/** Two municipalities, three coordinators: u-1 has c-1 and c-2 in Talsi, u-2 has c-3 there, u-3 has r-1 in Riga. */
const TOWNS: CaseSpec[] = [
  { municipality: 'talsi', caseId: 'c-1', coordinatorId: 'u-1', assistants: { 'a-1': { '04': 4, '05': 4 } } },
  // a-3 never sends a timesheet.
  {
    municipality: 'talsi',
    caseId: 'c-2',
    coordinatorId: 'u-1',
    assistants: { 'a-2': { '06': 3 }, 'a-3': null },
  },
  // 25 h reported against a 20 h grant: 5 h rejected (MONTH_CAP) in one entry.
  {
    municipality: 'talsi',
    caseId: 'c-3',
    coordinatorId: 'u-2',
    assistants: { 'a-4': { '11': 8, '12': 8, '13': 9 } },
  },
  { municipality: 'riga', caseId: 'r-1', coordinatorId: 'u-3', assistants: { 'a-5': { '18': 6 } } },
];

async function allOutbox(store: Store): Promise<StoredOutboxItem[]> {
  const items: StoredOutboxItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.outbox.pending({ limit: 500, ...(cursor !== undefined && { cursor }) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor !== undefined);
  return items.sort((a, b) => (a.notificationId < b.notificationId ? -1 : 1));
}

/** `<municipality>/<caseId> <notificationId>` of every outbox item, sorted. */
const outboxIds = async (store: Store) =>
  (await allOutbox(store)).map((item) => `${item.municipality}/${item.caseId} ${item.notificationId}`).sort();

const statesEntered = (sfn: LocalStepFunctions, arn: string) =>
  sfn
    .history(arn)
    .filter((event) => event.type === 'StateEntered')
    .map((event) => event.state?.name ?? '?');

const render = (kind: Parameters<typeof renderNotification>[0], data: unknown) =>
  renderNotification(kind, data, { language: 'en', organisation: 'Talsu novada Sociālais dienests' });

// ---- scenarios --------------------------------------------------------------------------------------

describe('monthly run', () => {
  it('happy: settles every active case of two municipalities once, pays each assistant, and sends one summary per coordinator', async () => {
    const { store, sfn, run } = await harness();
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));

    const result = await run({ scheduledAt: MARCH_RUN });
    expect(result.status).toBe('SUCCEEDED');

    for (const ref of refs) {
      const statements = await store.statements.forMonth(ref, '2024-03');
      expect(
        statements.map((s) => [s.sequence, s.kind]),
        ref.caseId,
      ).toEqual([[0, 'original']]);
    }
    const [c1, c2, c3, r1] = refs as [CaseRef, CaseRef, CaseRef, CaseRef];
    expect((await store.statements.forMonth(c3, '2024-03'))[0]?.statement).toMatchObject({
      paidMinutes: 1200,
      amountCents: 10220,
    });

    expect(await outboxIds(store)).toEqual([
      'riga/r-1 monthly-anomalies:run-2024-03:coordinator:u-3',
      'riga/r-1 pay-statement:2024-03:assistant:a-5',
      'talsi/c-1 monthly-anomalies:run-2024-03:coordinator:u-1',
      'talsi/c-1 pay-statement:2024-03:assistant:a-1',
      'talsi/c-1 timesheets-missing:run-2024-03:coordinator:u-1',
      'talsi/c-2 pay-statement:2024-03:assistant:a-2',
      'talsi/c-3 monthly-anomalies:run-2024-03:coordinator:u-2',
      'talsi/c-3 pay-statement:2024-03:assistant:a-4',
    ]);

    const summary = await store.outbox.get(c1, 'monthly-anomalies:run-2024-03:coordinator:u-1');
    expect(summary?.data).toEqual({
      month: '2024-03',
      casesSettled: 2,
      rejectedHours: [],
      overCapClaims: [],
      budgetsRunningOut: [],
      runLink: 'https://atbalsts.example/workspace/runs/2024-03',
    });
    const rejected = await store.outbox.get(c3, 'monthly-anomalies:run-2024-03:coordinator:u-2');
    expect(rejected?.data['rejectedHours']).toEqual([{ caseId: 'c-3', minutes: 300, entries: 1 }]);
    const missing = await store.outbox.get(c1, 'timesheets-missing:run-2024-03:coordinator:u-1');
    expect(missing?.data).toEqual({
      month: '2024-03',
      deadline: '2024-04-05',
      missing: [{ caseId: 'c-2', assistantId: 'a-3' }],
    });
    // What the run decided renders with the real templates.
    expect(render('monthly-anomalies', rejected?.data).text).toContain('c-3');
    expect(render('timesheets-missing', missing?.data).text).toContain('a-3');
    expect(JSON.stringify(await allOutbox(store))).not.toContain('Bērziņa');

    const record = await store.runs.get('2024-03');
    expect(record).toMatchObject({
      status: 'finished',
      kind: 'regular',
      starts: 1,
      totals: { cases: 4, settled: 4, alreadySettled: 0, supplementary: 0, noGrant: 0, failed: 0 },
    });
    expect(await store.runs.outcome('2024-03', c2)).toMatchObject({
      status: 'settled',
      coordinatorId: 'u-1',
      paidMinutes: 180,
      missingTimesheets: ['a-3'],
    });
    expect((await store.runs.outcome('2024-03', r1))?.coordinatorId).toBe('u-3');

    // It started the supplementary run of February, which no regular run settled: skipped, nothing written.
    expect(result.started).toHaveLength(1);
    const [supplementary] = result.started as [string];
    expect(JSON.parse((await sfn.describeExecution(supplementary)).input)).toEqual({
      scheduledAt: MARCH_RUN,
      month: '2024-02',
      kind: 'supplementary',
    });
    expect((await sfn.describeExecution(supplementary)).status).toBe('SUCCEEDED');
    expect(await store.runs.get('2024-02-supplementary-2024-04-10-0600')).toMatchObject({
      status: 'skipped',
      skippedReason: 'no-regular-run',
    });
    expect(statesEntered(sfn, supplementary)).toEqual([
      'StartRun',
      'AlreadyFinished',
      'StartsSupplementary',
      'RunDone',
    ]);
  });

  it('started twice for the same month: the second execution settles nothing, writes no statement or email, and finishes', async () => {
    const { store, sfn, run } = await harness();
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));
    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    const outboxBefore = await outboxIds(store);

    // The scheduler's retry or an operator's start: another execution, the same month.
    const second = await run({ scheduledAt: '2024-04-10T03:05:00Z' });
    expect(second.status).toBe('SUCCEEDED');
    expect(statesEntered(sfn, second.arn)).toEqual([
      'StartRun',
      'AlreadyFinished',
      'StartsSupplementary',
      'StartSupplementary',
      'RunDone',
    ]);
    for (const ref of refs) {
      expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
      const trail = await store.audit.trail(ref);
      expect(trail.events.filter((event) => event.action === 'month-settled')).toHaveLength(1);
    }
    expect(await outboxIds(store)).toEqual(outboxBefore);
    expect((await store.runs.get('2024-03'))?.status).toBe('finished');
  });

  it('started again after the first execution failed at its end: skips every case recorded, then finishes once', async () => {
    let finishCalls = 0;
    const { store, sfn, run } = await harness({
      wrap: (step, call) =>
        step === 'run-finish'
          ? async (event) => {
              finishCalls += 1;
              // The first finish dies with an error no Retry covers (a bug, a missing permission).
              if (finishCalls === 1)
                throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
              return call(event);
            }
          : call,
    });
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));
    const settleBatch = vi.spyOn(RUN_STEP_HANDLERS, 'run-settle-batch');

    const first = await run({ scheduledAt: MARCH_RUN });
    expect(first.status).toBe('FAILED');
    expect(statesEntered(sfn, first.arn).slice(-3)).toEqual(['FinishRun', 'RecordRunFailure', 'RunFailed']);
    expect(await store.runs.get('2024-03')).toMatchObject({
      status: 'failed',
      failure: { error: 'AccessDeniedException' },
    });
    expect((await allOutbox(store)).filter((item) => item.recipient.role === 'coordinator')).toEqual([]);

    const second = await run({ scheduledAt: MARCH_RUN });
    expect(second.status).toBe('SUCCEEDED');
    // The second execution walked the cases again but every one was recorded: all skipped.
    const results = await Promise.all(settleBatch.mock.results.slice(1).map((result) => result.value));
    expect(results).toEqual([{ settled: 0, failed: 0, skipped: refs.length }]);
    for (const ref of refs) expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    const kinds = (await allOutbox(store)).map((item) => item.kind);
    expect(kinds.filter((kind) => kind === 'monthly-anomalies')).toHaveLength(3);
    expect(kinds.filter((kind) => kind === 'pay-statement')).toHaveLength(4);
    expect(await store.runs.get('2024-03')).toMatchObject({ status: 'finished', starts: 2 });
  });

  it('a late timesheet: the supplementary run pays only the difference, with one new pay statement', async () => {
    const { store, clock, run } = await harness();
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));
    const [c1] = refs as [CaseRef];
    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    const before = await outboxIds(store);

    // On 20 April a second assistant of c-1 sends March's timesheet: 3 h on 25 March.
    await store.cases.putPerson(c1, personOf('c-1', ['a-1', 'a-9']), note('person-updated'));
    await submitTimesheets(store, c1, { 'a-9': { '25': 3 } });

    // The next settlement day: the regular run of April starts the supplementary run of March.
    await clock.advanceTo(new Date('2024-05-10T03:00:00Z'));
    const april = await run({ scheduledAt: '2024-05-10T03:00:00Z' });
    expect(april.status).toBe('SUCCEEDED');
    expect(april.started).toHaveLength(1);

    const statements = await store.statements.forMonth(c1, '2024-03');
    expect(statements.map((s) => [s.sequence, s.kind])).toEqual([
      [0, 'original'],
      [1, 'supplementary'],
    ]);
    expect(statements[1]?.statement).toMatchObject({ paidMinutes: 180, amountCents: 1533 });
    expect(statements[1]?.statement.lines.map((line) => line.assistantId)).toEqual(['a-9']);
    for (const ref of refs.slice(1)) expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);

    const added = (await outboxIds(store)).filter((id) => !before.includes(id));
    expect(added).toEqual([
      'talsi/c-1 monthly-anomalies:run-2024-03-supplementary-2024-05-10-0600:coordinator:u-1',
      'talsi/c-1 pay-statement:2024-03.1:assistant:a-9',
    ]);
    const summary = await store.outbox.get(
      c1,
      'monthly-anomalies:run-2024-03-supplementary-2024-05-10-0600:coordinator:u-1',
    );
    expect(summary?.data).toMatchObject({ month: '2024-03', casesSettled: 1, rejectedHours: [] });
    expect(await store.runs.get('2024-03-supplementary-2024-05-10-0600')).toMatchObject({
      status: 'finished',
      kind: 'supplementary',
      totals: { cases: 4, settled: 0, alreadySettled: 3, supplementary: 1, noGrant: 0, failed: 0 },
    });
  });

  it('a timesheet resubmitted with fewer hours: the supplementary run records the pay statement it could not send', async () => {
    const { store, run } = await harness();
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));
    const [c1] = refs as [CaseRef];
    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    const before = await outboxIds(store);

    // a-1 corrects March: 4 h on the 4th only, not 8 h.
    await submitTimesheets(store, c1, { 'a-1': { '04': 4 } });
    const retry = await run({ scheduledAt: '2024-04-20T07:00:00Z', month: '2024-03', kind: 'supplementary' });
    expect(retry.status).toBe('SUCCEEDED');

    expect((await store.statements.forMonth(c1, '2024-03'))[1]?.statement).toMatchObject({
      paidMinutes: -240,
    });
    expect(await store.runs.outcome('2024-03-supplementary-2024-04-20-1000', c1)).toMatchObject({
      status: 'supplementary',
      paidMinutes: -240,
      withheldNotifications: ['pay-statement:2024-03.1:assistant:a-1'],
    });
    expect((await outboxIds(store)).filter((id) => !before.includes(id))).toEqual([
      'talsi/c-1 monthly-anomalies:run-2024-03-supplementary-2024-04-20-1000:coordinator:u-1',
    ]);
  });

  it('one case’s data is broken: the others are paid, and the case is listed in the run record and its coordinator’s summary', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { store, run } = await harness();
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));
    const [, c2] = refs as [CaseRef, CaseRef];
    // Two assistant grants overlapping March (cycle 0 until 20 March, cycle 1 the whole year): CaseDataError.
    await store.cycles.recordGrants(
      c2,
      0,
      [{ service: 'assistant', basis: 'month', minutes: 600, from: '2023-09-01', to: '2024-03-20' }],
      note('grants-recorded'),
    );

    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');

    expect(await store.statements.forMonth(c2, '2024-03')).toEqual([]);
    expect(await store.outbox.get(c2, 'pay-statement:2024-03:assistant:a-2')).toBeUndefined();
    for (const ref of refs.filter((ref) => ref !== c2)) {
      expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    }
    expect((await allOutbox(store)).filter((item) => item.kind === 'pay-statement')).toHaveLength(3);

    expect(await store.runs.outcome('2024-03', c2)).toMatchObject({
      status: 'failed',
      error: 'CaseDataError',
      coordinatorId: 'u-1',
    });
    expect((await store.runs.get('2024-03'))?.totals).toMatchObject({ cases: 4, settled: 3, failed: 1 });
    const summary = await store.outbox.get(
      refs[0] as CaseRef,
      'monthly-anomalies:run-2024-03:coordinator:u-1',
    );
    expect(summary?.data).toMatchObject({
      casesSettled: 1,
      failedCases: [{ caseId: 'c-2', error: 'CaseDataError' }],
    });
    expect(render('monthly-anomalies', summary?.data).text).toContain('CaseDataError');
    // A broken case's missing timesheets are not chased: its month is not settled yet.
    expect(
      await store.outbox.get(refs[0] as CaseRef, 'timesheets-missing:run-2024-03:coordinator:u-1'),
    ).toBeUndefined();
    // The log names the case and the error, never the error's message.
    const logged = warn.mock.calls.map((call) => String(call[0]));
    expect(logged).toEqual([
      JSON.stringify({
        event: 'run-case-failed',
        runId: '2024-03',
        municipality: 'talsi',
        caseId: 'c-2',
        error: 'CaseDataError',
      }),
    ]);
  });

  it('a settle-batch Lambda fails twice with Lambda.ServiceException: the Retry runs it again and every case is settled once', async () => {
    let calls = 0;
    const { store, sfn, clock, run } = await harness({
      wrap: (step, call) =>
        step === 'run-settle-batch'
          ? async (event) => {
              calls += 1;
              if (calls <= 2)
                throw Object.assign(new Error('Service unavailable'), { name: 'Lambda.ServiceException' });
              return call(event);
            }
          : call,
    });
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));

    const running = run({ scheduledAt: MARCH_RUN });
    // Full jitter: the pauses are at most 2 s, then 4 s, on the virtual clock.
    while (calls < 3) {
      await sfn.idle();
      await clock.advance(1_000);
    }
    const result = await running;
    expect(result.status).toBe('SUCCEEDED');
    expect(calls).toBe(3);
    expect(sfn.history(result.arn).filter((event) => event.type === 'StateRetried')).toHaveLength(2);
    expect(statesEntered(sfn, result.arn)).not.toContain('RecordBatchFailure');
    for (const ref of refs) expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    expect((await allOutbox(store)).filter((item) => item.kind === 'pay-statement')).toHaveLength(4);
    expect((await store.runs.get('2024-03'))?.totals).toMatchObject({ cases: 4, settled: 4, failed: 0 });
  });

  it('a settle-batch Lambda that fails for good: its cases are recorded as failed, the run finishes, and an operator’s supplementary run settles them', async () => {
    let failing = true;
    const { store, run } = await harness({
      wrap: (step, call) =>
        step === 'run-settle-batch'
          ? async (event) => {
              if (failing && !(event as { failure?: unknown }).failure) {
                throw Object.assign(new Error('Task timed out after 60.00 seconds'), {
                  name: 'Sandbox.Timedout',
                });
              }
              return call(event);
            }
          : call,
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));

    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    for (const ref of refs) {
      expect(await store.runs.outcome('2024-03', ref)).toMatchObject({
        status: 'failed',
        error: 'Sandbox.Timedout',
      });
      expect(await store.statements.forMonth(ref, '2024-03')).toEqual([]);
    }
    expect((await store.runs.get('2024-03'))?.totals).toMatchObject({ cases: 4, failed: 4 });

    // A finished run is final; its failed cases are settled by a supplementary run of the month:
    // next month's, or one an operator starts right away.
    failing = false;
    const retry = await run({ scheduledAt: '2024-04-11T05:00:00Z', month: '2024-03', kind: 'supplementary' });
    expect(retry.status).toBe('SUCCEEDED');
    expect(retry.started).toEqual([]);
    for (const ref of refs) expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    expect((await store.runs.get('2024-03-supplementary-2024-04-11-0800'))?.totals).toMatchObject({
      cases: 4,
      settled: 4,
      failed: 0,
    });
    expect((await allOutbox(store)).filter((item) => item.kind === 'pay-statement')).toHaveLength(4);
  });

  // Many cases settled twice on DynamoDB Local: seconds alone, longer on a loaded 2-core machine.
  it('pages through more than one page of active cases, in batches, and counts its state transitions', async () => {
    const usage = { reads: 0, writes: 0 };
    const timings: number[] = [];
    const { store, sfn, table, run } = await harness({
      store: (created) =>
        created.storeWith((capacity: CapacityUsage) => {
          usage.reads += capacity.readUnits;
          usage.writes += capacity.writeUnits;
        }),
      wrap: (step, call) =>
        step === 'run-settle-batch'
          ? async (event) => {
              const started = performance.now();
              try {
                return await call(event);
              } finally {
                timings.push(performance.now() - started);
              }
            }
          : call,
    });
    const cases = RUN_PAGE_SIZE + 5;
    const specs: CaseSpec[] = Array.from({ length: cases }, (_, index) => ({
      municipality: index % 2 === 0 ? 'talsi' : 'riga',
      caseId: `c-${String(index).padStart(3, '0')}`,
      coordinatorId: `u-${index % 5}`,
      assistants: { [`a-${index}`]: { '04': 4, '05': 3 } },
    }));
    for (let start = 0; start < specs.length; start += 15) {
      await Promise.all(specs.slice(start, start + 15).map((spec) => activeCase(table.store, spec)));
    }
    usage.reads = 0;
    usage.writes = 0;

    const result = await run({ scheduledAt: MARCH_RUN });
    expect(result.status).toBe('SUCCEEDED');
    expect((await store.runs.get('2024-03'))?.totals).toMatchObject({ cases, settled: cases });
    expect((await allOutbox(store)).filter((item) => item.kind === 'pay-statement')).toHaveLength(cases);
    expect((await allOutbox(store)).filter((item) => item.kind === 'monthly-anomalies')).toHaveLength(10);

    const entered = statesEntered(sfn, result.arn);
    const pages = Math.floor(cases / RUN_PAGE_SIZE) + 1;
    const batches =
      Math.ceil(RUN_PAGE_SIZE / RUN_BATCH_SIZE) + Math.ceil((cases % RUN_PAGE_SIZE) / RUN_BATCH_SIZE);
    expect(entered.filter((name) => name === 'ReadPage')).toHaveLength(pages);
    expect(entered.filter((name) => name === 'SettleBatch')).toHaveLength(batches);
    // docs/benchmarks.md: 6 + 3 per page + 1 per batch.
    expect(entered).toHaveLength(6 + 3 * pages + batches);
    // The supplementary run of February it started had nothing to supplement.
    expect(statesEntered(sfn, result.started[0] ?? '')).toHaveLength(4);
    const regular = { ...usage, batchMs: [...timings] };

    // The supplementary run of the same month a month later: every case read again, nothing new written.
    usage.reads = 0;
    usage.writes = 0;
    timings.length = 0;
    const supplementary = await run({
      scheduledAt: '2024-05-10T03:00:00Z',
      month: '2024-03',
      kind: 'supplementary',
    });
    expect(supplementary.status).toBe('SUCCEEDED');
    const supplementaryEntered = statesEntered(sfn, supplementary.arn);
    // 5 + 3 per page + 1 per batch: no StartSupplementary.
    expect(supplementaryEntered).toHaveLength(5 + 3 * pages + batches);
    expect((await store.runs.get('2024-03-supplementary-2024-05-10-0600'))?.totals).toMatchObject({
      cases,
      alreadySettled: cases,
    });
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // The figures docs/benchmarks.md quotes (DynamoDB Local's consumed capacity, handler time per batch).
    process.stdout.write(
      `${JSON.stringify({
        cases,
        regular: {
          transitions: entered.length,
          readUnitsPerCase: regular.reads / cases,
          writeUnitsPerCase: regular.writes / cases,
          batchMsMedian: median(regular.batchMs),
        },
        supplementary: {
          transitions: supplementaryEntered.length,
          readUnitsPerCase: usage.reads / cases,
          writeUnitsPerCase: usage.writes / cases,
          batchMsMedian: median(timings),
        },
      })}\n`,
    );
  }, 120_000);
});

describe('timesheet reminders', () => {
  it('on the first working day of the month: a reminder to each assistant of each active case who has not submitted the month for it, naming the case, with the deadline; idempotent', async () => {
    const { store, context } = await harness();
    const refs = await Promise.all(TOWNS.map((spec) => activeCase(store, spec)));
    // A case active in April only is not reminded of March.
    await activeCase(store, { ...(TOWNS[0] as CaseSpec), caseId: 'c-9', months: ['2024-04'] });
    // a-1 submitted March for c-1 (TOWNS) but works on c-4 too, where March is still missing;
    // a-6 submitted nothing; a-7 submitted hers for c-4.
    await activeCase(store, {
      municipality: 'talsi',
      caseId: 'c-4',
      coordinatorId: 'u-2',
      assistants: { 'a-1': null, 'a-6': null, 'a-7': { '11': 2 } },
    });
    // 1 April 2024 is Easter Monday: the schedule's start that day decides nothing.
    const holiday = await SCHEDULED_HANDLERS['timesheet-reminders'](
      { scheduledAt: '2024-03-31T22:00:00Z' },
      context,
    );
    expect(holiday).toMatchObject({ notDue: true, created: 0 });
    expect(await allOutbox(store)).toEqual([]);
    // 01:00 on 2 April in Riga, the first working day.
    const event = { scheduledAt: '2024-04-01T22:00:00Z' };

    const first = await SCHEDULED_HANDLERS['timesheet-reminders'](event, context);
    expect(first).toEqual({
      month: '2024-03',
      deadline: '2024-04-05',
      cases: 5,
      reminders: 3,
      created: 3,
      submitted: 5,
      failed: 0,
    });
    expect(await outboxIds(store)).toEqual([
      'talsi/c-2 timesheet-reminder:2024-03:assistant:a-3',
      'talsi/c-4 timesheet-reminder:2024-03:assistant:a-1',
      'talsi/c-4 timesheet-reminder:2024-03:assistant:a-6',
    ]);
    const reminder = await store.outbox.get(refs[1] as CaseRef, 'timesheet-reminder:2024-03:assistant:a-3');
    expect(reminder?.data).toEqual({ month: '2024-03', deadline: '2024-04-05', caseId: 'c-2' });
    const email = render('timesheet-reminder', reminder?.data);
    expect(email.subject).toContain('c-2');
    expect(email.text).toContain('c-2');
    // The child's name is in the case's person item; the email carries none of it.
    const person = await store.cases.getPerson(refs[1] as CaseRef);
    expect(person?.participant.name).toBeTruthy();
    expect(email.text).not.toContain(person?.participant.name);

    // a-6 submits before the schedule fires again: nothing new, and the one decided stays decided.
    await store.timesheets.submit(
      { municipality: 'talsi', caseId: 'c-4' },
      '2024-03',
      { assistantId: 'a-6', entries: entries({ '12': 1 }) },
      note('timesheet-submitted'),
    );
    const again = await SCHEDULED_HANDLERS['timesheet-reminders'](event, context);
    expect(again).toMatchObject({ cases: 5, reminders: 2, created: 0, submitted: 6 });
    expect(await allOutbox(store)).toHaveLength(3);
  });

  it('refuses an event without scheduledAt, naming the field', async () => {
    const { context } = await harness();
    await expect(SCHEDULED_HANDLERS['timesheet-reminders']({ month: '2024-03' }, context)).rejects.toThrow(
      /scheduledAt/,
    );
  });
});

describe('one assistant, two children in two municipalities', () => {
  const timed = (date: string, start: number, hours: number) => ({
    date,
    minutes: hours * 60,
    activity: 'education',
    confirmed: true,
    start: start * 60,
    end: (start + hours) * 60,
  });

  // Two full runs of the state machine: slow on a shared machine.
  it('the monthly run rejects the overlap in the later case, naming the other case, and pays the rest exactly once', {
    timeout: 120_000,
  }, async () => {
    const { store, run } = await harness();
    const talsi = await activeCase(store, {
      municipality: 'talsi',
      caseId: 'c-1',
      coordinatorId: 'u-1',
      assistants: { ilze: null },
    });
    const kuldiga = await activeCase(store, {
      municipality: 'kuldiga',
      caseId: 'k-7',
      coordinatorId: 'u-9',
      assistants: { ilze: null },
    });
    // Talsi's timesheet is submitted first, so Talsi's case comes first; each case's parents confirm it.
    await submitConfirmed(
      store,
      talsi,
      '2024-03',
      { assistantId: 'ilze', entries: [timed('2024-03-04', 9, 3), timed('2024-03-05', 10, 2)] },
      { ...note('timesheet-submitted'), at: '2024-04-01T08:00:00.000Z' },
    );
    await submitConfirmed(
      store,
      kuldiga,
      '2024-03',
      { assistantId: 'ilze', entries: [timed('2024-03-04', 11, 2), timed('2024-03-06', 9, 2)] },
      { ...note('timesheet-submitted'), at: '2024-04-02T08:00:00.000Z' },
    );
    expect((await store.timesheets.byAssistantMonth('ilze', '2024-03')).map((found) => found.ref)).toEqual([
      { municipality: 'kuldiga', caseId: 'k-7' },
      { municipality: 'talsi', caseId: 'c-1' },
    ]);

    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    const [talsiStatement] = await store.statements.forMonth(talsi, '2024-03');
    const [kuldigaStatement] = await store.statements.forMonth(kuldiga, '2024-03');
    expect(talsiStatement?.statement).toMatchObject({ paidMinutes: 5 * 60, rejected: [] });
    expect(kuldigaStatement?.statement.paidMinutes).toBe(2 * 60);
    expect(kuldigaStatement?.statement.rejected).toEqual([
      expect.objectContaining({
        date: '2024-03-04',
        reason: 'OTHER_CASE',
        minutes: 120,
        detail: expect.stringContaining('case c-1'),
      }),
    ]);
    expect(kuldigaStatement?.statement.rejected[0]?.detail).not.toContain('Bērns');

    // Started again: nothing more is paid anywhere.
    await run({ scheduledAt: MARCH_RUN });
    for (const ref of [talsi, kuldiga])
      expect(await store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
  });

  it('pays nothing inside a hospital stay the coordinator recorded', async () => {
    const { store, run } = await harness();
    const ref = await activeCase(store, {
      municipality: 'talsi',
      caseId: 'c-5',
      coordinatorId: 'u-1',
      assistants: { 'a-1': { '04': 3, '12': 4, '20': 2 } },
    });
    await store.stays.record(
      ref,
      'stay-1',
      { kind: 'hospital', from: '2024-03-10', to: '2024-03-15' },
      note('stay-recorded'),
    );
    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    const [statement] = await store.statements.forMonth(ref, '2024-03');
    expect(statement?.statement.paidMinutes).toBe(5 * 60);
    expect(statement?.statement.rejected.map((item) => [item.date, item.reason])).toEqual([
      ['2024-03-12', 'NO_PAY_PERIOD'],
    ]);
  });
});

describe('a grant coming to its end', () => {
  it('reminds the coordinator once, in time for a new application, and not when a next grant follows', async () => {
    const { store, run } = await harness();
    const ref = await activeCase(store, {
      municipality: 'talsi',
      caseId: 'c-8',
      coordinatorId: 'u-1',
      assistants: { 'a-1': { '04': 2 } },
    });
    await store.cycles.recordGrants(
      ref,
      1,
      [{ service: 'assistant', basis: 'month', minutes: 1200, from: '2024-01-01', to: '2024-05-31' }],
      note('grants-recorded'),
    );
    expect((await run({ scheduledAt: MARCH_RUN })).status).toBe('SUCCEEDED');
    const reminder = await store.outbox.get(ref, 'grant-ending:assistant-2024-05-31:coordinator:u-1');
    expect(reminder?.data).toEqual({ caseId: 'c-8', service: 'assistant', grantEnds: '2024-05-31' });
    expect(render('grant-ending', reminder?.data).subject).toContain('c-8');
  });
});
