/** The settlement's own types: whole minutes, ISO dates, ids. Hours exist only at the edges. */
import type { IsoDate, YearMonth } from '../calendar.ts';
import type { SettlementPolicyOverrides } from '../policy/policy.ts';
import type { Regulation } from '../policy/schema.ts';

export interface TimesheetEntry {
  date: IsoDate;
  minutes: number;
  activity: string;
  confirmed: boolean;
  /** Minute of the day the work started, when the timesheet says. */
  start?: number;
  /** Minute of the day the work ended (exclusive), when the timesheet says. */
  end?: number;
}

export interface Timesheet {
  assistantId: string;
  entries: readonly TimesheetEntry[];
}

/** An already paid entry of the ISO week that began in the previous month. */
export interface PriorEntry {
  date: IsoDate;
  minutes: number;
  assistantId?: string;
}

export interface MonthMinutes {
  month: YearMonth;
  minutes: number;
}

export interface Grant {
  basis: 'week' | 'month';
  /** Granted minutes per ISO week or per calendar month, by `basis`. */
  minutes: number;
  from?: IsoDate;
  to?: IsoDate;
  /** The regulation the grant was made under; the one in force for the month when absent. */
  regulation?: Regulation;
}

export interface EmergencyPeriod {
  /** The declared emergency; when absent, the policy's emergency period that falls in the month. */
  from?: IsoDate;
  to?: IsoDate;
  /** Who is paid the compensation; needed when the case has more than one assistant. */
  assistantId?: string;
}

/** A stay in hospital or long-term care: no assistant hours are paid on its days (both inclusive). */
export interface NoPayPeriod {
  kind: 'hospital' | 'long-term-care';
  from: IsoDate;
  to: IsoDate;
}

/**
 * An entry of one of this case's assistants in another case (another child, perhaps another
 * municipality) that comes first: its working time is paid there, so it is not paid here, and it
 * counts towards the assistant's weekly maximum over all recipients.
 */
export interface OtherCaseEntry {
  /** The other case's id (never the child). */
  caseId: string;
  assistantId: string;
  date: IsoDate;
  minutes: number;
  start?: number;
  end?: number;
}

/** One participant, one calendar month. */
export interface SettlementCase {
  participantId: string;
  month: YearMonth;
  grant: Grant;
  timesheets: readonly Timesheet[];
  priorEntries: readonly PriorEntry[];
  history: readonly MonthMinutes[];
  emergency?: EmergencyPeriod;
  noPayPeriods?: readonly NoPayPeriod[];
  otherCases?: readonly OtherCaseEntry[];
  policy?: SettlementPolicyOverrides;
}

/** Why an entry is not paid, as statements, the store and the emails name it. */
export const REJECTION_REASONS = [
  'UNCONFIRMED',
  'OUTSIDE_MONTH',
  'OUTSIDE_GRANT',
  'NO_PAY_PERIOD',
  'UNKNOWN_ACTIVITY',
  'DUPLICATE',
  'OVERLAP',
  'OTHER_CASE',
  'DAY_CAP',
  'WEEK_CAP',
  'MONTH_CAP',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface StatementLine {
  date: IsoDate;
  assistantId: string;
  activity: string;
  minutes: number;
  hours: number;
  centsPerHour: number;
  amountCents: number;
  source: 'timesheet' | 'emergency';
}

export interface RejectedHours {
  date: IsoDate;
  assistantId: string;
  activity: string;
  minutes: number;
  hours: number;
  reason: RejectionReason;
  detail: string;
  /** Where the entry stands in the input, e.g. `timesheets[1].entries[4]`. */
  entry: string;
}

export interface EmergencySummary {
  from: IsoDate;
  to: IsoDate;
  /** Paid minutes of the preceding calendar months / their number (a month without hours counts as zero). */
  averageMinutes: number;
  /** Minutes paid in this month on days before the emergency. */
  usedBeforeMinutes: number;
  /** Minutes paid in this month on days after the emergency. */
  usedAfterMinutes: number;
  /** max(0, average - used before - used after); or, with no use at all, the weekly fallback. */
  entitledMinutes: number;
  /** True when nothing was paid in the preceding months and the regulation's weekly fallback applied. */
  noUseFallback: boolean;
  /** Timesheet minutes paid on the emergency days themselves; they count towards the entitlement. */
  deliveredDuringMinutes: number;
  /** Compensation paid, under the caps. */
  paidMinutes: number;
  /** Entitlement the caps left unpaid. */
  cappedMinutes: number;
}

export interface HourStatement {
  participantId: string;
  month: YearMonth;
  policy: { id: string; revision: number };
  paidMinutes: number;
  paidHours: number;
  amountCents: number;
  lines: StatementLine[];
  rejected: RejectedHours[];
  emergency?: EmergencySummary;
}
