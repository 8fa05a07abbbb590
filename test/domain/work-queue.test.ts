import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildWorkQueue,
  compareUrgency,
  QUEUE_STAGES,
  type QueuedCase,
  type QueueRow,
  type QueueSources,
  type QueueTiming,
} from '../../functions/domain/work-queue/queue.ts';

const timing: QueueTiming = {
  assessmentReminderDays: 14,
  remindersBeforeEscalation: 2,
  rankingDays: 14,
  approvalReminderDays: 7,
};
const none: QueueSources = { cases: [], timesheets: [], disputes: [], anomalies: [] };
const caseIn = (
  caseId: string,
  phase: string,
  since: string,
  extra: Partial<QueuedCase> = {},
): QueuedCase => ({
  caseId,
  coordinatorId: 'u-7',
  phase,
  cycle: 1,
  phaseSince: since,
  ...extra,
});

describe('the work queue', () => {
  it('says why each case is there, since when, by when, and links to the page that deals with it', () => {
    const queue = buildWorkQueue(
      {
        ...none,
        cases: [
          caseIn('c-a', 'request-assessment', '2024-03-01'),
          caseIn('c-r', 'request-ranking', '2024-03-10'),
          caseIn('c-p', 'await-approval', '2024-03-12', { draft: { revision: 2, consent: 'given' } }),
          caseIn('c-d', 'review-due', '2024-03-05', { reviewDue: '2024-03-05', periodEnd: '2024-04-04' }),
        ],
      },
      '2024-03-20',
      timing,
    );
    const byCase = Object.fromEntries(queue.rows.map((row) => [row.caseId, row]));
    expect(byCase['c-a']).toMatchObject({
      reason: 'assessment',
      stage: 'assessment',
      since: '2024-03-01',
      dueOn: '2024-03-15',
      overdueDays: 5,
      waitingOn: 'coordinator',
      escalated: false,
      href: '/workspace/cases/c-a/assessment',
    });
    expect(byCase['c-r']).toMatchObject({
      reason: 'ranking-awaited',
      dueOn: '2024-03-24',
      overdueDays: 0,
      waitingOn: 'parents',
      href: '/workspace/cases/c-r/ranking',
    });
    expect(byCase['c-p']).toMatchObject({
      reason: 'plan-awaiting-approval',
      revision: 2,
      href: '/workspace/cases/c-p/cycles/1/plans/2',
    });
    expect(byCase['c-d']).toMatchObject({
      reason: 'review-due',
      dueOn: '2024-04-04',
      href: '/workspace/cases/c-d',
    });
  });

  it('puts what is overdue and what the coordinator can act on before what waits on parents', () => {
    const queue = buildWorkQueue(
      {
        ...none,
        cases: [
          caseIn('c-wait', 'request-ranking', '2024-03-19'),
          caseIn('c-late', 'request-assessment', '2024-02-01'),
          caseIn('c-new', 'request-assessment', '2024-03-19'),
          caseIn('c-fail', 'draft-plan', '2024-03-18', {
            failure: { phase: 'draft-plan', on: '2024-03-18', error: 'CaseDataError' },
          }),
        ],
      },
      '2024-03-20',
      timing,
    );
    expect(queue.rows.map((row) => row.caseId)).toEqual(['c-late', 'c-fail', 'c-new', 'c-wait']);
    expect(queue.rows[0]).toMatchObject({ escalated: true, dueOn: '2024-02-15', overdueDays: 34 });
    expect(queue.rows[1]).toMatchObject({
      reason: 'workflow-failed',
      error: 'CaseDataError',
      href: '/workspace/cases/c-fail',
    });
  });

  it('tells consent awaited, given and refused apart', () => {
    const queue = buildWorkQueue(
      {
        ...none,
        cases: [
          caseIn('c-1', 'await-approval', '2024-03-18', { draft: { revision: 1, consent: 'none' } }),
          caseIn('c-2', 'await-approval', '2024-03-18', { draft: { revision: 1, consent: 'refused' } }),
          caseIn('c-3', 'await-approval', '2024-03-18', { draft: { revision: 1, consent: 'given' } }),
        ],
      },
      '2024-03-20',
      timing,
    );
    expect(Object.fromEntries(queue.rows.map((row) => [row.caseId, [row.reason, row.waitingOn]]))).toEqual({
      'c-1': ['consent-awaited', 'parents'],
      'c-2': ['consent-refused', 'coordinator'],
      'c-3': ['plan-awaiting-approval', 'coordinator'],
    });
  });

  it('lists timesheets missing, disputes and the last run’s anomalies on the month’s page', () => {
    const queue = buildWorkQueue(
      {
        cases: [],
        timesheets: [
          {
            caseId: 'c-1',
            coordinatorId: 'u-7',
            month: '2024-02',
            assistantId: 'a-1',
            deadline: '2024-03-05',
            since: '2024-03-01',
          },
        ],
        disputes: [
          {
            caseId: 'c-2',
            coordinatorId: 'u-7',
            month: '2024-02',
            assistantId: 'a-2',
            since: '2024-03-06',
            lines: 2,
          },
        ],
        anomalies: [
          {
            runId: '2024-02',
            month: '2024-02',
            finishedOn: '2024-03-10',
            caseId: 'c-3',
            coordinatorId: 'u-7',
            failed: true,
            error: 'CaseDataError',
            rejectedMinutes: 0,
            rejectedEntries: 0,
            withheldNotifications: 0,
          },
          {
            runId: '2024-02',
            month: '2024-02',
            finishedOn: '2024-03-10',
            caseId: 'c-4',
            coordinatorId: 'u-7',
            failed: false,
            rejectedMinutes: 90,
            rejectedEntries: 1,
            withheldNotifications: 0,
          },
        ],
      },
      '2024-03-12',
      timing,
    );
    expect(queue.rows.map((row) => [row.reason, row.caseId, row.href])).toEqual([
      ['timesheet-missing', 'c-1', '/workspace/cases/c-1/months/2024-02'],
      ['hours-disputed', 'c-2', '/workspace/cases/c-2/months/2024-02'],
      ['run-failed', 'c-3', '/workspace/cases/c-3/months/2024-02'],
      ['hours-refused', 'c-4', '/workspace/cases/c-4/months/2024-02'],
    ]);
    expect(queue.counts).toMatchObject({ total: 4, overdue: 4, byStage: { hours: 3, failed: 1 } });
  });

  it('filters by stage and coordinator; the counts are of the coordinator’s rows, whatever the stage', () => {
    const sources = {
      ...none,
      cases: [
        caseIn('c-1', 'request-assessment', '2024-03-01'),
        caseIn('c-2', 'request-ranking', '2024-03-01'),
        { ...caseIn('c-3', 'request-assessment', '2024-03-01'), coordinatorId: 'u-8' },
      ],
    };
    const mine = buildWorkQueue(sources, '2024-03-05', timing, { coordinatorId: 'u-7', stage: 'assessment' });
    expect(mine.rows.map((row) => row.caseId)).toEqual(['c-1']);
    expect(mine.counts).toMatchObject({ total: 2, byStage: { assessment: 1, ranking: 1 } });
    const all = buildWorkQueue(sources, '2024-03-05', timing);
    expect(all.counts.total).toBe(3);
  });

  it('leaves out phases in which the system works (budget, drafting, activation) and active plans', () => {
    const queue = buildWorkQueue(
      {
        ...none,
        cases: ['compute-budget', 'draft-plan', 'activate', 'active', 'close-cycle'].map((phase, i) =>
          caseIn(`c-${i}`, phase, '2024-03-01'),
        ),
      },
      '2024-03-05',
      timing,
    );
    expect(queue.rows).toEqual([]);
  });

  it('orders any rows the same way whatever order they come in, and counts every row once', () => {
    const phases = ['request-assessment', 'request-ranking', 'await-approval', 'review-due'];
    const arbitraryCase = fc.record({
      caseId: fc.stringMatching(/^c-[a-z0-9]{1,4}$/),
      phase: fc.constantFrom(...phases),
      day: fc.integer({ min: 1, max: 28 }),
      failed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryCase, { selector: (c) => c.caseId, maxLength: 30 }), (drawn) => {
        const cases = drawn.map((c) =>
          caseIn(c.caseId, c.phase, `2024-03-${String(c.day).padStart(2, '0')}`, {
            ...(c.failed && { failure: { phase: c.phase, on: '2024-03-02', error: 'Error' } }),
          }),
        );
        const forward = buildWorkQueue({ ...none, cases }, '2024-03-20', timing);
        const backward = buildWorkQueue({ ...none, cases: [...cases].reverse() }, '2024-03-20', timing);
        expect(backward.rows).toEqual(forward.rows);
        forward.rows.slice(1).forEach((row, i) => {
          expect(compareUrgency(forward.rows[i] as QueueRow, row)).toBeLessThanOrEqual(0);
        });
        const stages = QUEUE_STAGES.reduce((sum, stage) => sum + forward.counts.byStage[stage], 0);
        expect(stages).toBe(forward.rows.length);
        expect(forward.rows.length).toBe(cases.length);
      }),
    );
  });
});
