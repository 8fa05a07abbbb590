/**
 * The demo state machine, synthesized by aws-cdk-lib (no AWS access, no bundling), executed as
 * synthesized by the local runtime: a named matrix of paths through it.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/runtime.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';
import { definitionParts, synthesizedDefinition, type TemplateJson } from '../../workflows/synthesized.ts';
import { expectExecutedAsSynthesized } from '../support/asl.ts';
import {
  DEMO_FUNCTION_NAMES,
  DEMO_STATE_MACHINE_NAME,
  DemoWorkflow,
  inlineDemoFunctions,
} from '../support/demo-workflow.ts';

const env = { region: 'eu-north-1', accountId: '000000000000' };
let template: TemplateJson;
let asl: string;

beforeAll(() => {
  const app = new App();
  const stack = new Stack(app, 'DemoWorkflowTest');
  new DemoWorkflow(stack, 'Demo', { functions: inlineDemoFunctions(stack) });
  template = Template.fromStack(stack).toJSON() as TemplateJson;
  asl = synthesizedDefinition(template, DEMO_STATE_MACHINE_NAME, env);
});

interface Demo {
  sfn: LocalStepFunctions;
  clock: VirtualClock;
  /** Task tokens handed to the ask function, in order. */
  tokens: string[];
  calls: Record<keyof typeof DEMO_FUNCTION_NAMES, unknown[]>;
  start(input: object): Promise<string>;
}

let demo: Demo;

/** The runtime with the synthesized demo registered; `prepareFailures` transient failures first. */
function setUp(prepareFailures: { count: number; error: string } = { count: 0, error: '' }): Demo {
  const clock = new VirtualClock('2024-01-01T00:00:00Z');
  const sfn = new LocalStepFunctions({ clock, ...env });
  const tokens: string[] = [];
  const calls: Demo['calls'] = { prepare: [], ask: [], remind: [], recordFailure: [] };
  sfn.bindFunction(DEMO_FUNCTION_NAMES.prepare, (event) => {
    calls.prepare.push(event);
    if (calls.prepare.length <= prepareFailures.count) {
      throw Object.assign(new Error('try again'), { name: prepareFailures.error });
    }
    return { preparedId: `prep-${(event as { caseId: string }).caseId}` };
  });
  sfn.bindFunction(DEMO_FUNCTION_NAMES.ask, (event) => {
    calls.ask.push(event);
    tokens.push((event as { taskToken: string }).taskToken);
  });
  sfn.bindFunction(DEMO_FUNCTION_NAMES.remind, (event) => calls.remind.push(event));
  sfn.bindFunction(DEMO_FUNCTION_NAMES.recordFailure, (event) => calls.recordFailure.push(event));
  const stateMachineArn = sfn.registerStateMachine(DEMO_STATE_MACHINE_NAME, asl);
  demo = {
    sfn,
    clock,
    tokens,
    calls,
    async start(input) {
      const { executionArn } = await sfn.startExecution({ stateMachineArn, input: JSON.stringify(input) });
      await sfn.idle();
      return executionArn;
    },
  };
  return demo;
}

afterEach(async () => {
  await demo.sfn.close();
  expect(demo.clock.pendingTimers).toBe(0);
  expect(demo.sfn.tokens.openCount).toBe(0);
});

const lastToken = (tokens: string[]) => tokens.at(-1) ?? '';
const statesEntered = (sfn: LocalStepFunctions, arn: string) =>
  sfn
    .history(arn)
    .filter((event) => event.type === 'StateEntered')
    .map((event) => event.state?.name);

describe('synthesized: the ASL the runtime executes', () => {
  it('is byte for byte the DefinitionString of the template, tokens (Lambda ARNs, partition, region, account) aside', () => {
    const { sfn } = setUp();
    const executed = sfn.definitionOf(DEMO_STATE_MACHINE_NAME);
    const parts = definitionParts(template, DEMO_STATE_MACHINE_NAME);
    expectExecutedAsSynthesized(executed, parts);
    const definition = JSON.parse(executed);
    expect(definition.QueryLanguage).toBe('JSONPath');
    expect(definition.States.AskForAnswer.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(definition.States.ContinueAsNew.Resource).toBe('arn:aws:states:::states:startExecution');
  });
});

describe('demo matrix', () => {
  it('happy: prepare, the callback answered by sendTaskSuccess, the 30-day Wait passed on the clock, done', async () => {
    const { sfn, clock, tokens, calls } = setUp();
    const arn = await demo.start({ caseId: 'c-1', cycle: 1 });
    expect(calls.prepare).toEqual([{ caseId: 'c-1' }]);
    expect(calls.ask).toEqual([{ caseId: 'c-1', taskToken: lastToken(tokens) }]);
    await sfn.sendTaskSuccess(lastToken(tokens), JSON.stringify({ approved: true }));
    await sfn.idle();
    expect((await sfn.describeExecution(arn)).status).toBe('RUNNING');
    await clock.advance(30 * DAY_MS);
    const ended = await sfn.waitForExecution(arn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(ended.stopDate?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
    expect(JSON.parse(ended.output ?? '')).toEqual({
      caseId: 'c-1',
      cycle: 1,
      prepared: { preparedId: 'prep-c-1' },
      answer: { approved: true },
    });
    expect(statesEntered(sfn, arn)).toEqual([
      'Prepare',
      'AskForAnswer',
      'Decide',
      'Rest',
      'MoreCycles',
      'AllCyclesDone',
    ]);
  });

  it('declined: the Choice ends the run when the answer does not approve', async () => {
    const { sfn, tokens } = setUp();
    const arn = await demo.start({ caseId: 'c-1', cycle: 1 });
    await sfn.sendTaskSuccess(lastToken(tokens), JSON.stringify({ approved: false }));
    await sfn.waitForExecution(arn);
    expect(statesEntered(sfn, arn).at(-1)).toBe('Declined');
  });

  it('timeout: an unanswered callback times out after 7 days, reminds and waits again with a fresh token', async () => {
    const { sfn, clock, tokens, calls } = setUp();
    const arn = await demo.start({ caseId: 'c-1', cycle: 1 });
    await clock.advance(7 * DAY_MS);
    expect(calls.remind).toEqual([{ caseId: 'c-1' }]);
    await clock.advance(7 * DAY_MS);
    expect(calls.remind).toHaveLength(2);
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(3);
    await expect(sfn.sendTaskSuccess(tokens[0] ?? '', '{"approved":true}')).rejects.toMatchObject({
      code: 'TaskTimedOut',
    });
    await sfn.sendTaskSuccess(lastToken(tokens), JSON.stringify({ approved: false }));
    expect((await sfn.waitForExecution(arn)).status).toBe('SUCCEEDED');
    expect(statesEntered(sfn, arn)).toEqual([
      'Prepare',
      'AskForAnswer',
      'Remind',
      'AskForAnswer',
      'Remind',
      'AskForAnswer',
      'Decide',
      'Declined',
    ]);
  });

  it('retry: Prepare fails twice with Lambda.TooManyRequestsException, then succeeds within the jittered backoff', async () => {
    const { sfn, clock, calls } = setUp({ count: 2, error: 'Lambda.TooManyRequestsException' });
    const arn = await demo.start({ caseId: 'c-1', cycle: 1 });
    expect(calls.prepare).toHaveLength(1);
    // Full jitter: each pause is at most 2 s, then 4 s.
    await clock.advance(6_000);
    expect(calls.prepare).toHaveLength(3);
    expect(calls.ask).toHaveLength(1);
    expect(calls.recordFailure).toEqual([]);
    expect(sfn.history(arn).filter((event) => event.type === 'StateRetried')).toHaveLength(2);
  });

  it('catch: an error the Retry does not cover goes to RecordFailure, then the Fail state', async () => {
    const { sfn, calls } = setUp({ count: 1, error: 'Case.Broken' });
    const arn = await demo.start({ caseId: 'c-1', cycle: 1 });
    const ended = await sfn.waitForExecution(arn);
    expect(calls.prepare).toHaveLength(1);
    expect(calls.recordFailure).toEqual([{ caseId: 'c-1', error: 'Case.Broken' }]);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'Demo.Failed' });
  });

  it('catch after retries: transient errors past MaxAttempts are caught too', async () => {
    const { sfn, clock, calls } = setUp({ count: 10, error: 'Lambda.ServiceException' });
    const arn = await demo.start({ caseId: 'c-1', cycle: 1 });
    await clock.advance(60_000);
    expect((await sfn.waitForExecution(arn)).status).toBe('FAILED');
    expect(calls.prepare).toHaveLength(4);
    expect(calls.recordFailure).toEqual([{ caseId: 'c-1', error: 'Lambda.ServiceException' }]);
  });

  it('stop: stopExecution during the 30-day Wait aborts it; nothing runs after', async () => {
    const { sfn, clock, tokens, calls } = setUp();
    const arn = await demo.start({ caseId: 'c-1', cycle: 0 });
    await sfn.sendTaskSuccess(lastToken(tokens), JSON.stringify({ approved: true }));
    await sfn.idle();
    await sfn.stopExecution(arn, 'Case.Closed');
    await clock.advance(60 * DAY_MS);
    expect(await sfn.describeExecution(arn)).toMatchObject({ status: 'ABORTED', error: 'Case.Closed' });
    expect(sfn.executions()).toHaveLength(1);
    expect(calls.ask).toHaveLength(1);
  });

  it('continue-as-new: cycle 0 ends by starting cycle 1 as a new execution of the same machine', async () => {
    const { sfn, clock, tokens } = setUp();
    const first = await demo.start({ caseId: 'c-1', cycle: 0 });
    await sfn.sendTaskSuccess(lastToken(tokens), JSON.stringify({ approved: true }));
    await clock.advance(30 * DAY_MS);
    const firstEnded = await sfn.waitForExecution(first);
    const next = sfn.executions()[1];
    expect(next).toMatchObject({
      stateMachineArn: sfn.stateMachineArn(DEMO_STATE_MACHINE_NAME),
      status: 'RUNNING',
      startDate: new Date('2024-01-31T00:00:00.000Z'),
    });
    expect(JSON.parse(next?.input ?? '')).toMatchObject({ caseId: 'c-1', cycle: 1 });
    expect(JSON.parse(firstEnded.output ?? '').next).toEqual({ executionArn: next?.executionArn });
    expect(tokens).toHaveLength(2);
    await sfn.sendTaskSuccess(lastToken(tokens), JSON.stringify({ approved: true }));
    await clock.advance(30 * DAY_MS);
    expect((await sfn.waitForExecution(next?.executionArn ?? '')).status).toBe('SUCCEEDED');
    expect(sfn.executions()).toHaveLength(2);
  });
});
