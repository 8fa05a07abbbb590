/**
 * The ministry's monitoring indicators in the store: counters kept in INDICATOR items, one per
 * month, municipality and shard (`pk = INDICATOR#<YYYY-MM>`, `sk = M#<m>#<shard>`), added to with
 * `ADD` in the same transaction as the event that changes them (a statement, an assessment, an
 * approval, an activation, an early review, an email), so each counts exactly once; and the
 * figures read from the indexes the system has anyway (the month's active cases, the
 * municipality's case items). Never a Scan: a month is one query of its INDICATOR partition,
 * eight of the active index, one of the case index per municipality.
 *
 * A case always adds to the same shard (the active index's hash of its key), so the run's
 * concurrent transactions on one municipality meet on one item in eight, not on every one.
 * Counter items hold figures only: no case id, no person.
 *
 * @example
 * await table.transact([...eventItems, ...indicatorUpdates(ref, [{ month: '2026-11', counters: { emailsSent: 1 } }])]);
 * const table = await indicators.month('2026-11', { today: '2026-12-01' });
 */
import { addMonths, type IsoDate, monthOf, rigaDateOf, type YearMonth } from '../domain/calendar.ts';
import { COUNTER_NAMES, type Counters } from '../domain/indicators/definitions.ts';
import type { CounterChange } from '../domain/indicators/deltas.ts';
import { indicatorTable, type MonthIndicators } from '../domain/indicators/table.ts';
import { activeCaseRefs } from './active-cases.ts';
import type { Item, TableClient, TransactItem } from './client.ts';
import {
  activeShardOf,
  type CaseRef,
  type ItemKey,
  idSchema,
  municipalityPk,
  validate,
  yearMonthSchema,
} from './keys.ts';

export const indicatorPk = (month: YearMonth) => `INDICATOR#${month}`;
export const indicatorKey = (month: YearMonth, ref: CaseRef): ItemKey => ({
  pk: indicatorPk(month),
  sk: `${municipalityPk(ref.municipality)}#${activeShardOf(ref)}`,
});

/**
 * The UpdateItems that add `changes` to the case's municipality's counters, for a transaction.
 * Throws RangeError for a name that is not a counter (a programming error, not input).
 */
export function indicatorUpdates(ref: CaseRef, changes: readonly CounterChange[]): TransactItem[] {
  // One item a month: a transaction may not name the same item twice (a plan taking effect in a
  // month the previous cycle's grant is cut short from adds to it twice).
  const byMonth = new Map<YearMonth, Counters>();
  for (const change of changes) {
    const counters = byMonth.get(change.month) ?? {};
    for (const [name, value] of Object.entries(change.counters))
      if (typeof value === 'number') counters[name] = (counters[name] ?? 0) + value;
    byMonth.set(change.month, counters);
  }
  const items: TransactItem[] = [];
  for (const change of [...byMonth].map(([month, counters]) => ({ month, counters }))) {
    const entries = Object.entries(change.counters).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] !== 0,
    );
    if (entries.length === 0) continue;
    const names: Record<string, string> = { '#month': 'month' };
    const values: Record<string, unknown> = {
      ':entity': 'Indicator',
      ':version': 1,
      ':municipality': ref.municipality,
      ':month': change.month,
    };
    const adds = entries.map(([name, value], index) => {
      if (!COUNTER_NAMES.has(name)) throw new RangeError(`${name} is not an indicator counter`);
      names[`#c${index}`] = name;
      values[`:c${index}`] = value;
      return `#c${index} :c${index}`;
    });
    items.push({
      Update: {
        Key: indicatorKey(change.month, ref),
        UpdateExpression: `SET entity = :entity, schemaVersion = :version, municipality = :municipality, #month = :month ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
  }
  return items;
}

/** The month of an instant in Riga, for counters of things that happen at an instant (an email). */
export const rigaMonthOf = (instant: string): YearMonth => monthOf(rigaDateOf(instant));

export class IndicatorRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * The month's counters by municipality, shards summed: one query of the month's partition (one
   * municipality's items only, by the sort key, when given).
   * @example
   * const counters = await indicators.counters('2026-11'); // Map { 'talsi' => { hoursPaidMinutes: 48_000, ... } }
   */
  async counters(month: YearMonth, municipality?: string): Promise<Map<string, Counters>> {
    validate(yearMonthSchema, month, 'month');
    if (municipality !== undefined) validate(idSchema, municipality, 'municipality');
    const items = await this.table.queryAll({
      KeyConditionExpression:
        municipality === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :municipality)',
      ExpressionAttributeValues: {
        ':pk': indicatorPk(month),
        ...(municipality !== undefined && { ':municipality': `${municipalityPk(municipality)}#` }),
      },
    });
    const totals = new Map<string, Counters>();
    for (const item of items) {
      const owner = String(item['municipality'] ?? '');
      const counters = totals.get(owner) ?? {};
      for (const name of COUNTER_NAMES) {
        const value = item[name];
        if (typeof value === 'number') counters[name] = (counters[name] ?? 0) + value;
      }
      totals.set(owner, counters);
    }
    return totals;
  }

  /** The municipality's cases opened in `month` (Riga date) and its cases by phase, from its case items. */
  private async caseFigures(municipality: string, month: YearMonth) {
    const items: Item[] = await this.table.queryAll({
      IndexName: 'casesByMunicipality',
      KeyConditionExpression: 'municipalityCasesPk = :pk',
      ExpressionAttributeValues: { ':pk': municipalityPk(municipality) },
      ProjectionExpression: 'phase, createdAt',
    });
    let opened = 0;
    const phases: Record<string, number> = {};
    for (const item of items) {
      if (typeof item['createdAt'] === 'string' && rigaMonthOf(item['createdAt']) === month) opened += 1;
      const phase = String(item['phase'] ?? 'unknown');
      phases[phase] = (phases[phase] ?? 0) + 1;
    }
    return { opened, phases };
  }

  /**
   * The month's indicators, one municipality's or every municipality's with the country's sum;
   * `today` dates the snapshot (cases by phase).
   * @example
   * const table = await indicators.month('2026-11', { today: '2026-12-01', municipality: 'talsi' });
   */
  async month(
    month: YearMonth,
    options: { today: IsoDate; municipality?: string },
  ): Promise<MonthIndicators> {
    validate(yearMonthSchema, month, 'month');
    const { municipality } = options;
    const counters = await this.counters(month, municipality);
    const served = new Map<string, number>();
    for (const ref of await activeCaseRefs(this.table, month, month, municipality)) {
      served.set(ref.municipality, (served.get(ref.municipality) ?? 0) + 1);
    }
    const municipalities =
      municipality === undefined ? new Set([...counters.keys(), ...served.keys()]) : new Set([municipality]);
    const newCases = new Map<string, number>();
    const phases = new Map<string, Record<string, number>>();
    for (const name of [...municipalities].sort()) {
      const figures = await this.caseFigures(name, month);
      if (figures.opened > 0) newCases.set(name, figures.opened);
      if (Object.keys(figures.phases).length > 0) phases.set(name, figures.phases);
    }
    return indicatorTable(month, options.today, counters, { childrenServed: served, newCases, phases });
  }

  /** The months from `from` to `to`, both included, each as {@link month} reads it. */
  async months(
    from: YearMonth,
    to: YearMonth,
    options: { today: IsoDate; municipality?: string },
  ): Promise<MonthIndicators[]> {
    const tables: MonthIndicators[] = [];
    for (let month = from; month <= to; month = addMonths(month, 1))
      tables.push(await this.month(month, options));
    return tables;
  }
}
