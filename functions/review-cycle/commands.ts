/**
 * What people do to a case's review cycle, as the API calls it: open a case (its first cycle
 * starts), submit the assessment, record the parents' ranking, approve a plan with the parents'
 * consent or ask for changes, trigger an early review, close the case, resume a failed cycle.
 * Each records the answer in the store first and then answers the waiting task (functions/review-cycle/
 * answers.ts), so the workflow moves on; a command in the wrong phase is a {@link PhaseConflict}
 * and changes nothing.
 *
 * @example
 * await openCase(context, { municipality: 'talsi', caseId: 'c-1', participantId: 'p-1', coordinatorId: 'u-7', person }, actor);
 * await submitAssessment(context, ref, assessment, actor);
 */
import { z } from 'zod';
import { type IsoDate, monthOf } from '../domain/calendar.ts';
import { InputError } from '../domain/errors.ts';
import { EARLY_REVIEW_REASONS, type EarlyReviewReason } from '../domain/indicators/definitions.ts';
import { approvalCounters, assessmentCounters, earlyReviewCounters } from '../domain/indicators/deltas.ts';
import { workflowRulesOn } from '../domain/policy/policy.ts';
import type { StepContext } from '../step-context.ts';
import {
  type Actor,
  type AssessmentData,
  type ChangeRequestData,
  type Consent,
  consentSchema,
  contactIdsOf,
  type PersonData,
  type RankingData,
  type StoredCase,
  type StoredPlan,
} from '../store/entities.ts';
import { ConflictError } from '../store/errors.ts';
import { type CaseRef, caseKey, checkCaseRef, idSchema, validate } from '../store/keys.ts';
import { answerWaitingTask } from './answers.ts';
import { noteOf, readOpenCase, todayOf } from './case-context.ts';
import { type CyclePhase, cycleExecutionName, WAITING_PHASES, type WaitingPhase } from './phases.ts';
import { closeCaseRecord } from './tasks/close.ts';

/** The case is not in a phase that takes this command; `phase` is where it is. */
export class PhaseConflict extends ConflictError {
  constructor(
    ref: CaseRef,
    readonly phase: string,
    wanted: readonly string[],
  ) {
    super(caseKey(ref), `case ${ref.caseId} is in phase ${phase}, not ${wanted.join(' or ')}`);
    this.name = 'PhaseConflict';
  }
}

async function caseIn(context: StepContext, ref: CaseRef, phases: readonly string[]): Promise<StoredCase> {
  checkCaseRef(ref);
  const current = await readOpenCase(context, ref);
  if (!phases.includes(current.phase)) throw new PhaseConflict(ref, current.phase, phases);
  return current;
}

const newCaseSchema = z.strictObject({
  municipality: idSchema,
  caseId: idSchema,
  participantId: idSchema,
  coordinatorId: idSchema,
});

/**
 * Open a case and start its first review cycle (an execution named after the case and cycle, so
 * a retried open cannot start a second one).
 */
export async function openCase(
  context: StepContext,
  input: z.input<typeof newCaseSchema>,
  person: PersonData,
  actor: Actor,
): Promise<{ case: StoredCase; executionArn: string }> {
  const checked = validate(newCaseSchema, input, 'case');
  // The case opens in the cycle its execution starts (not a cycle 0 before it), so an assessment
  // submitted before the execution's first step is recorded under the cycle that will read it.
  const created = await context.store.cases.create(
    { ...checked, phase: 'request-assessment', cycle: 1 },
    person,
    noteOf(context, 'case-opened', actor),
  );
  const { executionArn } = await context.orchestrator.startExecution({
    stateMachineArn: context.config.cycleStateMachineArn,
    name: cycleExecutionName(checked, 1),
    input: JSON.stringify({ municipality: checked.municipality, caseId: checked.caseId, cycle: 1 }),
  });
  return { case: created, executionArn };
}

/** The team's assessment and recommendations: the cycle computes the budget next. */
export async function submitAssessment(
  context: StepContext,
  ref: CaseRef,
  assessment: AssessmentData,
  actor: Actor,
): Promise<void> {
  const phases = ['request-assessment'];
  const current = await caseIn(context, ref, phases);
  // On time or late: from the day the cycle asked for it to today, against the policy's wait.
  const today = todayOf(context);
  const counters = assessmentCounters(
    current.cycleStartedOn ?? today,
    today,
    workflowRulesOn(today).cycle.assessmentReminderDays,
  );
  await context.store.cycles.recordAssessment(
    ref,
    current.cycle,
    assessment,
    noteOf(context, 'assessment-submitted', actor),
    phases,
    [{ month: monthOf(today), counters }],
  );
  await answerWaitingTask(context, ref, 'request-assessment', {});
}

/** The parents' ranking, from their link or recorded by the coordinator on their behalf. */
export async function recordRanking(
  context: StepContext,
  ref: CaseRef,
  ranking: RankingData,
  actor: Actor,
): Promise<void> {
  const phases = ['compute-budget', 'request-ranking'];
  const current = await caseIn(context, ref, phases);
  await context.store.cycles.recordRanking(
    ref,
    current.cycle,
    ranking,
    noteOf(context, 'ranking-recorded', actor),
    phases,
  );
  await answerWaitingTask(context, ref, 'request-ranking', {});
}

/**
 * `revision` must be the case's latest draft: a decision on another revision is a conflict naming
 * the latest.
 */
function checkLatestDraft(ref: CaseRef, plans: readonly StoredPlan[], revision: number): void {
  const latest = plans.at(-1);
  if (!latest || latest.revision !== revision || latest.status !== 'draft') {
    throw new ConflictError(
      caseKey(ref),
      `plan revision ${revision} is not the draft awaiting approval${latest ? ` (the latest is revision ${latest.revision}, ${latest.status})` : ''}`,
    );
  }
}

/** The case awaiting approval of `revision`, which must be its latest draft. */
async function awaitingDecisionOn(context: StepContext, ref: CaseRef, revision: number): Promise<StoredCase> {
  const current = await caseIn(context, ref, ['await-approval']);
  checkLatestDraft(ref, (await context.store.cycles.contents(ref, current.cycle)).plans, revision);
  return current;
}

/**
 * The parents' consent as the coordinator gives it with an approval: from one of the case's legal
 * representatives, given in a meeting or on paper unless `via` says otherwise, today unless dated.
 */
export interface GivenConsent {
  by: string;
  on?: IsoDate | undefined;
  via?: Consent['via'] | undefined;
}

/**
 * Where an approval's consent comes from: the one the coordinator gives, which must name one of
 * the case's legal representatives; without it, the one the parents gave to this revision through
 * their link. Neither is an InputError naming `consent` (or `consent.by`).
 */
async function consentForApproval(
  context: StepContext,
  ref: CaseRef,
  plans: readonly StoredPlan[],
  decision: { revision: number; consent?: GivenConsent | undefined },
): Promise<Consent> {
  const given = decision.consent;
  if (given) {
    const representatives = contactIdsOf(await context.store.cases.getPerson(ref), 'legal-representative');
    if (!representatives.includes(given.by)) {
      throw new InputError([
        { path: 'consent.by', message: 'must be one of the case’s legal representatives' },
      ]);
    }
    return { by: given.by, on: given.on ?? todayOf(context), via: given.via ?? 'coordinator' };
  }
  const recorded = plans.find((plan) => plan.revision === decision.revision)?.consent;
  if (!recorded) {
    throw new InputError([
      {
        path: 'consent',
        message: 'is required: the parents have not given their consent to this revision through their link',
      },
    ]);
  }
  return recorded;
}

/**
 * Approve a drafted plan with the parents' consent (see {@link consentForApproval}): the cycle
 * activates it. The phase is checked first, then the consent, then that `revision` is the latest
 * draft; each refusal changes nothing.
 */
export async function approvePlan(
  context: StepContext,
  ref: CaseRef,
  decision: { revision: number; consent?: GivenConsent | undefined },
  actor: Actor,
): Promise<void> {
  const current = await caseIn(context, ref, ['await-approval']);
  const contents = await context.store.cycles.contents(ref, current.cycle);
  const consent = validate(
    consentSchema,
    await consentForApproval(context, ref, contents.plans, decision),
    'consent',
  );
  checkLatestDraft(ref, contents.plans, decision.revision);
  const today = todayOf(context);
  const assessedOn = contents.assessments.at(-1)?.assessedOn;
  // Only the draft read is approved: of approvals at once, one writes (and counts), the others find it done.
  await context.store.cycles.setPlanStatus(
    ref,
    current.cycle,
    decision.revision,
    'approved',
    noteOf(context, 'plan-approved', actor),
    consent,
    { from: 'draft', phases: ['await-approval'] },
    [{ month: monthOf(today), counters: approvalCounters(assessedOn ?? today, today) }],
  );
  await answerWaitingTask(context, ref, 'await-approval', {
    decision: 'approved',
    revision: decision.revision,
  });
}

/**
 * Record the parents' consent to the drafted plan revision (from their link) without approving
 * it: the revision stays a draft and the cycle keeps waiting for the coordinator, whose approval
 * can then rely on the recorded consent. A decision on an older revision is a conflict.
 *
 * @example
 * await recordConsent(context, ref, { revision: 1, consent: { by: 'p-1', on: '2024-01-12', via: 'link' } }, actor);
 */
export async function recordConsent(
  context: StepContext,
  ref: CaseRef,
  decision: { revision: number; consent: Consent },
  actor: Actor,
): Promise<void> {
  const consent = validate(consentSchema, decision.consent, 'consent');
  const current = await awaitingDecisionOn(context, ref, decision.revision);
  await context.store.cycles.recordConsent(
    ref,
    current.cycle,
    decision.revision,
    consent,
    noteOf(context, 'consent-recorded', actor),
    ['await-approval'],
  );
}

/** Ask for changes to a drafted plan: the cycle drafts the next revision with them. */
export async function requestChanges(
  context: StepContext,
  ref: CaseRef,
  changes: ChangeRequestData,
  actor: Actor,
): Promise<void> {
  const current = await awaitingDecisionOn(context, ref, changes.toRevision);
  await context.store.cycles.requestChangesToDraft(
    ref,
    current.cycle,
    changes,
    noteOf(context, 'changes-requested', actor),
    ['await-approval'],
  );
  await answerWaitingTask(context, ref, 'await-approval', {
    decision: 'changes-requested',
    revision: changes.toRevision,
  });
}

const REVIEWABLE: readonly WaitingPhase[] = ['active', 'review-due'];

/**
 * A coordinator's early review: the cycle closes now and the next one starts with a re-assessment.
 * The reason (a code, never free text) is kept on the case when given, and counted in the month's
 * indicators (as `other` when none was given).
 */
export async function triggerEarlyReview(
  context: StepContext,
  ref: CaseRef,
  actor: Actor,
  reason?: EarlyReviewReason,
): Promise<void> {
  if (reason !== undefined) validate(z.enum(EARLY_REVIEW_REASONS), reason, 'reason');
  const current = await caseIn(context, ref, REVIEWABLE);
  const today = todayOf(context);
  await context.store.cases.update(
    ref,
    current,
    { reviewRequested: today, ...(reason !== undefined && { reviewReason: reason }) },
    noteOf(context, 'early-review-requested', actor),
    [{ month: monthOf(today), counters: earlyReviewCounters(reason ?? 'other') }],
  );
  await answerWaitingTask(context, ref, current.phase as WaitingPhase, { trigger: 'early-review' });
}

export const CLOSE_REASONS = ['age-limit', 'moved-away', 'family-withdrew', 'deceased', 'other'] as const;

/**
 * Close a case at any point: the case is closed in the store first (so nothing resumes it), then
 * its running cycle is stopped and its waiting tokens spent.
 */
export async function closeCase(
  context: StepContext,
  ref: CaseRef,
  reason: (typeof CLOSE_REASONS)[number],
  actor: Actor,
): Promise<StoredCase> {
  validate(z.enum(CLOSE_REASONS), reason, 'reason');
  checkCaseRef(ref);
  const current = await readOpenCase(context, ref);
  const closed = await closeCaseRecord(context, current, reason, noteOf(context, 'case-closed', actor));
  if (current.execution) {
    await context.orchestrator.stopExecution(current.execution, 'Case.Closed', `closed: ${reason}`);
  }
  for (const phase of WAITING_PHASES) {
    const waiting = await context.store.taskTokens.get(ref, phase);
    if (waiting && !waiting.spentAt) {
      await context.store.taskTokens
        .spend(ref, phase, {
          at: context.clock.now().toISOString(),
          retentionDays: workflowRulesOn(todayOf(context)).retention.spentTaskTokenDays,
        })
        .catch((error: unknown) => {
          if (!(error instanceof ConflictError)) throw error;
        });
    }
  }
  return closed;
}

/**
 * Start the case's cycle again at the phase recorded on the case, after a failure was fixed (or
 * to move an in-flight case to a new workflow version). The execution's name carries the attempt,
 * so each resumption is its own execution.
 */
export async function resumeCycle(
  context: StepContext,
  ref: CaseRef,
  actor: Actor,
): Promise<{ executionArn: string; resumeFrom: CyclePhase }> {
  checkCaseRef(ref);
  const current = await readOpenCase(context, ref);
  const resumeFrom = current.phase as CyclePhase;
  if (current.execution) {
    const running = await context.orchestrator.describeExecution(current.execution).catch(() => undefined);
    if (running?.status === 'RUNNING') {
      throw new PhaseConflict(ref, current.phase, ['a phase without a running cycle']);
    }
  }
  // Who asked is in the audit trail: the failure is cleared in their name before the restart.
  const updated = current.failure
    ? await context.store.cases.update(
        ref,
        current,
        { failure: undefined },
        noteOf(context, 'cycle-resume-requested', actor),
      )
    : current;
  const { executionArn } = await context.orchestrator.startExecution({
    stateMachineArn: context.config.cycleStateMachineArn,
    name: cycleExecutionName(ref, current.cycle, `resume-${updated.version}`),
    input: JSON.stringify({
      municipality: ref.municipality,
      caseId: ref.caseId,
      cycle: current.cycle,
      resumeFrom,
    }),
  });
  return { executionArn, resumeFrom };
}
