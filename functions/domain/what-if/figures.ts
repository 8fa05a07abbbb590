/** The figures of a case, a group or the country under one policy, and the outcome of one case under both. */

/** One case's (or a group's) figures under one policy, for the what-if period. */
export interface Figures {
  /** Individual budgets allocated (their share inside the period). */
  budgetCents: number;
  /** What the plans take from those budgets. */
  plannedCents: number;
  /** Plan lines the municipality pays (home care, group home). */
  municipalityCents: number;
  /** Assistant and companion hours granted, month by month. */
  grantedMinutes: number;
  /** Assistant hours paid, from the hours actually reported. */
  paidMinutes: number;
  paidCents: number;
  /** What the state pays: the planned individual budgets and the assistants' pay. */
  stateCents: number;
}

export const FIGURE_NAMES = [
  'budgetCents',
  'plannedCents',
  'municipalityCents',
  'grantedMinutes',
  'paidMinutes',
  'paidCents',
  'stateCents',
] as const satisfies readonly (keyof Figures)[];

export const zeroFigures = (): Figures => ({
  budgetCents: 0,
  plannedCents: 0,
  municipalityCents: 0,
  grantedMinutes: 0,
  paidMinutes: 0,
  paidCents: 0,
  stateCents: 0,
});

export function addFigures(into: Figures, from: Figures, sign = 1): Figures {
  for (const name of FIGURE_NAMES) into[name] += sign * from[name];
  return into;
}

/** One case under both policies. */
export interface CaseOutcome {
  caseId: string;
  municipality: string;
  current: Figures;
  proposed: Figures;
  /** Services recommended but unfunded in a plan of the period, by policy. */
  unfunded: { current: string[]; proposed: string[] };
  /** Case-months settled (months of the period with reported hours and an assistant grant). */
  settledMonths: number;
}
