import { describe, expect, it } from 'vitest';
import { InputError } from '../../functions/domain/errors.ts';
import { entry, minutesOf, reasons, settle } from './fixtures.ts';

describe('which entries count (rules 1, 2, 4, 5)', () => {
  it('pays confirmed hours at the rate in force, line by line, and totals the lines', () => {
    const statement = settle({
      month: '2023-05',
      timesheets: [{ assistantId: 'A', entries: [entry('2023-05-02', 1.5), entry('2023-05-03', 2)] }],
    });
    expect(
      statement.lines.map((line) => [line.date, line.minutes, line.centsPerHour, line.amountCents]),
    ).toEqual([
      ['2023-05-02', 90, 511, 767], // 766.5 rounded half up
      ['2023-05-03', 120, 511, 1022],
    ]);
    expect(statement.amountCents).toBe(767 + 1022);
    expect(statement.paidMinutes).toBe(210);
    expect(statement.paidHours).toBe(3.5);
    expect(statement.rejected).toEqual([]);
    expect(statement.policy).toEqual({ id: 'LV-MK316-2021', revision: 2 });
  });

  it('rejects unconfirmed hours, hours outside the month and outside the grant, and unknown activities, with reasons', () => {
    const statement = settle({
      month: '2023-05',
      grant: { hoursPerMonth: 80, from: '2023-05-10', to: '2023-05-30' },
      timesheets: [
        {
          assistantId: 'A',
          entries: [
            entry('2023-05-12', 2, { confirmed: false }),
            entry('2023-04-30', 3),
            entry('2023-05-09', 4),
            entry('2023-05-31', 1),
            entry('2023-05-15', 5, { activity: 'swimming' }),
            entry('2023-05-16', 6),
          ],
        },
      ],
    });
    expect(reasons(statement)).toEqual([
      ['2023-04-30', 'OUTSIDE_MONTH', 180],
      ['2023-05-09', 'OUTSIDE_GRANT', 240],
      ['2023-05-12', 'UNCONFIRMED', 120],
      ['2023-05-15', 'UNKNOWN_ACTIVITY', 300],
      ['2023-05-31', 'OUTSIDE_GRANT', 60],
    ]);
    expect(statement.paidMinutes).toBe(360);
    for (const item of statement.rejected) expect(item.detail.length).toBeGreaterThan(10);
    expect(statement.rejected[0]?.entry).toBe('timesheets[0].entries[1]');
  });

  it('treats the same assistant, date and start twice as a duplicate', () => {
    const statement = settle({
      month: '2023-05',
      timesheets: [
        {
          assistantId: 'A',
          entries: [
            entry('2023-05-02', 2, { start: '09:00' }),
            entry('2023-05-02', 1, { start: '09:00', activity: 'education' }),
          ],
        },
      ],
    });
    expect(reasons(statement)).toEqual([['2023-05-02', 'DUPLICATE', 60]]);
  });

  it('treats entries without times as duplicates only with the same hours and activity', () => {
    const statement = settle({
      month: '2023-05',
      timesheets: [
        {
          assistantId: 'A',
          entries: [
            entry('2023-05-02', 2),
            entry('2023-05-02', 2),
            entry('2023-05-02', 2, { activity: 'education' }),
            entry('2023-05-02', 3),
          ],
        },
        { assistantId: 'B', entries: [entry('2023-05-02', 2)] },
      ],
    });
    expect(reasons(statement)).toEqual([['2023-05-02', 'DUPLICATE', 120]]);
    expect(statement.paidMinutes).toBe((2 + 2 + 3 + 2) * 60);
  });

  it('finds duplicates of one assistant across two timesheets', () => {
    const statement = settle({
      month: '2023-05',
      timesheets: [
        { assistantId: 'A', entries: [entry('2023-05-02', 2)] },
        { assistantId: 'A', entries: [entry('2023-05-02', 2)] },
      ],
    });
    expect(reasons(statement)).toEqual([['2023-05-02', 'DUPLICATE', 120]]);
  });

  it('rejects the later of two overlapping entries, whichever assistant reported it', () => {
    const statement = settle({
      month: '2023-05',
      timesheets: [
        { assistantId: 'A', entries: [entry('2023-05-02', 3, { start: '09:00', end: '12:00' })] },
        {
          assistantId: 'B',
          entries: [
            entry('2023-05-02', 1, { start: '11:30', end: '12:30' }),
            entry('2023-05-02', 2, { start: '12:00', end: '14:00' }),
          ],
        },
      ],
    });
    expect(reasons(statement)).toEqual([['2023-05-02', 'OVERLAP', 60]]);
    expect(statement.rejected[0]?.detail).toContain('09:00-12:00');
    expect(statement.paidMinutes).toBe(5 * 60); // touching ranges (12:00) do not overlap
  });

  it('derives the missing time from the hours', () => {
    const statement = settle({
      month: '2023-05',
      timesheets: [
        { assistantId: 'A', entries: [entry('2023-05-02', 2, { end: '11:00' })] },
        { assistantId: 'B', entries: [entry('2023-05-02', 1, { start: '10:30' })] },
      ],
    });
    expect(reasons(statement)).toEqual([['2023-05-02', 'OVERLAP', 60]]);
  });
});

describe('caps, earliest hours first (rule 3)', () => {
  it('never lets a day carry more than the daily maximum over all assistants, splitting the entry that crosses it', () => {
    const statement = settle({
      month: '2023-05',
      grant: { hoursPerMonth: 100 },
      timesheets: [
        { assistantId: 'A', entries: [entry('2023-05-02', 10)] },
        { assistantId: 'B', entries: [entry('2023-05-02', 10)] },
      ],
    });
    expect(statement.lines.map((line) => [line.assistantId, line.minutes])).toEqual([
      ['A', 600],
      ['B', 360],
    ]);
    expect(reasons(statement)).toEqual([['2023-05-02', 'DAY_CAP', 240]]);
  });

  it('caps the calendar month under a month grant: the earliest hours are paid, the latest cut', () => {
    const statement = settle({
      month: '2023-05',
      grant: { hoursPerMonth: 10 },
      timesheets: [
        { assistantId: 'B', entries: [entry('2023-05-20', 4)] },
        { assistantId: 'A', entries: [entry('2023-05-03', 4), entry('2023-05-10', 4)] },
      ],
    });
    expect(statement.lines.map((line) => [line.date, line.minutes])).toEqual([
      ['2023-05-03', 240],
      ['2023-05-10', 240],
      ['2023-05-20', 120],
    ]);
    expect(reasons(statement)).toEqual([['2023-05-20', 'MONTH_CAP', 120]]);
  });

  it('applies timesheet order, then entry order, within one date', () => {
    const month = { month: '2023-05', grant: { hoursPerMonth: 3 } };
    const first = settle({
      ...month,
      timesheets: [
        { assistantId: 'A', entries: [entry('2023-05-02', 2)] },
        { assistantId: 'B', entries: [entry('2023-05-02', 2)] },
      ],
    });
    expect(first.lines.map((line) => [line.assistantId, line.minutes])).toEqual([
      ['A', 120],
      ['B', 60],
    ]);
    const swapped = settle({
      ...month,
      timesheets: [
        { assistantId: 'B', entries: [entry('2023-05-02', 2)] },
        { assistantId: 'A', entries: [entry('2023-05-02', 2)] },
      ],
    });
    expect(swapped.lines.map((line) => [line.assistantId, line.minutes])).toEqual([
      ['B', 120],
      ['A', 60],
    ]);
  });

  it('caps whole ISO weeks under a week grant, counting the previous month’s days of the first week', () => {
    // July 2020 starts on a Wednesday: its first ISO week began on Monday 29 June.
    const statement = settle({
      month: '2020-07',
      grant: { hoursPerWeek: 20 },
      policy: { rates: [{ from: '2020-01-01', centsPerHour: 400 }] },
      priorEntries: [
        { date: '2020-06-29', hours: 8, assistantId: 'A' },
        { date: '2020-06-30', hours: 6, assistantId: 'A' },
      ],
      timesheets: [
        {
          assistantId: 'A',
          entries: [
            entry('2020-07-01', 4),
            entry('2020-07-03', 4),
            entry('2020-07-06', 8),
            entry('2020-07-07', 8),
            entry('2020-07-08', 8),
          ],
        },
      ],
    });
    expect(statement.lines.map((line) => [line.date, line.minutes])).toEqual([
      ['2020-07-01', 240],
      ['2020-07-03', 120], // 20 h - 14 h prior - 4 h = 2 h left in the week of 29 June
      ['2020-07-06', 480],
      ['2020-07-07', 480],
      ['2020-07-08', 240],
    ]);
    expect(reasons(statement)).toEqual([
      ['2020-07-03', 'WEEK_CAP', 120],
      ['2020-07-08', 'WEEK_CAP', 240],
    ]);
    expect(statement.rejected[0]?.detail).toContain('week of 2020-06-29');
  });

  it('caps the week that runs into the next month with this month’s days; the next month counts them as prior entries', () => {
    // Thursday 28 May 2020 starts the last days of a week that ends on Wednesday 3 June.
    const statement = settle({
      month: '2020-05',
      grant: { hoursPerWeek: 10 },
      policy: { rates: [{ from: '2020-01-01', centsPerHour: 400 }] },
      timesheets: [
        {
          assistantId: 'A',
          entries: [entry('2020-05-25', 3), entry('2020-05-28', 6), entry('2020-05-29', 6)],
        },
      ],
    });
    expect(statement.paidMinutes).toBe(10 * 60);
    expect(reasons(statement)).toEqual([['2020-05-29', 'WEEK_CAP', 300]]);
  });

  it('holds one assistant to 40 hours a week under Regulation No. 942, while another may go on', () => {
    const statement = settle({
      month: '2020-02',
      grant: { hoursPerWeek: 60 },
      policy: { rates: [{ from: '2020-01-01', centsPerHour: 400 }] },
      timesheets: [
        {
          assistantId: 'A',
          entries: ['03', '04', '05', '06', '07', '08'].map((day) => entry(`2020-02-${day}`, 8)),
        },
        { assistantId: 'B', entries: [entry('2020-02-08', 6)] },
      ],
    });
    expect(reasons(statement)).toEqual([['2020-02-08', 'WEEK_CAP', 480]]);
    expect(statement.rejected[0]?.detail).toContain('the most the policy allows one assistant');
    expect(statement.paidMinutes).toBe(46 * 60);
  });

  it('pays nothing of a month outside the grant and needs no rate for it', () => {
    const statement = settle({
      month: '2020-06',
      grant: { hoursPerWeek: 10, to: '2020-05-31' },
      timesheets: [{ assistantId: 'A', entries: [entry('2020-06-02', 2)] }],
    });
    expect(reasons(statement)).toEqual([['2020-06-02', 'OUTSIDE_GRANT', 120]]);
    expect(statement.amountCents).toBe(0);
  });
});

describe('rates (rule 7)', () => {
  it('uses the rate in force on each line’s date, also when it changes inside the month', () => {
    const statement = settle({
      month: '2023-03',
      policy: {
        rates: [
          { from: '2023-01-01', centsPerHour: 479 },
          { from: '2023-03-15', centsPerHour: 511 },
        ],
      },
      timesheets: [{ assistantId: 'A', entries: [entry('2023-03-14', 1), entry('2023-03-15', 1)] }],
    });
    expect(statement.lines.map((line) => [line.date, line.centsPerHour, line.amountCents])).toEqual([
      ['2023-03-14', 479, 479],
      ['2023-03-15', 511, 511],
    ]);
    expect(statement.amountCents).toBe(990);
  });

  it('knows the built-in rates of 2022 and 2023', () => {
    const rateIn = (month: string) =>
      settle({ month, timesheets: [{ assistantId: 'A', entries: [entry(`${month}-10`, 1)] }] }).lines[0]
        ?.centsPerHour;
    expect(rateIn('2022-12')).toBe(450);
    expect(rateIn('2023-03')).toBe(479);
    expect(rateIn('2023-04')).toBe(511);
  });

  it('refuses a month whose rate is unknown instead of guessing', () => {
    expect(() =>
      settle({
        month: '2020-06',
        grant: { hoursPerWeek: 10 },
        timesheets: [{ assistantId: 'A', entries: [entry('2020-06-02', 2)] }],
      }),
    ).toThrow(InputError);
  });
});

describe('emergency compensation (seed 004)', () => {
  const juneRate = { rates: [{ from: '2020-01-01', centsPerHour: 400 }] };
  const history = [
    { month: '2020-03', hours: 80 },
    { month: '2020-04', hours: 80 },
    { month: '2020-05', hours: 80 },
  ];

  it('Pēteris: average 80 h, 48 h used on 10-30 June, so 32 h are paid for 1-9 June', () => {
    const after = ['10', '12', '15', '17', '19', '22', '24', '26', '29', '30'].flatMap((day, i) =>
      i < 8 ? [entry(`2020-06-${day}`, 5)] : [entry(`2020-06-${day}`, 4)],
    );
    const statement = settle({
      month: '2020-06',
      grant: { hoursPerWeek: 40 },
      policy: juneRate,
      history,
      emergency: { from: '2020-06-01', to: '2020-06-09' },
      timesheets: [{ assistantId: 'A', entries: after }],
    });
    expect(statement.emergency).toMatchObject({
      averageMinutes: 80 * 60,
      usedAfterMinutes: 48 * 60,
      entitledMinutes: 32 * 60,
      paidMinutes: 32 * 60,
    });
    const emergencyLines = statement.lines.filter((line) => line.source === 'emergency');
    expect(
      emergencyLines.every((line) => line.activity === 'social-inclusion' && line.assistantId === 'A'),
    ).toBe(true);
    // 1920 minutes over nine days: 213 each, the three minutes left go to the earliest days.
    expect(emergencyLines.map((line) => [line.date, line.minutes])).toEqual([
      ['2020-06-01', 214],
      ['2020-06-02', 214],
      ['2020-06-03', 214],
      ['2020-06-04', 213],
      ['2020-06-05', 213],
      ['2020-06-06', 213],
      ['2020-06-07', 213],
      ['2020-06-08', 213],
      ['2020-06-09', 213],
    ]);
    expect(statement.paidMinutes).toBe(80 * 60);
  });

  it('Līga: average 130 h, 18 h used, 35 h a week granted: the weekly caps hold 1-9 June', () => {
    const statement = settle({
      month: '2020-06',
      grant: { hoursPerWeek: 35 },
      policy: juneRate,
      history: history.map((month) => ({ ...month, hours: 130 })),
      emergency: { from: '2020-06-01', to: '2020-06-09' },
      timesheets: [
        {
          assistantId: 'L',
          entries: [entry('2020-06-10', 6), entry('2020-06-17', 6), entry('2020-06-24', 6)],
        },
      ],
    });
    expect(statement.emergency).toMatchObject({
      averageMinutes: 130 * 60,
      usedAfterMinutes: 18 * 60,
      entitledMinutes: 112 * 60,
    });
    const byDay = Object.fromEntries(
      statement.lines.filter((line) => line.source === 'emergency').map((line) => [line.date, line.minutes]),
    );
    // Week of 1 June: 35 h over seven days, 5 h each. Week of 8 June: 35 h - 6 h used on 10 June = 29 h over two days.
    expect(byDay).toEqual({
      '2020-06-01': 300,
      '2020-06-02': 300,
      '2020-06-03': 300,
      '2020-06-04': 300,
      '2020-06-05': 300,
      '2020-06-06': 300,
      '2020-06-07': 300,
      '2020-06-08': 870,
      '2020-06-09': 870,
    });
    expect(statement.emergency?.paidMinutes).toBe(64 * 60);
    expect(statement.emergency?.cappedMinutes).toBe(48 * 60);
  });

  it('keeps every emergency day under the daily maximum', () => {
    const statement = settle({
      month: '2020-06',
      grant: { hoursPerWeek: 168 },
      policy: { ...juneRate, maxHoursPerDay: 10 },
      history,
      emergency: { from: '2020-06-01', to: '2020-06-03' },
      timesheets: [{ assistantId: 'A', entries: [] }],
    });
    expect(statement.lines.map((line) => line.minutes)).toEqual([600, 600, 600]);
    expect(statement.emergency?.cappedMinutes).toBe(80 * 60 - 1800);
  });

  it('counts timesheet hours on the emergency days towards the entitlement', () => {
    const statement = settle({
      month: '2023-06',
      grant: { hoursPerMonth: 100 },
      history: ['2023-03', '2023-04', '2023-05'].map((month) => ({ month, hours: 20 })),
      emergency: { from: '2023-06-01', to: '2023-06-05' },
      timesheets: [{ assistantId: 'A', entries: [entry('2023-06-02', 4), entry('2023-06-20', 6)] }],
    });
    expect(statement.emergency).toMatchObject({
      averageMinutes: 1200,
      usedAfterMinutes: 360,
      entitledMinutes: 840,
      deliveredDuringMinutes: 240,
      paidMinutes: 600,
    });
    expect(minutesOf(statement.lines.filter((line) => line.date <= '2023-06-05'))).toBe(840);
  });

  it('pays nothing when the hours used after the emergency reach the average', () => {
    const statement = settle({
      month: '2023-06',
      history: [{ month: '2023-04', hours: 10 }],
      emergency: { from: '2023-06-01', to: '2023-06-05' },
      timesheets: [{ assistantId: 'A', entries: [entry('2023-06-20', 6), entry('2023-06-21', 6)] }],
    });
    expect(statement.emergency).toMatchObject({ entitledMinutes: 0, paidMinutes: 0, cappedMinutes: 0 });
    expect(statement.lines.every((line) => line.source === 'timesheet')).toBe(true);
  });

  it('spreads only over the emergency days inside the month and the grant', () => {
    const statement = settle({
      month: '2023-06',
      grant: { hoursPerMonth: 80, from: '2023-06-02' },
      history: ['2023-03', '2023-04', '2023-05'].map((month) => ({ month, hours: 9 })),
      emergency: { from: '2023-05-25', to: '2023-06-04', assistantId: 'B' },
      timesheets: [
        { assistantId: 'A', entries: [] },
        { assistantId: 'B', entries: [] },
      ],
    });
    expect(statement.lines.map((line) => [line.date, line.assistantId, line.minutes])).toEqual([
      ['2023-06-02', 'B', 180],
      ['2023-06-03', 'B', 180],
      ['2023-06-04', 'B', 180],
    ]);
  });
});
