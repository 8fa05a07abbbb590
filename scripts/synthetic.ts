/**
 * Synthetic children from a seeded generator, shared by the demo's pilot (scripts/demo/pilot.ts)
 * and the country's cohort for the what-if (scripts/country-cohort.ts): the draws, the team's
 * recommendations, providers near and far, a month of an assistant's days. The same seed and the
 * same calls give the same data, byte for byte: each helper draws in a fixed order.
 *
 * @example
 * const draw = new Draw(7);
 * const entries = assistantDays(draw, '2025-03', 80 * 60, { overCapChance: 0.05, usage: 0.8,
 *   activity: (d) => d.pick(['education']), confirmed: () => true });
 */
import { daysInMonth, isoWeekday, toDayNumber, type YearMonth } from '../functions/domain/calendar.ts';

/**
 * mulberry32: a small, fast, well-mixed 32-bit generator; ample for synthetic data.
 *
 * @example
 * const random = seededRandom(7); random() // the same number every time for seed 7
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Draws from one seeded generator. */
export class Draw {
  readonly #random: () => number;
  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }
  /** A number in [0, 1). */
  next(): number {
    return this.#random();
  }
  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#random() < p;
  }
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.#random() * items.length)];
    if (item === undefined) throw new RangeError('nothing to pick from');
    return item;
  }
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.#random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}

/**
 * The team's recommendations for the services in their rank order: an intensity drawn from the
 * service's range (`units`, 2-8 a month when it has none), half of it the minimum.
 */
export function recommendationsOf(
  draw: Draw,
  services: readonly string[],
  units: Readonly<Record<string, [number, number]>>,
  essential: (index: number) => boolean,
) {
  return services.map((service, index) => {
    const [low, high] = units[service] ?? [2, 8];
    const unitsPerMonth = draw.int(low, high);
    return {
      service,
      rank: index + 1,
      unitsPerMonth,
      minUnitsPerMonth: Math.max(1, Math.floor(unitsPerMonth / 2)),
      essential: essential(index),
    };
  });
}

/**
 * A provider of the municipality for each service but those none could be found for
 * (`missingChance`), most near home and a few up to `far` km away.
 */
export function providersOf(
  draw: Draw,
  services: readonly string[],
  municipality: string,
  [near, far]: readonly [number, number],
  missingChance: number,
) {
  return services
    .filter(() => !draw.chance(missingChance))
    .map((service) => ({
      service,
      providerId: `${municipality}-${service}`.slice(0, 64),
      distanceKm: Math.round((near + draw.next() ** 2 * (far - near)) * 10) / 10,
    }));
}

/** How an assistant fills a month: how often over the grant, how much of it, each day's activity and flag. */
export interface AssistantHabits {
  overCapChance: number;
  /** The share of the grant used in a usual month. */
  usage: number;
  activity: (draw: Draw) => string;
  confirmed: (draw: Draw) => boolean;
}

/** A month of assistant days: weekdays, 2-6 hours from 08:00 to 15:00, about `usage` of the grant; sometimes over it. */
export function assistantDays(draw: Draw, month: YearMonth, grantMinutes: number, habits: AssistantHabits) {
  const overCap = draw.chance(habits.overCapChance);
  const target = overCap
    ? grantMinutes + draw.int(4, 16) * 60
    : Math.min(
        grantMinutes,
        Math.round((grantMinutes * habits.usage * (0.85 + draw.next() * 0.25)) / 30) * 30,
      );
  const year = Number(month.slice(0, 4));
  const weekdays: string[] = [];
  for (let day = 1; day <= daysInMonth(year, Number(month.slice(5, 7))); day += 1) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    if (isoWeekday(toDayNumber(date)) <= 5) weekdays.push(date);
  }
  const entries: {
    date: string;
    minutes: number;
    activity: string;
    confirmed: boolean;
    start: number;
    end: number;
  }[] = [];
  let left = target;
  const perDay = Math.max(120, Math.min(360, Math.ceil(target / weekdays.length / 30) * 30));
  for (const date of weekdays) {
    if (left <= 0) break;
    const minutes = Math.min(left, perDay);
    const start = 8 * 60 + draw.int(0, 2) * 60;
    entries.push({
      date,
      minutes,
      activity: habits.activity(draw),
      confirmed: habits.confirmed(draw),
      start,
      end: start + minutes,
    });
    left -= minutes;
  }
  return entries;
}
