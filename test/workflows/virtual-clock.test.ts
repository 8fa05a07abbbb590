import { describe, expect, it } from 'vitest';
import { DAY_MS, realClock } from '../../functions/orchestrator/clock.ts';
import { withResolvers } from '../../local/stepfunctions/promise-with-resolvers.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';

describe('VirtualClock', () => {
  it('fires due timers in order of due time, ties in the order set, and stops at the target', async () => {
    const clock = new VirtualClock('2024-01-01T00:00:00Z');
    const fired: string[] = [];
    clock.schedule(2 * DAY_MS, () => fired.push(`b@${clock.now().toISOString()}`));
    clock.schedule(DAY_MS, () => fired.push('a1'));
    clock.schedule(DAY_MS, () => fired.push('a2'));
    clock.schedule(400 * DAY_MS, () => fired.push('late'));
    await clock.advance(2 * DAY_MS);
    expect(fired).toEqual(['a1', 'a2', 'b@2024-01-03T00:00:00.000Z']);
    expect(clock.now().toISOString()).toBe('2024-01-03T00:00:00.000Z');
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires a timer set by an earlier one when it falls due within the same advance', async () => {
    const clock = new VirtualClock('2024-01-01T00:00:00Z');
    const fired: number[] = [];
    clock.schedule(10, () => clock.schedule(10, () => fired.push(clock.now().getTime())));
    await clock.advance(25);
    expect(fired).toEqual([Date.parse('2024-01-01T00:00:00.020Z')]);
  });

  it('cancels timers, ends sleeps early on abort, and never moves back', async () => {
    const clock = new VirtualClock('2024-01-01T00:00:00Z');
    const cancel = clock.schedule(1_000, () => {
      throw new Error('cancelled timers do not fire');
    });
    cancel();
    const abort = new AbortController();
    const slept = clock.sleep(DAY_MS, abort.signal);
    abort.abort();
    await slept;
    expect(clock.pendingTimers).toBe(0);
    await expect(clock.advanceTo('2023-12-31T00:00:00Z')).rejects.toThrow(RangeError);
  });
});

describe('realClock', () => {
  it('holds a timer longer than Node allows without firing it early', async () => {
    let fired = false;
    const cancel = realClock.schedule(40 * DAY_MS, () => {
      fired = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancel();
    expect(fired).toBe(false);
  });
});

describe('Promise.withResolvers', () => {
  it('is present (polyfilled on Node 20) and settles the promise it returns', async () => {
    const { promise, resolve } = withResolvers<number>();
    resolve(7);
    await expect(promise).resolves.toBe(7);
    expect(typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers).toBe('function');
  });
});
