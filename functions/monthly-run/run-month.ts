/**
 * Which month a scheduled run settles, what the run is called, and the dates its emails give: all
 * as Europe/Riga calendar dates, from the instant the schedule fired (EventBridge Scheduler's
 * `<aws.scheduler.scheduled-time>`), never from the Lambda's clock, so a retried or late start
 * still settles the month it was scheduled for.
 *
 * @example
 * settledMonthOf('2024-03-31T22:30:00Z') // '2024-03' (it is already 1 April in Riga)
 * planRun({ scheduledAt: '2024-04-10T03:00:00Z' }) // { runId: '2024-03', month: '2024-03', kind: 'regular', next: { ... } }
 */
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { addMonths, monthOf, RIGA_TIME_ZONE, rigaDateOf, type YearMonth } from '../domain/calendar.ts';
import { InputError } from '../domain/errors.ts';
import { workflowRulesOn } from '../domain/policy/policy.ts';
import { nextWorkingDay } from '../domain/working-days.ts';
import { validate, yearMonthSchema } from '../store/keys.ts';
import { RUN_KINDS, type RunKind } from '../store/runs.ts';

/**
 * What starts a run: the schedule's instant, and optionally the month to settle (an operator's
 * re-run) and the kind (`regular` unless told; the regular run starts the supplementary one).
 */
export const runRequestSchema = z.strictObject({
  scheduledAt: z.iso.datetime({ offset: true }),
  month: yearMonthSchema.optional(),
  kind: z.enum(RUN_KINDS).optional(),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

export interface RunPlan {
  runId: string;
  month: YearMonth;
  kind: RunKind;
  scheduledAt: string;
  /** The run this one starts when it ends: a regular run starts the supplementary run of the month before. */
  next: { scheduledAt: string; month: YearMonth; kind: 'supplementary' } | null;
}

/**
 * The month a run scheduled at `scheduledAt` settles: the month before the Riga date of the instant.
 *
 * @example
 * settledMonthOf('2024-04-10T03:00:00Z') // '2024-03'
 * settledMonthOf('2024-03-31T22:30:00Z') // '2024-03' (01:30 on 1 April in Riga)
 */
export function settledMonthOf(scheduledAt: string): YearMonth {
  return addMonths(monthOf(rigaDateOf(scheduledAt)), -1);
}

/**
 * The run a request asks for. A regular run of month M is called `M`, so every start for the
 * month finds the same record; a supplementary run of M is called
 * `M-supplementary-<Riga date and time of scheduledAt>`, so a retried start of one schedule finds
 * its record while an operator's start at another minute is a run of its own. A month that has
 * not ended in Riga at `scheduledAt` is refused. Throws {@link InputError} naming the field.
 *
 * @example
 * planRun({ scheduledAt: '2024-05-10T03:00:00Z', month: '2024-03', kind: 'supplementary' }).runId
 * // '2024-03-supplementary-2024-05-10-0600'
 */
export function planRun(request: RunRequest): RunPlan {
  const checked = validate(runRequestSchema, request, 'input');
  const scheduledMonth = monthOf(rigaDateOf(checked.scheduledAt));
  const month = checked.month ?? addMonths(scheduledMonth, -1);
  if (month >= scheduledMonth) {
    throw new InputError([
      { path: 'input.month', message: `${month} has not ended in Riga at ${checked.scheduledAt}` },
    ]);
  }
  const kind = checked.kind ?? 'regular';
  if (kind === 'regular') {
    return {
      runId: month,
      month,
      kind,
      scheduledAt: checked.scheduledAt,
      next: { scheduledAt: checked.scheduledAt, month: addMonths(month, -1), kind: 'supplementary' },
    };
  }
  return {
    runId: `${month}-supplementary-${rigaMinuteOf(checked.scheduledAt)}`,
    month,
    kind,
    scheduledAt: checked.scheduledAt,
    next: null,
  };
}

/** `YYYY-MM-DD-HHMM` in Europe/Riga, for a run id (ids may not hold `:`). */
function rigaMinuteOf(instant: string): string {
  const zoned = Temporal.Instant.from(instant).toZonedDateTimeISO(RIGA_TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${zoned.toPlainDate().toString()}-${pad(zoned.hour)}${pad(zoned.minute)}`;
}

/** The settlement calendar's days of the month after `month`, each moved to the next working day when it is not one. */
export interface SettlementDays {
  reminder: string;
  deadline: string;
  settlement: string;
}

/**
 * The month's settlement calendar: the policy's reminder, deadline and settlement days of the month
 * after, under the workflow rules in force on the first of that month, each moved to the next
 * working day (functions/domain/working-days.ts) when it falls on a weekend, a public holiday or a
 * Cabinet-moved day off.
 *
 * @example
 * settlementDaysOf('2025-12') // { reminder: '2026-01-05', deadline: '2026-01-05', settlement: '2026-01-12' }
 */
export function settlementDaysOf(month: YearMonth): SettlementDays {
  const following = addMonths(month, 1);
  const { settlement } = workflowRulesOn(`${following}-01`);
  const on = (day: number) => nextWorkingDay(`${following}-${String(day).padStart(2, '0')}`);
  return {
    reminder: on(settlement.timesheetReminderDay),
    deadline: on(settlement.timesheetDeadlineDay),
    settlement: on(settlement.settlementDay),
  };
}

/**
 * The day the month's timesheets are due: the policy's `timesheetDeadlineDay` of the month after,
 * moved to the next working day when it is not one.
 *
 * @example
 * timesheetDeadlineOf('2024-03') // '2024-04-05'
 * timesheetDeadlineOf('2024-04') // '2024-05-06' (5 May 2024 is a Sunday)
 */
export function timesheetDeadlineOf(month: YearMonth): string {
  return settlementDaysOf(month).deadline;
}

/** The audit actor id of a run: `run-<runId>`. */
export const runActorId = (runId: string): string => `run-${runId}`;

/** The scope of the notifications a run decides for coordinators: `run-<runId>`. */
export const runScope = (runId: string): string => `run-${runId}`;
