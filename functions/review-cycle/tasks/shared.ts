import { workspacePaths } from '../../domain/work-queue/paths.ts';
import type { StepContext } from '../../step-context.ts';
import type { OutboxDraft, StoredCase, StoredPlan } from '../../store/entities.ts';
import type { CaseRef } from '../../store/keys.ts';
import { noteOf } from '../case-context.ts';

export interface CycleRef extends CaseRef {
  cycle: number;
}

export const refOf = (event: CaseRef): CaseRef => ({
  municipality: event.municipality,
  caseId: event.caseId,
});
export const cycleScope = (cycle: number, ...parts: (string | number)[]) =>
  ['cycle', cycle, ...parts].join('-');

export async function notify(context: StepContext, ref: CaseRef, drafts: OutboxDraft[], action: string) {
  if (drafts.length > 0) await context.store.outbox.enqueue(ref, drafts, noteOf(context, action));
}

export function approvalData(
  context: StepContext,
  current: StoredCase,
  stored: StoredPlan,
): Record<string, unknown> {
  const ref = refOf(current);
  return {
    caseId: current.caseId,
    period: stored.plan.period,
    budgetCents: stored.plan.budget.cents,
    totalCents: stored.plan.totalCents,
    unfundedServices: stored.plan.unfunded.length,
    warnings: stored.plan.warnings.length,
    approvalLink: `${context.config.appUrl}${workspacePaths.plan(ref.caseId, stored.cycle, stored.revision)}`,
  };
}
