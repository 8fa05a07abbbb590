import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, toDayNumber } from '../../functions/domain/calendar.ts';
import {
  BUILT_IN_HOLIDAY_CALENDAR,
  deadlineAfter,
  easterSunday,
  holidaysOf,
  isWorkingDay,
  nextWorkingDay,
} from '../../functions/domain/working-days.ts';

/**
 * Every difference from date-holidays (a maintained library), with why: docs/policy.md lists the
 * same. A difference not in this list fails the test.
 */
const EXPLAINED: Record<string, string> = {
  // Pentecost Sunday is a holiday in the law (art. 1); date-holidays leaves it out. Always a Sunday.
  ...Object.fromEntries(
    Array.from({ length: 18 }, (_, i) => 2013 + i).map((year) => [
      addDays(easterSunday(year), 49),
      'Pentecost (Vasarsvētki) is a holiday in law; date-holidays omits it',
    ]),
  ),
  '2018-07-08': 'Song and Dance Festival closing day (law since 2014); date-holidays omits it',
  '2018-07-09': 'the festival closing day fell on a Sunday: next working day off; date-holidays omits it',
  '2023-07-09': 'Song and Dance Festival closing day; date-holidays omits it',
  '2023-07-10': 'the festival closing day fell on a Sunday: next working day off; date-holidays omits it',
  '2018-09-24': "one-off day off for Pope Francis' visit (law amended 21.06.2018); date-holidays omits it",
};

describe('Latvian public holidays', () => {
  it('computes Western Easter (known dates)', () => {
    expect(easterSunday(2013)).toBe('2013-03-31');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2030)).toBe('2030-04-21');
  });

  it('agrees with date-holidays for every year 2013-2030 except the explained differences', () => {
    const library = new Holidays('LV');
    const unexplained: string[] = [];
    const explainedSeen = new Set<string>();
    for (let year = 2013; year <= 2030; year++) {
      const theirs = new Set(
        library
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      const ours = new Set(holidaysOf(year).keys());
      for (const date of new Set([...theirs, ...ours])) {
        if (theirs.has(date) === ours.has(date)) continue;
        if (EXPLAINED[date] && ours.has(date)) explainedSeen.add(date);
        else unexplained.push(`${date}: ${ours.has(date) ? 'only ours' : 'only date-holidays'}`);
      }
    }
    expect(unexplained).toEqual([]);
    expect([...explainedSeen].sort()).toEqual(Object.keys(EXPLAINED).sort());
  });

  it('moves 4 May and 18 November to the next working day when on a weekend (since 26.06.2007)', () => {
    expect(holidaysOf(2013).has('2013-05-06')).toBe(true); // 4 May 2013 was a Saturday
    expect(holidaysOf(2017).has('2017-11-20')).toBe(true); // 18 Nov 2017 a Saturday
    expect(holidaysOf(2024).has('2024-05-06')).toBe(true);
    expect(holidaysOf(2006).has('2006-11-20')).toBe(false); // before the rule (18 Nov 2006 a Saturday)
    expect(isWorkingDay('2024-11-18')).toBe(false); // a Monday itself
  });

  it('knows the one-off days and the Cabinet transfers', () => {
    expect(isWorkingDay('2018-09-24')).toBe(false);
    expect(isWorkingDay('2023-05-29')).toBe(false);
    expect(isWorkingDay('2024-12-23')).toBe(false);
    expect(isWorkingDay('2024-12-14')).toBe(true); // the Saturday worked instead
    expect(isWorkingDay('2024-12-14', { cabinetTransfers: false })).toBe(false);
    expect(isWorkingDay('2024-12-23', { cabinetTransfers: false })).toBe(true);
    for (const transfer of BUILT_IN_HOLIDAY_CALENDAR.cabinetTransfers) {
      expect(isoWeekday(toDayNumber(transfer.workedOn))).toBe(6);
      expect(isoWeekday(toDayNumber(transfer.dayOff))).toBeLessThan(6);
      const year = Number(transfer.dayOff.slice(0, 4));
      expect(holidaysOf(year).has(transfer.dayOff)).toBe(false);
    }
  });

  it('moves a deadline on a day off to the next working day', () => {
    expect(nextWorkingDay('2026-01-01')).toBe('2026-01-05');
    expect(nextWorkingDay('2023-05-27')).toBe('2023-05-30');
    expect(nextWorkingDay('2024-04-10')).toBe('2024-04-10');
    expect(nextWorkingDay('2024-12-24')).toBe('2024-12-27');
    expect(deadlineAfter('2024-03-15', 14)).toBe('2024-04-02'); // 29 Mar-1 Apr: Easter
  });

  it('property: no deadline falls on a non-working day, and none moves further than it must', () => {
    const date = fc
      .integer({ min: toDayNumber('2013-01-01'), max: toDayNumber('2030-12-31') })
      .map((day) => addDays('1970-01-01', day));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 60 }), fc.boolean(), (start, days, cabinetTransfers) => {
        const due = deadlineAfter(start, days, { cabinetTransfers });
        expect(isWorkingDay(due, { cabinetTransfers })).toBe(true);
        for (let day = addDays(start, days); day < due; day = addDays(day, 1))
          expect(isWorkingDay(day, { cabinetTransfers })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
