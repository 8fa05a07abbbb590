/**
 * Settle and store N generated case-months through the store (one TransactWriteItems each: a
 * condition on the case, the statement, two notifications, the audit event) against an
 * in-memory DynamoDB Local, beside the floor: BatchWriteItem of the same items, same
 * concurrency, same run. Consumed capacity comes from ReturnConsumedCapacity on both sides.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { parseSettlementCase } from '../functions/domain/settlement/input.ts';
import { settleHours } from '../functions/domain/settlement/settle.ts';
import type { HourStatement } from '../functions/domain/settlement/types.ts';
import { auditEventPut } from '../functions/store/audit.ts';
import { caseItem } from '../functions/store/cases.ts';
import { createDocumentClient, type Item, localClientConfig } from '../functions/store/client.ts';
import type { OutboxDraft, StoredCase } from '../functions/store/entities.ts';
import { type CaseRef, statementKey } from '../functions/store/keys.ts';
import { outboxItem } from '../functions/store/outbox.ts';
import { createStore } from '../functions/store/store.ts';
import { ensureTable } from '../functions/store/table.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { measureAsync, randomSource, type Suite } from './harness.ts';
import { generateCaseMonth } from './settle.bench.ts';

const CONCURRENCY = 8;
const AT = '2025-02-05T06:00:00.000Z';
const NOTE = { actor: { kind: 'system', id: 'monthly-run' }, action: 'statement-settled', at: AT } as const;

const drafts = (month: string, participantId: string): OutboxDraft[] => [
  { kind: 'monthly-statement', scope: month, recipient: { role: 'legal-representative', id: participantId } },
  { kind: 'pay-statement', scope: month, recipient: { role: 'assistant', id: `${participantId}-a` } },
];

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );
}

/** BatchWriteItem until nothing is left unprocessed; returns the write units consumed. */
async function batchWrite(
  documents: ReturnType<typeof createDocumentClient>,
  tableName: string,
  items: readonly Item[],
) {
  let units = 0;
  await inParallel(chunks(items, 25), async (chunk) => {
    let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] =
      chunk.map((Item) => ({
        PutRequest: { Item },
      }));
    while (requests.length > 0) {
      const result = await documents.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests }, ReturnConsumedCapacity: 'TOTAL' }),
      );
      units += result.ConsumedCapacity?.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0) ?? 0;
      requests = result.UnprocessedItems?.[tableName] ?? [];
    }
  });
  return units;
}

export const storeSuite: Suite = {
  name: 'store',
  async run({ scale }) {
    const total = Math.max(1, Math.round(10_000 * scale));
    const random = randomSource(20_250_205);
    const inputs = Array.from({ length: total }, (_, i) => generateCaseMonth(random, i));
    const dynamo = await startDynamoDbLocal();
    try {
      const config = localClientConfig(dynamo.endpoint);
      const raw = new DynamoDBClient(config);
      const documents = createDocumentClient(config);
      await ensureTable(raw, 'bench-subject');
      await ensureTable(raw, 'bench-floor');
      const refs: CaseRef[] = inputs.map((_, i) => ({ municipality: `m-${i % 43}`, caseId: `case-${i}` }));
      // The cases exist before the run, as they would on the settlement day (not timed).
      const cases = refs.map((ref, i) =>
        caseItem({
          entity: 'Case',
          schemaVersion: 1,
          ...ref,
          participantId: `P-${i}`,
          coordinatorId: 'u-1',
          status: 'open',
          phase: 'active',
          cycle: 1,
          version: 1,
          createdAt: AT,
          updatedAt: AT,
        } satisfies StoredCase),
      );
      await batchWrite(documents, 'bench-subject', cases);

      let readUnits = 0;
      let writeUnits = 0;
      const store = createStore({
        tableName: 'bench-subject',
        documents,
        onCapacity: (usage) => {
          readUnits += usage.readUnits;
          writeUnits += usage.writeUnits;
        },
      });
      const statements: HourStatement[] = new Array(total);
      let created = 0;
      const subject = await measureAsync('parse, settle and store exactly once', total, () =>
        inParallel(
          inputs.map((_, i) => i),
          async (i) => {
            const statement = settleHours(parseSettlementCase(JSON.parse(inputs[i] as string)));
            statements[i] = statement;
            const ref = refs[i] as CaseRef;
            const result = await store.statements.settle(ref, statement, {
              outbox: drafts(statement.month, statement.participantId),
              note: NOTE,
            });
            if (result.created) created++;
          },
        ),
      );

      // The same items, written plainly.
      const floorItems: Item[] = [];
      statements.forEach((statement, i) => {
        const ref = refs[i] as CaseRef;
        floorItems.push({
          ...statementKey(ref, statement.month, 0),
          entity: 'Statement',
          schemaVersion: 1,
          month: statement.month,
          sequence: 0,
          kind: 'original',
          settledAt: AT,
          statement,
        });
        for (const draft of drafts(statement.month, statement.participantId))
          floorItems.push(outboxItem(ref, draft, AT).item);
        floorItems.push(auditEventPut(ref, NOTE, ['statement'], 'STATEMENT').Put?.Item as Item);
      });
      let floorUnits = 0;
      const floor = await measureAsync(
        `BatchWriteItem of the same ${floorItems.length / total} items per case-month`,
        total,
        async () => {
          floorUnits = await batchWrite(documents, 'bench-floor', floorItems);
        },
      );
      // The design's minimum: a transaction costs twice a plain write of the same items, and its
      // condition check on the (sub-1 KB) case item costs 2 more; nothing needs reading.
      const floorPerCase = floorUnits / total;
      const minimum = 2 * floorPerCase + 2;
      raw.destroy();
      documents.destroy();
      return {
        suite: `Store: settle and store ${total.toLocaleString('en-US')} case-months on DynamoDB Local (in memory), ${CONCURRENCY} in flight`,
        unit: 'case-months',
        subject,
        floor,
        notes: [
          `statements written: ${created.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`,
          `consumed per settled case-month: ${(readUnits / total).toFixed(2)} RCU, ${(writeUnits / total).toFixed(2)} WCU`,
          `floor per case-month: ${floorPerCase.toFixed(2)} WCU; design minimum: 0 RCU, ${minimum.toFixed(2)} WCU (2 x floor + 2 for the case check)`,
        ],
      };
    } finally {
      await dynamo.stop();
    }
  },
};
