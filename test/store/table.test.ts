import { describe, expect, it } from 'vitest';
import { activeShardOf, casePk } from '../../functions/store/keys.ts';
import { ACTIVE_CASE_SHARDS, createTableInput, TABLE_DEFINITION } from '../../functions/store/table.ts';

describe('the table definition', () => {
  it('builds CreateTable from the one definition, with an index per access pattern and TTL named', () => {
    const input = createTableInput('t');
    expect(input.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      'casesByMunicipality',
      'casesByCoordinator',
      'casesByDueDate',
      'activeCasesByMonth',
      'timesheetsByAssistantMonth',
      'workQueue',
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
