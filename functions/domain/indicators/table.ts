/**
 * A month's indicators as a table, a row per municipality and one for the country, and the same
 * table made safe to publish: every export applies {@link suppress} first.
 *
 * Suppression (the policy's `monitoring.suppressBelowChildren`, 5 by default):
 * 1. A count of children (or of their cases, assessments, plans, services) from 1 to threshold - 1
 *    is suppressed.
 * 2. A municipality serving from 1 to threshold - 1 children in the month has every figure of its
 *    row suppressed (hours and money of so few children tell about them as much as a count).
 * 3. A sum or a mean about the children of a count (days late, days to approval) is suppressed
 *    with that count.
 * 4. So that a suppressed figure cannot be found as the country less the other municipalities, a
 *    column with exactly one suppressed municipality also hides its smallest other non-zero figure.
 * The country row is suppressed by rules 1 and 3 only.
 *
 * @example
 * const table = indicatorTable('2026-11', counters, queried);
 * const safe = suppress(table, 5);
 * safe.rows[0]?.cells.childrenServed // { value: 12 } or { value: null, suppressed: 'count' }
 */
import { divideRoundHalfUp } from '../money.ts';
import { type Counters, INDICATOR_BY_NAME, INDICATORS, PHASES_COUNTED } from './definitions.ts';

export const COUNTRY = 'LV';

export interface IndicatorRow {
  /** A municipality id, or {@link COUNTRY} for the whole country. */
  municipality: string;
  values: Record<string, number>;
}

export interface MonthIndicators {
  month: string;
  /** The date the snapshot figures (cases by phase) were read. */
  readOn: string;
  rows: IndicatorRow[];
  country: IndicatorRow;
}

/** What the store read besides its counters: the active index and the case index. */
export interface QueriedFigures {
  childrenServed: ReadonlyMap<string, number>;
  newCases: ReadonlyMap<string, number>;
  /** Cases by phase, by municipality. */
  phases: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

const DERIVED: Record<string, [string, string]> = {
  assessmentMeanLateDays: ['assessmentLateDays', 'assessmentsLate'],
  approvalMeanDays: ['approvalDays', 'plansApproved'],
};

/** Sums and means about the children a count counts: suppressed with that count (rule 3). */
const DEPENDENT: Record<string, string> = {
  assessmentLateDays: 'assessmentsLate',
  assessmentMeanLateDays: 'assessmentsLate',
  approvalDays: 'plansApproved',
  approvalMeanDays: 'plansApproved',
};

function rowOf(municipality: string, counters: Counters, queried: QueriedFigures): IndicatorRow {
  const values: Record<string, number> = {};
  for (const indicator of INDICATORS) values[indicator.name] = counters[indicator.name] ?? 0;
  values['childrenServed'] = queried.childrenServed.get(municipality) ?? 0;
  values['newCases'] = queried.newCases.get(municipality) ?? 0;
  const phases = queried.phases.get(municipality) ?? {};
  for (const phase of PHASES_COUNTED) values[`casesInPhase_${phase}`] = phases[phase] ?? 0;
  return { municipality, values };
}

function withDerived(row: IndicatorRow): IndicatorRow {
  for (const [name, [sum, count]] of Object.entries(DERIVED)) {
    const total = row.values[sum] ?? 0;
    const divisor = row.values[count] ?? 0;
    row.values[name] = divisor > 0 && total >= 0 ? divideRoundHalfUp(total, divisor) : 0;
  }
  return row;
}

/**
 * The month's table from the counters (by municipality, shards summed) and the queried figures.
 * A municipality is in it when it has counters, active cases or cases.
 */
export function indicatorTable(
  month: string,
  readOn: string,
  counters: ReadonlyMap<string, Counters>,
  queried: QueriedFigures,
): MonthIndicators {
  const municipalities = new Set([
    ...counters.keys(),
    ...queried.childrenServed.keys(),
    ...queried.newCases.keys(),
    ...queried.phases.keys(),
  ]);
  const rows = [...municipalities]
    .sort()
    .map((municipality) => withDerived(rowOf(municipality, counters.get(municipality) ?? {}, queried)));
  const country: IndicatorRow = { municipality: COUNTRY, values: {} };
  for (const indicator of INDICATORS) {
    country.values[indicator.name] = rows.reduce((sum, row) => sum + (row.values[indicator.name] ?? 0), 0);
  }
  return { month, readOn, rows, country: withDerived(country) };
}

export type SuppressionReason = 'count' | 'row' | 'dependent' | 'secondary';

export interface Cell {
  /** Null when suppressed. */
  value: number | null;
  suppressed?: SuppressionReason;
}

export interface SafeRow {
  municipality: string;
  cells: Record<string, Cell>;
}

export interface SafeMonthIndicators {
  month: string;
  readOn: string;
  threshold: number;
  rows: SafeRow[];
  country: SafeRow;
}

const isSmallCount = (name: string, value: number, threshold: number) =>
  INDICATOR_BY_NAME.get(name)?.countsChildren === true && value > 0 && value < threshold;

function primary(row: IndicatorRow, threshold: number, wholeRow: boolean): SafeRow {
  const cells: Record<string, Cell> = {};
  for (const [name, value] of Object.entries(row.values)) {
    if (wholeRow && value !== 0) cells[name] = { value: null, suppressed: 'row' };
    else if (isSmallCount(name, value, threshold)) cells[name] = { value: null, suppressed: 'count' };
    else cells[name] = { value };
  }
  for (const [name, count] of Object.entries(DEPENDENT)) {
    if (cells[count]?.value === null && cells[name]?.value !== null)
      cells[name] = { value: null, suppressed: 'dependent' };
  }
  return { municipality: row.municipality, cells };
}

/** The table with every figure that could tell about fewer than `threshold` children suppressed. */
export function suppress(table: MonthIndicators, threshold: number): SafeMonthIndicators {
  const rows = table.rows.map((row) => {
    const served = row.values['childrenServed'] ?? 0;
    return primary(row, threshold, served > 0 && served < threshold);
  });
  for (const indicator of INDICATORS) {
    const name = indicator.name;
    const hidden = rows.filter((row) => row.cells[name]?.value === null);
    if (hidden.length !== 1) continue;
    let smallest: SafeRow | undefined;
    for (const row of rows) {
      const value = row.cells[name]?.value;
      if (value === null || value === undefined || value === 0) continue;
      const least = smallest?.cells[name]?.value;
      if (least === null || least === undefined || Math.abs(value) < Math.abs(least)) smallest = row;
    }
    if (smallest) smallest.cells[name] = { value: null, suppressed: 'secondary' };
  }
  return {
    month: table.month,
    readOn: table.readOn,
    threshold,
    rows,
    country: primary(table.country, threshold, false),
  };
}
