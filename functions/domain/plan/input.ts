/**
 * The plan input as callers send it, validated with zod. Every problem is reported with its path
 * (`recommendations[2].minUnitsPerMonth`); nothing is planned from a case that has one.
 *
 * Defaults: `minUnitsPerMonth` 1, `essential` false, the assessment's flags false, `providers`
 * empty. Distances are counted to a tenth of a km, halves up.
 */
import { z } from 'zod';
import { COMPANION_RULE } from '../budget/indicative.ts';
import { budgetRulesFor, planPolicyOverridesSchema } from '../budget/policy.ts';
import { formatPath, InputError, type InputIssue } from '../errors.ts';
import { policyVersionOn } from '../policy/policy.ts';
import { isoDateSchema, serviceCodeSchema } from '../policy/schema.ts';
import { eligibilityIssues } from './eligibility.ts';
import type { PlanCase } from './types.ts';

const idSchema = z.string().min(1).max(128);
/** ICF qualifier: 0 no difficulty ... 4 complete difficulty. */
const scoreSchema = z.number().int().min(0).max(4);
/** A month has at most 744 hours (31 days): no service can be given more units than that. */
export const MAX_UNITS_PER_MONTH = 744;
/** Units of a service a month, as the plan engine takes them: a whole number from 1 to 744. */
export const unitsSchema = z.number().int().positive().max(MAX_UNITS_PER_MONTH);

export const assessmentSchema = z.strictObject({
  mobility: scoreSchema,
  selfCare: scoreSchema,
  communication: scoreSchema,
  learning: scoreSchema,
  behaviour: scoreSchema,
  familySupport: scoreSchema,
  weeklyRehabilitation: z.boolean().default(false),
  needsCompanion: z.boolean().default(false),
  /** The state assessment's opinion: special care (the assistant) or companion need (the companion). */
  opinion: z.enum(['special-care', 'companion']).optional(),
  note: z.string().max(4000).optional(),
});

const recommendationSchema = z
  .strictObject({
    service: serviceCodeSchema,
    rank: z.number().int().positive(),
    unitsPerMonth: unitsSchema,
    minUnitsPerMonth: unitsSchema.default(1),
    essential: z.boolean().default(false),
  })
  // Only compare two valid counts: a bad unitsPerMonth is reported on its own, once.
  .refine(
    ({ unitsPerMonth, minUnitsPerMonth }) =>
      !(Number.isInteger(unitsPerMonth) && unitsPerMonth > 0) || minUnitsPerMonth <= unitsPerMonth,
    { path: ['minUnitsPerMonth'], message: 'must not be more than unitsPerMonth' },
  );

/** Issues for values that appear twice in a list, at `path(index)` of the second one. */
function flagRepeats<T>(
  items: readonly T[],
  key: (item: T) => string | number,
  path: (index: number) => PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string | number>();
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value))
      ctx.addIssue({ code: 'custom', path: path(index), message: `${value} appears twice` });
    seen.add(value);
  });
}

export const planCaseSchema = z
  .strictObject({
    participantId: idSchema,
    periodStart: isoDateSchema.refine(
      (date) => date.endsWith('-01'),
      'a plan period starts on the first day of a month',
    ),
    months: z.number().int().min(1).max(12),
    assessment: assessmentSchema,
    recommendations: z.array(recommendationSchema),
    parentRanking: z.array(serviceCodeSchema),
    providers: z
      .array(
        z.strictObject({
          service: serviceCodeSchema,
          providerId: idSchema,
          distanceKm: z.number().nonnegative().max(10_000).default(0),
        }),
      )
      .default([]),
    participant: z
      .strictObject({ birthDate: isoDateSchema.optional(), disabilityUntil: isoDateSchema.optional() })
      .optional(),
    policy: planPolicyOverridesSchema.optional(),
  })
  .superRefine((input, ctx) => {
    const assistant = input.recommendations.findIndex((r) => r.service === 'assistant');
    const companion = input.recommendations.findIndex((r) => r.service === 'companion');
    if (assistant >= 0 && companion >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['recommendations', Math.max(assistant, companion), 'service'],
        message: `the plan asks for both the assistant and the companion: ${COMPANION_RULE}`,
      });
    }
    flagRepeats(
      input.recommendations,
      (r) => r.service,
      (i) => ['recommendations', i, 'service'],
      ctx,
    );
    flagRepeats(
      input.recommendations,
      (r) => r.rank,
      (i) => ['recommendations', i, 'rank'],
      ctx,
    );
    flagRepeats(
      input.parentRanking,
      (service) => service,
      (i) => ['parentRanking', i],
      ctx,
    );
  });

export type PlanCaseInput = z.input<typeof planCaseSchema>;

/**
 * Parse and validate a plan case; throws {@link InputError} naming every bad field, including
 * services the catalogue in force does not know.
 *
 * @example
 * parsePlanCase({ ...json, months: 0 }) // throws InputError [{ path: 'months', message: 'Too small: ...' }]
 */
export function parsePlanCase(json: unknown): PlanCase {
  const parsed = planCaseSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const input = parsed.data;
  const rules = budgetRulesFor(input.periodStart, input.policy);
  const issues: InputIssue[] = [];
  const known = (service: string, path: string) => {
    if (!rules.services.has(service)) {
      issues.push({ path, message: `${service} is not in the service catalogue (policy ${rules.policyId})` });
    }
  };
  for (const [i, r] of input.recommendations.entries()) known(r.service, `recommendations[${i}].service`);
  for (const [i, service] of input.parentRanking.entries()) known(service, `parentRanking[${i}]`);
  for (const [i, p] of input.providers.entries()) known(p.service, `providers[${i}].service`);
  const participant = input.participant && {
    ...(input.participant.birthDate !== undefined && { birthDate: input.participant.birthDate }),
    ...(input.participant.disabilityUntil !== undefined && {
      disabilityUntil: input.participant.disabilityUntil,
    }),
  };
  issues.push(
    ...eligibilityIssues(input.periodStart, participant, policyVersionOn(input.periodStart)?.assistant),
  );
  if (issues.length > 0) throw new InputError(issues);

  const { mobility, selfCare, communication, learning, behaviour, familySupport } = input.assessment;
  const result: PlanCase = {
    participantId: input.participantId,
    periodStart: input.periodStart,
    months: input.months,
    assessment: {
      scores: { mobility, selfCare, communication, learning, behaviour, familySupport },
      weeklyRehabilitation: input.assessment.weeklyRehabilitation,
      needsCompanion: input.assessment.needsCompanion,
      ...(input.assessment.opinion !== undefined && { opinion: input.assessment.opinion }),
      ...(input.assessment.note !== undefined && { note: input.assessment.note }),
    },
    recommendations: input.recommendations,
    parentRanking: input.parentRanking,
    providers: input.providers.map((provider) => ({
      service: provider.service,
      providerId: provider.providerId,
      // The epsilon absorbs binary noise (0.35 x 10 = 3.4999...) without moving a real half.
      distanceTenthsKm: Math.floor(provider.distanceKm * 10 + 0.5 + 1e-9),
    })),
  };
  if (participant) result.participant = participant;
  if (input.policy) result.policy = input.policy;
  return result;
}
