/**
 * What the coordinators' work queue reads: one sparse index, `workQueue`, holding only items that
 * need a coordinator now, under their municipality (`M#<m>`) and sorted by coordinator
 * (`U#<coordinatorId>#C#<caseId>#…`), so a coordinator's queue is one `begins_with` query and a
 * municipality's (a supervisor's) one query of the partition, and no case that needs nobody is
 * ever read.
 *
 * Two kinds of item are in it:
 * - **open cases in a phase that waits on people** (assessment, ranking, approval, review due) or
 *   whose cycle failed: the case item itself carries the index attributes (`caseItem` in
 *   cases.ts adds {@link caseQueueAttributes}), so every case write keeps the queue in step;
 * - **expected timesheets**: `EXPECT#TIMESHEET#<month>#A#<assistantId>` in the case's partition,
 *   put by the timesheet reminders for each assistant whose month is not in, and deleted by the
 *   timesheet's own submission in the same transaction (timesheets.ts). They expire 92 days after
 *   the deadline: by then the month was settled without them and the statement says so.
 *
 * @example
 * const { cases, timesheets } = await workQueue.entries('talsi', { coordinatorId: 'u-7' });
 */
import { z } from 'zod';
import type { AuditNote } from './audit.ts';
import { checkAuditNote } from './audit.ts';
import { type Item, type TableClient, TransactionCancelled } from './client.ts';
import { caseEntity, decodeItem, type EntityDefinition, type StoredCase } from './entities.ts';
import { confirmationEntity, type StoredHoursConfirmation } from './hours-confirmations.ts';
import {
  type CaseRef,
  casePk,
  checkCaseRef,
  type ItemKey,
  idSchema,
  timesheetKey,
  validate,
  workQueuePk,
  yearMonthSchema,
} from './keys.ts';

/** The phases in which a case waits on a coordinator or on the parents, so it is in the queue. */
export const WORK_QUEUE_PHASES = ['request-assessment', 'request-ranking', 'await-approval', 'review-due'];

const DAY_SECONDS = 86_400;
/** How long an expected timesheet stays after its deadline. */
export const EXPECTED_TIMESHEET_DAYS = 92;

const coordinatorPrefix = (coordinatorId: string) => `U#${coordinatorId}#`;

/** The index attributes of a case item: present while the case needs someone, absent otherwise. */
export function caseQueueAttributes(stored: StoredCase): Item {
  const waiting = stored.failure !== undefined || WORK_QUEUE_PHASES.includes(stored.phase);
  if (stored.status !== 'open' || !waiting) return {};
  return {
    workQueuePk: workQueuePk(stored.municipality),
    workQueueSk: `${coordinatorPrefix(stored.coordinatorId)}C#${stored.caseId}#CASE`,
  };
}

export const expectedTimesheetKey = (ref: CaseRef, month: string, assistantId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `EXPECT#TIMESHEET#${month}#A#${assistantId}`,
});

const isoDate = z.iso.date();
export const expectedTimesheetSchema = z.object({
  entity: z.literal('TimesheetExpected'),
  schemaVersion: z.literal(1),
  municipality: idSchema,
  caseId: idSchema,
  coordinatorId: idSchema,
  month: yearMonthSchema,
  assistantId: idSchema,
  deadline: isoDate,
  remindedAt: z.iso.datetime({ offset: true }),
});
export type ExpectedTimesheet = z.infer<typeof expectedTimesheetSchema>;
const expectedTimesheetEntity: EntityDefinition<ExpectedTimesheet> = {
  name: 'TimesheetExpected',
  schema: expectedTimesheetSchema,
};

const expectationSchema = z.strictObject({
  coordinatorId: idSchema,
  month: yearMonthSchema,
  deadline: isoDate,
  assistantIds: z.array(idSchema).max(50),
});

export interface WorkQueueEntries {
  /** Open cases waiting in a phase, or failed. */
  cases: StoredCase[];
  /** Timesheets reminded about and not in yet. */
  timesheets: ExpectedTimesheet[];
  /** The parents' decisions that dispute lines, not resolved yet. */
  disputes: (StoredHoursConfirmation & { caseId: string; coordinatorId: string })[];
}

export class WorkQueueRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Note that the case's assistants named are expected to send the month's timesheet: one item
   * each, written only while that timesheet is not stored (a condition on the timesheet's key, in
   * the same transaction), so a timesheet that came in first leaves nothing behind. Returns the
   * assistants noted.
   * @example
   * await workQueue.expectTimesheets(ref, { coordinatorId: 'u-7', month: '2024-03', deadline: '2024-04-05', assistantIds: ['a-1'] }, note);
   */
  async expectTimesheets(
    ref: CaseRef,
    expectation: z.input<typeof expectationSchema>,
    note: AuditNote,
  ): Promise<string[]> {
    checkCaseRef(ref);
    checkAuditNote(note);
    const checked = validate(expectationSchema, expectation, 'expectation');
    const expiresAt =
      Math.floor(Date.parse(`${checked.deadline}T00:00:00Z`) / 1_000) + EXPECTED_TIMESHEET_DAYS * DAY_SECONDS;
    const noted: string[] = [];
    for (const assistantId of checked.assistantIds) {
      const item: ExpectedTimesheet = {
        entity: 'TimesheetExpected',
        schemaVersion: 1,
        municipality: ref.municipality,
        caseId: ref.caseId,
        coordinatorId: checked.coordinatorId,
        month: checked.month,
        assistantId,
        deadline: checked.deadline,
        remindedAt: note.at,
      };
      try {
        await this.table.transact([
          {
            ConditionCheck: {
              Key: timesheetKey(ref, checked.month, assistantId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              Item: {
                ...expectedTimesheetKey(ref, checked.month, assistantId),
                ...item,
                workQueuePk: workQueuePk(ref.municipality),
                workQueueSk: `${coordinatorPrefix(checked.coordinatorId)}C#${ref.caseId}#T#${checked.month}#A#${assistantId}`,
                expiresAt,
              },
            },
          },
        ]);
        noted.push(assistantId);
      } catch (error) {
        if (!(error instanceof TransactionCancelled && error.failedOn(0))) throw error;
      }
    }
    return noted;
  }

  /**
   * Everything in the municipality's queue, or one coordinator's: one query of the sparse index,
   * every page of it (the queue is what needs doing, and its counts cover all of it).
   * @example
   * const { cases } = await workQueue.entries('talsi');
   */
  async entries(municipality: string, options: { coordinatorId?: string } = {}): Promise<WorkQueueEntries> {
    validate(idSchema, municipality, 'municipality');
    if (options.coordinatorId !== undefined) validate(idSchema, options.coordinatorId, 'coordinatorId');
    const items = await this.table.queryAll({
      IndexName: 'workQueue',
      KeyConditionExpression:
        options.coordinatorId === undefined
          ? 'workQueuePk = :pk'
          : 'workQueuePk = :pk AND begins_with(workQueueSk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': workQueuePk(municipality),
        ...(options.coordinatorId !== undefined && { ':prefix': coordinatorPrefix(options.coordinatorId) }),
      },
    });
    const entries: WorkQueueEntries = { cases: [], timesheets: [], disputes: [] };
    for (const item of items) {
      if (item['entity'] === 'Case') entries.cases.push(decodeItem(caseEntity, item));
      else if (item['entity'] === 'TimesheetExpected')
        entries.timesheets.push(decodeItem(expectedTimesheetEntity, item));
      else if (item['entity'] === 'HoursConfirmation') {
        entries.disputes.push({
          ...decodeItem(confirmationEntity, item),
          caseId: String(item['caseId']),
          coordinatorId: String(item['coordinatorId']),
        });
      }
    }
    return entries;
  }
}
