/**
 * The record of a settlement run: one partition per run (`RUN#<runId>`) holding the run's header
 * (month, kind, status, where paging stands) and one item per case it settled, with the outcome
 * as ids, a status, an error name and figures (never personal data). The run's steps read and
 * write only through this repository, so a second start of the same run finds the first one's
 * record and finishes what is left: a case recorded as done is never settled again by the run,
 * and a case recorded as failed is tried once more.
 *
 * Keys are built here, not in keys.ts: nothing else addresses a run's partition.
 *
 * @example
 * const { run, created } = await runs.begin({ runId: '2024-03', month: '2024-03', kind: 'regular', scheduledAt }, at);
 * await runs.recordOutcome('2024-03', { municipality: 'talsi', caseId: 'c-1', status: 'settled', ... }, at);
 * const { items } = await runs.outcomes('2024-03');
 * await runs.finish('2024-03', totals, at);
 */
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Item, TableClient } from './client.ts';
import { isConditionFailure } from './client.ts';
import { decodeStartKey, encodeCursor } from './cursor.ts';
import { decodeItem, type EntityDefinition } from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { type CaseRef, checkCaseRef, type ItemKey, idSchema, validate, yearMonthSchema } from './keys.ts';
import type { Page } from './page.ts';

const int = z.number().int();
const nonNegativeInt = int.nonnegative();
const instantSchema = z.iso.datetime({ offset: true });

/** A regular run settles a month for the first time; a supplementary run settles what arrived late. */
export const RUN_KINDS = ['regular', 'supplementary'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** What happened to one case in a run; `failed` cases are tried again by a later start. */
export const CASE_OUTCOMES = ['settled', 'already-settled', 'supplementary', 'no-grant', 'failed'] as const;
export type CaseOutcomeStatus = (typeof CASE_OUTCOMES)[number];

/**
 * An error's name or code (`CaseDataError`, `Lambda.ServiceException`): one word, so no message,
 * which could carry a value from the case, is ever stored.
 */
export const errorNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be an error name or code');

/**
 * The name of an error, fit for the run record, a log line or an email: its `name` when that is one
 * word, else `Error`. The message is never used; it may hold values from the case.
 *
 * @example
 * errorNameOf(new CaseDataError(ref, 'two grants')) // 'CaseDataError'
 * errorNameOf('boom') // 'Error'
 */
export function errorNameOf(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined;
  return name !== undefined && errorNameSchema.safeParse(name).success ? name : 'Error';
}

/** Where paging through the month's active cases stands: the start of the page last read. */
export const runResumeSchema = z.strictObject({
  /** The cursor that page was read with; absent for the first page. */
  cursor: z.string().min(1).exactOptional(),
  /** Pages read before that page. */
  pages: nonNegativeInt,
  /** Case refs listed before that page. */
  listed: nonNegativeInt,
});
export type RunResume = z.infer<typeof runResumeSchema>;

export const runTotalsSchema = z.strictObject({
  cases: nonNegativeInt,
  settled: nonNegativeInt,
  alreadySettled: nonNegativeInt,
  supplementary: nonNegativeInt,
  noGrant: nonNegativeInt,
  failed: nonNegativeInt,
});
export type RunTotals = z.infer<typeof runTotalsSchema>;

export const runSchema = z.object({
  entity: z.literal('Run'),
  schemaVersion: z.literal(1),
  runId: idSchema,
  month: yearMonthSchema,
  kind: z.enum(RUN_KINDS),
  status: z.enum(['running', 'finished', 'failed', 'skipped']),
  scheduledAt: instantSchema,
  startedAt: instantSchema,
  updatedAt: instantSchema,
  /** How many executions have started the run (1, then 2 after a second start, ...). */
  starts: int.positive(),
  resume: runResumeSchema,
  totals: runTotalsSchema.exactOptional(),
  finishedAt: instantSchema.exactOptional(),
  /** The last run-level failure, by error name only. */
  failure: z.strictObject({ error: errorNameSchema, at: instantSchema }).exactOptional(),
  /** Why a run did nothing (a supplementary run of a month no regular run settled). */
  skippedReason: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/)
    .exactOptional(),
});
export type StoredRun = z.infer<typeof runSchema>;

export const caseOutcomeSchema = z.strictObject({
  municipality: idSchema,
  caseId: idSchema,
  status: z.enum(CASE_OUTCOMES),
  /** For `failed`: the error's name only. */
  error: errorNameSchema.exactOptional(),
  /** From the case item; absent when the case could not be read. */
  coordinatorId: idSchema.exactOptional(),
  /** The statement written or found (0 is the original). */
  sequence: nonNegativeInt.exactOptional(),
  /** Figures of that statement; a supplementary statement's are differences and may be negative. */
  paidMinutes: int,
  amountCents: int,
  rejectedMinutes: int,
  rejectedEntries: nonNegativeInt,
  /** Assistants of the case (by id) without a timesheet for the month, when the run looked. */
  missingTimesheets: z.array(idSchema).max(50),
  /**
   * Notifications of a supplementary statement not written because they would take money back
   * (outbox ids: kind, scope, role and id); the coordinator tells the people concerned.
   */
  withheldNotifications: z.array(z.string().min(1).max(300)).max(50).exactOptional(),
});
export type CaseOutcome = z.infer<typeof caseOutcomeSchema>;

export const runCaseSchema = z.object({
  ...caseOutcomeSchema.shape,
  entity: z.literal('RunCase'),
  schemaVersion: z.literal(1),
  runId: idSchema,
  recordedAt: instantSchema,
});
export type StoredRunCase = z.infer<typeof runCaseSchema>;

/** A case of a run that needs the coordinator: not settled, hours refused, timesheets missing, or a notice withheld. */
export const runAnomalySchema = z.strictObject({
  caseId: idSchema,
  coordinatorId: idSchema.exactOptional(),
  status: z.enum(CASE_OUTCOMES),
  error: errorNameSchema.exactOptional(),
  rejectedMinutes: int,
  rejectedEntries: nonNegativeInt,
  missingTimesheets: z.array(idSchema).max(50),
  withheldNotifications: nonNegativeInt,
});
export type RunAnomaly = z.infer<typeof runAnomalySchema>;

/**
 * One municipality's part of a run, written when the run finishes: its counts, the hours and
 * euros it paid (differences for a supplementary run) and the cases that need a coordinator. Kept
 * in the municipality's own partition (`RUNS#M#<m>`, sorted by month and run id), so its run
 * history is one query and a run's page one read, however many cases the run settled.
 */
export const runSummaryDataSchema = z.strictObject({
  municipality: idSchema,
  runId: idSchema,
  month: yearMonthSchema,
  kind: z.enum(RUN_KINDS),
  finishedAt: instantSchema,
  totals: runTotalsSchema,
  paidMinutes: int,
  amountCents: int,
  rejectedMinutes: int,
  rejectedEntries: nonNegativeInt,
  anomalies: z.array(runAnomalySchema).max(5_000),
});
export type RunSummaryData = z.infer<typeof runSummaryDataSchema>;
export const runSummarySchema = z.object({
  ...runSummaryDataSchema.shape,
  entity: z.literal('RunSummary'),
  schemaVersion: z.literal(1),
});
export type StoredRunSummary = z.infer<typeof runSummarySchema>;
export const runSummaryEntity: EntityDefinition<StoredRunSummary> = {
  name: 'RunSummary',
  schema: runSummarySchema,
};

export const runEntity: EntityDefinition<StoredRun> = { name: 'Run', schema: runSchema };
export const runCaseEntity: EntityDefinition<StoredRunCase> = { name: 'RunCase', schema: runCaseSchema };

// ---- keys -------------------------------------------------------------------------------------

export const runPk = (runId: string) => `RUN#${runId}`;
export const runKey = (runId: string): ItemKey => ({ pk: runPk(runId), sk: 'RUN' });
export const runCasePrefix = 'CASE#';
export const runCaseKey = (runId: string, ref: CaseRef): ItemKey => ({
  pk: runPk(runId),
  sk: `${runCasePrefix}M#${ref.municipality}#C#${ref.caseId}`,
});

export const runSummariesPk = (municipality: string) => `RUNS#M#${municipality}`;
export const runSummaryKey = (municipality: string, month: string, runId: string): ItemKey => ({
  pk: runSummariesPk(municipality),
  sk: `${month}#${runId}`,
});

const newRunSchema = z.strictObject({
  runId: idSchema,
  month: yearMonthSchema,
  kind: z.enum(RUN_KINDS),
  scheduledAt: instantSchema,
});
export type NewRun = z.infer<typeof newRunSchema>;

const pageSchema = z.strictObject({
  limit: z.number().int().min(1).max(1_000).optional(),
  cursor: z.string().optional(),
});

/**
 * An UpdateItem that writes `item` whole (every field SET, the `removable` ones it lacks REMOVEd),
 * so a conditional write can create an item or replace one in a single standard write.
 */
function wholeItemUpdate(
  key: ItemKey,
  item: Record<string, unknown>,
  removable: readonly string[],
): Omit<UpdateCommandInput, 'TableName'> & {
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  let index = 0;
  for (const [field, value] of Object.entries(item)) {
    if (value === undefined || field === 'pk' || field === 'sk') continue;
    names[`#f${index}`] = field;
    values[`:v${index}`] = value;
    sets.push(`#f${index} = :v${index}`);
    index += 1;
  }
  const removes = removable
    .filter((field) => item[field] === undefined)
    .map((field, at) => {
      names[`#r${at}`] = field;
      return `#r${at}`;
    });
  return {
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export class RunRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Begin a run, or find it begun: the first start writes the header (status `running`); a later
   * start of the same run counts itself and puts a failed run back to `running`, while a finished
   * or skipped one is returned as it is. A run id already used for another month or kind is a
   * {@link ConflictError}.
   * @example
   * const { run, created } = await runs.begin({ runId: '2024-03', month: '2024-03', kind: 'regular', scheduledAt: '2024-04-10T03:00:00Z' }, at);
   */
  async begin(input: NewRun, at: string): Promise<{ run: StoredRun; created: boolean }> {
    const checked = validate(newRunSchema, input, 'run');
    validate(instantSchema, at, 'at');
    const run: StoredRun = {
      entity: 'Run',
      schemaVersion: 1,
      ...checked,
      status: 'running',
      startedAt: at,
      updatedAt: at,
      starts: 1,
      resume: { pages: 0, listed: 0 },
    };
    const key = runKey(checked.runId);
    const write = wholeItemUpdate(key, run, []);
    try {
      await this.table.update({ ...write, ConditionExpression: 'attribute_not_exists(pk)' });
      return { run, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const found = await this.require(checked.runId);
    if (found.month !== checked.month || found.kind !== checked.kind) {
      throw new ConflictError(key, `run ${checked.runId} is a ${found.kind} run of ${found.month}`);
    }
    if (found.status === 'finished' || found.status === 'skipped') return { run: found, created: false };
    const attributes = await this.table.update({
      Key: key,
      UpdateExpression: 'SET #status = :running, starts = starts + :one, updatedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':running': 'running', ':one': 1, ':at': at },
      ReturnValues: 'ALL_NEW',
    });
    return { run: decodeItem(runEntity, attributes ?? {}), created: false };
  }

  /**
   * The run's header, or undefined.
   * @example
   * const run = await runs.get('2024-03');
   */
  async get(runId: string): Promise<StoredRun | undefined> {
    validate(idSchema, runId, 'runId');
    const item = await this.table.get(runKey(runId), true);
    return item ? decodeItem(runEntity, item) : undefined;
  }

  /** Like {@link get}, but a missing run is a {@link NotFoundError}. */
  async require(runId: string): Promise<StoredRun> {
    const found = await this.get(runId);
    if (!found) throw new NotFoundError(runKey(runId), `run ${runId}`);
    return found;
  }

  /**
   * Remember the start of the page being read, so a later start resumes there (idempotent: a
   * retried page writes the same values).
   * @example
   * await runs.notePage('2024-03', { cursor: 'eyJzaGFyZCI6Mn0', pages: 1, listed: 100 }, at);
   */
  async notePage(runId: string, resume: RunResume, at: string): Promise<void> {
    validate(idSchema, runId, 'runId');
    const checked = validate(runResumeSchema, resume, 'resume');
    try {
      await this.table.update({
        Key: runKey(runId),
        UpdateExpression: 'SET #resume = :resume, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#resume': 'resume' },
        ExpressionAttributeValues: { ':resume': checked, ':at': at },
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError(runKey(runId), `run ${runId}`);
      throw error;
    }
  }

  /**
   * What the run recorded for a case, or undefined when it has not reached it.
   * @example
   * const outcome = await runs.outcome('2024-03', { municipality: 'talsi', caseId: 'c-1' });
   */
  async outcome(runId: string, ref: CaseRef): Promise<StoredRunCase | undefined> {
    validate(idSchema, runId, 'runId');
    checkCaseRef(ref);
    const item = await this.table.get(runCaseKey(runId, ref), true);
    return item ? decodeItem(runCaseEntity, item) : undefined;
  }

  /**
   * Record a case's outcome once: written when the case has no outcome yet or only a failed one;
   * a case already recorded as done keeps its record. Returns whether this call wrote.
   * @example
   * await runs.recordOutcome('2024-03', { municipality: 'talsi', caseId: 'c-1', status: 'settled', coordinatorId: 'u-7', sequence: 0, paidMinutes: 600, amountCents: 5110, rejectedMinutes: 0, rejectedEntries: 0, missingTimesheets: [] }, at);
   */
  async recordOutcome(runId: string, outcome: CaseOutcome, at: string): Promise<boolean> {
    validate(idSchema, runId, 'runId');
    const checked = validate(caseOutcomeSchema, outcome, 'outcome');
    validate(instantSchema, at, 'at');
    const stored: StoredRunCase = {
      entity: 'RunCase',
      schemaVersion: 1,
      runId,
      ...checked,
      recordedAt: at,
    };
    const write = wholeItemUpdate(runCaseKey(runId, checked), stored, [
      'error',
      'coordinatorId',
      'sequence',
      'withheldNotifications',
    ]);
    try {
      await this.table.update({
        ...write,
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
        ExpressionAttributeNames: { ...write.ExpressionAttributeNames, '#status': 'status' },
        ExpressionAttributeValues: { ...write.ExpressionAttributeValues, ':failed': 'failed' },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * The run's case outcomes, by municipality and case id, a page at a time.
   * @example
   * let page = await runs.outcomes('2024-03', { limit: 500 });
   * while (page.cursor) page = await runs.outcomes('2024-03', { limit: 500, cursor: page.cursor });
   */
  async outcomes(
    runId: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<StoredRunCase>> {
    validate(idSchema, runId, 'runId');
    validate(pageSchema, page, 'page');
    const start =
      page.cursor === undefined
        ? undefined
        : decodeStartKey(page.cursor, { partition: ['pk', runPk(runId)], sort: ['sk', runCasePrefix] });
    const result = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': runPk(runId), ':prefix': runCasePrefix },
      ConsistentRead: true,
      Limit: page.limit ?? 500,
      ...(start && { ExclusiveStartKey: start }),
    });
    const items = result.items.map((item: Item) => decodeItem(runCaseEntity, item));
    return result.lastKey ? { items, cursor: encodeCursor(result.lastKey) } : { items };
  }

  /**
   * Mark the run finished with its totals (again after a later start: the same totals or newer).
   * @example
   * await runs.finish('2024-03', { cases: 3, settled: 3, alreadySettled: 0, supplementary: 0, noGrant: 0, failed: 0 }, at);
   */
  async finish(runId: string, totals: RunTotals, at: string): Promise<void> {
    validate(idSchema, runId, 'runId');
    const checked = validate(runTotalsSchema, totals, 'totals');
    await this.setStatus(
      runId,
      'SET #status = :finished, totals = :totals, finishedAt = :at, updatedAt = :at',
      {
        ':finished': 'finished',
        ':totals': checked,
        ':at': at,
      },
    );
  }

  /**
   * Record that a run-level step failed for good (by error name); a later start resumes the run.
   * A run already finished stays finished.
   * @example
   * await runs.fail('2024-03', 'States.TaskFailed', at);
   */
  async fail(runId: string, error: string, at: string): Promise<void> {
    validate(idSchema, runId, 'runId');
    validate(errorNameSchema, error, 'error');
    try {
      await this.table.update({
        Key: runKey(runId),
        UpdateExpression: 'SET #status = :failed, failure = :failure, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :finished',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':finished': 'finished',
          ':failure': { error, at },
          ':at': at,
        },
      });
    } catch (caught) {
      if (!isConditionFailure(caught)) throw caught;
      if (!(await this.get(runId))) throw new NotFoundError(runKey(runId), `run ${runId}`);
    }
  }

  /**
   * Mark a run that has nothing to do as skipped, with the reason as a code.
   * @example
   * await runs.skip('2024-02-supplementary-2024-04-10', 'no-regular-run', at);
   */
  async skip(runId: string, reason: string, at: string): Promise<void> {
    validate(idSchema, runId, 'runId');
    await this.setStatus(runId, 'SET #status = :skipped, skippedReason = :reason, updatedAt = :at', {
      ':skipped': 'skipped',
      ':reason': reason,
      ':at': at,
    });
  }

  /**
   * Keep a municipality's part of a finished run (a second finish writes it again, the same or newer).
   * @example
   * await runs.recordSummary({ municipality: 'talsi', runId: '2024-03', month: '2024-03', kind: 'regular', ... });
   */
  async recordSummary(summary: RunSummaryData): Promise<void> {
    const checked = validate(runSummaryDataSchema, summary, 'summary');
    const item: StoredRunSummary = { ...checked, entity: 'RunSummary', schemaVersion: 1 };
    const write = wholeItemUpdate(
      runSummaryKey(checked.municipality, checked.month, checked.runId),
      item,
      [],
    );
    await this.table.update(write);
  }

  /**
   * A municipality's runs, newest month first (within a month, supplementary runs before the
   * regular one), a page at a time.
   * @example
   * const { items } = await runs.summaries('talsi', { limit: 12 });
   */
  async summaries(
    municipality: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<StoredRunSummary>> {
    validate(idSchema, municipality, 'municipality');
    validate(pageSchema, page, 'page');
    const start =
      page.cursor === undefined
        ? undefined
        : decodeStartKey(page.cursor, { partition: ['pk', runSummariesPk(municipality)], sort: ['sk'] });
    const result = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': runSummariesPk(municipality) },
      ScanIndexForward: false,
      Limit: page.limit ?? 12,
      ...(start && { ExclusiveStartKey: start }),
    });
    const items = result.items.map((item: Item) => decodeItem(runSummaryEntity, item));
    return result.lastKey ? { items, cursor: encodeCursor(result.lastKey) } : { items };
  }

  /**
   * A municipality's part of one run, or undefined (a run that has not finished, or settled none of its cases).
   * @example
   * const summary = await runs.summary('talsi', '2024-03');
   */
  async summary(municipality: string, runId: string): Promise<StoredRunSummary | undefined> {
    validate(idSchema, municipality, 'municipality');
    validate(idSchema, runId, 'runId');
    const month = runId.slice(0, 7);
    if (!yearMonthSchema.safeParse(month).success) return undefined;
    const item = await this.table.get(runSummaryKey(municipality, month, runId));
    return item ? decodeItem(runSummaryEntity, item) : undefined;
  }

  /**
   * The run's case outcomes in one municipality, by case id, a page at a time (for the
   * municipality's accounting export).
   * @example
   * const { items } = await runs.outcomesIn('2024-03', 'talsi', { limit: 500 });
   */
  async outcomesIn(
    runId: string,
    municipality: string,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<StoredRunCase>> {
    validate(idSchema, runId, 'runId');
    validate(idSchema, municipality, 'municipality');
    validate(pageSchema, page, 'page');
    const start =
      page.cursor === undefined
        ? undefined
        : decodeStartKey(page.cursor, {
            partition: ['pk', runPk(runId)],
            sort: ['sk', `${runCasePrefix}M#${municipality}#C#`],
          });
    const result = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': runPk(runId), ':prefix': `${runCasePrefix}M#${municipality}#C#` },
      Limit: page.limit ?? 500,
      ...(start && { ExclusiveStartKey: start }),
    });
    const items = result.items.map((item: Item) => decodeItem(runCaseEntity, item));
    return result.lastKey ? { items, cursor: encodeCursor(result.lastKey) } : { items };
  }

  private async setStatus(runId: string, expression: string, values: Record<string, unknown>): Promise<void> {
    try {
      await this.table.update({
        Key: runKey(runId),
        UpdateExpression: expression,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError(runKey(runId), `run ${runId}`);
      throw error;
    }
  }
}
