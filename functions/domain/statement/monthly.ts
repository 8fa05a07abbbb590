/**
 * The monthly statement of a case: assistant hours (the hour settlement) joined with service
 * claims paid against the support plan, when the case carries a `plan` and/or `claims`.
 *
 * Both halves are validated before anything is computed, and their problems are reported
 * together, each with its full path (`timesheets[0].entries[2].hours`, `claims[3].units`).
 */

import { parseServicesPart, type ServicesPart } from '../claims/input.ts';
import { settleClaims } from '../claims/settle-claims.ts';
import type { ServicesStatement } from '../claims/types.ts';
import { InputError, type InputIssue } from '../errors.ts';
import { parseSettlementCase } from '../settlement/input.ts';
import { settleHours } from '../settlement/settle.ts';
import type { HourStatement, SettlementCase } from '../settlement/types.ts';

export interface MonthlyCase {
  hours: SettlementCase;
  services?: ServicesPart;
}

export type MonthlyStatement = HourStatement & { services?: ServicesStatement };

function issuesOf(parse: () => void): readonly InputIssue[] {
  try {
    parse();
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
}

/**
 * Split `plan` and `claims` off a settlement case and parse both halves.
 * Throws one {@link InputError} with the issues of both.
 *
 * @example
 * parseMonthlyCase({ ...hourCase, plan, claims }).services?.claims.length
 */
export function parseMonthlyCase(json: unknown): MonthlyCase {
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
  if (!isObject || !('plan' in json || 'claims' in json)) return { hours: parseSettlementCase(json) };
  const { plan, claims, ...hourCase } = json as Record<string, unknown>;
  let hours: SettlementCase | undefined;
  let services: ServicesPart | undefined;
  const issues = [
    ...issuesOf(() => {
      hours = parseSettlementCase(hourCase);
    }),
    ...issuesOf(() => {
      services = parseServicesPart({
        ...(plan !== undefined && { plan }),
        ...(claims !== undefined && { claims }),
      });
    }),
  ];
  if (issues.length > 0 || !hours || !services) throw new InputError(issues);
  return { hours, services };
}

/**
 * Settle a case's month: the hour statement, with `services` when the case has a plan.
 *
 * @example
 * const statement = settleMonth(parseMonthlyCase(json));
 * statement.amountCents // assistant pay
 * statement.services?.leftToSpendCents // what the plan can still pay after the month
 */
export function settleMonth(monthlyCase: MonthlyCase): MonthlyStatement {
  const statement: MonthlyStatement = settleHours(monthlyCase.hours);
  if (monthlyCase.services) {
    statement.services = settleClaims(
      monthlyCase.services.plan,
      monthlyCase.services.claims,
      monthlyCase.hours.month,
    );
  }
  return statement;
}
