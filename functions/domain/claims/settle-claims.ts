/**
 * Monthly settlement of service claims against a support plan.
 *
 * Rules (docs/budget-model.md):
 * 1. Claims are taken in date order, then input order, from the start of the period to the end
 *    of the statement month, so the earlier months' claims establish what is already used (the
 *    same input always settles the same way).
 * 2. A claim is rejected when it is outside the plan period, dated after the statement month,
 *    for a service not in the plan, not confirmed by the parent, or a duplicate of an earlier
 *    claim by the same provider for the same date and service.
 * 3. A line's caps: over the period, unitsPerMonth x months units; in one calendar month,
 *    unitsPerMonth x (1 + flexibility) rounded down, when the policy sets a flexibility (by
 *    default it does not: the period total is the only cap). A claim that fits partly is split:
 *    the units that fit are paid, the rest rejected.
 * 4. A paid claim costs units x (unitCents + travelCents): whole cents, no rounding.
 * The statement shows the month's payments and rejections; rejections from earlier months were
 * on their own statements and are counted here, never hidden.
 */
import { leftToSpendCents } from '../budget/figures.ts';
import { monthOf, type YearMonth } from '../calendar.ts';
import { formatEuro } from '../money.ts';
import type {
  ClaimRejectionReason,
  PlanForClaims,
  RejectedClaim,
  ServiceClaim,
  ServiceLineStatement,
  ServicesStatement,
} from './types.ts';

/** Calendar months from `start` to `end`, both counted. */
export function monthsBetween(start: YearMonth, end: YearMonth): number {
  const index = (month: YearMonth) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  return index(end) - index(start) + 1;
}

/** The most units one month may carry: unitsPerMonth x (100 + flexibility) / 100, rounded down. */
export function monthCapUnits(unitsPerMonth: number, flexibilityHundredths: number | null): number {
  if (flexibilityHundredths === null) return Number.POSITIVE_INFINITY;
  return Math.floor((unitsPerMonth * (100 + flexibilityHundredths)) / 100);
}

interface LineState {
  statement: ServiceLineStatement;
  monthCap: number;
  usedByMonth: Map<YearMonth, number>;
}

/** Close each line and add up the individual-budget money; other funding sources are not the budget's. */
function totals(states: Iterable<LineState>) {
  let usedCents = 0;
  let budgetLeftToSpend = 0;
  let monthCents = 0;
  const statements: ServiceLineStatement[] = [];
  for (const { statement } of states) {
    statement.leftToSpendUnits = statement.periodUnits - statement.usedUnits;
    statement.leftToSpendCents = leftToSpendCents(statement.periodCents, statement.usedCents);
    if (statement.funding === 'individual-budget') {
      usedCents += statement.usedCents;
      budgetLeftToSpend += statement.leftToSpendCents;
      monthCents += statement.monthCents;
    }
    statements.push(statement);
  }
  return { statements, usedCents, leftToSpendCents: budgetLeftToSpend, monthCents };
}

/**
 * Settle the claims of one statement month against the plan.
 *
 * @example
 * // a plan line of 4 sessions a month for 6 months at EUR 25, no flexibility
 * const statement = settleClaims(plan, claims, '2024-03');
 * statement.lines[0]?.leftToSpendUnits // 24 - units paid January to March
 * statement.rejected // every claim not paid, with a reason code and a sentence
 */
export function settleClaims(
  plan: PlanForClaims,
  claims: readonly ServiceClaim[],
  month: YearMonth,
): ServicesStatement {
  const months = monthsBetween(monthOf(plan.period.start), monthOf(plan.period.end));
  const lines = new Map<string, LineState>();
  for (const line of plan.lines) {
    const unitPriceCents = line.unitCents + line.travelCents;
    const periodUnits = line.unitsPerMonth * months;
    lines.set(line.service, {
      monthCap: monthCapUnits(line.unitsPerMonth, plan.monthlyFlexibilityHundredths),
      usedByMonth: new Map(),
      statement: {
        service: line.service,
        funding: line.funding,
        unitsPerMonth: line.unitsPerMonth,
        unitPriceCents,
        periodUnits,
        periodCents: periodUnits * unitPriceCents,
        monthUnits: 0,
        monthCents: 0,
        usedUnits: 0,
        usedCents: 0,
        leftToSpendUnits: periodUnits,
        leftToSpendCents: periodUnits * unitPriceCents,
        paid: [],
      },
    });
  }

  const order = claims.map((claim, index) => ({ claim, index }));
  order.sort((a, b) =>
    a.claim.date < b.claim.date ? -1 : a.claim.date > b.claim.date ? 1 : a.index - b.index,
  );

  const rejected: RejectedClaim[] = [];
  let earlierRejections = 0;
  const seen = new Set<string>();
  for (const { claim, index } of order) {
    const claimMonth = monthOf(claim.date);
    const inStatementMonth = claimMonth === month;
    const reject = (reason: ClaimRejectionReason, units: number, detail: string) => {
      // Earlier months' rejections were on their own statements; outside-period and later ones are always shown.
      if (inStatementMonth || reason === 'OUTSIDE_PERIOD' || reason === 'LATER_MONTH') {
        rejected.push({
          claim: `claims[${index}]`,
          date: claim.date,
          service: claim.service,
          providerId: claim.providerId,
          units,
          reason,
          detail,
        });
      } else {
        earlierRejections++;
      }
    };
    if (claim.date < plan.period.start || claim.date > plan.period.end) {
      reject(
        'OUTSIDE_PERIOD',
        claim.units,
        `${claim.date} is outside the plan period ${plan.period.start} to ${plan.period.end}`,
      );
      continue;
    }
    if (claimMonth > month) {
      reject(
        'LATER_MONTH',
        claim.units,
        `${claim.date} belongs to the statement for ${claimMonth}, not ${month}`,
      );
      continue;
    }
    const line = lines.get(claim.service);
    if (!line) {
      reject('NOT_IN_PLAN', claim.units, `${claim.service} is not in the support plan`);
      continue;
    }
    if (!claim.confirmed) {
      reject('UNCONFIRMED', claim.units, 'the parent has not confirmed this claim');
      continue;
    }
    const key = `${claim.providerId}\u0000${claim.date}\u0000${claim.service}`;
    if (seen.has(key)) {
      reject(
        'DUPLICATE',
        claim.units,
        `${claim.providerId} already claimed ${claim.service} on ${claim.date}`,
      );
      continue;
    }
    seen.add(key);

    const statement = line.statement;
    const usedThisMonth = line.usedByMonth.get(claimMonth) ?? 0;
    const periodRoom = statement.periodUnits - statement.usedUnits;
    const monthRoom = line.monthCap - usedThisMonth;
    const units = Math.max(0, Math.min(claim.units, periodRoom, monthRoom));
    if (units > 0) {
      const amountCents = units * statement.unitPriceCents;
      line.usedByMonth.set(claimMonth, usedThisMonth + units);
      statement.usedUnits += units;
      statement.usedCents += amountCents;
      if (inStatementMonth) {
        statement.monthUnits += units;
        statement.monthCents += amountCents;
        statement.paid.push({
          claim: `claims[${index}]`,
          date: claim.date,
          providerId: claim.providerId,
          units,
          amountCents,
        });
      }
    }
    if (units < claim.units) {
      const over = claim.units - units;
      if (periodRoom <= monthRoom) {
        reject(
          'PERIOD_CAP',
          over,
          `the plan's ${statement.periodUnits} units of ${claim.service} for the period are used up`,
        );
      } else {
        reject(
          'MONTH_CAP',
          over,
          `${claimMonth} may carry at most ${line.monthCap} units of ${claim.service} (${statement.unitsPerMonth} a month plus the flexibility)`,
        );
      }
    }
  }

  const { statements, usedCents, leftToSpendCents: leftToSpend, monthCents } = totals(lines.values());
  return {
    month,
    lines: statements,
    rejected,
    usedCents,
    leftToSpendCents: leftToSpend,
    monthCents,
    earlierRejections,
    summary: `${formatEuro(monthCents)} paid from the individual budget for ${month}; ${formatEuro(usedCents)} used so far, ${formatEuro(leftToSpend)} left to spend.`,
  };
}
