/**
 * What the replay remembers of each child between days (the plans in force, the phases already
 * reacted to, the child's own stream of chance), and how the people's commands are taken.
 */
import type { YearMonth } from '../../functions/domain/calendar.ts';
import { PhaseConflict } from '../../functions/review-cycle/commands.ts';
import type { StoredPlan } from '../../functions/store/entities.ts';
import { ConflictError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import { Draw } from '../synthetic.ts';
import type { Pilot, PilotChild } from './pilot.ts';

export interface PlanInForce {
  cycle: number;
  start: string;
  end: string;
  assistantMinutes: number;
  lines: { service: string; providerId?: string; unitsPerMonth: number; funding: string }[];
}

/** What the replay remembers of each child between days. */
export interface ChildState {
  child: PilotChild;
  ref: CaseRef;
  /** Phase reactions already planned, e.g. `1:request-ranking`, `2:await-approval:1`. */
  handled: Set<string>;
  plans: PlanInForce[];
  /** The child's own stream of chance, so the replay is the same whatever order cases are handled in. */
  draw: Draw;
}

/** Each child of the pilot as the replay starts it, by case id. */
export function childStates(pilot: Pilot, seed: number): Map<string, ChildState> {
  return new Map<string, ChildState>(
    pilot.children.map((child, index) => [
      child.caseId,
      {
        child,
        ref: { municipality: child.municipality, caseId: child.caseId },
        handled: new Set(),
        plans: [],
        draw: new Draw(seed * 1_000 + index),
      },
    ]),
  );
}

export type Action = () => Promise<void>;

/** A command the case may have moved past (a deadline came first): that is part of the story, not an error. */
export async function lenient(action: Action): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof PhaseConflict) && !(error instanceof ConflictError)) throw error;
  }
}

export const coordinatorOf = (child: PilotChild) => ({
  kind: 'coordinator' as const,
  id: child.coordinatorId,
});
export const parentOf = (child: PilotChild) => ({ kind: 'parent' as const, id: child.parentId });

export function planInForce(cycle: number, stored: StoredPlan): PlanInForce {
  const assistant = stored.plan.grants.find((grant) => grant.service === 'assistant');
  return {
    cycle,
    start: stored.plan.period.start,
    end: stored.plan.period.end,
    assistantMinutes: Math.round((assistant?.hoursPerMonth ?? 0) * 60),
    lines: stored.plan.lines.map((line) => ({
      service: line.service,
      ...(typeof line['providerId'] === 'string' && { providerId: line['providerId'] }),
      unitsPerMonth: line.unitsPerMonth,
      funding: line.funding,
    })),
  };
}

/** The plan whose period holds the month, else the last one before it (its grants carry on). */
export function planFor(
  state: ChildState,
  month: YearMonth,
): { plan: PlanInForce; covers: boolean } | undefined {
  const first = `${month}-01`;
  const covering = state.plans.find((candidate) => candidate.start <= first && first <= candidate.end);
  if (covering) return { plan: covering, covers: true };
  const before = state.plans.filter((candidate) => candidate.start <= first).at(-1);
  return before ? { plan: before, covers: false } : undefined;
}
