/**
 * A virtual clock: time stands still until a test (or the local system, on demand) advances it;
 * advancing fires the due timers in order of their due time, letting the system settle after
 * each one, so a timer set by a reaction to an earlier one still fires in its turn.
 *
 * @example
 * const clock = new VirtualClock('2024-01-01T00:00:00Z');
 * const slept = clock.sleep(30 * DAY_MS);
 * await clock.advance(30 * DAY_MS); // `slept` resolves: a month passed in a millisecond
 */
import { type Clock, sleepOn } from '../../functions/orchestrator/clock.ts';

interface VirtualTimer {
  due: number;
  /** Breaks ties: timers due at the same instant fire in the order they were set. */
  order: number;
  callback: () => void;
}

/** Waits until the system has done all it can at the present instant. */
export type Settle = () => Promise<void>;

// Captured at load, before the local runtime redirects timers inside its executions.
const nativeSetImmediate = globalThis.setImmediate;
const nativeClearImmediate = globalThis.clearImmediate;

/** The default settle: a few turns of the event loop, enough for promise chains to run out. */
export const settleTurns: Settle = async () => {
  for (let turn = 0; turn < 3; turn += 1) await new Promise<void>((resolve) => nativeSetImmediate(resolve));
};

export class VirtualClock implements Clock {
  #now: number;
  #timers: VirtualTimer[] = [];
  #order = 0;
  #settle: Settle;

  constructor(start: Date | string, settle: Settle = settleTurns) {
    this.#now = new Date(start).getTime();
    if (Number.isNaN(this.#now)) throw new RangeError(`not a date: ${String(start)}`);
    this.#settle = settle;
  }

  /** Replace how the clock waits for the system between timers (the runtime waits for its handlers). */
  settleWith(settle: Settle): void {
    this.#settle = settle;
  }

  now(): Date {
    return new Date(this.#now);
  }

  schedule(ms: number, callback: () => void): () => void {
    const due = this.#now + Math.max(0, ms);
    if (due <= this.#now) {
      // Already due: fire on the next turn, as a real zero timer would, without waiting for an advance.
      const immediate = nativeSetImmediate(callback);
      return () => nativeClearImmediate(immediate);
    }
    const timer: VirtualTimer = { due, order: this.#order++, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((pending) => pending !== timer);
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** How many timers wait for the clock to advance. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** When the next timer is due, if any. */
  nextDue(): Date | undefined {
    const next = this.#earliest();
    return next ? new Date(next.due) : undefined;
  }

  /**
   * Move time forward by `ms`, firing every timer due on the way, in order.
   *
   * @example
   * await clock.advance(14 * DAY_MS);
   */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError('the clock only moves forward');
    await this.advanceTo(new Date(this.#now + ms));
  }

  /**
   * Move time forward to `target`, firing every timer due by then, in order.
   *
   * @example
   * await clock.advanceTo(new Date('2025-01-01T00:00:00Z'));
   */
  async advanceTo(target: Date | string): Promise<void> {
    const until = new Date(target).getTime();
    if (Number.isNaN(until) || until < this.#now) {
      throw new RangeError(`cannot move the clock back to ${String(target)}`);
    }
    await this.#settle();
    for (let next = this.#earliest(); next && next.due <= until; next = this.#earliest()) {
      this.#timers = this.#timers.filter((pending) => pending !== next);
      this.#now = next.due;
      next.callback();
      await this.#settle();
    }
    this.#now = until;
    await this.#settle();
  }

  #earliest(): VirtualTimer | undefined {
    return earliestTimer(this.#timers);
  }
}

/**
 * The timer due first; of timers due at once, the one set first (both clocks fire in this order).
 *
 * @example
 * earliestTimer([{ due: 5, order: 2 }, { due: 5, order: 1 }]) // { due: 5, order: 1 }
 */
export function earliestTimer<T extends { due: number; order: number }>(timers: Iterable<T>): T | undefined {
  let earliest: T | undefined;
  for (const timer of timers) {
    if (
      !earliest ||
      timer.due < earliest.due ||
      (timer.due === earliest.due && timer.order < earliest.order)
    ) {
      earliest = timer;
    }
  }
  return earliest;
}
