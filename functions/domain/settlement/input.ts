/**
 * The settlement input as callers send it (hours as decimals, times as `HH:MM`), validated with
 * zod and turned into the domain's minutes. Every problem is reported with its path; nothing is
 * computed from a case that has one.
 */
import { z } from 'zod';
import {
  addMonths,
  formatClockTime,
  isClockTime,
  isoWeekMonday,
  isYearMonth,
  minuteOfDay,
  monthSpan,
  toDayNumber,
  toIsoDate,
} from '../calendar.ts';
import { hoursToMinutes } from '../duration.ts';
import { formatPath, InputError } from '../errors.ts';
import { settlementPolicyOverridesSchema } from '../policy/policy.ts';
import { isoDateSchema } from '../policy/schema.ts';
import type { SettlementCase, TimesheetEntry } from './types.ts';

const idSchema = z.string().min(1).max(128);
const yearMonthSchema = z.string().refine(isYearMonth, { message: 'must be a month YYYY-MM' });
const clockSchema = z.string().refine(isClockTime, { message: 'must be a time HH:MM' });
/** A day's hours: more than zero, at most 24. */
const entryHoursSchema = z.number().positive().max(24);

const entrySchema = z
  .strictObject({
    date: isoDateSchema,
    hours: entryHoursSchema,
    activity: z.string().min(1),
    confirmed: z.boolean(),
    start: clockSchema.optional(),
    end: clockSchema.optional(),
  })
  .transform((entry, ctx): TimesheetEntry => {
    const minutes = hoursToMinutes(entry.hours);
    const result: TimesheetEntry = { date: entry.date, minutes, activity: entry.activity, confirmed: entry.confirmed };
    if (entry.start === undefined && entry.end === undefined) return result;
    // One of the two times is enough: the other follows from the hours.
    const start = entry.start !== undefined ? minuteOfDay(entry.start) : minuteOfDay(entry.end as string) - minutes;
    const end = entry.end !== undefined ? minuteOfDay(entry.end) : start + minutes;
    if (start === 24 * 60) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'a day starts at 00:00 and ends at 24:00' });
    } else if (start < 0 || end > 24 * 60) {
      ctx.addIssue({ code: 'custom', path: [entry.start === undefined ? 'end' : 'start'], message: 'the hours do not fit inside the day' });
    } else if (end <= start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start; split work past midnight into two entries' });
    } else if (minutes > end - start) {
      ctx.addIssue({
        code: 'custom',
        path: ['hours'],
        message: `is more than the time from ${formatClockTime(start)} to ${formatClockTime(end)}`,
      });
    }
    result.start = start;
    result.end = end;
    return result;
  });

const grantSchema = z
  .strictObject({
    hoursPerWeek: z.number().positive().max(168).optional(),
    hoursPerMonth: z.number().positive().max(744).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
  })
  .superRefine((grant, ctx) => {
    if ((grant.hoursPerWeek === undefined) === (grant.hoursPerMonth === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give exactly one of hoursPerWeek or hoursPerMonth' });
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
    timesheets: z.array(z.strictObject({ assistantId: idSchema, entries: z.array(entrySchema) })),
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
    history: z.array(z.strictObject({ month: yearMonthSchema, hours: z.number().nonnegative().max(744) })).default([]),
    emergency: z
      .strictObject({ from: isoDateSchema, to: isoDateSchema, assistantId: idSchema.optional() })
      .refine((period) => period.from <= period.to, { message: 'from must not be after to', path: ['to'] })
      .optional(),
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
        ctx.addIssue({ code: 'custom', path: ['history', index, 'month'], message: `must be before ${input.month}` });
      }
    });
    if (input.emergency) {
      const preceding = [1, 2, 3].map((back) => addMonths(input.month, -back));
      if (!input.history.some((entry) => preceding.includes(entry.month))) {
        ctx.addIssue({
          code: 'custom',
          path: ['history'],
          message: `an emergency needs the paid hours of at least one of ${preceding.join(', ')}`,
        });
      }
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

export type SettlementCaseInput = z.input<typeof settlementCaseSchema>;

/** Parse and validate a settlement case; throws {@link InputError} naming every bad field. */
export function parseSettlementCase(json: unknown): SettlementCase {
  const parsed = settlementCaseSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })));
  }
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
    },
    timesheets: input.timesheets,
    priorEntries: input.priorEntries.map((entry) => ({
      date: entry.date,
      minutes: hoursToMinutes(entry.hours),
      ...(entry.assistantId !== undefined && { assistantId: entry.assistantId }),
    })),
    history: input.history.map((entry) => ({ month: entry.month, minutes: hoursToMinutes(entry.hours) })),
  };
  if (input.emergency) {
    result.emergency = {
      from: input.emergency.from,
      to: input.emergency.to,
      ...(input.emergency.assistantId !== undefined && { assistantId: input.emergency.assistantId }),
    };
  }
  if (input.policy) result.policy = input.policy;
  return result;
}
