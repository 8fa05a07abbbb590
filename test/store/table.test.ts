import { describe, expect, it } from 'vitest';
import { activeShardOf, casePk } from '../../functions/store/keys.ts';
import { statementDifference } from '../../functions/store/statement-difference.ts';
import { ACTIVE_CASE_SHARDS, createTableInput, TABLE_DEFINITION } from '../../functions/store/table.ts';
import { settleMonth } from '../support/store-fixtures.ts';

describe('the table definition', () => {
  it('builds CreateTable from the one definition, with an index per access pattern and TTL named', () => {
    const input = createTableInput('t');
    expect(input.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      'casesByMunicipality',
      'casesByCoordinator',
      'casesByDueDate',
      'activeCasesByMonth',
      'pendingOutbox',
    ]);
    expect(new Set(input.AttributeDefinitions?.map((a) => a.AttributeName)).size).toBe(
      input.AttributeDefinitions?.length,
    );
    expect(TABLE_DEFINITION.timeToLiveAttribute).toBe('expiresAt');
  });

  it('spreads cases over every active-month shard', () => {
    const shards = new Set(
      Array.from({ length: 200 }, (_, i) => activeShardOf({ municipality: 'riga', caseId: `c-${i}` })),
    );
    expect(shards.size).toBe(ACTIVE_CASE_SHARDS);
    expect(casePk({ municipality: 'riga', caseId: 'c-1' })).toBe('M#riga#C#c-1');
  });
});

describe('the difference a supplementary statement carries', () => {
  it('is nothing when the month settles the same', () => {
    const statement = settleMonth('2024-03', { '04': 4 });
    expect(statementDifference([statement], settleMonth('2024-03', { '04': 4 }))).toBeUndefined();
  });

  it('subtracts lines, and can be negative when hours are taken back', () => {
    const difference = statementDifference(
      [settleMonth('2024-03', { '04': 4, '05': 2 })],
      settleMonth('2024-03', { '04': 3 }),
    );
    expect(difference?.paidMinutes).toBe(-180);
    expect(difference?.lines.map((l) => [l.date, l.minutes])).toEqual([
      ['2024-03-04', -60],
      ['2024-03-05', -120],
    ]);
  });
});
