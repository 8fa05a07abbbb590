/**
 * Monthly statements, written exactly once. A month's statement, its outbox notifications and
 * the audit event go into one TransactWriteItems, conditioned on the case existing and on the
 * statement not existing. A retried Lambda or an overlapping run that settles the same month
 * again finds the stored statement, writes nothing and returns it. A month settled again with
 * different data (a late timesheet) gets a supplementary statement carrying only the difference.
 *
 * Statements sit in the case's item collection as `STATEMENT#<month>#<sequence>`, so a month's
 * statements, the previous month's paid lines (for the ISO week that began in it) and the paid
 * hours of the last three months are each one query.
 *
 * @example
 * const { created, statement } = await statements.settle(ref, settleHours(input), { outbox, note });
 * const history = await statements.paidHistory(ref, '2024-04'); // [{ month: '2024-01', minutes }, ...]
 */
import { z } from 'zod';
import { addMonths, type YearMonth } from '../domain/calendar.ts';
import { statementCounters } from '../domain/indicators/deltas.ts';
import { statementDifference } from '../domain/settlement/difference.ts';
import { priorWeekEntries, settlementWindow } from '../domain/settlement/outside-month.ts';
import type { MonthMinutes, PriorEntry } from '../domain/settlement/types.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { backoff, type TableClient, TransactionCancelled } from './client.ts';
import {
  decodeItem,
  hourStatementSchema,
  type OutboxDraft,
  type StatementBody,
  type StoredStatement,
  statementEntity,
} from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { indicatorUpdates } from './indicators.ts';
import {
  type CaseRef,
  caseKey,
  caseMonthsQuery,
  casePk,
  checkCaseRef,
  statementKey,
  statementPrefix,
  validate,
  yearMonthSchema,
} from './keys.ts';
import { outboxPut } from './outbox.ts';

export interface SettleResult {
  /** True when this call wrote a statement; false when the month was already settled as given. */
  created: boolean;
  /** The statement written now, or (when nothing was written) the latest stored for the month. */
  statement: StoredStatement;
}

const paidMinutesSchema = z.object({
  month: yearMonthSchema,
  statement: z.object({ paidMinutes: z.number().int() }),
});
const paidMinutesEntity = { name: 'Statement (paid minutes)', schema: paidMinutesSchema };
const paidLinesSchema = z.object({
  statement: z.object({
    lines: z.array(z.object({ date: z.string(), assistantId: z.string(), minutes: z.number().int() })),
  }),
});
const paidLinesEntity = { name: 'Statement (paid lines)', schema: paidLinesSchema };

export class StatementRepository {
  constructor(
    private readonly table: TableClient,
    private readonly maxAttempts = 6,
  ) {}

  /**
   * Store a month's settlement exactly once, with its notifications and audit event.
   * The first attempt assumes the month is unsettled (one write on the hot path); if it is not,
   * the stored statements are read and only the difference is written, as a supplementary
   * statement whose notifications get the scope suffix `.<sequence>`.
   * @example
   * const result = await statements.settle(ref, statement, {
   *   outbox: [{ kind: 'monthly-statement', scope: '2024-03', recipient: { role: 'legal-representative', id: 'p-1' } }],
   *   note: { actor: { kind: 'system', id: 'monthly-run' }, action: 'statement-settled', at },
   * });
   */
  async settle(
    ref: CaseRef,
    statement: StatementBody,
    options: { outbox?: readonly OutboxDraft[]; note: AuditNote },
  ): Promise<SettleResult> {
    checkCaseRef(ref);
    const note = checkAuditNote(options.note);
    const body = validate(hourStatementSchema, statement, 'statement') as StatementBody;
    const month = body.month;
    let stored: StoredStatement[] = [];
    for (let attempt = 1; ; attempt++) {
      let candidate: StoredStatement;
      if (stored.length === 0) {
        candidate = {
          entity: 'Statement',
          schemaVersion: 1,
          month,
          sequence: 0,
          kind: 'original',
          settledAt: note.at,
          statement: body,
        };
      } else {
        const difference = statementDifference(
          stored.map((s) => s.statement),
          body,
        );
        const latest = stored.at(-1) as StoredStatement;
        if (!difference) return { created: false, statement: latest };
        candidate = {
          entity: 'Statement',
          schemaVersion: 1,
          month,
          sequence: latest.sequence + 1,
          kind: 'supplementary',
          settledAt: note.at,
          statement: difference,
        };
      }
      const key = statementKey(ref, month, candidate.sequence);
      const suffix = candidate.sequence === 0 ? '' : `.${candidate.sequence}`;
      try {
        await this.table.transact([
          { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
          { Put: { Item: { ...key, ...candidate }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(options.outbox ?? []).map((draft) =>
            outboxPut(ref, { ...draft, scope: `${draft.scope}${suffix}` }, note.at),
          ),
          auditEventPut(ref, note, ['statement'], key.sk),
          // The month's indicators count the statement in its own transaction: once, as it is written.
          ...indicatorUpdates(ref, [
            {
              month,
              counters: statementCounters(
                candidate.statement,
                candidate.kind,
                stored.findLast((earlier) => earlier.statement.services !== undefined)?.statement,
              ),
            },
          ]),
        ]);
        return { created: true, statement: candidate };
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        if (error.failedOn(0))
          throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
        const lostRace = error.failedOn(1) || error.isConflict;
        if (!lostRace) {
          // A notification with this id exists without this statement: a caller reused an id.
          throw new ConflictError(
            key,
            `a notification of statement ${key.sk} was already decided by another change`,
          );
        }
        if (attempt >= this.maxAttempts)
          throw new ConflictError(key, `statement ${key.sk} kept conflicting; retry later`);
        if (error.isConflict) await backoff(attempt);
      }
      stored = await this.forMonth(ref, month, true);
    }
  }

  /**
   * The month's statements: the original first, then supplementary ones in order.
   * @example
   * const [original, ...supplements] = await statements.forMonth(ref, '2024-03');
   */
  async forMonth(ref: CaseRef, month: YearMonth, consistent = false): Promise<StoredStatement[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': statementPrefix(month) },
      ConsistentRead: consistent,
    });
    return items.map((item) => decodeItem(statementEntity, item));
  }

  /**
   * The case's latest statements, newest first (a month's supplementary ones before its original),
   * at most `limit` of them.
   * @example
   * const [latest] = await statements.recent(ref, 12);
   */
  async recent(ref: CaseRef, limit: number): Promise<StoredStatement[]> {
    checkCaseRef(ref);
    validate(z.number().int().min(1).max(100), limit, 'limit');
    const page = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'STATEMENT#' },
      ScanIndexForward: false,
      Limit: limit,
    });
    return page.items.map((item) => decodeItem(statementEntity, item));
  }

  /**
   * Minutes already paid on the days of the ISO week that began in the previous month, per day
   * and assistant (original and supplementary statements together): the settlement's
   * `priorEntries`, so a week grant caps the whole week. Empty when the month starts on a Monday.
   * @example
   * await statements.paidEntriesOfPriorWeek(ref, '2024-05'); // [{ date: '2024-04-29', minutes: 240, assistantId: 'a-1' }, ...]
   */
  async paidEntriesOfPriorWeek(ref: CaseRef, month: YearMonth): Promise<PriorEntry[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    if (settlementWindow(month).months.length === 1) return [];
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': statementPrefix(addMonths(month, -1)) },
      ProjectionExpression: 'pk, sk, #statement.#lines',
      ExpressionAttributeNames: { '#statement': 'statement', '#lines': 'lines' },
    });
    return priorWeekEntries(
      month,
      items.flatMap((item) => decodeItem(paidLinesEntity, item).statement.lines),
    );
  }

  /**
   * Paid minutes of the `months` months before `month` that have statements, oldest first: the
   * settlement's `history` for the emergency rule.
   * @example
   * await statements.paidHistory(ref, '2020-06'); // [{ month: '2020-03', minutes: 4800 }, ...]
   */
  async paidHistory(ref: CaseRef, month: YearMonth, months = 3): Promise<MonthMinutes[]> {
    checkCaseRef(ref);
    validate(yearMonthSchema, month, 'month');
    const items = await this.table.queryAll({
      ...caseMonthsQuery(ref, statementPrefix, addMonths(month, -months), addMonths(month, -1)),
      ProjectionExpression: 'pk, sk, #month, #statement.paidMinutes',
      ExpressionAttributeNames: { '#month': 'month', '#statement': 'statement' },
    });
    const totals = new Map<string, number>();
    for (const item of items) {
      const paid = decodeItem(paidMinutesEntity, item);
      totals.set(paid.month, (totals.get(paid.month) ?? 0) + paid.statement.paidMinutes);
    }
    return [...totals].map(([paidMonth, minutes]) => ({ month: paidMonth, minutes }));
  }
}
