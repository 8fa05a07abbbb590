/**
 * A fresh table per test file on the run's DynamoDB Local, so files run in parallel without
 * seeing each other's items.
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type CapacityUsage, createDocumentClient, localClientConfig } from '../../functions/store/client.ts';
import { createStore, type Store } from '../../functions/store/store.ts';
import { ensureTable } from '../../functions/store/table.ts';

export interface TestTable {
  store: Store;
  tableName: string;
  /** A raw client on the same table, for planting broken items and looking behind the store. */
  raw: DynamoDBClient;
  /** Another store on the same table, e.g. with a capacity listener. */
  storeWith(onCapacity: (usage: CapacityUsage) => void): Store;
  drop(): Promise<void>;
}

export async function createTestTable(label: string): Promise<TestTable> {
  const config = localClientConfig(inject('dynamoEndpoint'));
  const raw = new DynamoDBClient(config);
  const tableName = `test-${label}-${randomBytes(4).toString('hex')}`;
  await ensureTable(raw, tableName);
  const documents = createDocumentClient(config);
  return {
    store: createStore({ tableName, documents }),
    tableName,
    raw,
    storeWith: (onCapacity) => createStore({ tableName, documents, onCapacity }),
    drop: async () => {
      await raw.send(new DeleteTableCommand({ TableName: tableName }));
      raw.destroy();
      documents.destroy();
    },
  };
}
