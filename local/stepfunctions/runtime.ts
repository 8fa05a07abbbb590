/**
 * The local Step Functions runtime: it executes the Amazon States Language that aws-cdk-lib
 * synthesizes, with aws-local-stepfunctions, and closes that library's gaps: task tokens
 * (`.waitForTaskToken`, `$$.Task.Token`), a clock that drives every Wait, Retry pause and timeout
 * (virtual in tests), `states:startExecution` tasks (continue-as-new), and the orchestrator port
 * the API uses on AWS. Lambda tasks are bound by function name to handler functions.
 *
 * @example
 * const clock = new VirtualClock('2024-01-01T00:00:00Z');
 * const sfn = new LocalStepFunctions({ clock });
 * sfn.bindFunction('request-assessment', async (event) => { await store(event.token); return {}; });
 * const arn = sfn.registerStateMachine('review-cycle', definitionText);
 * const { executionArn } = await sfn.startExecution({ stateMachineArn: arn, input: '{"caseId":"c-1"}' });
 * await sfn.idle();
 * await sfn.sendTaskSuccess(storedToken, '{}');
 * await clock.advance(30 * DAY_MS);
 * await sfn.close();
 */
import './promise-with-resolvers.ts';
import { randomUUID } from 'node:crypto';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
} from 'aws-local-stepfunctions';
import { type Clock, realClock } from '../../functions/orchestrator/clock.ts';
import {
  type ExecutionDescription,
  type ExecutionStatus,
  type Orchestrator,
  OrchestratorError,
  type StartExecutionRequest,
  type StartedExecution,
} from '../../functions/orchestrator/orchestrator.ts';
import { installClockScope, offClock, onClock } from './clock-scope.ts';
import {
  functionNameOf,
  interpreterDefinition,
  readReferencePath,
  STATE_INPUT_HEARTBEAT_KEY,
  STATE_INPUT_TIMEOUT_KEY,
  stateMachineNameOf,
  type TaskResource,
  type TaskState,
  taskResourceOf,
  taskStatesOf,
} from './definition.ts';
import { ExecutionStopped, LocalRuntimeError, TaskFailure } from './task-errors.ts';
import { TaskTokenRegistry } from './task-tokens.ts';
import { VirtualClock } from './virtual-clock.ts';

/** A Lambda handler as the local runtime calls it: the event in, the result out (JSON values). */
export type LambdaHandler = (event: unknown) => Promise<unknown> | unknown;

/** Another service integration (e.g. `sqs:sendMessage`), given the task's Parameters. */
export type IntegrationHandler = (parameters: unknown) => Promise<unknown> | unknown;

/** One event of an execution's history, as the library logs it (times on the runtime's clock). */
export interface HistoryEvent {
  type: string;
  timestamp: number;
  state?: { name: string };
  Error?: string;
  Cause?: unknown;
}

export interface LocalStepFunctionsOptions {
  /** Drives waits, retries and timeouts; the real clock when absent. */
  clock?: Clock | VirtualClock;
  region?: string;
  accountId?: string;
}

interface RegisteredMachine {
  name: string;
  arn: string;
  /** Exactly the text given at registration: what runs is what was synthesized. */
  definitionText: string;
  machine: StateMachine;
  tasks: Map<string, TaskState>;
}

interface ExecutionRecord {
  description: ExecutionDescription;
  abort: () => void;
  done: Promise<void>;
  history: HistoryEvent[];
}

/** The default timeout the library gives a Task without TimeoutSeconds. */
const LIBRARY_DEFAULT_TASK_TIMEOUT_S = 60;
const SECOND_MS = 1_000;

export class LocalStepFunctions implements Orchestrator {
  readonly clock: Clock;
  readonly tokens = new TaskTokenRegistry();
  readonly region: string;
  readonly accountId: string;
  readonly #functions = new Map<string, LambdaHandler>();
  readonly #integrations = new Map<string, IntegrationHandler>();
  readonly #machines = new Map<string, RegisteredMachine>();
  readonly #executions = new Map<string, ExecutionRecord>();
  #handlersInFlight = 0;

  constructor(options: LocalStepFunctionsOptions = {}) {
    installClockScope();
    this.clock = options.clock ?? realClock;
    this.region = options.region ?? 'eu-north-1';
    this.accountId = options.accountId ?? '000000000000';
    if (this.clock instanceof VirtualClock) this.clock.settleWith(() => this.idle());
  }

  /**
   * Bind a Lambda function name (as in the ASL's FunctionName or function ARN) to a handler.
   *
   * @example
   * sfn.bindFunction('compute-budget', computeBudgetHandler);
   */
  bindFunction(functionName: string, handler: LambdaHandler): void {
    this.#functions.set(functionName, handler);
  }

  /**
   * Bind another service integration, by its `service:action` (e.g. `sqs:sendMessage`).
   *
   * @example
   * sfn.bindIntegration('sqs:sendMessage', async (parameters) => ({ MessageId: 'm-1' }));
   */
  bindIntegration(action: string, handler: IntegrationHandler): void {
    this.#integrations.set(action, handler);
  }

  /**
   * Register a state machine from its ASL text, exactly as synthesized. Fails at once if a Task
   * asks for something this runtime cannot run.
   *
   * @example
   * const arn = sfn.registerStateMachine('demo', definitionText);
   */
  registerStateMachine(name: string, definitionText: string): string {
    const definition = JSON.parse(definitionText) as ConstructorParameters<typeof StateMachine>[0];
    const tasks = taskStatesOf(definition);
    for (const [stateName, state] of tasks) {
      const resource = taskResourceOf(state.Resource);
      if (!resource)
        throw new Error(
          `${name}: task ${stateName} has a resource this runtime cannot run: ${state.Resource}`,
        );
    }
    const arn = this.stateMachineArn(name);
    const machine = new StateMachine(interpreterDefinition(definition));
    this.#machines.set(arn, { name, arn, definitionText, machine, tasks });
    return arn;
  }

  stateMachineArn(name: string): string {
    return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
  }

  /** The ASL text a registered machine executes. */
  definitionOf(name: string): string {
    return this.#machine(this.stateMachineArn(name)).definitionText;
  }

  async startExecution(request: StartExecutionRequest): Promise<StartedExecution> {
    const registered = this.#machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    const inputText = request.input ?? '{}';
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch {
      throw new OrchestratorError('InvalidExecutionInput', 'the input is not JSON');
    }
    const executionArn = `arn:aws:states:${this.region}:${this.accountId}:execution:${registered.name}:${name}`;
    const existing = this.#executions.get(executionArn);
    if (existing) {
      // As on AWS: the same start again is idempotent while it runs; anything else is a conflict.
      if (existing.description.status === 'RUNNING' && existing.description.input === inputText) {
        return { executionArn, startDate: existing.description.startDate };
      }
      throw new OrchestratorError('ExecutionAlreadyExists', executionArn);
    }
    const startDate = this.clock.now();
    const description: ExecutionDescription = {
      executionArn,
      stateMachineArn: registered.arn,
      name,
      status: 'RUNNING',
      startDate,
      input: inputText,
    };
    const tokens = this.tokens;
    const context = {
      Execution: { Id: executionArn, Name: name },
      StateMachine: { Id: registered.arn, Name: registered.name },
      // Read by the ASL's `$$.Task.Token`: each read issues a fresh token of this execution.
      Task: {
        get Token(): string {
          return tokens.issue(executionArn);
        },
      },
    };
    const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of registered.tasks) {
      taskResourceLocalHandlers[stateName] = (taskInput) =>
        this.#runTask(executionArn, stateName, state, taskInput, context);
    }
    const runOptions = { overrides: { taskResourceLocalHandlers }, context } as RunOptions;
    // Recorded before it runs: the first task starts within `run`.
    const record: ExecutionRecord = { description, abort: () => {}, done: Promise.resolve(), history: [] };
    this.#executions.set(executionArn, record);
    const run = onClock(this.clock, () =>
      registered.machine.run(input as Parameters<StateMachine['run']>[0], runOptions),
    );
    record.abort = run.abort;
    void this.#collectHistory(record, run.eventLogs);
    record.done = run.result.then(
      (output) => this.#finish(record, 'SUCCEEDED', { output: JSON.stringify(output ?? null) }),
      (error: unknown) => this.#finish(record, ...failureOf(error)),
    );
    return { executionArn, startDate };
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<void> {
    const record = this.#execution(executionArn);
    if (record.description.status !== 'RUNNING') return;
    this.#finish(record, 'ABORTED', {
      ...(error !== undefined && { error }),
      ...(cause !== undefined && { cause }),
    });
    record.abort();
    await record.done;
  }

  async describeExecution(executionArn: string): Promise<ExecutionDescription> {
    return { ...this.#execution(executionArn).description };
  }

  async sendTaskSuccess(taskToken: string, output: string): Promise<void> {
    this.tokens.succeed(taskToken, output);
  }

  async sendTaskFailure(taskToken: string, error: string, cause?: string): Promise<void> {
    this.tokens.fail(taskToken, error, cause);
  }

  async sendTaskHeartbeat(taskToken: string): Promise<void> {
    this.tokens.heartbeat(taskToken);
  }

  /**
   * Resolves when the execution has ended, with its description.
   *
   * @example
   * const { status, output } = await sfn.waitForExecution(executionArn);
   */
  async waitForExecution(executionArn: string): Promise<ExecutionDescription> {
    await this.#execution(executionArn).done;
    return this.describeExecution(executionArn);
  }

  /** The events of an execution so far: states entered, exited, failed, retried, caught. */
  history(executionArn: string): readonly HistoryEvent[] {
    return this.#execution(executionArn).history;
  }

  /** Every execution started, in order, e.g. to find the one a continue-as-new started. */
  executions(): ExecutionDescription[] {
    return [...this.#executions.values()].map((record) => ({ ...record.description }));
  }

  /**
   * Resolves once nothing more happens without outside help: no handler is running and the
   * executions wait only on the clock or on task tokens.
   */
  async idle(): Promise<void> {
    for (let quietTurns = 0; quietTurns < 3; ) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      quietTurns = this.#handlersInFlight === 0 ? quietTurns + 1 : 0;
    }
  }

  /** Stop every running execution and wait for all to end, so nothing is left behind. */
  async close(): Promise<void> {
    for (const record of this.#executions.values()) {
      if (record.description.status === 'RUNNING') await this.stopExecution(record.description.executionArn);
    }
    await Promise.all([...this.#executions.values()].map((record) => record.done));
  }

  async #runTask(
    executionArn: string,
    stateName: string,
    state: TaskState,
    input: unknown,
    context: unknown,
  ): Promise<unknown> {
    if (this.#execution(executionArn).description.status !== 'RUNNING')
      throw new ExecutionStopped(executionArn);
    const startedAt = this.clock.now();
    const fromStateInput = takeStateInputTimeouts(input);
    input = fromStateInput.input;
    const resource = taskResourceOf(state.Resource) as TaskResource;
    if (resource.kind === 'function') return await this.#invokeFunction(resource.functionName, input);
    const start = this.#integration(resource.action, resource.pattern, stateName);
    if (resource.pattern !== 'waitForTaskToken') return await start(input);
    const tokens = this.tokens.findIn(executionArn, input);
    const [token] = tokens;
    if (tokens.length !== 1 || token === undefined) {
      throw new LocalRuntimeError(`${stateName}: a .waitForTaskToken task must pass $$.Task.Token once`);
    }
    try {
      await start(input);
    } catch (error) {
      this.tokens.close(token, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    return await this.tokens.wait(
      token,
      {
        clock: this.clock,
        timeoutMs:
          fromStateInput.timeoutMs ??
          secondsOf(state.TimeoutSeconds, state.TimeoutSecondsPath, input, context) ??
          LIBRARY_DEFAULT_TASK_TIMEOUT_S * SECOND_MS,
        ...optional(
          'heartbeatMs',
          fromStateInput.heartbeatMs ??
            secondsOf(state.HeartbeatSeconds, state.HeartbeatSecondsPath, input, context),
        ),
      },
      startedAt,
    );
  }

  /** What a service integration does with the task's Parameters. */
  #integration(
    action: string,
    pattern: TaskResource & { kind: 'integration' } extends { pattern: infer P } ? P : never,
    stateName: string,
  ): (parameters: unknown) => Promise<unknown> {
    if (action === 'lambda:invoke') {
      return async (parameters) => {
        const { FunctionName, Payload } = (parameters ?? {}) as { FunctionName?: unknown; Payload?: unknown };
        if (typeof FunctionName !== 'string')
          throw new LocalRuntimeError(`${stateName}: FunctionName is missing`);
        const result = await this.#invokeFunction(functionNameOf(FunctionName), Payload ?? {});
        // As Step Functions' optimized integration: the function's result is under Payload.
        return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
      };
    }
    if (action === 'states:startExecution') {
      return async (parameters) => {
        const { StateMachineArn, Input, Name } = (parameters ?? {}) as Record<string, unknown>;
        if (typeof StateMachineArn !== 'string')
          throw new LocalRuntimeError(`${stateName}: StateMachineArn is missing`);
        const started = await this.startExecution({
          stateMachineArn: StateMachineArn,
          input: typeof Input === 'string' ? Input : JSON.stringify(Input ?? {}),
          ...optional('name', typeof Name === 'string' ? Name : undefined),
        });
        if (pattern !== 'sync' && pattern !== 'sync:2') {
          return { ExecutionArn: started.executionArn, StartDate: started.startDate.toISOString() };
        }
        const ended = await this.waitForExecution(started.executionArn);
        if (ended.status !== 'SUCCEEDED') throw new TaskFailure('States.TaskFailed', JSON.stringify(ended));
        const output = ended.output ?? 'null';
        return {
          ExecutionArn: ended.executionArn,
          Input: pattern === 'sync:2' ? JSON.parse(ended.input) : ended.input,
          Name: ended.name,
          Output: pattern === 'sync:2' ? JSON.parse(output) : output,
          StartDate: ended.startDate.toISOString(),
          StateMachineArn: ended.stateMachineArn,
          Status: ended.status,
          ...optional('StopDate', ended.stopDate?.toISOString()),
        };
      };
    }
    return async (parameters) => {
      const handler = this.#integrations.get(action);
      if (!handler) throw new LocalRuntimeError(`${stateName}: no handler is bound to ${action}`);
      return await this.#callHandler(handler, parameters);
    };
  }

  async #invokeFunction(functionName: string, event: unknown): Promise<unknown> {
    const handler = this.#functions.get(functionName);
    if (!handler) {
      throw new TaskFailure('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
    }
    try {
      return await this.#callHandler(handler, event);
    } catch (error) {
      // As Lambda reports an unhandled error: the error type, and a JSON cause with the message.
      const errorType = error instanceof Error ? error.name : 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      throw new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage }));
    }
  }

  /** Call a handler outside the clock scope (its SDK calls keep real timers), on a copy of the JSON. */
  async #callHandler(handler: (event: unknown) => unknown, event: unknown): Promise<unknown> {
    this.#handlersInFlight += 1;
    try {
      const result = await offClock(() => handler(structuredClone(event)));
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } finally {
      this.#handlersInFlight -= 1;
    }
  }

  #finish(record: ExecutionRecord, status: ExecutionStatus, details: Partial<ExecutionDescription>): void {
    this.tokens.closeExecution(record.description.executionArn);
    if (record.description.status !== 'RUNNING') return;
    Object.assign(record.description, details, { status, stopDate: this.clock.now() });
  }

  async #collectHistory(record: ExecutionRecord, events: AsyncGenerator<unknown>): Promise<void> {
    for await (const event of events) record.history.push(event as HistoryEvent);
  }

  #machine(stateMachineArn: string): RegisteredMachine {
    const registered = this.#machines.get(stateMachineArn);
    if (!registered) {
      const name = stateMachineNameOf(stateMachineArn) ?? stateMachineArn;
      throw new OrchestratorError('StateMachineDoesNotExist', name);
    }
    return registered;
  }

  #execution(executionArn: string): ExecutionRecord {
    const record = this.#executions.get(executionArn);
    if (!record) throw new OrchestratorError('ExecutionDoesNotExist', executionArn);
    return record;
  }
}

/** How an execution ended, from the error its result rejected with. */
function failureOf(error: unknown): [ExecutionStatus, Partial<ExecutionDescription>] {
  if (error instanceof ExecutionAbortedError) return ['ABORTED', {}];
  if (error instanceof ExecutionTimeoutError) return ['TIMED_OUT', { error: 'States.Timeout' }];
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (failure instanceof Error) return ['FAILED', { error: failure.name, cause: failure.message }];
  return ['FAILED', { error: 'States.Runtime', cause: String(failure) }];
}

/**
 * The timeouts {@link interpreterDefinition} carried from the state input, and the task input
 * without them, as Step Functions would have passed it.
 */
function takeStateInputTimeouts(input: unknown): {
  input: unknown;
  timeoutMs?: number;
  heartbeatMs?: number;
} {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { input };
  const {
    [STATE_INPUT_TIMEOUT_KEY]: timeout,
    [STATE_INPUT_HEARTBEAT_KEY]: heartbeat,
    ...rest
  } = input as Record<string, unknown>;
  if (timeout === undefined && heartbeat === undefined) return { input };
  for (const [name, value] of [
    ['TimeoutSecondsPath', timeout],
    ['HeartbeatSecondsPath', heartbeat],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) {
      throw new TaskFailure('States.Runtime', `${name} must select a positive integer`);
    }
  }
  return {
    input: rest,
    ...optional('timeoutMs', typeof timeout === 'number' ? timeout * SECOND_MS : undefined),
    ...optional('heartbeatMs', typeof heartbeat === 'number' ? heartbeat * SECOND_MS : undefined),
  };
}

/** Milliseconds from a state's `…Seconds` or simple `…SecondsPath`, if either gives a number. */
function secondsOf(
  seconds: number | undefined,
  secondsPath: string | undefined,
  input: unknown,
  context: unknown,
): number | undefined {
  const value =
    seconds ?? (secondsPath === undefined ? undefined : readReferencePath(secondsPath, input, context));
  return typeof value === 'number' ? value * SECOND_MS : undefined;
}

/** `{ [key]: value }` when the value is defined, for exactOptionalPropertyTypes. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
