/**
 * The shape of policy: effective-dated versions of the rules, validated before use.
 * A version starts on the first day of a month and stays in force until the next one starts.
 */
import { z } from 'zod';
import { isIsoDate } from '../calendar.ts';

export const isoDateSchema = z.string().refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' });

const activityCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code such as social-inclusion');

const hoursSchema = z.number().positive().max(744);

export const activitySchema = z.strictObject({
  code: activityCode,
  name: z.strictObject({ lv: z.string().min(1), en: z.string().min(1) }),
});

export const rateSchema = z.strictObject({
  from: isoDateSchema,
  centsPerHour: z.number().int().positive(),
});

/** Reports each item of an effective-dated list whose `from` does not come after the one before it. */
function checkIncreasingFrom(
  items: readonly { from: string }[],
  ctx: z.RefinementCtx,
  path: readonly (string | number)[],
  what: string,
): void {
  for (let i = 1; i < items.length; i++) {
    const previous = items[i - 1];
    const current = items[i];
    if (previous && current && previous.from >= current.from) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'from'],
        message: `${what} must be in increasing order of from`,
      });
    }
  }
}

/** Effective-dated hourly rates; sorted by `from`, one entry per date. */
export const rateTableSchema = z
  .array(rateSchema)
  .min(1)
  .superRefine((rates, ctx) => checkIncreasingFrom(rates, ctx, [], 'rates'));

export const REGULATIONS = ['MK942', 'MK316'] as const;
export type Regulation = (typeof REGULATIONS)[number];

/** A rate in the policy book: `null` marks from when the rate is not known (an inline rate is needed). */
export const bookRateSchema = z.strictObject({
  from: isoDateSchema,
  centsPerHour: z.number().int().positive().nullable(),
  regulation: z.enum(REGULATIONS),
  source: z.string().min(1),
});

export const adultBandSchema = z.strictObject({
  code: z.string().min(1),
  /** Who the band is for and what for, in the regulation's terms. */
  description: z.string().min(1),
  lowerHoursPerMonth: hoursSchema,
  higherHoursPerMonth: hoursSchema,
});

/**
 * The monthly hours a decision grants, effective-dated by day (an amendment may enter into force
 * on any day): a grant takes the version in force on the day its period starts.
 */
export const entitlementVersionSchema = z.strictObject({
  id: z.string().min(1),
  revision: z.number().int().positive(),
  from: isoDateSchema,
  source: z.string().min(1),
  childAssistant: hoursSchema,
  /** With doctor-prescribed procedures or rehabilitation at least weekly; absent before the band existed. */
  childAssistantWeeklyProcedures: hoursSchema.optional(),
  companion: hoursSchema,
  municipalCareService: hoursSchema,
  adultBands: z.array(adultBandSchema),
});

/** Who may get the service and for how long (docs/policy.md: ages, longest grant period). */
export const eligibilitySchema = z.strictObject({
  /** A child's assistant and companion: from this birthday ... */
  childFromAge: z.number().int().min(0).max(18),
  /** ... up to (not including) this one. */
  childUntilAge: z.number().int().min(1).max(18),
  /** The longest grant period; shorter when the disability (or its opinion) ends earlier. */
  maxGrantYears: z.number().int().min(1).max(10),
  source: z.string().min(1),
});

/** The emergency rule (No. 942 p. 11.1 and the Ministry's guidance), where a regulation has one. */
export const emergencyRuleSchema = z.strictObject({
  /** The average is over this many preceding calendar months; a month without paid hours counts as zero. */
  precedingMonths: z.number().int().min(1).max(12),
  /** With no paid hours at all in those months, up to this many hours a week for the emergency days. */
  noUseHoursPerWeek: hoursSchema.optional(),
  source: z.string().min(1),
});

/** A declared emergency during which the rule applied, by regulation. */
export const emergencyPeriodSchema = z.strictObject({
  from: isoDateSchema,
  to: isoDateSchema,
  regulation: z.enum(REGULATIONS),
  source: z.string().min(1),
});

export const assistantRulesSchema = z
  .strictObject({
    /** The Cabinet regulation whose rules these are. */
    regulation: z.enum(REGULATIONS),
    /** Whether grants under this version count hours per ISO week or per calendar month. */
    grantBasis: z.enum(['week', 'month']),
    /** Most hours one assistant may be paid for in one ISO week, over all the recipients they serve, when the regulation sets it. */
    maxHoursPerWeekPerAssistant: hoursSchema.optional(),
    /** Most hours one day may carry, all assistants together (the person sleeps and is at home part of each day). */
    maxHoursPerDay: z.number().positive().max(24),
    activities: z.array(activitySchema).min(1),
    emergencyActivity: activityCode,
    emergency: emergencyRuleSchema.optional(),
    /** Agreements made under the previous regulation keep its rules until this date at the latest. */
    transition: z
      .strictObject({ previous: z.enum(REGULATIONS), until: isoDateSchema, source: z.string().min(1) })
      .optional(),
    eligibility: eligibilitySchema.optional(),
  })
  .superRefine((rules, ctx) => {
    if (!rules.activities.some((activity) => activity.code === rules.emergencyActivity)) {
      ctx.addIssue({ code: 'custom', path: ['emergencyActivity'], message: 'must be one of the activities' });
    }
  });

/** What every policy version carries: who it is, from when, and where its rules come from. */
const versionHeader = {
  id: z.string().min(1),
  /** Increases when a version's data is corrected, so statements can cite exactly what they used. */
  revision: z.number().int().positive(),
  from: isoDateSchema.refine(
    (date) => date.endsWith('-01'),
    'a policy version starts on the first day of a month',
  ),
  source: z.string().min(1),
};

export const policyVersionSchema = z.strictObject({ ...versionHeader, assistant: assistantRulesSchema });

/** A fraction written with at most two decimals (0.25), so the domain can count it in whole hundredths. */
export const hundredthsSchema = z
  .number()
  .nonnegative()
  .refine(
    (value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9,
    'must have at most two decimals',
  );

const centsSchema = z.number().int().nonnegative();

/** The functioning domains an assessment scores on the ICF qualifier scale 0-4. */
export const ASSESSMENT_DOMAINS = [
  'mobility',
  'selfCare',
  'communication',
  'learning',
  'behaviour',
  'familySupport',
] as const;
export type AssessmentDomain = (typeof ASSESSMENT_DOMAINS)[number];

/** Whole-number weights, so every term of the budget is whole cents. */
const domainWeightSchema = z.number().int().nonnegative().max(100);

export const budgetRulesObject = z.strictObject({
  baseCents: centsSchema,
  pointCents: centsSchema,
  /** The most a six-month budget can be, before it is scaled to the period. */
  maxCents: centsSchema,
  weights: z.strictObject({
    mobility: domainWeightSchema,
    selfCare: domainWeightSchema,
    communication: domainWeightSchema,
    learning: domainWeightSchema,
    behaviour: domainWeightSchema,
    familySupport: domainWeightSchema,
  }),
  /** Warn the coordinator when a plan leaves more than this share of the budget unused. */
  unusedShareWarning: hundredthsSchema.max(1),
});

export const budgetRulesSchema = budgetRulesObject.refine((budget) => budget.baseCents <= budget.maxCents, {
  path: ['maxCents'],
  message: 'must not be below baseCents',
});

export const SERVICE_UNITS = ['session', 'hour', 'day', 'trip', 'month'] as const;
export const FUNDING_SOURCES = ['individual-budget', 'state', 'municipality'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export const serviceCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code such as speech-therapy');

export const serviceSchema = z.strictObject({
  code: serviceCodeSchema,
  name: z.strictObject({ lv: z.string().min(1), en: z.string().min(1) }),
  unit: z.enum(SERVICE_UNITS),
  unitCents: z.number().int().positive(),
  funding: z.enum(FUNDING_SOURCES),
});

export const serviceCatalogueSchema = z
  .array(serviceSchema)
  .min(1)
  .superRefine((services, ctx) => {
    const seen = new Set<string>();
    services.forEach((service, index) => {
      if (seen.has(service.code))
        ctx.addIssue({ code: 'custom', path: [index, 'code'], message: 'appears twice' });
      seen.add(service.code);
    });
  });

export const travelRulesSchema = z.strictObject({
  /** Travel is paid only when the provider is farther than this. */
  thresholdKm: z.number().nonnegative(),
  centsPerKm: centsSchema,
});

export const mergeRulesObject = z.strictObject({
  teamWeight: hundredthsSchema,
  parentWeight: hundredthsSchema,
});

export const mergeRulesSchema = mergeRulesObject.refine(
  (merge) => merge.teamWeight + merge.parentWeight > 0,
  {
    message: 'teamWeight and parentWeight must not both be 0',
  },
);

export const claimRulesSchema = z.strictObject({
  /** How far one month may exceed its monthly share (0.25 is 25 %); null: the period total is the only cap. */
  monthlyFlexibility: hundredthsSchema.nullable(),
});

/** One effective-dated version of the individual-budget rules: budget formula, catalogue, travel, merge, claims. */
export const individualBudgetVersionSchema = z.strictObject({
  ...versionHeader,
  budget: budgetRulesSchema,
  services: serviceCatalogueSchema,
  travel: travelRulesSchema,
  merge: mergeRulesSchema,
  claims: claimRulesSchema,
});

const daysSchema = z.number().int().min(1).max(366);
const dayOfMonthSchema = z.number().int().min(1).max(28);

/** The review cycle's timing: how long each step waits before a reminder, and when to escalate. */
export const cycleTimingSchema = z
  .strictObject({
    periodMonths: z.number().int().min(1).max(12),
    /** Days the assessment may take before the coordinator is reminded (and again after each reminder). */
    assessmentReminderDays: daysSchema,
    /** Reminders to the coordinator before the supervisor is alerted too. */
    remindersBeforeEscalation: z.number().int().min(0).max(10),
    /** Days the parents have to rank; after that the plan follows the team's order. */
    rankingDays: daysSchema,
    /** Days a drafted plan waits for approval before the coordinator is reminded. */
    approvalReminderDays: daysSchema,
    /**
     * Days the parents have to consent to a drafted plan: the date their email asks for (today +
     * these days, Riga) and the end of that day, when their consent link expires.
     */
    consentDays: daysSchema,
    /** The review falls due this many days before the period ends. */
    reviewDueDaysBeforeEnd: daysSchema,
  })
  .refine((cycle) => cycle.reviewDueDaysBeforeEnd < cycle.periodMonths * 28, {
    path: ['reviewDueDaysBeforeEnd'],
    message: 'must fall inside the period',
  });

/** The monthly settlement's calendar, as days of the month after the one settled (Europe/Riga). */
export const settlementCalendarSchema = z
  .strictObject({
    /** Assistants are reminded to submit the past month's timesheet on this day. */
    timesheetReminderDay: dayOfMonthSchema,
    /** Timesheets are due by this day. */
    timesheetDeadlineDay: dayOfMonthSchema,
    /** The monthly run settles the past month on this day, after the deadline. */
    settlementDay: dayOfMonthSchema,
    /** Local time of day the scheduled runs start, `HH:MM`. */
    runAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'),
  })
  .refine((calendar) => calendar.timesheetReminderDay <= calendar.timesheetDeadlineDay, {
    path: ['timesheetDeadlineDay'],
    message: 'must not be before timesheetReminderDay',
  })
  .refine((calendar) => calendar.timesheetDeadlineDay < calendar.settlementDay, {
    path: ['settlementDay'],
    message: 'must be after timesheetDeadlineDay',
  });

/** How long disposable records are kept. */
export const retentionSchema = z.strictObject({
  spentTaskTokenDays: daysSchema,
  sentNotificationDays: daysSchema,
});

/** One effective-dated version of the workflow rules: the cycle's timing and the settlement calendar. */
export const workflowVersionSchema = z.strictObject({
  ...versionHeader,
  cycle: cycleTimingSchema,
  settlement: settlementCalendarSchema,
  retention: retentionSchema,
  /** The coordinator is reminded this many days before an assistant or companion grant ends (a working rule, not law). */
  grants: z.strictObject({ endingReminderDays: daysSchema }).optional(),
});

/** The ministry's monitoring rules: how exports protect the children behind small counts. */
export const monitoringVersionSchema = z.strictObject({
  ...versionHeader,
  /** A figure about fewer children than this (but more than none) is suppressed in every export. */
  suppressBelowChildren: z.number().int().min(1).max(100),
});

export const policyBookSchema = z
  .strictObject({
    versions: z.array(policyVersionSchema).min(1),
    /** Hourly rates by regulation, each list in increasing order of from. */
    rates: z.array(bookRateSchema),
    /** The monthly hours a decision grants, by day in force (MK 316 and its amendments). */
    entitlements: z.array(entitlementVersionSchema),
    emergencyPeriods: z.array(emergencyPeriodSchema),
    /** Versions of the individual-budget rules, in increasing order of from. */
    individualBudget: z.array(individualBudgetVersionSchema).min(1).optional(),
    /** Versions of the workflow rules (cycle timing, settlement calendar), in increasing order of from. */
    workflow: z.array(workflowVersionSchema).min(1).optional(),
    /** Versions of the monitoring rules (indicator exports), in increasing order of from. */
    monitoring: z.array(monitoringVersionSchema).min(1).optional(),
  })
  .superRefine((book, ctx) => {
    checkIncreasingFrom(book.versions, ctx, ['versions'], 'versions');
    checkIncreasingFrom(book.individualBudget ?? [], ctx, ['individualBudget'], 'versions');
    checkIncreasingFrom(book.workflow ?? [], ctx, ['workflow'], 'versions');
    checkIncreasingFrom(book.monitoring ?? [], ctx, ['monitoring'], 'versions');
    for (const regulation of REGULATIONS) {
      const rates = book.rates.filter((rate) => rate.regulation === regulation);
      for (let i = 1; i < rates.length; i++) {
        if ((rates[i - 1]?.from ?? '') >= (rates[i]?.from ?? '')) {
          ctx.addIssue({
            code: 'custom',
            path: ['rates', book.rates.indexOf(rates[i] as (typeof rates)[number]), 'from'],
            message: `rates of ${regulation} must be in increasing order of from`,
          });
        }
      }
    }
    checkIncreasingFrom(book.entitlements, ctx, ['entitlements'], 'entitlement versions');
  });

export type Activity = z.infer<typeof activitySchema>;
export type Rate = z.infer<typeof rateSchema>;
export type AssistantRules = z.infer<typeof assistantRulesSchema>;
export type EntitlementVersion = z.infer<typeof entitlementVersionSchema>;
export type Eligibility = z.infer<typeof eligibilitySchema>;
export type EmergencyRule = z.infer<typeof emergencyRuleSchema>;
export type EmergencyPeriodRule = z.infer<typeof emergencyPeriodSchema>;
export type BookRate = z.infer<typeof bookRateSchema>;
export type PolicyVersion = z.infer<typeof policyVersionSchema>;
export type PolicyBook = z.infer<typeof policyBookSchema>;
export type BudgetRules = z.infer<typeof budgetRulesSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type TravelRules = z.infer<typeof travelRulesSchema>;
export type MergeRules = z.infer<typeof mergeRulesSchema>;
export type ClaimRules = z.infer<typeof claimRulesSchema>;
export type IndividualBudgetVersion = z.infer<typeof individualBudgetVersionSchema>;
export type WorkflowVersion = z.infer<typeof workflowVersionSchema>;
export type MonitoringVersion = z.infer<typeof monitoringVersionSchema>;
export type CycleTiming = z.infer<typeof cycleTimingSchema>;
export type SettlementCalendar = z.infer<typeof settlementCalendarSchema>;
