/**
 * The review cycle's scenario matrix: the synthesized ASL executed by the local runtime, every
 * Lambda task bound to the real step, against DynamoDB Local and the local SES, on a virtual
 * clock (a year passes in seconds). Each scenario drives the case as the API would and asserts
 * the case's state, what the store holds and the emails delivered, with their counts.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  approvePlan,
  closeCase,
  openCase,
  recordRanking,
  requestChanges,
  resumeCycle,
  submitAssessment,
  triggerEarlyReview,
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

let ses: RunningLocalSes;
/** Each scenario has its own table, so the sender delivers only that scenario's notifications. */
let table: TestTable;
let world: World | undefined;

beforeAll(async () => {
  ses = await startLocalSes();
});
afterAll(async () => {
  await ses?.stop();
});
beforeEach(async () => {
  table = await createTestTable('cycle');
});
afterEach(async () => {
  await world?.close();
  world = undefined;
  await table.drop();
  await ses.clear();
});

let caseCounter = 0;
/** A new case in Talsi with its first cycle started, on a world whose clock starts at `start`. */
async function openedCase(
  start: string,
  options: Partial<Parameters<typeof createWorld>[0]> = {},
): Promise<{ w: World; ref: CaseRef }> {
  world = await createWorld({ table, ses, start, ...options });
  caseCounter += 1;
  const ref = { municipality: 'talsi', caseId: `c-${caseCounter}` };
  await openCase(
    world.context,
    { ...ref, participantId: `p-${caseCounter}`, coordinatorId: 'u-7' },
    casePerson,
    actors.coordinator,
  );
  await world.sfn.idle();
  return { w: world, ref };
}

const caseOf = (w: World, ref: CaseRef) => w.table.store.cases.require(ref);
const consent = (on: string) => ({ by: 'p-1', on, via: 'coordinator' as const });
const latestPlan = async (w: World, ref: CaseRef, cycle: number) =>
  (await w.table.store.cycles.contents(ref, cycle)).plans.at(-1);

/** Take a started cycle through assessment, ranking and approval to its active period. */
async function throughToActive(w: World, ref: CaseRef, assessedOn: string): Promise<void> {
  await submitAssessment(w.context, ref, assessmentOn(assessedOn), actors.coordinator);
  await w.sfn.idle();
  await recordRanking(
    w.context,
    ref,
    { services: ['music-therapy', 'physiotherapy'], rankedBy: 'parents', receivedOn: assessedOn },
    actors.parent,
  );
  await w.sfn.idle();
  const cycle = (await caseOf(w, ref)).cycle;
  const draft = await latestPlan(w, ref, cycle);
  await approvePlan(
    w.context,
    ref,
    { revision: draft?.revision ?? 0, consent: consent(assessedOn) },
    actors.coordinator,
  );
  await w.sfn.idle();
}

describe('review cycle scenarios', () => {
  it('happy path over two cycles: assessment, ranking, plan, approval, active period, review due, next cycle by continue-as-new', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z');
    expect(await caseOf(w, ref)).toMatchObject({ phase: 'request-assessment', cycle: 1, status: 'open' });

    await throughToActive(w, ref, '2024-01-10');
    const active = await caseOf(w, ref);
    expect(active).toMatchObject({
      phase: 'active',
      period: { start: '2024-02-01', end: '2024-07-31' },
      reviewDue: '2024-07-01',
      reassessmentDue: '2024-08-01',
    });
    const cycle1 = await w.table.store.cycles.contents(ref, 1);
    expect(cycle1.plans.map((plan) => [plan.revision, plan.status])).toEqual([[1, 'active']]);
    expect(cycle1.plans[0]?.consent).toEqual(consent('2024-01-10'));
    expect(cycle1.budget?.cents).toBeGreaterThan(0);
    expect(cycle1.grants).toEqual([
      expect.objectContaining({
        service: 'assistant',
        basis: 'month',
        minutes: 100 * 60,
        from: '2024-02-01',
        to: '2024-07-31',
      }),
    ]);
    const march = await w.table.store.cases.activeForMonth('2024-03');
    expect(march.items).toContainEqual(ref);

    // The review falls due 30 days before the end; the cycle closes when the period ends.
    await w.advanceTo('2024-07-01T06:00:00Z');
    expect((await caseOf(w, ref)).phase).toBe('review-due');
    await w.advanceTo('2024-08-01T06:00:00Z');
    const second = await caseOf(w, ref);
    expect(second).toMatchObject({ cycle: 2, phase: 'request-assessment' });
    const executions = w.sfn.executions();
    expect(executions.map((execution) => [execution.name, execution.status])).toEqual([
      ['talsi-c-1-cycle-1', 'SUCCEEDED'],
      ['talsi-c-1-cycle-2', 'RUNNING'],
    ]);
    // One full cycle's state transitions (what Step Functions Standard bills): docs/benchmarks.md.
    const entered = w.sfn
      .history(executions[0]?.executionArn ?? '')
      .filter((event) => event.type === 'StateEntered')
      .map((event) => event.state?.name);
    expect(entered).toEqual([
      'StartOrResume',
      'PrepareCycle',
      'RequestAssessment',
      'ComputeBudget',
      'RequestRanking',
      'DraftPlan',
      'AwaitApproval',
      'ApprovalDecision',
      'Activate',
      'ActivePeriod',
      'ReviewDue',
      'AwaitPeriodEnd',
      'CloseCycle',
      'NextCycle',
      'StartNextCycle',
      'CycleDone',
    ]);

    // Cycle 2: the old plan stays in force until the new one starts.
    await throughToActive(w, ref, '2024-08-05');
    expect(await caseOf(w, ref)).toMatchObject({
      cycle: 2,
      phase: 'active',
      period: { start: '2024-09-01', end: '2025-02-28' },
    });
    const previous = await w.table.store.cycles.contents(ref, 1);
    expect(previous.grants[0]?.to).toBe('2024-08-31');
    expect(previous.plans[0]?.status).toBe('active');
    expect((await w.table.store.cases.activeForMonth('2024-08')).items).toContainEqual(ref);

    const sent = await w.deliver();
    const outbox = await w.outbox(ref);
    expect(countByKind(outbox)).toEqual({
      'assessment-due': 2,
      'ranking-requested': 2,
      'plan-ready-for-consent': 2,
      'plan-awaiting-approval': 2,
      'plan-activated': 2,
      'assistant-assignment-started': 2,
      'review-due': 1,
    });
    expect(outbox.every((item) => item.status === 'sent')).toBe(true);
    expect(sent).toBe(outbox.length);
    expect(await ses.emails()).toHaveLength(outbox.length);
  });

  it('assessment late: a reminder every 14 days, the supervisor alerted too from the second, then the cycle goes on', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z', { supervisors: { talsi: ['s-1'] } });
    await w.advanceDays(14);
    expect(countByKind(await w.outbox(ref))).toEqual({ 'assessment-due': 1, 'assessment-overdue': 1 });
    await w.advanceDays(14);
    await w.advanceDays(14);
    const outbox = await w.outbox(ref);
    expect(countByKind(outbox)).toEqual({
      'assessment-due': 1,
      'assessment-overdue': 3,
      'assessment-escalated': 2,
    });
    const overdue = outbox.filter((item) => item.kind === 'assessment-overdue').map((item) => item.data);
    expect(overdue.map((data) => [data['reminder'], data['dueDate'], data['daysOverdue']])).toEqual([
      [1, '2024-01-22', 1],
      [2, '2024-01-22', 14],
      [3, '2024-01-22', 28],
    ]);
    expect(
      outbox.filter((item) => item.kind === 'assessment-escalated').map((item) => item.recipient),
    ).toEqual([
      { role: 'supervisor', id: 's-1' },
      { role: 'supervisor', id: 's-1' },
    ]);
    expect((await caseOf(w, ref)).phase).toBe('request-assessment');

    await submitAssessment(w.context, ref, assessmentOn('2024-02-20'), actors.coordinator);
    await w.sfn.idle();
    expect((await caseOf(w, ref)).phase).toBe('request-ranking');
    const sent = await w.deliver();
    const emails = await ses.emails();
    expect(sent).toBe(7);
    expect(emails).toHaveLength(7);
    expect(emails.filter((email) => email.destination.to.includes('vaditaja@talsi.example.lv'))).toHaveLength(
      2,
    );
  });

  it('parents do not rank in time: the coordinator is told and the plan follows the team’s order, saying so', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z');
    await submitAssessment(w.context, ref, assessmentOn('2024-01-09'), actors.coordinator);
    await w.sfn.idle();
    expect((await caseOf(w, ref)).phase).toBe('request-ranking');
    await w.advanceDays(14);
    expect((await caseOf(w, ref)).phase).toBe('await-approval');
    const plan = await latestPlan(w, ref, 1);
    expect(plan?.plan.warnings.map((warning) => warning.code)).toContain('PARENTS_DID_NOT_RANK');
    expect(plan?.plan.lines.map((line) => line.service)).toEqual([
      'physiotherapy',
      'speech-therapy',
      'music-therapy',
    ]);
    expect((await w.table.store.cycles.contents(ref, 1)).ranking).toBeUndefined();
    // A ranking that comes after the plan was drafted is refused: the case has moved on.
    await expect(
      recordRanking(
        w.context,
        ref,
        { services: ['music-therapy'], rankedBy: 'parents', receivedOn: '2024-01-25' },
        actors.parent,
      ),
    ).rejects.toThrow(/phase await-approval/);
    expect(countByKind(await w.outbox(ref))).toEqual({
      'assessment-due': 1,
      'ranking-requested': 1,
      'ranking-not-received': 1,
      'plan-ready-for-consent': 1,
      'plan-awaiting-approval': 1,
    });
  });

  it('changes requested before approval: a new revision is drafted with them, the old one superseded; approval reminders meanwhile', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z');
    await submitAssessment(w.context, ref, assessmentOn('2024-01-09'), actors.coordinator);
    await w.sfn.idle();
    await recordRanking(
      w.context,
      ref,
      {
        services: ['physiotherapy', 'speech-therapy', 'music-therapy'],
        rankedBy: 'coordinator',
        receivedOn: '2024-01-09',
      },
      actors.coordinator,
    );
    await w.sfn.idle();
    await w.advanceDays(7);
    expect((await w.outbox(ref)).filter((item) => item.data['reminder'] === 1)).toHaveLength(1);

    await requestChanges(
      w.context,
      ref,
      { toRevision: 1, recommendations: assessmentOn('2024-01-09').recommendations.slice(0, 2) },
      actors.coordinator,
    );
    await w.sfn.idle();
    const contents = await w.table.store.cycles.contents(ref, 1);
    expect(contents.plans.map((plan) => [plan.revision, plan.status])).toEqual([
      [1, 'superseded'],
      [2, 'draft'],
    ]);
    expect(contents.plans[0]?.plan.lines.map((line) => line.service)).toEqual([
      'physiotherapy',
      'speech-therapy',
      'music-therapy',
    ]);
    expect(contents.plans[1]?.plan.lines.map((line) => line.service)).toEqual([
      'physiotherapy',
      'speech-therapy',
    ]);
    // Approving the superseded revision is a conflict naming the latest; nothing changes.
    await expect(
      approvePlan(w.context, ref, { revision: 1, consent: consent('2024-01-20') }, actors.coordinator),
    ).rejects.toThrow(/latest is revision 2/);
    await approvePlan(w.context, ref, { revision: 2, consent: consent('2024-01-20') }, actors.coordinator);
    await w.sfn.idle();
    expect(await caseOf(w, ref)).toMatchObject({ phase: 'active', period: { start: '2024-02-01' } });
    expect(countByKind(await w.outbox(ref))).toEqual({
      'assessment-due': 1,
      'ranking-requested': 1,
      'plan-ready-for-consent': 2,
      'plan-awaiting-approval': 3,
      'plan-activated': 1,
      'assistant-assignment-started': 1,
    });
  });

  it('early review: the coordinator triggers it mid-period; the next cycle starts at once and the old grants end when the new plan starts', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z');
    await throughToActive(w, ref, '2024-01-10');
    await w.advanceTo('2024-04-15T08:00:00Z');
    await triggerEarlyReview(w.context, ref, actors.coordinator);
    await w.sfn.idle();
    expect(await caseOf(w, ref)).toMatchObject({ cycle: 2, phase: 'request-assessment' });
    expect((await caseOf(w, ref)).reviewRequested).toBeUndefined();
    expect(w.sfn.executions().map((execution) => execution.status)).toEqual(['SUCCEEDED', 'RUNNING']);
    await throughToActive(w, ref, '2024-04-16');
    expect((await caseOf(w, ref)).period).toEqual({ start: '2024-05-01', end: '2024-10-31' });
    expect((await w.table.store.cycles.contents(ref, 1)).grants[0]?.to).toBe('2024-04-30');
    // A second trigger in a phase that takes none is refused and changes nothing.
    await submitAssessment(w.context, ref, assessmentOn('2024-04-17'), actors.coordinator).catch(
      () => undefined,
    );
    const outbox = countByKind(await w.outbox(ref));
    expect(outbox['review-due']).toBeUndefined();
    expect(outbox['assessment-due']).toBe(2);
  });

  it('case closed mid-period: the cycle stops cleanly, the case leaves the monthly runs after this month, nothing more is sent', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z');
    await throughToActive(w, ref, '2024-01-10');
    await w.advanceTo('2024-04-15T08:00:00Z');
    await closeCase(w.context, ref, 'moved-away', actors.coordinator);
    await w.sfn.idle();
    expect(await caseOf(w, ref)).toMatchObject({
      status: 'closed',
      closedReason: 'moved-away',
      phase: 'closed',
    });
    expect(w.sfn.executions().map((execution) => execution.status)).toEqual(['ABORTED']);
    expect((await w.table.store.cases.activeForMonth('2024-04')).items).toContainEqual(ref);
    expect((await w.table.store.cases.activeForMonth('2024-05')).items).not.toContainEqual(ref);
    expect((await w.table.store.cycles.contents(ref, 1)).grants[0]?.to).toBe('2024-04-15');
    expect((await w.table.store.taskTokens.get(ref, 'active'))?.spentAt).toBeDefined();
    const before = (await w.outbox(ref)).length;
    await w.advanceDays(365);
    expect(await w.outbox(ref)).toHaveLength(before);
    await expect(triggerEarlyReview(w.context, ref, actors.coordinator)).rejects.toThrow(/closed/);
  });

  it('a Lambda failing twice with a transient error, then succeeding: retried by the ASL with backoff, the cycle goes on once', async () => {
    let calls = 0;
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z', {
      wrapStep: (name, step) =>
        name !== 'cycle-compute-budget'
          ? step
          : async (event, context) => {
              calls += 1;
              if (calls <= 2)
                throw Object.assign(new Error('rate exceeded'), { name: 'Lambda.ServiceException' });
              return step(event, context);
            },
    });
    await submitAssessment(w.context, ref, assessmentOn('2024-01-09'), actors.coordinator);
    await w.sfn.idle();
    // The retries wait 2 s and 4 s at most (full jitter) on the virtual clock.
    await w.advanceDays(1);
    expect(calls).toBe(3);
    expect((await caseOf(w, ref)).phase).toBe('request-ranking');
    expect((await caseOf(w, ref)).failure).toBeUndefined();
    const [execution] = w.sfn.executions();
    const budgetEntries = w.sfn
      .history(execution?.executionArn ?? '')
      .filter((event) => event.state?.name === 'ComputeBudget' && event.type === 'StateEntered');
    expect(budgetEntries).toHaveLength(1);
    expect(countByKind(await w.outbox(ref))).toEqual({ 'assessment-due': 1, 'ranking-requested': 1 });
  });

  it('a step failing for good: the failure is recorded on the case, the coordinator alerted, and the cycle resumes at that phase once fixed', async () => {
    let broken = true;
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z', {
      wrapStep: (name, step) =>
        name !== 'cycle-draft-plan'
          ? step
          : async (event, context) => {
              if (!broken) return step(event, context);
              // The table refuses the plan's write (after the step entered its phase), past every retry.
              const cycles = Object.create(context.store.cycles) as typeof context.store.cycles;
              cycles.recordPlan = async () => {
                throw Object.assign(new Error('throttled'), {
                  name: 'ProvisionedThroughputExceededException',
                });
              };
              return step(event, { ...context, store: { ...context.store, cycles } });
            },
    });
    await submitAssessment(w.context, ref, assessmentOn('2024-01-09'), actors.coordinator);
    await w.sfn.idle();
    await recordRanking(
      w.context,
      ref,
      { services: ['physiotherapy'], rankedBy: 'parents', receivedOn: '2024-01-09' },
      actors.parent,
    );
    await w.sfn.idle();
    const failed = await caseOf(w, ref);
    expect(failed).toMatchObject({
      phase: 'draft-plan',
      failure: { error: 'ProvisionedThroughputExceededException', phase: 'draft-plan' },
    });
    expect(w.sfn.executions().map((execution) => [execution.status, execution.error])).toEqual([
      ['FAILED', 'Cycle.StepFailed'],
    ]);
    const alert = (await w.outbox(ref)).find((item) => item.kind === 'workflow-failed');
    expect(alert?.data).toMatchObject({
      phase: 'draft-plan',
      error: 'ProvisionedThroughputExceededException',
      failedOn: '2024-01-08',
    });

    broken = false;
    const resumed = await resumeCycle(w.context, ref, actors.coordinator);
    await w.sfn.idle();
    expect(resumed.resumeFrom).toBe('draft-plan');
    expect(await caseOf(w, ref)).toMatchObject({ phase: 'await-approval', cycle: 1 });
    expect((await caseOf(w, ref)).failure).toBeUndefined();
    expect(await latestPlan(w, ref, 1)).toMatchObject({ revision: 1, status: 'draft' });
    await w.deliver();
    const emails = await ses.emails();
    expect(countByKind(await w.outbox(ref))).toEqual({
      'assessment-due': 1,
      'ranking-requested': 1,
      'workflow-failed': 1,
      'plan-ready-for-consent': 1,
      'plan-awaiting-approval': 1,
    });
    expect(emails).toHaveLength(5);
  });

  it('resume after a restart: a new execution at the recorded active phase waits until the review falls due', async () => {
    const { w, ref } = await openedCase('2024-01-08T08:00:00Z');
    await throughToActive(w, ref, '2024-01-10');
    // The local system stops (executions are in memory) and starts again.
    const stored = await caseOf(w, ref);
    await w.close();
    world = await createWorld({ table, ses, start: '2024-03-01T08:00:00Z' });
    const resumed = await resumeCycle(world.context, ref, actors.coordinator);
    await world.sfn.idle();
    expect(resumed.resumeFrom).toBe('active');
    expect(await caseOf(world, ref)).toMatchObject({
      phase: 'active',
      period: stored.period,
      version: stored.version + 1,
    });
    await world.advanceTo('2024-07-01T06:00:00Z');
    expect((await caseOf(world, ref)).phase).toBe('review-due');
  });
});
