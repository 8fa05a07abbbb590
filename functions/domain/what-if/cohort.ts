/**
 * The cohort a policy what-if replays: every case of a period with its plans (the latest
 * assessment of each cycle, the team's recommendations, the parents' ranking, the providers and
 * the assistant grant's dates), the hours its assistants actually reported, month by month (the
 * months before the period too, when the reader gives them: the replay settles them first, for
 * the week that began in the month before and the paid history, and counts only the period), and
 * its stays in hospital or care (no assistant hours are paid on their days).
 *
 * Ids only: a case is its municipality and case id; an assistant a pseudonym that is the same in
 * every case of the cohort (so one assistant's time across cases can be seen, as the monthly run
 * sees it) and is made again for each read (functions/store/cohort.ts: `A1`, `A2`, ... in the order
 * read), so it leads to no person and links no two exports. Each timesheet may say when it was
 * submitted (an instant, which orders the cases one assistant works in). The age band and the
 * planning region are coarse groups, never a birth date or an address. Times are whole minutes (`minutes`, and `start`/`end` as minutes of the day), as the
 * store keeps them. Validated with zod; every bad field is named with its path
 * (`cases[3].months[0].timesheets[0].entries[2].minutes`) and nothing is computed.
 *
 * @example
 * const cohort = parseCohort(JSON.parse(text));
 * cohort.cases[0]?.plans[0]?.plan.assessment.scores.mobility // 0-4
 */
import { z } from 'zod';
import { type IsoDate, isIsoDate, isYearMonth, type YearMonth } from '../calendar.ts';
import { formatPath, InputError, type InputIssue } from '../errors.ts';
import { parsePlanCase } from '../plan/input.ts';
import { periodEnd } from '../plan/plan.ts';
import type { PlanCase } from '../plan/types.ts';
import { isoDateSchema } from '../policy/schema.ts';
import type { NoPayPeriod, Timesheet, TimesheetEntry } from '../settlement/types.ts';

const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');
const yearMonthSchema = z.string().refine(isYearMonth, { message: 'must be a month YYYY-MM' });
const ENTRY_KEYS = new Set(['date', 'minutes', 'activity', 'confirmed', 'start', 'end']);

const isMinuteOfDay = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 24 * 60;

/**
 * One timesheet entry checked in one pass. A country's cohort has millions of them, and
 * a zod object schema per entry cost more than replaying it, so entries are read by hand (as the
 * settlement's input reader does), every problem reported with its full path.
 */
function readEntry(raw: unknown, path: string, issues: InputIssue[]): TimesheetEntry | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: 'must be an object { date, minutes, activity, confirmed, start?, end? }' });
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const before = issues.length;
  for (const key in entry) {
    if (!ENTRY_KEYS.has(key))
      issues.push({ path: `${path}.${key}`, message: 'is not a field of a timesheet entry' });
  }
  const { date, minutes, activity, confirmed, start, end } = entry;
  if (typeof date !== 'string' || !isIsoDate(date))
    issues.push({ path: `${path}.date`, message: 'must be a calendar date YYYY-MM-DD' });
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes <= 0 || minutes > 24 * 60)
    issues.push({ path: `${path}.minutes`, message: 'must be whole minutes more than 0 and at most 1440' });
  if (typeof activity !== 'string' || activity.length === 0 || activity.length > 64)
    issues.push({ path: `${path}.activity`, message: 'must be an activity code' });
  if (typeof confirmed !== 'boolean')
    issues.push({ path: `${path}.confirmed`, message: 'must be true or false' });
  if (start !== undefined && !isMinuteOfDay(start))
    issues.push({ path: `${path}.start`, message: 'must be a minute of the day, 0-1440' });
  if (end !== undefined && !isMinuteOfDay(end))
    issues.push({ path: `${path}.end`, message: 'must be a minute of the day, 0-1440' });
  if (issues.length > before) return undefined;
  if (typeof start === 'number' && typeof end === 'number') {
    if (end <= start) issues.push({ path: `${path}.end`, message: 'must be after start' });
    else if ((minutes as number) > end - start)
      issues.push({ path: `${path}.minutes`, message: 'is more than the time from start to end' });
  }
  // Checked field by field with no other keys, the entry is the domain's TimesheetEntry as it is:
  // taken without a copy (a country's cohort is millions of them).
  const read = entry as unknown as TimesheetEntry;
  return issues.length > before ? undefined : read;
}

const monthSchema = z.strictObject({
  month: yearMonthSchema,
  timesheets: z
    .array(
      z.strictObject({
        /** The assistant's pseudonym, the same in every case of the cohort. */
        assistantId: idSchema,
        /** When the timesheet was submitted: of two cases of one assistant, the earlier is paid the shared time. */
        submittedAt: z.iso.datetime({ offset: true }).optional(),
        entries: z.array(z.unknown()).max(2000),
      }),
    )
    .max(50),
});

/** A stay in hospital or long-term care, both days included. */
const staySchema = z
  .strictObject({ kind: z.enum(['hospital', 'long-term-care']), from: isoDateSchema, to: isoDateSchema })
  .refine((stay) => stay.from <= stay.to, { path: ['to'], message: 'must not be before from' });

/** One cycle's plan inputs, as the review cycle drafts the plan (functions/review-cycle/tasks/draft-plan.ts). */
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
    /** The case's stays without pay that touch the months given. */
    stays: z.array(staySchema).max(500).optional(),
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

export interface CohortTimesheet extends Timesheet {
  /** The instant it was submitted; when unknown, the case comes before those whose timesheet says. */
  submittedAt?: string;
}

export interface CohortMonth {
  month: YearMonth;
  timesheets: CohortTimesheet[];
}

export interface CohortCase {
  caseId: string;
  municipality: string;
  region: string | undefined;
  ageBand: string | undefined;
  /** In order of period start. */
  plans: CohortPlan[];
  /** In the order given (the store's: by month). */
  months: CohortMonth[];
  stays: NoPayPeriod[];
}

export interface Cohort {
  description?: string;
  cases: CohortCase[];
}

/** The array under `key` of a raw object, or none: the raw input is walked even where zod found problems. */
function arrayAt(value: unknown, key: string): unknown[] {
  const found =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(found) ? found : [];
}

/** One plan through the plan engine's own parser, with the grant's dates; its issues under `path`. */
function readPlan(raw: unknown, caseId: unknown, path: string, issues: InputIssue[]): CohortPlan | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const plan = raw as Record<string, unknown>;
  try {
    const parsed = parsePlanCase({
      participantId: typeof caseId === 'string' ? caseId : 'case',
      periodStart: plan['periodStart'],
      months: plan['months'],
      assessment: plan['assessment'],
      recommendations: plan['recommendations'],
      parentRanking: plan['parentRanking'] ?? [],
      providers: plan['providers'] ?? [],
    });
    const grantFrom = (plan['grantFrom'] as IsoDate | undefined) ?? parsed.periodStart;
    const grantTo = (plan['grantTo'] as IsoDate | undefined) ?? periodEnd(parsed.periodStart, parsed.months);
    if (grantFrom > grantTo)
      issues.push({ path: `${path}.grantTo`, message: 'must not be before grantFrom' });
    return { plan: parsed, grantFrom, grantTo };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const issue of error.issues)
      issues.push({ path: `${path}${issue.path ? `.${issue.path}` : ''}`, message: issue.message });
    return undefined;
  }
}

const byPeriodStart = (a: CohortPlan, b: CohortPlan) =>
  a.plan.periodStart < b.plan.periodStart ? -1 : a.plan.periodStart > b.plan.periodStart ? 1 : 0;

/**
 * Parse and validate a cohort; throws {@link InputError} naming every bad field at once: the
 * cohort's own (zod), each plan's (the plan engine's parser, `cases[2].plans[0].recommendations[1].service`)
 * and each timesheet entry's.
 */
export function parseCohort(json: unknown): Cohort {
  const parsed = cohortSchema.safeParse(json);
  const issues: InputIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  const cases = arrayAt(json, 'cases').map((rawCase, c): CohortCase => {
    const valid = parsed.success ? parsed.data.cases[c] : undefined;
    const caseId = (rawCase as { caseId?: unknown } | null)?.caseId;
    const plans = arrayAt(rawCase, 'plans').flatMap(
      (raw, p) => readPlan(raw, caseId, `cases[${c}].plans[${p}]`, issues) ?? [],
    );
    return {
      caseId: valid?.caseId ?? String(caseId),
      municipality: valid?.municipality ?? '',
      region: valid?.region,
      ageBand: valid?.ageBand,
      plans: plans.sort(byPeriodStart),
      months: arrayAt(rawCase, 'months').map((rawMonth, m) => ({
        month: valid?.months[m]?.month ?? '',
        timesheets: arrayAt(rawMonth, 'timesheets').map((rawSheet, t) => {
          const entries: TimesheetEntry[] = [];
          arrayAt(rawSheet, 'entries').forEach((raw, e) => {
            const entry = readEntry(raw, `cases[${c}].months[${m}].timesheets[${t}].entries[${e}]`, issues);
            if (entry) entries.push(entry);
          });
          const sheet = valid?.months[m]?.timesheets[t];
          return {
            assistantId: sheet?.assistantId ?? '',
            ...(sheet?.submittedAt !== undefined && { submittedAt: sheet.submittedAt }),
            entries,
          };
        }),
      })),
      stays: valid?.stays ?? [],
    };
  });
  if (!parsed.success || issues.length > 0) throw new InputError(issues);
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
