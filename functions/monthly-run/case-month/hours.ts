/**
 * The month's assistant hours, settled by the domain (functions/domain/settlement) under the grant
 * in force: the month's timesheets with the parents' confirmation of each entry (only entries the
 * parents confirmed are paid), the paid entries of the week that began in the previous month, the
 * paid hours of the three months before, the stays in hospital or care, and the hours the same
 * assistants reported in other cases that come first.
 */
import type { YearMonth } from '../../domain/calendar.ts';
import { settlementRulesFor } from '../../domain/policy/policy.ts';
import { comesFirst, otherCaseEntries, settlementWindow } from '../../domain/settlement/outside-month.ts';
import { settleHours } from '../../domain/settlement/settle.ts';
import type { HourStatement, OtherCaseEntry, SettlementCase } from '../../domain/settlement/types.ts';
import type { StoredGrant, StoredTimesheet } from '../../store/entities.ts';
import { confirmedEntries, entryKey } from '../../store/hours-confirmations.ts';
import type { CaseRef } from '../../store/keys.ts';
import type { Store } from '../../store/store.ts';
import { fromStoredData } from './case-data-error.ts';
import { dateRangeOf } from './in-force.ts';

/** The month's hours settled under `grant`: its timesheets, the prior week's entries, the history. */
export async function monthHours(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  participantId: string,
  grant: StoredGrant | undefined,
): Promise<HourStatement> {
  if (!grant) return noHours(participantId, month);
  const { firstDay, lastDay } = dateRangeOf(month);
  const [sent, confirmations, priorEntries, history, stays] = await Promise.all([
    store.timesheets.forMonth(ref, month),
    store.hoursConfirmations.forMonth(ref, month),
    store.statements.paidEntriesOfPriorWeek(ref, month),
    store.statements.paidHistory(ref, month),
    store.stays.overlapping(ref, firstDay, lastDay),
  ]);
  const timesheets = confirmedByParents(sent, confirmedEntries(confirmations));
  const otherCases = await otherCasesFirst(store, ref, month, timesheets);
  return fromStoredData(ref, 'the hour settlement', () =>
    settleHours(
      hourCase(participantId, month, grant, {
        timesheets,
        priorEntries,
        history,
        noPayPeriods: stays.map(({ kind, from, to }) => ({ kind, from, to })),
        otherCases,
      }),
    ),
  );
}

/**
 * The entries this case's assistants reported in other cases (other children, other
 * municipalities) that come first, from the timesheetsByAssistantMonth index: the month and, when
 * the month's first ISO week began in the month before, that week's days too (for the weekly
 * maximum per assistant). Which case comes first and which days count are the domain's
 * (functions/domain/settlement/outside-month.ts), so the what-if replays them the same way. Only
 * confirmed entries count: nothing else is paid anywhere.
 */
async function otherCasesFirst(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  timesheets: readonly StoredTimesheet[],
): Promise<OtherCaseEntry[]> {
  const window = settlementWindow(month);
  const result: OtherCaseEntry[] = [];
  for (const mine of timesheets) {
    const ours = { submittedAt: mine.submittedAt, ...ref };
    const found = (
      await Promise.all(
        window.months.map((each) => store.timesheets.byAssistantMonth(mine.assistantId, each)),
      )
    ).flat();
    for (const { ref: other, timesheet: sent } of found) {
      if (other.municipality === ref.municipality && other.caseId === ref.caseId) continue;
      if (!comesFirst({ submittedAt: sent.submittedAt, ...other }, ours)) continue;
      // What is paid there is what that case's parents confirmed, as here.
      const confirmations = await store.hoursConfirmations.forMonth(other, sent.month);
      const [timesheet] = confirmedByParents([sent], confirmedEntries(confirmations));
      if (timesheet !== undefined) result.push(...otherCaseEntries(other.caseId, timesheet, window));
    }
  }
  return result;
}

/**
 * The timesheets as the settlement reads them: an entry is confirmed when the parents confirmed
 * it (functions/store/hours-confirmations.ts), whatever the assistant's own flag says. Entries
 * the parents have not confirmed yet, or disputed, are refused as UNCONFIRMED; confirmed after
 * the run, they are paid by the supplementary run as a difference.
 */
export function confirmedByParents(
  timesheets: readonly StoredTimesheet[],
  confirmed: ReadonlyMap<string, ReadonlySet<string>>,
): StoredTimesheet[] {
  return timesheets.map((timesheet) => ({
    ...timesheet,
    entries: timesheet.entries.map((entry) => ({
      ...entry,
      confirmed: confirmed.get(timesheet.assistantId)?.has(entryKey(entry)) ?? false,
    })),
  }));
}

/** The hour settlement's input from the stored grant and the month's loaded items. */
function hourCase(
  participantId: string,
  month: YearMonth,
  grant: StoredGrant,
  loaded: Pick<SettlementCase, 'priorEntries' | 'history' | 'noPayPeriods' | 'otherCases'> & {
    timesheets: readonly StoredTimesheet[];
  },
): SettlementCase {
  return {
    participantId,
    month,
    grant: {
      basis: grant.basis,
      minutes: grant.minutes,
      ...(grant.from !== undefined && { from: grant.from }),
      ...(grant.to !== undefined && { to: grant.to }),
      ...(grant.regulation !== undefined && { regulation: grant.regulation }),
    },
    ...(loaded.noPayPeriods && loaded.noPayPeriods.length > 0 && { noPayPeriods: loaded.noPayPeriods }),
    ...(loaded.otherCases && loaded.otherCases.length > 0 && { otherCases: loaded.otherCases }),
    timesheets: loaded.timesheets.map((timesheet) => ({
      assistantId: timesheet.assistantId,
      entries: timesheet.entries,
    })),
    priorEntries: loaded.priorEntries,
    history: loaded.history,
  };
}

/** The hour part of a month without an assistant grant: nothing paid, under the policy of the month. */
function noHours(participantId: string, month: YearMonth): HourStatement {
  const rules = settlementRulesFor(month);
  return {
    participantId,
    month,
    policy: { id: rules.policyId, revision: rules.policyRevision },
    paidMinutes: 0,
    paidHours: 0,
    amountCents: 0,
    lines: [],
    rejected: [],
  };
}
