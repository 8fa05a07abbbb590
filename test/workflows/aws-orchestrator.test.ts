/** The AWS adapter of the orchestrator port, against a stand-in client: no network. */
import { TaskTimedOut } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { AwsOrchestrator, type SfnSender } from '../../functions/orchestrator/aws.ts';

function recordingClient(answer: (command: unknown) => unknown): { client: SfnSender; sent: unknown[] } {
  const sent: unknown[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      return answer(command);
    },
  } as unknown as SfnSender;
  return { client, sent };
}

describe('AwsOrchestrator', () => {
  it('sends the commands the port describes', async () => {
    const startDate = new Date('2024-01-01T00:00:00Z');
    const { client, sent } = recordingClient(() => ({ executionArn: 'arn:e', startDate }));
    const orchestrator = new AwsOrchestrator(client);
    await orchestrator.sendTaskSuccess('t-1', '{"ok":true}');
    await orchestrator.sendTaskFailure('t-2', 'Case.Closed');
    await expect(orchestrator.startExecution({ stateMachineArn: 'arn:m', name: 'c-1' })).resolves.toEqual({
      executionArn: 'arn:e',
      startDate,
    });
    await orchestrator.stopExecution('arn:e', 'Case.Closed', 'withdrawn');
    expect(sent).toEqual([
      { command: 'SendTaskSuccessCommand', input: { taskToken: 't-1', output: '{"ok":true}' } },
      { command: 'SendTaskFailureCommand', input: { taskToken: 't-2', error: 'Case.Closed' } },
      { command: 'StartExecutionCommand', input: { stateMachineArn: 'arn:m', input: '{}', name: 'c-1' } },
      {
        command: 'StopExecutionCommand',
        input: { executionArn: 'arn:e', error: 'Case.Closed', cause: 'withdrawn' },
      },
    ]);
  });

  it("maps AWS's refusals to the port's codes", async () => {
    const { client } = recordingClient(() => {
      throw new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} });
    });
    await expect(new AwsOrchestrator(client).sendTaskSuccess('t-1', '{}')).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
  });

  it('describes an execution in the port shape', async () => {
    const startDate = new Date('2024-01-01T00:00:00Z');
    const { client } = recordingClient(() => ({
      stateMachineArn: 'arn:m',
      name: 'c-1',
      status: 'SUCCEEDED',
      startDate,
      stopDate: startDate,
      input: '{}',
      output: '{"done":true}',
    }));
    await expect(new AwsOrchestrator(client).describeExecution('arn:e')).resolves.toEqual({
      executionArn: 'arn:e',
      stateMachineArn: 'arn:m',
      name: 'c-1',
      status: 'SUCCEEDED',
      startDate,
      stopDate: startDate,
      input: '{}',
      output: '{"done":true}',
    });
  });
});
