/**
 * How long each of the cycle's callbacks waits, in whole seconds, as the state machine reads them
 * (`TimeoutSecondsPath`): from the workflow policy in force, and for the active period from the
 * case's own dates, counted to the start of the day in Europe/Riga.
 *
 * @example
 * cycleWaits(new Date('2024-03-01T08:00:00Z'), rules).assessmentReminderSeconds // 1_209_600 (14 days)
 */
import { addDays, daysBetween, type IsoDate, rigaDateOf, rigaStartOf } from '../domain/calendar.ts';
import type { CycleTiming } from '../domain/policy/schema.ts';
import { deadlineAfter } from '../domain/working-days.ts';

const DAY_SECONDS = 86_400;

export interface PeriodWaits {
  /** Until the review falls due (at least 1: Step Functions needs a positive timeout). */
  reviewDueSeconds: number;
  /** Until the period has ended. */
  periodEndSeconds: number;
}

export interface CycleWaits {
  assessmentReminderSeconds: number;
  rankingSeconds: number;
  approvalReminderSeconds: number;
  /** The Riga date the cycle (or its resumption) started: reminders count from it. */
  startedOn: IsoDate;
  reminders: { assessment: number; approval: number };
  period?: PeriodWaits;
}

/** Whole seconds from `now` to the start of `date` in Riga; at least 1. */
export function secondsUntil(now: Date, date: IsoDate): number {
  return Math.max(1, Math.floor((rigaStartOf(date).getTime() - now.getTime()) / 1_000));
}

/**
 * A wait of `days` days from `today`, lengthened by whole days when it would end on a day that is not
 * a working day (the wait ends on the next working day, at the same time of day).
 */
export function workingDaySeconds(today: IsoDate, days: number): number {
  return daysBetween(today, deadlineAfter(today, days)) * DAY_SECONDS;
}

export function cycleWaits(now: Date, timing: CycleTiming): CycleWaits {
  const today = rigaDateOf(now);
  return {
    assessmentReminderSeconds: workingDaySeconds(today, timing.assessmentReminderDays),
    rankingSeconds: workingDaySeconds(today, timing.rankingDays),
    approvalReminderSeconds: workingDaySeconds(today, timing.approvalReminderDays),
    startedOn: today,
    reminders: { assessment: 0, approval: 0 },
  };
}

/** The active period's waits: to the review-due date, and to the day after the period's last day. */
export function periodWaits(now: Date, reviewDue: IsoDate, periodEnd: IsoDate): PeriodWaits {
  return {
    reviewDueSeconds: secondsUntil(now, reviewDue),
    periodEndSeconds: secondsUntil(now, addDays(periodEnd, 1)),
  };
}
