/**
 * A month settled again (a late timesheet, a corrected entry) must not pay twice: what is stored
 * for the month already is summed, and only the difference to the new full settlement becomes a
 * supplementary statement. Lines are matched by date, assistant, activity, source and rate;
 * their minutes and cents are subtracted. Rejections are listed when they are new. The `services`
 * part and the emergency summary are opaque here: they are carried whole when they changed.
 *
 * @example
 * statementDifference([original], resettled) // undefined when nothing changed
 */
import { minutesToHours } from '../duration.ts';
import type { HourStatement, RejectedHours, StatementLine } from './types.ts';

/** A month's hour statement with the services part, which this rule carries whole when it changed. */
export type StatementWithServices<Services> = HourStatement & { services?: Services };

const lineKey = (line: StatementLine) =>
  `${line.date}|${line.assistantId}|${line.activity}|${line.source}|${line.centsPerHour}`;
const rejectedKey = (rejected: RejectedHours) =>
  `${rejected.date}|${rejected.assistantId}|${rejected.activity}|${rejected.minutes}|${rejected.reason}`;

/** The supplementary statement that brings `stored` (a month's statements) up to `next`, or undefined if nothing differs. */
export function statementDifference<Services>(
  stored: readonly StatementWithServices<Services>[],
  next: StatementWithServices<Services>,
): StatementWithServices<Services> | undefined {
  const totals = new Map<string, { line: StatementLine; minutes: number; amountCents: number }>();
  const add = (line: StatementLine, sign: 1 | -1) => {
    const key = lineKey(line);
    const total = totals.get(key) ?? { line, minutes: 0, amountCents: 0 };
    total.minutes += sign * line.minutes;
    total.amountCents += sign * line.amountCents;
    totals.set(key, total);
  };
  for (const statement of stored) for (const line of statement.lines) add(line, -1);
  for (const line of next.lines) add(line, 1);

  const lines: StatementLine[] = [];
  for (const { line, minutes, amountCents } of totals.values()) {
    if (minutes === 0 && amountCents === 0) continue;
    lines.push({ ...line, minutes, hours: minutesToHours(minutes), amountCents });
  }
  lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const seenRejections = new Map<string, number>();
  for (const statement of stored) {
    for (const rejected of statement.rejected) {
      seenRejections.set(rejectedKey(rejected), (seenRejections.get(rejectedKey(rejected)) ?? 0) + 1);
    }
  }
  const rejected = next.rejected.filter((entry) => {
    const left = seenRejections.get(rejectedKey(entry)) ?? 0;
    if (left > 0) seenRejections.set(rejectedKey(entry), left - 1);
    return left === 0;
  });

  const paidMinutes = next.paidMinutes - stored.reduce((sum, s) => sum + s.paidMinutes, 0);
  const amountCents = next.amountCents - stored.reduce((sum, s) => sum + s.amountCents, 0);
  const lastEmergency = stored.findLast((s) => s.emergency !== undefined)?.emergency;
  const emergencyChanged = !sameValue(next.emergency, lastEmergency);
  const lastServices = stored.findLast((s) => s.services !== undefined)?.services;
  const servicesChanged = next.services !== undefined && !sameValue(next.services, lastServices);

  if (
    lines.length === 0 &&
    rejected.length === 0 &&
    paidMinutes === 0 &&
    amountCents === 0 &&
    !emergencyChanged &&
    !servicesChanged
  ) {
    return undefined;
  }
  return {
    participantId: next.participantId,
    month: next.month,
    policy: next.policy,
    paidMinutes,
    paidHours: minutesToHours(paidMinutes),
    amountCents,
    lines,
    rejected,
    ...(emergencyChanged && next.emergency !== undefined && { emergency: next.emergency }),
    ...(servicesChanged && next.services !== undefined && { services: next.services }),
  };
}

/**
 * Deep equality of JSON values, whatever the order of object keys: a part read back from the
 * store has its keys in another order than the part just computed, and is still the same part.
 */
export function sameValue(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => sameValue(item, right[index]));
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const keys = Object.keys(leftRecord).filter((key) => leftRecord[key] !== undefined);
  const otherKeys = Object.keys(rightRecord).filter((key) => rightRecord[key] !== undefined);
  return (
    keys.length === otherKeys.length && keys.every((key) => sameValue(leftRecord[key], rightRecord[key]))
  );
}
