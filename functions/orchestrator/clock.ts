/**
 * The clock port: the time now, sleeping, and timers. The real clock on AWS and in `npm start`;
 * a virtual one (`local/stepfunctions/virtual-clock.ts`) in tests, where a year passes in
 * milliseconds.
 *
 * @example
 * const cancel = clock.schedule(14 * DAY_MS, () => remind());
 * await clock.sleep(1_000, abortController.signal);
 */

export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or at once when `signal` aborts (without throwing). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `callback` after `ms`; returns a function that cancels it. */
  schedule(ms: number, callback: () => void): () => void;
}

export const SECOND_MS = 1_000;
export const DAY_MS = 86_400_000;

/** Node's timers hold 32-bit signed milliseconds: longer delays fire at once (about 24.8 days). */
export const LONGEST_NODE_TIMER_MS = 2_147_483_647;

// Captured at load: the local runtime redirects the global timers of its executions to a clock,
// and the real clock must never call back into that redirection.
const nativeSetTimeout = globalThis.setTimeout;
const nativeClearTimeout = globalThis.clearTimeout;
const nativeNow = Date.now;

/**
 * Real time, with timers of any length: a delay past Node's limit is slept in slices.
 *
 * @example
 * realClock.schedule(30 * DAY_MS, () => console.log('a month later'));
 */
export const realClock: Clock = {
  now: () => new Date(nativeNow()),
  schedule(ms, callback) {
    const due = nativeNow() + Math.max(0, ms);
    let handle: ReturnType<typeof setTimeout>;
    const arm = (): void => {
      const left = due - nativeNow();
      handle =
        left > LONGEST_NODE_TIMER_MS
          ? nativeSetTimeout(arm, LONGEST_NODE_TIMER_MS)
          : nativeSetTimeout(callback, Math.max(0, left));
    };
    arm();
    return () => nativeClearTimeout(handle);
  },
  sleep(ms, signal) {
    return sleepOn(realClock, ms, signal);
  },
};

/**
 * A sleep built on a clock's `schedule`, resolving early (quietly) on abort.
 *
 * @example
 * await sleepOn(clock, 500, signal);
 */
export function sleepOn(clock: Pick<Clock, 'schedule'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    const cancel = clock.schedule(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
