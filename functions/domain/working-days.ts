/**
 * Working days in Latvia: Monday to Friday, less the public holidays, less the days the weekend
 * rule moves a holiday to, less the Cabinet's moved days off; plus the Saturdays the Cabinet moved
 * work to. The holidays are computed from the data in policy/holidays.ts (fixed days, Easter-based
 * days, the weekend rule from its date in force), so any year can be asked for; what is political
 * (one-off days, festival closing days, transfers) is listed there per year.
 *
 * A deadline that falls on a non-working day moves to the next working day
 * ({@link nextWorkingDay}). The Cabinet's transfers bind state institutions only and are
 * recommended to everyone else, so a municipality may leave them out (`cabinetTransfers: false`).
 *
 * @example
 * isWorkingDay('2024-12-23') // false: the Cabinet moved it to Saturday 14 Dec
 * nextWorkingDay('2023-05-27') // '2023-05-30' (Sat, Sun, then the one-off day off on Mon 29 May)
 */
import {
  addDays,
  civilOf,
  dayNumberOf,
  type IsoDate,
  isoWeekday,
  toDayNumber,
  toIsoDate,
} from './calendar.ts';
import { type HolidayCalendar, holidayCalendarSchema, LATVIAN_HOLIDAY_CALENDAR } from './policy/holidays.ts';

/** The built-in calendar, validated when the module loads. */
export const BUILT_IN_HOLIDAY_CALENDAR: HolidayCalendar =
  holidayCalendarSchema.parse(LATVIAN_HOLIDAY_CALENDAR);

export interface WorkingDayOptions {
  calendar?: HolidayCalendar;
  /** Whether the Cabinet's moved working days apply (default true). */
  cabinetTransfers?: boolean;
}

/** Western (Gregorian) Easter Sunday of a year, by the anonymous Gregorian computus. */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIsoDate(dayNumberOf(year, month, day));
}

const isWeekend = (dayNumber: number) => isoWeekday(dayNumber) >= 6;
const pad2 = (n: number) => String(n).padStart(2, '0');

const yearCache = new WeakMap<HolidayCalendar, Map<number, Map<IsoDate, string>>>();

/**
 * The year's days off by law, with their names: the holidays themselves (also those on a weekend)
 * and the working days the weekend rule gives off. The Cabinet's transfers are not in it.
 *
 * @example
 * holidaysOf(2017).get('2017-11-20') // 'Latvijas Republikas proklamēšanas diena (moved from a weekend)'
 */
export function holidaysOf(
  year: number,
  calendar: HolidayCalendar = BUILT_IN_HOLIDAY_CALENDAR,
): Map<IsoDate, string> {
  let years = yearCache.get(calendar);
  if (!years) {
    years = new Map();
    yearCache.set(calendar, years);
  }
  const cached = years.get(year);
  if (cached) return cached;

  const days = new Map<IsoDate, string>();
  for (const fixed of calendar.fixed) {
    const date = `${year}-${pad2(fixed.month)}-${pad2(fixed.day)}`;
    if (fixed.from === undefined || date >= fixed.from) days.set(date, fixed.name);
  }
  const easter = toDayNumber(easterSunday(year));
  for (const movable of calendar.easter) days.set(toIsoDate(easter + movable.offset), movable.name);
  const festival = calendar.songFestivalClosingDays;
  for (const date of festival.dates) {
    if (date.startsWith(`${year}-`) && date >= festival.from)
      days.set(date, 'Dziesmu un deju svētku noslēguma diena');
  }
  for (const oneOff of calendar.oneOff)
    if (oneOff.date.startsWith(`${year}-`)) days.set(oneOff.date, oneOff.name);

  // The weekend rule: the next day that is neither a weekend day nor a holiday is off instead.
  const moving = [
    ...calendar.weekendRule.days
      .map((monthDay) => `${year}-${monthDay}`)
      .filter((d) => d >= calendar.weekendRule.from),
    ...festival.dates.filter((date) => date.startsWith(`${year}-`) && date >= festival.from),
  ];
  for (const date of moving) {
    let day = toDayNumber(date);
    if (!isWeekend(day)) continue;
    const name = days.get(date) ?? date;
    do day += 1;
    while (isWeekend(day) || days.has(toIsoDate(day)));
    days.set(toIsoDate(day), `${name} (moved from a weekend)`);
  }
  years.set(year, days);
  return days;
}

const transferCache = new WeakMap<HolidayCalendar, { off: Set<IsoDate>; worked: Set<IsoDate> }>();

function transfersOf(calendar: HolidayCalendar) {
  let transfers = transferCache.get(calendar);
  if (!transfers) {
    transfers = {
      off: new Set(calendar.cabinetTransfers.map((transfer) => transfer.dayOff)),
      worked: new Set(calendar.cabinetTransfers.map((transfer) => transfer.workedOn)),
    };
    transferCache.set(calendar, transfers);
  }
  return transfers;
}

/** Whether a date is a working day (see the module comment). */
export function isWorkingDay(date: IsoDate, options: WorkingDayOptions = {}): boolean {
  const calendar = options.calendar ?? BUILT_IN_HOLIDAY_CALENDAR;
  const day = toDayNumber(date);
  const transfers = options.cabinetTransfers === false ? undefined : transfersOf(calendar);
  if (transfers?.worked.has(date)) return true;
  if (isWeekend(day)) return false;
  if (holidaysOf(civilOf(day).year, calendar).has(date)) return false;
  return !transfers?.off.has(date);
}

/**
 * The date itself when it is a working day, else the next working day: where a deadline that
 * falls on a day off goes.
 *
 * @example
 * nextWorkingDay('2026-01-01') // '2026-01-05' (1 Jan holiday, 2 Jan moved off, then the weekend)
 */
export function nextWorkingDay(date: IsoDate, options: WorkingDayOptions = {}): IsoDate {
  let day = date;
  // A year never has more than a handful of days off in a row; the bound guards a bad calendar.
  for (let step = 0; step < 31; step++) {
    if (isWorkingDay(day, options)) return day;
    day = addDays(day, 1);
  }
  throw new RangeError(`no working day within a month after ${date}`);
}

/** The day `days` calendar days after `date`, moved to the next working day when it is not one. */
export function deadlineAfter(date: IsoDate, days: number, options: WorkingDayOptions = {}): IsoDate {
  return nextWorkingDay(addDays(date, days), options);
}

/** The working days of a month, in order. */
export function workingDaysOfMonth(year: number, month: number, options: WorkingDayOptions = {}): IsoDate[] {
  const first = dayNumberOf(year, month, 1);
  const result: IsoDate[] = [];
  for (let day = first; civilOf(day).month === month; day++) {
    const date = toIsoDate(day);
    if (isWorkingDay(date, options)) result.push(date);
  }
  return result;
}
