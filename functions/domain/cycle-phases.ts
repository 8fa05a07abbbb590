/**
 * The phases of a six-month review cycle, in the order a case goes through them: the names the
 * case records, the state machine resumes at, the pages show and the ministry's indicators count.
 *
 * @example
 * CYCLE_PHASES.indexOf('draft-plan') // 3
 */
export const CYCLE_PHASES = [
  'request-assessment',
  'compute-budget',
  'request-ranking',
  'draft-plan',
  'await-approval',
  'activate',
  'active',
  'review-due',
  'close-cycle',
] as const;
export type CyclePhase = (typeof CYCLE_PHASES)[number];
