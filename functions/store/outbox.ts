/**
 * The outbox: notifications decided by a state change, written in the same transaction as the
 * change, with a deterministic id (kind, scope, recipient), so deciding one twice writes nothing
 * new. Pending items sit in the sparse `pendingOutbox` index until they are marked sent; a sent
 * item keeps its record for the policy's retention and then expires by TTL.
 * Items hold ids and figures only; the sender looks addresses up in the case's person item.
 *
 * @example
 * const { items } = await outbox.pending({ limit: 25 });
 * await outbox.markSent(ref, items[0].notificationId, { messageId, at, retentionDays: 90 });
 */
import { z } from 'zod';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import type { Page } from './cases.ts';
import { type Item, type TableClient, type TransactItem, TransactionCancelled } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import {
  decodeItem,
  type OutboxDraft,
  outboxDraftSchema,
  outboxEntity,
  type StoredOutboxItem,
} from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import {
  type CaseRef,
  caseKey,
  checkCaseRef,
  outboxKey,
  outboxShardOf,
  pendingOutboxPk,
  validate,
} from './keys.ts';
import { PENDING_OUTBOX_SHARDS } from './table.ts';

const DAY_SECONDS = 24 * 60 * 60;

export const notificationIdOf = (draft: z.output<typeof outboxDraftSchema>) =>
  `${draft.kind}:${draft.scope}:${draft.recipient.role}:${draft.recipient.id}`;

/** The stored item of a draft; validated here, so the transaction never carries a bad one. */
export function outboxItem(
  ref: CaseRef,
  draft: OutboxDraft,
  at: string,
): { item: Item; stored: StoredOutboxItem } {
  const checked = validate(outboxDraftSchema, draft, 'outbox');
  const notificationId = notificationIdOf(checked);
  const stored: StoredOutboxItem = {
    entity: 'Outbox',
    schemaVersion: 1,
    municipality: ref.municipality,
    caseId: ref.caseId,
    notificationId,
    ...checked,
    status: 'pending',
    attempts: 0,
    createdAt: at,
  };
  return {
    stored,
    item: {
      ...outboxKey(ref, notificationId),
      ...stored,
      pendingOutboxPk: pendingOutboxPk(outboxShardOf(notificationId)),
      pendingOutboxSk: `${at}#${notificationId}`,
    },
  };
}

/** A Put that writes the notification only if it was not decided before. */
export function outboxPut(ref: CaseRef, draft: OutboxDraft, at: string): TransactItem {
  return { Put: { Item: outboxItem(ref, draft, at).item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

const pendingCursorSchema = z.strictObject({
  shard: z
    .number()
    .int()
    .min(0)
    .max(PENDING_OUTBOX_SHARDS - 1),
  key: z.record(z.string(), z.string()).optional(),
});

export class OutboxRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Decide notifications outside a statement: each is written once; ones decided before are left
   * as they are. Returns the ids that were new.
   * @example
   * await outbox.enqueue(ref, [{ kind: 'assessment-due', scope: 'cycle-2', recipient: { role: 'coordinator', id: 'u-7' } }], note);
   */
  async enqueue(ref: CaseRef, drafts: readonly OutboxDraft[], note: AuditNote): Promise<string[]> {
    checkCaseRef(ref);
    checkAuditNote(note);
    const created: string[] = [];
    for (const draft of drafts) {
      const { item, stored } = outboxItem(ref, draft, note.at);
      try {
        await this.table.transact([
          { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
          { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
          auditEventPut(ref, note, ['outbox'], String(item['sk'])),
        ]);
        created.push(stored.notificationId);
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        if (error.failedOn(0))
          throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
        if (!error.failedOn(1)) throw error;
      }
    }
    return created;
  }

  /**
   * One notification of a case, or undefined.
   * @example
   * const item = await outbox.get(ref, 'statement:2024-03:legal-representative:p-1');
   */
  async get(ref: CaseRef, notificationId: string): Promise<StoredOutboxItem | undefined> {
    checkCaseRef(ref);
    const item = await this.table.get(outboxKey(ref, notificationId), true);
    return item ? decodeItem(outboxEntity, item) : undefined;
  }

  /**
   * Pending notifications, oldest first within each shard of the pendingOutbox index, across all
   * shards, a page at a time.
   * @example
   * let page = await outbox.pending({ limit: 100 });
   * while (page.cursor) page = await outbox.pending({ limit: 100, cursor: page.cursor });
   */
  async pending(page: { limit?: number; cursor?: string } = {}): Promise<Page<StoredOutboxItem>> {
    const limit = page.limit ?? 100;
    let position = page.cursor === undefined ? { shard: 0 } : decodeCursor(page.cursor, pendingCursorSchema);
    const items: StoredOutboxItem[] = [];
    while (items.length < limit) {
      const result = await this.table.queryPage({
        IndexName: 'pendingOutbox',
        KeyConditionExpression: 'pendingOutboxPk = :pk',
        ExpressionAttributeValues: { ':pk': pendingOutboxPk(position.shard) },
        Limit: limit - items.length,
        ...(position.key && { ExclusiveStartKey: position.key }),
      });
      items.push(...result.items.map((item) => decodeItem(outboxEntity, item)));
      if (result.lastKey) position = { shard: position.shard, key: result.lastKey as Record<string, string> };
      else if (position.shard + 1 < PENDING_OUTBOX_SHARDS) position = { shard: position.shard + 1 };
      else return { items };
    }
    return { items, cursor: encodeCursor(position) };
  }

  /**
   * Record a sent notification: it leaves the pending index and expires after the retention
   * (days, from the policy). A second mark is a {@link ConflictError}: it was already sent.
   * @example
   * await outbox.markSent(ref, id, { messageId: 'ses-123', at: '2024-04-05T08:00:00Z', retentionDays: 90 });
   */
  async markSent(
    ref: CaseRef,
    notificationId: string,
    sent: { messageId: string; at: string; retentionDays: number },
  ): Promise<void> {
    checkCaseRef(ref);
    validate(
      z.strictObject({
        messageId: z.string().min(1),
        at: z.iso.datetime({ offset: true }),
        retentionDays: z.number().int().min(1),
      }),
      sent,
      'sent',
    );
    const key = outboxKey(ref, notificationId);
    const expiresAt = Math.floor(Date.parse(sent.at) / 1000) + sent.retentionDays * DAY_SECONDS;
    try {
      await this.table.update({
        Key: key,
        UpdateExpression:
          'SET #status = :sent, sentAt = :at, messageId = :messageId, expiresAt = :expiresAt REMOVE pendingOutboxPk, pendingOutboxSk',
        ConditionExpression: 'attribute_exists(pk) AND #status IN (:pending, :sending)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':pending': 'pending',
          ':sending': 'sending',
          ':at': sent.at,
          ':messageId': sent.messageId,
          ':expiresAt': expiresAt,
        },
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        if (!(await this.get(ref, notificationId)))
          throw new NotFoundError(key, `notification ${notificationId}`);
        throw new ConflictError(key, `notification ${notificationId} is not pending`);
      }
      throw error;
    }
  }
}
