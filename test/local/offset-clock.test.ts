/**
 * The clock of `npm start`: real time plus an offset. It runs by itself, advancing fires the
 * timers due on the way in order (each seeing its own due time as now), it never goes back, long
 * waits do not fire early, and the new offset is reported for saving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import { OffsetClock } from '../../local/stepfunctions/offset-clock.ts';

const clocks: OffsetClock[] = [];
function clockWith(options: ConstructorParameters<typeof OffsetClock>[0] = {}): OffsetClock {
  const clock = new OffsetClock(options);
  clocks.push(clock);
  return clock;
}
afterEach(() => {
  for (const clock of clocks.splice(0)) clock.close();
});

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OffsetClock', () => {
  it('follows real time, ahead by its offset', () => {
    const clock = clockWith({ offsetMs: 5 * DAY_MS });
    const ahead = clock.now().getTime() - Date.now();
    expect(ahead).toBeGreaterThanOrEqual(5 * DAY_MS - 50);
    expect(ahead).toBeLessThanOrEqual(5 * DAY_MS + 50);
  });

  it('fires a short timer in real time, without being advanced', async () => {
    const clock = clockWith();
    let fired = false;
    clock.schedule(30, () => {
      fired = true;
    });
    expect(fired).toBe(false);
    await realSleep(120);
    expect(fired).toBe(true);
    expect(clock.offsetMs).toBe(0);
  });

  it('advancing fires every timer due on the way in order, each seeing its due time as now', async () => {
    const clock = clockWith();
    const start = clock.now().getTime();
    const seen: [string, number][] = [];
    const note = (name: string) => () =>
      seen.push([name, Math.round((clock.now().getTime() - start) / DAY_MS)]);
    clock.schedule(20 * DAY_MS, note('day 20'));
    clock.schedule(5 * DAY_MS, () => {
      note('day 5')();
      // Set in reaction: due on day 10, before the day-20 timer set earlier.
      clock.schedule(5 * DAY_MS, note('day 10 (set on day 5)'));
    });
    clock.schedule(40 * DAY_MS, note('day 40'));
    await clock.advance(30 * DAY_MS);
    expect(seen).toEqual([
      ['day 5', 5],
      ['day 10 (set on day 5)', 10],
      ['day 20', 20],
    ]);
    expect(Math.round((clock.now().getTime() - start) / DAY_MS)).toBe(30);
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires timers due at the same instant in the order they were set', async () => {
    const clock = clockWith();
    const order: number[] = [];
    for (const n of [1, 2, 3]) clock.schedule(DAY_MS, () => order.push(n));
    await clock.advance(DAY_MS);
    expect(order).toEqual([1, 2, 3]);
  });

  it('lets the system settle after each timer before the next fires', async () => {
    const settled: string[] = [];
    let inFlight = 0;
    const clock = clockWith({
      settle: async () => {
        while (inFlight > 0) await realSleep(5);
        settled.push('settled');
      },
    });
    clock.schedule(DAY_MS, () => {
      inFlight += 1;
      void realSleep(30).then(() => {
        settled.push('work done');
        inFlight -= 1;
      });
    });
    clock.schedule(2 * DAY_MS, () => settled.push('second timer'));
    await clock.advance(3 * DAY_MS);
    expect(settled.indexOf('work done')).toBeLessThan(settled.indexOf('second timer'));
  });

  it('cancels a timer, reports the offset after an advance, and refuses to go back', async () => {
    const offsets: number[] = [];
    const clock = clockWith({ onAdvance: (offsetMs) => offsets.push(offsetMs) });
    let fired = false;
    const cancel = clock.schedule(DAY_MS, () => {
      fired = true;
    });
    cancel();
    await clock.advance(2 * DAY_MS);
    expect(fired).toBe(false);
    expect(offsets).toHaveLength(1);
    expect(offsets[0]).toBeGreaterThanOrEqual(2 * DAY_MS - 50);
    await expect(clock.advanceTo(new Date(Date.now()))).rejects.toThrow(/back/);
    await expect(clock.advance(-1)).rejects.toThrow(/forward/);
    expect(() => new OffsetClock({ offsetMs: -1 })).toThrow(RangeError);
  });

  it('keeps a wait longer than Node’s 32-bit timers (about 24.8 days) until it is due', async () => {
    const clock = clockWith();
    let fired = false;
    clock.schedule(40 * DAY_MS, () => {
      fired = true;
    });
    await realSleep(50);
    expect(fired).toBe(false);
    await clock.advance(39 * DAY_MS);
    expect(fired).toBe(false);
    await clock.advance(DAY_MS);
    expect(fired).toBe(true);
  });

  it('sleeps on the clock and wakes early when aborted', async () => {
    const clock = clockWith();
    const controller = new AbortController();
    const sleeping = clock.sleep(10 * DAY_MS, controller.signal);
    controller.abort();
    await sleeping;
    const slept = clock.sleep(DAY_MS);
    await clock.advance(DAY_MS);
    await slept;
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires nothing after close', async () => {
    const clock = clockWith();
    let fired = false;
    clock.schedule(20, () => {
      fired = true;
    });
    clock.close();
    await realSleep(60);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});
