/**
 * The caps still open while a month is settled: the daily maximum, the week or month grant and one
 * assistant's weekly maximum. Shared by the timesheet hours (settle.ts) and the emergency hours
 * (emergency.ts), so both modules import it from here and neither imports the other.
 */
import { isoWeekMonday } from '../calendar.ts';
import type { RejectionReason } from './types.ts';

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

  /** Count minutes one assistant is paid in another case (another recipient) against their weekly maximum. */
  noteElsewhere(day: number, minutes: number, assistantId: string): void {
    if (this.assistantWeekCap === undefined) return;
    const key = `${assistantId}\u0000${isoWeekMonday(day)}`;
    this.assistantWeekLeft.set(key, this.assistantWeekRoom(key) - minutes);
  }

  private weekRoom(monday: number): number {
    return this.weekLeft.get(monday) ?? (this.weekCap as number);
  }

  private assistantWeekRoom(key: string): number {
    return this.assistantWeekLeft.get(key) ?? (this.assistantWeekCap as number);
  }

  /** The cap that bound the last {@link fit}, when not all of it fitted. */
  boundBy: RejectionReason | undefined;
  /** Whether that cap was one assistant's weekly maximum rather than the grant. */
  boundByAssistantCap = false;

  /**
   * How many of `minutes` fit on a day; sets {@link boundBy} to the cap that binds first when
   * not all of them do (ties go to the narrowest cap: day, then week, then month). Called per
   * entry, so it allocates nothing.
   */
  fit(day: number, assistantId: string, minutes: number): number {
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
    this.boundBy = cap;
    this.boundByAssistantCap = assistantCap;
    return fit;
  }

  /** Minutes the day itself can still carry. */
  dayRoom(day: number): number {
    return Math.max(0, this.dayLeft[day - this.firstDay] ?? 0);
  }

  /** Minutes left in the day's ISO week under a week grant (infinite under a month grant). */
  weekRoomOf(day: number): number {
    return this.weekCap === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, this.weekRoom(isoWeekMonday(day)));
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
