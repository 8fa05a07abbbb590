/**
 * Emergency compensation (Ministry of Welfare guidance of 12 June 2020, seed 004).
 *
 * When the recipient could not use the service during an emergency, the emergency days are paid
 * entitled = max(0, average paid hours per month of the three preceding months (those known, at
 * least one) - hours paid in this month on days after the emergency). Timesheet hours paid on
 * the emergency days themselves count towards that entitlement, so the days never carry more
 * than the average. The rest is spread over the emergency days inside the month and the grant
 * as evenly as the caps allow (water-filling in whole minutes, remainder to the earliest days),
 * under the week or month cap left after the timesheet hours and the daily maximum.
 *
 * Averages are rounded down to whole minutes: the rule never pays more than the average.
 */
import { addMonths, isoWeekMonday, toDayNumber } from '../calendar.ts';
import type { CapLedger } from './caps.ts';
import type { EmergencySummary, SettlementCase, StatementLine } from './types.ts';

export interface EmergencySpread {
  assistantId: string;
  allocations: { day: number; minutes: number }[];
  summary: EmergencySummary;
}

export function spreadEmergencyHours(
  input: SettlementCase,
  caps: CapLedger,
  timesheetLines: readonly StatementLine[],
  windowFrom: number,
  windowTo: number,
): EmergencySpread {
  const emergency = input.emergency;
  if (!emergency) throw new Error('spreadEmergencyHours needs an emergency period');
  const emergencyFrom = toDayNumber(emergency.from);
  const emergencyTo = toDayNumber(emergency.to);

  const preceding = new Set([1, 2, 3].map((back) => addMonths(input.month, -back)));
  const known = input.history.filter((entry) => preceding.has(entry.month));
  const averageMinutes =
    known.length === 0 ? 0 : Math.floor(known.reduce((sum, entry) => sum + entry.minutes, 0) / known.length);

  let usedAfterMinutes = 0;
  let deliveredDuringMinutes = 0;
  for (const line of timesheetLines) {
    const day = toDayNumber(line.date);
    if (day > emergencyTo) usedAfterMinutes += line.minutes;
    else if (day >= emergencyFrom) deliveredDuringMinutes += line.minutes;
  }
  const entitledMinutes = Math.max(0, averageMinutes - usedAfterMinutes);
  const wanted = Math.max(0, entitledMinutes - deliveredDuringMinutes);

  // The validation guarantees an assistant id or exactly one assistant.
  const assistantId = emergency.assistantId ?? input.timesheets[0]?.assistantId ?? '';
  const days: number[] = [];
  for (let day = Math.max(emergencyFrom, windowFrom); day <= Math.min(emergencyTo, windowTo); day++)
    days.push(day);
  const given = waterFill(days, wanted, caps, assistantId);

  const allocations: EmergencySpread['allocations'] = [];
  let paidMinutes = 0;
  days.forEach((day, index) => {
    const minutes = given[index] ?? 0;
    if (minutes > 0) {
      allocations.push({ day, minutes });
      paidMinutes += minutes;
    }
  });
  return {
    assistantId,
    allocations,
    summary: {
      from: emergency.from,
      to: emergency.to,
      averageMinutes,
      usedAfterMinutes,
      entitledMinutes,
      deliveredDuringMinutes,
      paidMinutes,
      cappedMinutes: wanted - paidMinutes,
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
