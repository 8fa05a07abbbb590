/**
 * The workflows on one machine: the state machines are synthesized by aws-cdk-lib exactly as the
 * CDK app deploys them, their ASL is taken from the template, registered in the local Step
 * Functions runtime, and every Lambda task is bound by function name to the real step, with the
 * local store, the clock and the runtime itself as the orchestrator.
 *
 * @example
 * const clock = new VirtualClock('2024-01-01T00:00:00Z');
 * const workflows = startLocalWorkflows({ store, clock, config: { appUrl, linkSecret, supervisors: {} } });
 * await openCase(workflows.context, newCase, person, actor);
 * await workflows.sfn.idle();
 */
import { App, Stack } from 'aws-cdk-lib';
import { RUN_STEP_HANDLERS } from '../functions/handlers/monthly-run-tasks.ts';
import { CYCLE_STEP_HANDLERS } from '../functions/handlers/review-cycle-tasks.ts';
import type { Clock } from '../functions/orchestrator/clock.ts';
import type { AppConfig, Step, StepContext } from '../functions/step-context.ts';
import type { Store } from '../functions/store/store.ts';
import { inlineRunFunctions, MonthlyRunWorkflow } from '../workflows/monthly-run.ts';
import { CYCLE_STEPS, functionName, LOCAL_PREFIX, RUN_STEPS, type WorkflowStep } from '../workflows/names.ts';
import { inlineCycleFunctions, ReviewCycleWorkflow } from '../workflows/review-cycle.ts';
import { synthesizedDefinition, type TemplateJson } from '../workflows/synthesized.ts';
import { LocalStepFunctions } from './stepfunctions/runtime.ts';
import type { VirtualClock } from './stepfunctions/virtual-clock.ts';

/** The account the local runtime pretends to be in. */
export const LOCAL_ENV = { region: 'eu-north-1', accountId: '000000000000' } as const;

export interface SynthesizedWorkflows {
  template: TemplateJson;
  /** The ASL text of each machine, by state machine name, tokens resolved for {@link LOCAL_ENV}. */
  definitions: Record<string, string>;
  cycleName: string;
  runName: string;
}

const synthesized = new Map<string, SynthesizedWorkflows>();

/**
 * Synthesize the workflows' stack (no bundling, no AWS access) and take each machine's ASL.
 * Cached per prefix: the template does not change while the process runs.
 */
export function synthesizeWorkflows(prefix = LOCAL_PREFIX): SynthesizedWorkflows {
  const cached = synthesized.get(prefix);
  if (cached) return cached;
  const app = new App();
  const stack = new Stack(app, 'AtbalstsWorkflows', {
    env: { region: LOCAL_ENV.region, account: LOCAL_ENV.accountId },
  });
  const cycle = new ReviewCycleWorkflow(stack, 'ReviewCycle', {
    prefix,
    functions: inlineCycleFunctions(stack, prefix),
  });
  const run = new MonthlyRunWorkflow(stack, 'MonthlyRun', {
    prefix,
    functions: inlineRunFunctions(stack, prefix),
  });
  const template = app.synth().getStackByName(stack.stackName).template as TemplateJson;
  const result: SynthesizedWorkflows = {
    template,
    definitions: Object.fromEntries(
      [cycle.stateMachineName, run.stateMachineName].map((name) => [
        name,
        synthesizedDefinition(template, name, LOCAL_ENV),
      ]),
    ),
    cycleName: cycle.stateMachineName,
    runName: run.stateMachineName,
  };
  synthesized.set(prefix, result);
  return result;
}

export interface LocalWorkflowsOptions {
  store: Store;
  clock: Clock | VirtualClock;
  config: Omit<AppConfig, 'cycleStateMachineArn'>;
  prefix?: string;
  /** Wraps a step before it is bound, e.g. to make it fail in a test. */
  wrapStep?: (name: WorkflowStep, step: Step) => Step;
}

export interface LocalWorkflows {
  sfn: LocalStepFunctions;
  context: StepContext;
  cycleStateMachineArn: string;
  runStateMachineArn: string;
}

/**
 * Register the synthesized machines in a new local runtime and bind every step.
 *
 * @example
 * const { sfn, context } = startLocalWorkflows({ store, clock, config });
 */
export function startLocalWorkflows(options: LocalWorkflowsOptions): LocalWorkflows {
  const prefix = options.prefix ?? LOCAL_PREFIX;
  const { definitions, cycleName, runName } = synthesizeWorkflows(prefix);
  const sfn = new LocalStepFunctions({ clock: options.clock, ...LOCAL_ENV });
  const cycleStateMachineArn = sfn.stateMachineArn(cycleName);
  const context: StepContext = {
    store: options.store,
    clock: sfn.clock,
    orchestrator: sfn,
    config: { ...options.config, cycleStateMachineArn },
  };
  const wrap = options.wrapStep ?? ((_name, step) => step);
  const steps: [WorkflowStep, Step][] = [
    ...CYCLE_STEPS.map((name): [WorkflowStep, Step] => [name, CYCLE_STEP_HANDLERS[name]]),
    ...RUN_STEPS.map((name): [WorkflowStep, Step] => [name, RUN_STEP_HANDLERS[name]]),
  ];
  for (const [name, handler] of steps) {
    const step = wrap(name, handler);
    sfn.bindFunction(functionName(prefix, name), (event) => step(event, context));
  }
  for (const [name, definition] of Object.entries(definitions)) sfn.registerStateMachine(name, definition);
  return { sfn, context, cycleStateMachineArn, runStateMachineArn: sfn.stateMachineArn(runName) };
}
