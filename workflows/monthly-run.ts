/**
 * The monthly settlement run: one Standard execution per month, started by a schedule on the
 * policy's settlement day with `{ "scheduledAt": "<aws.scheduler.scheduled-time>" }`.
 *
 * ```
 * StartRun ─ AlreadyFinished? ─ no ─▶ ReadPage ─ SettleBatches (Map, ≤4 batches at once) ─ MorePages? ─ yes ─▶ ReadPage
 *                 │ yes                                  └ SettleBatch ─(fails for good)▶ RecordBatchFailure           │ no
 *                 ▼                                                                                                     ▼
 *        StartsSupplementary? ◀──────────────────────────────────────────────────────────────────────────────── FinishRun
 *           ├ regular run ─▶ StartSupplementary (a new execution: the supplementary run of the month before) ─▶ RunDone
 *           └ supplementary run ─▶ RunDone
 * ReadPage / SettleBatches / FinishRun fail for good ─▶ RecordRunFailure ─▶ RunFailed
 * ```
 * The state holds the run's ids, the page cursor, counts and the current page's case refs (ids)
 * under `$.run`;
 * figures and outcomes are in the run record (functions/store/runs.ts). Per-case failures are
 * recorded by run-settle-batch and never fail the Map; a batch whose Lambda fails for good has
 * its cases recorded as failed by the same function.
 *
 * @example
 * new MonthlyRunWorkflow(stack, 'MonthlyRun', { prefix: 'atbalsts', functions: inlineRunFunctions(stack, 'atbalsts') });
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { RUN_STEPS, type RunStep, stateMachineName } from './names.ts';
import { FAILURE_PATH, inlineFunctions, step, TRANSIENT_START_RETRY } from './states.ts';

/** Batches settled at once: bounds the Lambda concurrency and the write rate on the table. */
export const RUN_MAX_CONCURRENCY = 4;

export type RunFunctions = Record<RunStep, lambda.IFunction>;

export interface MonthlyRunProps {
  prefix: string;
  functions: RunFunctions;
  /** Deployment settings of the machine (logs, tracing, encryption); the definition and name stay as built here. */
  stateMachineProps?: Partial<sfn.StateMachineProps>;
}

export class MonthlyRunWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineName: string;

  constructor(scope: Construct, id: string, props: MonthlyRunProps) {
    super(scope, id);
    const { functions } = props;
    this.stateMachineName = stateMachineName(props.prefix, 'monthly-run');

    const runFailed = new sfn.Fail(this, 'RunFailed', {
      error: 'Run.StepFailed',
      cause:
        'A run step failed after its retries; the failure is recorded on the run. Start the run again to finish it.',
    });
    // The run's record keeps the error name; a later start resumes from where paging stood.
    const recordRunFailure = step(this, 'RecordRunFailure', {
      fn: functions['run-finish'],
      payload: { 'runId.$': '$.run.runId', failure: { 'error.$': `${FAILURE_PATH}.Error` } },
      onFailure: runFailed,
    }).next(runFailed);

    const start = step(this, 'StartRun', {
      fn: functions['run-start'],
      payload: { 'input.$': '$' },
      // The run's ids and where paging resumes; each page read replaces `$.run.page`.
      resultPath: '$.run',
      onFailure: runFailed,
    });

    const readPage = step(this, 'ReadPage', {
      fn: functions['run-page'],
      payload: {
        'runId.$': '$.run.runId',
        'month.$': '$.run.month',
        'cursor.$': '$.run.page.cursor',
        'number.$': '$.run.page.number',
        'listed.$': '$.run.page.listed',
      },
      resultPath: '$.run.page',
      onFailure: recordRunFailure,
    });

    // ---- one batch: settled case by case; if the Lambda fails for good, its cases are recorded as failed
    const batchIds = {
      'runId.$': '$.runId',
      'month.$': '$.month',
      'kind.$': '$.kind',
      'cases.$': '$.cases',
    };
    const batchNotRecorded = new sfn.Pass(this, 'BatchNotRecorded', {
      comment:
        'The batch could not even be recorded as failed; the next start or the supplementary run settles its cases.',
    });
    const recordBatchFailure = step(this, 'RecordBatchFailure', {
      fn: functions['run-settle-batch'],
      payload: { ...batchIds, failure: { 'error.$': `${FAILURE_PATH}.Error` } },
      onFailure: batchNotRecorded,
    });
    const settleBatch = step(this, 'SettleBatch', {
      fn: functions['run-settle-batch'],
      payload: batchIds,
      onFailure: recordBatchFailure,
    });
    const settleBatches = new sfn.Map(this, 'SettleBatches', {
      itemsPath: '$.run.page.batches',
      maxConcurrency: RUN_MAX_CONCURRENCY,
      itemSelector: {
        'runId.$': '$.run.runId',
        'month.$': '$.run.month',
        'kind.$': '$.run.kind',
        'cases.$': '$$.Map.Item.Value',
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    settleBatches.itemProcessor(settleBatch);
    settleBatches.addCatch(recordRunFailure, { errors: ['States.ALL'], resultPath: FAILURE_PATH });

    const finish = step(this, 'FinishRun', {
      fn: functions['run-finish'],
      payload: { 'runId.$': '$.run.runId' },
      resultPath: '$.finish',
      onFailure: recordRunFailure,
    });

    // ---- a regular run starts the supplementary run of the month before, as its own execution
    const runDone = new sfn.Succeed(this, 'RunDone');
    const self = sfn.StateMachine.fromStateMachineName(this, 'Self', this.stateMachineName);
    const startSupplementary = new tasks.StepFunctionsStartExecution(this, 'StartSupplementary', {
      stateMachine: self,
      input: sfn.TaskInput.fromJsonPathAt('$.run.next'),
      resultSelector: { 'executionArn.$': '$.ExecutionArn' },
      resultPath: '$.supplementary',
    });
    startSupplementary.addRetry(TRANSIENT_START_RETRY);
    startSupplementary.addCatch(
      new sfn.Fail(this, 'SupplementaryNotStarted', {
        error: 'Run.SupplementaryNotStarted',
        cause:
          'The run is finished, but the supplementary run of the month before did not start; start this run again to start it.',
      }),
      { errors: ['States.ALL'], resultPath: FAILURE_PATH },
    );
    const startsSupplementary = new sfn.Choice(this, 'StartsSupplementary')
      .when(sfn.Condition.isNull('$.run.next'), runDone)
      .otherwise(startSupplementary.next(runDone));

    const morePages = new sfn.Choice(this, 'MorePages')
      .when(sfn.Condition.isNull('$.run.page.cursor'), finish)
      .otherwise(readPage);
    readPage.next(settleBatches).next(morePages);
    finish.next(startsSupplementary);

    const alreadyFinished = new sfn.Choice(this, 'AlreadyFinished')
      .when(sfn.Condition.booleanEquals('$.run.finished', true), startsSupplementary)
      .otherwise(readPage);

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      ...props.stateMachineProps,
      stateMachineName: this.stateMachineName,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      definitionBody: sfn.DefinitionBody.fromChainable(start.next(alreadyFinished)),
    });
  }
}

/**
 * The run's functions with inline code and their fixed names, so a stack synthesizes without
 * bundling (tests, the local system); the local runtime binds the real steps to the same names.
 *
 * @example
 * new MonthlyRunWorkflow(stack, 'MonthlyRun', { prefix, functions: inlineRunFunctions(stack, prefix) });
 */
export function inlineRunFunctions(scope: Construct, prefix: string): RunFunctions {
  return inlineFunctions(scope, prefix, RUN_STEPS);
}
