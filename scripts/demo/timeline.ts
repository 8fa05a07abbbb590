/**
 * The demo's span on the virtual clock, and its own voice: a line on stdout, with the time taken so far.
 */
import { addDays } from '../../functions/domain/calendar.ts';
import { settlementDaysOf } from '../../functions/monthly-run/run-month.ts';

/** The pilot's intake: after the run of 10 December, so its first month settled is one with plans. */
export const DEMO_START = '2024-12-11';
/**
 * The day after the monthly run that settles December 2025 (the 10th, moved to the next working
 * day: Monday 12 January 2026).
 */
export const DEMO_END = addDays(settlementDaysOf('2025-12').settlement, 1);
export const DAY_STARTS_AT = '08:00';

const started = performance.now();
/** Whole seconds since the demo started. */
export const secondsElapsed = () => Math.round((performance.now() - started) / 1000);
export const elapsed = () => {
  const seconds = secondsElapsed();
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
};
export const say = (line: string) => process.stdout.write(`${line}\n`);
