import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  daysInMonth,
  isClockTime,
  isIsoDate,
  isoWeekday,
  isoWeekMonday,
  isYearMonth,
  minuteOfDay,
  monthSpan,
  rigaDateOf,
  toDayNumber,
  toIsoDate,
} from '../../functions/domain/calendar.ts';

const plainDates = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => Temporal.PlainDate.from(date.toISOString().slice(0, 10)));

describe('calendar, checked against Temporal.PlainDate', () => {
  it('turns dates into day numbers and back', () => {
    fc.assert(
      fc.property(plainDates, (date) => {
        const day = toDayNumber(date.toString());
        expect(day).toBe(date.since(Temporal.PlainDate.from('1970-01-01')).days);
        expect(toIsoDate(day)).toBe(date.toString());
      }),
    );
  });

  it('finds the ISO weekday and the Monday of the ISO week', () => {
    fc.assert(
      fc.property(plainDates, (date) => {
        const day = toDayNumber(date.toString());
        expect(isoWeekday(day)).toBe(date.dayOfWeek);
        expect(toIsoDate(isoWeekMonday(day))).toBe(date.subtract({ days: date.dayOfWeek - 1 }).toString());
      }),
    );
  });

  it('knows month lengths, month spans and month arithmetic', () => {
    fc.assert(
      fc.property(plainDates, fc.integer({ min: -30, max: 30 }), (date, delta) => {
        const month = date.toString().slice(0, 7);
        expect(daysInMonth(date.year, date.month)).toBe(date.daysInMonth);
        const span = monthSpan(month);
        expect(toIsoDate(span.first)).toBe(date.with({ day: 1 }).toString());
        expect(span.last - span.first + 1).toBe(date.daysInMonth);
        expect(addMonths(month, delta)).toBe(
          date.with({ day: 1 }).add({ months: delta }).toString().slice(0, 7),
        );
      }),
    );
  });

  it('accepts only real calendar dates', () => {
    fc.assert(
      fc.property(plainDates, (date) => {
        expect(isIsoDate(date.toString())).toBe(true);
      }),
    );
    for (const bad of [
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-04-31',
      '2024-4-01',
      '24-04-01',
      '2024/04/01',
      '',
      '2024-04-01T00:00',
    ]) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isYearMonth('2024-12')).toBe(true);
    expect(isYearMonth('2024-13')).toBe(false);
    expect(isYearMonth('2024-1')).toBe(false);
  });

  it('reads clock times, with 24:00 as the end of the day', () => {
    expect(minuteOfDay('00:00')).toBe(0);
    expect(minuteOfDay('09:30')).toBe(570);
    expect(minuteOfDay('24:00')).toBe(1440);
    for (const good of ['00:00', '23:59', '24:00', '12:05']) expect(isClockTime(good), good).toBe(true);
    for (const bad of ['24:01', '25:00', '12:60', '9:30', '09:3', '09-30', ''])
      expect(isClockTime(bad), bad).toBe(false);
  });

  it('gives the calendar date in Europe/Riga, across midnight and daylight saving', () => {
    // Riga is UTC+2 in winter and UTC+3 in summer.
    expect(rigaDateOf('2024-01-31T21:59:59Z')).toBe('2024-01-31');
    expect(rigaDateOf('2024-01-31T22:00:00Z')).toBe('2024-02-01');
    expect(rigaDateOf('2024-06-30T20:59:59Z')).toBe('2024-06-30');
    expect(rigaDateOf('2024-06-30T21:00:00Z')).toBe('2024-07-01');
    expect(rigaDateOf(new Date('2024-03-31T00:30:00Z'))).toBe('2024-03-31');
    expect(() => rigaDateOf('yesterday')).toThrow(RangeError);
  });
});
