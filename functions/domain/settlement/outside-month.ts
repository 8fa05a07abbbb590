/**
 * What a month's settlement reads from outside the month, worked out the same way by the monthly
 * run (functions/monthly-run/case-month/hours.ts, from the store) and by the policy what-if
 * (functions/domain/what-if, from a cohort):
 * - the week window: from the Monday of the month's first ISO week (in the month before when the
 *   month does not begin on a Monday) to the month's last day;
 * - the paid entries of that first week's days in the month before (`priorEntries`);
 * - which other case comes first when one assistant works in two cases: the one whose timesheet
 *   was submitted earlier, then by municipality and case id, so whichever case is settled first,
 *   the same time is paid in the same one case;
 * - that other case's confirmed entries inside the window (`otherCases`).
 *
 * @example
 * settlementWindow('2025-09') // { from: '2025-09-01', to: '2025-09-30', months: ['2025-09'] }
 * settlementWindow('2025-10') // { from: '2025-09-29', to: '2025-10-31', months: ['2025-09', '2025-10'] }
 */
import { addMonths, type IsoDate, isoWeekMonday, monthSpan, toIsoDate, type YearMonth } from '../calendar.ts';
import type { OtherCaseEntry, PriorEntry, StatementLine, Timesheet } from './types.ts';

export interface SettlementWindow {
  /** The Monday of the month's first ISO week. */
  from: IsoDate;
  /** The month's last day. */
  to: IsoDate;
  /** The months the window touches, the month before first when the week began in it. */
  months: YearMonth[];
}

export function settlementWindow(month: YearMonth): SettlementWindow {
  const { first, last } = monthSpan(month);
  const from = toIsoDate(isoWeekMonday(first));
  return {
    from,
    to: toIsoDate(last),
    months: from < `${month}-01` ? [addMonths(month, -1), month] : [month],
  };
}

/** A timesheet's place in the order of cases: when it was submitted, then its municipality and case. */
export interface CaseOrder {
  /** The instant the timesheet was submitted (ISO 8601, UTC); when unknown, empty (it comes first). */
  submittedAt: string;
  municipality: string;
  caseId: string;
}

const orderKey = (order: CaseOrder) => `${order.submittedAt}#${order.municipality}#${order.caseId}`;

/** True when the `other` case's timesheet comes before (or with) `mine`: its time is paid there. */
export function comesFirst(other: CaseOrder, mine: CaseOrder): boolean {
  return orderKey(other) <= orderKey(mine);
}

/** The confirmed entries of another case's timesheet inside the window, as the settlement's `otherCases`. */
export function otherCaseEntries(
  caseId: string,
  timesheet: Timesheet,
  window: Pick<SettlementWindow, 'from' | 'to'>,
): OtherCaseEntry[] {
  const found: OtherCaseEntry[] = [];
  for (const entry of timesheet.entries) {
    if (!entry.confirmed || entry.date < window.from || entry.date > window.to) continue;
    found.push({
      caseId,
      assistantId: timesheet.assistantId,
      date: entry.date,
      minutes: entry.minutes,
      ...(entry.start !== undefined && { start: entry.start }),
      ...(entry.end !== undefined && { end: entry.end }),
    });
  }
  return found;
}

/**
 * The paid minutes of the month's first week that fall in the month before, by day and assistant,
 * from the paid lines of the month before (every statement of it: a supplementary one's lines are
 * differences, so the sums are what was paid in the end); none when the month begins on a Monday.
 *
 * @example
 * priorWeekEntries('2024-05', aprilLines) // [{ date: '2024-04-29', minutes: 240, assistantId: 'a-1' }, ...]
 */
export function priorWeekEntries(
  month: YearMonth,
  lines: Iterable<Pick<StatementLine, 'date' | 'minutes' | 'assistantId'>>,
): PriorEntry[] {
  const { from } = settlementWindow(month);
  const monthStart = `${month}-01`;
  if (from === monthStart) return [];
  const minutes = new Map<string, PriorEntry>();
  for (const line of lines) {
    if (line.date < from || line.date >= monthStart) continue;
    const key = `${line.date}|${line.assistantId}`;
    const entry = minutes.get(key) ?? { date: line.date, minutes: 0, assistantId: line.assistantId };
    entry.minutes += line.minutes;
    minutes.set(key, entry);
  }
  return [...minutes.values()]
    .filter((entry) => entry.minutes > 0)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
