/**
 * The cases active in any month of a period, each once, from the index activeCasesByMonth (one
 * query per month and shard, narrowed to one municipality by the index's sort key; never a Scan):
 * what the ministry's indicators count as children served and the what-if's cohort replays.
 * On its own so that the store's repositories and the readers built on the store can share it.
 *
 * @example
 * const refs = await activeCaseRefs(table, '2025-01', '2025-06', 'talsi');
 */
import { addMonths, type YearMonth } from '../domain/calendar.ts';
import type { TableClient } from './client.ts';
import { activeIndexEntity, decodeItem } from './entities.ts';
import { activeMonthPk, type CaseRef, municipalityPk } from './keys.ts';
import { ACTIVE_CASE_SHARDS } from './table.ts';

/** The refs of every case active in a month of the period, each once, by municipality and case id. */
export async function activeCaseRefs(
  table: TableClient,
  from: YearMonth,
  to: YearMonth,
  municipality?: string,
): Promise<CaseRef[]> {
  const refs = new Map<string, CaseRef>();
  for (let month = from; month <= to; month = addMonths(month, 1)) {
    for (let shard = 0; shard < ACTIVE_CASE_SHARDS; shard += 1) {
      const items = await table.queryAll({
        IndexName: 'activeCasesByMonth',
        KeyConditionExpression:
          municipality === undefined
            ? 'activeMonthPk = :pk'
            : 'activeMonthPk = :pk AND begins_with(activeMonthSk, :m)',
        ExpressionAttributeValues: {
          ':pk': activeMonthPk(month, shard),
          ...(municipality !== undefined && { ':m': `${municipalityPk(municipality)}#` }),
        },
      });
      for (const item of items) {
        const entry = decodeItem(activeIndexEntity, item);
        refs.set(`${entry.municipality}#${entry.caseId}`, {
          municipality: entry.municipality,
          caseId: entry.caseId,
        });
      }
    }
  }
  return [...refs.values()].sort((a, b) =>
    a.municipality === b.municipality
      ? a.caseId < b.caseId
        ? -1
        : 1
      : a.municipality < b.municipality
        ? -1
        : 1,
  );
}
