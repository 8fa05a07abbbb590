/** What a month's settlement reads from outside it, as the monthly run and the what-if both work it out. */
import { describe, expect, it } from 'vitest';
import {
  comesFirst,
  otherCaseEntries,
  priorWeekEntries,
  settlementWindow,
} from '../../functions/domain/settlement/outside-month.ts';

describe('outside the month', () => {
  it('the window starts on the Monday of the month’s first week, in the month before when it began there', () => {
    expect(settlementWindow('2025-09')).toEqual({
      from: '2025-09-01',
      to: '2025-09-30',
      months: ['2025-09'],
    });
    expect(settlementWindow('2025-03')).toEqual({
      from: '2025-02-24',
      to: '2025-03-31',
      months: ['2025-02', '2025-03'],
    });
  });

  it('the prior week’s paid entries: the days of that week only, summed by day and assistant, nothing below zero', () => {
    const lines = [
      { date: '2025-02-21', minutes: 240, assistantId: 'a' },
      { date: '2025-02-24', minutes: 240, assistantId: 'a' },
      { date: '2025-02-24', minutes: 60, assistantId: 'a' },
      { date: '2025-02-25', minutes: 120, assistantId: 'b' },
      // A supplementary statement took back 26 February.
      { date: '2025-02-26', minutes: 180, assistantId: 'a' },
      { date: '2025-02-26', minutes: -180, assistantId: 'a' },
    ];
    expect(priorWeekEntries('2025-03', lines)).toEqual([
      { date: '2025-02-24', minutes: 300, assistantId: 'a' },
      { date: '2025-02-25', minutes: 120, assistantId: 'b' },
    ]);
    expect(priorWeekEntries('2025-09', [{ date: '2025-08-31', minutes: 60, assistantId: 'a' }])).toEqual([]);
  });

  it('the case whose timesheet was submitted first comes first, then by municipality and case', () => {
    const talsi = { submittedAt: '2025-04-01T08:00:00.000Z', municipality: 'talsi', caseId: 'c-1' };
    const kuldiga = { submittedAt: '2025-04-02T08:00:00.000Z', municipality: 'kuldiga', caseId: 'c-2' };
    expect(comesFirst(talsi, kuldiga)).toBe(true);
    expect(comesFirst(kuldiga, talsi)).toBe(false);
    expect(comesFirst({ ...kuldiga, submittedAt: talsi.submittedAt }, talsi)).toBe(true);
  });

  it('another case’s entries: confirmed ones inside the window, with their times', () => {
    const window = settlementWindow('2025-03');
    const sheet = {
      assistantId: 'a',
      entries: [
        { date: '2025-02-21', minutes: 60, activity: 'education', confirmed: true },
        { date: '2025-02-24', minutes: 60, activity: 'education', confirmed: true, start: 480, end: 540 },
        { date: '2025-03-03', minutes: 60, activity: 'education', confirmed: false },
      ],
    };
    expect(otherCaseEntries('c-2', sheet, window)).toEqual([
      { caseId: 'c-2', assistantId: 'a', date: '2025-02-24', minutes: 60, start: 480, end: 540 },
    ]);
  });
});
