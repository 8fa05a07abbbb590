/**
 * The local runtime on hand-written ASL: waits and timeouts on the virtual clock, task tokens,
 * Lambda payload wrapping, Retry and Catch, stopping, continue-as-new, and the orchestrator port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import { OrchestratorError } from '../../functions/orchestrator/orchestrator.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/runtime.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';

const START = '2024-01-01T00:00:00.000Z';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const functionArn = (name: string) => `arn:aws:lambda:eu-north-1:000000000000:function:${name}`;

let runtime: LocalStepFunctions;
let clock: VirtualClock;

function setUp(): { sfn: LocalStepFunctions; clock: VirtualClock } {
  clock = new VirtualClock(START);
  runtime = new LocalStepFunctions({ clock });
  return { sfn: runtime, clock };
}

afterEach(async () => {
  await runtime.close();
  // Clean teardown: nothing waits on the clock or on a token once the runtime is closed.
  expect(clock.pendingTimers).toBe(0);
  expect(runtime.tokens.openCount).toBe(0);
});

async function start(sfn: LocalStepFunctions, machine: string, definition: object, input: object = {}) {
  const stateMachineArn = sfn.registerStateMachine(machine, JSON.stringify(definition));
  const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify(input) });
  await sfn.idle();
  return executionArn;
}

const exitedAt = (sfn: LocalStepFunctions, executionArn: string, state: string) =>
  sfn
    .history(executionArn)
    .filter((event) => event.type === 'StateExited' && event.state?.name === state)
    .map((event) => new Date(event.timestamp).toISOString());

/** A callback task whose handler keeps the token it is given, as the real ones store it on the case. */
function callbackMachine(extra: object = {}) {
  return {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: CALLBACK,
        Parameters: { FunctionName: 'ask', Payload: { 'caseId.$': '$.caseId', 'token.$': '$$.Task.Token' } },
        TimeoutSeconds: 14 * 86_400,
        ResultPath: '$.answer',
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
          { ErrorEquals: ['Assessment.Rejected'], ResultPath: '$.error', Next: 'Rejected' },
        ],
        End: true,
        ...extra,
      },
      TimedOut: { Type: 'Pass', Result: 'timed out', ResultPath: '$.outcome', End: true },
      Rejected: { Type: 'Pass', Result: 'rejected', ResultPath: '$.outcome', End: true },
    },
  };
}

function keepTokens(sfn: LocalStepFunctions): string[] {
  const tokens: string[] = [];
  sfn.bindFunction('ask', (event) => {
    tokens.push((event as { token: string }).token);
    return { asked: true };
  });
  return tokens;
}

describe('wait: every Wait form runs on the virtual clock', () => {
  it('waits Seconds, Timestamp, SecondsPath and TimestampPath, past the 24.8-day Node timer limit', async () => {
    const { sfn, clock } = setUp();
    const arn = await start(
      sfn,
      'waits',
      {
        StartAt: 'FortyDays',
        States: {
          FortyDays: { Type: 'Wait', Seconds: 40 * 86_400, Next: 'UntilMarch' },
          UntilMarch: { Type: 'Wait', Timestamp: '2024-03-01T00:00:00Z', Next: 'ForPathSeconds' },
          ForPathSeconds: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'UntilPathTimestamp' },
          UntilPathTimestamp: { Type: 'Wait', TimestampPath: '$.until', End: true },
        },
      },
      { seconds: 3_600, until: '2025-01-01T00:00:00Z' },
    );
    await clock.advance(39 * DAY_MS);
    expect((await sfn.describeExecution(arn)).status).toBe('RUNNING');
    await clock.advanceTo('2025-01-01T00:00:00Z');
    expect(await sfn.describeExecution(arn)).toMatchObject({ status: 'SUCCEEDED' });
    expect(exitedAt(sfn, arn, 'FortyDays')).toEqual(['2024-02-10T00:00:00.000Z']);
    expect(exitedAt(sfn, arn, 'UntilMarch')).toEqual(['2024-03-01T00:00:00.000Z']);
    expect(exitedAt(sfn, arn, 'ForPathSeconds')).toEqual(['2024-03-01T01:00:00.000Z']);
    expect(exitedAt(sfn, arn, 'UntilPathTimestamp')).toEqual(['2025-01-01T00:00:00.000Z']);
  });

  it('times out a whole execution on its TimeoutSeconds', async () => {
    const { sfn, clock } = setUp();
    const arn = await start(sfn, 'slow', {
      TimeoutSeconds: 60,
      StartAt: 'Long',
      States: { Long: { Type: 'Wait', Seconds: 3_600, End: true } },
    });
    await clock.advance(60_000);
    expect(await sfn.describeExecution(arn)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });
});

describe('callback: .waitForTaskToken with $$.Task.Token', () => {
  it('success: the handler gets a fresh token and the task continues with the sendTaskSuccess output', async () => {
    const { sfn } = setUp();
    const tokens = keepTokens(sfn);
    const arn = await start(sfn, 'callback', callbackMachine(), { caseId: 'c-1' });
    expect(tokens).toHaveLength(1);
    expect((await sfn.describeExecution(arn)).status).toBe('RUNNING');
    await sfn.sendTaskSuccess(tokens[0] ?? '', JSON.stringify({ assessmentId: 'a-1' }));
    const ended = await sfn.waitForExecution(arn);
    expect(JSON.parse(ended.output ?? '')).toEqual({ caseId: 'c-1', answer: { assessmentId: 'a-1' } });
    // A token answers once.
    await expect(sfn.sendTaskSuccess(tokens[0] ?? '', '{}')).rejects.toMatchObject({
      code: 'TaskDoesNotExist',
    });
  });

  it('failure: sendTaskFailure raises its error for the Catch', async () => {
    const { sfn } = setUp();
    const tokens = keepTokens(sfn);
    const arn = await start(sfn, 'callback', callbackMachine(), { caseId: 'c-1' });
    await sfn.sendTaskFailure(tokens[0] ?? '', 'Assessment.Rejected', 'the team withdrew it');
    const ended = await sfn.waitForExecution(arn);
    expect(JSON.parse(ended.output ?? '')).toMatchObject({
      outcome: 'rejected',
      error: { Error: 'Assessment.Rejected', Cause: 'the team withdrew it' },
    });
  });

  it('timeout: after TimeoutSeconds on the clock the task fails with States.Timeout; a late answer is refused', async () => {
    const { sfn, clock } = setUp();
    const tokens = keepTokens(sfn);
    const arn = await start(sfn, 'callback', callbackMachine(), { caseId: 'c-1' });
    await clock.advance(14 * DAY_MS - 1);
    expect((await sfn.describeExecution(arn)).status).toBe('RUNNING');
    await clock.advance(1);
    const ended = await sfn.waitForExecution(arn);
    expect(JSON.parse(ended.output ?? '')).toMatchObject({
      outcome: 'timed out',
      error: { Error: 'States.Timeout' },
    });
    expect(ended.stopDate?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
    await expect(sfn.sendTaskSuccess(tokens[0] ?? '', '{}')).rejects.toMatchObject({ code: 'TaskTimedOut' });
  });

  it('heartbeat: a heartbeat keeps the task alive, a missed one times it out', async () => {
    const { sfn, clock } = setUp();
    const tokens = keepTokens(sfn);
    const arn = await start(sfn, 'callback', callbackMachine({ HeartbeatSeconds: 3_600 }), { caseId: 'c-1' });
    await clock.advance(3_000_000);
    await sfn.sendTaskHeartbeat(tokens[0] ?? '');
    await clock.advance(3_000_000);
    expect((await sfn.describeExecution(arn)).status).toBe('RUNNING');
    await clock.advance(600_001);
    const ended = await sfn.waitForExecution(arn);
    expect(JSON.parse(ended.output ?? '')).toMatchObject({ outcome: 'timed out' });
  });

  it('refuses malformed tokens and output that is not JSON', async () => {
    const { sfn } = setUp();
    const tokens = keepTokens(sfn);
    await start(sfn, 'callback', callbackMachine(), { caseId: 'c-1' });
    await expect(sfn.sendTaskSuccess('not-a-token', '{}')).rejects.toMatchObject({ code: 'InvalidToken' });
    await expect(sfn.sendTaskSuccess(tokens[0] ?? '', '{oops')).rejects.toMatchObject({
      code: 'InvalidOutput',
    });
  });
});

describe('lambda: bound by function name', () => {
  it('happy: lambda:invoke wraps the result in Payload; a function ARN returns it bare', async () => {
    const { sfn } = setUp();
    const events: unknown[] = [];
    sfn.bindFunction('double', (event) => {
      events.push(event);
      return { doubled: (event as { n: number }).n * 2 };
    });
    const arn = await start(
      sfn,
      'lambdas',
      {
        StartAt: 'Optimized',
        States: {
          Optimized: {
            Type: 'Task',
            Resource: LAMBDA_INVOKE,
            Parameters: { FunctionName: functionArn('double'), 'Payload.$': '$' },
            ResultPath: '$.optimized',
            Next: 'Plain',
          },
          Plain: {
            Type: 'Task',
            Resource: functionArn('double'),
            InputPath: '$',
            ResultPath: '$.plain',
            End: true,
          },
        },
      },
      { n: 21 },
    );
    const output = JSON.parse((await sfn.waitForExecution(arn)).output ?? '');
    expect(output.optimized).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { doubled: 42 },
      StatusCode: 200,
    });
    expect(output.plain).toEqual({ doubled: 42 });
    expect(events).toHaveLength(2);
  });

  const flakyMachine = {
    StartAt: 'Flaky',
    States: {
      Flaky: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Parameters: { FunctionName: 'flaky', 'Payload.$': '$' },
        OutputPath: '$.Payload',
        Retry: [
          { ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 2 },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        End: true,
      },
      Failed: { Type: 'Pass', End: true },
    },
  };

  function flaky(sfn: LocalStepFunctions, failures: number): Date[] {
    const calls: Date[] = [];
    sfn.bindFunction('flaky', () => {
      calls.push(sfn.clock.now());
      if (calls.length <= failures)
        throw Object.assign(new Error('throttled'), { name: 'Lambda.ServiceException' });
      return { done: true };
    });
    return calls;
  }

  it('retry: fails twice, then succeeds after backoff pauses of 1 s and 2 s on the clock', async () => {
    const { sfn, clock } = setUp();
    const calls = flaky(sfn, 2);
    const arn = await start(sfn, 'flaky', flakyMachine);
    expect(calls).toHaveLength(1);
    await clock.advance(999);
    expect(calls).toHaveLength(1);
    await clock.advance(10_000);
    const ended = await sfn.waitForExecution(arn);
    expect(JSON.parse(ended.output ?? '')).toEqual({ done: true });
    expect(calls.map((at) => at.getTime() - Date.parse(START))).toEqual([0, 1_000, 3_000]);
  });

  it('catch: once the retries are spent, the Catch gets the error type and a JSON cause', async () => {
    const { sfn, clock } = setUp();
    const calls = flaky(sfn, 3);
    const arn = await start(sfn, 'flaky', flakyMachine);
    await clock.advance(10_000);
    const output = JSON.parse((await sfn.waitForExecution(arn)).output ?? '');
    expect(calls).toHaveLength(3);
    expect(output.error.Error).toBe('Lambda.ServiceException');
    expect(JSON.parse(output.error.Cause)).toEqual({
      errorType: 'Lambda.ServiceException',
      errorMessage: 'throttled',
    });
  });

  it('fails the execution when no handler is bound to the function', async () => {
    const { sfn } = setUp();
    const arn = await start(sfn, 'unbound', {
      StartAt: 'Missing',
      States: { Missing: { Type: 'Task', Resource: functionArn('missing'), End: true } },
    });
    expect(await sfn.waitForExecution(arn)).toMatchObject({
      status: 'FAILED',
      error: 'Lambda.ResourceNotFoundException',
    });
  });

  it('refuses at registration a task resource it cannot run', () => {
    const { sfn } = setUp();
    const definition = {
      StartAt: 'Odd',
      States: { Odd: { Type: 'Task', Resource: 'arn:aws:ecs:eu-north-1:000000000000:task/x', End: true } },
    };
    expect(() => sfn.registerStateMachine('odd', JSON.stringify(definition))).toThrow(/cannot run/);
  });
});

describe('stop: stopExecution', () => {
  it('stops an execution waiting on a token: ABORTED, the token closed, no later state runs', async () => {
    const { sfn } = setUp();
    const tokens = keepTokens(sfn);
    const after: unknown[] = [];
    sfn.bindFunction('after', (event) => after.push(event));
    const definition = callbackMachine({ End: undefined, Next: 'After' });
    const arn = await start(
      sfn,
      'stoppable',
      {
        ...definition,
        States: { ...definition.States, After: { Type: 'Task', Resource: functionArn('after'), End: true } },
      },
      { caseId: 'c-1' },
    );
    await sfn.stopExecution(arn, 'Case.Closed', 'the family withdrew');
    await sfn.idle();
    expect(await sfn.describeExecution(arn)).toMatchObject({ status: 'ABORTED', error: 'Case.Closed' });
    await expect(sfn.sendTaskSuccess(tokens[0] ?? '', '{}')).rejects.toMatchObject({
      code: 'TaskDoesNotExist',
    });
    expect(after).toEqual([]);
  });

  it('stops an execution inside a Wait and leaves no timer behind', async () => {
    const { sfn, clock } = setUp();
    const arn = await start(sfn, 'waiting', {
      StartAt: 'Month',
      States: { Month: { Type: 'Wait', Seconds: 30 * 86_400, End: true } },
    });
    expect(clock.pendingTimers).toBe(1);
    await sfn.stopExecution(arn);
    expect(clock.pendingTimers).toBe(0);
    expect((await sfn.describeExecution(arn)).status).toBe('ABORTED');
  });
});

describe('continue-as-new: states:startExecution', () => {
  it('starts a new execution of the named machine with the given input and name', async () => {
    const { sfn } = setUp();
    const cycleArn = sfn.stateMachineArn('cycle');
    const arn = await start(
      sfn,
      'cycle',
      {
        StartAt: 'Again',
        States: {
          Again: {
            Type: 'Choice',
            Choices: [{ Variable: '$.cycle', NumericLessThan: 2, Next: 'ContinueAsNew' }],
            Default: 'Done',
          },
          ContinueAsNew: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution',
            Parameters: {
              StateMachineArn: cycleArn,
              'Name.$': "States.Format('c-1-{}', $.cycle)",
              Input: { 'cycle.$': 'States.MathAdd($.cycle, 1)' },
            },
            End: true,
          },
          Done: { Type: 'Succeed' },
        },
      },
      { cycle: 0 },
    );
    await sfn.idle();
    const executions = sfn.executions();
    expect(executions.map((execution) => [execution.name, execution.input, execution.status])).toEqual([
      [expect.any(String), '{"cycle":0}', 'SUCCEEDED'],
      ['c-1-0', '{"cycle":1}', 'SUCCEEDED'],
      ['c-1-1', '{"cycle":2}', 'SUCCEEDED'],
    ]);
    const first = JSON.parse((await sfn.describeExecution(arn)).output ?? '');
    expect(first).toMatchObject({
      ExecutionArn: `${cycleArn.replace(':stateMachine:', ':execution:')}:c-1-0`,
    });
  });
});

describe('semantics the interpreter gets wrong, closed by the runtime', () => {
  it('Choice: IsPresent, IsNull and IsString false negate the test, alone and inside And', async () => {
    const { sfn } = setUp();
    const definition = {
      StartAt: 'Decide',
      States: {
        Decide: {
          Type: 'Choice',
          Choices: [
            {
              And: [
                { Variable: '$.missing', IsPresent: false },
                { Variable: '$.text', IsNull: false },
                { Variable: '$.number', IsString: false },
              ],
              Next: 'AllFalseTestsHeld',
            },
          ],
          Default: 'Wrong',
        },
        AllFalseTestsHeld: { Type: 'Succeed' },
        Wrong: { Type: 'Fail', Error: 'Wrong' },
      },
    };
    const arn = await start(sfn, 'false-tests', definition, { text: 'a', number: 1 });
    expect((await sfn.waitForExecution(arn)).status).toBe('SUCCEEDED');
    const otherwise = await start(sfn, 'false-tests-2', definition, { missing: 1, text: 'a', number: 1 });
    expect((await sfn.waitForExecution(otherwise)).status).toBe('FAILED');
  });

  it('ResultPath "$" replaces the whole state with the result, on a state and in a Catch', async () => {
    const { sfn } = setUp();
    sfn.bindFunction('replace', () => ({ replaced: true }));
    sfn.bindFunction('fail', () => {
      throw Object.assign(new Error('no'), { name: 'Broken' });
    });
    const arn = await start(
      sfn,
      'result-path-root',
      {
        StartAt: 'Replace',
        States: {
          Replace: { Type: 'Task', Resource: functionArn('replace'), ResultPath: '$', Next: 'Fail' },
          Fail: {
            Type: 'Task',
            Resource: functionArn('fail'),
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$', Next: 'Done' }],
            End: true,
          },
          Done: { Type: 'Succeed' },
        },
      },
      { original: 1 },
    );
    const ended = await sfn.waitForExecution(arn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '')).toMatchObject({ Error: 'Broken' });
    expect(JSON.parse(ended.output ?? '')).not.toHaveProperty('$');
    const replaced = sfn
      .history(arn)
      .find((event) => event.type === 'StateExited' && event.state?.name === 'Replace');
    expect((replaced?.state as { output?: unknown } | undefined)?.output).toEqual({ replaced: true });
  });
});

describe('port: errors as on AWS', () => {
  it('names unknown executions and machines, and refuses a second start under the same name', async () => {
    const { sfn } = setUp();
    const stateMachineArn = sfn.registerStateMachine(
      'pass',
      JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
    );
    await sfn.startExecution({ stateMachineArn, name: 'once', input: '{}' });
    await sfn.idle();
    await expect(sfn.startExecution({ stateMachineArn, name: 'once', input: '{}' })).rejects.toMatchObject({
      code: 'ExecutionAlreadyExists',
    });
    await expect(
      sfn.describeExecution('arn:aws:states:eu-north-1:0:execution:pass:none'),
    ).rejects.toBeInstanceOf(OrchestratorError);
    await expect(
      sfn.startExecution({ stateMachineArn: sfn.stateMachineArn('absent') }),
    ).rejects.toMatchObject({ code: 'StateMachineDoesNotExist' });
    await expect(sfn.startExecution({ stateMachineArn, input: 'not json' })).rejects.toMatchObject({
      code: 'InvalidExecutionInput',
    });
  });
});
