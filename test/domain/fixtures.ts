/** Builders for settlement cases as callers send them (hours, HH:MM), so tests read like timesheets. */
import { InputError, type InputIssue } from '../../functions/domain/errors.ts';
import { parseSettlementCase, type SettlementCaseInput } from '../../functions/domain/settlement/input.ts';
import { settleHours } from '../../functions/domain/settlement/settle.ts';
import type { HourStatement } from '../../functions/domain/settlement/types.ts';

export type EntryInput = SettlementCaseInput['timesheets'][number]['entries'][number];

export function entry(
  date: string,
  hours: number,
  extra: Partial<Record<'activity' | 'start' | 'end', string> & { confirmed: boolean }> = {},
) {
  return { date, hours, activity: 'work', confirmed: true, ...extra };
}

export function settle(
  input: Partial<SettlementCaseInput> & Pick<SettlementCaseInput, 'month' | 'timesheets'>,
): HourStatement {
  return settleHours(parseSettlementCase({ participantId: 'P-1', grant: { hoursPerMonth: 80 }, ...input }));
}

export const minutesOf = (items: readonly { minutes: number }[]) =>
  items.reduce((sum, item) => sum + item.minutes, 0);

export const reasons = (statement: HourStatement) =>
  statement.rejected.map((item) => [item.date, item.reason, item.minutes]);

/** The issues of the InputError that `run` throws; fails the test when it throws nothing or something else. */
export function refusalOf(run: () => unknown): readonly InputIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('expected an InputError');
}
