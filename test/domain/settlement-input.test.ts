import { describe, expect, it } from 'vitest';
import { parseSettlementCase } from '../../functions/domain/settlement/input.ts';
import { refusalOf } from './fixtures.ts';

const goodCase = () => ({
  participantId: 'P-1',
  month: '2023-05',
  grant: { hoursPerMonth: 80 },
  timesheets: [
    { assistantId: 'A', entries: [{ date: '2023-05-02', hours: 2, activity: 'work', confirmed: true }] },
  ],
});

function issuesOf(input: unknown): Record<string, string> {
  return Object.fromEntries(
    refusalOf(() => parseSettlementCase(input)).map((issue) => [issue.path, issue.message]),
  );
}

describe('a malformed case is refused with every bad field named', () => {
  it('accepts a good case and turns hours into minutes', () => {
    const parsed = parseSettlementCase(goodCase());
    expect(parsed.grant).toEqual({ basis: 'month', minutes: 4800 });
    expect(parsed.timesheets[0]?.entries[0]).toEqual({
      date: '2023-05-02',
      minutes: 120,
      activity: 'work',
      confirmed: true,
    });
    expect(parsed.priorEntries).toEqual([]);
  });

  it('names wrong types, impossible dates, negative hours and a bad month together', () => {
    const issues = issuesOf({
      ...goodCase(),
      month: '2023-5',
      timesheets: [
        {
          assistantId: 'A',
          entries: [
            { date: '2023-02-30', hours: -1, activity: 'work', confirmed: 'yes' },
            { date: '2023-05-02', hours: '2', activity: '', confirmed: true, start: '25:00' },
            'not an entry',
          ],
        },
      ],
    });
    expect(Object.keys(issues).sort()).toEqual([
      'month',
      'timesheets[0].entries[0].confirmed',
      'timesheets[0].entries[0].date',
      'timesheets[0].entries[0].hours',
      'timesheets[0].entries[1].activity',
      'timesheets[0].entries[1].hours',
      'timesheets[0].entries[1].start',
      'timesheets[0].entries[2]',
    ]);
    expect(issues['month']).toMatch(/YYYY-MM/);
    expect(issues['timesheets[0].entries[0].date']).toMatch(/calendar date/);
  });

  it('refuses unknown fields rather than silently ignoring them', () => {
    const issues = issuesOf({
      ...goodCase(),
      grant: { hoursPerMonth: 80, hoursPerWek: 2 },
      timesheets: [
        {
          assistantId: 'A',
          entries: [{ date: '2023-05-02', hours: 2, activity: 'work', confirmed: true, note: 'x' }],
        },
      ],
      extra: 1,
    });
    expect(Object.keys(issues).sort()).toEqual(['', 'grant', 'timesheets[0].entries[0].note']);
  });

  it('needs exactly one of hoursPerWeek and hoursPerMonth, and a grant period in order', () => {
    expect(issuesOf({ ...goodCase(), grant: {} })).toHaveProperty('grant');
    expect(issuesOf({ ...goodCase(), grant: { hoursPerWeek: 10, hoursPerMonth: 40 } })).toHaveProperty(
      'grant',
    );
    expect(
      issuesOf({ ...goodCase(), grant: { hoursPerMonth: 80, from: '2023-06-01', to: '2023-05-01' } }),
    ).toHaveProperty('grant.to');
  });

  it('checks working times: end after start, and no more hours than the time between them', () => {
    const withEntry = (extra: object) => ({
      ...goodCase(),
      timesheets: [
        {
          assistantId: 'A',
          entries: [{ date: '2023-05-02', hours: 2, activity: 'work', confirmed: true, ...extra }],
        },
      ],
    });
    expect(issuesOf(withEntry({ start: '22:00', end: '02:00' }))).toHaveProperty(
      'timesheets[0].entries[0].end',
    );
    expect(issuesOf(withEntry({ start: '09:00', end: '10:00' }))).toHaveProperty(
      'timesheets[0].entries[0].hours',
    );
    expect(issuesOf(withEntry({ start: '23:00' }))).toHaveProperty('timesheets[0].entries[0].start');
    expect(issuesOf(withEntry({ end: '01:00' }))).toHaveProperty('timesheets[0].entries[0].end');
    expect(
      parseSettlementCase(withEntry({ start: '22:00', end: '24:00' })).timesheets[0]?.entries[0],
    ).toMatchObject({ start: 1320, end: 1440 });
  });

  it('keeps prior entries to the week that began in the previous month', () => {
    // May 2023 starts on a Monday: no week began in April.
    expect(issuesOf({ ...goodCase(), priorEntries: [{ date: '2023-04-30', hours: 2 }] })).toHaveProperty(
      'priorEntries[0].date',
    );
    const june = { ...goodCase(), month: '2023-06', timesheets: [] };
    expect(
      parseSettlementCase({ ...june, priorEntries: [{ date: '2023-05-29', hours: 2 }] }).priorEntries,
    ).toHaveLength(1);
    expect(
      issuesOf({ ...june, priorEntries: [{ date: '2023-05-28', hours: 2 }] })['priorEntries[0].date'],
    ).toContain('2023-05-29 to 2023-05-31');
  });

  it('takes an emergency without history (months without hours count as zero), needs both dates or none, and the assistant to pay when there are several', () => {
    const emergency = { from: '2023-05-01', to: '2023-05-05' };
    expect(
      parseSettlementCase({ ...goodCase(), emergency, history: [{ month: '2023-01', hours: 80 }] }).emergency,
    ).toEqual(emergency);
    expect(issuesOf({ ...goodCase(), emergency: { from: '2023-05-01' } })).toHaveProperty('emergency.to');
    expect(
      issuesOf({ ...goodCase(), emergency, history: [{ month: '2023-04', hours: 80 }], timesheets: [] }),
    ).toHaveProperty('emergency.assistantId');
    expect(
      issuesOf({
        ...goodCase(),
        emergency: { from: '2023-05-05', to: '2023-05-01' },
        history: [{ month: '2023-04', hours: 1 }],
      }),
    ).toHaveProperty('emergency.to');
    expect(
      issuesOf({
        ...goodCase(),
        history: [
          { month: '2023-04', hours: 1 },
          { month: '2023-04', hours: 2 },
        ],
      }),
    ).toHaveProperty('history[1].month');
    expect(issuesOf({ ...goodCase(), history: [{ month: '2023-05', hours: 1 }] })).toHaveProperty(
      'history[0].month',
    );
  });

  it('validates inline policy', () => {
    const issues = issuesOf({
      ...goodCase(),
      policy: { rates: [{ from: '2023-13-01', centsPerHour: 4.5 }], maxHoursPerDay: 25 },
    });
    expect(Object.keys(issues).sort()).toEqual([
      'policy.maxHoursPerDay',
      'policy.rates[0].centsPerHour',
      'policy.rates[0].from',
    ]);
  });

  it('refuses a document that is not a case at all', () => {
    expect(issuesOf(null)).toHaveProperty('');
    expect(issuesOf([])).toHaveProperty('');
  });
});
