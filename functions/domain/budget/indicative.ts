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
  type BudgetRules,
  type EntitlementVersion,
} from '../policy/schema.ts';

/** ICF qualifier 0-4 per functioning domain, two flags and an optional note. */
export interface Assessment {
  scores: Record<AssessmentDomain, number>;
  /** Attends doctor-prescribed procedures or rehabilitation at least weekly. */
  weeklyRehabilitation: boolean;
  needsCompanion: boolean;
  /**
   * Which state-assessment opinion the child holds: `special-care` gives the assistant, `companion`
   * the companion (a child with significant mobility impairment and no special-care indication).
   * The default is `special-care`.
   */
  opinion?: 'special-care' | 'companion';
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

/** The rule that a child gets either the assistant or the companion, never both. */
export const COMPANION_RULE =
  'Cabinet Regulation No. 316: the companion is for a child who does not receive the assistant service (the companion opinion is given only without a special-care indication)';

export interface AssistantGrants {
  grants: AssistantGrant[];
  /** Set when the assessment asks for a companion beside the assistant: it is not granted. */
  companionRefused?: string;
}

/**
 * The state-funded hours that follow from the assessment under the monthly entitlements in force:
 * the child assistant (100 h with weekly procedures or rehabilitation, from No. 315/2022) for a
 * special-care opinion, or the companion for a companion opinion; never both. They are outside the
 * individual budget. Empty when no monthly entitlements are in force (before 2021-07).
 *
 * @example
 * assistantGrants({ ...assessment, weeklyRehabilitation: true }, entitlementsOn('2024-01-01'))
 * // { grants: [{ service: 'assistant', hoursPerMonth: 100, funding: 'state' }] }
 */
export function assistantGrants(
  assessment: Assessment,
  entitlements: EntitlementVersion | undefined,
): AssistantGrants {
  if (!entitlements) return { grants: [] };
  if (assessment.opinion === 'companion') {
    return { grants: [{ service: 'companion', hoursPerMonth: entitlements.companion, funding: 'state' }] };
  }
  const hoursPerMonth =
    assessment.weeklyRehabilitation && entitlements.childAssistantWeeklyProcedures !== undefined
      ? entitlements.childAssistantWeeklyProcedures
      : entitlements.childAssistant;
  const result: AssistantGrants = { grants: [{ service: 'assistant', hoursPerMonth, funding: 'state' }] };
  if (assessment.needsCompanion) result.companionRefused = COMPANION_RULE;
  return result;
}
