/**
 * The outbox: notifications decided by a state change, written in the same transaction as the
 * change, with a deterministic id (kind, scope, recipient), so deciding one twice writes nothing
 * new. Pending items sit in the sparse `pendingOutbox` index until they are marked sent; a sent
 * item keeps its record for the policy's retention and then expires by TTL.
 * Items hold ids and figures only; the sender looks addresses up in the case's person item.
 *
 * A sender takes an item with {@link OutboxRepository.claim}: a conditional update to `sending`
 * under a lease, so two senders never hold the same item; a lease left by a sender that died
 * runs out and the item can be claimed again. The holder then marks it sent, gives it back
 * (`release`) after a transient failure, or marks it failed, with an alert item in the same
 * transaction.
 *
 * @example
 * const { items } = await outbox.pending({ limit: 25 });
 * const claimed = await outbox.claim(ref, items[0].notificationId, { by: 'sender-1', at, leaseSeconds: 300 });
 * if (claimed) await outbox.markSent(ref, claimed.notificationId, { messageId, at, retentionDays: 90 });
 */
import { z } from 'zod';
import type { CounterChange } from '../domain/indicators/deltas.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import {
  backoff,
  type Item,
  isConditionFailure,
  type TableClient,
  type TransactItem,
  TransactionCancelled,
} from './client.ts';
import { CursorError, decodeCursor, encodeCursor, startKeySchema } from './cursor.ts';
import {
  decodeItem,
  type OutboxDraft,
  outboxDraftSchema,
  outboxEntity,
  type StoredOutboxItem,
} from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { indicatorUpdates, rigaMonthOf } from './indicators.ts';
import {
  type CaseRef,
  caseKey,
  casePk,
  checkCaseRef,
  outboxKey,
  outboxShardOf,
  pendingOutboxPk,
  validate,
} from './keys.ts';
import type { Page } from './page.ts';
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

const claimSchema = z.strictObject({
  by: z.string().min(1).max(128),
  at: z.iso.datetime({ offset: true }),
  leaseSeconds: z.number().int().min(1),
});
const holderSchema = z.strictObject({ by: z.string().min(1).max(128), at: z.iso.datetime({ offset: true }) });
const bounceSchema = z.strictObject({
  messageId: z.string().min(1).max(256),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code'),
  retentionDays: z.number().int().min(1),
});
const failureSchema = holderSchema.extend({
  reason: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code'),
  retentionDays: z.number().int().min(1),
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
   * Every notification of a case still on record (sent ones expire after the retention), by id.
   * @example
   * const emails = await outbox.forCase(ref); // [{ kind: 'assessment-due', status: 'sent', ... }]
   */
  async forCase(ref: CaseRef): Promise<StoredOutboxItem[]> {
    checkCaseRef(ref);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'OUTBOX#' },
    });
    return items.map((item) => decodeItem(outboxEntity, item));
  }

  /**
   * A case's notifications of one kind whose scope begins with `scope` (a month's statements and
   * their supplementary ones: `monthly-statement`, `2024-03`), in one query.
   * @example
   * const sent = await outbox.ofKind(ref, 'pay-statement', '2024-03');
   */
  async ofKind(ref: CaseRef, kind: string, scope: string): Promise<StoredOutboxItem[]> {
    checkCaseRef(ref);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': `OUTBOX#${kind}:${scope}` },
    });
    return items.map((item) => decodeItem(outboxEntity, item));
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
    const inShard = startKeySchema({
      partition: ['pendingOutboxPk', pendingOutboxPk(position.shard)],
      sort: ['pendingOutboxSk'],
      tableKeys: true,
    });
    if (position.key && !inShard.safeParse(position.key).success) throw new CursorError();
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
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#markSentOnce(ref, key, sent, expiresAt);
        return;
      } catch (error) {
        // Another transaction on the month's counter item: try again (the item is still pending).
        if (!(error instanceof TransactionCancelled && error.isConflict && attempt < 5)) throw error;
        await backoff(attempt);
      }
    }
  }

  async #markSentOnce(
    ref: CaseRef,
    key: ReturnType<typeof outboxKey>,
    sent: { messageId: string; at: string },
    expiresAt: number,
  ): Promise<void> {
    const notificationId = key.sk.slice('OUTBOX#'.length);
    try {
      // With the month's emails-sent counter, so an email is counted once, as it is marked sent.
      await this.table.transact([
        {
          Update: {
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
          },
        },
        ...indicatorUpdates(ref, [{ month: rigaMonthOf(sent.at), counters: { emailsSent: 1 } }]),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        if (!(await this.get(ref, notificationId)))
          throw new NotFoundError(key, `notification ${notificationId}`);
        throw new ConflictError(key, `notification ${notificationId} is not pending`);
      }
      throw error;
    }
  }

  /**
   * Take a pending notification (or one whose sender's lease ran out) for sending. Exactly one of
   * several concurrent claims wins; the others get `undefined`, as do claims of items already
   * sent or failed. Counts the attempt.
   * @example
   * const item = await outbox.claim(ref, id, { by: 'sender-7f3a', at: new Date().toISOString(), leaseSeconds: 300 });
   */
  async claim(
    ref: CaseRef,
    notificationId: string,
    claim: { by: string; at: string; leaseSeconds: number },
  ): Promise<StoredOutboxItem | undefined> {
    checkCaseRef(ref);
    validate(claimSchema, claim, 'claim');
    const now = Date.parse(claim.at);
    try {
      const attributes = await this.table.update({
        Key: outboxKey(ref, notificationId),
        UpdateExpression:
          'SET #status = :sending, claimedBy = :by, claimedUntil = :until, attempts = if_not_exists(attempts, :zero) + :one',
        ConditionExpression:
          'attribute_exists(pk) AND (#status = :pending OR (#status = :sending AND claimedUntil < :now))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':by': claim.by,
          ':until': now + claim.leaseSeconds * 1000,
          ':now': now,
          ':zero': 0,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      });
      return attributes ? decodeItem(outboxEntity, attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Mark that the holder is about to call SES for a claimed notification, so whoever reclaims it
   * after a crash knows a send may have happened (`sendStartedAt`); `uncertain` counts a send made
   * again after such a crash (`uncertainResends`). Only the holder can; anyone else gets a
   * {@link ConflictError}.
   * @example
   * await outbox.markSendStarted(ref, id, { by: 'sender-7f3a', at }, false);
   */
  async markSendStarted(
    ref: CaseRef,
    notificationId: string,
    holder: { by: string; at: string },
    uncertain: boolean,
  ): Promise<void> {
    checkCaseRef(ref);
    validate(holderSchema, holder, 'holder');
    await this.#updateWhileHeld(
      ref,
      notificationId,
      holder.by,
      uncertain
        ? 'SET sendStartedAt = :at, uncertainResends = if_not_exists(uncertainResends, :zero) + :one'
        : 'SET sendStartedAt = :at',
      { ':at': holder.at, ...(uncertain && { ':zero': 0, ':one': 1 }) },
    );
  }

  /**
   * Give a claimed notification back after a transient failure, for a later drain. Only its holder
   * can; anyone else gets a {@link ConflictError}.
   * @example
   * await outbox.release(ref, id, { by: 'sender-7f3a', at }, 'throttled');
   */
  async release(
    ref: CaseRef,
    notificationId: string,
    holder: { by: string; at: string },
    lastError: string,
    /** SES did not answer the last try (a network failure): it may have taken it, so the send marker stays. */
    sendMayHaveHappened = false,
  ): Promise<void> {
    checkCaseRef(ref);
    validate(holderSchema, holder, 'holder');
    await this.#updateWhileHeld(
      ref,
      notificationId,
      holder.by,
      `SET #status = :pending, lastError = :error, releasedAt = :at REMOVE claimedBy, claimedUntil${sendMayHaveHappened ? '' : ', sendStartedAt'}`,
      { ':pending': 'pending', ':error': lastError, ':at': holder.at },
    );
  }

  /** An update made only by the sender holding the claim; anyone else gets a {@link ConflictError}. */
  async #updateWhileHeld(
    ref: CaseRef,
    notificationId: string,
    by: string,
    updateExpression: string,
    values: Record<string, string | number>,
  ): Promise<void> {
    const key = outboxKey(ref, notificationId);
    try {
      await this.table.update({
        Key: key,
        UpdateExpression: updateExpression,
        ConditionExpression: '#status = :sending AND claimedBy = :by',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sending': 'sending', ':by': by, ...values },
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(key, `notification ${notificationId} is not held by this sender`);
      throw error;
    }
  }

  /**
   * Give up on a claimed notification: it leaves the pending index and expires after the
   * retention. With `alert`, a notification to someone who can act on it (the coordinator) is
   * decided in the same transaction, once. Only the holder can; anyone else gets a
   * {@link ConflictError}.
   * @example
   * await outbox.markFailed(ref, id, { by, at, reason: 'address-rejected', retentionDays: 90 }, { draft, note });
   */
  async markFailed(
    ref: CaseRef,
    notificationId: string,
    failure: { by: string; at: string; reason: string; retentionDays: number },
    alert?: { draft: OutboxDraft; note: AuditNote },
  ): Promise<void> {
    validate(failureSchema, failure, 'failure');
    await this.#fail(
      ref,
      notificationId,
      {
        expression: '#status = :sending AND claimedBy = :by',
        values: { ':sending': 'sending', ':by': failure.by },
        refused: `notification ${notificationId} is not held by this sender`,
      },
      failure,
      alert,
    );
  }

  /**
   * A notification SES delivered and then reported bounced or complained about: failed, as
   * {@link markFailed} does, but only while it is `sent` with that SES message id (a second event
   * for the same email, or another state, is a {@link ConflictError}).
   * @example
   * await outbox.markBounced(ref, id, { messageId, at, reason: 'bounced', retentionDays: 90 }, { draft, note });
   */
  async markBounced(
    ref: CaseRef,
    notificationId: string,
    bounce: { messageId: string; at: string; reason: string; retentionDays: number },
    alert?: { draft: OutboxDraft; note: AuditNote },
  ): Promise<void> {
    validate(bounceSchema, bounce, 'bounce');
    await this.#fail(
      ref,
      notificationId,
      {
        expression: '#status = :sent AND messageId = :messageId',
        values: { ':sent': 'sent', ':messageId': bounce.messageId },
        refused: `notification ${notificationId} is not the sent email ${bounce.messageId}`,
      },
      bounce,
      alert,
      [{ month: rigaMonthOf(bounce.at), counters: { emailsBounced: 1 } }],
    );
  }

  /** Fail the item under `condition`, with the alert decided once in the same transaction. */
  async #fail(
    ref: CaseRef,
    notificationId: string,
    condition: { expression: string; values: Record<string, string>; refused: string },
    failure: { at: string; reason: string; retentionDays: number },
    alert?: { draft: OutboxDraft; note: AuditNote },
    counters: readonly CounterChange[] = [],
  ): Promise<void> {
    checkCaseRef(ref);
    if (alert) checkAuditNote(alert.note);
    const key = outboxKey(ref, notificationId);
    const expiresAt = Math.floor(Date.parse(failure.at) / 1000) + failure.retentionDays * DAY_SECONDS;
    const markFailed: TransactItem = {
      Update: {
        Key: key,
        // Removing claim and index attributes an item does not have changes nothing.
        UpdateExpression:
          'SET #status = :failed, failedAt = :at, failureReason = :reason, expiresAt = :expiresAt REMOVE claimedBy, claimedUntil, pendingOutboxPk, pendingOutboxSk',
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':at': failure.at,
          ':reason': failure.reason,
          ':expiresAt': expiresAt,
          ...condition.values,
        },
      },
    };
    const alertItems = alert
      ? (() => {
          const { item } = outboxItem(ref, alert.draft, alert.note.at);
          return [
            { Put: { Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            auditEventPut(ref, alert.note, ['outbox'], String(item['sk'])),
          ] satisfies TransactItem[];
        })()
      : [];
    try {
      await this.table.transact([markFailed, ...alertItems, ...indicatorUpdates(ref, counters)]);
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (error.failedOn(0)) throw new ConflictError(key, condition.refused);
      // The alert was decided before (an earlier failure of the same item): mark without it.
      if (alert && error.failedOn(1))
        return await this.#fail(ref, notificationId, condition, failure, undefined, counters);
      if (error.isConflict) {
        // Another transaction on the month's counter item: once more, after a pause.
        await backoff(1);
        return await this.#fail(ref, notificationId, condition, failure, alert, counters);
      }
      throw error;
    }
  }
}
