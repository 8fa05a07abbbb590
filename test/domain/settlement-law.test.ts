/**
 * The rules of issue 16 as the law has them, with the worked examples of docs/settlement.md:
 * agreements under No. 942 after July 2021, the emergency rule in full, stays without pay, one
 * assistant across several children, and the rates over the whole history 2013-2026.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, formatClockTime } from '../../functions/domain/calendar.ts';
import { parseSettlementCase } from '../../functions/domain/settlement/input.ts';
import { settleHours } from '../../functions/domain/settlement/settle.ts';
import { entry, reasons, refusalOf, settle } from './fixtures.ts';

const rate2020 = { rates: [{ from: '2020-01-01', centsPerHour: 400 }] };

describe('agreements under No. 942 after 1 July 2021 (No. 316 p. 47)', () => {
  const legacy = { hoursPerWeek: 30, from: '2021-05-01', to: '2022-04-30', regulation: 'MK942' as const };

  it('Jānis: a weekly grant under No. 942 is settled under its rules in December 2021', () => {
    const statement = settle({
      month: '2021-12',
      grant: legacy,
      policy: { rates: [{ from: '2021-12-01', centsPerHour: 301 }] },
      timesheets: [
        {
          assistantId: 'A',
          entries: ['06', '07', '08', '09', '10'].map((day) => entry(`2021-12-${day}`, 7)),
        },
      ],
    });
    expect(statement.policy).toEqual({ id: 'LV-MK942-2012', revision: 2 });
    // 35 h in the week of 6 December, 30 h granted: the last 5 h are over the week.
    expect(statement.paidMinutes).toBe(30 * 60);
    expect(reasons(statement)).toEqual([['2021-12-10', 'WEEK_CAP', 300]]);
  });

  it('does not guess the old pay: a legacy month without an inline rate is refused naming policy.rates', () => {
    const issues = refusalOf(() =>
      settle({
        month: '2021-09',
        grant: legacy,
        timesheets: [{ assistantId: 'A', entries: [entry('2021-09-01', 2)] }],
      }),
    );
    expect(issues[0]?.path).toBe('policy.rates');
  });

  it('ends on 31 December 2021 at the latest, whatever the decision says', () => {
    const issues = refusalOf(() =>
      settle({
        month: '2022-01',
        grant: legacy,
        policy: rate2020,
        timesheets: [{ assistantId: 'A', entries: [entry('2022-01-03', 2)] }],
      }),
    );
    expect(issues).toEqual([{ path: 'grant.regulation', message: expect.stringContaining('2021-12-31') }]);
  });

  it('a grant under No. 316 in force keeps the monthly rules', () => {
    const statement = settle({
      month: '2021-12',
      grant: { hoursPerMonth: 80, regulation: 'MK316' },
      timesheets: [{ assistantId: 'A', entries: [entry('2021-12-06', 2)] }],
    });
    expect(statement.policy.id).toBe('LV-MK316-2021');
    expect(statement.lines[0]?.centsPerHour).toBe(450);
  });
});

describe('the emergency rule in full (No. 942 p. 11.1)', () => {
  it('Anna: three calendar months (a month without hours is zero), minus the hours used before the emergency', () => {
    const statement = settle({
      month: '2020-03',
      grant: { hoursPerWeek: 20 },
      policy: rate2020,
      // February has no paid hours: (60 + 60 + 0) / 3 = 40 h.
      history: [
        { month: '2019-12', hours: 60 },
        { month: '2020-01', hours: 60 },
      ],
      // No dates: the declared emergency of the policy, 12 March to 9 June 2020.
      emergency: {},
      timesheets: [{ assistantId: 'A', entries: [entry('2020-03-02', 5), entry('2020-03-04', 5)] }],
    });
    expect(statement.emergency).toMatchObject({
      from: '2020-03-12',
      to: '2020-06-09',
      averageMinutes: 40 * 60,
      usedBeforeMinutes: 10 * 60,
      usedAfterMinutes: 0,
      entitledMinutes: 30 * 60,
      noUseFallback: false,
      paidMinutes: 30 * 60,
      cappedMinutes: 0,
    });
    const emergencyLines = statement.lines.filter((line) => line.source === 'emergency');
    // 1,800 minutes over the twenty days 12-31 March: 90 minutes a day.
    expect(emergencyLines).toHaveLength(20);
    expect(new Set(emergencyLines.map((line) => line.minutes))).toEqual(new Set([90]));
  });

  it('Kārlis: no hours at all in the three months, so up to 10 h a week for the emergency days', () => {
    const statement = settle({
      month: '2020-04',
      grant: { hoursPerWeek: 40 },
      policy: rate2020,
      emergency: {},
      timesheets: [{ assistantId: 'K', entries: [] }],
    });
    expect(statement.emergency?.noUseFallback).toBe(true);
    // Weeks of April 2020: 5, 7, 7, 7 and 4 of their days in April: 10 h x days / 7 each.
    const weeks = [5, 7, 7, 7, 4].map((days) => Math.floor((600 * days) / 7));
    expect(statement.emergency?.entitledMinutes).toBe(weeks.reduce((a, b) => a + b, 0));
    expect(statement.emergency?.paidMinutes).toBe(statement.emergency?.entitledMinutes);
  });

  it('has no emergency rule of its own under No. 316: only a declared period is compensated, with no weekly fallback', () => {
    const issues = refusalOf(() =>
      settle({ month: '2023-06', emergency: {}, timesheets: [{ assistantId: 'A', entries: [] }] }),
    );
    expect(issues[0]?.path).toBe('emergency');
    const statement = settle({
      month: '2023-06',
      emergency: { from: '2023-06-01', to: '2023-06-05' },
      timesheets: [{ assistantId: 'A', entries: [] }],
    });
    expect(statement.emergency).toMatchObject({ noUseFallback: false, entitledMinutes: 0, paidMinutes: 0 });
  });

  it('property: the emergency hours never take the month beyond the average', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 3, maxLength: 3 }),
        fc.array(
          fc.record({ day: fc.integer({ min: 1, max: 30 }), hours: fc.integer({ min: 1, max: 10 }) }),
          {
            maxLength: 12,
          },
        ),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 20 }),
        (months, work, from, length) => {
          const statement = settle({
            month: '2020-06',
            grant: { hoursPerWeek: 40 },
            policy: rate2020,
            history: months.map((hours, back) => ({ month: addMonths('2020-06', -(back + 1)), hours })),
            emergency: {
              from: `2020-06-${String(from).padStart(2, '0')}`,
              to: `2020-06-${String(Math.min(30, from + length)).padStart(2, '0')}`,
            },
            timesheets: [
              {
                assistantId: 'A',
                entries: work.map((item) =>
                  entry(`2020-06-${String(item.day).padStart(2, '0')}`, item.hours),
                ),
              },
            ],
          });
          const summary = statement.emergency;
          if (!summary) throw new Error('no emergency summary');
          const used = summary.usedBeforeMinutes + summary.usedAfterMinutes + summary.deliveredDuringMinutes;
          if (summary.noUseFallback) return;
          expect(summary.entitledMinutes).toBeLessThanOrEqual(summary.averageMinutes);
          expect(summary.paidMinutes + used).toBeLessThanOrEqual(Math.max(summary.averageMinutes, used));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('stays in hospital or long-term care', () => {
  it('pays no hours inside a stay, with a reason of its own, and gives it no emergency hours', () => {
    const statement = settle({
      month: '2024-03',
      noPayPeriods: [{ kind: 'hospital', from: '2024-03-10', to: '2024-03-15' }],
      timesheets: [
        {
          assistantId: 'A',
          entries: [entry('2024-03-09', 3), entry('2024-03-12', 4), entry('2024-03-16', 2)],
        },
      ],
    });
    expect(reasons(statement)).toEqual([['2024-03-12', 'NO_PAY_PERIOD', 240]]);
    expect(statement.rejected[0]?.detail).toContain('hospital stay (2024-03-10 to 2024-03-15)');
    expect(statement.paidMinutes).toBe(5 * 60);
  });
});

describe('one assistant, several children', () => {
  it('Ilze works for two children: the time already paid in case c-1 is not paid again in c-2, named by case id', () => {
    const statement = settle({
      month: '2024-03',
      otherCases: [
        { caseId: 'c-1', assistantId: 'ilze', date: '2024-03-04', hours: 3, start: '10:00' },
        { caseId: 'c-1', assistantId: 'ilze', date: '2024-03-05', hours: 2, start: '08:00' },
      ],
      timesheets: [
        {
          assistantId: 'ilze',
          entries: [
            entry('2024-03-04', 3, { start: '09:00' }),
            entry('2024-03-05', 2, { start: '10:00' }),
            entry('2024-03-06', 4),
          ],
        },
      ],
    });
    expect(reasons(statement)).toEqual([['2024-03-04', 'OTHER_CASE', 180]]);
    expect(statement.rejected[0]?.detail).toContain('case c-1');
    expect(statement.paidMinutes).toBe(6 * 60);
  });

  it('counts the hours of the other cases towards 40 h a week per assistant under No. 942', () => {
    const statement = settle({
      month: '2020-06',
      grant: { hoursPerWeek: 40 },
      policy: rate2020,
      otherCases: ['08', '09', '10'].map((day) => ({
        caseId: 'c-1',
        assistantId: 'ilze',
        date: `2020-06-${day}`,
        hours: 10,
      })),
      timesheets: [{ assistantId: 'ilze', entries: [entry('2020-06-11', 8), entry('2020-06-12', 8)] }],
    });
    expect(statement.paidMinutes).toBe(10 * 60);
    expect(reasons(statement)).toEqual([['2020-06-12', 'WEEK_CAP', 6 * 60]]);
    expect(statement.rejected[0]?.detail).toContain('over all the recipients');
  });

  it('property: an assistant’s time that overlaps across two cases is never paid twice', () => {
    const slot = fc.record({
      day: fc.integer({ min: 1, max: 5 }),
      start: fc.integer({ min: 0, max: 20 * 4 }),
      quarters: fc.integer({ min: 1, max: 16 }),
    });
    fc.assert(
      fc.property(fc.array(slot, { maxLength: 8 }), fc.array(slot, { maxLength: 8 }), (first, second) => {
        const toEntry = (item: { day: number; start: number; quarters: number }) =>
          entry(`2024-04-0${item.day}`, item.quarters / 4, { start: formatClockTime(item.start * 15) });
        const firstCase = parseSettlementCase({
          participantId: 'P-1',
          month: '2024-04',
          grant: { hoursPerMonth: 744 },
          policy: { maxHoursPerDay: 24 },
          timesheets: [{ assistantId: 'A', entries: first.map(toEntry) }],
        });
        const paidFirst = settleHours(firstCase);
        const input = {
          participantId: 'P-2',
          month: '2024-04',
          grant: { hoursPerMonth: 744 },
          policy: { maxHoursPerDay: 24 },
          otherCases: first
            .map((item) => ({ caseId: 'c-1', assistantId: 'A', ...toEntry(item) }))
            .map(({ caseId, assistantId, date, hours, start }) => ({
              caseId,
              assistantId,
              date,
              hours,
              start,
            })),
          timesheets: [{ assistantId: 'A', entries: second.map(toEntry) }],
        };
        const paidSecond = settleHours(parseSettlementCase(input));
        const refused = new Set(paidSecond.rejected.map((item) => item.entry));
        const firstTimes = (firstCase.timesheets[0]?.entries ?? []).filter((_, index) =>
          paidFirst.rejected.every((item) => item.entry !== `timesheets[0].entries[${index}]`),
        );
        second.forEach((_, index) => {
          const mine = parseSettlementCase(input).timesheets[0]?.entries[index];
          if (!mine || refused.has(`timesheets[0].entries[${index}]`)) return;
          for (const other of firstCase.timesheets[0]?.entries ?? []) {
            const clash =
              other.date === mine.date &&
              (other.start ?? 0) < (mine.end ?? 0) &&
              (mine.start ?? 0) < (other.end ?? 0);
            expect(clash).toBe(false);
          }
        });
        expect(firstTimes.length).toBeLessThanOrEqual(first.length);
      }),
      { numRuns: 300 },
    );
  });
});

/** The built-in rate of a month as docs/policy.md lists it; undefined where none is known. */
function builtInRateOf(month: string): number | undefined {
  if (month < '2014-01' || (month >= '2016-01' && month < '2021-07')) return undefined;
  if (month < '2016-01') return 171;
  if (month < '2023-01') return 450;
  return month < '2023-04' ? 479 : 511;
}

describe('the rates over the whole history, 2013-2026', () => {
  it('pays each month at its regulation’s rate, or refuses without an inline rate where none is known', () => {
    for (let month = '2013-01'; month <= '2026-12'; month = addMonths(month, 1)) {
      const weekly = month < '2021-07';
      const run = () =>
        settle({
          month,
          grant: weekly ? { hoursPerWeek: 20 } : { hoursPerMonth: 80 },
          timesheets: [{ assistantId: 'A', entries: [entry(`${month}-15`, 1)] }],
        });
      const expected = builtInRateOf(month);
      if (expected === undefined) {
        expect(refusalOf(run)[0]?.path, month).toBe('policy.rates');
        continue;
      }
      const statement = run();
      expect(statement.lines[0]?.centsPerHour, month).toBe(expected);
      expect(statement.policy.id, month).toBe(weekly ? 'LV-MK942-2012' : 'LV-MK316-2021');
    }
  });
});
