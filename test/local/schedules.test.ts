/**
 * The local schedules on a virtual clock: the reminders on the 1st and the monthly run on the
 * 10th at 06:00 in Riga (summer time too), told the instant they were due; the outbox drained
 * every five minutes, one drain at a time; what came due while the system was stopped fires on
 * start, oldest first; a failing job is reported and the schedule goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import { type LocalSchedules, nextDueAfter, startLocalSchedules } from '../../local/schedules.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';

let schedules: LocalSchedules | undefined;
afterEach(() => {
  schedules?.stop();
  schedules = undefined;
});

function recordingJobs() {
  const fired: string[] = [];
  let drains = 0;
  return {
    fired,
    drains: () => drains,
    jobs: {
      timesheetReminders: async (scheduledAt: string) => {
        fired.push(`reminders ${scheduledAt}`);
      },
      monthlyRun: async (scheduledAt: string) => {
        fired.push(`run ${scheduledAt}`);
      },
      drainOutbox: async () => {
        drains += 1;
      },
    },
  };
}

describe('nextDueAfter', () => {
  it('is the policy day at 06:00 in Riga, in winter and in summer time', () => {
    expect(nextDueAfter('monthly-run', new Date('2025-01-15T12:00:00Z')).toISOString()).toBe(
      '2025-02-10T04:00:00.000Z',
    );
    expect(nextDueAfter('monthly-run', new Date('2025-03-10T04:00:00Z')).toISOString()).toBe(
      '2025-04-10T03:00:00.000Z',
    );
    expect(nextDueAfter('timesheet-reminders', new Date('2025-03-15T12:00:00Z')).toISOString()).toBe(
      '2025-04-01T03:00:00.000Z',
    );
    // A day off moves the schedule to the next working day: 10 Jan 2026 is a Saturday, 1-2 Jan are days off.
    expect(nextDueAfter('monthly-run', new Date('2025-12-15T12:00:00Z')).toISOString()).toBe(
      '2026-01-12T04:00:00.000Z',
    );
    expect(nextDueAfter('timesheet-reminders', new Date('2025-12-15T12:00:00Z')).toISOString()).toBe(
      '2026-01-05T04:00:00.000Z',
    );
    // 02:00 UTC on 1 April is 05:00 in Riga: the reminders of that very day are still to come.
    expect(nextDueAfter('timesheet-reminders', new Date('2025-04-01T02:00:00Z')).toISOString()).toBe(
      '2025-04-01T03:00:00.000Z',
    );
  });
});

describe('startLocalSchedules', () => {
  it('fires the reminders and the run in order as the clock is advanced, with the outbox drained every five minutes', async () => {
    const clock = new VirtualClock('2025-01-15T12:00:00Z');
    const recording = recordingJobs();
    const saved: string[] = [];
    schedules = startLocalSchedules({
      clock,
      jobs: recording.jobs,
      onFired: (schedule, scheduledAt) => saved.push(`${schedule} ${scheduledAt}`),
    });
    // 1 February and 1 March 2025 are Saturdays: the reminders move to the Monday.
    expect(schedules.next()).toEqual({
      'timesheet-reminders': '2025-02-03T04:00:00.000Z',
      'monthly-run': '2025-02-10T04:00:00.000Z',
    });
    await clock.advanceTo('2025-04-01T00:00:00Z');
    await schedules.idle();
    expect(recording.fired).toEqual([
      'reminders 2025-02-03T04:00:00.000Z',
      'run 2025-02-10T04:00:00.000Z',
      'reminders 2025-03-03T04:00:00.000Z',
      'run 2025-03-10T04:00:00.000Z',
    ]);
    expect(saved).toHaveLength(4);
    const fiveMinutes = (Date.parse('2025-04-01T00:00:00Z') - Date.parse('2025-01-15T12:00:00Z')) / 300_000;
    expect(recording.drains()).toBe(Math.floor(fiveMinutes));
  });

  it('fires what came due while the system was stopped, oldest first', async () => {
    const clock = new VirtualClock('2025-03-20T12:00:00Z');
    const recording = recordingJobs();
    schedules = startLocalSchedules({
      clock,
      jobs: recording.jobs,
      lastFired: {
        'timesheet-reminders': '2025-02-03T04:00:00.000Z',
        'monthly-run': '2025-02-10T04:00:00.000Z',
      },
    });
    await clock.advance(DAY_MS);
    await schedules.idle();
    expect(recording.fired).toEqual(['reminders 2025-03-03T04:00:00.000Z', 'run 2025-03-10T04:00:00.000Z']);
    expect(schedules.next()['monthly-run']).toBe('2025-04-10T03:00:00.000Z');
  });

  it('reports a failing job and keeps the schedule', async () => {
    const clock = new VirtualClock('2025-01-15T12:00:00Z');
    const errors: string[] = [];
    let runs = 0;
    schedules = startLocalSchedules({
      clock,
      jobs: {
        timesheetReminders: async () => {},
        monthlyRun: async () => {
          runs += 1;
          throw new Error('the run could not start');
        },
        drainOutbox: async () => {},
      },
      onError: (schedule, error) => errors.push(`${schedule}: ${(error as Error).message}`),
    });
    await clock.advanceTo('2025-03-11T00:00:00Z');
    await schedules.idle();
    expect(runs).toBe(2);
    expect(errors).toEqual(['monthly-run: the run could not start', 'monthly-run: the run could not start']);
  });

  it('starts no second drain while one is still sending', async () => {
    const clock = new VirtualClock('2025-01-15T12:00:00Z');
    let started = 0;
    let release: () => void = () => {};
    schedules = startLocalSchedules({
      clock,
      jobs: {
        timesheetReminders: async () => {},
        monthlyRun: async () => {},
        drainOutbox: () => {
          started += 1;
          return new Promise<void>((resolve) => {
            release = resolve;
          });
        },
      },
    });
    await clock.advance(60 * 60_000);
    expect(started).toBe(1);
    release();
    await schedules.idle();
    await clock.advance(5 * 60_000);
    expect(started).toBe(2);
    release();
    await schedules.idle();
  });

  it('fires nothing once stopped', async () => {
    const clock = new VirtualClock('2025-01-15T12:00:00Z');
    const recording = recordingJobs();
    schedules = startLocalSchedules({ clock, jobs: recording.jobs });
    schedules.stop();
    await clock.advanceTo('2025-03-11T00:00:00Z');
    expect(recording.fired).toEqual([]);
    expect(recording.drains()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
