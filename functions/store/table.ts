/**
 * The one table, defined once: its keys, its sparse secondary indexes (named after the access
 * patterns they serve) and its TTL attribute. The CDK stack, the local system and the tests all
 * build the table from {@link TABLE_DEFINITION}; docs/data-model.md explains every key.
 *
 * @example
 * await ensureTable(client, 'atbalsts-test');
 * const input = createTableInput('atbalsts'); // for CreateTable; CDK maps the same definition
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

export interface KeyAttribute {
  name: string;
  type: 'S';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Attributes copied into the index besides the keys; `ALL` copies the whole item. */
  projection: 'ALL' | readonly string[];
}

/** How many index partitions the month's active cases and the pending outbox are spread over. */
export const ACTIVE_CASE_SHARDS = 8;
export const PENDING_OUTBOX_SHARDS = 4;

export const TABLE_DEFINITION = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: 'casesByMunicipality',
      partitionKey: { name: 'municipalityCasesPk', type: 'S' },
      sortKey: { name: 'municipalityCasesSk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'casesByCoordinator',
      partitionKey: { name: 'coordinatorCasesPk', type: 'S' },
      sortKey: { name: 'coordinatorCasesSk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'casesByDueDate',
      partitionKey: { name: 'dueDatePk', type: 'S' },
      sortKey: { name: 'dueDateSk', type: 'S' },
      projection: ['municipality', 'caseId', 'dueKind', 'dueDate'],
    },
    {
      indexName: 'activeCasesByMonth',
      partitionKey: { name: 'activeMonthPk', type: 'S' },
      sortKey: { name: 'activeMonthSk', type: 'S' },
      projection: ['municipality', 'caseId'],
    },
    {
      // One assistant's timesheets of a month across cases and municipalities (paid once, weekly maximum).
      indexName: 'timesheetsByAssistantMonth',
      partitionKey: { name: 'assistantMonthPk', type: 'S' },
      sortKey: { name: 'assistantMonthSk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'workQueue',
      partitionKey: { name: 'workQueuePk', type: 'S' },
      sortKey: { name: 'workQueueSk', type: 'S' },
      projection: 'ALL',
    },
    {
      indexName: 'pendingOutbox',
      partitionKey: { name: 'pendingOutboxPk', type: 'S' },
      sortKey: { name: 'pendingOutboxSk', type: 'S' },
      projection: 'ALL',
    },
  ],
} as const satisfies {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  timeToLiveAttribute: string;
  billingMode: 'PAY_PER_REQUEST';
  globalSecondaryIndexes: readonly IndexDefinition[];
};

export type IndexName = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number]['indexName'];

/** The CreateTable request for the definition (on-demand, so no capacity to guess). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  const note = (attribute: KeyAttribute) => attributes.set(attribute.name, attribute);
  note(TABLE_DEFINITION.partitionKey);
  note(TABLE_DEFINITION.sortKey);
  for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
    note(index.partitionKey);
    note(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: TABLE_DEFINITION.billingMode,
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: [
      { AttributeName: TABLE_DEFINITION.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection:
        index.projection === 'ALL'
          ? { ProjectionType: 'ALL' }
          : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
    })),
  };
}

/** Create the table (and switch TTL on) unless it exists; for the local system and the tests. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
    }),
  );
}
