/** Small builders for store tests: a case, an audit note, a settled month. */

import { parseSettlementCase, type SettlementCaseInput } from '../../functions/domain/settlement/input.ts';
import { settleHours } from '../../functions/domain/settlement/settle.ts';
import type { HourStatement } from '../../functions/domain/settlement/types.ts';
import type { AuditNote } from '../../functions/store/audit.ts';
import type { NewCase } from '../../functions/store/cases.ts';
import type { AssessmentData, PersonData, StoredCase } from '../../functions/store/entities.ts';
import { entryKey } from '../../functions/store/hours-confirmations.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';

export const coordinator = { kind: 'coordinator', id: 'u-7' } as const;
export const system = { kind: 'system', id: 'monthly-run' } as const;

let clock = Date.parse('2024-01-01T08:00:00Z');
/** A note at a strictly increasing instant, so audit order is the order of calls. */
export function note(action: string, actor: AuditNote['actor'] = coordinator): AuditNote {
  clock += 1_000;
  return { actor, action, at: new Date(clock).toISOString() };
}

export const person: PersonData = {
  participant: { name: 'Anna Bērziņa', birthDate: '2014-05-02' },
  contacts: [
    {
      role: 'legal-representative',
      id: 'p-1',
      name: 'Ilze Bērziņa',
      email: 'ilze@example.lv',
      language: 'lv',
    },
    { role: 'assistant', id: 'a-1', name: 'Oksana Petrova', phone: '+371 2000 0000', language: 'ru' },
  ],
};

export async function openCase(
  store: Store,
  ref: CaseRef,
  extra: Partial<NewCase> = {},
): Promise<StoredCase> {
  return await store.cases.create(
    { ...ref, participantId: `p-${ref.caseId}`, coordinatorId: 'u-7', phase: 'request-assessment', ...extra },
    person,
    note('case-opened'),
  );
}

/** Settle a small month for one assistant: `hours` per listed day, under an 80 h month grant. */
export function settleMonth(month: string, days: Record<string, number>, assistantId = 'a-1'): HourStatement {
  const input: SettlementCaseInput = {
    participantId: 'p-1',
    month,
    grant: { hoursPerMonth: 80 },
    timesheets: [
      {
        assistantId,
        entries: Object.entries(days).map(([day, hours]) => ({
          date: `${month}-${day}`,
          hours,
          activity: 'education',
          confirmed: true,
        })),
      },
    ],
  };
  return settleHours(parseSettlementCase(input));
}

/**
 * The parents confirm, as of the timesheet's submission, the entries the assistant marked
 * confirmed: what the tests written before the parents' confirmation decided payment assume.
 * Every assistant's timesheet of the month, or only `assistantId`'s.
 */
export async function confirmAsParents(
  store: Store,
  ref: CaseRef,
  month: string,
  assistantId?: string,
): Promise<void> {
  for (const sheet of await store.timesheets.forMonth(ref, month)) {
    if (assistantId !== undefined && sheet.assistantId !== assistantId) continue;
    await store.hoursConfirmations.record(
      ref,
      month,
      sheet.assistantId,
      {
        submittedAt: sheet.submittedAt,
        by: 'p-1',
        confirmed: [...new Set(sheet.entries.filter((entry) => entry.confirmed).map(entryKey))],
        disputed: [],
      },
      { actor: { kind: 'parent', id: 'p-1' }, action: 'hours-confirmed', at: sheet.submittedAt },
    );
  }
}

/** A timesheet submitted and its confirmed entries confirmed by the parents (see {@link confirmAsParents}). */
export async function submitConfirmed(
  store: Store,
  ref: CaseRef,
  month: string,
  timesheet: { assistantId: string; entries: Parameters<Store['timesheets']['submit']>[2]['entries'] },
  auditNote: AuditNote,
): Promise<void> {
  await store.timesheets.submit(ref, month, timesheet, auditNote);
  await confirmAsParents(store, ref, month, timesheet.assistantId);
}

/**
 * Cycle 1's assessment (weekly rehabilitation, no companion, 10 December 2024) and the parents'
 * ranking (12 December 2024), as the cycle records them before drafting a plan.
 */
export async function assessAndRank(
  store: Store,
  ref: CaseRef,
  assessment: Pick<AssessmentData, 'scores' | 'recommendations' | 'providers'>,
  ranking: readonly string[],
): Promise<void> {
  await store.cycles.recordAssessment(
    ref,
    1,
    { assessedOn: '2024-12-10', weeklyRehabilitation: true, needsCompanion: false, ...assessment },
    note('assessment-recorded'),
  );
  await store.cycles.recordRanking(
    ref,
    1,
    { services: [...ranking], rankedBy: 'parents', receivedOn: '2024-12-12' },
    note('ranking-recorded'),
  );
}
