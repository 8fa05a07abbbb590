/**
 * The settlement input as callers send it (hours as decimals, times as `HH:MM`), validated with
 * zod and turned into the domain's minutes. Every problem is reported with its path; nothing is
 * computed from a case that has one.
 */
import { z } from 'zod';
import {
  formatClockTime,
  isClockTime,
  isIsoDate,
  isoWeekMonday,
  isYearMonth,
  minuteOfDay,
  monthSpan,
  toDayNumber,
  toIsoDate,
} from '../calendar.ts';
import { hoursToMinutes } from '../duration.ts';
import { formatPath, InputError, type InputIssue } from '../errors.ts';
import { settlementPolicyOverridesSchema } from '../policy/policy.ts';
import { isoDateSchema, REGULATIONS } from '../policy/schema.ts';
import type { SettlementCase, Timesheet, TimesheetEntry } from './types.ts';

const idSchema = z.string().min(1).max(128);
const yearMonthSchema = z.string().refine(isYearMonth, { message: 'must be a month YYYY-MM' });
const clockSchema = z.string().refine(isClockTime, { message: 'must be a time HH:MM' });
/** A day's hours: more than zero, at most 24. */
const entryHoursSchema = z.number().positive().max(24);

/**
 * Entries are most of a case (a month has dozens per assistant). Running each through a zod
 * object schema cost more than the settlement itself, so the case schema takes them as they
 * are and {@link readEntry} checks and converts each in one allocation-light pass, reporting
 * issues with full paths merged with zod's into one error.
 */
const ENTRY_KEYS = new Set(['date', 'hours', 'activity', 'confirmed', 'start', 'end']);

type Issues = InputIssue[];

/**
 * The checks of one timesheet entry. It reports every problem of the entry (types included, since
 * the case schema takes entries as they are) and returns the entry in minutes when it is sound.
 */
function readEntry(raw: unknown, path: string, issues: Issues): TimesheetEntry | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: 'must be an object { date, hours, activity, confirmed, start?, end? }' });
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const before = issues.length;
  checkEntryFields(entry, path, issues);
  if (issues.length > before) return undefined;
  const minutes = hoursToMinutes(entry['hours'] as number);
  const result: TimesheetEntry = {
    date: entry['date'] as string,
    minutes,
    activity: entry['activity'] as string,
    confirmed: entry['confirmed'] as boolean,
  };
  const start = entry['start'] as string | undefined;
  const end = entry['end'] as string | undefined;
  if (start === undefined && end === undefined) return result;
  const range = readWorkingTime(start, end, minutes, path, issues);
  if (!range) return undefined;
  result.start = range.start;
  result.end = range.end;
  return result;
}

function checkEntryFields(entry: Record<string, unknown>, path: string, issues: Issues): void {
  for (const key in entry) {
    if (!ENTRY_KEYS.has(key))
      issues.push({ path: `${path}.${key}`, message: 'is not a field of a timesheet entry' });
  }
  const { date, hours, activity, confirmed, start, end } = entry;
  if (typeof date !== 'string' || !isIsoDate(date))
    issues.push({ path: `${path}.date`, message: 'must be a calendar date YYYY-MM-DD' });
  if (typeof hours !== 'number' || !(hours > 0 && hours <= 24)) {
    issues.push({ path: `${path}.hours`, message: 'must be a number of hours more than 0 and at most 24' });
  }
  if (typeof activity !== 'string' || activity.length === 0)
    issues.push({ path: `${path}.activity`, message: 'must be an activity code' });
  if (typeof confirmed !== 'boolean')
    issues.push({ path: `${path}.confirmed`, message: 'must be true or false' });
  for (const [name, time] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (time !== undefined && (typeof time !== 'string' || !isClockTime(time))) {
      issues.push({ path: `${path}.${name}`, message: 'must be a time HH:MM' });
    }
  }
}

/** The working time of an entry in minutes of the day. One of the two times is enough: the other follows from the hours. */
function readWorkingTime(
  start: string | undefined,
  end: string | undefined,
  minutes: number,
  path: string,
  issues: Issues,
): { start: number; end: number } | undefined {
  const from = start !== undefined ? minuteOfDay(start) : minuteOfDay(end as string) - minutes;
  const to = end !== undefined ? minuteOfDay(end) : from + minutes;
  if (from === 24 * 60) {
    issues.push({ path: `${path}.start`, message: 'a day starts at 00:00 and ends at 24:00' });
  } else if (from < 0 || to > 24 * 60) {
    issues.push({
      path: `${path}.${start === undefined ? 'end' : 'start'}`,
      message: 'the hours do not fit inside the day',
    });
  } else if (to <= from) {
    issues.push({
      path: `${path}.end`,
      message: 'must be after start; split work past midnight into two entries',
    });
  } else if (minutes > to - from) {
    issues.push({
      path: `${path}.hours`,
      message: `is more than the time from ${formatClockTime(from)} to ${formatClockTime(to)}`,
    });
  } else {
    return { start: from, end: to };
  }
  return undefined;
}

const grantSchema = z
  .strictObject({
    hoursPerWeek: z.number().positive().max(168).optional(),
    hoursPerMonth: z.number().positive().max(744).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    /** The regulation the agreement was made under (MK942 for an agreement that outlived No. 942). */
    regulation: z.enum(REGULATIONS).optional(),
  })
  .superRefine((grant, ctx) => {
    if ((grant.hoursPerWeek === undefined) === (grant.hoursPerMonth === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give exactly one of hoursPerWeek or hoursPerMonth',
      });
    }
    if (grant.from && grant.to && grant.from > grant.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  });

const settlementCaseSchema = z
  .strictObject({
    participantId: idSchema,
    month: yearMonthSchema,
    grant: grantSchema,
    timesheets: z
      .array(z.strictObject({ assistantId: idSchema, entries: z.array(z.unknown()).max(2000) }))
      .max(50),
    priorEntries: z
      .array(
        z.strictObject({
          date: isoDateSchema,
          hours: entryHoursSchema,
          assistantId: idSchema.optional(),
          activity: z.string().min(1).optional(),
          start: clockSchema.optional(),
          end: clockSchema.optional(),
        }),
      )
      .default([]),
    history: z
      .array(z.strictObject({ month: yearMonthSchema, hours: z.number().nonnegative().max(744) }))
      .default([]),
    emergency: z
      .strictObject({
        from: isoDateSchema.optional(),
        to: isoDateSchema.optional(),
        assistantId: idSchema.optional(),
      })
      .refine((period) => (period.from === undefined) === (period.to === undefined), {
        message: 'give both from and to, or neither (the declared emergency of the policy)',
        path: ['to'],
      })
      .refine((period) => !period.from || !period.to || period.from <= period.to, {
        message: 'from must not be after to',
        path: ['to'],
      })
      .optional(),
    noPayPeriods: z
      .array(
        z
          .strictObject({
            kind: z.enum(['hospital', 'long-term-care']),
            from: isoDateSchema,
            to: isoDateSchema,
          })
          .refine((period) => period.from <= period.to, { message: 'must not be before from', path: ['to'] }),
      )
      .max(50)
      .default([]),
    otherCases: z
      .array(
        z.strictObject({
          caseId: idSchema,
          assistantId: idSchema,
          date: isoDateSchema,
          hours: entryHoursSchema,
          start: clockSchema.optional(),
          end: clockSchema.optional(),
        }),
      )
      .max(5000)
      .default([]),
    policy: settlementPolicyOverridesSchema.optional(),
  })
  .superRefine((input, ctx) => {
    const { first } = monthSpan(input.month);
    const priorWeekStart = isoWeekMonday(first);
    input.priorEntries.forEach((entry, index) => {
      const day = toDayNumber(entry.date);
      if (day < priorWeekStart || day >= first) {
        ctx.addIssue({
          code: 'custom',
          path: ['priorEntries', index, 'date'],
          message:
            priorWeekStart === first
              ? `${input.month} starts on a Monday, so no week began in the previous month`
              : `must be in the week that began in the previous month (${toIsoDate(priorWeekStart)} to ${toIsoDate(first - 1)})`,
        });
      }
    });
    const seenMonths = new Set<string>();
    input.history.forEach((entry, index) => {
      if (seenMonths.has(entry.month)) {
        ctx.addIssue({ code: 'custom', path: ['history', index, 'month'], message: 'appears twice' });
      }
      seenMonths.add(entry.month);
      if (entry.month >= input.month) {
        ctx.addIssue({
          code: 'custom',
          path: ['history', index, 'month'],
          message: `must be before ${input.month}`,
        });
      }
    });
    if (input.emergency) {
      const assistants = new Set(input.timesheets.map((timesheet) => timesheet.assistantId));
      if (input.emergency.assistantId === undefined && assistants.size !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['emergency', 'assistantId'],
          message: 'is required unless the case has exactly one assistant',
        });
      }
    }
  });

/** A timesheet entry as callers send it. */
export interface TimesheetEntryInput {
  date: string;
  hours: number;
  activity: string;
  confirmed: boolean;
  start?: string;
  end?: string;
}

/** A settlement case as callers send it (the CLI's and the API's JSON). */
export type SettlementCaseInput = Omit<z.input<typeof settlementCaseSchema>, 'timesheets'> & {
  timesheets: { assistantId: string; entries: TimesheetEntryInput[] }[];
};

/** Parse and validate a settlement case; throws {@link InputError} naming every bad field. */
export function parseSettlementCase(json: unknown): SettlementCase {
  const parsed = settlementCaseSchema.safeParse(json);
  const issues: Issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const timesheets = readTimesheets(json, issues);
  if (!parsed.success || issues.length > 0 || !timesheets) throw new InputError(issues);
  const input = parsed.data;
  const grant = input.grant;
  const result: SettlementCase = {
    participantId: input.participantId,
    month: input.month,
    grant: {
      basis: grant.hoursPerWeek !== undefined ? 'week' : 'month',
      minutes: hoursToMinutes(grant.hoursPerWeek ?? grant.hoursPerMonth ?? 0),
      ...(grant.from !== undefined && { from: grant.from }),
      ...(grant.to !== undefined && { to: grant.to }),
      ...(grant.regulation !== undefined && { regulation: grant.regulation }),
    },
    timesheets,
    priorEntries: input.priorEntries.map((entry) => ({
      date: entry.date,
      minutes: hoursToMinutes(entry.hours),
      ...(entry.assistantId !== undefined && { assistantId: entry.assistantId }),
    })),
    history: input.history.map((entry) => ({ month: entry.month, minutes: hoursToMinutes(entry.hours) })),
  };
  if (input.noPayPeriods.length > 0) result.noPayPeriods = input.noPayPeriods;
  if (input.otherCases.length > 0) {
    result.otherCases = input.otherCases.map((other) => {
      const minutes = hoursToMinutes(other.hours);
      const start =
        other.start !== undefined
          ? minuteOfDay(other.start)
          : other.end !== undefined
            ? minuteOfDay(other.end) - minutes
            : undefined;
      return {
        caseId: other.caseId,
        assistantId: other.assistantId,
        date: other.date,
        minutes,
        ...(start !== undefined && {
          start,
          end: other.end !== undefined ? minuteOfDay(other.end) : start + minutes,
        }),
      };
    });
  }
  if (input.emergency) {
    result.emergency = {
      ...(input.emergency.from !== undefined && { from: input.emergency.from }),
      ...(input.emergency.to !== undefined && { to: input.emergency.to }),
      ...(input.emergency.assistantId !== undefined && { assistantId: input.emergency.assistantId }),
    };
  }
  if (input.policy) result.policy = input.policy;
  return result;
}

/** The timesheets in minutes, reading the raw JSON so entry problems are found even when others are. */
function readTimesheets(json: unknown, issues: Issues): Timesheet[] | undefined {
  const raw = (json as { timesheets?: unknown } | null)?.timesheets;
  if (!Array.isArray(raw)) return undefined;
  const timesheets: Timesheet[] = [];
  let sound = true;
  raw.forEach((timesheet: unknown, t) => {
    const entries = (timesheet as { entries?: unknown } | null)?.entries;
    const assistantId = (timesheet as { assistantId?: unknown } | null)?.assistantId;
    if (!Array.isArray(entries)) {
      sound = false;
      return;
    }
    const read: TimesheetEntry[] = [];
    entries.forEach((entry: unknown, i) => {
      const value = readEntry(entry, `timesheets[${t}].entries[${i}]`, issues);
      if (value) read.push(value);
      else sound = false;
    });
    timesheets.push({ assistantId: String(assistantId), entries: read });
  });
  return sound ? timesheets : undefined;
}
