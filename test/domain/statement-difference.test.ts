import { describe, expect, it } from 'vitest';
import { sameValue, statementDifference } from '../../functions/domain/settlement/difference.ts';
import { entry, settle } from './fixtures.ts';

/** A month of one assistant's education hours, `hours` per day of March 2024. */
const march = (days: Record<string, number>) =>
  settle({
    month: '2024-03',
    timesheets: [
      {
        assistantId: 'a-1',
        entries: Object.entries(days).map(([day, hours]) =>
          entry(`2024-03-${day}`, hours, { activity: 'education' }),
        ),
      },
    ],
  });

describe('the difference a supplementary statement carries', () => {
  it('is nothing when the month settles the same', () => {
    expect(statementDifference([march({ '04': 4 })], march({ '04': 4 }))).toBeUndefined();
  });

  it('subtracts lines, and can be negative when hours are taken back', () => {
    const difference = statementDifference([march({ '04': 4, '05': 2 })], march({ '04': 3 }));
    expect(difference?.paidMinutes).toBe(-180);
    expect(difference?.lines.map((l) => [l.date, l.minutes])).toEqual([
      ['2024-03-04', -60],
      ['2024-03-05', -120],
    ]);
  });
});

describe('sameValue', () => {
  it('compares JSON values deeply, whatever the order of keys', () => {
    expect(sameValue({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(
      true,
    );
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });
});
