/**
 * A month's timesheet as assistants send it (dates, `HH:MM` times, minutes or decimal hours,
 * activity codes, the parents' confirmation), checked and turned into the store's entries in whole
 * minutes. The same rules apply to JSON and to a CSV upload (functions/api/csv.ts): each problem
 * is reported where the assistant can find it, as a JSON path or as a row and column.
 *
 * Rules beyond the field types: every date is in the month of the URL; the activity is a code of
 * the policy in force on the date; the time worked is given as minutes, or as hours (rounded to
 * the nearest minute, halves up), or follows from start and end; start and end, when both given,
 * hold at least that time, in one day (work past midnight is two entries).
 *
 * @example
 * const entries = storedEntriesOf(body.entries, '2024-03', locate); // [{ date, minutes: 210, start: 480, end: 690, ... }]
 */
import { z } from 'zod';
import { formatClockTime, isClockTime, minuteOfDay, monthOf, type YearMonth } from '../domain/calendar.ts';
import { hoursToMinutes } from '../domain/duration.ts';
import { policyVersionOn } from '../domain/policy/policy.ts';
import { isoDateSchema } from '../domain/policy/schema.ts';
import type { StoredTimesheet } from '../store/entities.ts';
import { ApiProblem, type FieldError } from './problem.ts';
import type { FieldLocator } from './route.ts';

const clockSchema = z.string().refine(isClockTime, { message: 'must be a time HH:MM' });
const DAY_MINUTES = 24 * 60;

export const timesheetEntryInputSchema = z.strictObject({
  date: isoDateSchema,
  /** When the work started, `HH:MM`. */
  start: clockSchema.optional(),
  /** When it ended, `HH:MM` (`24:00` is midnight at the end of the day). */
  end: clockSchema.optional(),
  /** The time worked in whole minutes; or give `hours`, or both `start` and `end`. */
  minutes: z.number().int().positive().max(DAY_MINUTES).optional(),
  /** The time worked in decimal hours (`3.5`), rounded to the nearest minute. */
  hours: z.number().positive().max(24).optional(),
  /** An activity code of the policy in force on the date (`education`, `leisure`, ...). */
  activity: z.string().min(1).max(64),
  /** The parents confirmed the hours. */
  confirmed: z.boolean(),
});
export type TimesheetEntryInput = z.infer<typeof timesheetEntryInputSchema>;

export const timesheetBodySchema = z.strictObject({
  entries: z.array(timesheetEntryInputSchema).max(500),
});

/** A stored entry as the API shows it: minutes and `HH:MM` times. */
export const timesheetEntryViewSchema = z.object({
  date: isoDateSchema,
  start: z.string().optional(),
  end: z.string().optional(),
  minutes: z.number().int(),
  activity: z.string(),
  confirmed: z.boolean(),
});

/** The activity codes (with their Latvian and English names) of the policy in force on `date`. */
export function activitiesOn(date: string): { code: string; name: { lv: string; en: string } }[] {
  return policyVersionOn(date)?.assistant.activities ?? [];
}

type StoredEntry = StoredTimesheet['entries'][number];

/** A field of the entry and what is wrong with it. */
type EntryProblem = [field: keyof TimesheetEntryInput, message: string];

/** The minutes worked: given, from decimal hours, or from start to end. */
function minutesOf(entry: TimesheetEntryInput): number | EntryProblem {
  if (entry.minutes !== undefined && entry.hours !== undefined)
    return ['hours', 'give minutes or hours, not both'];
  if (entry.minutes !== undefined) return entry.minutes;
  if (entry.hours !== undefined) {
    const minutes = hoursToMinutes(entry.hours);
    return minutes > 0 ? minutes : ['hours', 'must be at least one minute'];
  }
  if (entry.start !== undefined && entry.end !== undefined)
    return minuteOfDay(entry.end) - minuteOfDay(entry.start);
  return ['hours', 'is required: give minutes or hours, or both start and end'];
}

/**
 * The working time in minutes of the day, when the entry gives a time: one of start and end
 * follows from the other and the minutes. It must fit in the day and hold the minutes.
 */
function workingTimeOf(
  entry: TimesheetEntryInput,
  minutes: number,
): { start?: number; end?: number } | EntryProblem {
  if (entry.start === undefined && entry.end === undefined) return {};
  const from =
    entry.start !== undefined ? minuteOfDay(entry.start) : minuteOfDay(entry.end as string) - minutes;
  const to = entry.end !== undefined ? minuteOfDay(entry.end) : from + minutes;
  if (from === DAY_MINUTES) return ['start', 'a day starts at 00:00 and ends at 24:00'];
  if (entry.start !== undefined && entry.end !== undefined && to <= from) {
    return ['end', 'must be after start; split work past midnight into two entries'];
  }
  if (from < 0 || to > DAY_MINUTES) {
    return [entry.start === undefined ? 'end' : 'start', 'the time worked does not fit inside the day'];
  }
  if (minutes > to - from) {
    return [
      entry.minutes !== undefined ? 'minutes' : 'hours',
      `is more than the time from ${formatClockTime(from)} to ${formatClockTime(to)}`,
    ];
  }
  return { start: from, end: to };
}

const isProblem = (value: unknown): value is EntryProblem => Array.isArray(value);

/** One entry as stored, or what is wrong with it. */
function readEntry(entry: TimesheetEntryInput, month: YearMonth): StoredEntry | EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (monthOf(entry.date) !== month) problems.push(['date', `must be a date in ${month}`]);
  const activities = activitiesOn(entry.date);
  if (!activities.some((activity) => activity.code === entry.activity)) {
    problems.push(['activity', `must be one of the activities: ${activities.map((a) => a.code).join(', ')}`]);
  }
  const minutes = minutesOf(entry);
  if (isProblem(minutes)) return [...problems, minutes];
  const time = workingTimeOf(entry, minutes);
  if (isProblem(time)) return [...problems, time];
  if (problems.length > 0) return problems;
  return {
    date: entry.date,
    minutes,
    activity: entry.activity,
    confirmed: entry.confirmed,
    ...(time.start !== undefined && { start: time.start }),
    ...(time.end !== undefined && { end: time.end }),
  };
}

/**
 * The store's entries for the month, or a 422 problem naming every bad field (nothing stored).
 *
 * @example
 * storedEntriesOf([{ date: '2024-03-04', start: '08:00', end: '11:30', activity: 'education', confirmed: true }], '2024-03', locate)
 * // [{ date: '2024-03-04', minutes: 210, start: 480, end: 690, activity: 'education', confirmed: true }]
 */
export function storedEntriesOf(
  entries: readonly TimesheetEntryInput[],
  month: YearMonth,
  locate: FieldLocator,
): StoredEntry[] {
  const stored: StoredEntry[] = [];
  const errors: FieldError[] = [];
  entries.forEach((entry, index) => {
    const read = readEntry(entry, month);
    if (!Array.isArray(read)) stored.push(read);
    else for (const [field, message] of read) errors.push({ ...locate(['entries', index, field]), message });
  });
  if (errors.length > 0)
    throw new ApiProblem('invalid-input', 'Some entries are not valid; see errors.', errors);
  return stored;
}

/**
 * A stored entry as the API shows it.
 *
 * @example
 * entryView({ date: '2024-03-04', minutes: 210, start: 480, end: 690, activity: 'education', confirmed: true }).start // '08:00'
 */
export function entryView(entry: StoredEntry): z.infer<typeof timesheetEntryViewSchema> {
  return {
    date: entry.date,
    ...(entry.start !== undefined && { start: formatClockTime(entry.start) }),
    ...(entry.end !== undefined && { end: formatClockTime(entry.end) }),
    minutes: entry.minutes,
    activity: entry.activity,
    confirmed: entry.confirmed,
  };
}
