/**
 * The clock of `npm start`: real time plus an offset that only grows. Left alone it runs like the
 * wall clock (a timer due in five minutes fires in five real minutes); told to advance, it jumps
 * ahead, firing every timer due on the way in order of due time and letting the system settle
 * after each one, exactly as {@link VirtualClock} does, so a month passes in seconds and every
 * Wait, callback timeout and schedule sees the days go by in order.
 *
 * Why not the virtual clock: a person trying the system wants time to pass by itself (an email
 * sent now says now), and to skip ahead only when they ask. The offset is persisted by the caller
 * (`onAdvance`), so a restart does not move time back.
 *
 * @example
 * const clock = new OffsetClock({ offsetMs: saved, onAdvance: (offsetMs) => save(offsetMs) });
 * clock.schedule(30 * DAY_MS, () => console.log('a month later'));
 * await clock.advance(30 * DAY_MS); // fires it now, with clock.now() at its due time
 * clock.close();
 */
// Node's own timers, from the module rather than the globals: the local runtime redirects the
// global setTimeout inside its executions to this very clock, which must never call itself.
import { clearImmediate, clearTimeout, setImmediate, setTimeout } from 'node:timers';
import { type Clock, LONGEST_NODE_TIMER_MS, sleepOn } from '../../functions/orchestrator/clock.ts';
import { earliestTimer, type Settle, settleTurns } from './virtual-clock.ts';

interface OffsetTimer {
  /** Due on this clock (real time plus offset), in epoch milliseconds. */
  due: number;
  /** Breaks ties: timers due at the same instant fire in the order they were set. */
  order: number;
  callback: () => void;
}

export interface OffsetClockOptions {
  /** How far ahead of real time the clock starts (a saved offset); 0 when absent. */
  offsetMs?: number;
  /** How the clock waits for the system between timers; a few event-loop turns when absent. */
  settle?: Settle;
  /** Told the new offset after every advance, e.g. to write it to the data directory. */
  onAdvance?: (offsetMs: number) => void;
  /**
   * Real time in epoch milliseconds. `new Date()` by default, which reads the system time
   * directly: `Date.now` is redirected to this clock inside executions.
   */
  realNow?: () => number;
}

export class OffsetClock implements Clock {
  #offsetMs: number;
  #timers: OffsetTimer[] = [];
  #order = 0;
  #settle: Settle;
  readonly #onAdvance: (offsetMs: number) => void;
  readonly #realNow: () => number;
  /** The one real timer, armed for the earliest clock timer. */
  #armed: ReturnType<typeof setTimeout> | undefined;
  /** Advances and real-time firings run one at a time, in the order they were asked for. */
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: OffsetClockOptions = {}) {
    this.#offsetMs = options.offsetMs ?? 0;
    if (!Number.isFinite(this.#offsetMs) || this.#offsetMs < 0) {
      throw new RangeError(`the offset must be a non-negative number of milliseconds: ${this.#offsetMs}`);
    }
    this.#settle = options.settle ?? settleTurns;
    this.#onAdvance = options.onAdvance ?? (() => {});
    // biome-ignore lint/complexity/useDateNow: Date.now is this clock inside executions; new Date() is the system time.
    this.#realNow = options.realNow ?? (() => new Date().getTime());
  }

  /** How far ahead of real time the clock is, in milliseconds. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Replace how the clock waits for the system between timers (the local system waits for its runtime and jobs). */
  settleWith(settle: Settle): void {
    this.#settle = settle;
  }

  now(): Date {
    return new Date(this.#nowMs());
  }

  schedule(ms: number, callback: () => void): () => void {
    if (this.#closed) return () => {};
    const now = this.#nowMs();
    const due = now + Math.max(0, ms);
    if (due <= now) {
      // Already due: the next turn, as a real zero timer, whatever the clock is doing.
      const immediate = setImmediate(callback);
      return () => clearImmediate(immediate);
    }
    const timer: OffsetTimer = { due, order: this.#order++, callback };
    this.#timers.push(timer);
    this.#arm();
    return () => {
      this.#timers = this.#timers.filter((pending) => pending !== timer);
      this.#arm();
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /**
   * Move the clock ahead by `ms`, firing every timer due on the way, in order.
   *
   * @example
   * await clock.advance(30 * DAY_MS);
   */
  advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) return Promise.reject(new RangeError('the clock only moves forward'));
    return this.#enqueue(() => this.#advanceTo(this.#nowMs() + ms));
  }

  /**
   * Move the clock ahead to `target`, firing every timer due by then, in order. A target in the
   * past is refused: the clock never goes back.
   *
   * @example
   * await clock.advanceTo('2025-02-10T04:00:00Z');
   */
  advanceTo(target: Date | string): Promise<void> {
    const until = new Date(target).getTime();
    if (Number.isNaN(until)) return Promise.reject(new RangeError(`not a date: ${String(target)}`));
    return this.#enqueue(async () => {
      if (until < this.#nowMs()) throw new RangeError(`cannot move the clock back to ${String(target)}`);
      await this.#advanceTo(until);
    });
  }

  /** Stop the real timer and forget every clock timer; nothing fires after this. */
  close(): void {
    this.#closed = true;
    this.#timers = [];
    if (this.#armed !== undefined) clearTimeout(this.#armed);
    this.#armed = undefined;
  }

  #nowMs(): number {
    return this.#realNow() + this.#offsetMs;
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(work);
    // The queue goes on after a failure; the caller of this step still sees it.
    this.#queue = run.catch(() => {});
    return run;
  }

  async #advanceTo(until: number): Promise<void> {
    await this.#settle();
    for (let next = this.#earliest(); next && next.due <= until; next = this.#earliest()) {
      this.#timers = this.#timers.filter((pending) => pending !== next);
      // Real time keeps running while timers fire, so the offset takes whatever is left to reach the due time.
      this.#offsetMs = Math.max(this.#offsetMs, next.due - this.#realNow());
      next.callback();
      await this.#settle();
    }
    this.#offsetMs = Math.max(this.#offsetMs, until - this.#realNow());
    await this.#settle();
    this.#arm();
    this.#onAdvance(this.#offsetMs);
  }

  /** Fire what real time has made due, in order, settling after each. */
  async #fireDue(): Promise<void> {
    for (let next = this.#earliest(); next && next.due <= this.#nowMs(); next = this.#earliest()) {
      this.#timers = this.#timers.filter((pending) => pending !== next);
      next.callback();
      await this.#settle();
    }
    this.#arm();
  }

  /** Arm the real timer for the earliest clock timer, in slices Node's 32-bit timers can hold. */
  #arm(): void {
    if (this.#armed !== undefined) clearTimeout(this.#armed);
    this.#armed = undefined;
    const earliest = this.#earliest();
    if (!earliest || this.#closed) return;
    const wait = Math.min(Math.max(0, earliest.due - this.#nowMs()), LONGEST_NODE_TIMER_MS);
    this.#armed = setTimeout(() => {
      this.#armed = undefined;
      void this.#enqueue(() => this.#fireDue());
    }, wait);
    // The clock never keeps the process alive by itself: servers and children do.
    this.#armed.unref();
  }

  #earliest(): OffsetTimer | undefined {
    return earliestTimer(this.#timers);
  }
}
