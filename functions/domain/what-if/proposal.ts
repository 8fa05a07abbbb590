/**
 * A proposed policy version for a what-if: the parts of the rules a ministry may change, each
 * optional, laid over the built-in version in force on the dates concerned (the same way a
 * plan's or a settlement's inline overrides are): the budget formula (base, point value, weights,
 * six-month cap), service prices, the travel rule, the merge weights, the assistant's hourly
 * rates, the monthly hour bands (child assistant, with weekly rehabilitation, companion) and the
 * daily cap.
 *
 * Resolved into a {@link PolicyVariant}: the rules for a plan starting on a date and for a
 * settlement month, computed once per date and month. The current policy is the variant of an
 * empty proposal: the built-in rules exactly.
 *
 * @example
 * const proposed = resolvePolicy(parseProposedPolicy({ id: 'CUT-10', source: '10 % less', budget: { baseCents: 90_000 } }));
 * proposed.budgetRules('2025-01-01').budget.baseCents // 90_000
 */
import { z } from 'zod';
import {
  type BudgetPolicy,
  budgetRulesFor,
  individualBudgetVersionOn,
  planPolicyOverridesSchema,
} from '../budget/policy.ts';
import type { IsoDate, YearMonth } from '../calendar.ts';
import { formatPath, InputError, type InputIssue } from '../errors.ts';
import { entitlementsOn, type SettlementRules, settlementRulesFor } from '../policy/policy.ts';
import {
  type EntitlementVersion,
  FUNDING_SOURCES,
  rateTableSchema,
  SERVICE_UNITS,
  serviceCodeSchema,
  serviceSchema,
} from '../policy/schema.ts';

const hoursSchema = z.number().positive().max(744);

export const proposedPolicySchema = z.strictObject({
  /** A name for the proposal, e.g. `LV-IB-CUT-10`. */
  id: z.string().min(1).max(64),
  /** What is proposed and on what ground, as the ministry would cite it. */
  source: z.string().min(1).max(2000),
  budget: planPolicyOverridesSchema.shape.budget,
  /** Price changes: a known service needs only `unitCents`; a new one also `unit` and `funding`. */
  services: z
    .array(
      z.strictObject({
        code: serviceCodeSchema,
        unitCents: z.number().int().positive().optional(),
        unit: z.enum(SERVICE_UNITS).optional(),
        funding: z.enum(FUNDING_SOURCES).optional(),
        name: serviceSchema.shape.name.optional(),
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
  travel: planPolicyOverridesSchema.shape.travel,
  merge: planPolicyOverridesSchema.shape.merge,
  /** The assistant's hourly rates, all taxes included: the whole effective-dated table. */
  rates: rateTableSchema.optional(),
  /** Most hours one day may carry, all assistants together. */
  maxHoursPerDay: z.number().positive().max(24).optional(),
  /**
   * Monthly hour bands of the children's assistant service (Regulation No. 316 of 2021 and its
   * amendments), named as the policy book's entitlements name them.
   */
  entitlements: z
    .strictObject({
      childAssistant: hoursSchema.optional(),
      /** With doctor-prescribed procedures or rehabilitation at least weekly. */
      childAssistantWeeklyProcedures: hoursSchema.optional(),
      companion: hoursSchema.optional(),
    })
    .optional(),
});
export type ProposedPolicy = z.infer<typeof proposedPolicySchema>;

/** Parse a proposal; throws {@link InputError} naming every bad field under `policy.`. */
export function parseProposedPolicy(json: unknown): ProposedPolicy {
  const parsed = proposedPolicySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues.map((issue) => ({
      path: formatPath(['policy', ...issue.path]),
      message: issue.message,
    })),
  );
}

/** One policy as the what-if applies it: the rules for a plan starting on a date, and for a month's settlement. */
export interface PolicyVariant {
  id: string;
  source: string;
  budgetRules(periodStart: IsoDate): BudgetPolicy;
  /** The monthly hours the grants follow; undefined where hours were granted per week (No. 942). */
  entitlements(periodStart: IsoDate): EntitlementVersion | undefined;
  settlementRules(month: YearMonth): SettlementRules;
}

function memo<T>(compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** The proposal's services as complete inline catalogue entries, completed from the version in force on `date`. */
function servicesOn(proposal: ProposedPolicy, date: IsoDate) {
  const version = individualBudgetVersionOn(date);
  const issues: InputIssue[] = [];
  const services = (proposal.services ?? []).map((service, index) => {
    const known = version?.services.find((candidate) => candidate.code === service.code);
    const unit = service.unit ?? known?.unit;
    const unitCents = service.unitCents ?? known?.unitCents;
    const funding = service.funding ?? known?.funding;
    for (const [field, value] of [
      ['unit', unit],
      ['unitCents', unitCents],
      ['funding', funding],
    ] as const) {
      if (value === undefined)
        issues.push({
          path: `policy.services[${index}].${field}`,
          message: `is required for a new service (${service.code})`,
        });
    }
    return {
      code: service.code,
      unit: unit ?? 'session',
      unitCents: unitCents ?? 1,
      funding: funding ?? 'individual-budget',
      ...((service.name ?? known?.name) ? { name: service.name ?? known?.name } : {}),
    };
  });
  if (issues.length > 0) throw new InputError(issues);
  return services;
}

/**
 * The rules of a proposal, or of the built-in policy when `proposal` is undefined. Each date's and
 * month's rules are resolved once; a proposal that does not fit the version in force (a base
 * above the cap, hour bands where the rules grant per week) throws {@link InputError} naming
 * `policy.<field>` when first used.
 */
export function resolvePolicy(proposal?: ProposedPolicy): PolicyVariant {
  if (!proposal) {
    return {
      id: 'current',
      source: 'the built-in policy in force on each date',
      budgetRules: memo((date) => budgetRulesFor(date)),
      entitlements: (date) => entitlementsOn(date),
      settlementRules: memo((month) => settlementRulesFor(month)),
    };
  }
  const builtIn = resolvePolicy();
  const { budget, travel, merge, services, entitlements, rates, maxHoursPerDay } = proposal;
  // A part the proposal leaves alone is the built-in rules object itself, so the what-if can
  // tell that a plan or a month settles the same way and compute it once.
  const budgetRules =
    budget || travel || merge || services
      ? memo((date) =>
          budgetRulesFor(date, {
            ...(budget && { budget }),
            ...(travel && { travel }),
            ...(merge && { merge }),
            ...(services && { services: servicesOn(proposal, date) }),
          }),
        )
      : builtIn.budgetRules;
  const entitlementRules = entitlements
    ? memo((date): EntitlementVersion | undefined => {
        const bands = entitlementsOn(date);
        if (!bands) {
          // Before the monthly bands (No. 942), the assistant was granted hours per week.
          throw new InputError([
            {
              path: 'policy.entitlements',
              message: `the assistant rules in force on ${date} grant hours per week, not per month`,
            },
          ]);
        }
        const weeklyProcedures =
          entitlements.childAssistantWeeklyProcedures ?? bands.childAssistantWeeklyProcedures;
        return {
          ...bands,
          childAssistant: entitlements.childAssistant ?? bands.childAssistant,
          ...(weeklyProcedures !== undefined && { childAssistantWeeklyProcedures: weeklyProcedures }),
          companion: entitlements.companion ?? bands.companion,
        };
      })
    : builtIn.entitlements;
  const settlementRules =
    rates || maxHoursPerDay !== undefined
      ? memo((month) =>
          settlementRulesFor(month, {
            ...(rates && { rates }),
            ...(maxHoursPerDay !== undefined && { maxHoursPerDay }),
          }),
        )
      : builtIn.settlementRules;
  return {
    id: proposal.id,
    source: proposal.source,
    budgetRules,
    entitlements: entitlementRules,
    settlementRules,
  };
}
