/**
 * The individual-budget rules in force for a plan: the built-in version in force at the start of
 * the period, with a caller's inline overrides laid over it section by section and field by field
 * (a service given inline replaces or adds the catalogue entry with the same code).
 *
 * Fractions in policy (merge weights, shares, flexibility) are turned into whole hundredths here,
 * so the plan and the claims compare them with integer arithmetic only.
 *
 * @example
 * const rules = budgetRulesFor('2024-01-01');
 * rules.merge // { teamWeightHundredths: 50, parentWeightHundredths: 50 }
 * rules.services.get('speech-therapy')?.unit // 'session'
 */
import { z } from 'zod';
import type { IsoDate } from '../calendar.ts';
import { formatPath, InputError, type InputIssue } from '../errors.ts';
import { BUILT_IN_POLICY } from '../policy/policy.ts';
import {
  type BudgetRules,
  budgetRulesObject,
  budgetRulesSchema,
  claimRulesSchema,
  FUNDING_SOURCES,
  type IndividualBudgetVersion,
  mergeRulesObject,
  mergeRulesSchema,
  type PolicyBook,
  SERVICE_UNITS,
  type Service,
  serviceCodeSchema,
  serviceSchema,
  travelRulesSchema,
} from '../policy/schema.ts';

/** What a plan caller may override inline; every key and every field is optional. */
export const planPolicyOverridesSchema = z.strictObject({
  budget: budgetRulesObject
    .extend({ weights: budgetRulesObject.shape.weights.partial() })
    .partial()
    .optional(),
  services: z
    .array(
      z.strictObject({
        code: serviceCodeSchema,
        name: serviceSchema.shape.name.optional(),
        unit: z.enum(SERVICE_UNITS),
        unitCents: z.number().int().positive(),
        funding: z.enum(FUNDING_SOURCES),
      }),
    )
    .superRefine((services, ctx) => {
      const seen = new Set<string>();
      services.forEach((service, index) => {
        if (seen.has(service.code))
          ctx.addIssue({ code: 'custom', path: [index, 'code'], message: 'appears twice' });
        seen.add(service.code);
      });
    })
    .optional(),
  travel: travelRulesSchema.partial().optional(),
  merge: mergeRulesObject.partial().optional(),
  claims: claimRulesSchema.partial().optional(),
});
export type PlanPolicyOverrides = z.infer<typeof planPolicyOverridesSchema>;

/** The rules a plan and its claims run under, with fractions in whole hundredths. */
export interface BudgetPolicy {
  policyId: string;
  policyRevision: number;
  budget: BudgetRules;
  /** Share of the budget left unused above which the coordinator is warned, in hundredths (20 is 20 %). */
  unusedShareWarningHundredths: number;
  services: ReadonlyMap<string, Service>;
  travel: { thresholdKm: number; centsPerKm: number };
  merge: { teamWeightHundredths: number; parentWeightHundredths: number };
  /** Hundredths a month may exceed its share by; null: only the period total caps. */
  monthlyFlexibilityHundredths: number | null;
}

/** A fraction with at most two decimals as whole hundredths (0.25 is 25). */
export function toHundredths(fraction: number): number {
  return Math.round(fraction * 100);
}

/** The individual-budget version in force on a date, or undefined before the first one. */
export function individualBudgetVersionOn(
  date: IsoDate,
  book: PolicyBook = BUILT_IN_POLICY,
): IndividualBudgetVersion | undefined {
  let found: IndividualBudgetVersion | undefined;
  for (const version of book.individualBudget ?? []) {
    if (version.from <= date) found = version;
    else break;
  }
  return found;
}

const cache = new Map<string, BudgetPolicy>();

/**
 * The budget rules in force on `date` (the plan's first day), with `overrides` applied.
 * Throws {@link InputError} (paths under `policy.`) when no version is in force or the merged
 * rules do not hold together (e.g. a base above the cap).
 */
export function budgetRulesFor(
  date: IsoDate,
  overrides?: PlanPolicyOverrides,
  book: PolicyBook = BUILT_IN_POLICY,
): BudgetPolicy {
  const useCache = overrides === undefined && book === BUILT_IN_POLICY;
  if (useCache) {
    const cached = cache.get(date.slice(0, 7));
    if (cached) return cached;
  }
  const version = individualBudgetVersionOn(date, book);
  if (!version) {
    const earliest = book.individualBudget?.[0]?.from;
    throw new InputError([
      {
        path: 'periodStart',
        message: earliest
          ? `no individual-budget policy is in force on ${date}; the earliest starts ${earliest}`
          : 'no individual-budget policy is known',
      },
    ]);
  }
  const issues: InputIssue[] = [];
  const check = <T>(section: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      issues.push({ path: formatPath(['policy', section, ...issue.path]), message: issue.message });
    }
    return undefined;
  };
  const budget = check('budget', budgetRulesSchema, {
    ...version.budget,
    ...overrides?.budget,
    weights: { ...version.budget.weights, ...overrides?.budget?.weights },
  });
  const merge = check('merge', mergeRulesSchema, { ...version.merge, ...overrides?.merge });
  const travel = check('travel', travelRulesSchema, { ...version.travel, ...overrides?.travel });
  const claims = check('claims', claimRulesSchema, { ...version.claims, ...overrides?.claims });
  if (issues.length > 0 || !budget || !merge || !travel || !claims) throw new InputError(issues);

  const services = new Map<string, Service>(version.services.map((service) => [service.code, service]));
  for (const service of overrides?.services ?? []) {
    const known = services.get(service.code);
    services.set(service.code, {
      ...service,
      name: service.name ?? known?.name ?? { lv: service.code, en: service.code },
    });
  }
  const rules: BudgetPolicy = {
    policyId: version.id,
    policyRevision: version.revision,
    budget,
    unusedShareWarningHundredths: toHundredths(budget.unusedShareWarning),
    services,
    travel,
    merge: {
      teamWeightHundredths: toHundredths(merge.teamWeight),
      parentWeightHundredths: toHundredths(merge.parentWeight),
    },
    monthlyFlexibilityHundredths:
      claims.monthlyFlexibility === null ? null : toHundredths(claims.monthlyFlexibility),
  };
  if (useCache) cache.set(date.slice(0, 7), rules);
  return rules;
}
