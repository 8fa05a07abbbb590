/**
 * The support plan: the merged list of recommended services financed inside the indicative
 * budget, line by line, with a reason for everything that is not funded in full.
 *
 * Allocation, in merged order (docs/budget-model.md):
 * - A line costs unitsPerMonth x (unitCents + travelCents) x months. Travel is a round trip per
 *   unit, round half up(2 x km x cents per km), only when the nearest known provider is farther
 *   than the policy threshold; km are counted to a tenth.
 * - State- and municipality-funded services are listed at their full intensity with their
 *   funding source and take nothing from the individual budget.
 * - A budget-funded service is funded in full when it fits in what is left; otherwise at the
 *   largest whole number of units a month, not below its minimum, that fits; otherwise it is
 *   unfunded with a reason, and the next service is tried.
 */

import { leftToPlanCents } from '../budget/figures.ts';
import { assistantGrants, indicativeBudget } from '../budget/indicative.ts';
import { type BudgetPolicy, budgetRulesFor } from '../budget/policy.ts';
import { addMonths, type IsoDate, monthSpan, toIsoDate } from '../calendar.ts';
import { divideRoundHalfUp, formatEuro } from '../money.ts';
import { BUILT_IN_POLICY, entitlementsOn, policyVersionOn } from '../policy/policy.ts';
import type { EntitlementVersion, Service } from '../policy/schema.ts';
import { grantUntil } from './eligibility.ts';
import { mergeRecommendations } from './merge.ts';
import type {
  MergedRecommendation,
  PlanCase,
  PlanLine,
  PlanWarning,
  Provider,
  SupportPlan,
  UnfundedService,
} from './types.ts';

/** The first entitlement version that starts after a date, if any. */
function entitlementsAfter(date: IsoDate) {
  return BUILT_IN_POLICY.entitlements.find((version) => version.from > date);
}

/** The last day of a period of `months` months starting on the first day of a month. */
export function periodEnd(periodStart: IsoDate, months: number): IsoDate {
  return toIsoDate(monthSpan(addMonths(periodStart.slice(0, 7), months - 1)).last);
}

/** Travel per unit in cents: a round trip, round half up(2 x km x cents per km), beyond the threshold only. */
export function travelCentsPerUnit(distanceTenthsKm: number, travel: BudgetPolicy['travel']): number {
  if (distanceTenthsKm <= travel.thresholdKm * 10) return 0;
  return divideRoundHalfUp(2 * distanceTenthsKm * travel.centsPerKm, 10);
}

/** The nearest known provider of each service (the first listed wins a tie). */
function nearestProviders(providers: readonly Provider[]): Map<string, Provider> {
  const nearest = new Map<string, Provider>();
  for (const provider of providers) {
    const known = nearest.get(provider.service);
    if (!known || provider.distanceTenthsKm < known.distanceTenthsKm) nearest.set(provider.service, provider);
  }
  return nearest;
}

/** A funded line, with the sentence that explains its intensity and cost. */
function planLine(
  merged: MergedRecommendation,
  order: number,
  service: Service,
  units: number,
  provider: Provider | undefined,
  travelCents: number,
  months: number,
): PlanLine {
  const { recommendation } = merged;
  const periodCents = units * (service.unitCents + travelCents) * months;
  const fromBudget = service.funding === 'individual-budget';
  const fundedInFull = units === recommendation.unitsPerMonth;
  const costText = `${units} ${service.unit}(s) a month x ${formatEuro(service.unitCents + travelCents)} x ${months} months = ${formatEuro(periodCents)}`;
  let explanation = `Funded in full: ${costText}.`;
  if (!fromBudget)
    explanation = `Paid by the ${service.funding}, not from the individual budget: ${costText}.`;
  else if (!fundedInFull) {
    explanation = `Partly funded: ${units} of the ${recommendation.unitsPerMonth} recommended fit the budget left (minimum ${recommendation.minUnitsPerMonth}): ${costText}.`;
  }
  return {
    service: service.code,
    order,
    unitsPerMonth: units,
    unitCents: service.unitCents,
    travelCents,
    periodCents,
    funding: service.funding,
    budgetCents: fromBudget ? periodCents : 0,
    name: service.name,
    unit: service.unit,
    requestedUnitsPerMonth: recommendation.unitsPerMonth,
    minUnitsPerMonth: recommendation.minUnitsPerMonth,
    essential: recommendation.essential,
    fundedInFull,
    ...(provider && { providerId: provider.providerId, distanceKm: provider.distanceTenthsKm / 10 }),
    teamPosition: merged.teamPosition,
    parentPosition: merged.parentPosition,
    combinedPosition: merged.combinedHundredths / 100,
    explanation,
  };
}

/** No provider known, or the nearest one beyond the travel threshold. */
function providerWarningFor(
  service: Service,
  provider: Provider | undefined,
  travelCents: number,
  travel: BudgetPolicy['travel'],
): PlanWarning | undefined {
  if (!provider) {
    return {
      code: 'NO_PROVIDER',
      service: service.code,
      message: `No provider of ${service.name.en} is known; the coordinator and the parents need to find one.`,
    };
  }
  if (travelCents === 0) return undefined;
  return {
    code: 'PROVIDER_BEYOND_THRESHOLD',
    service: service.code,
    message: `The nearest provider of ${service.name.en} (${provider.providerId}) is ${provider.distanceTenthsKm / 10} km away, beyond ${travel.thresholdKm} km: travel adds ${formatEuro(travelCents)} a ${service.unit}.`,
  };
}

/**
 * Make the support plan for a case. Throws {@link InputError} only for policy that does not hold
 * together or is not in force; every service of the case ends up in `lines` or in `unfunded`.
 *
 * @example
 * const plan = makeSupportPlan(parsePlanCase(json));
 * plan.totalCents <= plan.budget.cents // always
 * plan.lines.length + plan.unfunded.length === json.recommendations.length // always
 */
export function makeSupportPlan(
  input: PlanCase,
  rules: BudgetPolicy = budgetRulesFor(input.periodStart, input.policy),
  /** The monthly hours the grants follow; a what-if passes proposed hour bands here. */
  entitlements: EntitlementVersion | undefined = entitlementsOn(input.periodStart),
): SupportPlan {
  const { months } = input;
  const budget = indicativeBudget(input.assessment, months, rules.budget);
  const warnings: PlanWarning[] = [];

  const state = assistantGrants(input.assessment, entitlements);
  const until = grantUntil(
    input.periodStart,
    input.participant,
    policyVersionOn(input.periodStart)?.assistant,
  );
  const grants = state.grants.map((grant) => (until ? { ...grant, until } : grant));
  if (state.companionRefused) {
    warnings.push({
      code: 'COMPANION_WITH_ASSISTANT',
      service: 'companion',
      message: `${state.companionRefused}: the assessment asks for a companion beside the assistant, so only the assistant is granted. Record a companion opinion instead if the child has no special-care indication.`,
    });
  }
  const lastDay = periodEnd(input.periodStart, months);
  const next = entitlementsAfter(input.periodStart);
  if (entitlements && next && next.from <= lastDay) {
    warnings.push({
      code: 'ENTITLEMENT_CHANGES_IN_PERIOD',
      message: `The monthly hours change on ${next.from} (${next.source}); the grants follow the rules in force on ${input.periodStart}, the first day of the period.`,
    });
  }
  if (grants.length === 0) {
    warnings.push({
      code: 'NO_MONTHLY_ASSISTANT_GRANT',
      message: `The assistant-service rules in force on ${input.periodStart} grant no monthly hours; the assistant grant is decided outside this plan.`,
    });
  }

  const recommended = new Set(input.recommendations.map((recommendation) => recommendation.service));
  for (const service of input.parentRanking) {
    if (!recommended.has(service)) {
      warnings.push({
        code: 'PARENT_RANKED_UNRECOMMENDED',
        service,
        message: `The parents ranked ${service}, which the team did not recommend; it needs an intensity from the team before it can be planned.`,
      });
    }
  }

  const providers = nearestProviders(input.providers);
  const lines: PlanLine[] = [];
  const unfunded: UnfundedService[] = [];
  let remaining = budget.cents;

  mergeRecommendations(input.recommendations, input.parentRanking, rules.merge).forEach((merged, index) => {
    const { recommendation } = merged;
    const order = index + 1;
    const service = rules.services.get(recommendation.service);
    // The parser checks every service against the same catalogue; this guards direct callers.
    if (!service) throw new RangeError(`service ${recommendation.service} is not in the catalogue`);
    const provider = providers.get(recommendation.service);
    const travelCents = provider ? travelCentsPerUnit(provider.distanceTenthsKm, rules.travel) : 0;
    const perUnitForPeriod = (service.unitCents + travelCents) * months;
    const fromBudget = service.funding === 'individual-budget';

    let units = recommendation.unitsPerMonth;
    if (fromBudget && units * perUnitForPeriod > remaining) {
      units = Math.min(units, Math.floor(remaining / perUnitForPeriod));
    }
    if (units < recommendation.minUnitsPerMonth) {
      const needed = recommendation.minUnitsPerMonth * perUnitForPeriod;
      const travelText = travelCents > 0 ? ` (with ${formatEuro(travelCents)} travel a ${service.unit})` : '';
      const message = `${service.name.en} needs at least ${recommendation.minUnitsPerMonth} ${service.unit}(s) a month, ${formatEuro(needed)} for the period${travelText}; ${formatEuro(remaining)} of the budget is left.`;
      unfunded.push({
        service: service.code,
        reason: 'NOT_ENOUGH_BUDGET',
        order,
        essential: recommendation.essential,
        message,
        // Whether the travel to the nearest provider is what made it too dear (the distance, not the budget).
        ...(travelCents > 0 && {
          travelCents,
          fundableWithoutTravel: recommendation.minUnitsPerMonth * service.unitCents * months <= remaining,
        }),
      });
      if (recommendation.essential) {
        warnings.push({
          code: 'ESSENTIAL_NOT_FUNDABLE',
          service: service.code,
          message: `Essential service ${service.name.en} cannot be funded at its minimum: ${message} The coordinator should review the plan.`,
        });
      }
      return;
    }

    remaining -= fromBudget ? units * perUnitForPeriod : 0;
    const line = planLine(merged, order, service, units, provider, travelCents, months);
    lines.push(line);

    const providerWarning = providerWarningFor(service, provider, travelCents, rules.travel);
    if (providerWarning) warnings.push(providerWarning);
  });

  const totalCents = budget.cents - remaining;
  // remaining / budget > share, in whole hundredths: remaining x 100 > share x budget.
  if (remaining * 100 > rules.unusedShareWarningHundredths * budget.cents) {
    warnings.push({
      code: 'UNUSED_BUDGET',
      message: `The plan leaves ${formatEuro(remaining)} of ${formatEuro(budget.cents)} unused, more than ${rules.unusedShareWarningHundredths} % of the budget.`,
    });
  }

  return {
    participantId: input.participantId,
    period: { start: input.periodStart, end: periodEnd(input.periodStart, months) },
    budget,
    grants,
    lines,
    unfunded,
    totalCents,
    leftToPlanCents: leftToPlanCents(budget.cents, totalCents),
    warnings,
    months,
    policy: {
      id: rules.policyId,
      revision: rules.policyRevision,
      monthlyFlexibility:
        rules.monthlyFlexibilityHundredths === null ? null : rules.monthlyFlexibilityHundredths / 100,
      inlineOverrides: Object.keys(input.policy ?? {}).sort(),
    },
  };
}
