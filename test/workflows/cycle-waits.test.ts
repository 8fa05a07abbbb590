/** The cycle's waits and execution names: pure functions, no store. */
import { describe, expect, it } from 'vitest';
import { workflowRulesOn } from '../../functions/domain/policy/policy.ts';
import { cycleExecutionName } from '../../functions/review-cycle/phases.ts';
import { cycleWaits, periodWaits, secondsUntil } from '../../functions/review-cycle/waits.ts';

describe('cycle waits', () => {
  it('turn the policy’s days into seconds and start counting on the Riga date', () => {
    const waits = cycleWaits(new Date('2024-03-31T22:30:00Z'), workflowRulesOn('2024-04-01').cycle);
    expect(waits).toMatchObject({
      assessmentReminderSeconds: 14 * 86_400,
      rankingSeconds: 14 * 86_400,
      approvalReminderSeconds: 7 * 86_400,
      startedOn: '2024-04-01',
      reminders: { assessment: 0, approval: 0 },
    });
  });

  it('count to the start of the day in Riga, across the change to summer time', () => {
    // From midnight on 31 March (EET): at 03:00 the clocks go to 04:00 EEST, so the day has 23 hours.
    expect(secondsUntil(new Date('2024-03-30T22:00:00Z'), '2024-04-01')).toBe(23 * 3_600);
    expect(periodWaits(new Date('2024-02-01T08:00:00Z'), '2024-07-01', '2024-07-31')).toEqual({
      reviewDueSeconds: (Date.parse('2024-06-30T21:00:00Z') - Date.parse('2024-02-01T08:00:00Z')) / 1_000,
      periodEndSeconds: (Date.parse('2024-07-31T21:00:00Z') - Date.parse('2024-02-01T08:00:00Z')) / 1_000,
    });
  });

  it('are never below one second: a date already past times out at once', () => {
    expect(secondsUntil(new Date('2024-08-01T08:00:00Z'), '2024-07-01')).toBe(1);
  });
});

describe('cycle execution names', () => {
  it('are the same for the same case and cycle, and fit Step Functions’ 80 characters of [A-Za-z0-9_-]', () => {
    expect(cycleExecutionName({ municipality: 'talsi', caseId: 'c.1' }, 2)).toBe('talsi-c_1-cycle-2');
    const long = { municipality: 'm'.repeat(64), caseId: 'c'.repeat(64) };
    const name = cycleExecutionName(long, 12, 'resume-7');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(name).toBe(cycleExecutionName(long, 12, 'resume-7'));
    expect(name).not.toBe(cycleExecutionName({ ...long, caseId: 'd'.repeat(64) }, 12, 'resume-7'));
  });
});
