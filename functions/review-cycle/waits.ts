/**
 * How long each of the cycle's callbacks waits, in whole seconds, as the state machine reads them
 * (`TimeoutSecondsPath`): from the workflow policy in force, and for the active period from the
 * case's own dates, counted to the start of the day in Europe/Riga.
 *
 * @example
 * cycleWaits(new Date('2024-03-01T08:00:00Z'), rules).assessmentReminderSeconds // 1_209_600 (14 days)
 */
import { addDays, type IsoDate, rigaDateOf, rigaStartOf } from '../domain/calendar.ts';
import type { CycleTiming } from '../domain/policy/schema.ts';

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

export function cycleWaits(now: Date, timing: CycleTiming): CycleWaits {
  return {
    assessmentReminderSeconds: timing.assessmentReminderDays * DAY_SECONDS,
    rankingSeconds: timing.rankingDays * DAY_SECONDS,
    approvalReminderSeconds: timing.approvalReminderDays * DAY_SECONDS,
    startedOn: rigaDateOf(now),
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
