/**
 * Calendar dates without time zones, as the law counts them.
 *
 * A date travels as an ISO string (`2023-04-01`) and is computed on as a day number (days since
 * 1970-01-01), which makes week and month arithmetic exact integer arithmetic. This module is
 * checked against `Temporal.PlainDate` in the tests. Only {@link rigaDateOf} knows about time
 * zones: an instant (a schedule firing, a submission) becomes the calendar date in Europe/Riga.
 *
 * @example
 * toDayNumber('1970-01-02') // 1
 * isoWeekMonday(toDayNumber('2020-06-10')) === toDayNumber('2020-06-08') // true
 */
import { Temporal } from 'temporal-polyfill';

/** `YYYY-MM-DD` */
export type IsoDate = string;
/** `YYYY-MM` */
export type YearMonth = string;

export const RIGA_TIME_ZONE = 'Europe/Riga';

const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilOf(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** True for a real calendar date in `YYYY-MM-DD` form (no 2023-02-29). Allocation-free: it runs per timesheet entry. */
export function isIsoDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(text.charCodeAt(i))) return false;
  const year =
    (text.charCodeAt(0) - 48) * 1000 +
    (text.charCodeAt(1) - 48) * 100 +
    (text.charCodeAt(2) - 48) * 10 +
    (text.charCodeAt(3) - 48);
  const month = (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48);
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isYearMonth(text: string): boolean {
  const match = YEAR_MONTH.exec(text);
  if (!match) return false;
  const month = Number(match[2]);
  return month >= 1 && month <= 12;
}

/**
 * Day number of an ISO date. The caller has validated the text (see {@link isIsoDate}); this is
 * on the hot path of every settlement, so it reads digits directly.
 */
export function toDayNumber(date: IsoDate): number {
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  return dayNumberOf(year, month, day);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function toIsoDate(dayNumber: number): IsoDate {
  const { year, month, day } = civilOf(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** ISO weekday: 1 Monday ... 7 Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Day number of the Monday that starts the ISO week containing the day. */
export function isoWeekMonday(dayNumber: number): number {
  return dayNumber - isoWeekday(dayNumber) + 1;
}

export interface MonthSpan {
  /** Day number of the first day. */
  first: number;
  /** Day number of the last day. */
  last: number;
}

export function monthSpan(month: YearMonth): MonthSpan {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const first = dayNumberOf(year, m, 1);
  return { first, last: first + daysInMonth(year, m) - 1 };
}

/** The month `delta` months from `month` (negative goes back). */
export function addMonths(month: YearMonth, delta: number): YearMonth {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${pad2((index % 12) + 1)}`;
}

export function monthOf(date: IsoDate): YearMonth {
  return date.slice(0, 7);
}

/** Minutes since midnight of `HH:MM`; `24:00` is the end of the day. */
export function minuteOfDay(time: string): number {
  return (
    ((time.charCodeAt(0) - 48) * 10 + (time.charCodeAt(1) - 48)) * 60 +
    (time.charCodeAt(3) - 48) * 10 +
    (time.charCodeAt(4) - 48)
  );
}

/** True for `HH:MM` from `00:00` to `23:59`, or `24:00`. */
export function isClockTime(text: string): boolean {
  if (text.length !== 5 || text.charCodeAt(2) !== 58) return false;
  for (const i of [0, 1, 3, 4]) if (!isDigit(text.charCodeAt(i))) return false;
  const minute = minuteOfDay(text);
  return (minute < 24 * 60 && text.charCodeAt(3) < 54) || text === '24:00';
}

export function formatClockTime(minute: number): string {
  return `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
}

/** The calendar date in Europe/Riga at an instant, e.g. when a schedule fires. */
export function rigaDateOf(instant: Date | string): IsoDate {
  const epochMilliseconds = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(epochMilliseconds)) throw new RangeError(`not an instant: ${String(instant)}`);
  return Temporal.Instant.fromEpochMilliseconds(epochMilliseconds)
    .toZonedDateTimeISO(RIGA_TIME_ZONE)
    .toPlainDate()
    .toString();
}

/**
 * The instant a calendar day begins in Europe/Riga (midnight, or the first instant after a gap),
 * e.g. when a review falls due: the workflow's waits run to such instants.
 *
 * @example
 * rigaStartOf('2024-07-01').toISOString() // '2024-06-30T21:00:00.000Z' (summer time, UTC+3)
 */
export function rigaStartOf(date: IsoDate): Date {
  const zoned = Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: RIGA_TIME_ZONE });
  return new Date(zoned.epochMilliseconds);
}

/**
 * An instant at a local time of day on a date in Europe/Riga, e.g. a schedule's 06:00.
 *
 * @example
 * rigaInstantOf('2024-01-10', '06:00').toISOString() // '2024-01-10T04:00:00.000Z'
 */
export function rigaInstantOf(date: IsoDate, time: string): Date {
  const zoned = Temporal.PlainDate.from(date).toZonedDateTime({
    timeZone: RIGA_TIME_ZONE,
    plainTime: Temporal.PlainTime.from(time),
  });
  return new Date(zoned.epochMilliseconds);
}

/** Whole days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The date `days` after (or before, when negative) a date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(toDayNumber(date) + days);
}
