/**
 * The parents' confirmation of an assistant's month (the "apliecinājums"): which of the
 * timesheet's entries a legal representative confirmed and which they disputed, with a reason.
 * Only confirmed entries are paid (functions/monthly-run/case-month/hours.ts); the assistant's own
 * `confirmed` flag on an entry no longer decides.
 *
 * One item per case, month and assistant (`CONFIRM#<month>#A#<assistantId>`), replaced by each
 * decision; it names entries by {@link entryKey} (date, times, minutes, activity), so an entry the
 * assistant leaves unchanged in a corrected timesheet stays confirmed, and a changed one needs
 * the parents again. A decision is written only while the timesheet is the version the parents
 * read (a condition on its `submittedAt`), with its audit event and the notifications it decides
 * (the coordinator's `hours-disputed`) in the same transaction.
 *
 * @example
 * await confirmations.record(ref, '2024-03', 'a-1', { submittedAt, by: 'p-1', confirmed: [key], disputed: [] }, note, []);
 * const confirmed = confirmedEntries(await confirmations.forMonth(ref, '2024-03')); // Map a-1 -> Set(keys)
 */
import { z } from 'zod';
import type { YearMonth } from '../domain/calendar.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { type TableClient, TransactionCancelled } from './client.ts';
import { decodeItem, type EntityDefinition, type OutboxDraft } from './entities.ts';
import { ConflictError } from './errors.ts';
import {
  type CaseRef,
  caseMonthsQuery,
  casePk,
  checkCaseRef,
  type ItemKey,
  idSchema,
  timesheetKey,
  validate,
  workQueuePk,
  yearMonthSchema,
} from './keys.ts';
import { outboxPut } from './outbox.ts';

const instantSchema = z.iso.datetime({ offset: true });
const entryKeySchema = z.string().min(1).max(200);
export const DISPUTE_REASON_MAX = 500;

const decisionSchema = z.strictObject({
  /** The timesheet version the parents read (its `submittedAt`). */
  submittedAt: instantSchema,
  /** The legal representative who decided. */
  by: idSchema,
  confirmed: z.array(entryKeySchema).max(500),
  disputed: z
    .array(
      z.strictObject({ entry: entryKeySchema, reason: z.string().trim().min(1).max(DISPUTE_REASON_MAX) }),
    )
    .max(500),
});
export type HoursDecision = z.infer<typeof decisionSchema>;

const confirmationSchema = z.object({
  ...decisionSchema.shape,
  entity: z.literal('HoursConfirmation'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
  assistantId: idSchema,
  decidedAt: instantSchema,
  /** A coordinator dealt with the disputed lines (talked to the family and the assistant). */
  resolved: z.strictObject({ by: idSchema, at: instantSchema }).exactOptional(),
});
export type StoredHoursConfirmation = z.infer<typeof confirmationSchema>;
export const confirmationEntity: EntityDefinition<StoredHoursConfirmation> = {
  name: 'HoursConfirmation',
  schema: confirmationSchema,
};

const PREFIX = 'CONFIRM#';

/**
 * A month of the case with a decision of the parents the monthly runs have not settled since: the
 * run's step for the case settles it and clears the mark (functions/monthly-run/tasks/
 * settle-batch.ts), so hours confirmed even after the month's supplementary run are paid by the
 * next run, as a difference.
 */
const unsettledSchema = z.strictObject({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal('UnsettledMonth'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
  since: instantSchema,
});
export type UnsettledMonth = Pick<z.infer<typeof unsettledSchema>, 'month' | 'since'>;
const unsettledEntity: EntityDefinition<z.infer<typeof unsettledSchema>> = {
  name: 'UnsettledMonth',
  schema: unsettledSchema,
};
const UNSETTLED_PREFIX = 'UNSETTLED#';
const unsettledKey = (ref: CaseRef, month: YearMonth): ItemKey => ({
  pk: casePk(ref),
  sk: `${UNSETTLED_PREFIX}${month}`,
});
const confirmationKey = (ref: CaseRef, month: YearMonth, assistantId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${PREFIX}${month}#A#${assistantId}`,
});

/** An entry as the parents confirm it: the same date, times, minutes and activity are the same entry. */
export function entryKey(entry: {
  date: string;
  start?: number | undefined;
  end?: number | undefined;
  minutes: number;
  activity: string;
}): string {
  return [entry.date, entry.start ?? '', entry.end ?? '', entry.minutes, entry.activity].join('|');
}

/** The confirmed entries of a month, by assistant. */
export function confirmedEntries(
  confirmations: readonly StoredHoursConfirmation[],
): Map<string, Set<string>> {
  return new Map(confirmations.map((item) => [item.assistantId, new Set(item.confirmed)]));
}

/**
 * A decision that disputes lines is in the coordinators' work queue (functions/store/work-queue.ts)
 * under the coordinator its `hours-disputed` email goes to, until a coordinator resolves it.
 */
function disputeQueueAttributes(
  ref: CaseRef,
  month: YearMonth,
  assistantId: string,
  decision: HoursDecision,
  outbox: readonly OutboxDraft[],
): Record<string, string> {
  const coordinator = outbox.find(
    (draft) => draft.kind === 'hours-disputed' && draft.recipient.role === 'coordinator',
  )?.recipient.id;
  if (decision.disputed.length === 0 || coordinator === undefined) return {};
  return {
    workQueuePk: workQueuePk(ref.municipality),
    workQueueSk: `U#${coordinator}#C#${ref.caseId}#D#${month}#A#${assistantId}`,
    municipality: ref.municipality,
    caseId: ref.caseId,
    coordinatorId: coordinator,
  };
}

export class HoursConfirmationRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Record the parents' decision on an assistant's month, if the timesheet is still the version
   * they read; a {@link ConflictError} otherwise (the assistant sent a new one meanwhile).
   */
  async record(
    ref: CaseRef,
    month: YearMonth,
    assistantId: string,
    decision: HoursDecision,
    note: AuditNote,
    outbox: readonly OutboxDraft[] = [],
  ): Promise<StoredHoursConfirmation> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(yearMonthSchema, month, 'month');
    validate(idSchema, assistantId, 'assistantId');
    const checked = validate(decisionSchema, decision, 'decision');
    const stored: StoredHoursConfirmation = {
      entity: 'HoursConfirmation',
      schemaVersion: 1,
      month,
      assistantId,
      ...checked,
      decidedAt: note.at,
    };
    const key = confirmationKey(ref, month, assistantId);
    try {
      await this.table.transact([
        {
          ConditionCheck: {
            Key: timesheetKey(ref, month, assistantId),
            ConditionExpression: 'submittedAt = :submittedAt',
            ExpressionAttributeValues: { ':submittedAt': checked.submittedAt },
          },
        },
        {
          Put: {
            Item: { ...key, ...stored, ...disputeQueueAttributes(ref, month, assistantId, checked, outbox) },
          },
        },
        auditEventPut(ref, note, ['confirmed', 'disputed'], key.sk),
        {
          Put: {
            Item: {
              ...unsettledKey(ref, month),
              entity: 'UnsettledMonth',
              schemaVersion: 1,
              month,
              since: note.at,
            },
          },
        },
        ...outbox.map((draft) => outboxPut(ref, draft, note.at)),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new ConflictError(
          key,
          `the timesheet of ${assistantId} for ${month} is not the version confirmed`,
        );
      }
      throw error;
    }
    return stored;
  }

  /**
   * A coordinator resolved the disputed lines of a decision: it leaves the work queue, with an
   * audit event. The decision must be the one read (`decidedAt`), else a {@link ConflictError}.
   * @example
   * await confirmations.resolve(ref, '2024-03', 'a-1', decidedAt, note);
   */
  async resolve(ref: CaseRef, month: YearMonth, assistantId: string, decidedAt: string, note: AuditNote) {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(yearMonthSchema, month, 'month');
    validate(idSchema, assistantId, 'assistantId');
    const key = confirmationKey(ref, month, assistantId);
    try {
      await this.table.transact([
        {
          Update: {
            Key: key,
            UpdateExpression: 'SET resolved = :resolved REMOVE workQueuePk, workQueueSk',
            ConditionExpression: 'decidedAt = :decidedAt AND attribute_not_exists(resolved)',
            ExpressionAttributeValues: {
              ':resolved': { by: note.actor.id, at: note.at },
              ':decidedAt': decidedAt,
            },
          },
        },
        auditEventPut(ref, note, ['resolved'], key.sk),
      ]);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new ConflictError(
          key,
          `the parents' decision on ${month} of ${assistantId} changed or was resolved`,
        );
      }
      throw error;
    }
  }

  /** The parents' decision on an assistant's month, or undefined. */
  async get(
    ref: CaseRef,
    month: YearMonth,
    assistantId: string,
  ): Promise<StoredHoursConfirmation | undefined> {
    checkCaseRef(ref);
    const item = await this.table.get(confirmationKey(ref, month, assistantId), true);
    return item ? decodeItem(confirmationEntity, item) : undefined;
  }

  /**
   * Every assistant's confirmation of the case's months from `from` to `to`, both included, in one
   * query (the what-if's cohort reads a period at once).
   * @example
   * const decisions = await confirmations.between(ref, '2025-01', '2025-06');
   */
  async between(ref: CaseRef, from: YearMonth, to: YearMonth): Promise<StoredHoursConfirmation[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, from, 'from');
    validate(yearMonthSchema, to, 'to');
    const items = await this.table.queryAll(caseMonthsQuery(ref, (month) => `${PREFIX}${month}`, from, to));
    return items.map((item) => decodeItem(confirmationEntity, item));
  }

  /**
   * The case's months with a decision of the parents not settled since, oldest first, in one query.
   * @example
   * await confirmations.unsettledMonths(ref); // [{ month: '2024-01', since: '2024-03-20T09:00:00.000Z' }]
   */
  async unsettledMonths(ref: CaseRef): Promise<UnsettledMonth[]> {
    checkCaseRef(ref);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': UNSETTLED_PREFIX },
      ConsistentRead: true,
    });
    return items.map((item) => {
      const { month, since } = decodeItem(unsettledEntity, item);
      return { month, since };
    });
  }

  /**
   * Clear the mark of a month the run settled after reading it; a decision recorded meanwhile
   * (a newer `since`) keeps its mark for the next run.
   */
  async clearUnsettled(ref: CaseRef, read: UnsettledMonth): Promise<void> {
    checkCaseRef(ref);
    try {
      await this.table.transact([
        {
          Delete: {
            Key: unsettledKey(ref, read.month),
            ConditionExpression: 'since = :since',
            ExpressionAttributeValues: { ':since': read.since },
          },
        },
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
    }
  }

  /** Every assistant's confirmation of the case's month, in one query. */
  async forMonth(ref: CaseRef, month: YearMonth): Promise<StoredHoursConfirmation[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': `${PREFIX}${month}#` },
      ConsistentRead: true,
    });
    return items.map((item) => decodeItem(confirmationEntity, item));
  }
}
