/**
 * A month of an assistant's timesheet as the timesheet page shows and edits it: the calendar
 * (ISO weeks, Monday first, days outside the month marked), the hours granted and what is left
 * while typing, and "copy last week". Pure: entries in, entries out; minutes and ISO dates.
 *
 * What is left is the grant less the minutes entered, per month or, for a weekly grant, per ISO
 * week (days of a week that fall in the neighbouring month are not on this timesheet, so they are
 * not counted here; the settlement counts them). It is never below zero; what is over is shown
 * as over. This is a guide for the assistant; the settlement decides what is paid.
 *
 * @example
 * monthCalendar('2026-02')[0] // [{ date: '2026-01-26', inMonth: false }, ... { date: '2026-02-01', inMonth: true }]
 * grantUse(entries, { basis: 'month', minutes: 4800 }, '2026-02') // [{ label: '2026-02', grantMinutes: 4800, usedMinutes: 630, leftMinutes: 4170, overMinutes: 0 }]
 */
import {
  addDays,
  type IsoDate,
  isoWeekMonday,
  monthOf,
  monthSpan,
  toDayNumber,
  toIsoDate,
  type YearMonth,
} from '../calendar.ts';

/** One entry as the store keeps it (minutes of the day for start and end). */
export interface MonthEntry {
  date: IsoDate;
  minutes: number;
  activity: string;
  confirmed: boolean;
  start?: number;
  end?: number;
}

export interface CalendarDay {
  date: IsoDate;
  inMonth: boolean;
}

/** The month's ISO weeks, each Monday to Sunday, with the days of the neighbouring months marked. */
export function monthCalendar(month: YearMonth): CalendarDay[][] {
  const { first, last } = monthSpan(month);
  const weeks: CalendarDay[][] = [];
  for (let monday = isoWeekMonday(first); monday <= last; monday += 7) {
    weeks.push(
      Array.from({ length: 7 }, (_, offset) => ({
        date: toIsoDate(monday + offset),
        inMonth: monday + offset >= first && monday + offset <= last,
      })),
    );
  }
  return weeks;
}

/** Entries ordered by date, then start (entries without a time last in their day). */
export function sortedEntries<E extends MonthEntry>(entries: readonly E[]): E[] {
  return [...entries].sort(
    (a, b) =>
      a.date.localeCompare(b.date) || (a.start ?? 24 * 60) - (b.start ?? 24 * 60) || a.minutes - b.minutes,
  );
}

const sameWork = (a: MonthEntry, b: MonthEntry) =>
  a.date === b.date &&
  a.start === b.start &&
  a.end === b.end &&
  a.minutes === b.minutes &&
  a.activity === b.activity;

/**
 * The entries with the week before `monday` copied into the week of `monday` (each a week later),
 * only onto days of the month, and never a second time onto the same day and time. Copies are
 * not confirmed: the parents confirm them like any other.
 *
 * @example
 * copyLastWeek(entries, '2026-02', '2026-02-09') // the entries of 2-8 February again on 9-15 February
 */
export function copyLastWeek<E extends MonthEntry>(
  entries: readonly E[],
  month: YearMonth,
  monday: IsoDate,
): { entries: E[]; copied: number } {
  const from = toDayNumber(addDays(monday, -7));
  const copies = entries
    .filter((entry) => {
      const day = toDayNumber(entry.date);
      return day >= from && day < from + 7;
    })
    .map((entry) => ({ ...entry, date: addDays(entry.date, 7), confirmed: false }))
    .filter((copy) => monthOf(copy.date) === month && !entries.some((entry) => sameWork(entry, copy)));
  return { entries: sortedEntries([...entries, ...copies]), copied: copies.length };
}

export interface GrantUse {
  /** The month (`2026-02`), or the ISO week's Monday for a weekly grant. */
  period: string;
  grantMinutes: number;
  usedMinutes: number;
  leftMinutes: number;
  overMinutes: number;
}

/** How much of the grant the entries use, per month or per ISO week of the month. */
export function grantUse(
  entries: readonly MonthEntry[],
  grant: { basis: 'month' | 'week'; minutes: number },
  month: YearMonth,
): GrantUse[] {
  const inMonth = entries.filter((entry) => monthOf(entry.date) === month);
  const use = (period: string, used: number): GrantUse => ({
    period,
    grantMinutes: grant.minutes,
    usedMinutes: used,
    leftMinutes: Math.max(0, grant.minutes - used),
    overMinutes: Math.max(0, used - grant.minutes),
  });
  if (grant.basis === 'month')
    return [
      use(
        month,
        inMonth.reduce((sum, entry) => sum + entry.minutes, 0),
      ),
    ];
  return monthCalendar(month).map((week) => {
    const monday = week[0]?.date ?? `${month}-01`;
    const mondayNumber = toDayNumber(monday);
    const used = inMonth
      .filter((entry) => isoWeekMonday(toDayNumber(entry.date)) === mondayNumber)
      .reduce((sum, entry) => sum + entry.minutes, 0);
    return use(monday, used);
  });
}

/** The minutes entered in the month. */
export const totalMinutes = (entries: readonly MonthEntry[]): number =>
  entries.reduce((sum, entry) => sum + entry.minutes, 0);
