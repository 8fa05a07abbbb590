/**
 * Which rules are in force: the built-in Latvian policy, validated once at start-up, resolved
 * for a date and merged with a caller's inline overrides (missing parts come from the built-in
 * version in force on the dates concerned).
 *
 * @example
 * const rules = settlementRulesFor('2023-03');
 * rules.grantBasis // 'month'
 * centsPerHourOn(rules, toDayNumber('2023-03-31')) // 479
 */
import { z } from 'zod';
import { type IsoDate, monthSpan, toDayNumber, type YearMonth } from '../calendar.ts';
import { hoursToMinutes } from '../duration.ts';
import { InputError } from '../errors.ts';
import { LATVIAN_POLICY } from './latvia.ts';
import {
  type EmergencyPeriodRule,
  type EmergencyRule,
  type EntitlementVersion,
  type MonitoringVersion,
  type PolicyBook,
  type PolicyVersion,
  policyBookSchema,
  type Regulation,
  rateTableSchema,
  type WorkflowVersion,
} from './schema.ts';

/** The built-in policy book, validated when the module loads: a bad edit fails every test at once. */
export const BUILT_IN_POLICY: PolicyBook = policyBookSchema.parse(LATVIAN_POLICY);

const activityCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code such as social-inclusion');

/** What a settlement caller may override inline. */
export const settlementPolicyOverridesSchema = z.strictObject({
  rates: rateTableSchema.optional(),
  maxHoursPerDay: z.number().positive().max(24).optional(),
  activities: z
    .array(activityCodeSchema)
    .min(1)
    .refine((codes) => new Set(codes).size === codes.length, 'activity codes must be unique')
    .optional(),
  emergencyActivity: activityCodeSchema.optional(),
});
export type SettlementPolicyOverrides = z.infer<typeof settlementPolicyOverridesSchema>;

export interface RateStep {
  fromDay: number;
  /** Undefined from a day on which the rate is not known. */
  centsPerHour: number | undefined;
}

/** The assistant-service rules one settlement month runs under, in minutes and day numbers. */
export interface SettlementRules {
  policyId: string;
  policyRevision: number;
  /** The regulation the grant was made under (an agreement under No. 942 keeps it to 31.12.2021). */
  regulation: Regulation;
  /** Last day hours under this regulation may be paid, for an agreement that outlived it (No. 316 p. 47). */
  payableUntil: IsoDate | undefined;
  grantBasis: 'week' | 'month';
  maxMinutesPerWeekPerAssistant: number | undefined;
  maxMinutesPerDay: number;
  activities: ReadonlySet<string>;
  emergencyActivity: string;
  /** The regulation's emergency rule, when it has one. */
  emergency: EmergencyRule | undefined;
  /** The declared emergencies the rule applied in, under this regulation. */
  emergencyPeriods: readonly EmergencyPeriodRule[];
  /** Increasing by `fromDay`. */
  rates: readonly RateStep[];
}

/** The last of `versions` (in order of `from`) in force on `date`, or undefined before the first. */
function inForceOn<V extends { from: IsoDate }>(versions: readonly V[], date: IsoDate): V | undefined {
  let found: V | undefined;
  for (const version of versions) {
    if (version.from <= date) found = version;
    else break;
  }
  return found;
}

/** The latest policy version of a regulation in force on a date (an old regulation's rules stay its last version). */
function versionOfRegulation(regulation: Regulation, date: IsoDate): PolicyVersion | undefined {
  let found: PolicyVersion | undefined;
  for (const version of BUILT_IN_POLICY.versions) {
    if (version.from <= date && version.assistant.regulation === regulation) found = version;
  }
  return found;
}

/** The policy version in force on a date, or undefined before the first one. */
export function policyVersionOn(
  date: IsoDate,
  book: PolicyBook = BUILT_IN_POLICY,
): PolicyVersion | undefined {
  return inForceOn(book.versions, date);
}

const rulesCache = new Map<string, SettlementRules>();

/**
 * The settlement rules for a month. Policy versions change on month boundaries, so one version
 * governs the month; rates are effective-dated by day and looked up per line.
 * Throws {@link InputError} when no policy is in force or an override does not fit.
 */
export function settlementRulesFor(
  month: YearMonth,
  overrides?: SettlementPolicyOverrides,
  regulation?: Regulation,
): SettlementRules {
  const cacheKey = `${month}#${regulation ?? ''}`;
  if (!overrides) {
    const cached = rulesCache.get(cacheKey);
    if (cached) return cached;
  }
  const firstDay = `${month}-01`;
  const inForce = policyVersionOn(firstDay);
  if (!inForce) {
    throw new InputError([
      {
        path: 'month',
        message: `no assistant-service policy is known for ${month}; the earliest starts ${BUILT_IN_POLICY.versions[0]?.from}`,
      },
    ]);
  }
  const version = regulationVersion(inForce, regulation, month);
  const activities = new Set(
    overrides?.activities ?? version.assistant.activities.map((activity) => activity.code),
  );
  const emergencyActivity = overrides?.emergencyActivity ?? version.assistant.emergencyActivity;
  if (!activities.has(emergencyActivity)) {
    throw new InputError([
      {
        path: overrides?.emergencyActivity ? 'policy.emergencyActivity' : 'policy.activities',
        message: `the emergency activity ${emergencyActivity} must be one of the activities`,
      },
    ]);
  }
  const maxWeekHours = version.assistant.maxHoursPerWeekPerAssistant;
  const governing = version.assistant.regulation;
  const rates = overrides?.rates
    ? overrides.rates.map((rate) => ({ fromDay: toDayNumber(rate.from), centsPerHour: rate.centsPerHour }))
    : BUILT_IN_POLICY.rates
        .filter((rate) => rate.regulation === governing)
        .map((rate) => ({ fromDay: toDayNumber(rate.from), centsPerHour: rate.centsPerHour ?? undefined }));
  const rules: SettlementRules = {
    policyId: version.id,
    policyRevision: version.revision,
    regulation: governing,
    payableUntil: version === inForce ? undefined : inForce.assistant.transition?.until,
    grantBasis: version.assistant.grantBasis,
    maxMinutesPerWeekPerAssistant: maxWeekHours === undefined ? undefined : hoursToMinutes(maxWeekHours),
    maxMinutesPerDay: hoursToMinutes(overrides?.maxHoursPerDay ?? version.assistant.maxHoursPerDay),
    activities,
    emergencyActivity,
    emergency: version.assistant.emergency,
    emergencyPeriods: BUILT_IN_POLICY.emergencyPeriods.filter((period) => period.regulation === governing),
    rates,
  };
  if (!overrides) rulesCache.set(cacheKey, rules);
  return rules;
}

/**
 * The version a grant under `regulation` is settled by in `month`: the version in force, or, for
 * an agreement made under the regulation it replaced, that regulation's last version while the
 * transition lasts (No. 316 p. 47). Throws {@link InputError} naming `grant.regulation` otherwise.
 */
function regulationVersion(
  inForce: PolicyVersion,
  regulation: Regulation | undefined,
  month: YearMonth,
): PolicyVersion {
  if (regulation === undefined || regulation === inForce.assistant.regulation) return inForce;
  const transition = inForce.assistant.transition;
  const old = versionOfRegulation(regulation, `${month}-01`);
  if (!transition || transition.previous !== regulation || !old || `${month}-01` > transition.until) {
    throw new InputError([
      {
        path: 'grant.regulation',
        message:
          transition && transition.previous === regulation
            ? `an agreement under ${regulation} runs at the latest to ${transition.until} (${transition.source}); ${month} is after it`
            : `no grant under ${regulation} can be settled in ${month}, when ${inForce.assistant.regulation} is in force`,
      },
    ]);
  }
  return old;
}

/**
 * The monthly hours a decision grants, in force on a day (amendments enter into force on any day),
 * or undefined before No. 316.
 *
 * @example
 * entitlementsOn('2022-05-26')?.childAssistantWeeklyProcedures // undefined: the 100 h band came on 27.05.2022
 */
export function entitlementsOn(
  date: IsoDate,
  book: PolicyBook = BUILT_IN_POLICY,
): EntitlementVersion | undefined {
  return inForceOn(book.entitlements, date);
}

/** The hourly rate in force on a day, or undefined when none is known. */
export function centsPerHourOn(rules: SettlementRules, dayNumber: number): number | undefined {
  let found: number | undefined;
  for (const rate of rules.rates) {
    if (rate.fromDay <= dayNumber) found = rate.centsPerHour;
    else break;
  }
  return found;
}

/**
 * The rate for each day of a month (index 0 is the first day). Throws when a payable day has
 * no known rate: an unknown rate is an error the caller fixes with an inline rate, never a guess.
 */
export function dailyRates(rules: SettlementRules, month: YearMonth, firstPayableDay: number): number[] {
  const { first, last } = monthSpan(month);
  const rates: number[] = [];
  for (let day = first; day <= last; day++) {
    const rate = centsPerHourOn(rules, day);
    if (rate === undefined) {
      if (day >= firstPayableDay) {
        throw new InputError([
          {
            path: 'policy.rates',
            message: `no hourly rate is known for ${month}; pass the rate in force as policy.rates [{ from, centsPerHour }]`,
          },
        ]);
      }
      rates.push(0);
    } else {
      rates.push(rate);
    }
  }
  return rates;
}

/**
 * The workflow rules (cycle timing, settlement calendar, retention) in force on a date.
 * Throws {@link InputError} naming `date` when none is.
 *
 * @example
 * workflowRulesOn('2024-03-01').cycle.assessmentReminderDays // 14
 */
export function workflowRulesOn(date: IsoDate, book: PolicyBook = BUILT_IN_POLICY): WorkflowVersion {
  const found = inForceOn(book.workflow ?? [], date);
  if (!found) {
    throw new InputError([{ path: 'date', message: `no workflow policy is in force on ${date}` }]);
  }
  return found;
}

/**
 * The monitoring rules (how indicator exports suppress small counts) in force on a date.
 * Throws {@link InputError} naming `month` when none is.
 *
 * @example
 * monitoringRulesOn('2026-11-01').suppressBelowChildren // 5
 */
export function monitoringRulesOn(date: IsoDate, book: PolicyBook = BUILT_IN_POLICY): MonitoringVersion {
  const found = inForceOn(book.monitoring ?? [], date);
  if (!found)
    throw new InputError([{ path: 'month', message: `no monitoring policy is in force on ${date}` }]);
  return found;
}
