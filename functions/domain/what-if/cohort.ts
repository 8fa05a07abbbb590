/**
 * The cohort a policy what-if replays: every case of a period with its plans (the latest
 * assessment of each cycle, the team's recommendations, the parents' ranking, the providers and
 * the assistant grant's dates) and the hours its assistants actually reported, month by month.
 *
 * Ids only: a case is its municipality and case id, an assistant a pseudonym within the case
 * (`A1`). The age band and the planning region are coarse groups, never a birth date or an
 * address. Times are whole minutes (`minutes`, and `start`/`end` as minutes of the day), as the
 * store keeps them. Validated with zod; every bad field is named with its path
 * (`cases[3].months[0].timesheets[0].entries[2].minutes`) and nothing is computed.
 *
 * @example
 * const cohort = parseCohort(JSON.parse(text));
 * cohort.cases[0]?.plans[0]?.plan.assessment.scores.mobility // 0-4
 */
import { z } from 'zod';
import { type IsoDate, isYearMonth, type YearMonth } from '../calendar.ts';
import { formatPath, InputError, type InputIssue } from '../errors.ts';
import { parsePlanCase } from '../plan/input.ts';
import { periodEnd } from '../plan/plan.ts';
import type { PlanCase } from '../plan/types.ts';
import { isoDateSchema } from '../policy/schema.ts';
import type { Timesheet } from '../settlement/types.ts';

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');
const yearMonthSchema = z.string().refine(isYearMonth, { message: 'must be a month YYYY-MM' });
const minuteOfDaySchema = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

const entrySchema = z
  .strictObject({
    date: isoDateSchema,
    minutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60),
    activity: z.string().min(1).max(64),
    confirmed: z.boolean(),
    start: minuteOfDaySchema.optional(),
    end: minuteOfDaySchema.optional(),
  })
  .refine((entry) => entry.start === undefined || entry.end === undefined || entry.end > entry.start, {
    path: ['end'],
    message: 'must be after start',
  })
  .refine(
    (entry) =>
      entry.start === undefined || entry.end === undefined || entry.minutes <= entry.end - entry.start,
    { path: ['minutes'], message: 'is more than the time from start to end' },
  );

const monthSchema = z.strictObject({
  month: yearMonthSchema,
  timesheets: z
    .array(z.strictObject({ assistantId: idSchema, entries: z.array(entrySchema).max(2000) }))
    .max(50),
});

/** One cycle's plan inputs, as the review cycle drafts the plan (functions/cycle/steps.ts draftPlan). */
const planSchema = z.strictObject({
  periodStart: z.unknown(),
  months: z.unknown(),
  assessment: z.unknown(),
  recommendations: z.unknown(),
  parentRanking: z.unknown().optional(),
  providers: z.unknown().optional(),
  /** The assistant grant's first and last day; the plan's period when not given (a review may cut or carry it on). */
  grantFrom: isoDateSchema.optional(),
  grantTo: isoDateSchema.optional(),
});

const caseSchema = z
  .strictObject({
    caseId: idSchema,
    municipality: idSchema,
    /** The planning region (Rīga, Vidzeme, Kurzeme, Zemgale, Latgale), when known. */
    region: z.string().min(1).max(64).optional(),
    /** The child's age band at the start of the period, e.g. `5-9`, when known. */
    ageBand: z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'must be a band of years such as 5-9')
      .optional(),
    plans: z.array(planSchema).max(24),
    months: z.array(monthSchema).max(120),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.months.forEach((month, index) => {
      if (seen.has(month.month))
        ctx.addIssue({ code: 'custom', path: ['months', index, 'month'], message: 'appears twice' });
      seen.add(month.month);
    });
  });

export const cohortSchema = z
  .strictObject({
    /** What the cohort is, for the reader; never personal data. */
    description: z.string().max(2000).optional(),
    cases: z.array(caseSchema).max(200_000),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.cases.forEach((item, index) => {
      const key = `${item.municipality}#${item.caseId}`;
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['cases', index, 'caseId'],
          message: `${item.caseId} appears twice in ${item.municipality}`,
        });
      seen.add(key);
    });
  });

export type CohortInput = z.input<typeof cohortSchema>;

export interface CohortPlan {
  /** The plan engine's input; `participantId` is the case id. */
  plan: PlanCase;
  grantFrom: IsoDate;
  grantTo: IsoDate;
}

export interface CohortMonth {
  month: YearMonth;
  timesheets: Timesheet[];
}

export interface CohortCase {
  caseId: string;
  municipality: string;
  region: string | undefined;
  ageBand: string | undefined;
  /** In order of period start. */
  plans: CohortPlan[];
  months: CohortMonth[];
}

export interface Cohort {
  description?: string;
  cases: CohortCase[];
}

/**
 * Parse and validate a cohort; throws {@link InputError} naming every bad field, including each
 * plan's own problems (`cases[2].plans[0].recommendations[1].service`).
 */
export function parseCohort(json: unknown): Cohort {
  const parsed = cohortSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    );
  }
  const issues: InputIssue[] = [];
  const cases = parsed.data.cases.map((input, c): CohortCase => {
    const plans: CohortPlan[] = [];
    input.plans.forEach((raw, p) => {
      try {
        const plan = parsePlanCase({
          participantId: input.caseId,
          periodStart: raw.periodStart,
          months: raw.months,
          assessment: raw.assessment,
          recommendations: raw.recommendations,
          parentRanking: raw.parentRanking ?? [],
          providers: raw.providers ?? [],
        });
        const grantFrom = raw.grantFrom ?? plan.periodStart;
        const grantTo = raw.grantTo ?? periodEnd(plan.periodStart, plan.months);
        if (grantFrom > grantTo)
          issues.push({ path: `cases[${c}].plans[${p}].grantTo`, message: 'must not be before grantFrom' });
        plans.push({ plan, grantFrom, grantTo });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        for (const issue of error.issues)
          issues.push({
            path: `cases[${c}].plans[${p}]${issue.path ? `.${issue.path}` : ''}`,
            message: issue.message,
          });
      }
    });
    plans.sort((a, b) =>
      a.plan.periodStart < b.plan.periodStart ? -1 : a.plan.periodStart > b.plan.periodStart ? 1 : 0,
    );
    return {
      caseId: input.caseId,
      municipality: input.municipality,
      region: input.region,
      ageBand: input.ageBand,
      plans,
      months: input.months.map((month) => ({
        month: month.month,
        timesheets: month.timesheets.map((timesheet) => ({
          assistantId: timesheet.assistantId,
          entries: timesheet.entries.map((entry) => ({
            date: entry.date,
            minutes: entry.minutes,
            activity: entry.activity,
            confirmed: entry.confirmed,
            ...(entry.start !== undefined && { start: entry.start }),
            ...(entry.end !== undefined && { end: entry.end }),
          })),
        })),
      })),
    };
  });
  if (issues.length > 0) throw new InputError(issues);
  return { ...(parsed.data.description !== undefined && { description: parsed.data.description }), cases };
}

/** The age band of a child on a date, for grouping: `0-4`, `5-9`, `10-14`, `15-17`, `18-99`. */
export function ageBandOn(birthDate: IsoDate, date: IsoDate): string {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const age = date.slice(5) >= birthDate.slice(5) ? years : years - 1;
  if (age < 5) return '0-4';
  if (age < 10) return '5-9';
  if (age < 15) return '10-14';
  if (age < 18) return '15-17';
  return '18-99';
}
