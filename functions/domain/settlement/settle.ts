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
import { formatClockTime, isoWeekMonday, monthSpan, toDayNumber, toIsoDate } from '../calendar.ts';
import { formatMinutes, minutesToHours } from '../duration.ts';
import { InputError } from '../errors.ts';
import { payForMinutes } from '../money.ts';
import { dailyRates, type SettlementRules, settlementRulesFor } from '../policy/policy.ts';
import { CapLedger } from './caps.ts';
import { spreadEmergencyHours } from './emergency.ts';
import type {
  HourStatement,
  OtherCaseEntry,
  RejectedHours,
  RejectionReason,
  SettlementCase,
  StatementLine,
  TimesheetEntry,
} from './types.ts';

interface QueuedEntry {
  day: number;
  timesheet: number;
  index: number;
  assistantId: string;
  /** Small integer per distinct assistant id, for numeric duplicate keys. */
  assistant: number;
  entry: TimesheetEntry;
}

/** Entries per timesheet and timesheets per case stay below these (the input schema caps them lower). */
const ENTRY_SLOTS = 4096;
const TIMESHEET_SLOTS = 64;

interface BookedRange {
  start: number;
  end: number;
  assistantId: string;
}

/** Why an entry cannot be paid at all, before any cap is applied. */
interface Screening {
  reason: RejectionReason;
  detail: string;
}

/**
 * Rules 1 and 2 for one entry, in the order rule 3 sets: month, grant, activity, confirmation,
 * duplicates, overlaps. Remembers what it admitted, so later duplicates and overlaps are found.
 */
class EntryScreen {
  private readonly seen = new Set<number>();
  private readonly booked: (BookedRange[] | undefined)[] = [];
  private readonly activitySlots: number;

  constructor(
    private readonly month: string,
    private readonly first: number,
    private readonly last: number,
    private readonly grant: SettlementCase['grant'],
    private readonly grantFrom: number,
    private readonly grantTo: number,
    private readonly rules: SettlementRules,
    private readonly noPay: readonly { from: number; to: number; kind: string; text: string }[],
    private readonly elsewhere: ReadonlyMap<string, readonly OtherCaseEntry[]>,
  ) {
    this.activitySlots = rules.activities.size + 1;
  }

  screen(item: QueuedEntry): Screening | undefined {
    const { entry, day } = item;
    if (day < this.first || day > this.last)
      return { reason: 'OUTSIDE_MONTH', detail: `${entry.date} is not in ${this.month}` };
    if (day < this.grantFrom || day > this.grantTo) {
      const until = this.rules.payableUntil;
      return {
        reason: 'OUTSIDE_GRANT',
        detail:
          until !== undefined && entry.date > until
            ? `${entry.date} is after ${until}, the last day an agreement under ${this.rules.regulation} may run (Cabinet Regulation No. 316 p. 47)`
            : `${entry.date} is outside the grant period${grantPeriodText(this.grant.from, this.grant.to)}`,
      };
    }
    const stay = this.noPay.find((period) => day >= period.from && day <= period.to);
    if (stay) {
      return {
        reason: 'NO_PAY_PERIOD',
        detail: `${entry.date} is inside a ${stay.kind} stay (${stay.text}): no assistant service is paid there (Disability Law art. 12; No. 942 p. 18)`,
      };
    }
    if (!this.rules.activities.has(entry.activity)) {
      return {
        reason: 'UNKNOWN_ACTIVITY',
        detail: `"${entry.activity}" is not an activity code of the policy in force`,
      };
    }
    if (!entry.confirmed)
      return { reason: 'UNCONFIRMED', detail: 'the recipient has not confirmed these hours' };
    return this.duplicate(item) ?? this.overlap(item) ?? this.otherCase(item);
  }

  /** The same assistant's working time already paid in another case that comes first. */
  private otherCase(item: QueuedEntry): Screening | undefined {
    const { start, end, date } = item.entry;
    if (start === undefined || end === undefined) return undefined;
    const clash = this.elsewhere
      .get(`${item.assistantId}\u0000${date}`)
      ?.find(
        (other) =>
          other.start !== undefined && other.end !== undefined && start < other.end && other.start < end,
      );
    if (!clash) return undefined;
    return {
      reason: 'OTHER_CASE',
      detail: `${formatClockTime(start)}-${formatClockTime(end)} overlaps ${formatClockTime(clash.start ?? 0)}-${formatClockTime(clash.end ?? 0)} the same assistant reported in case ${clash.caseId}, which is paid first`,
    };
  }

  private duplicate(item: QueuedEntry): Screening | undefined {
    const { entry } = item;
    // A numeric key: assistant, day of the month, then the start, or the minutes and the activity.
    const base = (item.assistant * 31 + (item.day - this.first)) * 2;
    const key =
      entry.start === undefined
        ? ((base + 1) * 1441 + entry.minutes) * this.activitySlots +
          activityNumber(this.rules, entry.activity)
        : (base * 1441 + entry.start) * this.activitySlots;
    if (!this.seen.has(key)) {
      this.seen.add(key);
      return undefined;
    }
    return {
      reason: 'DUPLICATE',
      detail:
        entry.start === undefined
          ? 'the same assistant already reported the same hours and activity on this date'
          : `the same assistant already reported work starting at ${formatClockTime(entry.start)} on this date`,
    };
  }

  private overlap(item: QueuedEntry): Screening | undefined {
    const { start, end } = item.entry;
    if (start === undefined || end === undefined) return undefined;
    const index = item.day - this.first;
    const ranges = this.booked[index];
    const clash = ranges?.find((range) => start < range.end && range.start < end);
    if (clash) {
      return {
        reason: 'OVERLAP',
        detail: `${formatClockTime(start)}-${formatClockTime(end)} overlaps ${formatClockTime(clash.start)}-${formatClockTime(clash.end)} already reported by assistant ${clash.assistantId}`,
      };
    }
    const range = { start, end, assistantId: item.assistantId };
    if (ranges) ranges.push(range);
    else this.booked[index] = [range];
    return undefined;
  }
}

/**
 * Rule 3's order: date, then timesheet, then entry. One number per entry encodes all three, so a
 * typed-array sort (no comparator calls) orders them; the day is offset from the month start and
 * clamped, since out-of-month entries are rejected whatever their place.
 */
function inSettlementOrder(timesheets: SettlementCase['timesheets'], first: number): QueuedEntry[] {
  const queue: QueuedEntry[] = [];
  const assistantNumbers = new Map<string, number>();
  timesheets.forEach((timesheet, t) => {
    let assistant = assistantNumbers.get(timesheet.assistantId);
    if (assistant === undefined) {
      assistant = assistantNumbers.size;
      assistantNumbers.set(timesheet.assistantId, assistant);
    }
    timesheet.entries.forEach((entry, i) => {
      queue.push({
        day: toDayNumber(entry.date),
        timesheet: t,
        index: i,
        assistantId: timesheet.assistantId,
        assistant,
        entry,
      });
    });
  });
  const order = new Float64Array(queue.length);
  queue.forEach((item, position) => {
    const slot = Math.min(Math.max(item.day - first + 1, 0), 400);
    order[position] =
      ((slot * TIMESHEET_SLOTS + item.timesheet) * ENTRY_SLOTS + item.index) * 65536 + position;
  });
  order.sort();
  return Array.from(order, (key) => queue[key % 65536] as QueuedEntry);
}

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
  rules: SettlementRules = settlementRulesFor(input.month, input.policy, input.grant.regulation),
): HourStatement {
  const { first, last } = monthSpan(input.month);
  const grant = input.grant;
  const grantFrom = grant.from === undefined ? Number.NEGATIVE_INFINITY : toDayNumber(grant.from);
  const grantTo = Math.min(
    grant.to === undefined ? Number.POSITIVE_INFINITY : toDayNumber(grant.to),
    rules.payableUntil === undefined ? Number.POSITIVE_INFINITY : toDayNumber(rules.payableUntil),
  );
  const noPay = stayDays(input);
  const elsewhere = otherCaseEntriesByDay(input);
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
  for (const prior of input.priorEntries)
    caps.notePrior(toDayNumber(prior.date), prior.minutes, prior.assistantId);
  for (const other of input.otherCases ?? [])
    caps.noteElsewhere(toDayNumber(other.date), other.minutes, other.assistantId);

  const screen = new EntryScreen(
    input.month,
    first,
    last,
    grant,
    grantFrom,
    grantTo,
    rules,
    noPay,
    elsewhere,
  );
  const lines: StatementLine[] = [];
  const rejected: RejectedHours[] = [];
  for (const item of inSettlementOrder(input.timesheets, first)) {
    const { entry, day, assistantId } = item;
    const refusal = screen.screen(item);
    if (refusal) {
      rejected.push(rejection(item, entry.minutes, refusal.reason, refusal.detail));
      continue;
    }
    const paid = caps.fit(day, assistantId, entry.minutes);
    const cap = caps.boundBy;
    if (paid > 0) {
      caps.take(day, assistantId, paid);
      lines.push(
        paidLine(entry.date, assistantId, entry.activity, paid, rates[day - first] ?? 0, 'timesheet'),
      );
    }
    if (cap)
      rejected.push(
        rejection(
          item,
          entry.minutes - paid,
          cap,
          capDetail(cap, caps.boundByAssistantCap, caps, day, input.month),
        ),
      );
  }

  let emergency: HourStatement['emergency'];
  if (input.emergency) {
    const period = emergencyPeriodOf(input, rules);
    const excluded = (day: number) => noPay.some((stay) => day >= stay.from && day <= stay.to);
    const spread = spreadEmergencyHours(
      input,
      { ...period, rule: rules.emergency ?? { precedingMonths: 3 }, excluded },
      caps,
      lines,
      payableFrom,
      Math.min(payableTo, grantTo),
    );
    emergency = spread.summary;
    for (const { day, minutes } of spread.allocations) {
      lines.push(
        paidLine(
          toIsoDate(day),
          spread.assistantId,
          rules.emergencyActivity,
          minutes,
          rates[day - first] ?? 0,
          'emergency',
        ),
      );
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

/** The stays without pay in day numbers. */
function stayDays(input: SettlementCase) {
  return (input.noPayPeriods ?? []).map((period) => ({
    from: toDayNumber(period.from),
    to: toDayNumber(period.to),
    kind: period.kind,
    text: `${period.from} to ${period.to}`,
  }));
}

/** The other cases' entries by assistant and date, for the overlap check. */
function otherCaseEntriesByDay(input: SettlementCase): Map<string, OtherCaseEntry[]> {
  const elsewhere = new Map<string, OtherCaseEntry[]>();
  for (const other of input.otherCases ?? []) {
    const key = `${other.assistantId}\u0000${other.date}`;
    elsewhere.set(key, [...(elsewhere.get(key) ?? []), other]);
  }
  return elsewhere;
}

/**
 * The emergency's dates: as the input declares them, or the policy's declared emergency of the
 * grant's regulation that falls in the month. Throws {@link InputError} naming `emergency` when
 * neither gives one.
 */
function emergencyPeriodOf(input: SettlementCase, rules: SettlementRules): { from: string; to: string } {
  const { from, to } = input.emergency ?? {};
  if (from !== undefined && to !== undefined) return { from, to };
  const { first, last } = monthSpan(input.month);
  const declared = rules.emergencyPeriods.find(
    (period) => toDayNumber(period.from) <= last && toDayNumber(period.to) >= first,
  );
  if (!declared) {
    throw new InputError([
      {
        path: 'emergency',
        message: `no declared emergency of ${rules.regulation} falls in ${input.month}; give emergency.from and emergency.to`,
      },
    ]);
  }
  return { from: declared.from, to: declared.to };
}

function rejection(
  item: QueuedEntry,
  minutes: number,
  reason: RejectionReason,
  detail: string,
): RejectedHours {
  return {
    date: item.entry.date,
    assistantId: item.assistantId,
    activity: item.entry.activity,
    minutes,
    hours: minutesToHours(minutes),
    reason,
    detail,
    entry: `timesheets[${item.timesheet}].entries[${item.index}]`,
  };
}

const activityNumbers = new WeakMap<SettlementRules, Map<string, number>>();

/** A small integer per activity code of the rules, for numeric duplicate keys. */
function activityNumber(rules: SettlementRules, code: string): number {
  let numbers = activityNumbers.get(rules);
  if (!numbers) {
    numbers = new Map([...rules.activities].map((activity, index) => [activity, index]));
    activityNumbers.set(rules, numbers);
  }
  return numbers.get(code) ?? numbers.size;
}

function paidLine(
  date: string,
  assistantId: string,
  activity: string,
  minutes: number,
  centsPerHour: number,
  source: StatementLine['source'],
): StatementLine {
  const amountCents = payForMinutes(minutes, centsPerHour);
  return {
    date,
    assistantId,
    activity,
    minutes,
    hours: minutesToHours(minutes),
    centsPerHour,
    amountCents,
    source,
  };
}

function grantPeriodText(from: string | undefined, to: string | undefined): string {
  if (from && to) return ` ${from} to ${to}`;
  if (from) return ` starting ${from}`;
  return ` ending ${to}`;
}

function capDetail(
  cap: RejectionReason,
  assistantCap: boolean,
  caps: CapLedger,
  day: number,
  month: string,
): string {
  const weekOf = toIsoDate(isoWeekMonday(day));
  switch (cap) {
    case 'DAY_CAP':
      return `the day already carries ${formatMinutes(caps.maxMinutesPerDay)}, the most one day may carry for all assistants together`;
    case 'WEEK_CAP':
      return assistantCap
        ? `the assistant reached ${formatMinutes(caps.assistantWeekCap ?? 0)} in the week of ${weekOf}, the most the policy allows one assistant over all the recipients they serve`
        : `the week of ${weekOf} reached the granted ${formatMinutes(caps.weekCap ?? 0)}`;
    default:
      return `${month} reached the granted ${formatMinutes(caps.monthCap ?? 0)}`;
  }
}
