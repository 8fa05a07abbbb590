/**
 * The individual budget's figures, each defined once, so every email, API field, page and doc
 * that shows one means the same thing (docs/budget-model.md, "The figures of a budget"):
 *
 *   budget = planned + left to plan        planned = used so far + left to spend
 *
 * - **budget** (`budgetCents`): the indicative budget for the plan period.
 * - **planned** (`plannedCents`; a plan's `totalCents`): what the plan's lines funded from the
 *   budget take for the period.
 * - **used so far** (`usedCents`): paid from the budget for services since the period began.
 * - **left to plan** (`leftToPlanCents`): budget - planned; money no plan line holds, which only a
 *   plan review can put to use.
 * - **left to spend** (`leftToSpendCents`): planned - used so far; what the plan's lines can still
 *   pay this period.
 *
 * @example
 * budgetStanding({ budgetCents: 275_000, plannedCents: 267_000, usedCents: 80_000 })
 * // { budgetCents: 275000, plannedCents: 267000, usedCents: 80000, leftToPlanCents: 8000, leftToSpendCents: 187000 }
 */

/** Budget - planned: money in the budget that no plan line holds. */
export const leftToPlanCents = (budgetCents: number, plannedCents: number): number =>
  budgetCents - plannedCents;

/** Planned - used so far: what the plan's budget lines can still pay this period. */
export const leftToSpendCents = (plannedCents: number, usedCents: number): number => plannedCents - usedCents;

export interface BudgetStanding {
  budgetCents: number;
  plannedCents: number;
  usedCents: number;
  leftToPlanCents: number;
  leftToSpendCents: number;
}

/** All five figures from the three that are given. */
export function budgetStanding(given: {
  budgetCents: number;
  plannedCents: number;
  usedCents: number;
}): BudgetStanding {
  return {
    ...given,
    leftToPlanCents: leftToPlanCents(given.budgetCents, given.plannedCents),
    leftToSpendCents: leftToSpendCents(given.plannedCents, given.usedCents),
  };
}
