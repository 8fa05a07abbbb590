/**
 * The providers' claims settled against the support plan in force (functions/domain/claims), and
 * the services part of the statements already stored, read back for a difference.
 */
import { z } from 'zod';
import type { YearMonth } from '../../domain/calendar.ts';
import { parseServicesPart } from '../../domain/claims/input.ts';
import { settleClaims } from '../../domain/claims/settle-claims.ts';
import type { ServicesStatement } from '../../domain/claims/types.ts';
import { type StoredClaim, toServiceClaim } from '../../store/claims.ts';
import type { StatementBody, StoredPlan } from '../../store/entities.ts';
import type { CaseRef } from '../../store/keys.ts';
import { CaseDataError } from './case-data-error.ts';

/**
 * Settle the claims of the plan period up to the end of the month against the plan, with the
 * domain's rules (docs/budget-model.md section 4). Claims come in key order (month, provider,
 * claim id), which the domain keeps within a date, so a rerun settles them the same way; the
 * result names claims by claim id instead of `claims[i]`.
 */
export function settleServices(
  plan: StoredPlan,
  claims: readonly StoredClaim[],
  month: YearMonth,
): ServicesStatement {
  const part = parseServicesPart({
    plan: { ...plan.plan, period: { start: plan.plan.period.start, end: plan.plan.period.end } },
    claims: claims.map(toServiceClaim),
  });
  const statement = settleClaims(part.plan, part.claims, month);
  const idOf = (position: string) => {
    const index = /^claims\[(\d+)\]$/.exec(position)?.[1];
    return (index === undefined ? undefined : claims[Number(index)]?.claimId) ?? position;
  };
  return {
    ...statement,
    lines: statement.lines.map((line) => ({
      ...line,
      paid: line.paid.map((paid) => ({ ...paid, claim: idOf(paid.claim) })),
    })),
    rejected: statement.rejected.map((rejected) => ({ ...rejected, claim: idOf(rejected.claim) })),
  };
}

/** The services statement as the stored statement's open `services` part. */
export const asStoredPart = (services: ServicesStatement): Record<string, unknown> => ({ ...services });

/** What the parents' statement reads of a stored services part. */
const storedServicesSchema = z.object({
  monthCents: z.number().int(),
  lines: z.array(
    z.object({
      service: z.string(),
      funding: z.string(),
      monthUnits: z.number().int(),
      monthCents: z.number().int(),
    }),
  ),
});

function readServices(ref: CaseRef, statement: StatementBody, what: string) {
  const parsed = storedServicesSchema.safeParse(statement.services);
  if (!parsed.success) {
    throw new CaseDataError(
      ref,
      `the services part of ${what} is not readable: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
    );
  }
  return parsed.data;
}

/** The individual-budget lines of the month as last stored (the latest services part), for a difference. */
export function servicesBefore(ref: CaseRef, previous: readonly StatementBody[]) {
  const last = previous.findLast((statement) => statement.services !== undefined);
  if (!last) return [];
  return readServices(ref, last, `the statement of ${last.month}`).lines.filter(
    (line) => line.funding === 'individual-budget',
  );
}
