/**
 * The task of the state ComputeBudget (`cycle-compute-budget`): the budget engine on the cycle's
 * latest assessment.
 */

import { assistantGrants, indicativeBudget } from '../../domain/budget/indicative.ts';
import { budgetRulesFor } from '../../domain/budget/policy.ts';
import { entitlementsOn, workflowRulesOn } from '../../domain/policy/policy.ts';
import type { StepContext } from '../../step-context.ts';
import {
  CycleDataError,
  enterPhase,
  firstOfNextMonth,
  noteOf,
  openCaseInCycle,
  todayOf,
} from '../case-context.ts';
import { type CycleRef, refOf } from './shared.ts';

// ---- budget and plan --------------------------------------------------------------------------------

/** The budget engine on the cycle's latest assessment: the indicative budget and the assistant grants. */
export async function computeBudget(context: StepContext, event: CycleRef): Promise<{ cents: number }> {
  const ref = refOf(event);
  await openCaseInCycle(context, ref, event.cycle);
  await enterPhase(context, ref, 'compute-budget');
  const { assessments } = await context.store.cycles.contents(ref, event.cycle);
  const assessment = assessments.at(-1);
  if (!assessment) throw new CycleDataError(ref, `no assessment is recorded for cycle ${event.cycle}`);
  const periodStart = firstOfNextMonth(todayOf(context));
  const rules = budgetRulesFor(periodStart);
  const months = workflowRulesOn(periodStart).cycle.periodMonths;
  const domainAssessment = {
    scores: assessment.scores,
    weeklyRehabilitation: assessment.weeklyRehabilitation,
    needsCompanion: assessment.needsCompanion,
  };
  const budget = indicativeBudget(domainAssessment, months, rules.budget);
  const entitlements = entitlementsOn(periodStart);
  await context.store.cycles.recordBudget(
    ref,
    event.cycle,
    {
      assessedOn: assessment.assessedOn,
      cents: budget.cents,
      terms: budget.terms,
      assistantGrants: assistantGrants(domainAssessment, entitlements).grants.map((grant) => ({ ...grant })),
      policy: { id: rules.policyId, revision: rules.policyRevision },
    },
    noteOf(context, 'budget-computed'),
  );
  return { cents: budget.cents };
}
