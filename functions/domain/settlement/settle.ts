/**
 * The monthly hour settlement of the assistant service: one participant, one calendar month.
 *
 * Rules (docs/settlement.md has them in full, with examples):
 * 1. Only confirmed entries inside the month and the grant period, under a known activity, count.
 * 2. Duplicates (same assistant, date and start; or without times, same hours and activity) and
 *    entries whose times overlap an earlier one (any assistant) are rejected.
 * 3. Caps are applied in date order, then timesheet order, then entry order: the earliest hours
 *    are paid, the latest are cut, and an entry that fits partly is split. A day carries at most
 *    the policy's daily maximum over all assistants; a week grant caps whole ISO weeks
 *    (including the previous month's days of the first week, `priorEntries`); a month grant caps
 *    the calendar month; a policy may also cap one assistant's week.
 * 4. Emergency compensation fills the emergency days with what the caps leave (see emergency.ts).
 * 5. Each line is paid round half up(minutes x rate / 60) at the rate in force on its date.
 * Every minute not paid is in `rejected` with a reason: nothing is silently dropped.
 */
import { isoWeekMonday, monthSpan, toDayNumber, toIsoDate } from '../calendar.ts';
import { formatMinutes, minutesToHours } from '../duration.ts';
import { payForMinutes } from '../money.ts';
import { dailyRates, type SettlementRules, settlementRulesFor } from '../policy/policy.ts';
import { spreadEmergencyHours } from './emergency.ts';
import type {
  HourStatement,
  RejectedHours,
  RejectionReason,
  SettlementCase,
  StatementLine,
  TimesheetEntry,
} from './types.ts';

/** The caps still open while a month is settled, shared by timesheet hours and emergency hours. */
export class CapLedger {
  private readonly dayLeft: Int32Array;
  private readonly weekLeft = new Map<number, number>();
  private readonly assistantWeekLeft = new Map<string, number>();
  private monthLeft: number;

  constructor(
    private readonly firstDay: number,
    lastDay: number,
    readonly maxMinutesPerDay: number,
    /** Granted minutes per ISO week, or undefined for a month grant. */
    readonly weekCap: number | undefined,
    /** Granted minutes per month, or undefined for a week grant. */
    readonly monthCap: number | undefined,
    readonly assistantWeekCap: number | undefined,
  ) {
    this.dayLeft = new Int32Array(lastDay - firstDay + 1).fill(maxMinutesPerDay);
    this.monthLeft = monthCap ?? Number.POSITIVE_INFINITY;
  }

  /** Count minutes already paid in the previous month's part of the first week. */
  notePrior(day: number, minutes: number, assistantId: string | undefined): void {
    const monday = isoWeekMonday(day);
    if (this.weekCap !== undefined) this.weekLeft.set(monday, this.weekRoom(monday) - minutes);
    if (this.assistantWeekCap !== undefined && assistantId !== undefined) {
      const key = `${assistantId}\u0000${monday}`;
      this.assistantWeekLeft.set(key, this.assistantWeekRoom(key) - minutes);
    }
  }

  private weekRoom(monday: number): number {
    return this.weekLeft.get(monday) ?? (this.weekCap as number);
  }

  private assistantWeekRoom(key: string): number {
    return this.assistantWeekLeft.get(key) ?? (this.assistantWeekCap as number);
  }

  /**
   * How much of `minutes` fits on a day, and which cap binds first when not all of it does
   * (ties go to the narrowest cap: day, then week, then month).
   */
  fit(day: number, assistantId: string, minutes: number): { minutes: number; cap: RejectionReason | undefined; assistantCap: boolean } {
    let fit = minutes;
    let cap: RejectionReason | undefined;
    let assistantCap = false;
    const dayRoom = this.dayLeft[day - this.firstDay] ?? 0;
    if (dayRoom < fit) {
      fit = Math.max(0, dayRoom);
      cap = 'DAY_CAP';
    }
    if (this.weekCap !== undefined) {
      const room = Math.max(0, this.weekRoom(isoWeekMonday(day)));
      if (room < fit) {
        fit = room;
        cap = 'WEEK_CAP';
      }
    }
    if (this.assistantWeekCap !== undefined) {
      const room = Math.max(0, this.assistantWeekRoom(`${assistantId}\u0000${isoWeekMonday(day)}`));
      if (room < fit) {
        fit = room;
        cap = 'WEEK_CAP';
        assistantCap = true;
      }
    }
    if (this.monthLeft < fit) {
      fit = Math.max(0, this.monthLeft);
      cap = 'MONTH_CAP';
    }
    return { minutes: fit, cap, assistantCap };
  }

  /** Minutes the day itself can still carry. */
  dayRoom(day: number): number {
    return Math.max(0, this.dayLeft[day - this.firstDay] ?? 0);
  }

  /** Minutes left in the day's ISO week under a week grant (infinite under a month grant). */
  weekRoomOf(day: number): number {
    return this.weekCap === undefined ? Number.POSITIVE_INFINITY : Math.max(0, this.weekRoom(isoWeekMonday(day)));
  }

  /** Minutes one assistant may still be paid in the day's ISO week (infinite when the policy sets no limit). */
  assistantWeekRoomOf(day: number, assistantId: string): number {
    return this.assistantWeekCap === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, this.assistantWeekRoom(`${assistantId}\u0000${isoWeekMonday(day)}`));
  }

  /** Minutes left in the month under a month grant (infinite under a week grant). */
  monthRoom(): number {
    return Math.max(0, this.monthLeft);
  }

  /** Record paid minutes against every cap. */
  take(day: number, assistantId: string, minutes: number): void {
    const index = day - this.firstDay;
    this.dayLeft[index] = (this.dayLeft[index] ?? 0) - minutes;
    if (this.weekCap !== undefined) {
      const monday = isoWeekMonday(day);
      this.weekLeft.set(monday, this.weekRoom(monday) - minutes);
    }
    if (this.assistantWeekCap !== undefined) {
      const key = `${assistantId}\u0000${isoWeekMonday(day)}`;
      this.assistantWeekLeft.set(key, this.assistantWeekRoom(key) - minutes);
    }
    this.monthLeft -= minutes;
  }
}

interface QueuedEntry {
  day: number;
  timesheet: number;
  index: number;
  assistantId: string;
  entry: TimesheetEntry;
}

interface BookedRange {
  start: number;
  end: number;
  assistantId: string;
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * Settle one participant's month. Pure: the same case and rules give the same statement.
 * Throws {@link InputError} when no rate is known for a payable day.
 *
 * @example
 * const statement = settleHours(parseSettlementCase(json));
 * statement.amountCents // the sum of statement.lines[].amountCents
 */
export function settleHours(
  input: SettlementCase,
  rules: SettlementRules = settlementRulesFor(input.month, input.policy),
): HourStatement {
  const { first, last } = monthSpan(input.month);
  const grant = input.grant;
  const grantFrom = grant.from === undefined ? Number.NEGATIVE_INFINITY : toDayNumber(grant.from);
  const grantTo = grant.to === undefined ? Number.POSITIVE_INFINITY : toDayNumber(grant.to);
  const payableFrom = Math.max(first, grantFrom);
  const payableTo = Math.min(last, grantTo);
  const rates = payableFrom <= payableTo ? dailyRates(rules, input.month, payableFrom) : [];

  const caps = new CapLedger(
    first,
    last,
    rules.maxMinutesPerDay,
    grant.basis === 'week' ? grant.minutes : undefined,
    grant.basis === 'month' ? grant.minutes : undefined,
    rules.maxMinutesPerWeekPerAssistant,
  );
  for (const prior of input.priorEntries) caps.notePrior(toDayNumber(prior.date), prior.minutes, prior.assistantId);

  // Rule 3's order: date, then timesheet, then entry.
  const queue: QueuedEntry[] = [];
  input.timesheets.forEach((timesheet, t) => {
    timesheet.entries.forEach((entry, i) => {
      queue.push({ day: toDayNumber(entry.date), timesheet: t, index: i, assistantId: timesheet.assistantId, entry });
    });
  });
  queue.sort((a, b) => a.day - b.day || a.timesheet - b.timesheet || a.index - b.index);

  const lines: StatementLine[] = [];
  const rejected: RejectedHours[] = [];
  const seen = new Set<string>();
  const booked = new Map<number, BookedRange[]>();

  const reject = (item: QueuedEntry, minutes: number, reason: RejectionReason, detail: string) => {
    rejected.push({
      date: item.entry.date,
      assistantId: item.assistantId,
      activity: item.entry.activity,
      minutes,
      hours: minutesToHours(minutes),
      reason,
      detail,
      entry: `timesheets[${item.timesheet}].entries[${item.index}]`,
    });
  };

  for (const item of queue) {
    const { entry, day, assistantId } = item;
    if (day < first || day > last) {
      reject(item, entry.minutes, 'OUTSIDE_MONTH', `${entry.date} is not in ${input.month}`);
      continue;
    }
    if (day < grantFrom || day > grantTo) {
      reject(item, entry.minutes, 'OUTSIDE_GRANT', `${entry.date} is outside the grant period${grantPeriodText(grant.from, grant.to)}`);
      continue;
    }
    if (!rules.activities.has(entry.activity)) {
      reject(item, entry.minutes, 'UNKNOWN_ACTIVITY', `"${entry.activity}" is not an activity code of the policy in force`);
      continue;
    }
    if (!entry.confirmed) {
      reject(item, entry.minutes, 'UNCONFIRMED', 'the recipient has not confirmed these hours');
      continue;
    }
    const key =
      entry.start === undefined
        ? `${assistantId}\u0000${day}\u0000~${entry.minutes}\u0000${entry.activity}`
        : `${assistantId}\u0000${day}\u0000@${entry.start}`;
    if (seen.has(key)) {
      reject(
        item,
        entry.minutes,
        'DUPLICATE',
        entry.start === undefined
          ? 'the same assistant already reported the same hours and activity on this date'
          : `the same assistant already reported work starting at ${hhmm(entry.start)} on this date`,
      );
      continue;
    }
    seen.add(key);
    const { start, end } = entry;
    if (start !== undefined && end !== undefined) {
      const ranges = booked.get(day);
      const clash = ranges?.find((range) => start < range.end && range.start < end);
      if (clash) {
        reject(
          item,
          entry.minutes,
          'OVERLAP',
          `${hhmm(start)}-${hhmm(end)} overlaps ${hhmm(clash.start)}-${hhmm(clash.end)} already reported by assistant ${clash.assistantId}`,
        );
        continue;
      }
      const range = { start, end, assistantId };
      if (ranges) ranges.push(range);
      else booked.set(day, [range]);
    }

    const fit = caps.fit(day, assistantId, entry.minutes);
    if (fit.minutes > 0) {
      caps.take(day, assistantId, fit.minutes);
      lines.push(timesheetLine(entry, assistantId, fit.minutes, rates[day - first] ?? 0));
    }
    const cut = entry.minutes - fit.minutes;
    if (cut > 0 && fit.cap) reject(item, cut, fit.cap, capDetail(fit.cap, fit.assistantCap, caps, day, input.month));
  }

  let emergency: HourStatement['emergency'];
  if (input.emergency) {
    const spread = spreadEmergencyHours(input, caps, lines, Math.max(first, grantFrom), Math.min(last, grantTo));
    emergency = spread.summary;
    for (const allocation of spread.allocations) {
      const centsPerHour = rates[allocation.day - first] ?? 0;
      lines.push({
        date: toIsoDate(allocation.day),
        assistantId: spread.assistantId,
        activity: rules.emergencyActivity,
        minutes: allocation.minutes,
        hours: minutesToHours(allocation.minutes),
        centsPerHour,
        amountCents: payForMinutes(allocation.minutes, centsPerHour),
        source: 'emergency',
      });
    }
    lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  let paidMinutes = 0;
  let amountCents = 0;
  for (const line of lines) {
    paidMinutes += line.minutes;
    amountCents += line.amountCents;
  }
  const statement: HourStatement = {
    participantId: input.participantId,
    month: input.month,
    policy: { id: rules.policyId, revision: rules.policyRevision },
    paidMinutes,
    paidHours: minutesToHours(paidMinutes),
    amountCents,
    lines,
    rejected,
  };
  if (emergency) statement.emergency = emergency;
  return statement;
}

function timesheetLine(entry: TimesheetEntry, assistantId: string, minutes: number, centsPerHour: number): StatementLine {
  return {
    date: entry.date,
    assistantId,
    activity: entry.activity,
    minutes,
    hours: minutesToHours(minutes),
    centsPerHour,
    amountCents: payForMinutes(minutes, centsPerHour),
    source: 'timesheet',
  };
}

function grantPeriodText(from: string | undefined, to: string | undefined): string {
  if (from && to) return ` ${from} to ${to}`;
  if (from) return ` starting ${from}`;
  return ` ending ${to}`;
}

function capDetail(cap: RejectionReason, assistantCap: boolean, caps: CapLedger, day: number, month: string): string {
  const weekOf = toIsoDate(isoWeekMonday(day));
  switch (cap) {
    case 'DAY_CAP':
      return `the day already carries ${formatMinutes(caps.maxMinutesPerDay)}, the most one day may carry for all assistants together`;
    case 'WEEK_CAP':
      return assistantCap
        ? `the assistant reached ${formatMinutes(caps.assistantWeekCap ?? 0)} in the week of ${weekOf}, the most the policy allows one assistant`
        : `the week of ${weekOf} reached the granted ${formatMinutes(caps.weekCap ?? 0)}`;
    default:
      return `${month} reached the granted ${formatMinutes(caps.monthCap ?? 0)}`;
  }
}
