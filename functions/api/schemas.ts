/**
 * The schemas the API's routes share: what a case, a cycle, a statement and an audit event look
 * like in a response (the store's own entity schemas without their storage stamps), pages, and the
 * small request pieces several routes take. Bodies and responses particular to one route live
 * beside it in functions/api/routes/.
 *
 * @example
 * const view = withoutStamps(storedCase); // { municipality, caseId, phase, ... } without entity/schemaVersion
 */
import { z } from 'zod';
import {
  assessmentSchema,
  auditSchema,
  budgetSchema,
  caseSchema,
  changeRequestSchema,
  grantSchema,
  hourStatementSchema,
  personSchema,
  planSchema,
  rankingSchema,
  statementSchema,
} from '../store/entities.ts';
import { idSchema, yearMonthSchema } from '../store/keys.ts';
import { linkAnswerSchema } from '../store/link-uses.ts';

const stamps = { entity: true, schemaVersion: true } as const;

/** A stored item as a response shows it: without `entity` and `schemaVersion`. */
export function withoutStamps<T extends { entity: string; schemaVersion: number }>(
  item: T,
): Omit<T, 'entity' | 'schemaVersion'> {
  const { entity: _entity, schemaVersion: _version, ...rest } = item;
  return rest;
}

export const caseIdParams = z.strictObject({ caseId: idSchema });
export const caseMonthParams = z.strictObject({ caseId: idSchema, month: yearMonthSchema });

export const caseSummarySchema = caseSchema.omit(stamps);
export const personViewSchema = personSchema.omit(stamps);
export const cycleViewSchema = z.object({
  number: z.number().int().nonnegative(),
  assessments: z.array(assessmentSchema.omit(stamps)),
  plans: z.array(planSchema.omit(stamps)),
  grants: z.array(grantSchema.omit(stamps)),
  budget: budgetSchema.omit(stamps).optional(),
  ranking: rankingSchema.omit(stamps).optional(),
  changeRequests: z.array(changeRequestSchema.omit(stamps)),
});
export const parentAnswerSchema = z.object({
  step: z.enum(['ranking', 'consent', 'hours']),
  cycle: z.number().int().nonnegative(),
  usedAt: z.string(),
  answer: linkAnswerSchema,
});
export const caseViewSchema = z.object({
  case: caseSummarySchema,
  /** The case's personal data: participant and contacts (absent once erased). */
  person: personViewSchema.optional(),
  /** The current cycle's assessments, plan revisions, grants, budget, ranking and change requests. */
  cycle: cycleViewSchema,
  /** What the parents answered through their links (ranking, consent given or refused, hours confirmed). */
  parentAnswers: z.array(parentAnswerSchema),
});

export const pageQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$|^1000$/, 'must be a whole number from 1 to 1000')
    .optional(),
  cursor: z.string().min(1).max(2_048).optional(),
});
/** `limit` as a number, `fallback` when absent. */
export const limitOf = (query: { limit?: string | undefined }, fallback: number) =>
  query.limit === undefined ? fallback : Number(query.limit);
/** A page request for the store, without absent fields (exact optional properties). */
export const pageOf = (
  query: { limit?: string | undefined; cursor?: string | undefined },
  fallback: number,
) => ({
  limit: limitOf(query, fallback),
  ...(query.cursor !== undefined && { cursor: query.cursor }),
});

export const casePageSchema = z.object({
  items: z.array(caseSummarySchema),
  /** Present when there may be more: send it back as `cursor` for the next page. */
  cursor: z.string().optional(),
});

export const statementViewSchema = statementSchema.omit(stamps).extend({ statement: hourStatementSchema });
export const statementsViewSchema = z.object({
  month: yearMonthSchema,
  /** The month's statement first, then supplementary ones in order; empty when not settled yet. */
  statements: z.array(statementViewSchema),
});

export const auditPageSchema = z.object({
  events: z.array(auditSchema.omit(stamps)),
  cursor: z.string().optional(),
});

/** What a command that the review cycle takes up answers: accepted, the cycle moves on by itself. */
export const commandAcceptedSchema = z.object({
  caseId: idSchema,
  command: z.string(),
  /** Which plan revision the decision was about, for approvals and change requests. */
  revision: z.number().int().positive().optional(),
});
