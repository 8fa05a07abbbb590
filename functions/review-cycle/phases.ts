/**
 * The phases of a review cycle as the case records them. The workflow resumes a cycle at the
 * recorded phase (`resumeFrom`), so these names are shared by the state machine, the steps and
 * the API.
 *
 * @example
 * isCyclePhase('draft-plan') // true
 * cycleExecutionName({ municipality: 'talsi', caseId: 'c-1' }, 2) // 'talsi-c-1-cycle-2'
 */
import { createHash } from 'node:crypto';
import { CYCLE_PHASES, type CyclePhase } from '../domain/cycle-phases.ts';
import type { CaseRef } from '../store/keys.ts';

export { CYCLE_PHASES, type CyclePhase };

/** The phases in which the cycle waits on a callback, each with its own stored task token. */
export const WAITING_PHASES = [
  'request-assessment',
  'request-ranking',
  'await-approval',
  'active',
  'review-due',
] as const satisfies readonly CyclePhase[];
export type WaitingPhase = (typeof WAITING_PHASES)[number];

/** A closed case's phase: nothing runs any more. */
export const CLOSED_PHASE = 'closed';

export const isCyclePhase = (phase: string): phase is CyclePhase =>
  (CYCLE_PHASES as readonly string[]).includes(phase);

/** Step Functions execution names: 1-80 of letters, digits, `-` and `_`. */
const EXECUTION_NAME_LIMIT = 80;

/**
 * The execution name of a case's cycle: the same case and cycle always get the same name, so a
 * repeated start is refused by Step Functions instead of running the cycle twice.
 */
export function cycleExecutionName(ref: CaseRef, cycle: number, suffix = ''): string {
  const tail = `-cycle-${cycle}${suffix ? `-${suffix}` : ''}`;
  const readable = `${ref.municipality}-${ref.caseId}`.replace(/[^A-Za-z0-9_-]/g, '_');
  if (readable.length + tail.length <= EXECUTION_NAME_LIMIT) return `${readable}${tail}`;
  const digest = createHash('sha256').update(`${ref.municipality}#${ref.caseId}`).digest('hex').slice(0, 24);
  return `c${digest}${tail}`;
}
