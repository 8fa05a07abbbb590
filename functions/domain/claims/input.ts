/**
 * The `plan` and `claims` parts of a settlement case, validated with zod; paths name the field in
 * the whole case (`claims[3].units`, `plan.lines[0].unitCents`).
 *
 * `plan` is the output of `atbalsts plan` (or any object with its `period` and `lines`); keys the
 * claims do not need are allowed and ignored. The monthly flexibility is `plan.policy.
 * monthlyFlexibility` when given, else the built-in individual-budget policy in force at the
 * start of the period.
 */
import { z } from 'zod';
import { budgetRulesFor, toHundredths } from '../budget/policy.ts';
import { formatPath, InputError } from '../errors.ts';
import { FUNDING_SOURCES, hundredthsSchema, isoDateSchema, serviceCodeSchema } from '../policy/schema.ts';
import type { PlanForClaims, ServiceClaim } from './types.ts';

const flexibilitySchema = hundredthsSchema.nullable();

const planForClaimsSchema = z.looseObject({
  period: z
    .strictObject({ start: isoDateSchema, end: isoDateSchema })
    .refine((period) => period.start <= period.end, { path: ['end'], message: 'must not be before start' }),
  lines: z
    .array(
      z.looseObject({
        service: serviceCodeSchema,
        unitsPerMonth: z.number().int().nonnegative().max(744),
        unitCents: z.number().int().nonnegative(),
        travelCents: z.number().int().nonnegative().default(0),
        funding: z.enum(FUNDING_SOURCES),
      }),
    )
    .superRefine((lines, ctx) => {
      const seen = new Set<string>();
      lines.forEach((line, index) => {
        if (seen.has(line.service))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'service'],
            message: `${line.service} appears twice`,
          });
        seen.add(line.service);
      });
    }),
  policy: z.looseObject({ monthlyFlexibility: flexibilitySchema.optional() }).optional(),
});

const claimSchema = z.strictObject({
  date: isoDateSchema,
  service: serviceCodeSchema,
  units: z.number().int().positive().max(744),
  providerId: z.string().min(1).max(128),
  confirmed: z.boolean(),
});

const servicesPartSchema = z
  .object({ plan: planForClaimsSchema.optional(), claims: z.array(claimSchema).optional() })
  .superRefine((part, ctx) => {
    if (part.claims !== undefined && part.plan === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['plan'],
        message: 'claims are paid against a support plan; give the plan too',
      });
    }
  });

export interface ServicesPart {
  plan: PlanForClaims;
  claims: ServiceClaim[];
}

/**
 * Parse `{ plan, claims }`. Throws {@link InputError} naming every bad field.
 *
 * @example
 * parseServicesPart({ plan, claims: [{ date: '2024-03-04', service: 'physiotherapy', units: 0, providerId: 'x', confirmed: true }] })
 * // throws InputError [{ path: 'claims[0].units', ... }]
 */
export function parseServicesPart(json: { plan?: unknown; claims?: unknown }): ServicesPart {
  const parsed = servicesPartSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const { plan, claims = [] } = parsed.data;
  if (!plan) throw new InputError([{ path: 'plan', message: 'is required' }]);
  let flexibility = plan.policy?.monthlyFlexibility;
  if (flexibility === undefined) {
    try {
      flexibility = budgetRulesFor(plan.period.start).monthlyFlexibilityHundredths;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError([
        {
          path: 'plan.period.start',
          message: `no individual-budget policy is in force on ${plan.period.start}`,
        },
      ]);
    }
  } else if (flexibility !== null) {
    flexibility = toHundredths(flexibility);
  }
  return {
    plan: {
      period: plan.period,
      lines: plan.lines.map((line) => ({
        service: line.service,
        unitsPerMonth: line.unitsPerMonth,
        unitCents: line.unitCents,
        travelCents: line.travelCents,
        funding: line.funding,
      })),
      monthlyFlexibilityHundredths: flexibility,
    },
    claims,
  };
}
