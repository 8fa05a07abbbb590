/**
 * One case's month in the monthly settlement run: load what the store knows (the assistant grant
 * in force, the month's timesheets, the paid entries of the week that began in the previous
 * month, the paid hours of the three months before), settle it with the domain, and store the
 * statement with each assistant's pay statement and the audit event, exactly once.
 *
 * A rerun (a retried Lambda, a second start of the run) writes nothing and reports the month as
 * already settled; a timesheet that arrived after the month was settled yields a supplementary
 * statement carrying only the difference (the store computes it). Outbox items carry ids and
 * figures only; the sender finds addresses in the case's person item.
 *
 * @example
 * const result = await settleCaseMonth(store, { municipality: 'talsi', caseId: 'c-1' }, '2024-03', {
 *   actor: { kind: 'system', id: 'monthly-run-2024-03' },
 *   at: '2024-04-10T06:00:00.000Z',
 * });
 * result.status // 'settled', 'already-settled', 'supplementary' or 'no-grant'
 */
import { isYearMonth, monthSpan, toIsoDate, type YearMonth } from '../domain/calendar.ts';
import { InputError } from '../domain/errors.ts';
import { policyVersionOn } from '../domain/policy/policy.ts';
import { settleHours } from '../domain/settlement/settle.ts';
import type { HourStatement, SettlementCase } from '../domain/settlement/types.ts';
import type { Actor, OutboxDraft, StoredGrant } from '../store/entities.ts';
import { NotFoundError } from '../store/errors.ts';
import { type CaseRef, caseKey } from '../store/keys.ts';
import type { Store } from '../store/store.ts';

/** The service whose grant the hour settlement pays. */
export const ASSISTANT_SERVICE = 'assistant';

export interface CaseMonthResult {
  municipality: string;
  caseId: string;
  month: YearMonth;
  status: 'settled' | 'already-settled' | 'supplementary' | 'no-grant';
  /** Sequence of the statement written or found (0 is the original). */
  sequence?: number;
  paidMinutes: number;
  amountCents: number;
  rejectedMinutes: number;
}

/** The case's data cannot be settled as it stands: the run lists the case and goes on. */
export class CaseDataError extends Error {
  constructor(
    readonly ref: CaseRef,
    message: string,
  ) {
    super(`case ${ref.caseId} in ${ref.municipality}: ${message}`);
    this.name = 'CaseDataError';
  }
}

export async function settleCaseMonth(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  run: { actor: Actor; at: string },
): Promise<CaseMonthResult> {
  if (!isYearMonth(month)) throw new InputError([{ path: 'month', message: 'must be a month YYYY-MM' }]);
  const found = await store.cases.get(ref, true);
  if (!found) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
  const outcome = { municipality: ref.municipality, caseId: ref.caseId, month };

  const grant = await assistantGrantFor(store, ref, found.cycle, month);
  if (!grant) return { ...outcome, status: 'no-grant', paidMinutes: 0, amountCents: 0, rejectedMinutes: 0 };

  const [timesheets, priorEntries, history] = await Promise.all([
    store.timesheets.forMonth(ref, month),
    store.statements.paidEntriesOfPriorWeek(ref, month),
    store.statements.paidHistory(ref, month),
  ]);
  const input: SettlementCase = {
    participantId: found.participantId,
    month,
    grant: {
      basis: grant.basis,
      minutes: grant.minutes,
      ...(grant.from !== undefined && { from: grant.from }),
      ...(grant.to !== undefined && { to: grant.to }),
    },
    timesheets: timesheets.map((timesheet) => ({
      assistantId: timesheet.assistantId,
      entries: timesheet.entries,
    })),
    priorEntries,
    history,
  };
  const statement = settleHours(input);
  const result = await store.statements.settle(ref, statement, {
    outbox: payStatementDrafts(statement),
    note: { actor: run.actor, action: 'month-settled', at: run.at },
  });
  const settled = result.statement.statement;
  return {
    ...outcome,
    status: !result.created
      ? 'already-settled'
      : result.statement.sequence === 0
        ? 'settled'
        : 'supplementary',
    sequence: result.statement.sequence,
    paidMinutes: settled.paidMinutes,
    amountCents: settled.amountCents,
    rejectedMinutes: settled.rejected.reduce((sum, item) => sum + item.minutes, 0),
  };
}

/**
 * The assistant grant in force in the month, from the case's current cycle or the one before
 * (a month settled just after a new cycle began belongs to the old one). Two grants overlapping
 * one month are not guessed between: that is a {@link CaseDataError} for the coordinator.
 */
async function assistantGrantFor(
  store: Store,
  ref: CaseRef,
  cycle: number,
  month: YearMonth,
): Promise<StoredGrant | undefined> {
  const { first, last } = monthSpan(month);
  const firstDay = toIsoDate(first);
  const lastDay = toIsoDate(last);
  const cycles = cycle > 0 ? [cycle, cycle - 1] : [cycle];
  const contents = await Promise.all(cycles.map((number) => store.cycles.contents(ref, number)));
  const overlapping = contents
    .flatMap((content) => content.grants)
    .filter((grant) => grant.service === ASSISTANT_SERVICE)
    .filter((grant) => (grant.from ?? firstDay) <= lastDay && (grant.to ?? lastDay) >= firstDay);
  if (overlapping.length > 1) {
    throw new CaseDataError(
      ref,
      `${overlapping.length} assistant grants overlap ${month}; one grant per month can be settled`,
    );
  }
  return overlapping[0];
}

/** One pay statement per assistant with paid or rejected hours: ids and figures, names of activities from policy. */
function payStatementDrafts(statement: HourStatement): OutboxDraft[] {
  const activities = new Map(
    (policyVersionOn(`${statement.month}-01`)?.assistant.activities ?? []).map((activity) => [
      activity.code,
      activity.name,
    ]),
  );
  const labelOf = (code: string) => activities.get(code) ?? { lv: code, en: code };
  const assistants = new Set([...statement.lines, ...statement.rejected].map((item) => item.assistantId));
  return [...assistants].sort().map((assistantId) => {
    const lines = statement.lines.filter((line) => line.assistantId === assistantId);
    const rates = new Set(lines.map((line) => line.centsPerHour));
    const [onlyRate] = rates;
    return {
      kind: 'pay-statement',
      scope: statement.month,
      recipient: { role: 'assistant', id: assistantId },
      data: {
        month: statement.month,
        paid: lines.map((line) => ({
          date: line.date,
          activity: labelOf(line.activity),
          minutes: line.minutes,
          amountCents: line.amountCents,
        })),
        rejected: statement.rejected
          .filter((item) => item.assistantId === assistantId)
          .map((item) => ({
            date: item.date,
            activity: labelOf(item.activity),
            minutes: item.minutes,
            reason: item.reason,
          })),
        paidMinutes: lines.reduce((sum, line) => sum + line.minutes, 0),
        amountCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
        ...(rates.size === 1 && onlyRate !== undefined && { centsPerHour: onlyRate }),
      },
    };
  });
}
