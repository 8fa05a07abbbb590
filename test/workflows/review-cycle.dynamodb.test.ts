/**
 * The review cycle's scenario matrix: the synthesized ASL executed by the local runtime, every
 * Lambda task bound to the real step, against DynamoDB Local and the local SES, on a virtual
 * clock (a year passes in seconds). Each scenario drives the case as the API would and asserts
 * the case's state, what the store holds and the emails delivered, with their counts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  approvePlan,
  closeCase,
  openCase,
  recordRanking,
  requestChanges,
  resumeCycle,
  submitAssessment,
  triggerEarlyReview,
} from '../../functions/cycle/commands.ts';
import { type RunningLocalSes, startLocalSes } from '../../functions/notify/local-ses.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import {
  actors,
  assessmentOn,
  casePerson,
  countByKind,
  createWorld,
  type World,
} from '../support/cycle-harness.ts';
import { createTestTable, type TestTable } from '../support/store.ts';

let table: TestTable;
let ses: RunningLocalSes;
let world: World | undefined;

beforeAll(async () => {
  [table, ses] = await Promise.all([createTestTable('cycle'), startLocalSes()]);
});
afterAll(async () => {
  await ses?.stop();
  await table?.drop();
});
afterEach(async () => {
  await world?.close();
  world = undefined;
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

const runningCycles = (w: World) => w.sfn.executions().filter((execution) => execution.status === 'RUNNING');

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
});

void requestChanges;
void triggerEarlyReview;
void closeCase;
void resumeCycle;
