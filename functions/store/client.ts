/**
 * The thin layer between the repositories and DynamoDB: one document client, one table name,
 * consumed capacity counted when someone listens, and transaction cancellations turned into
 * reasons the repositories can act on.
 *
 * @example
 * const table = new TableClient(createDocumentClient({ endpoint }), 'atbalsts');
 * const item = await table.get({ pk: 'M#riga#C#c-1', sk: 'CASE' });
 */
import {
  type ConsumedCapacity,
  DynamoDBClient,
  type DynamoDBClientConfig,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys.ts';

export type Item = Record<string, NativeAttributeValue>;

/** A single write refused by its condition (outside a transaction, where it is a {@link TransactionCancelled}). */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
type TransactEntry = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/** One write of a transaction; the table name is added by {@link TableClient.transact}. */
export interface TransactItem {
  Put?: Omit<NonNullable<TransactEntry['Put']>, 'TableName'>;
  Update?: Omit<NonNullable<TransactEntry['Update']>, 'TableName'>;
  Delete?: Omit<NonNullable<TransactEntry['Delete']>, 'TableName'>;
  ConditionCheck?: Omit<NonNullable<TransactEntry['ConditionCheck']>, 'TableName'>;
}

export interface CapacityUsage {
  readUnits: number;
  writeUnits: number;
}

/** A document client that drops `undefined` fields (optional fields are absent, not null). */
export function createDocumentClient(
  config: DynamoDBClientConfig = {},
  /** Wraps the low-level client, e.g. for tracing on Lambda; nothing by default. */
  instrument: (client: DynamoDBClient) => DynamoDBClient = (client) => client,
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(instrument(new DynamoDBClient(config)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** For DynamoDB Local: any credentials, a fixed region, the given endpoint. */
export function localClientConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: 'eu-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** Why each item of a cancelled transaction failed, in order (`None` for items that did not). */
export class TransactionCancelled extends Error {
  constructor(
    readonly reasons: readonly { code: string }[],
    cause: unknown,
  ) {
    super(`transaction cancelled: ${reasons.map((r) => r.code).join(', ')}`, { cause });
    this.name = 'TransactionCancelled';
  }

  failedOn(index: number, code = 'ConditionalCheckFailed'): boolean {
    return this.reasons[index]?.code === code;
  }

  get isConflict(): boolean {
    return this.reasons.some((r) => r.code === 'TransactionConflict');
  }
}

export class TableClient {
  constructor(
    readonly documents: DynamoDBDocumentClient,
    readonly tableName: string,
    /** Called with the units of every request when set (ReturnConsumedCapacity is only asked for then). */
    private readonly onCapacity?: (usage: CapacityUsage) => void,
  ) {}

  private get returnCapacity() {
    return this.onCapacity ? ('TOTAL' as const) : undefined;
  }

  private count(capacity: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    if (!this.onCapacity || !capacity) return;
    for (const entry of Array.isArray(capacity) ? capacity : [capacity]) {
      const total = entry.CapacityUnits ?? 0;
      const read = entry.ReadCapacityUnits ?? 0;
      const write = entry.WriteCapacityUnits ?? 0;
      // Some answers give only the total; it is then all of one kind, which the caller knows.
      this.onCapacity({ readUnits: read, writeUnits: write || (read ? 0 : total) });
    }
  }

  async get(key: ItemKey, consistent = false): Promise<Item | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ConsistentRead: consistent,
        ReturnConsumedCapacity: this.returnCapacity,
      }),
    );
    if (result.ConsumedCapacity)
      this.onCapacity?.({ readUnits: result.ConsumedCapacity.CapacityUnits ?? 0, writeUnits: 0 });
    return result.Item;
  }

  /** Some attributes of one item (a projection), or undefined when there is none. */
  async getProjected(
    key: ItemKey,
    projection: string,
    names: Record<string, string>,
  ): Promise<Item | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ProjectionExpression: projection,
        ExpressionAttributeNames: names,
        ReturnConsumedCapacity: this.returnCapacity,
      }),
    );
    if (result.ConsumedCapacity)
      this.onCapacity?.({ readUnits: result.ConsumedCapacity.CapacityUnits ?? 0, writeUnits: 0 });
    return result.Item;
  }

  /** One page of a query. */
  async queryPage(
    input: Omit<QueryCommandInput, 'TableName'>,
  ): Promise<{ items: Item[]; lastKey: Record<string, NativeAttributeValue> | undefined }> {
    const result = await this.documents.send(
      new QueryCommand({ ...input, TableName: this.tableName, ReturnConsumedCapacity: this.returnCapacity }),
    );
    if (result.ConsumedCapacity)
      this.onCapacity?.({ readUnits: result.ConsumedCapacity.CapacityUnits ?? 0, writeUnits: 0 });
    return { items: result.Items ?? [], lastKey: result.LastEvaluatedKey };
  }

  /** Every page of a query, for collections known to be small (one case's items). */
  async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, NativeAttributeValue> | undefined;
    do {
      const page = await this.queryPage({ ...input, ...(start && { ExclusiveStartKey: start }) });
      items.push(...page.items);
      start = page.lastKey;
    } while (start);
    return items;
  }

  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<Item | undefined> {
    const result = await this.documents.send(
      new UpdateCommand({ ...input, TableName: this.tableName, ReturnConsumedCapacity: this.returnCapacity }),
    );
    if (result.ConsumedCapacity)
      this.onCapacity?.({ readUnits: 0, writeUnits: result.ConsumedCapacity.CapacityUnits ?? 0 });
    return result.Attributes;
  }

  /** All or nothing; a cancellation becomes {@link TransactionCancelled} with a reason per item. */
  async transact(items: TransactItem[], clientRequestToken?: string): Promise<void> {
    const withTable = items.map((item) => {
      const entry: TransactEntry = {};
      if (item.Put) entry.Put = { ...item.Put, TableName: this.tableName };
      if (item.Update) entry.Update = { ...item.Update, TableName: this.tableName };
      if (item.Delete) entry.Delete = { ...item.Delete, TableName: this.tableName };
      if (item.ConditionCheck) entry.ConditionCheck = { ...item.ConditionCheck, TableName: this.tableName };
      return entry;
    });
    try {
      const result = await this.documents.send(
        new TransactWriteCommand({
          TransactItems: withTable,
          ReturnConsumedCapacity: this.returnCapacity,
          ...(clientRequestToken !== undefined && { ClientRequestToken: clientRequestToken }),
        }),
      );
      this.count(
        result.ConsumedCapacity?.map((c) => ({
          ...c,
          WriteCapacityUnits: c.WriteCapacityUnits ?? c.CapacityUnits,
        })),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((reason) => ({ code: reason.Code ?? 'None' }));
        throw new TransactionCancelled(reasons, error);
      }
      throw error;
    }
  }
}

/** Wait a little, more each attempt, with jitter, before retrying a conflicting transaction. */
export async function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(1_000, 20 * 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
