/**
 * The indicative budget: how much a participant's support plan may spend in a period, from the
 * assessment and the policy in force. A pure function with its derivation written out term by
 * term, so a parent can follow the sum.
 *
 * Rule (docs/budget-model.md):
 *   points      = sum over domains of weight x score                (scores 0-4, whole weights)
 *   six months  = min(maxCents, baseCents + points x pointCents)
 *   period      = floor(six months x months / 6 / 100) x 100         (whole euros, rounded down)
 * Every step is integer arithmetic; the only rounding is the last one, down to whole euros.
 */
import { formatEuro as euros } from '../money.ts';
import {
  ASSESSMENT_DOMAINS,
  type AssessmentDomain,
  type AssistantRules,
  type BudgetRules,
} from '../policy/schema.ts';

/** ICF qualifier 0-4 per functioning domain, two flags and an optional note. */
export interface Assessment {
  scores: Record<AssessmentDomain, number>;
  /** Attends doctor-prescribed procedures or rehabilitation at least weekly. */
  weeklyRehabilitation: boolean;
  needsCompanion: boolean;
  note?: string;
}

export type BudgetTerm =
  | { term: 'base'; cents: number; explanation: string }
  | {
      term: 'domain';
      domain: AssessmentDomain;
      score: number;
      weight: number;
      pointCents: number;
      cents: number;
      explanation: string;
    }
  | { term: 'sum'; cents: number; explanation: string }
  | { term: 'cap'; cents: number; applied: boolean; explanation: string }
  | { term: 'period'; months: number; cents: number; explanation: string };

export interface IndicativeBudget {
  cents: number;
  terms: BudgetTerm[];
}

/** Integer division rounding down, for non-negative integers (exact where `Math.floor(a / b)` may not be). */
function floorDivide(numerator: number, denominator: number): number {
  return (numerator - (numerator % denominator)) / denominator;
}

/**
 * The indicative budget for `months` months, with each term of its derivation.
 *
 * @example
 * // base EUR 1 000, EUR 50 a point, weights 3 everywhere, mobility 2 and communication 3 (15 points)
 * indicativeBudget(assessment, 6, rules).cents // 100_000 + 15 x 5_000 = 175_000
 * indicativeBudget(assessment, 3, rules).cents // floor(175_000 x 3 / 600) x 100 = 87_500
 */
export function indicativeBudget(
  assessment: Assessment,
  months: number,
  rules: BudgetRules,
): IndicativeBudget {
  const terms: BudgetTerm[] = [
    {
      term: 'base',
      cents: rules.baseCents,
      explanation: `Every budget starts from ${euros(rules.baseCents)}.`,
    },
  ];
  let sum = rules.baseCents;
  for (const domain of ASSESSMENT_DOMAINS) {
    const score = assessment.scores[domain];
    const weight = rules.weights[domain];
    const cents = weight * score * rules.pointCents;
    sum += cents;
    terms.push({
      term: 'domain',
      domain,
      score,
      weight,
      pointCents: rules.pointCents,
      cents,
      explanation: `${domain}: score ${score} x weight ${weight} x ${euros(rules.pointCents)} a point = ${euros(cents)}.`,
    });
  }
  terms.push({
    term: 'sum',
    cents: sum,
    explanation: `Base and domains together: ${euros(sum)} for six months.`,
  });
  const capped = Math.min(sum, rules.maxCents);
  terms.push({
    term: 'cap',
    cents: rules.maxCents,
    applied: sum > rules.maxCents,
    explanation:
      sum > rules.maxCents
        ? `The six-month budget is capped at ${euros(rules.maxCents)}.`
        : `Below the six-month cap of ${euros(rules.maxCents)}, so the cap does not apply.`,
  });
  const cents = floorDivide(capped * months, 6 * 100) * 100;
  terms.push({
    term: 'period',
    months,
    cents,
    explanation: `${euros(capped)} x ${months} months / 6, rounded down to whole euros: ${euros(cents)}.`,
  });
  return { cents, terms };
}

export interface AssistantGrant {
  service: 'assistant' | 'companion';
  hoursPerMonth: number;
  funding: 'state';
}

/**
 * The state-funded hours that follow from the assessment under the assistant-service rules in
 * force: the child assistant (more with weekly rehabilitation) and, when needed, a companion.
 * They are outside the individual budget. Empty when the rules grant per week (before 2021-07).
 *
 * @example
 * assistantGrants({ ...assessment, weeklyRehabilitation: true, needsCompanion: true }, rules)
 * // [{ service: 'assistant', hoursPerMonth: 100, funding: 'state' }, { service: 'companion', hoursPerMonth: 60, funding: 'state' }]
 */
export function assistantGrants(assessment: Assessment, rules: AssistantRules): AssistantGrant[] {
  const entitlements = rules.monthlyEntitlements;
  if (!entitlements) return [];
  const grants: AssistantGrant[] = [
    {
      service: 'assistant',
      hoursPerMonth: assessment.weeklyRehabilitation
        ? entitlements.childAssistantWeeklyRehabilitation
        : entitlements.childAssistant,
      funding: 'state',
    },
  ];
  if (assessment.needsCompanion)
    grants.push({ service: 'companion', hoursPerMonth: entitlements.companion, funding: 'state' });
  return grants;
}
