/** The support plan's own types: whole cents, whole units per month, distances in tenths of a km. */

import type { Assessment, AssistantGrant, IndicativeBudget } from '../budget/indicative.ts';
import type { PlanPolicyOverrides } from '../budget/policy.ts';
import type { IsoDate } from '../calendar.ts';
import type { FundingSource, ServiceUnit } from '../policy/schema.ts';

/** One service the assessment team recommends, at an intensity. */
export interface Recommendation {
  service: string;
  /** The team's priority: 1 matters most. Unique within a plan. */
  rank: number;
  unitsPerMonth: number;
  /** Fewer units than this a month are not worth funding. */
  minUnitsPerMonth: number;
  essential: boolean;
}

export interface Provider {
  service: string;
  providerId: string;
  /** One way, from the family's home, rounded to a tenth of a km; 0 when the service comes home. */
  distanceTenthsKm: number;
}

export interface PlanCase {
  participantId: string;
  /** First day of the period (always the first day of a month). */
  periodStart: IsoDate;
  months: number;
  assessment: Assessment;
  recommendations: readonly Recommendation[];
  /** The parents' order of the services, most wanted first. */
  parentRanking: readonly string[];
  providers: readonly Provider[];
  /** What eligibility and the grant's length are checked against, when given. */
  participant?: Participant;
  policy?: PlanPolicyOverrides;
}

export interface Participant {
  birthDate?: IsoDate;
  /** The last day of the disability (or of the opinion that gives the right to the hours). */
  disabilityUntil?: IsoDate;
}

/** A recommendation with its place in the merged list. */
export interface MergedRecommendation {
  recommendation: Recommendation;
  /** 1-based place in the team's list ordered by rank. */
  teamPosition: number;
  /** 1-based place in the parents' list; list length + 1 when they did not rank it. */
  parentPosition: number;
  /** teamWeight x teamPosition + parentWeight x parentPosition, in hundredths. */
  combinedHundredths: number;
}

export interface PlanLine {
  service: string;
  /** 1-based place in the merged order (counting unfunded services too). */
  order: number;
  unitsPerMonth: number;
  unitCents: number;
  /** Travel per unit: a round trip, 2 x km x cents per km, when the provider is beyond the threshold. */
  travelCents: number;
  /** unitsPerMonth x (unitCents + travelCents) x months. */
  periodCents: number;
  funding: FundingSource;
  /** What the line takes from the individual budget: periodCents, or 0 when another source pays. */
  budgetCents: number;
  name: { lv: string; en: string };
  unit: ServiceUnit;
  requestedUnitsPerMonth: number;
  minUnitsPerMonth: number;
  essential: boolean;
  fundedInFull: boolean;
  providerId?: string;
  distanceKm?: number;
  teamPosition: number;
  parentPosition: number;
  combinedPosition: number;
  explanation: string;
}

export type UnfundedReason = 'NOT_ENOUGH_BUDGET';

export interface UnfundedService {
  service: string;
  reason: UnfundedReason;
  order: number;
  essential: boolean;
  message: string;
  /** Travel per unit to the nearest provider, when it is beyond the threshold. */
  travelCents?: number;
  /** With that travel: whether the minimum would have fitted without it. */
  fundableWithoutTravel?: boolean;
}

export type PlanWarningCode =
  | 'ESSENTIAL_NOT_FUNDABLE'
  | 'NO_PROVIDER'
  | 'PROVIDER_BEYOND_THRESHOLD'
  | 'UNUSED_BUDGET'
  | 'PARENT_RANKED_UNRECOMMENDED'
  | 'NO_MONTHLY_ASSISTANT_GRANT'
  /** The assessment asks for a companion beside the assistant; No. 316 allows one of the two. */
  | 'COMPANION_WITH_ASSISTANT'
  /** A new version of the monthly hours enters into force during the period. */
  | 'ENTITLEMENT_CHANGES_IN_PERIOD'
  /** Added by the review cycle when the parents did not rank in time: the team's order stands. */
  | 'PARENTS_DID_NOT_RANK';

export interface PlanWarning {
  code: PlanWarningCode;
  service?: string;
  message: string;
}

export interface SupportPlan {
  participantId: string;
  period: { start: IsoDate; end: IsoDate };
  budget: IndicativeBudget;
  grants: (AssistantGrant & { until?: IsoDate })[];
  lines: PlanLine[];
  unfunded: UnfundedService[];
  /** What the plan takes from the individual budget: "planned" (functions/domain/budget/figures.ts). */
  totalCents: number;
  /** Budget - planned: money no plan line holds (figures.ts `leftToPlanCents`). */
  leftToPlanCents: number;
  warnings: PlanWarning[];
  months: number;
  /** The version used; `inlineOverrides` names the sections the caller replaced (so the id alone does not tell the figures). */
  policy: { id: string; revision: number; monthlyFlexibility: number | null; inlineOverrides: string[] };
}
