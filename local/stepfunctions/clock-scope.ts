/**
 * Runs aws-local-stepfunctions on a {@link Clock}. The library waits with the global
 * `setTimeout` and reads `Date.now()` (Wait states, Retry pauses, Task and execution timeouts);
 * inside an execution's async scope those calls go to the execution's clock instead, so a
 * virtual clock drives them and long waits never overflow Node's 32-bit timers. Outside a scope
 * (everything else in the process, and the handlers the runtime calls) they are Node's own.
 *
 * @example
 * installClockScope();
 * const run = onClock(clock, () => machine.run(input, options));
 * const output = await offClock(() => handler(event)); // handlers keep real timers
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { promisify } from 'node:util';
import type { Clock } from '../../functions/orchestrator/clock.ts';
// Loaded first for its side effect: the real clock captures Node's timers before we patch them.
import '../../functions/orchestrator/clock.ts';

const scope = new AsyncLocalStorage<Clock>();

const native = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, now: Date.now };

/** The handle returned for a timer on a clock; `clearTimeout` recognises it. */
class ClockTimer {
  constructor(readonly cancel: () => void) {}
  // The shape of Node's Timeout, for callers that ref/unref; a clock timer never holds the process.
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return false;
  }
}

let installed = false;

/** Redirect the global timers inside clock scopes; idempotent, and a no-op outside scopes. */
export function installClockScope(): void {
  if (installed) return;
  installed = true;
  const scopedSetTimeout = function setTimeout(
    this: unknown,
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ): unknown {
    const clock = scope.getStore();
    if (!clock) return (native.setTimeout as (...all: unknown[]) => unknown)(callback, ms, ...args);
    return new ClockTimer(clock.schedule(Number(ms ?? 0) || 0, () => callback(...args)));
  };
  Object.defineProperty(scopedSetTimeout, promisify.custom, {
    value: (native.setTimeout as unknown as Record<symbol, unknown>)[promisify.custom],
  });
  globalThis.setTimeout = scopedSetTimeout as unknown as typeof globalThis.setTimeout;
  globalThis.clearTimeout = ((handle: unknown) => {
    if (handle instanceof ClockTimer) handle.cancel();
    else native.clearTimeout(handle as Parameters<typeof clearTimeout>[0]);
  }) as typeof globalThis.clearTimeout;
  Date.now = () => {
    const clock = scope.getStore();
    return clock ? clock.now().getTime() : native.now();
  };
}

/** Run `fn` (and everything it starts asynchronously) with the global timers on `clock`. */
export function onClock<T>(clock: Clock, fn: () => T): T {
  return scope.run(clock, fn);
}

/** Run `fn` with Node's own timers, even from inside a clock scope (for handlers and SDK calls). */
export function offClock<T>(fn: () => T): T {
  return scope.exit(fn);
}
