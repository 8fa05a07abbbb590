/**
 * Stays in hospital or long-term care, recorded by a coordinator in the case's item collection
 * (`STAY#<from>#<stayId>`): the monthly run pays no assistant hours on their days. One put with its
 * audit event; the same stay id again with the same dates writes nothing, with other dates it is a
 * conflict (a stay is corrected by recording a new one and ending the old).
 *
 * @example
 * await stays.record(ref, 'stay-1', { kind: 'hospital', from: '2024-03-10', to: '2024-03-15' }, note);
 * const inMarch = await stays.overlapping(ref, '2024-03-01', '2024-03-31');
 */
import { type AuditNote, checkAuditNote, putNewWithAudit } from './audit.ts';
import { type TableClient, TransactionCancelled } from './client.ts';
import { decodeItem, type StayData, type StoredStay, stayDataSchema, stayEntity } from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import {
  type CaseRef,
  caseKey,
  casePk,
  checkCaseRef,
  idSchema,
  stayKey,
  stayPrefix,
  validate,
} from './keys.ts';

export class StayRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Record a stay once. Returns it and whether it is new; throws NotFoundError for a case that is
   * not in the municipality and ConflictError when the id holds another stay.
   */
  async record(
    ref: CaseRef,
    stayId: string,
    stay: StayData,
    note: AuditNote,
  ): Promise<{ stay: StoredStay; created: boolean }> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(idSchema, stayId, 'stayId');
    const checked = validate(stayDataSchema, stay, 'stay');
    const existing = (await this.all(ref)).find((item) => item.stayId === stayId);
    if (existing) {
      if (existing.kind === checked.kind && existing.from === checked.from && existing.to === checked.to) {
        return { stay: existing, created: false };
      }
      throw new ConflictError(
        stayKey(ref, existing.from, stayId),
        `stay ${stayId} is recorded with other data`,
      );
    }
    const stored: StoredStay = { entity: 'Stay', schemaVersion: 1, stayId, ...checked, recordedAt: note.at };
    const key = stayKey(ref, checked.from, stayId);
    try {
      await this.table.transact([
        { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
        ...putNewWithAudit(ref, key, stored, note, ['kind', 'from', 'to']),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
      }
      if (error instanceof TransactionCancelled && error.failedOn(1)) {
        return {
          stay: (await this.all(ref)).find((item) => item.stayId === stayId) ?? stored,
          created: false,
        };
      }
      throw error;
    }
    return { stay: stored, created: true };
  }

  /** The case's stays, by start date. */
  async all(ref: CaseRef): Promise<StoredStay[]> {
    checkCaseRef(ref);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': stayPrefix },
      ConsistentRead: true,
    });
    return items.map((item) => decodeItem(stayEntity, item));
  }

  /** The stays that overlap the days from `from` to `to` (both inclusive). */
  async overlapping(ref: CaseRef, from: string, to: string): Promise<StoredStay[]> {
    return (await this.all(ref)).filter((stay) => stay.from <= to && stay.to >= from);
  }
}
