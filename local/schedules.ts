/**
 * The schedules of the deployed system, on the local system's clock: the timesheet reminders on
 * the workflow policy's `timesheetReminderDay` and the monthly run on its `settlementDay`, both at
 * `runAt` in Europe/Riga (as EventBridge Scheduler does on AWS, see infra/constructs/schedules.ts),
 * and the outbox sender every few minutes. Each is a timer on the clock, so advancing the clock by
 * a month fires them in order, each told the instant it was due (`scheduledAt`), never the time it
 * happened to run.
 *
 * Unlike the deployed schedules, the days are read from the policy in force in each month, and a
 * schedule that came due while the system was stopped fires when it starts again (given the
 * instant it last fired), oldest first, so a restart loses no month.
 *
 * @example
 * const schedules = startLocalSchedules({ clock, jobs: { timesheetReminders, monthlyRun, drainOutbox } });
 * await clock.advance(31 * DAY_MS); // reminders on the 1st, the run on the 10th, drains in between
 * await schedules.idle();
 * schedules.stop();
 */
import {
  addMonths,
  monthOf,
  rigaDateOf,
  rigaInstantOf,
  type YearMonth,
} from '../functions/domain/calendar.ts';
import { workflowRulesOn } from '../functions/domain/policy/policy.ts';
import { nextWorkingDay } from '../functions/domain/working-days.ts';
import type { Clock } from '../functions/orchestrator/clock.ts';

/** The schedules that fire on calendar days; the outbox sender runs on an interval. */
export const CALENDAR_SCHEDULES = ['timesheet-reminders', 'monthly-run'] as const;
export type CalendarSchedule = (typeof CALENDAR_SCHEDULES)[number];

/** As deployed: every five minutes. */
export const OUTBOX_DRAIN_EVERY_MS = 5 * 60_000;

export interface ScheduledJobs {
  /** Decide the timesheet reminders (the scheduled function). */
  timesheetReminders(scheduledAt: string): Promise<unknown>;
  /** Start the monthly run's state machine with `{ scheduledAt }`. */
  monthlyRun(scheduledAt: string): Promise<unknown>;
  /** Send what the outbox holds. */
  drainOutbox(): Promise<unknown>;
}

export interface LocalSchedulesOptions {
  clock: Clock;
  jobs: ScheduledJobs;
  /** When each calendar schedule last fired (from the data directory): what came due since fires first. */
  lastFired?: Partial<Record<CalendarSchedule, string>>;
  /** Told each time a calendar schedule fires, e.g. to save it; `scheduledAt` is the instant it was due. */
  onFired?: (schedule: CalendarSchedule, scheduledAt: string) => void;
  /** Told when a job fails (the name of its error only); the schedule goes on. */
  onError?: (schedule: CalendarSchedule | 'outbox-sender', error: unknown) => void;
  drainEveryMs?: number;
}

export interface LocalSchedules {
  /** When each calendar schedule fires next. */
  next(): Record<CalendarSchedule, string>;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  /** Cancel every timer; a job already running finishes (await {@link idle}). */
  stop(): void;
}

/** The policy's day for a schedule in a month, moved to the next working day, at the policy's time, as an instant. */
function dueIn(schedule: CalendarSchedule, month: YearMonth): Date {
  const { settlement } = workflowRulesOn(`${month}-01`);
  const day = schedule === 'monthly-run' ? settlement.settlementDay : settlement.timesheetReminderDay;
  return rigaInstantOf(nextWorkingDay(`${month}-${String(day).padStart(2, '0')}`), settlement.runAt);
}

/**
 * The first instant a calendar schedule is due strictly after `after`.
 *
 * @example
 * nextDueAfter('monthly-run', new Date('2025-03-10T04:00:00Z')).toISOString() // '2025-04-10T03:00:00.000Z' (summer time)
 * nextDueAfter('timesheet-reminders', new Date('2025-03-15T12:00:00Z')).toISOString() // '2025-04-01T03:00:00.000Z'
 */
export function nextDueAfter(schedule: CalendarSchedule, after: Date): Date {
  // The Riga month of `after`, or the one before: a day-1 schedule at 06:00 can lie before it.
  for (let month = addMonths(monthOf(rigaDateOf(after)), -1); ; month = addMonths(month, 1)) {
    const due = dueIn(schedule, month);
    if (due.getTime() > after.getTime()) return due;
  }
}

/**
 * Arm the schedules on `clock`.
 *
 * @example
 * const schedules = startLocalSchedules({ clock, jobs, lastFired: saved.lastFired, onFired: save });
 */
export function startLocalSchedules(options: LocalSchedulesOptions): LocalSchedules {
  const { clock, jobs } = options;
  const drainEveryMs = options.drainEveryMs ?? OUTBOX_DRAIN_EVERY_MS;
  const onError = options.onError ?? (() => {});
  const running = new Set<Promise<void>>();
  const cancels = new Map<string, () => void>();
  const next = {} as Record<CalendarSchedule, string>;
  let stopped = false;

  const track = (job: () => Promise<unknown>, onFailure: (error: unknown) => void): void => {
    const done = job().then(
      () => {},
      (error: unknown) => onFailure(error),
    );
    running.add(done);
    void done.finally(() => running.delete(done));
  };

  const arm = (schedule: CalendarSchedule, due: Date): void => {
    next[schedule] = due.toISOString();
    const cancel = clock.schedule(due.getTime() - clock.now().getTime(), () => {
      if (stopped) return;
      const scheduledAt = due.toISOString();
      const job = schedule === 'monthly-run' ? jobs.monthlyRun : jobs.timesheetReminders;
      track(
        () => job(scheduledAt),
        (error) => onError(schedule, error),
      );
      options.onFired?.(schedule, scheduledAt);
      arm(schedule, nextDueAfter(schedule, due));
    });
    cancels.set(schedule, cancel);
  };

  for (const schedule of CALENDAR_SCHEDULES) {
    const last = options.lastFired?.[schedule];
    arm(schedule, nextDueAfter(schedule, last === undefined ? clock.now() : new Date(last)));
  }

  let draining: Promise<void> | undefined;
  const armDrain = (): void => {
    const cancel = clock.schedule(drainEveryMs, () => {
      if (stopped) return;
      // One drain at a time: a tick that finds the last one still sending leaves it to finish.
      if (!draining) {
        draining = jobs.drainOutbox().then(
          () => {},
          (error: unknown) => onError('outbox-sender', error),
        );
        const current = draining;
        running.add(current);
        void current.finally(() => {
          running.delete(current);
          draining = undefined;
        });
      }
      armDrain();
    });
    cancels.set('outbox-sender', cancel);
  };
  armDrain();

  return {
    next: () => ({ ...next }),
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    stop() {
      stopped = true;
      for (const cancel of cancels.values()) cancel();
      cancels.clear();
    },
  };
}
