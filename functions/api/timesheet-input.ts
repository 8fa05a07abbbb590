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
import {
  addMonths,
  formatClockTime,
  isClockTime,
  minuteOfDay,
  monthOf,
  type YearMonth,
} from '../domain/calendar.ts';
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
  entries: z
    .array(timesheetEntryInputSchema)
    .min(1, 'must hold at least one entry: a month without work needs no timesheet')
    .max(500),
});

/** How far back a month's timesheet is taken (a late one is settled as a supplementary statement). */
export const OLDEST_TIMESHEET_MONTHS = 24;

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

/** The fields of a sent entry that are valid on their own; the rest are the schema's to report. */
function readableFields(sent: unknown): Partial<TimesheetEntryInput> {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return {};
  const readable: Record<string, unknown> = {};
  for (const [field, schema] of Object.entries(timesheetEntryInputSchema.shape)) {
    if (!Object.hasOwn(sent, field)) continue;
    const parsed = (schema as z.ZodType).safeParse((sent as Record<string, unknown>)[field]);
    if (parsed.success && parsed.data !== undefined) readable[field] = parsed.data;
    else if ((TIME_FIELDS as readonly string[]).includes(field))
      readable[UNREADABLE as unknown as string] = true;
  }
  return readable as Partial<TimesheetEntryInput>;
}

/** The problems of one entry's fields together (date in the month, activity, times), from what is readable. */
function entryProblems(entry: Partial<TimesheetEntryInput>, month: YearMonth): EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (entry.date !== undefined) {
    if (monthOf(entry.date) !== month) problems.push(['date', `must be a date in ${month}`]);
    const activities = activitiesOn(entry.date);
    if (entry.activity !== undefined && !activities.some((activity) => activity.code === entry.activity)) {
      problems.push([
        'activity',
        `must be one of the activities: ${activities.map((a) => a.code).join(', ')}`,
      ]);
    }
  }
  // A time field that was sent but cannot be read is the schema's to report; nothing follows from it.
  if (timeUnreadable(entry)) return problems;
  const minutes = minutesOf(entry as TimesheetEntryInput);
  if (isProblem(minutes)) return [...problems, minutes];
  const time = workingTimeOf(entry as TimesheetEntryInput, minutes);
  if (isProblem(time)) problems.push(time);
  return problems;
}

const UNREADABLE = Symbol('unreadable time fields');
const TIME_FIELDS = ['start', 'end', 'minutes', 'hours'] as const;
const timeUnreadable = (entry: Partial<TimesheetEntryInput>): boolean =>
  (entry as { [UNREADABLE]?: boolean })[UNREADABLE] === true;

const DAY_TEXT = (minutes: number) =>
  `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;

/**
 * Every problem of a sent timesheet for `month`, in one pass over the body as sent (even when
 * some fields are bad): the month itself (one that has started, at most {@link
 * OLDEST_TIMESHEET_MONTHS} back), each entry's fields together, and the entries together (no day
 * over 24 hours, no entry sent twice, no two times of a day overlapping).
 *
 * @example
 * timesheetProblems({ entries: [{ date: '2024-04-01', hours: 'x' }] }, '2024-03', '2024-05-02', locate)
 * // [{ path: 'body.entries[0].date', message: 'must be a date in 2024-03' }, ...]
 */
export function timesheetProblems(
  body: unknown,
  month: YearMonth,
  today: string,
  locate: FieldLocator,
): FieldError[] {
  const errors: FieldError[] = [];
  const current = monthOf(today);
  if (month > current) {
    errors.push({ path: 'path.month', message: `must be a month that has started (${current} or before)` });
  } else if (month < addMonths(current, -OLDEST_TIMESHEET_MONTHS)) {
    errors.push({
      path: 'path.month',
      message: `must be at most ${OLDEST_TIMESHEET_MONTHS} months back (${addMonths(current, -OLDEST_TIMESHEET_MONTHS)} or later)`,
    });
  }
  const sent = (body as { entries?: unknown } | undefined)?.entries;
  if (!Array.isArray(sent)) return errors;
  const entries = sent.slice(0, 500).map(readableFields);
  const dayMinutes = new Map<string, number>();
  const seen = new Map<string, number>();
  const times: { date: string; from: number; to: number; index: number }[] = [];
  entries.forEach((entry, index) => {
    for (const [field, message] of entryProblems(entry, month)) {
      errors.push({ ...locate(['entries', index, field]), message });
    }
    const fingerprint = JSON.stringify(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b)));
    const twin = seen.get(fingerprint);
    if (twin !== undefined) {
      errors.push({
        ...locate(['entries', index]),
        message: `is the same as ${locate(['entries', twin]).path}: send one entry for the time, or give each its start and end`,
      });
    } else seen.set(fingerprint, index);
    const minutes = minutesOf(entry as TimesheetEntryInput);
    if (entry.date === undefined || timeUnreadable(entry) || isProblem(minutes)) return;
    const total = (dayMinutes.get(entry.date) ?? 0) + minutes;
    dayMinutes.set(entry.date, total);
    if (total > DAY_MINUTES && total - minutes <= DAY_MINUTES) {
      errors.push({
        ...locate(['entries', index, 'date']),
        message: `the entries of this day add up to more than 24 h (${DAY_TEXT(total)} so far)`,
      });
    }
    const time = workingTimeOf(entry as TimesheetEntryInput, minutes);
    if (isProblem(time) || time.start === undefined || time.end === undefined) return;
    const overlapping = times.find(
      (other) =>
        other.date === entry.date && other.from < (time.end as number) && (time.start as number) < other.to,
    );
    if (overlapping && twin === undefined) {
      errors.push({
        ...locate(['entries', index, 'start']),
        message: `overlaps the time of ${locate(['entries', overlapping.index]).path}`,
      });
    }
    times.push({ date: entry.date, from: time.start, to: time.end, index });
  });
  return errors;
}

/**
 * What the settlement will do with the stored entries that the edge does not refuse: days over
 * the policy's most hours a day (for all the case's assistants together) are paid up to it.
 */
export function timesheetWarnings(entries: readonly StoredEntry[]): { date: string; message: string }[] {
  const byDate = new Map<string, number>();
  for (const entry of entries) byDate.set(entry.date, (byDate.get(entry.date) ?? 0) + entry.minutes);
  return [...byDate].flatMap(([date, minutes]) => {
    const maxHours = policyVersionOn(date)?.assistant.maxHoursPerDay;
    if (maxHours === undefined || minutes <= maxHours * 60) return [];
    return [
      {
        date,
        message: `this day holds ${DAY_TEXT(minutes)}; the settlement pays at most ${maxHours} h a day for all the case's assistants together and refuses the rest (DAY_CAP)`,
      },
    ];
  });
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
