/**
 * The six-month review cycle of one case: one Standard execution per case and cycle.
 *
 * ```
 * StartOrResume ─ PrepareCycle ─ RequestAssessment ⟲ RemindAssessment
 *      └ PrepareResume ─ ResumeAt ─┐      │
 *                                   ▼      ▼
 *   ComputeBudget ─ RequestRanking (⟶ RankingNotReceived) ─ DraftPlan ─ AwaitApproval ⟲ RemindApproval
 *        ApprovalDecision ─ changes ─▶ DraftPlan
 *                         └ approved ─▶ Activate ─ ActivePeriod ─ timeout ─▶ ReviewDue ─ AwaitPeriodEnd
 *   early review / period end ─▶ CloseCycle ─ NextCycle ─ StartNextCycle (continue-as-new) | CaseClosed
 * ```
 * Every wait is a `.waitForTaskToken` callback whose timeout is read from the state, where the
 * prepare and activate steps put it from the policy in force: the waits are policy data. The state
 * holds ids, counts and seconds only. Any step that fails for good goes to RecordFailure, which
 * records the failure on the case and alerts the coordinator; the case can then be resumed at its
 * recorded phase by starting the machine with `resumeFrom`.
 *
 * @example
 * new ReviewCycleWorkflow(stack, 'ReviewCycle', { prefix: 'atbalsts', functions: inlineCycleFunctions(stack, 'atbalsts') });
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { CyclePhase } from '../functions/review-cycle/phases.ts';
import { CYCLE_STEPS, type CycleStep, stateMachineName } from './names.ts';
import { CASE_IDS, callback, FAILURE_PATH, inlineFunctions, step, TRANSIENT_START_RETRY } from './states.ts';

export type CycleFunctions = Record<CycleStep, lambda.IFunction>;

/** Where the prepare step puts the waits, reminders sent and the cycle's start date. */
const WAITS = '$.waits';

export interface ReviewCycleProps {
  prefix: string;
  functions: CycleFunctions;
  /** Deployment settings of the machine (logs, tracing, encryption); the definition and name stay as built here. */
  stateMachineProps?: Partial<sfn.StateMachineProps>;
}

export class ReviewCycleWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: ReviewCycleProps) {
    super(scope, id);
    const { functions } = props;
    this.stateMachineName = stateMachineName(props.prefix, 'review-cycle');

    const recordFailure = new tasks.LambdaInvoke(this, 'RecordFailure', {
      lambdaFunction: functions['cycle-record-failure'],
      payload: sfn.TaskInput.fromObject({
        ...CASE_IDS,
        'error.$': `${FAILURE_PATH}.Error`,
        'execution.$': '$$.Execution.Id',
      }),
      payloadResponseOnly: true,
      resultPath: sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });
    recordFailure.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 5,
      jitterStrategy: sfn.JitterType.FULL,
    });
    const failed = recordFailure.next(
      new sfn.Fail(this, 'CycleFailed', {
        error: 'Cycle.StepFailed',
        cause: 'A step failed after its retries; the failure is recorded on the case.',
      }),
    );

    const ids = (extra: Record<string, unknown> = {}) => ({ ...CASE_IDS, ...extra });

    // ---- 1. request the assessment; remind, then escalate ----------------------------------
    const remindAssessment = step(this, 'RemindAssessment', {
      fn: functions['cycle-remind'],
      payload: ids({
        kind: 'assessment',
        'sent.$': `${WAITS}.reminders.assessment`,
        'startedOn.$': `${WAITS}.startedOn`,
      }),
      resultPath: `${WAITS}.reminders.assessment`,
      onFailure: failed,
    });
    const requestAssessment = callback(this, 'RequestAssessment', {
      fn: functions['cycle-await'],
      payload: ids({ phase: 'request-assessment' }),
      timeoutSecondsPath: `${WAITS}.assessmentReminderSeconds`,
      onTimeout: remindAssessment,
      onFailure: failed,
    });
    remindAssessment.next(requestAssessment);

    // ---- 2. budget; 3. the parents rank ------------------------------------------------------
    const computeBudget = step(this, 'ComputeBudget', {
      fn: functions['cycle-compute-budget'],
      payload: ids(),
      onFailure: failed,
    });
    const draftPlan = step(this, 'DraftPlan', {
      fn: functions['cycle-draft-plan'],
      payload: ids(),
      onFailure: failed,
    });
    const rankingNotReceived = step(this, 'RankingNotReceived', {
      fn: functions['cycle-remind'],
      payload: ids({ kind: 'ranking', sent: 0, 'startedOn.$': `${WAITS}.startedOn` }),
      onFailure: failed,
    });
    const requestRanking = callback(this, 'RequestRanking', {
      fn: functions['cycle-await'],
      payload: ids({ phase: 'request-ranking' }),
      timeoutSecondsPath: `${WAITS}.rankingSeconds`,
      onTimeout: rankingNotReceived.next(draftPlan),
      onFailure: failed,
    });

    // ---- 4. draft; 5. approval or changes ------------------------------------------------------
    const remindApproval = step(this, 'RemindApproval', {
      fn: functions['cycle-remind'],
      payload: ids({
        kind: 'approval',
        'sent.$': `${WAITS}.reminders.approval`,
        'startedOn.$': `${WAITS}.startedOn`,
      }),
      resultPath: `${WAITS}.reminders.approval`,
      onFailure: failed,
    });
    const awaitApproval = callback(this, 'AwaitApproval', {
      fn: functions['cycle-await'],
      payload: ids({ phase: 'await-approval' }),
      timeoutSecondsPath: `${WAITS}.approvalReminderSeconds`,
      resultPath: '$.decision',
      onTimeout: remindApproval,
      onFailure: failed,
    });
    remindApproval.next(awaitApproval);

    // ---- 6. activate; 7. the active period -------------------------------------------------------
    const activate = step(this, 'Activate', {
      fn: functions['cycle-activate'],
      payload: ids(),
      resultPath: `${WAITS}.period`,
      onFailure: failed,
    });
    const closeCycle = step(this, 'CloseCycle', {
      fn: functions['cycle-close'],
      payload: ids(),
      resultPath: '$.closed',
      onFailure: failed,
    });
    const awaitPeriodEnd = callback(this, 'AwaitPeriodEnd', {
      fn: functions['cycle-await'],
      payload: ids({ phase: 'review-due' }),
      timeoutSecondsPath: `${WAITS}.period.periodEndSeconds`,
      onTimeout: closeCycle,
      onFailure: failed,
    });
    const reviewDue = step(this, 'ReviewDue', {
      fn: functions['cycle-remind'],
      payload: ids({ kind: 'review-due', sent: 0, 'startedOn.$': `${WAITS}.startedOn` }),
      resultPath: `${WAITS}.period`,
      onFailure: failed,
    });
    const activePeriod = callback(this, 'ActivePeriod', {
      fn: functions['cycle-await'],
      payload: ids({ phase: 'active' }),
      timeoutSecondsPath: `${WAITS}.period.reviewDueSeconds`,
      onTimeout: reviewDue.next(awaitPeriodEnd),
      onFailure: failed,
    });

    // ---- 8. close, and continue as a new execution -------------------------------------------------
    const self = sfn.StateMachine.fromStateMachineName(this, 'Self', this.stateMachineName);
    const startNextCycle = new tasks.StepFunctionsStartExecution(this, 'StartNextCycle', {
      stateMachine: self,
      name: sfn.JsonPath.stringAt('$.closed.nextExecutionName'),
      input: sfn.TaskInput.fromObject({
        municipality: sfn.JsonPath.stringAt('$.municipality'),
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        cycle: sfn.JsonPath.numberAt('$.closed.nextCycle'),
      }),
      resultSelector: { 'executionArn.$': '$.ExecutionArn' },
      resultPath: '$.next',
    });
    startNextCycle.addRetry(TRANSIENT_START_RETRY);
    const cycleDone = new sfn.Succeed(this, 'CycleDone');
    // A retried start that already succeeded: the next cycle runs; nothing more to do.
    startNextCycle.addCatch(cycleDone, {
      errors: ['StepFunctions.ExecutionAlreadyExistsException'],
      resultPath: sfn.JsonPath.DISCARD,
    });
    startNextCycle.addCatch(failed, { errors: ['States.ALL'], resultPath: FAILURE_PATH });
    const nextCycle = new sfn.Choice(this, 'NextCycle')
      .when(sfn.Condition.booleanEquals('$.closed.continues', true), startNextCycle.next(cycleDone))
      .otherwise(new sfn.Succeed(this, 'CaseClosed'));
    closeCycle.next(nextCycle);

    // ---- the flow ----------------------------------------------------------------------------
    requestAssessment.next(computeBudget);
    computeBudget.next(requestRanking);
    requestRanking.next(draftPlan);
    draftPlan.next(awaitApproval);
    awaitApproval.next(
      new sfn.Choice(this, 'ApprovalDecision')
        .when(sfn.Condition.stringEquals('$.decision.decision', 'changes-requested'), draftPlan)
        .otherwise(activate),
    );
    activate.next(activePeriod);
    activePeriod.next(closeCycle);
    awaitPeriodEnd.next(closeCycle);

    const prepare = (id: string, extra: Record<string, unknown>) =>
      step(this, id, {
        fn: functions['cycle-prepare'],
        payload: ids({ 'execution.$': '$$.Execution.Id', ...extra }),
        resultPath: WAITS,
        onFailure: failed,
      });
    const phaseStates: Record<CyclePhase, sfn.State> = {
      'request-assessment': requestAssessment,
      'compute-budget': computeBudget,
      'request-ranking': requestRanking,
      'draft-plan': draftPlan,
      'await-approval': awaitApproval,
      activate,
      active: activePeriod,
      'review-due': awaitPeriodEnd,
      'close-cycle': closeCycle,
    };
    let resumeAt = new sfn.Choice(this, 'ResumeAt');
    for (const [phase, state] of Object.entries(phaseStates)) {
      resumeAt = resumeAt.when(sfn.Condition.stringEquals('$.resumeFrom', phase), state);
    }
    resumeAt.otherwise(
      new sfn.Fail(this, 'UnknownPhase', { error: 'Cycle.UnknownPhase', cause: 'resumeFrom names no phase' }),
    );
    const start = new sfn.Choice(this, 'StartOrResume')
      .when(
        sfn.Condition.isPresent('$.resumeFrom'),
        prepare('PrepareResume', { 'resumeFrom.$': '$.resumeFrom' }).next(resumeAt),
      )
      .otherwise(prepare('PrepareCycle', {}).next(requestAssessment));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      ...props.stateMachineProps,
      stateMachineName: this.stateMachineName,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      definitionBody: sfn.DefinitionBody.fromChainable(start),
    });
  }
}

/**
 * The cycle's functions with inline code and their fixed names, so a stack synthesizes without
 * bundling (tests, the local system); the local runtime binds the real steps to the same names.
 *
 * @example
 * new ReviewCycleWorkflow(stack, 'ReviewCycle', { prefix, functions: inlineCycleFunctions(stack, prefix) });
 */
export function inlineCycleFunctions(scope: Construct, prefix: string): CycleFunctions {
  return inlineFunctions(scope, prefix, CYCLE_STEPS);
}
