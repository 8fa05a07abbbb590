/**
 * Sending an assistant's month, the one way both doors take it (the API's PUT and the
 * assistants' pages): the timesheet replaces the one the sender read, and the parents'
 * `hours-to-confirm` emails are written in the same transaction, so a stored month always has its
 * confirmation link on the way and a month sent again unchanged writes and sends nothing.
 *
 * @example
 * const { timesheet, unchanged } = await sendTimesheet(deps, ref, '2024-03', { assistantId: 'a-1', entries });
 */
import { createHash } from 'node:crypto';
import { addMonths, rigaDateOf, type YearMonth } from '../domain/calendar.ts';
import type { Timesheet } from '../domain/settlement/types.ts';
import { hoursLink } from '../review-cycle/case-context.ts';
import {
  contactIdsOf,
  type OutboxDraft,
  type StoredPerson,
  type StoredTimesheet,
} from '../store/entities.ts';
import type { CaseRef } from '../store/keys.ts';
import type { ApiDeps } from './route.ts';

/** How long the parents' link to confirm a month's hours stays valid. */
export const HOURS_LINK_DAYS = 45;

/**
 * The parents' `hours-to-confirm` emails for the timesheet's next version: one per legal
 * representative, each with the same signed link; none for a month without entries. The scope
 * names the version, so each version sent is asked about once. Only the hours the parents confirm
 * are paid (functions/store/hours-confirmations.ts).
 */
async function hoursToConfirm(
  deps: ApiDeps,
  ref: CaseRef,
  month: YearMonth,
  timesheet: Timesheet,
  before: StoredTimesheet | undefined,
  personRead: StoredPerson | undefined,
): Promise<OutboxDraft[]> {
  if (timesheet.entries.length === 0) return [];
  const [current, person] = await Promise.all([
    deps.store.cases.get(ref),
    personRead ?? deps.store.cases.getPerson(ref),
  ]);
  const parents = contactIdsOf(person, 'legal-representative');
  if (parents.length === 0) return [];
  const link = hoursLink(
    deps,
    ref,
    current?.cycle ?? 0,
    { month, assistantId: timesheet.assistantId },
    HOURS_LINK_DAYS,
  );
  const today = rigaDateOf(deps.clock.now());
  const respondBy = `${addMonths(month, 1)}-08`;
  const version = before === undefined ? 1 : (before.revision ?? 1) + 1;
  const scope = `${month}.${createHash('sha256').update(`${timesheet.assistantId}\n${version}`).digest('hex').slice(0, 12)}`;
  return parents.map((id) => ({
    kind: 'hours-to-confirm',
    scope,
    recipient: { role: 'legal-representative', id },
    data: {
      month,
      assistantId: timesheet.assistantId,
      entries: timesheet.entries.length,
      minutes: timesheet.entries.reduce((sum, entry) => sum + entry.minutes, 0),
      confirmLink: link,
      ...(respondBy > today && { respondBy }),
    },
  }));
}

/**
 * Store the month in place of the version stored now, with the parents' emails; a
 * {@link ConflictError} from the store when another request changed it in between. The case's
 * people, when the caller has read them already (to check the assistant is on the case), are not
 * read again.
 */
export async function sendTimesheet(
  deps: ApiDeps,
  ref: CaseRef,
  month: YearMonth,
  timesheet: Timesheet,
  person?: StoredPerson,
): Promise<{ timesheet: StoredTimesheet; unchanged: boolean }> {
  const before = await deps.store.timesheets.get(ref, month, timesheet.assistantId, true);
  return await deps.store.timesheets.replace(
    ref,
    month,
    timesheet,
    {
      actor: { kind: 'assistant', id: timesheet.assistantId },
      action: 'timesheet-submitted',
      at: deps.clock.now().toISOString(),
    },
    before,
    await hoursToConfirm(deps, ref, month, timesheet, before, person),
  );
}
