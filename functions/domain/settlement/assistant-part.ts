/**
 * One assistant's part of an hour statement: their paid lines and refused entries with their own
 * totals. The pay-statement email, the run's pay-statement drafts and the assistants' API routes
 * all show this one projection, so an assistant reads the same figures wherever they look.
 *
 * @example
 * assistantPartOf(statement, 'a-1').amountCents // the sum of a-1's paid lines, in cents
 */
import type { HourStatement, RejectedHours, StatementLine } from './types.ts';

export interface AssistantPart {
  lines: StatementLine[];
  rejected: RejectedHours[];
  paidMinutes: number;
  amountCents: number;
  rejectedMinutes: number;
  /** The hourly rate when every paid line has the same positive one (a pay statement states it once). */
  centsPerHour?: number;
}

export function assistantPartOf(statement: HourStatement, assistantId: string): AssistantPart {
  const lines = statement.lines.filter((line) => line.assistantId === assistantId);
  const rejected = statement.rejected.filter((entry) => entry.assistantId === assistantId);
  const rates = new Set(lines.map((line) => line.centsPerHour));
  const [onlyRate] = rates;
  return {
    lines,
    rejected,
    paidMinutes: lines.reduce((sum, line) => sum + line.minutes, 0),
    amountCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
    rejectedMinutes: rejected.reduce((sum, entry) => sum + entry.minutes, 0),
    ...(rates.size === 1 && onlyRate !== undefined && onlyRate > 0 && { centsPerHour: onlyRate }),
  };
}
