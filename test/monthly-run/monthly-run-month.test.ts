/** Which month a scheduled run settles, what it is called, and the deadline its emails give (Europe/Riga). */
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../functions/domain/calendar.ts';
import { InputError } from '../../functions/domain/errors.ts';
import { isWorkingDay } from '../../functions/domain/working-days.ts';
import {
  planRun,
  settledMonthOf,
  settlementDaysOf,
  timesheetDeadlineOf,
} from '../../functions/monthly-run/run-month.ts';

describe('the month a scheduled run settles', () => {
  it('is the month before the Riga date of scheduledAt, even when UTC is still in the month before', () => {
    // 22:30 UTC on 31 March is 01:30 on 1 April in Riga (UTC+3 from 31 March 2024).
    expect(settledMonthOf('2024-03-31T22:30:00Z')).toBe('2024-03');
    // An hour earlier in winter time: 23:30 UTC on 29 Feb is 01:30 on 1 March in Riga (UTC+2).
    expect(settledMonthOf('2024-02-29T23:30:00Z')).toBe('2024-02');
    // The settlement day at 06:00 Riga.
    expect(settledMonthOf('2024-04-10T03:00:00Z')).toBe('2024-03');
    // Across the year.
    expect(settledMonthOf('2024-01-10T04:00:00Z')).toBe('2023-12');
  });

  it('is still the month before that when it is not yet the 1st in Riga', () => {
    // 20:59 UTC on 31 March is 23:59 on 31 March in Riga: the run would settle February.
    expect(settledMonthOf('2024-03-31T20:59:00Z')).toBe('2024-02');
  });

  it('plans a regular run named after its month, which starts the supplementary run of the month before', () => {
    expect(planRun({ scheduledAt: '2024-03-31T22:30:00Z' })).toEqual({
      runId: '2024-03',
      month: '2024-03',
      kind: 'regular',
      scheduledAt: '2024-03-31T22:30:00Z',
      next: { scheduledAt: '2024-03-31T22:30:00Z', month: '2024-02', kind: 'supplementary' },
    });
  });

  it('plans a supplementary run named after its month and the Riga date and time it runs, which starts nothing', () => {
    expect(
      planRun({ scheduledAt: '2024-05-09T21:30:00Z', month: '2024-03', kind: 'supplementary' }),
    ).toMatchObject({ runId: '2024-03-supplementary-2024-05-10-0030', month: '2024-03', next: null });
    // Winter time, and seconds do not make another run.
    expect(
      planRun({ scheduledAt: '2024-01-10T04:00:59.123Z', month: '2023-11', kind: 'supplementary' }).runId,
    ).toBe('2023-11-supplementary-2024-01-10-0600');
  });

  it('takes an explicit month, but refuses one that has not ended in Riga, naming the field', () => {
    expect(planRun({ scheduledAt: '2024-04-10T03:00:00Z', month: '2024-01' }).runId).toBe('2024-01');
    const refuse = (input: object) => {
      try {
        planRun(input as Parameters<typeof planRun>[0]);
      } catch (error) {
        if (error instanceof InputError) return error.issues.map((issue) => issue.path);
        throw error;
      }
      throw new Error('not refused');
    };
    expect(refuse({ scheduledAt: '2024-04-10T03:00:00Z', month: '2024-04' })).toEqual(['input.month']);
    expect(refuse({ scheduledAt: 'yesterday' })).toEqual(['input.scheduledAt']);
    expect(refuse({ scheduledAt: '2024-04-10T03:00:00Z', month: '2024-4', kind: 'weekly' })).toEqual([
      'input.month',
      'input.kind',
    ]);
  });

  it('gives the timesheet deadline as the policy day of the month after', () => {
    expect(timesheetDeadlineOf('2024-03')).toBe('2024-04-05');
    expect(timesheetDeadlineOf('2023-12')).toBe('2024-01-05');
  });
});

describe('the settlement calendar on working days', () => {
  it('moves the reminder, the deadline and the run day to the next working day', () => {
    // 1 Jan 2026 a holiday, 2 Jan moved off by the Cabinet, 3-4 Jan a weekend; 10 Jan a Saturday.
    expect(settlementDaysOf('2025-12')).toEqual({
      reminder: '2026-01-05',
      deadline: '2026-01-05',
      settlement: '2026-01-12',
    });
    expect(timesheetDeadlineOf('2024-04')).toBe('2024-05-07'); // 5 May 2024 a Sunday, 6 May the day off for 4 May
    expect(timesheetDeadlineOf('2024-03')).toBe('2024-04-05');
  });

  it('never puts a deadline on a non-working day, from the first workflow policy (2018-09) to 2030', () => {
    for (let month = '2018-08'; month <= '2030-12'; month = addMonths(month, 1)) {
      const days = settlementDaysOf(month);
      for (const day of Object.values(days)) expect(isWorkingDay(day), `${month} ${day}`).toBe(true);
      expect(days.reminder <= days.deadline && days.deadline < days.settlement, month).toBe(true);
    }
  });
});
