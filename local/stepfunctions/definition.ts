/**
 * Reading an Amazon States Language definition: its Task states (nested ones included) and what
 * each Task's `Resource` asks for, so the runtime can bind every task before anything runs.
 *
 * @example
 * const tasks = taskStatesOf(JSON.parse(definitionText));
 * const kind = taskResourceOf('arn:aws:states:::lambda:invoke.waitForTaskToken');
 * // { kind: 'integration', action: 'lambda:invoke', pattern: 'waitForTaskToken' }
 */

export type IntegrationPattern = 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';

export type TaskResource =
  | { kind: 'function'; functionName: string }
  | { kind: 'integration'; action: string; pattern: IntegrationPattern };

export interface TaskState {
  Type: 'Task';
  Resource: string;
  Parameters?: unknown;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number;
  HeartbeatSecondsPath?: string;
}

interface StatesScope {
  States?: Record<string, { Type?: string } & Record<string, unknown>>;
}

/**
 * Every Task state by name, through Map and Parallel states. Names must be unique across the
 * whole machine (as Step Functions requires), since the local bindings go by name.
 *
 * @example
 * taskStatesOf({ StartAt: 'A', States: { A: { Type: 'Task', Resource: '…', End: true } } });
 */
export function taskStatesOf(definition: unknown): Map<string, TaskState> {
  const tasks = new Map<string, TaskState>();
  const seen = new Set<string>();
  const visit = (scope: StatesScope): void => {
    for (const [name, state] of Object.entries(scope.States ?? {})) {
      if (seen.has(name)) throw new Error(`state name ${name} is used twice`);
      seen.add(name);
      if (state.Type === 'Task') tasks.set(name, state as unknown as TaskState);
      for (const nested of [state['ItemProcessor'], state['Iterator']]) {
        if (nested && typeof nested === 'object') visit(nested as StatesScope);
      }
      const branches = state['Branches'];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch as StatesScope);
    }
  };
  visit(definition as StatesScope);
  return tasks;
}

const FUNCTION_ARN = /^arn:[\w-]+:lambda:[\w-]*:\d*:function:([\w-]+)(?::[\w$-]+)?$/;
const SERVICE_INTEGRATION = /^arn:[\w-]+:states:::(.+?)(?:\.(sync:2|sync|waitForTaskToken))?$/;

/**
 * What a Task's Resource asks for: a Lambda function by ARN, or a service integration with its
 * pattern; undefined when it is neither.
 *
 * @example
 * taskResourceOf('arn:aws:lambda:eu-north-1:000000000000:function:settle'); // { kind: 'function', functionName: 'settle' }
 */
export function taskResourceOf(resource: string): TaskResource | undefined {
  const functionArn = FUNCTION_ARN.exec(resource);
  if (functionArn?.[1]) return { kind: 'function', functionName: functionArn[1] };
  const integration = SERVICE_INTEGRATION.exec(resource);
  if (integration?.[1]) {
    const pattern = (integration[2] ?? 'request-response') as IntegrationPattern;
    return { kind: 'integration', action: integration[1], pattern };
  }
  return undefined;
}

/**
 * A Lambda function's name from what `FunctionName` accepts: a name, a full or partial ARN, with
 * or without a version or alias.
 *
 * @example
 * functionNameOf('arn:aws:lambda:eu-north-1:000000000000:function:settle:live'); // 'settle'
 */
export function functionNameOf(functionName: string): string {
  const marker = ':function:';
  const at = functionName.indexOf(marker);
  const rest = at >= 0 ? functionName.slice(at + marker.length) : functionName;
  return rest.split(':')[0] ?? rest;
}

/** The name at the end of a state machine or execution ARN. */
export function stateMachineNameOf(stateMachineArn: string): string | undefined {
  const match = /^arn:[\w-]+:states:[\w-]*:\d*:stateMachine:([\w.-]+)$/.exec(stateMachineArn);
  return match?.[1];
}

/**
 * Read a simple reference path (`$.a.b` on the input, `$$.a.b` on the context), as
 * TimeoutSecondsPath and HeartbeatSecondsPath use; undefined when it is not that simple.
 *
 * @example
 * readReferencePath('$.timeouts.review', { timeouts: { review: 60 } }, {}); // 60
 */
export function readReferencePath(path: string, input: unknown, context: unknown): unknown {
  const onContext = path.startsWith('$$');
  const rest = onContext ? path.slice(2) : path.startsWith('$') ? path.slice(1) : undefined;
  if (rest === undefined || (rest !== '' && !/^(\.[\w-]+)+$/.test(rest))) return undefined;
  let value: unknown = onContext ? context : input;
  for (const key of rest.split('.').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Parameters keys the runtime adds for itself and removes before a handler sees the input. */
export const STATE_INPUT_TIMEOUT_KEY = '__stateInputTimeoutSeconds';
export const STATE_INPUT_HEARTBEAT_KEY = '__stateInputHeartbeatSeconds';
/** What the interpreter is told instead of a path: longer than any execution may run (a year). */
const NO_INTERPRETER_TIMEOUT_S = 366 * 24 * 60 * 60;

/**
 * The definition as the interpreter is given it. Step Functions reads `TimeoutSecondsPath` and
 * `HeartbeatSecondsPath` from the state's input; aws-local-stepfunctions reads them from the
 * task's effective input (after Parameters), where a Lambda task's `$.waits` is not. So for the
 * interpreter each such path becomes a Parameters entry (evaluated, as Parameters are, on the
 * state input) that the runtime takes out again before any handler sees it, and the interpreter's
 * own timer is set past any execution's life; the runtime enforces the real timeout itself. The
 * text that is registered, reported and compared with the template is never changed.
 *
 * @example
 * const forInterpreter = interpreterDefinition(JSON.parse(definitionText));
 */
export function interpreterDefinition<T>(definition: T): T {
  const copy = structuredClone(definition);
  forEachState(copy, (state) => {
    // The library writes a key named `$` for ResultPath "$"; absent means the same in ASL.
    if (state['ResultPath'] === '$') delete state['ResultPath'];
    for (const rule of Array.isArray(state['Catch']) ? state['Catch'] : []) {
      if (rule && typeof rule === 'object' && (rule as Record<string, unknown>)['ResultPath'] === '$') {
        delete (rule as Record<string, unknown>)['ResultPath'];
      }
    }
    if (Array.isArray(state['Choices'])) state['Choices'] = state['Choices'].map(withoutFalseTypeTests);
  });
  for (const state of taskStatesOf(copy).values()) {
    const record = state as unknown as Record<string, unknown>;
    const parameters = record['Parameters'];
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) continue;
    const extra = parameters as Record<string, unknown>;
    if (typeof state.TimeoutSecondsPath === 'string') {
      extra[`${STATE_INPUT_TIMEOUT_KEY}.$`] = state.TimeoutSecondsPath;
      delete record['TimeoutSecondsPath'];
      record['TimeoutSeconds'] = NO_INTERPRETER_TIMEOUT_S;
    }
    if (typeof state.HeartbeatSecondsPath === 'string') {
      extra[`${STATE_INPUT_HEARTBEAT_KEY}.$`] = state.HeartbeatSecondsPath;
      delete record['HeartbeatSecondsPath'];
    }
  }
  return copy;
}

/** Visit every state, through Map and Parallel states. */
function forEachState(definition: unknown, visit: (state: Record<string, unknown>) => void): void {
  const walk = (scope: StatesScope): void => {
    for (const state of Object.values(scope.States ?? {})) {
      visit(state);
      for (const nested of [state['ItemProcessor'], state['Iterator']]) {
        if (nested && typeof nested === 'object') walk(nested as StatesScope);
      }
      const branches = state['Branches'];
      if (Array.isArray(branches)) for (const branch of branches) walk(branch as StatesScope);
    }
  };
  walk(definition as StatesScope);
}

const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/**
 * A Choice rule with every `IsX: false` written as `Not { IsX: true }`: the library evaluates any
 * `IsX: false` as false (it returns `IsX && test`), where Step Functions negates the test.
 */
function withoutFalseTypeTests(rule: unknown): unknown {
  if (!rule || typeof rule !== 'object' || Array.isArray(rule)) return rule;
  const record = { ...(rule as Record<string, unknown>) };
  for (const combinator of ['And', 'Or']) {
    const parts = record[combinator];
    if (Array.isArray(parts)) record[combinator] = parts.map(withoutFalseTypeTests);
  }
  if (record['Not'] !== undefined) record['Not'] = withoutFalseTypeTests(record['Not']);
  const test = TYPE_TESTS.find((name) => record[name] === false);
  if (!test) return record;
  const { Next, ...condition } = record;
  return {
    Not: { ...condition, [test]: true },
    ...(Next !== undefined && { Next }),
  };
}
