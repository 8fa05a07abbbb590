/**
 * The building blocks every Atbalsts state machine uses, so each Lambda task gets the same
 * retries and the same final catch: a step (a Lambda task whose result is the function's bare
 * output) and a callback (a `.waitForTaskToken` task whose timeout comes from the state, so the
 * waits are policy data, not literals in the definition).
 *
 * @example
 * const budget = step(this, 'ComputeBudget', {
 *   fn: functions.computeBudget,
 *   payload: { 'municipality.$': '$.municipality', 'caseId.$': '$.caseId' },
 *   onFailure: recordFailure,
 * });
 */
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { functionName, type WorkflowStep } from './names.ts';

/** AWS's transient Lambda errors, retried on every Lambda task. */
export const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

/** The retry every Lambda task gets: 2 s, 4 s, 8 s ... up to 30 s, full jitter, 4 tries in all. */
export const TRANSIENT_RETRY: sfn.RetryProps = {
  errors: TRANSIENT_LAMBDA_ERRORS,
  interval: Duration.seconds(2),
  backoffRate: 2,
  maxAttempts: 3,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};

/** Step Functions' transient errors when a task starts another execution. */
export const TRANSIENT_START_ERRORS = [
  'StepFunctions.SdkClientException',
  'StepFunctions.AWSStepFunctionsException',
  'StepFunctions.ExecutionLimitExceededException',
];

/** The same retry for a task that starts another execution. */
export const TRANSIENT_START_RETRY: sfn.RetryProps = { ...TRANSIENT_RETRY, errors: TRANSIENT_START_ERRORS };

/** Where a failure is put in the state for the failure handler: `{ Error, Cause }`. */
export const FAILURE_PATH = '$.failure';

/** The fields of the state every step passes on: ids only. */
export type Payload = Record<string, unknown>;

export interface StepProps {
  fn: lambda.IFunction;
  payload: Payload;
  /** Where the function's output goes; discarded when absent. */
  resultPath?: string;
  /** Where every other error goes once retries are spent. */
  onFailure: sfn.IChainable;
}

/**
 * A Lambda task whose result is the function's output itself (`payloadResponseOnly`), with the
 * transient retry and a catch-all to `onFailure`.
 *
 * @example
 * step(this, 'Activate', { fn, payload, resultPath: '$.waits.period', onFailure });
 */
export function step(scope: Construct, id: string, props: StepProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: props.fn,
    payload: sfn.TaskInput.fromObject(props.payload),
    payloadResponseOnly: true,
    resultPath: props.resultPath ?? sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  task.addRetry(TRANSIENT_RETRY);
  task.addCatch(props.onFailure, { errors: ['States.ALL'], resultPath: FAILURE_PATH });
  return task;
}

export interface CallbackProps extends StepProps {
  /** The state path of the whole seconds to wait before `onTimeout` (an integer, at least 1). */
  timeoutSecondsPath: string;
  /** What happens when nobody answered in time; the state goes on unchanged. */
  onTimeout: sfn.IChainable;
}

/**
 * A `.waitForTaskToken` Lambda task: the function gets the payload plus `taskToken`, stores the
 * token and returns; the execution waits until the API answers with the token or the timeout
 * (read from the state) passes. Transient Lambda errors are retried; a timeout goes to
 * `onTimeout`; anything else to `onFailure`.
 *
 * @example
 * callback(this, 'AwaitApproval', { fn, payload, timeoutSecondsPath: '$.waits.approvalSeconds', resultPath: '$.decision', onTimeout: remind, onFailure });
 */
export function callback(scope: Construct, id: string, props: CallbackProps): tasks.LambdaInvoke {
  const task = new tasks.LambdaInvoke(scope, id, {
    lambdaFunction: props.fn,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ ...props.payload, taskToken: sfn.JsonPath.taskToken }),
    taskTimeout: sfn.Timeout.at(props.timeoutSecondsPath),
    resultPath: props.resultPath ?? sfn.JsonPath.DISCARD,
    retryOnServiceExceptions: false,
  });
  task.addRetry(TRANSIENT_RETRY);
  task.addCatch(props.onTimeout, { errors: ['States.Timeout'], resultPath: sfn.JsonPath.DISCARD });
  task.addCatch(props.onFailure, { errors: ['States.ALL'], resultPath: FAILURE_PATH });
  return task;
}

/** The case's ids, as every cycle step's payload starts. */
export const CASE_IDS: Payload = {
  'municipality.$': '$.municipality',
  'caseId.$': '$.caseId',
  'cycle.$': '$.cycle',
};

/**
 * Functions with inline code and the fixed names of `steps`, so a stack synthesizes without
 * bundling (tests, the local system); the local runtime binds the real steps to the same names.
 *
 * @example
 * const functions = inlineFunctions(stack, 'atbalsts', CYCLE_STEPS); // Record<CycleStep, IFunction>
 */
export function inlineFunctions<S extends WorkflowStep>(
  scope: Construct,
  prefix: string,
  steps: readonly S[],
): Record<S, lambda.IFunction> {
  const functions = {} as Record<S, lambda.IFunction>;
  for (const name of steps) {
    functions[name] = new lambda.Function(scope, `Inline-${name}`, {
      functionName: functionName(prefix, name),
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
  }
  return functions;
}
