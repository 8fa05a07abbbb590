/**
 * The shape of policy: effective-dated versions of the rules, validated before use.
 * A version starts on the first day of a month and stays in force until the next one starts.
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar.ts';

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' });

const activityCode = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code such as social-inclusion');

const hoursSchema = z.number().positive().max(744);

export const activitySchema = z.strictObject({
  code: activityCode,
  name: z.strictObject({ lv: z.string().min(1), en: z.string().min(1) }),
});

export const rateSchema = z.strictObject({
  from: isoDateSchema,
  centsPerHour: z.number().int().positive(),
});

/** Effective-dated hourly rates; sorted by `from`, one entry per date. */
export const rateTableSchema = z
  .array(rateSchema)
  .min(1)
  .superRefine((rates, ctx) => {
    for (let i = 1; i < rates.length; i++) {
      const previous = rates[i - 1];
      const current = rates[i];
      if (previous && current && previous.from >= current.from) {
        ctx.addIssue({ code: 'custom', path: [i, 'from'], message: 'rates must be in increasing order of from' });
      }
    }
  });

const adultBandSchema = z.strictObject({
  code: z.string().min(1),
  lowerHoursPerMonth: hoursSchema,
  higherHoursPerMonth: hoursSchema,
});

export const assistantRulesSchema = z
  .strictObject({
    /** Whether grants under this version count hours per ISO week or per calendar month. */
    grantBasis: z.enum(['week', 'month']),
    /** Most hours one assistant may be paid for in one ISO week, when the regulation sets it. */
    maxHoursPerWeekPerAssistant: hoursSchema.optional(),
    /** State-funded monthly entitlements, when the regulation grants per month. */
    monthlyEntitlements: z
      .strictObject({
        childAssistant: hoursSchema,
        childAssistantWeeklyRehabilitation: hoursSchema,
        companion: hoursSchema,
        municipalCareService: hoursSchema,
        adultBands: z.array(adultBandSchema),
      })
      .optional(),
    /** Most hours one day may carry, all assistants together (the person sleeps and is at home part of each day). */
    maxHoursPerDay: z.number().positive().max(24),
    activities: z.array(activitySchema).min(1),
    emergencyActivity: activityCode,
  })
  .superRefine((rules, ctx) => {
    if (!rules.activities.some((activity) => activity.code === rules.emergencyActivity)) {
      ctx.addIssue({ code: 'custom', path: ['emergencyActivity'], message: 'must be one of the activities' });
    }
  });

export const policyVersionSchema = z.strictObject({
  id: z.string().min(1),
  /** Increases when a version's data is corrected, so statements can cite exactly what they used. */
  revision: z.number().int().positive(),
  from: isoDateSchema.refine((date) => date.endsWith('-01'), 'a policy version starts on the first day of a month'),
  source: z.string().min(1),
  assistant: assistantRulesSchema,
});

export const policyBookSchema = z
  .strictObject({
    versions: z.array(policyVersionSchema).min(1),
    rates: z.array(rateSchema),
  })
  .superRefine((book, ctx) => {
    for (let i = 1; i < book.versions.length; i++) {
      const previous = book.versions[i - 1];
      const current = book.versions[i];
      if (previous && current && previous.from >= current.from) {
        ctx.addIssue({ code: 'custom', path: ['versions', i, 'from'], message: 'versions must be in increasing order of from' });
      }
    }
    const rates = rateTableSchema.safeParse(book.rates);
    if (book.rates.length > 0 && !rates.success) {
      for (const issue of rates.error.issues) ctx.addIssue({ code: 'custom', path: ['rates', ...issue.path], message: issue.message });
    }
  });

export type Activity = z.infer<typeof activitySchema>;
export type Rate = z.infer<typeof rateSchema>;
export type AssistantRules = z.infer<typeof assistantRulesSchema>;
export type PolicyVersion = z.infer<typeof policyVersionSchema>;
export type PolicyBook = z.infer<typeof policyBookSchema>;
