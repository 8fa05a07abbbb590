/**
 * An assistant's unsent timesheet for a month: what the timesheet page saved (typed by hand, or
 * the good rows of an uploaded CSV with the rows that could not be read), kept server-side until
 * the assistant submits it. One item per case, month and assistant
 * (`DRAFT#<month>#A#<assistantId>`, outside the `TIMESHEET#` prefix the settlement reads, so a
 * draft is never paid). Each save replaces the draft only if it is still the version the page
 * showed, so two tabs cannot overwrite each other unseen.
 *
 * @example
 * const saved = await drafts.save(ref, '2024-03', 'a-1', { entries, rowProblems: [], source: 'form' }, 0, note);
 * await drafts.discard(ref, '2024-03', 'a-1');
 */
import { z } from 'zod';
import type { YearMonth } from '../domain/calendar.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { type TableClient, TransactionCancelled } from './client.ts';
import { decodeItem, type EntityDefinition, timesheetEntrySchema } from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import {
  type CaseRef,
  caseKey,
  casePk,
  checkCaseRef,
  type ItemKey,
  idSchema,
  validate,
  yearMonthSchema,
} from './keys.ts';

/** A row of an uploaded file that could not be read: where it is and why (no cell values). */
export const rowProblemSchema = z.strictObject({
  row: z.number().int().positive(),
  column: z.string().max(64).exactOptional(),
  message: z.string().min(1).max(400),
});
export type RowProblem = z.infer<typeof rowProblemSchema>;

const draftDataSchema = z.strictObject({
  entries: z.array(timesheetEntrySchema).max(500),
  /** The rows of the last uploaded file left out, until the assistant uploads a corrected file or submits without them. */
  rowProblems: z.array(rowProblemSchema).max(500),
  source: z.enum(['form', 'csv']),
});
export type DraftData = z.infer<typeof draftDataSchema>;

const draftSchema = z.object({
  ...draftDataSchema.shape,
  entity: z.literal('TimesheetDraft'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
  assistantId: idSchema,
  /** 1 for the first save; each save adds one. */
  version: z.number().int().positive(),
  savedAt: z.iso.datetime({ offset: true }),
});
export type StoredDraft = z.infer<typeof draftSchema>;
const draftEntity: EntityDefinition<StoredDraft> = { name: 'TimesheetDraft', schema: draftSchema };

const draftKey = (ref: CaseRef, month: YearMonth, assistantId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `DRAFT#${month}#A#${assistantId}`,
});

export class TimesheetDraftRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * The assistant's draft for the month, or undefined.
   * @example
   * const draft = await drafts.get(ref, '2024-03', 'a-1');
   */
  async get(ref: CaseRef, month: YearMonth, assistantId: string): Promise<StoredDraft | undefined> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    validate(idSchema, assistantId, 'assistantId');
    const item = await this.table.get(draftKey(ref, month, assistantId), true);
    return item ? decodeItem(draftEntity, item) : undefined;
  }

  /**
   * Replace the draft, if it is still at `expectedVersion` (0: there is none yet), with an audit
   * event naming the fields only. Throws {@link ConflictError} when another save came first and
   * {@link NotFoundError} when the case is not in the municipality.
   * @example
   * await drafts.save(ref, '2024-03', 'a-1', { entries, rowProblems: [], source: 'form' }, 0, note);
   */
  async save(
    ref: CaseRef,
    month: YearMonth,
    assistantId: string,
    data: DraftData,
    expectedVersion: number,
    note: AuditNote,
  ): Promise<StoredDraft> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(yearMonthSchema, month, 'month');
    validate(idSchema, assistantId, 'assistantId');
    const checked = validate(draftDataSchema, data, 'draft');
    const key = draftKey(ref, month, assistantId);
    const stored: StoredDraft = {
      ...checked,
      entity: 'TimesheetDraft',
      schemaVersion: 1,
      month,
      assistantId,
      version: expectedVersion + 1,
      savedAt: note.at,
    };
    try {
      await this.table.transact([
        { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Put: {
            Item: { ...key, ...stored },
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : {
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': expectedVersion },
                }),
          },
        },
        auditEventPut(ref, note, ['entries'], key.sk),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
      }
      if (error instanceof TransactionCancelled && error.failedOn(1)) {
        throw new ConflictError(key, `the draft of ${month} was saved elsewhere since it was read`);
      }
      throw error;
    }
    return stored;
  }

  /**
   * Remove the draft (after it was submitted); nothing happens when there is none.
   * @example
   * await drafts.discard(ref, '2024-03', 'a-1');
   */
  async discard(ref: CaseRef, month: YearMonth, assistantId: string): Promise<void> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    await this.table.transact([{ Delete: { Key: draftKey(ref, month, assistantId) } }]);
  }
}
