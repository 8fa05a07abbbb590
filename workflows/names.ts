/**
 * The names that tie the state machines to their functions, on AWS and in the local runtime:
 * a function is known to a workflow only by name, and each name is the deployment's prefix plus
 * the step's name.
 *
 * @example
 * functionName('atbalsts-prod', 'cycle-activate') // 'atbalsts-prod-cycle-activate'
 * stateMachineName('atbalsts-prod', 'review-cycle') // 'atbalsts-prod-review-cycle'
 */

/** The review cycle's Lambda steps. */
export const CYCLE_STEPS = [
  'cycle-prepare',
  'cycle-await',
  'cycle-remind',
  'cycle-compute-budget',
  'cycle-draft-plan',
  'cycle-activate',
  'cycle-close',
  'cycle-record-failure',
] as const;
export type CycleStep = (typeof CYCLE_STEPS)[number];

/** The monthly settlement run's Lambda steps. */
export const RUN_STEPS = ['run-start', 'run-page', 'run-settle-batch', 'run-finish'] as const;
export type RunStep = (typeof RUN_STEPS)[number];

export type WorkflowStep = CycleStep | RunStep;

export const STATE_MACHINES = ['review-cycle', 'monthly-run'] as const;
export type StateMachineKind = (typeof STATE_MACHINES)[number];

/** The prefix the local system and the tests use. */
export const LOCAL_PREFIX = 'atbalsts';

export const functionName = (prefix: string, step: WorkflowStep): string => `${prefix}-${step}`;
export const stateMachineName = (prefix: string, machine: StateMachineKind): string => `${prefix}-${machine}`;

/** Functions a schedule starts directly, not a state machine (the reminders on the first of the month). */
export const SCHEDULED_FUNCTIONS = ['timesheet-reminders'] as const;
export type ScheduledFunction = (typeof SCHEDULED_FUNCTIONS)[number];

export const scheduledFunctionName = (prefix: string, name: ScheduledFunction): string => `${prefix}-${name}`;
