/**
 * Cases: the case item (optimistically locked by `version`), its due-date entries, its active
 * months, and the one item holding its personal data. Every method takes the municipality; keys
 * are built from it, so the wrong municipality reads an empty partition and finds nothing.
 *
 * @example
 * const ref = { municipality: 'riga', caseId: 'c-1' };
 * const created = await cases.create({ ...ref, participantId: 'p-1', coordinatorId: 'u-7', phase: 'request-assessment' }, person, note);
 * const updated = await cases.update(ref, created, { phase: 'compute-budget' }, note); // version 2
 */
import { z } from 'zod';
import type { YearMonth } from '../domain/calendar.ts';
import type { CounterChange } from '../domain/indicators/deltas.ts';
import { isoDateSchema } from '../domain/policy/schema.ts';
import { assignmentWrites } from './assistant-cases.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { backoff, type Item, type TableClient, type TransactItem, TransactionCancelled } from './client.ts';
import { CursorError, decodeCursor, decodeStartKey, encodeCursor, startKeySchema } from './cursor.ts';
import {
  activeIndexEntity,
  type CaseChanges,
  caseChangesSchema,
  caseEntity,
  caseSchema,
  changedFieldNames,
  DUE_FIELDS,
  type DueKind,
  decodeItem,
  dueIndexEntity,
  type PersonData,
  personDataSchema,
  personEntity,
  type StoredCase,
  type StoredPerson,
} from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { indicatorUpdates } from './indicators.ts';
import {
  activeMonthKey,
  activeMonthPk,
  activeMonthSk,
  activeShardOf,
  type CaseRef,
  caseKey,
  casePk,
  caseSortKey,
  checkCaseRef,
  coordinatorPk,
  dueDateSk,
  dueKey,
  idSchema,
  municipalityPk,
  personKey,
  validate,
  yearMonthSchema,
} from './keys.ts';
import { ACTIVE_CASE_SHARDS } from './table.ts';
import { caseQueueAttributes } from './work-queue.ts';

export interface NewCase extends CaseRef {
  participantId: string;
  coordinatorId: string;
  phase: string;
  cycle?: number;
  period?: { start: string; end: string };
  reviewDue?: string;
  reassessmentDue?: string;
}

import type { Page } from './page.ts';

export type { Page };

export interface DueEntry {
  ref: CaseRef;
  kind: DueKind;
  date: string;
}

const pageSchema = z.strictObject({
  limit: z.number().int().min(1).max(1_000).optional(),
  cursor: z.string().optional(),
});
const activeCursorSchema = z.strictObject({
  shard: z
    .number()
    .int()
    .min(0)
    .max(ACTIVE_CASE_SHARDS - 1),
  key: z.record(z.string(), z.string()).optional(),
});

/** The stored case item: the entity plus its keys and index attributes. */
export function caseItem(stored: StoredCase): Item {
  return {
    ...caseKey(stored),
    ...stored,
    municipalityCasesPk: municipalityPk(stored.municipality),
    municipalityCasesSk: caseSortKey(stored.caseId),
    coordinatorCasesPk: coordinatorPk(stored.municipality, stored.coordinatorId),
    coordinatorCasesSk: caseSortKey(stored.caseId),
    ...caseQueueAttributes(stored),
  };
}

/** A due date is listed only while the case is open. */
function dueDateOf(stored: StoredCase | undefined, kind: DueKind): string | undefined {
  return stored?.status === 'open' ? stored[DUE_FIELDS[kind]] : undefined;
}

/** Puts and deletes that keep the casesByDueDate entries in step with the case. */
function dueWrites(before: StoredCase | undefined, after: StoredCase): TransactItem[] {
  const writes: TransactItem[] = [];
  for (const kind of Object.keys(DUE_FIELDS) as DueKind[]) {
    const previous = dueDateOf(before, kind);
    const next = dueDateOf(after, kind);
    if (previous === next) continue;
    const key = dueKey(after, kind);
    if (next === undefined) {
      writes.push({ Delete: { Key: key } });
    } else {
      writes.push({
        Put: {
          Item: {
            ...key,
            entity: 'Due',
            schemaVersion: 1,
            municipality: after.municipality,
            caseId: after.caseId,
            dueKind: kind,
            dueDate: next,
            dueDatePk: municipalityPk(after.municipality),
            dueDateSk: dueDateSk(next, kind, after.caseId),
          },
        },
      });
    }
  }
  return writes;
}

function applyChanges(current: StoredCase, changes: CaseChanges, at: string): StoredCase {
  const next: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) delete next[field];
    else next[field] = value;
  }
  if (changes.phase !== undefined && changes.phase !== current.phase) next['phaseSince'] = at;
  next['version'] = current.version + 1;
  next['updatedAt'] = at;
  return validate(caseSchema, next, 'case');
}

export class CaseRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Open a case, with its personal data in its own item, in one transaction.
   * Throws {@link ConflictError} when the case id is taken in the municipality.
   * @example
   * await cases.create({ municipality: 'riga', caseId: 'c-1', participantId: 'p-1', coordinatorId: 'u-7', phase: 'request-assessment' }, person, note);
   */
  async create(input: NewCase, person: PersonData | undefined, note: AuditNote): Promise<StoredCase> {
    checkCaseRef({ municipality: input.municipality, caseId: input.caseId });
    checkAuditNote(note);
    const stored = validate(
      caseSchema,
      {
        ...input,
        entity: 'Case',
        schemaVersion: 1,
        status: 'open',
        phaseSince: note.at,
        cycle: input.cycle ?? 0,
        version: 1,
        createdAt: note.at,
        updatedAt: note.at,
      },
      'case',
    );
    const items: TransactItem[] = [
      { Put: { Item: caseItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditEventPut(
        stored,
        note,
        Object.keys(input).filter((field) => field !== 'municipality' && field !== 'caseId'),
      ),
      ...dueWrites(undefined, stored),
    ];
    if (person) {
      items.push(
        { Put: { Item: this.personItem(stored, person, note.at) } },
        ...assignmentWrites(stored, undefined, person),
      );
    }
    try {
      await this.table.transact(items);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new ConflictError(
          caseKey(stored),
          `case ${stored.caseId} already exists in ${stored.municipality}`,
        );
      }
      throw error;
    }
    return stored;
  }

  /**
   * The case, or undefined when the municipality has no such case.
   * @example
   * const found = await cases.get({ municipality: 'riga', caseId: 'c-1' });
   */
  async get(ref: CaseRef, consistent = false): Promise<StoredCase | undefined> {
    checkCaseRef(ref);
    const item = await this.table.get(caseKey(ref), consistent);
    return item ? decodeItem(caseEntity, item) : undefined;
  }

  /** Like {@link get}, but a missing case is a {@link NotFoundError}. */
  async require(ref: CaseRef): Promise<StoredCase> {
    const found = await this.get(ref, true);
    if (!found) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
    return found;
  }

  /**
   * Change a case read earlier: written only if nobody changed it since (`version`), with an audit
   * event naming the changed fields, and the due-date index kept in step, in one transaction.
   * Throws {@link ConflictError} on a lost race (re-read and retry, or use {@link modify}).
   * @example
   * const current = await cases.require(ref);
   * await cases.update(ref, current, { phase: 'active', reviewDue: '2024-08-01' }, note);
   */
  async update(
    ref: CaseRef,
    current: StoredCase,
    changes: CaseChanges,
    note: AuditNote,
    /** Indicator counters the change adds to, in the same transaction (an early review). */
    counters: readonly CounterChange[] = [],
  ): Promise<StoredCase> {
    checkCaseRef(ref);
    checkAuditNote(note);
    if (current.municipality !== ref.municipality || current.caseId !== ref.caseId) {
      throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
    }
    validate(caseChangesSchema, changes, 'changes');
    const next = applyChanges(current, changes, note.at);
    const changed = changedFieldNames(current, next, 1).filter(
      (field) => field !== 'version' && field !== 'updatedAt',
    );
    if (changed.length === 0) return current;
    const items: TransactItem[] = [
      {
        Put: {
          Item: caseItem(next),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': current.version },
        },
      },
      auditEventPut(ref, note, changed),
      ...dueWrites(current, next),
      ...indicatorUpdates(ref, counters),
    ];
    try {
      await this.table.transact(items);
    } catch (error) {
      if (error instanceof TransactionCancelled && (error.failedOn(0) || error.isConflict)) {
        if (!(await this.table.get(caseKey(ref), true))) {
          throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
        }
        throw new ConflictError(
          caseKey(ref),
          `case ${ref.caseId} changed since version ${current.version}; re-read and retry`,
        );
      }
      throw error;
    }
    return next;
  }

  /**
   * Read, change and write, retrying lost races a few times with backoff.
   * @example
   * await cases.modify(ref, (current) => ({ cycle: current.cycle + 1 }), note);
   */
  async modify(
    ref: CaseRef,
    change: (current: StoredCase) => CaseChanges,
    note: AuditNote,
    attempts = 5,
  ): Promise<StoredCase> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.require(ref);
      try {
        return await this.update(ref, current, change(current), note);
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
        await backoff(attempt);
      }
    }
  }

  /**
   * The municipality's cases, by case id, a page at a time (index casesByMunicipality).
   * @example
   * const { items, cursor } = await cases.byMunicipality('riga', { limit: 100 });
   */
  async byMunicipality(
    municipality: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<StoredCase>> {
    validate(idSchema, municipality, 'municipality');
    return this.casePage(
      'casesByMunicipality',
      ['municipalityCasesPk', 'municipalityCasesSk'],
      municipalityPk(municipality),
      page,
    );
  }

  /**
   * One coordinator's cases in the municipality (index casesByCoordinator).
   * @example
   * const { items } = await cases.byCoordinator('riga', 'u-7');
   */
  async byCoordinator(
    municipality: string,
    coordinatorId: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<StoredCase>> {
    validate(idSchema, municipality, 'municipality');
    validate(idSchema, coordinatorId, 'coordinatorId');
    return this.casePage(
      'casesByCoordinator',
      ['coordinatorCasesPk', 'coordinatorCasesSk'],
      coordinatorPk(municipality, coordinatorId),
      page,
    );
  }

  private async casePage(
    indexName: string,
    [partitionAttribute, sortAttribute]: readonly [string, string],
    partition: string,
    page: { limit?: number; cursor?: string },
  ): Promise<Page<StoredCase>> {
    validate(pageSchema, page, 'page');
    const start =
      page.cursor === undefined
        ? undefined
        : decodeStartKey(page.cursor, {
            partition: [partitionAttribute, partition],
            sort: [sortAttribute, 'C#'],
            tableKeys: true,
          });
    const result = await this.table.queryPage({
      IndexName: indexName,
      KeyConditionExpression: '#partition = :partition',
      ExpressionAttributeNames: { '#partition': partitionAttribute },
      ExpressionAttributeValues: { ':partition': partition },
      Limit: page.limit ?? 100,
      ...(start && { ExclusiveStartKey: start }),
    });
    const items = result.items.map((item) => decodeItem(caseEntity, item));
    return result.lastKey ? { items, cursor: encodeCursor(result.lastKey) } : { items };
  }

  /**
   * Open cases of the municipality whose review or re-assessment falls due between two dates,
   * inclusive, earliest first (index casesByDueDate).
   * @example
   * const { items } = await cases.dueBetween('riga', '2024-07-01', '2024-07-31');
   * items[0] // { ref: { municipality: 'riga', caseId: 'c-1' }, kind: 'review', date: '2024-07-02' }
   */
  async dueBetween(
    municipality: string,
    from: string,
    to: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<DueEntry>> {
    validate(idSchema, municipality, 'municipality');
    validate(isoDateSchema, from, 'from');
    validate(isoDateSchema, to, 'to');
    validate(pageSchema, page, 'page');
    const start =
      page.cursor === undefined
        ? undefined
        : decodeStartKey(page.cursor, {
            partition: ['dueDatePk', municipalityPk(municipality)],
            sort: ['dueDateSk', { from, to: `${to}~` }],
            tableKeys: true,
          });
    const result = await this.table.queryPage({
      IndexName: 'casesByDueDate',
      KeyConditionExpression: 'dueDatePk = :pk AND dueDateSk BETWEEN :from AND :to',
      // `~` sorts after every key character, so the whole of the `to` day is included.
      ExpressionAttributeValues: { ':pk': municipalityPk(municipality), ':from': from, ':to': `${to}~` },
      Limit: page.limit ?? 100,
      ...(start && { ExclusiveStartKey: start }),
    });
    const items = result.items.map((item) => {
      const entry = decodeItem(dueIndexEntity, item);
      return {
        ref: { municipality: entry.municipality, caseId: entry.caseId },
        kind: entry.dueKind,
        date: entry.dueDate,
      };
    });
    return result.lastKey ? { items, cursor: encodeCursor(result.lastKey) } : { items };
  }

  /**
   * Mark the months in which the case is active, so the monthly run finds it (idempotent).
   * @example
   * await cases.markActiveMonths(ref, ['2024-03', '2024-04'], note);
   */
  async markActiveMonths(ref: CaseRef, months: readonly YearMonth[], note: AuditNote): Promise<void> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(z.array(yearMonthSchema).min(1).max(24), months, 'months');
    const shard = activeShardOf(ref);
    await this.transactOnCase(ref, [
      { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
      ...months.map((month) => ({
        Put: {
          Item: {
            ...activeMonthKey(ref, month),
            entity: 'ActiveMonth',
            schemaVersion: 1,
            municipality: ref.municipality,
            caseId: ref.caseId,
            month,
            activeMonthPk: activeMonthPk(month, shard),
            activeMonthSk: activeMonthSk(ref),
          },
        },
      })),
      auditEventPut(ref, note, ['activeMonths']),
    ]);
  }

  /**
   * Withdraw the case from the monthly runs of `fromMonth` on (a case closed mid-period).
   * @example
   * await cases.withdrawActiveMonths(ref, '2024-05', note);
   */
  async withdrawActiveMonths(ref: CaseRef, fromMonth: YearMonth, note: AuditNote): Promise<number> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(yearMonthSchema, fromMonth, 'fromMonth');
    const marks = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':from': `ACTIVE#${fromMonth}`, ':to': 'ACTIVE#~' },
      ProjectionExpression: 'pk, sk',
    });
    if (marks.length === 0) return 0;
    await this.table.transact([
      ...marks.map((mark) => ({ Delete: { Key: { pk: mark['pk'], sk: mark['sk'] } } })),
      auditEventPut(ref, note, ['activeMonths']),
    ]);
    return marks.length;
  }

  /**
   * The cases active in a settlement month, any number of them, a page at a time across the
   * index's shards (index activeCasesByMonth). Pass the cursor back until none is returned.
   * @example
   * let page = await cases.activeForMonth('2024-03', { limit: 500 });
   * while (page.cursor) page = await cases.activeForMonth('2024-03', { limit: 500, cursor: page.cursor });
   */
  async activeForMonth(
    month: YearMonth,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<CaseRef>> {
    validate(yearMonthSchema, month, 'month');
    validate(pageSchema, page, 'page');
    const limit = page.limit ?? 500;
    let position = page.cursor === undefined ? { shard: 0 } : decodeCursor(page.cursor, activeCursorSchema);
    // The start key must be of the shard's own partition of this month.
    const inShard = startKeySchema({
      partition: ['activeMonthPk', activeMonthPk(month, position.shard)],
      sort: ['activeMonthSk', 'M#'],
      tableKeys: true,
    });
    if (position.key && !inShard.safeParse(position.key).success) throw new CursorError();
    const items: CaseRef[] = [];
    while (items.length < limit) {
      const result = await this.table.queryPage({
        IndexName: 'activeCasesByMonth',
        KeyConditionExpression: 'activeMonthPk = :pk',
        ExpressionAttributeValues: { ':pk': activeMonthPk(month, position.shard) },
        Limit: limit - items.length,
        ...(position.key && { ExclusiveStartKey: position.key }),
      });
      for (const item of result.items) {
        const entry = decodeItem(activeIndexEntity, item);
        items.push({ municipality: entry.municipality, caseId: entry.caseId });
      }
      if (result.lastKey) {
        position = { shard: position.shard, key: result.lastKey as Record<string, string> };
      } else if (position.shard + 1 < ACTIVE_CASE_SHARDS) {
        position = { shard: position.shard + 1 };
      } else {
        return { items };
      }
    }
    return { items, cursor: encodeCursor(position) };
  }

  // ---- personal data ---------------------------------------------------------------------------

  private personItem(ref: CaseRef, person: PersonData, at: string): Item {
    const stored: StoredPerson = {
      ...validate(personDataSchema, person, 'person'),
      entity: 'Person',
      schemaVersion: 1,
      updatedAt: at,
    };
    return { ...personKey(ref), ...stored };
  }

  /**
   * The case's personal data (participant, representatives, contacts), or undefined.
   * @example
   * const person = await cases.getPerson(ref);
   */
  async getPerson(ref: CaseRef): Promise<StoredPerson | undefined> {
    checkCaseRef(ref);
    const item = await this.table.get(personKey(ref), true);
    return item ? decodeItem(personEntity, item) : undefined;
  }

  /**
   * Only the participant's birth date (a projection of the person item), for figures that group
   * children by age without reading anything else of their personal data.
   * @example
   * const birthDate = await cases.birthDateOf(ref); // '2015-04-02' or undefined
   */
  async birthDateOf(ref: CaseRef): Promise<string | undefined> {
    checkCaseRef(ref);
    const result = await this.table.getProjected(personKey(ref), '#participant.birthDate', {
      '#participant': 'participant',
    });
    const birthDate = (result?.['participant'] as { birthDate?: unknown } | undefined)?.birthDate;
    return typeof birthDate === 'string' ? validate(isoDateSchema, birthDate, 'birthDate') : undefined;
  }

  /**
   * Replace the case's personal data; the audit event names the changed fields only.
   * @example
   * await cases.putPerson(ref, { participant: { name: 'Anna' }, contacts: [] }, note);
   */
  async putPerson(ref: CaseRef, person: PersonData, note: AuditNote): Promise<void> {
    checkCaseRef(ref);
    checkAuditNote(note);
    const item = this.personItem(ref, person, note.at);
    const before = await this.getPerson(ref);
    const {
      entity: _e,
      schemaVersion: _v,
      updatedAt: _u,
      ...previous
    } = before ?? { participant: {}, contacts: [] };
    await this.transactOnCase(ref, [
      { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
      { Put: { Item: item } },
      auditEventPut(ref, note, changedFieldNames(previous, person), 'PERSON'),
      // The assistants' lists of cases follow the contacts (functions/store/assistant-cases.ts).
      ...assignmentWrites(ref, before, person),
    ]);
  }

  /**
   * Erase the case's personal data on request; ids, figures and the audit trail remain.
   * @example
   * await cases.erasePerson(ref, { actor: { kind: 'coordinator', id: 'u-7' }, action: 'person-erased', at });
   */
  async erasePerson(ref: CaseRef, note: AuditNote): Promise<void> {
    checkCaseRef(ref);
    checkAuditNote(note);
    const before = await this.getPerson(ref);
    await this.transactOnCase(ref, [
      { Delete: { Key: personKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
      auditEventPut(ref, note, ['person'], 'PERSON'),
      ...assignmentWrites(ref, before, undefined),
    ]);
  }

  /** Run a transaction whose first item checks that the case (or its item) exists. */
  private async transactOnCase(ref: CaseRef, items: TransactItem[]): Promise<void> {
    try {
      await this.table.transact(items);
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(0)) {
        throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
      }
      throw error;
    }
  }
}
