/**
 * The ministry's monitoring indicators: what each figure is, in which group (one sheet of the
 * export each), in which unit, where it comes from, and whether it counts children (so the
 * suppression rule applies to it). One list, read by the store's aggregates, the CLI, the API and
 * both exports, and written out in docs/ministry.md.
 *
 * Sources:
 * - `counter`: an aggregate the run and the cycle add to in the same transaction as the event
 *   (INDICATOR items, docs/data-model.md): exactly once, because the event is.
 * - `active-index`: the month's active cases (index activeCasesByMonth, ids only).
 * - `case-index`: the municipality's case items (index casesByMunicipality): when each was opened,
 *   and the phase each open case is in when the figures are read.
 * - `derived`: computed from the others when read (a mean, a share).
 */
import { CYCLE_PHASES } from '../cycle-phases.ts';
import { REJECTION_REASONS } from '../settlement/types.ts';

export const INDICATOR_GROUPS = ['cases', 'assessments', 'budgets', 'hours', 'payments', 'emails'] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];

export const GROUP_TITLES: Record<IndicatorGroup, string> = {
  cases: 'Children and cases',
  assessments: 'Assessments, plans, reviews',
  budgets: 'Budgets and services',
  hours: 'Assistant hours',
  payments: 'Payments',
  emails: 'Emails',
};

export type IndicatorUnit =
  | 'children'
  | 'cases'
  | 'services'
  | 'days'
  | 'minutes'
  | 'cents'
  | 'emails'
  | 'statements';
export type IndicatorSource = 'counter' | 'active-index' | 'case-index' | 'derived';

export interface IndicatorDefinition {
  name: string;
  group: IndicatorGroup;
  unit: IndicatorUnit;
  source: IndicatorSource;
  /** A count of children (or of their cases, plans, assessments): suppressed when below the threshold. */
  countsChildren: boolean;
  label: string;
  definition: string;
}

/**
 * Why a coordinator asks for an early review (functions/review-cycle/commands.ts triggerEarlyReview):
 * kept on the case as `reviewReason`, worded in the catalogue (functions/i18n/workspace).
 */
export const EARLY_REVIEW_REASONS = [
  'health-changed',
  'family-asked',
  'plan-too-heavy',
  'provider-unavailable',
  'other',
] as const;
export type EarlyReviewReason = (typeof EARLY_REVIEW_REASONS)[number];

/** The review cycle's phases a case can be in, and closed, for cases by phase. */
export const PHASES_COUNTED = [...CYCLE_PHASES, 'closed'] as const;

const d = (
  name: string,
  group: IndicatorGroup,
  unit: IndicatorUnit,
  source: IndicatorSource,
  countsChildren: boolean,
  label: string,
  definition: string,
): IndicatorDefinition => ({ name, group, unit, source, countsChildren, label, definition });

export const INDICATORS: readonly IndicatorDefinition[] = [
  d(
    'childrenServed',
    'cases',
    'children',
    'active-index',
    true,
    'Children served',
    'Children whose case is active in the month (a plan or an assistant grant in force): the cases the monthly run settles.',
  ),
  d(
    'newCases',
    'cases',
    'children',
    'case-index',
    true,
    'New cases',
    'Cases opened in the month (Riga date of opening).',
  ),
  ...PHASES_COUNTED.map((phase) =>
    d(
      `casesInPhase_${phase}`,
      'cases',
      'cases',
      'case-index',
      true,
      `Cases in phase ${phase}`,
      `Cases whose review cycle is in phase ${phase} when the figures are read (a snapshot, the same for every month asked; closed cases count under closed).`,
    ),
  ),
  d(
    'assessmentsDone',
    'assessments',
    'children',
    'counter',
    true,
    'Assessments done',
    'Assessments the team submitted in the month.',
  ),
  d(
    'assessmentsOnTime',
    'assessments',
    'children',
    'counter',
    true,
    'Assessments on time',
    'Of those, submitted within the policy’s wait (workflow cycle.assessmentReminderDays, 14 days) of being asked for.',
  ),
  d(
    'assessmentsLate',
    'assessments',
    'children',
    'counter',
    true,
    'Assessments late',
    'Of those, submitted after the wait.',
  ),
  d(
    'assessmentLateDays',
    'assessments',
    'days',
    'counter',
    false,
    'Days late (sum)',
    'Days beyond the wait, summed over the late assessments.',
  ),
  d(
    'assessmentMeanLateDays',
    'assessments',
    'days',
    'derived',
    false,
    'Days late (mean)',
    'assessmentLateDays / assessmentsLate, rounded half up to whole days.',
  ),
  d(
    'plansApproved',
    'assessments',
    'children',
    'counter',
    true,
    'Plans approved',
    'Support plans the coordinator approved in the month, with the parents’ consent.',
  ),
  d(
    'approvalDays',
    'assessments',
    'days',
    'counter',
    false,
    'Days from assessment to approval (sum)',
    'Days from the cycle’s latest assessment to the approval, summed over the plans approved.',
  ),
  d(
    'approvalMeanDays',
    'assessments',
    'days',
    'derived',
    false,
    'Days from assessment to approval (mean)',
    'approvalDays / plansApproved, rounded half up.',
  ),
  d(
    'earlyReviews',
    'assessments',
    'children',
    'counter',
    true,
    'Early reviews',
    'Reviews a coordinator started before the period ended.',
  ),
  ...EARLY_REVIEW_REASONS.map((reason) =>
    d(
      `earlyReviews_${reason}`,
      'assessments',
      'children',
      'counter',
      true,
      `Early reviews: ${reason}`,
      `Early reviews whose reason was ${reason}.`,
    ),
  ),
  d(
    'plansActivated',
    'budgets',
    'children',
    'counter',
    true,
    'Plans taking effect',
    'Plans whose period starts in the month and took effect.',
  ),
  d(
    'budgetAllocatedCents',
    'budgets',
    'cents',
    'counter',
    false,
    'Budget allocated',
    'Indicative budgets of the plans taking effect (for their whole period).',
  ),
  d(
    'budgetPlannedCents',
    'budgets',
    'cents',
    'counter',
    false,
    'Budget planned',
    'What those plans take from their budgets.',
  ),
  d(
    'budgetUsedCents',
    'budgets',
    'cents',
    'counter',
    false,
    'Budget used',
    'Individual-budget money paid to providers for the month’s claims (late claims of the month included as they are settled).',
  ),
  d(
    'servicesUnfundedBudget',
    'budgets',
    'services',
    'counter',
    true,
    'Services unfunded: budget',
    'Recommended services the plans taking effect could not fund even at their minimum, travel not being the reason.',
  ),
  d(
    'servicesUnfundedDistance',
    'budgets',
    'services',
    'counter',
    true,
    'Services unfunded: distance',
    'Recommended services unfunded only because of the travel to the nearest provider (they would have fitted without it).',
  ),
  d(
    'servicesWithoutProvider',
    'budgets',
    'services',
    'counter',
    true,
    'Services without a provider',
    'Services the plans fund but for which no provider is known, so they cannot be delivered until one is found.',
  ),
  d(
    'hoursGrantedMinutes',
    'hours',
    'minutes',
    'counter',
    false,
    'Assistant hours granted',
    'Assistant and companion hours granted for the month by the plans in force.',
  ),
  d(
    'hoursSubmittedMinutes',
    'hours',
    'minutes',
    'counter',
    false,
    'Assistant hours submitted',
    'Hours on the assistants’ timesheets for the month, as settled.',
  ),
  d(
    'hoursConfirmedMinutes',
    'hours',
    'minutes',
    'counter',
    false,
    'Assistant hours confirmed by parents',
    'Submitted hours the parents confirmed.',
  ),
  d(
    'hoursPaidMinutes',
    'hours',
    'minutes',
    'counter',
    false,
    'Assistant hours paid',
    'Hours paid for the month (late hours included as they are paid).',
  ),
  ...REJECTION_REASONS.map((reason) =>
    d(
      `hoursRejectedMinutes_${reason}`,
      'hours',
      'minutes',
      'counter',
      false,
      `Hours rejected: ${reason}`,
      `Submitted hours not paid for the reason ${reason} (docs/settlement.md).`,
    ),
  ),
  d(
    'statementsSettled',
    'payments',
    'children',
    'counter',
    true,
    'Months settled',
    'Case-months settled by the monthly run (one statement each).',
  ),
  d(
    'amountPaidCents',
    'payments',
    'cents',
    'counter',
    false,
    'Amount paid to assistants',
    'Assistant pay for the month, late differences included.',
  ),
  d(
    'supplementaryStatements',
    'payments',
    'statements',
    'counter',
    false,
    'Late payments',
    'Supplementary statements: a timesheet or claim that came after the month was settled, paid as a difference.',
  ),
  d(
    'latePaidMinutes',
    'payments',
    'minutes',
    'counter',
    false,
    'Hours paid late',
    'Hours those differences paid (below zero when hours were taken back).',
  ),
  d(
    'latePaidCents',
    'payments',
    'cents',
    'counter',
    false,
    'Amount paid late',
    'What those differences paid.',
  ),
  d('emailsSent', 'emails', 'emails', 'counter', false, 'Emails sent', 'Emails SES accepted in the month.'),
  d(
    'emailsBounced',
    'emails',
    'emails',
    'counter',
    false,
    'Emails bounced',
    'Emails SES reported bounced or complained about in the month.',
  ),
];

export const INDICATOR_BY_NAME: ReadonlyMap<string, IndicatorDefinition> = new Map(
  INDICATORS.map((indicator) => [indicator.name, indicator]),
);

/** The indicators kept as counters in the store's aggregates. */
export const COUNTER_NAMES: ReadonlySet<string> = new Set(
  INDICATORS.filter((indicator) => indicator.source === 'counter').map((indicator) => indicator.name),
);

/** Additions to counters, by indicator name. */
export type Counters = Partial<Record<string, number>>;
