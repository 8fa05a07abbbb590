/**
 * The orchestrator port on AWS, over the Step Functions client. AWS's refusals become
 * {@link OrchestratorError}s with the same codes the local runtime uses.
 *
 * @example
 * const orchestrator = new AwsOrchestrator(new SFNClient({}));
 * await orchestrator.sendTaskSuccess(token, JSON.stringify({ approved: true }));
 */
import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  type ExecutionDescription,
  type Orchestrator,
  OrchestratorError,
  type OrchestratorErrorCode,
  type StartExecutionRequest,
  type StartedExecution,
} from './orchestrator.ts';

/** The part of the client the adapter uses, so tests can pass a stand-in. */
export type SfnSender = Pick<SFNClient, 'send'>;

const CODES: Record<string, OrchestratorErrorCode> = {
  InvalidToken: 'InvalidToken',
  InvalidOutput: 'InvalidOutput',
  TaskDoesNotExist: 'TaskDoesNotExist',
  TaskTimedOut: 'TaskTimedOut',
  ExecutionDoesNotExist: 'ExecutionDoesNotExist',
  ExecutionAlreadyExists: 'ExecutionAlreadyExists',
  StateMachineDoesNotExist: 'StateMachineDoesNotExist',
  InvalidExecutionInput: 'InvalidExecutionInput',
};

export class AwsOrchestrator implements Orchestrator {
  constructor(private readonly client: SfnSender) {}

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    await this.#send(() => this.client.send(new SendTaskSuccessCommand({ taskToken, output })));
  }

  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    await this.#send(() =>
      this.client.send(
        new SendTaskFailureCommand({ taskToken, error, ...(cause !== undefined && { cause }) }),
      ),
    );
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    await this.#send(() => this.client.send(new SendTaskHeartbeatCommand({ taskToken })));
  }

  async startExecution(request: StartExecutionRequest): Promise<StartedExecution> {
    const started = await this.#send(() =>
      this.client.send(
        new StartExecutionCommand({
          stateMachineArn: request.stateMachineArn,
          input: request.input ?? '{}',
          ...(request.name !== undefined && { name: request.name }),
        }),
      ),
    );
    if (!started.executionArn || !started.startDate)
      throw new Error('StartExecution answered without an execution');
    return { executionArn: started.executionArn, startDate: started.startDate };
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<void> {
    await this.#send(() =>
      this.client.send(
        new StopExecutionCommand({
          executionArn,
          ...(error !== undefined && { error }),
          ...(cause !== undefined && { cause }),
        }),
      ),
    );
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    const found = await this.#send(() => this.client.send(new DescribeExecutionCommand({ executionArn })));
    const { stateMachineArn, name, status, startDate, input } = found;
    if (!stateMachineArn || !name || !status || !startDate || status === 'PENDING_REDRIVE') {
      throw new Error(
        `DescribeExecution answered an execution this port does not know: ${status ?? 'no status'}`,
      );
    }
    return {
      executionArn,
      stateMachineArn,
      name,
      status,
      startDate,
      input: input ?? '{}',
      ...(found.stopDate && { stopDate: found.stopDate }),
      ...(found.output !== undefined && { output: found.output }),
      ...(found.error !== undefined && { error: found.error }),
      ...(found.cause !== undefined && { cause: found.cause }),
    };
  }

  async #send<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const code = error instanceof Error ? CODES[error.name] : undefined;
      if (code && error instanceof Error) throw new OrchestratorError(code, error.message);
      throw error;
    }
  }
}
