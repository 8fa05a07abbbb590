/**
 * Every key of the table is built here. A case's partition key carries its municipality
 * (`M#riga#C#c-17`), so asking with the wrong municipality addresses an empty partition: there
 * is no code path that fetches first and checks the tenant afterwards. Ids may not contain the
 * `#` separator, so no id can be crafted to step into another municipality's keys.
 *
 * @example
 * casePk({ municipality: 'riga', caseId: 'c-17' }) // 'M#riga#C#c-17'
 * statementSk('2024-03', 0) // 'STATEMENT#2024-03#000'
 */
import { z } from 'zod';
import { isYearMonth, type YearMonth } from '../domain/calendar.ts';
import { formatPath, InputError } from '../domain/errors.ts';
import { ACTIVE_CASE_SHARDS, PENDING_OUTBOX_SHARDS } from './table.ts';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Which case, in which municipality: the argument of every read and write of case data. */
export interface CaseRef {
  municipality: string;
  caseId: string;
}

/** Letters, digits, `.`, `_`, `-`; never the key separator `#` or the id separator `:`. */
export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );
export const yearMonthSchema = z.string().refine(isYearMonth, { message: 'must be a month YYYY-MM' });

export const caseRefSchema = z.strictObject({ municipality: idSchema, caseId: idSchema });

/** Validate input with zod; throws {@link InputError} naming each bad field (under `label`). */
export function validate<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues.map((issue) => ({
      path: formatPath([label, ...issue.path]),
      message: issue.message,
    })),
  );
}

export function checkCaseRef(ref: CaseRef): CaseRef {
  return validate(caseRefSchema, ref, 'case');
}

export const municipalityPk = (municipality: string) => `M#${municipality}`;
export const casePk = (ref: CaseRef) => `M#${ref.municipality}#C#${ref.caseId}`;
export const caseKey = (ref: CaseRef): ItemKey => ({ pk: casePk(ref), sk: 'CASE' });
export const personKey = (ref: CaseRef): ItemKey => ({ pk: casePk(ref), sk: 'PERSON' });
export const coordinatorPk = (municipality: string, coordinatorId: string) =>
  `M#${municipality}#U#${coordinatorId}`;
export const caseSortKey = (caseId: string) => `C#${caseId}`;

/** The coordinators' work queue's partition (the sparse `workQueue` index; functions/store/work-queue.ts). */
export const workQueuePk = (municipality: string) => `M#${municipality}`;

export const dueKey = (ref: CaseRef, kind: string): ItemKey => ({ pk: casePk(ref), sk: `DUE#${kind}` });
export const dueDateSk = (date: string, kind: string, caseId: string) => `${date}#${kind}#C#${caseId}`;

export const activeMonthKey = (ref: CaseRef, month: YearMonth): ItemKey => ({
  pk: casePk(ref),
  sk: `ACTIVE#${month}`,
});
export const activeMonthPk = (month: YearMonth, shard: number) => `ACTIVE#${month}#${shard}`;
export const activeMonthSk = (ref: CaseRef) => `M#${ref.municipality}#C#${ref.caseId}`;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const cyclePrefix = (cycle: number) => `CYCLE#${pad(cycle, 4)}#`;
export const assessmentKey = (ref: CaseRef, cycle: number, assessedOn: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${cyclePrefix(cycle)}ASSESSMENT#${assessedOn}`,
});
export const planKey = (ref: CaseRef, cycle: number, revision: number): ItemKey => ({
  pk: casePk(ref),
  sk: `${cyclePrefix(cycle)}PLAN#${pad(revision, 3)}`,
});
export const grantKey = (ref: CaseRef, cycle: number, service: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${cyclePrefix(cycle)}GRANT#${service}`,
});
export const budgetKey = (ref: CaseRef, cycle: number): ItemKey => ({
  pk: casePk(ref),
  sk: `${cyclePrefix(cycle)}BUDGET`,
});
export const rankingKey = (ref: CaseRef, cycle: number): ItemKey => ({
  pk: casePk(ref),
  sk: `${cyclePrefix(cycle)}RANKING`,
});
export const changeRequestKey = (ref: CaseRef, cycle: number, sequence: number): ItemKey => ({
  pk: casePk(ref),
  sk: `${cyclePrefix(cycle)}CHANGES#${pad(sequence, 3)}`,
});

export const timesheetPrefix = (month: YearMonth) => `TIMESHEET#${month}#`;
export const timesheetKey = (ref: CaseRef, month: YearMonth, assistantId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${timesheetPrefix(month)}A#${assistantId}`,
});

/** The timesheetsByAssistantMonth index: one assistant's month, across cases and municipalities. */
export const assistantMonthPk = (assistantId: string, month: YearMonth) => `A#${assistantId}#${month}`;
export const assistantMonthSk = (ref: CaseRef) => `M#${ref.municipality}#C#${ref.caseId}`;

export const stayPrefix = 'STAY#';
export const stayKey = (ref: CaseRef, from: string, stayId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${stayPrefix}${from}#${stayId}`,
});

export const statementPrefix = (month: YearMonth) => `STATEMENT#${month}#`;
export const statementKey = (ref: CaseRef, month: YearMonth, sequence: number): ItemKey => ({
  pk: casePk(ref),
  sk: `${statementPrefix(month)}${pad(sequence, 3)}`,
});

/**
 * The key condition of a case's items of one kind from month `from` to month `to`, both whole:
 * `~` sorts after every key character, so every item of the `to` month is included.
 * @example
 * await table.queryAll(caseMonthsQuery(ref, timesheetPrefix, '2025-01', '2025-06'));
 */
export const caseMonthsQuery = (
  ref: CaseRef,
  prefixOf: (month: YearMonth) => string,
  from: YearMonth,
  to: YearMonth,
) => ({
  KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
  ExpressionAttributeValues: { ':pk': casePk(ref), ':from': prefixOf(from), ':to': `${prefixOf(to)}~` },
});

export const outboxKey = (ref: CaseRef, notificationId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `OUTBOX#${notificationId}`,
});
export const pendingOutboxPk = (shard: number) => `OUTBOX#${shard}`;

export const auditPrefix = 'AUDIT#';
export const auditKey = (ref: CaseRef, at: string, unique: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${auditPrefix}${at}#${unique}`,
});

export const taskTokenKey = (ref: CaseRef, phase: string): ItemKey => ({
  pk: casePk(ref),
  sk: `TASK#${phase}`,
});

/** A stable small hash (FNV-1a), to spread index partitions evenly and repeatably. */
export function shardOf(text: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

export const activeShardOf = (ref: CaseRef) => shardOf(casePk(ref), ACTIVE_CASE_SHARDS);
export const outboxShardOf = (notificationId: string) => shardOf(notificationId, PENDING_OUTBOX_SHARDS);
