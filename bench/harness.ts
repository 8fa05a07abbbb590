/**
 * A tiny benchmark harness: each suite measures its subject and its floor in the same run, over
 * the same inputs, so the ratio says how far the code is from the cost of merely reading them.
 * Wall-clock figures on a shared machine vary; ratios within one run are the stable part.
 */
import { performance } from 'node:perf_hooks';

export interface Measurement {
  label: string;
  items: number;
  seconds: number;
}

export interface SuiteResult {
  suite: string;
  unit: string;
  subject: Measurement;
  floor: Measurement;
  /** Extra lines a suite wants printed (e.g. consumed capacity). */
  notes?: string[];
}

export interface Suite {
  name: string;
  run(options: { scale: number }): Promise<SuiteResult>;
}

/** Time `work` once after a warm-up on a slice of the items, the way a long-lived Lambda sees it. */
export function measure(
  label: string,
  items: number,
  work: () => void,
  warmUp: () => void = work,
): Measurement {
  warmUp();
  const start = performance.now();
  work();
  return { label, items, seconds: (performance.now() - start) / 1000 };
}

export async function measureAsync(
  label: string,
  items: number,
  work: () => Promise<void>,
): Promise<Measurement> {
  const start = performance.now();
  await work();
  return { label, items, seconds: (performance.now() - start) / 1000 };
}

export const perSecond = (m: Measurement) => m.items / m.seconds;

export function formatResult(result: SuiteResult): string {
  const rate = (m: Measurement) => Math.round(perSecond(m)).toLocaleString('en-US');
  const lines = [
    `${result.suite}`,
    `  ${result.subject.label}: ${rate(result.subject)} ${result.unit}/s (${result.subject.items.toLocaleString('en-US')} in ${result.subject.seconds.toFixed(2)} s)`,
    `  floor, ${result.floor.label}: ${rate(result.floor)} ${result.unit}/s (${result.floor.items.toLocaleString('en-US')} in ${result.floor.seconds.toFixed(2)} s)`,
    `  ratio (subject time / floor time per item): ${(perSecond(result.floor) / perSecond(result.subject)).toFixed(2)}x`,
    ...(result.notes ?? []).map((note) => `  ${note}`),
  ];
  return lines.join('\n');
}

/** A small deterministic PRNG (mulberry32), so every run benchmarks the same inputs. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}
