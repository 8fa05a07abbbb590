/**
 * Emergency compensation (Cabinet Regulation No. 942 p. 11.1, in force 18.03.2020, and the
 * Ministry of Welfare's guidance of March and 12 June 2020; docs/settlement.md rule 4).
 *
 * When the recipient could not use the service during a declared emergency, the month's emergency
 * days are paid
 *   entitled = max(0, average - hours paid on the month's days outside the emergency, before and after it)
 * where average = the paid hours of the three preceding calendar months (policy
 * `precedingMonths`) / 3, a month without paid hours counting as zero, rounded down to whole
 * minutes. When nothing at all was paid in those months, the regulation's fallback applies instead:
 * up to 10 h a week (policy `noUseHoursPerWeek`) for the emergency days, counted per ISO week in
 * proportion to the emergency days of the week that are settled in this month (so a week split
 * between two months never carries more than 10 h).
 *
 * Timesheet hours paid on the emergency days themselves count towards the entitlement, so those
 * days never carry more than it. The rest is spread over the emergency days inside the month and
 * the grant (not inside a stay without pay) as evenly as the caps allow (water-filling in whole
 * minutes, remainder to the earliest days), under the week or month cap left after the timesheet
 * hours and the daily maximum.
 */
import { addMonths, isoWeekMonday, toDayNumber } from '../calendar.ts';
import type { EmergencyRule } from '../policy/schema.ts';
import type { CapLedger } from './caps.ts';
import type { EmergencySummary, SettlementCase, StatementLine } from './types.ts';

export interface EmergencySpread {
  assistantId: string;
  allocations: { day: number; minutes: number }[];
  summary: EmergencySummary;
}

/** The period and rule the spread works with, resolved by the settlement from the input and the policy. */
export interface EmergencyTerms {
  from: string;
  to: string;
  rule: Pick<EmergencyRule, 'precedingMonths' | 'noUseHoursPerWeek'>;
  /** Days the compensation may not go to (outside the grant, or in a stay without pay). */
  excluded: (day: number) => boolean;
}

export function spreadEmergencyHours(
  input: SettlementCase,
  terms: EmergencyTerms,
  caps: CapLedger,
  timesheetLines: readonly StatementLine[],
  windowFrom: number,
  windowTo: number,
): EmergencySpread {
  const emergencyFrom = toDayNumber(terms.from);
  const emergencyTo = toDayNumber(terms.to);
  const months = terms.rule.precedingMonths;

  const preceding = new Set(Array.from({ length: months }, (_, back) => addMonths(input.month, -(back + 1))));
  const usedBefore = input.history
    .filter((entry) => preceding.has(entry.month))
    .reduce((sum, entry) => sum + entry.minutes, 0);
  const averageMinutes = Math.floor(usedBefore / months);

  let usedBeforeMinutes = 0;
  let usedAfterMinutes = 0;
  const deliveredByWeek = new Map<number, number>();
  let deliveredDuringMinutes = 0;
  for (const line of timesheetLines) {
    const day = toDayNumber(line.date);
    if (day > emergencyTo) usedAfterMinutes += line.minutes;
    else if (day < emergencyFrom) usedBeforeMinutes += line.minutes;
    else {
      deliveredDuringMinutes += line.minutes;
      const monday = isoWeekMonday(day);
      deliveredByWeek.set(monday, (deliveredByWeek.get(monday) ?? 0) + line.minutes);
    }
  }

  // The validation guarantees an assistant id or exactly one assistant.
  const assistantId = input.emergency?.assistantId ?? input.timesheets[0]?.assistantId ?? '';
  const days: number[] = [];
  for (let day = Math.max(emergencyFrom, windowFrom); day <= Math.min(emergencyTo, windowTo); day++)
    if (!terms.excluded(day)) days.push(day);

  const noUseFallback = usedBefore === 0 && terms.rule.noUseHoursPerWeek !== undefined;
  let entitledMinutes: number;
  const groups: { days: number[]; wanted: number }[] = [];
  if (noUseFallback) {
    // Up to the weekly hours for each ISO week, in proportion to its emergency days in this month.
    const perWeek = Math.round((terms.rule.noUseHoursPerWeek ?? 0) * 60);
    const weeks = new Map<number, number[]>();
    for (const day of days) {
      const monday = isoWeekMonday(day);
      weeks.set(monday, [...(weeks.get(monday) ?? []), day]);
    }
    entitledMinutes = 0;
    for (const [monday, weekDays] of weeks) {
      const weekEntitled = Math.floor((perWeek * weekDays.length) / 7);
      entitledMinutes += weekEntitled;
      groups.push({ days: weekDays, wanted: Math.max(0, weekEntitled - (deliveredByWeek.get(monday) ?? 0)) });
    }
  } else {
    entitledMinutes = Math.max(0, averageMinutes - usedBeforeMinutes - usedAfterMinutes);
    groups.push({ days, wanted: Math.max(0, entitledMinutes - deliveredDuringMinutes) });
  }

  const allocations: EmergencySpread['allocations'] = [];
  let paidMinutes = 0;
  let wantedMinutes = 0;
  for (const group of groups) {
    wantedMinutes += group.wanted;
    const given = waterFill(group.days, group.wanted, caps, assistantId);
    group.days.forEach((day, index) => {
      const minutes = given[index] ?? 0;
      if (minutes > 0) {
        allocations.push({ day, minutes });
        paidMinutes += minutes;
      }
    });
  }
  allocations.sort((a, b) => a.day - b.day);
  return {
    assistantId,
    allocations,
    summary: {
      from: terms.from,
      to: terms.to,
      averageMinutes,
      usedBeforeMinutes,
      usedAfterMinutes,
      entitledMinutes,
      deliveredDuringMinutes,
      noUseFallback,
      paidMinutes,
      cappedMinutes: wantedMinutes - paidMinutes,
    },
  };
}

/**
 * Progressive filling: raise every open day by the same whole number of minutes while no cap
 * binds; when a full round no longer fits, hand out single minutes in date order (so the
 * remainder goes to the earliest days) and close the days whose caps are spent. Each round
 * gives at least one minute or ends, so this terminates; the bulk rounds keep it fast.
 * Takes what it gives from the ledger.
 */
function waterFill(days: readonly number[], wanted: number, caps: CapLedger, assistantId: string): number[] {
  const given = days.map(() => 0);
  const room = (day: number) =>
    Math.min(
      caps.dayRoom(day),
      caps.weekRoomOf(day),
      caps.assistantWeekRoomOf(day, assistantId),
      caps.monthRoom(),
    );
  const give = (index: number, minutes: number) => {
    caps.take(days[index] as number, assistantId, minutes);
    given[index] = (given[index] ?? 0) + minutes;
  };
  let open = days.map((_, index) => index).filter((index) => room(days[index] as number) > 0);
  let remaining = wanted;
  while (remaining > 0 && open.length > 0) {
    const step = evenStep(
      open.map((index) => days[index] as number),
      remaining,
      caps,
      assistantId,
    );
    if (step > 0) {
      for (const index of open) give(index, step);
      remaining -= step * open.length;
    } else {
      const before = remaining;
      for (const index of open) {
        if (remaining > 0 && room(days[index] as number) > 0) {
          give(index, 1);
          remaining -= 1;
        }
      }
      if (remaining === before) break;
    }
    open = open.filter((index) => room(days[index] as number) > 0);
  }
  return given;
}

/** The most minutes every open day can take at once without breaking a day, week or month cap. */
function evenStep(
  openDays: readonly number[],
  remaining: number,
  caps: CapLedger,
  assistantId: string,
): number {
  let step = Math.floor(remaining / openDays.length);
  const daysPerWeek = new Map<number, number>();
  for (const day of openDays) {
    step = Math.min(step, caps.dayRoom(day));
    const monday = isoWeekMonday(day);
    daysPerWeek.set(monday, (daysPerWeek.get(monday) ?? 0) + 1);
  }
  for (const [monday, count] of daysPerWeek) {
    step = Math.min(
      step,
      Math.floor(caps.weekRoomOf(monday) / count),
      Math.floor(caps.assistantWeekRoomOf(monday, assistantId) / count),
    );
  }
  return Math.min(step, Math.floor(caps.monthRoom() / openDays.length));
}
