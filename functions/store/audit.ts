/**
 * The audit trail of a case: who did what, when, and which fields changed (names only, never
 * values). Events are written inside the same transaction as the change they describe, so the
 * trail never misses a change nor records one that did not happen.
 *
 * @example
 * const page = await audit.trail({ municipality: 'riga', caseId: 'c-1' }, { limit: 20 });
 * page.events[0]?.action // the newest event, e.g. 'statement-settled'
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TableClient, TransactItem } from './client.ts';
import { decodeStartKey, encodeCursor } from './cursor.ts';
import { type Actor, actorSchema, auditEntity, decodeItem, type StoredAuditEvent } from './entities.ts';
import { auditKey, auditPrefix, type CaseRef, casePk, checkCaseRef, validate } from './keys.ts';

export interface AuditNote {
  actor: Actor;
  action: string;
  /** ISO instant; the caller's clock (virtual in the local system). */
  at: string;
}

const auditNoteSchema = z.strictObject({
  actor: actorSchema,
  action: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code such as case-updated'),
  at: z.iso.datetime({ offset: true }),
});

export function checkAuditNote(note: AuditNote): AuditNote {
  return validate(auditNoteSchema, note, 'audit');
}

/** The Put of one audit event, to add to the transaction that makes the change. */
export function auditEventPut(
  ref: CaseRef,
  note: AuditNote,
  changedFields: readonly string[],
  subject?: string,
): TransactItem {
  const event: StoredAuditEvent = {
    entity: 'Audit',
    schemaVersion: 1,
    at: note.at,
    actor: note.actor,
    action: note.action,
    changedFields: [...changedFields],
    ...(subject !== undefined && { subject }),
  };
  // The random suffix keeps two events in the same millisecond apart.
  return { Put: { Item: { ...auditKey(ref, note.at, randomBytes(4).toString('hex')), ...event } } };
}

/**
 * A new item (written only if its key is free) and the audit event of its writing, for one transaction.
 * @example
 * await table.transact([caseCheck, ...putNewWithAudit(ref, key, stored, note, ['plan'])]);
 */
export function putNewWithAudit(
  ref: CaseRef,
  key: { pk: string; sk: string },
  stored: object,
  note: AuditNote,
  changedFields: readonly string[],
): [TransactItem, TransactItem] {
  return [
    { Put: { Item: { ...key, ...stored }, ConditionExpression: 'attribute_not_exists(pk)' } },
    auditEventPut(ref, note, changedFields, key.sk),
  ];
}

export class AuditRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * The case's audit trail, newest first, a page at a time.
   * @example
   * const { events, cursor } = await audit.trail(ref, { limit: 50 });
   * const older = cursor ? await audit.trail(ref, { limit: 50, cursor }) : undefined;
   */
  async trail(
    ref: CaseRef,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<{ events: StoredAuditEvent[]; cursor?: string }> {
    checkCaseRef(ref);
    const start =
      options.cursor === undefined
        ? undefined
        : decodeStartKey(options.cursor, { partition: ['pk', casePk(ref)], sort: ['sk', auditPrefix] });
    const page = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': auditPrefix },
      ScanIndexForward: false,
      Limit: options.limit ?? 50,
      ...(start && { ExclusiveStartKey: start }),
    });
    const events = page.items.map((item) => decodeItem(auditEntity, item));
    return page.lastKey ? { events, cursor: encodeCursor(page.lastKey) } : { events };
  }
}
