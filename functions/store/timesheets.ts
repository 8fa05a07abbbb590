/**
 * Assistants' monthly timesheets, in the case's item collection keyed by month and assistant:
 * one get for an assistant's month, one query for all of a case's month.
 *
 * @example
 * await timesheets.submit(ref, '2024-03', { assistantId: 'a-1', entries }, note);
 * const sheet = await timesheets.get(ref, '2024-03', 'a-1');
 */

import { z } from 'zod';
import type { YearMonth } from '../domain/calendar.ts';
import type { Timesheet } from '../domain/settlement/types.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { type TableClient, TransactionCancelled } from './client.ts';
import {
  decodeItem,
  type OutboxDraft,
  type StoredTimesheet,
  timesheetEntity,
  timesheetEntrySchema,
} from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import {
  assistantMonthPk,
  assistantMonthSk,
  type CaseRef,
  caseKey,
  caseMonthsQuery,
  casePk,
  checkCaseRef,
  idSchema,
  timesheetKey,
  timesheetPrefix,
  validate,
  yearMonthSchema,
} from './keys.ts';
import { outboxPut } from './outbox.ts';
import { expectedTimesheetKey } from './work-queue.ts';

const timesheetInputSchema = z.strictObject({
  assistantId: idSchema,
  entries: z.array(timesheetEntrySchema).max(500),
});

export class TimesheetRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Store an assistant's timesheet for a month (a resubmission replaces it), with an audit event:
   * {@link replace} of the one stored now.
   * @example
   * await timesheets.submit(ref, '2024-03', { assistantId: 'a-1', entries: [{ date: '2024-03-04', minutes: 240, activity: 'education', confirmed: true }] }, note);
   */
  async submit(
    ref: CaseRef,
    month: YearMonth,
    timesheet: Timesheet,
    note: AuditNote,
    outbox: readonly OutboxDraft[] = [],
  ): Promise<StoredTimesheet> {
    const before = await this.get(ref, month, timesheet.assistantId, true);
    return (await this.replace(ref, month, timesheet, note, before, outbox)).timesheet;
  }

  /**
   * Store an assistant's timesheet for a month in place of `before`, the one the caller read
   * (undefined: none): written only if it is still the one stored, so of two submissions at once
   * one writes and the other is a {@link ConflictError}, unless it sent the same entries, which are
   * then stored already (`unchanged`, no second event).
   * @example
   * const before = await timesheets.get(ref, '2024-03', 'a-1');
   * const { timesheet, unchanged } = await timesheets.replace(ref, '2024-03', { assistantId: 'a-1', entries }, note, before);
   */
  async replace(
    ref: CaseRef,
    month: YearMonth,
    timesheet: Timesheet,
    note: AuditNote,
    before: StoredTimesheet | undefined,
    /** Notifications the submission decides (the parents' `hours-to-confirm`), written with it. */
    outbox: readonly OutboxDraft[] = [],
  ): Promise<{ timesheet: StoredTimesheet; unchanged: boolean }> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(yearMonthSchema, month, 'month');
    const checked = validate(timesheetInputSchema, timesheet, 'timesheet');
    const same = (stored: StoredTimesheet | undefined): StoredTimesheet | undefined =>
      stored !== undefined && JSON.stringify(stored.entries) === JSON.stringify(checked.entries)
        ? stored
        : undefined;
    const already = same(before);
    if (already) return { timesheet: already, unchanged: true };
    const stored: StoredTimesheet = {
      entity: 'Timesheet',
      schemaVersion: 1,
      month,
      assistantId: checked.assistantId,
      entries: checked.entries,
      submittedAt: note.at,
      revision: (before?.revision ?? 1) + (before ? 1 : 0),
    };
    const key = timesheetKey(ref, month, checked.assistantId);
    const condition =
      before === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : before.revision === undefined
          ? {
              ConditionExpression: 'attribute_not_exists(revision) AND submittedAt = :at',
              ExpressionAttributeValues: { ':at': before.submittedAt },
            }
          : {
              ConditionExpression: 'revision = :revision',
              ExpressionAttributeValues: { ':revision': before.revision },
            };
    try {
      await this.table.transact([
        { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Put: {
            // Indexed by the assistant's month across cases: one assistant's time is paid once.
            Item: {
              ...key,
              ...stored,
              assistantMonthPk: assistantMonthPk(checked.assistantId, month),
              assistantMonthSk: assistantMonthSk(ref),
            },
            ...condition,
          },
        },
        auditEventPut(ref, note, ['entries'], key.sk),
        ...outbox.map((draft) => outboxPut(ref, draft, note.at)),
        // The month is in: it leaves the coordinators' work queue with the same write.
        { Delete: { Key: expectedTimesheetKey(ref, month, checked.assistantId) } },
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (error.failedOn(0))
        throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
      const now = same(await this.get(ref, month, checked.assistantId, true));
      if (now) return { timesheet: now, unchanged: true };
      throw new ConflictError(
        key,
        `the timesheet of ${month} was changed by another request at the same time; read it and send yours again`,
      );
    }
    return { timesheet: stored, unchanged: false };
  }

  /**
   * An assistant's timesheet for a month, or undefined.
   * @example
   * const sheet = await timesheets.get(ref, '2024-03', 'a-1');
   */
  async get(
    ref: CaseRef,
    month: YearMonth,
    assistantId: string,
    consistent = false,
  ): Promise<StoredTimesheet | undefined> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    validate(idSchema, assistantId, 'assistantId');
    const item = await this.table.get(timesheetKey(ref, month, assistantId), consistent);
    return item ? decodeItem(timesheetEntity, item) : undefined;
  }

  /**
   * One assistant's timesheets of a month in every case and municipality (the
   * timesheetsByAssistantMonth index, eventually consistent), by municipality and case id.
   * @example
   * const all = await timesheets.byAssistantMonth('a-1', '2024-03'); // [{ ref, timesheet }, ...]
   */
  async byAssistantMonth(
    assistantId: string,
    month: YearMonth,
  ): Promise<{ ref: CaseRef; timesheet: StoredTimesheet }[]> {
    validate(idSchema, assistantId, 'assistantId');
    validate(yearMonthSchema, month, 'month');
    const items = await this.table.queryAll({
      IndexName: 'timesheetsByAssistantMonth',
      KeyConditionExpression: 'assistantMonthPk = :pk',
      ExpressionAttributeValues: { ':pk': assistantMonthPk(assistantId, month) },
    });
    return items.map((item) => {
      const [, municipality = '', , caseId = ''] = String(item['assistantMonthSk']).split('#');
      return { ref: { municipality, caseId }, timesheet: decodeItem(timesheetEntity, item) };
    });
  }

  /**
   * Every assistant's timesheet of the case for a month, by assistant id.
   * @example
   * const sheets = await timesheets.forMonth(ref, '2024-03');
   */
  async forMonth(ref: CaseRef, month: YearMonth): Promise<StoredTimesheet[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': timesheetPrefix(month) },
    });
    return items.map((item) => decodeItem(timesheetEntity, item));
  }

  /**
   * Every timesheet of the case from one month to another, both included, in month and assistant order.
   * @example
   * const sheets = await timesheets.between(ref, '2025-01', '2025-06');
   */
  async between(ref: CaseRef, from: YearMonth, to: YearMonth): Promise<StoredTimesheet[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, from, 'from');
    validate(yearMonthSchema, to, 'to');
    const items = await this.table.queryAll(caseMonthsQuery(ref, timesheetPrefix, from, to));
    return items.map((item) => decodeItem(timesheetEntity, item));
  }
}
