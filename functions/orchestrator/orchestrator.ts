/**
 * The orchestrator port: what the API, the CLI and the handlers may ask of Step Functions. One
 * interface, two adapters: {@link ./aws.ts} on AWS and the local runtime in
 * `local/stepfunctions/runtime.ts`. Inputs and outputs are JSON text, as on AWS, and carry IDs
 * only, never personal data.
 *
 * @example
 * await orchestrator.sendTaskSuccess(stored.token, JSON.stringify({ assessmentId: 'a-1' }));
 * const { executionArn } = await orchestrator.startExecution({ stateMachineArn, name: 'c-1-2024', input: '{}' });
 * const { status } = await orchestrator.describeExecution(executionArn);
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface StartExecutionRequest {
  stateMachineArn: string;
  /** Unique per state machine; a generated one when absent. */
  name?: string;
  /** JSON text; `{}` when absent. */
  input?: string;
}

export interface StartedExecution {
  executionArn: string;
  startDate: Date;
}

export interface ExecutionDescription {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  /** JSON text. */
  input: string;
  /** JSON text, once SUCCEEDED. */
  output?: string;
  error?: string;
  cause?: string;
}

export interface Orchestrator {
  /** Answer a `.waitForTaskToken` task: it continues with `output` (JSON text) as its result. */
  sendTaskSuccess(taskToken: string, output: string): Promise<void>;
  /** Fail a `.waitForTaskToken` task with `error`, which the state's Retry and Catch see. */
  sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void>;
  /** Tell a task with HeartbeatSeconds that its worker is still alive. */
  sendTaskHeartbeat(taskToken: string): Promise<void>;
  startExecution(request: StartExecutionRequest): Promise<StartedExecution>;
  /** Stop a running execution (ABORTED); stopping a finished one changes nothing. */
  stopExecution(executionArn: string, error?: string, cause?: string): Promise<void>;
  describeExecution(executionArn: string): Promise<ExecutionDescription>;
}

/** Why the orchestrator refused; the same codes on AWS and locally, so callers can react alike. */
export type OrchestratorErrorCode =
  | 'InvalidToken'
  | 'InvalidOutput'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ExecutionDoesNotExist'
  | 'ExecutionAlreadyExists'
  | 'StateMachineDoesNotExist'
  | 'InvalidExecutionInput';

export class OrchestratorError extends Error {
  override readonly name = 'OrchestratorError';
  constructor(
    readonly code: OrchestratorErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
