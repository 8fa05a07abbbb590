/**
 * A case's six-month cycles: assessments, plan revisions and grants, kept in the case's item
 * collection under `CYCLE#<nnnn>#`, so one query returns all of a cycle.
 *
 * @example
 * await cycles.recordAssessment(ref, 1, assessment, note);
 * const plan = await cycles.recordPlan(ref, 1, planOutput, note); // revision 1, status draft
 * const { assessments, plans, grants } = await cycles.contents(ref, 1);
 */
import { z } from 'zod';
import type { CounterChange } from '../domain/indicators/deltas.ts';
import { type AuditNote, auditEventPut, checkAuditNote, putNewWithAudit } from './audit.ts';
import { backoff, type Item, type TableClient, type TransactItem, TransactionCancelled } from './client.ts';
import {
  type AssessmentData,
  assessmentDataSchema,
  assessmentEntity,
  budgetEntity,
  budgetSchema,
  type ChangeRequestData,
  type Consent,
  caseEntity,
  changeRequestDataSchema,
  changeRequestEntity,
  consentSchema,
  decodeItem,
  type GrantData,
  grantDataSchema,
  grantEntity,
  type PlanContract,
  planContractSchema,
  planEntity,
  planStatusSchema,
  type RankingData,
  rankingDataSchema,
  rankingEntity,
  type StoredAssessment,
  type StoredBudget,
  type StoredChangeRequest,
  type StoredGrant,
  type StoredPlan,
  type StoredRanking,
} from './entities.ts';
import { CaseMovedError, ConflictError, NotFoundError } from './errors.ts';
import { indicatorUpdates } from './indicators.ts';
import {
  assessmentKey,
  budgetKey,
  type CaseRef,
  caseKey,
  casePk,
  changeRequestKey,
  checkCaseRef,
  cyclePrefix,
  grantKey,
  planKey,
  rankingKey,
  validate,
} from './keys.ts';

const cycleNumberSchema = z.number().int().min(0).max(9_999);

export interface CycleContents {
  assessments: StoredAssessment[];
  plans: StoredPlan[];
  grants: StoredGrant[];
  budget?: StoredBudget;
  ranking?: StoredRanking;
  changeRequests: StoredChangeRequest[];
}

/**
 * The phases a command read the case in. A write made with them holds only while the case is
 * still open, in the cycle written to and in one of these phases; otherwise nothing is written and
 * it is a {@link CaseMovedError}. So a command acts on the cycle it read, or fails.
 */
export type PhasesRead = readonly string[];

/** How often a transaction that lost to a concurrent one (not to a condition) is tried. */
const TRANSACTION_ATTEMPTS = 4;

export class CycleRepository {
  constructor(private readonly table: TableClient) {}

  /** The check on the case item that leads every cycle write. */
  private caseCheck(ref: CaseRef, cycle: number, phases?: PhasesRead): TransactItem {
    if (phases === undefined) {
      return { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } };
    }
    const phaseValues = Object.fromEntries(phases.map((phase, index) => [`:phase${index}`, phase]));
    return {
      ConditionCheck: {
        Key: caseKey(ref),
        ConditionExpression: `#status = :open AND #cycle = :cycle AND #phase IN (${Object.keys(phaseValues).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status', '#cycle': 'cycle', '#phase': 'phase' },
        ExpressionAttributeValues: { ':open': 'open', ':cycle': cycle, ...phaseValues },
      },
    };
  }

  /** The case failed the check of {@link caseCheck}: it does not exist, or it moved on. */
  private async caseMoved(ref: CaseRef, cycle: number): Promise<never> {
    const item = await this.table.get(caseKey(ref), true);
    if (!item) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
    const found = decodeItem(caseEntity, item);
    throw new CaseMovedError(
      caseKey(ref),
      found.status === 'open' ? found.phase : 'closed',
      `case ${ref.caseId} moved on while the request ran (it is in cycle ${found.cycle}, phase ${found.phase}, not cycle ${cycle}); nothing was written`,
    );
  }

  /**
   * A transaction led by the case check, tried again when it only lost to a concurrent transaction.
   * A condition that failed comes back as the TransactionCancelled of the last attempt.
   */
  private async transactOnCase(ref: CaseRef, cycle: number, items: TransactItem[], phases?: PhasesRead) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.table.transact([this.caseCheck(ref, cycle, phases), ...items]);
        return;
      } catch (error) {
        if (!(error instanceof TransactionCancelled)) throw error;
        if (error.failedOn(0)) await this.caseMoved(ref, cycle);
        const onlyContention =
          error.isConflict && !error.reasons.some((r) => r.code === 'ConditionalCheckFailed');
        if (!onlyContention || attempt >= TRANSACTION_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }

  private async write(
    ref: CaseRef,
    cycle: number,
    items: TransactItem[],
    what: string,
    phases?: PhasesRead,
  ): Promise<void> {
    try {
      await this.transactOnCase(ref, cycle, items, phases);
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      throw new ConflictError(caseKey(ref), `${what} was written by someone else first`);
    }
  }

  /**
   * Record the team's assessment for a cycle (one per date; a second one for the same date conflicts).
   * @example
   * await cycles.recordAssessment(ref, 1, { assessedOn: '2024-01-10', scores, weeklyRehabilitation: false, needsCompanion: true }, note);
   */
  async recordAssessment(
    ref: CaseRef,
    cycle: number,
    assessment: AssessmentData,
    note: AuditNote,
    phases?: PhasesRead,
    /** Indicator counters the assessment adds to, in the same transaction (so once, as it is). */
    counters: readonly CounterChange[] = [],
  ): Promise<StoredAssessment> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    const data = validate(assessmentDataSchema, assessment, 'assessment');
    const stored: StoredAssessment = {
      ...data,
      entity: 'Assessment',
      schemaVersion: 1,
      cycle,
      recordedAt: note.at,
    };
    const key = assessmentKey(ref, cycle, data.assessedOn);
    try {
      await this.write(
        ref,
        cycle,
        [...putNewWithAudit(ref, key, stored, note, Object.keys(data)), ...indicatorUpdates(ref, counters)],
        `the assessment of ${data.assessedOn}`,
        phases,
      );
    } catch (error) {
      // The same assessment sent again (a retry, a double click) is done already: no second event.
      const existing = error instanceof CaseMovedError ? undefined : await this.table.get(key, true);
      if (!existing) throw error;
      const before = decodeItem(assessmentEntity, existing);
      if (!sameData(before, data, Object.keys(assessmentDataSchema.shape))) throw error;
      return before;
    }
    return stored;
  }

  /**
   * Store a plan (issue 3's `plan` output) as the cycle's next revision, as a draft.
   * @example
   * const { revision } = await cycles.recordPlan(ref, 1, planOutput, note);
   */
  async recordPlan(ref: CaseRef, cycle: number, plan: PlanContract, note: AuditNote): Promise<StoredPlan> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    const data = validate(planContractSchema, plan, 'plan');
    const latest = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': `${cyclePrefix(cycle)}PLAN#` },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    });
    const previous = latest.items[0] ? decodeItem(planEntity, latest.items[0]) : undefined;
    const revision = (previous?.revision ?? 0) + 1;
    const stored: StoredPlan = {
      entity: 'Plan',
      schemaVersion: 1,
      cycle,
      revision,
      status: 'draft',
      plan: data,
      recordedAt: note.at,
    };
    const key = planKey(ref, cycle, revision);
    await this.write(
      ref,
      cycle,
      [...putNewWithAudit(ref, key, stored, note, ['plan'])],
      `plan revision ${revision}`,
    );
    return stored;
  }

  /**
   * Move a plan revision to another status (approved, active, superseded), recording the parents'
   * consent with an approval. With `expected`, the change is made only from the status read (and,
   * with `phases`, while the case is still where the command read it): a revision already in the
   * wanted status is `'unchanged'` (done before, no second event); any other is a conflict.
   * @example
   * await cycles.setPlanStatus(ref, 1, 2, 'approved', note, consent, { from: 'draft', phases: ['await-approval'] });
   */
  async setPlanStatus(
    ref: CaseRef,
    cycle: number,
    revision: number,
    status: StoredPlan['status'],
    note: AuditNote,
    consent?: Consent,
    expected?: { from: StoredPlan['status']; phases?: PhasesRead },
    /** Indicator counters the change adds to, in the same transaction (an approval, an activation). */
    counters: readonly CounterChange[] = [],
  ): Promise<'changed' | 'unchanged'> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    validate(planStatusSchema, status, 'status');
    if (consent !== undefined) validate(consentSchema, consent, 'consent');
    const key = planKey(ref, cycle, revision);
    const update: TransactItem = {
      Update: {
        Key: key,
        UpdateExpression: consent ? 'SET #status = :status, consent = :consent' : 'SET #status = :status',
        ConditionExpression: expected ? '#status = :from' : 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ...(consent && { ':consent': consent }),
          ...(expected && { ':from': expected.from }),
        },
      },
    };
    const audit = auditEventPut(ref, note, consent ? ['status', 'consent'] : ['status'], key.sk);
    const indicators = indicatorUpdates(ref, counters);
    if (!expected) {
      try {
        await this.table.transact([update, audit, ...indicators]);
      } catch (error) {
        if (error instanceof TransactionCancelled && error.failedOn(0)) {
          throw new NotFoundError(key, `plan revision ${revision} of cycle ${cycle}`);
        }
        throw error;
      }
      return 'changed';
    }
    try {
      await this.transactOnCase(ref, cycle, [update, audit, ...indicators], expected.phases);
      return 'changed';
    } catch (error) {
      if (!(error instanceof TransactionCancelled || error instanceof CaseMovedError)) throw error;
      // Lost to the same change made at once (which may have moved the case on): done already.
      const found = await this.table.get(key, true);
      if (found && decodeItem(planEntity, found).status === status) return 'unchanged';
      if (error instanceof CaseMovedError) throw error;
      if (!found) throw new NotFoundError(key, `plan revision ${revision} of cycle ${cycle}`);
      throw new ConflictError(key, `plan revision ${revision} of cycle ${cycle} is not ${expected.from}`);
    }
  }

  /**
   * Record the parents' consent on a drafted revision without changing its status; a revision that
   * is no longer a draft is a {@link ConflictError}.
   * @example
   * await cycles.recordConsent(ref, 1, 2, { by: 'p-1', on: '2024-01-12', via: 'link' }, note);
   */
  async recordConsent(
    ref: CaseRef,
    cycle: number,
    revision: number,
    consent: Consent,
    note: AuditNote,
    phases?: PhasesRead,
  ): Promise<void> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    validate(consentSchema, consent, 'consent');
    const key = planKey(ref, cycle, revision);
    try {
      await this.transactOnCase(
        ref,
        cycle,
        [
          {
            Update: {
              Key: key,
              UpdateExpression: 'SET consent = :consent',
              ConditionExpression: '#status = :draft',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':consent': consent, ':draft': 'draft' },
            },
          },
          auditEventPut(ref, note, ['consent'], key.sk),
        ],
        phases,
      );
    } catch (error) {
      if (error instanceof TransactionCancelled && error.failedOn(1)) {
        throw new ConflictError(key, `plan revision ${revision} of cycle ${cycle} is not a draft`);
      }
      throw error;
    }
  }

  /**
   * Record the grants of a cycle (replacing grants of the same service).
   * @example
   * await cycles.recordGrants(ref, 1, [{ service: 'assistant', basis: 'month', minutes: 4800 }], note);
   */
  async recordGrants(
    ref: CaseRef,
    cycle: number,
    grants: readonly GrantData[],
    note: AuditNote,
  ): Promise<StoredGrant[]> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    const checked = validate(z.array(grantDataSchema).min(1).max(20), grants, 'grants');
    const stored = checked.map(
      (grant): StoredGrant => ({ ...grant, entity: 'Grant', schemaVersion: 1, cycle }),
    );
    await this.write(
      ref,
      cycle,
      [
        ...stored.map((grant) => ({ Put: { Item: { ...grantKey(ref, cycle, grant.service), ...grant } } })),
        auditEventPut(
          ref,
          note,
          stored.map((grant) => `grants.${grant.service}`),
          `${cyclePrefix(cycle)}GRANT`,
        ),
      ],
      'the grants',
    );
    return stored;
  }

  /**
   * Record the budget computed from the cycle's assessment; computing it again replaces it.
   * @example
   * await cycles.recordBudget(ref, 1, { assessedOn, cents: 250000, terms, assistantGrants, policy }, note);
   */
  async recordBudget(
    ref: CaseRef,
    cycle: number,
    budget: Omit<StoredBudget, 'entity' | 'schemaVersion' | 'cycle' | 'computedAt'>,
    note: AuditNote,
  ): Promise<StoredBudget> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    const stored = validate(
      budgetSchema,
      { ...budget, entity: 'Budget', schemaVersion: 1, cycle, computedAt: note.at },
      'budget',
    );
    const key = budgetKey(ref, cycle);
    await this.write(
      ref,
      cycle,
      [{ Put: { Item: { ...key, ...stored } } }, auditEventPut(ref, note, ['budget'], key.sk)],
      'the budget',
    );
    return stored;
  }

  /**
   * Record the parents' ranking of the cycle's services; a later ranking replaces an earlier one
   * until the plan is drafted (the caller checks the phase).
   * @example
   * await cycles.recordRanking(ref, 1, { services: ['physiotherapy', 'speech-therapy'], rankedBy: 'parents', receivedOn: '2024-03-08' }, note);
   */
  async recordRanking(
    ref: CaseRef,
    cycle: number,
    ranking: RankingData,
    note: AuditNote,
    phases?: PhasesRead,
  ): Promise<StoredRanking> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    const data = validate(rankingDataSchema, ranking, 'ranking');
    const stored: StoredRanking = {
      ...data,
      entity: 'Ranking',
      schemaVersion: 1,
      cycle,
      recordedAt: note.at,
    };
    const key = rankingKey(ref, cycle);
    const sameRanking = (before: StoredRanking | undefined) =>
      before !== undefined && sameData(before, data, ['services', 'rankedBy']);
    const read = async () => {
      const item = await this.table.get(key, true);
      return item ? decodeItem(rankingEntity, item) : undefined;
    };
    const before = await read();
    // The same ranking again is recorded already: nothing is written, no second event.
    if (before && sameRanking(before)) return before;
    try {
      await this.write(
        ref,
        cycle,
        [
          {
            Put: {
              Item: { ...key, ...stored },
              // Replaces only the ranking this call read, so two rankings at once cannot both win.
              ConditionExpression: before ? 'recordedAt = :before' : 'attribute_not_exists(pk)',
              ...(before && { ExpressionAttributeValues: { ':before': before.recordedAt } }),
            },
          },
          auditEventPut(ref, note, Object.keys(data), key.sk),
        ],
        'the ranking',
        phases,
      );
    } catch (error) {
      if (error instanceof CaseMovedError) throw error;
      const now = await read();
      if (now && sameRanking(now)) return now;
      throw error;
    }
    return stored;
  }

  /**
   * A coordinator's changes to the drafted revision `changes.toRevision`, in one transaction: the
   * next change request is recorded and the revision superseded, only while it is the draft (and
   * the case is still in `phases`). The same changes sent again find them recorded: nothing is
   * written; other changes to a revision no longer a draft are a conflict.
   * @example
   * await cycles.requestChangesToDraft(ref, 1, { toRevision: 1, parentRanking: ['speech-therapy'] }, note, ['await-approval']);
   */
  async requestChangesToDraft(
    ref: CaseRef,
    cycle: number,
    changes: ChangeRequestData,
    note: AuditNote,
    phases?: PhasesRead,
  ): Promise<StoredChangeRequest> {
    checkCaseRef(ref);
    checkAuditNote(note);
    validate(cycleNumberSchema, cycle, 'cycle');
    const data = validate(changeRequestDataSchema, changes, 'changes');
    const fields = Object.keys(changeRequestDataSchema.shape);
    const { changeRequests } = await this.contents(ref, cycle);
    const sequence = changeRequests.length + 1;
    const stored: StoredChangeRequest = {
      ...data,
      entity: 'ChangeRequest',
      schemaVersion: 1,
      cycle,
      sequence,
      recordedAt: note.at,
    };
    const key = changeRequestKey(ref, cycle, sequence);
    const plan = planKey(ref, cycle, data.toRevision);
    try {
      await this.transactOnCase(
        ref,
        cycle,
        [
          ...putNewWithAudit(ref, key, stored, note, Object.keys(data)),
          {
            Update: {
              Key: plan,
              UpdateExpression: 'SET #status = :superseded',
              ConditionExpression: '#status = :draft',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':superseded': 'superseded', ':draft': 'draft' },
            },
          },
          auditEventPut(ref, note, ['status'], plan.sk),
        ],
        phases,
      );
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      const recorded = (await this.contents(ref, cycle)).changeRequests.find(
        (request) => request.toRevision === data.toRevision,
      );
      if (recorded && sameData(recorded, data, fields)) return recorded;
      throw new ConflictError(plan, `plan revision ${data.toRevision} of cycle ${cycle} is not the draft`);
    }
    return stored;
  }

  /**
   * A cycle's assessments (by date), plan revisions (in order) and grants, in one query.
   * @example
   * const { plans } = await cycles.contents(ref, 1);
   * const latest = plans.at(-1);
   */
  async contents(ref: CaseRef, cycle: number): Promise<CycleContents> {
    checkCaseRef(ref);
    validate(cycleNumberSchema, cycle, 'cycle');
    const prefix = cyclePrefix(cycle);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': prefix },
    });
    return cycleContentsOf(items, prefix.length);
  }

  /**
   * Every cycle of the case, in cycle order, in one query (a case has a few cycles of a few items).
   * @example
   * const cycles = await cycles.everyCycle(ref); // [{ cycle: 1, contents }, { cycle: 2, contents }]
   */
  async everyCycle(ref: CaseRef): Promise<{ cycle: number; contents: CycleContents }[]> {
    checkCaseRef(ref);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'CYCLE#' },
    });
    const byCycle = new Map<string, Item[]>();
    for (const item of items) {
      const prefix = String(item['sk']).slice(0, cyclePrefix(0).length);
      byCycle.set(prefix, [...(byCycle.get(prefix) ?? []), item]);
    }
    return [...byCycle.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([prefix, list]) => ({
        cycle: Number(prefix.split('#')[1]),
        contents: cycleContentsOf(list, prefix.length),
      }));
  }

  /**
   * The cycle's latest plan revision, or undefined: one item, for lists that show a draft's state.
   * @example
   * const draft = await cycles.latestPlan(ref, 2); // { revision: 3, status: 'draft', consent?, ... }
   */
  async latestPlan(ref: CaseRef, cycle: number): Promise<StoredPlan | undefined> {
    checkCaseRef(ref);
    validate(cycleNumberSchema, cycle, 'cycle');
    const latest = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': `${cyclePrefix(cycle)}PLAN#` },
      ScanIndexForward: false,
      Limit: 1,
    });
    return latest.items[0] ? decodeItem(planEntity, latest.items[0]) : undefined;
  }
}

/** The two hold the same value in each of `fields` (what a repeat of the same request would write). */
function sameData(stored: object, data: object, fields: readonly string[]): boolean {
  const pick = (value: object) =>
    JSON.stringify(fields.map((field) => (value as Record<string, unknown>)[field] ?? null));
  return pick(stored) === pick(data);
}

/** A cycle's items, sorted into its parts by the kind that follows the cycle prefix of their sort key. */
function cycleContentsOf(items: readonly Item[], prefixLength: number): CycleContents {
  const contents: CycleContents = { assessments: [], plans: [], grants: [], changeRequests: [] };
  for (const item of items) {
    const kind = String(item['sk']).slice(prefixLength).split('#')[0];
    if (kind === 'ASSESSMENT') contents.assessments.push(decodeItem(assessmentEntity, item));
    else if (kind === 'PLAN') contents.plans.push(decodeItem(planEntity, item));
    else if (kind === 'GRANT') contents.grants.push(decodeItem(grantEntity, item));
    else if (kind === 'BUDGET') contents.budget = decodeItem(budgetEntity, item);
    else if (kind === 'RANKING') contents.ranking = decodeItem(rankingEntity, item);
    else if (kind === 'CHANGES') contents.changeRequests.push(decodeItem(changeRequestEntity, item));
  }
  return contents;
}
