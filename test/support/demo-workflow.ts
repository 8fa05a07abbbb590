/**
 * A small demo state machine that exercises every construct the review cycle needs, defined with
 * aws-cdk-lib's Step Functions constructs in the JSONPath query language: a Lambda task with
 * Retry (backoff, jitter) and a final Catch, a `.waitForTaskToken` callback whose timeout loops
 * back through a reminder, a Choice, a 30-day Wait, and continue-as-new from a
 * `states:startExecution` task. State carries IDs only.
 *
 * @example
 * const app = new App();
 * const stack = new Stack(app, 'Demo');
 * new DemoWorkflow(stack, 'Demo', { functions: inlineDemoFunctions(stack) });
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { TRANSIENT_LAMBDA_ERRORS } from '../../workflows/states.ts';

/** The Lambda function names the demo binds to, on AWS and in the local runtime alike. */
export const DEMO_FUNCTION_NAMES = {
  prepare: 'atbalsts-demo-prepare',
  ask: 'atbalsts-demo-ask',
  remind: 'atbalsts-demo-remind',
  recordFailure: 'atbalsts-demo-record-failure',
} as const;

export type DemoFunctions = { [K in keyof typeof DEMO_FUNCTION_NAMES]: lambda.IFunction };

export const DEMO_STATE_MACHINE_NAME = 'atbalsts-demo';
/** How long the callback waits before a reminder. */
export const DEMO_ANSWER_TIMEOUT = Duration.days(7);
/** The rest between cycles. */
export const DEMO_REST = Duration.days(30);
/** The last cycle: an earlier one continues as new when it ends. */
export const DEMO_LAST_CYCLE = 1;

export interface DemoWorkflowProps {
  functions: DemoFunctions;
}

export class DemoWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: DemoWorkflowProps) {
    super(scope, id);
    const { functions } = props;

    const recordFailure = new tasks.LambdaInvoke(this, 'RecordFailure', {
      lambdaFunction: functions.recordFailure,
      payload: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        error: sfn.JsonPath.stringAt('$.failure.Error'),
      }),
      resultPath: sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    }).next(
      new sfn.Fail(this, 'Failed', { error: 'Demo.Failed', cause: 'a task failed; see RecordFailure' }),
    );

    const prepare = new tasks.LambdaInvoke(this, 'Prepare', {
      lambdaFunction: functions.prepare,
      payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId') }),
      resultSelector: { 'preparedId.$': '$.Payload.preparedId' },
      resultPath: '$.prepared',
      retryOnServiceExceptions: false,
    });
    prepare.addRetry({
      errors: TRANSIENT_LAMBDA_ERRORS,
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 3,
      maxDelay: Duration.seconds(30),
      jitterStrategy: sfn.JitterType.FULL,
    });
    prepare.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

    const ask = new tasks.LambdaInvoke(this, 'AskForAnswer', {
      lambdaFunction: functions.ask,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        taskToken: sfn.JsonPath.taskToken,
      }),
      taskTimeout: sfn.Timeout.duration(DEMO_ANSWER_TIMEOUT),
      resultPath: '$.answer',
      retryOnServiceExceptions: false,
    });
    const remind = new tasks.LambdaInvoke(this, 'Remind', {
      lambdaFunction: functions.remind,
      payload: sfn.TaskInput.fromObject({ caseId: sfn.JsonPath.stringAt('$.caseId') }),
      resultPath: sfn.JsonPath.DISCARD,
      retryOnServiceExceptions: false,
    });
    remind.addRetry({
      errors: TRANSIENT_LAMBDA_ERRORS,
      interval: Duration.seconds(2),
      jitterStrategy: sfn.JitterType.FULL,
    });
    remind.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });
    ask.addCatch(remind.next(ask), { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
    ask.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

    const self = sfn.StateMachine.fromStateMachineName(this, 'Self', DEMO_STATE_MACHINE_NAME);
    const continueAsNew = new tasks.StepFunctionsStartExecution(this, 'ContinueAsNew', {
      stateMachine: self,
      input: sfn.TaskInput.fromObject({
        caseId: sfn.JsonPath.stringAt('$.caseId'),
        cycle: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.cycle'), 1),
      }),
      resultSelector: { 'executionArn.$': '$.ExecutionArn' },
      resultPath: '$.next',
    });

    const rest = new sfn.Wait(this, 'Rest', { time: sfn.WaitTime.duration(DEMO_REST) });
    const moreCycles = new sfn.Choice(this, 'MoreCycles')
      .when(sfn.Condition.numberLessThan('$.cycle', DEMO_LAST_CYCLE), continueAsNew)
      .otherwise(new sfn.Succeed(this, 'AllCyclesDone'));
    const decide = new sfn.Choice(this, 'Decide')
      .when(sfn.Condition.booleanEquals('$.answer.approved', true), rest.next(moreCycles))
      .otherwise(new sfn.Succeed(this, 'Declined'));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: DEMO_STATE_MACHINE_NAME,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      definitionBody: sfn.DefinitionBody.fromChainable(prepare.next(ask).next(decide)),
    });
  }
}

/**
 * The demo's functions with inline code, so a stack synthesizes without bundling; the local
 * runtime binds real handlers to the same names.
 *
 * @example
 * new DemoWorkflow(stack, 'Demo', { functions: inlineDemoFunctions(stack) });
 */
export function inlineDemoFunctions(scope: Construct): DemoFunctions {
  const make = (id: string, functionName: string) =>
    new lambda.Function(scope, id, {
      functionName,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
  return {
    prepare: make('Prepare', DEMO_FUNCTION_NAMES.prepare),
    ask: make('Ask', DEMO_FUNCTION_NAMES.ask),
    remind: make('Remind', DEMO_FUNCTION_NAMES.remind),
    recordFailure: make('RecordFailure', DEMO_FUNCTION_NAMES.recordFailure),
  };
}
