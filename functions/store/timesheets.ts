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
import { decodeItem, type StoredTimesheet, timesheetEntity, timesheetEntrySchema } from './entities.ts';
import { NotFoundError } from './errors.ts';
import {
  type CaseRef,
  caseKey,
  casePk,
  checkCaseRef,
  idSchema,
  timesheetKey,
  timesheetPrefix,
  validate,
  yearMonthSchema,
} from './keys.ts';

const timesheetInputSchema = z.strictObject({
  assistantId: idSchema,
  entries: z.array(timesheetEntrySchema).max(500),
});

export class TimesheetRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Store an assistant's timesheet for a month (a resubmission replaces it), with an audit event.
   * @example
   * await timesheets.submit(ref, '2024-03', { assistantId: 'a-1', entries: [{ date: '2024-03-04', minutes: 240, activity: 'education', confirmed: true }] }, note);
   */
  async submit(
    ref: CaseRef,
    month: YearMonth,
    timesheet: Timesheet,
    note: AuditNote,
  ): Promise<StoredTimesheet> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(yearMonthSchema, month, 'month');
    const checked = validate(timesheetInputSchema, timesheet, 'timesheet');
    const stored: StoredTimesheet = {
      entity: 'Timesheet',
      schemaVersion: 1,
      month,
      assistantId: checked.assistantId,
      entries: checked.entries,
      submittedAt: note.at,
    };
    const key = timesheetKey(ref, month, checked.assistantId);
    try {
      await this.table.transact([
        { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
        { Put: { Item: { ...key, ...stored } } },
        auditEventPut(ref, note, ['entries'], key.sk),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
      }
      throw error;
    }
    return stored;
  }

  /**
   * An assistant's timesheet for a month, or undefined.
   * @example
   * const sheet = await timesheets.get(ref, '2024-03', 'a-1');
   */
  async get(ref: CaseRef, month: YearMonth, assistantId: string): Promise<StoredTimesheet | undefined> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    validate(idSchema, assistantId, 'assistantId');
    const item = await this.table.get(timesheetKey(ref, month, assistantId));
    return item ? decodeItem(timesheetEntity, item) : undefined;
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
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      // `~` sorts after every key character, so the whole of the `to` month is included.
      ExpressionAttributeValues: {
        ':pk': casePk(ref),
        ':from': timesheetPrefix(from),
        ':to': `${timesheetPrefix(to)}~`,
      },
    });
    return items.map((item) => decodeItem(timesheetEntity, item));
  }
}
