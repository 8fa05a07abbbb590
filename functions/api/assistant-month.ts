/**
 * An assistant's month of a case, as the timesheet pages work with it: which cases are theirs,
 * the month's draft, what was submitted, the grant and the deadline; saving the draft (typed
 * entries, a copied week, the good rows of an uploaded file with the rows left out) and
 * submitting it. Every call is for one assistant in one municipality (from the session, never a
 * form) and finds a case only when its person item names them as an assistant; any other case
 * is not found, whether it exists or not.
 *
 * Submitting stores the timesheet (the settlement reads it) with the parents' emails to confirm
 * it, as the API does (./timesheet-submission.ts), and removes the draft.
 *
 * @example
 * const who = { municipality: 'talsi', assistantId: 'a-talsi-1' };
 * const month = await assistantMonth(deps, who, 'c-1', '2026-02');
 * await saveDraft(deps, who, month, { entries, rowProblems: [], source: 'form' });
 * await submitMonth(deps, who, 'c-1', '2026-02', { withoutBadRows: false, version: 2 });
 */
import { type IsoDate, rigaDateOf, type YearMonth } from '../domain/calendar.ts';
import { sortedEntries } from '../domain/timesheet/month.ts';
import { assistantGrantOf } from '../monthly-run/case-month/in-force.ts';
import { timesheetDeadlineOf } from '../monthly-run/run-month.ts';
import type { StoredCase, StoredGrant, StoredPerson, StoredTimesheet } from '../store/entities.ts';
import { ConflictError } from '../store/errors.ts';
import type { CaseRef } from '../store/keys.ts';
import type { DraftData, StoredDraft } from '../store/timesheet-drafts.ts';
import { ApiProblem } from './problem.ts';
import type { ApiDeps } from './route.ts';
import { sendTimesheet } from './timesheet-submission.ts';

/** The assistant a call is for: the session's municipality and assistant id. */
export interface AssistantWho {
  municipality: string;
  assistantId: string;
}

type Entry = StoredTimesheet['entries'][number];

export interface AssistantCase {
  ref: CaseRef;
  case: StoredCase;
  person: StoredPerson;
}

const notFound = () => new ApiProblem('not-found', 'there is no such case among the cases you work on');

/** The case, when its person item names the assistant; not found otherwise. */
export async function assistantCase(
  deps: ApiDeps,
  who: AssistantWho,
  caseId: string,
): Promise<AssistantCase> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(caseId)) throw notFound();
  const ref = { municipality: who.municipality, caseId };
  const [found, person] = await Promise.all([deps.store.cases.get(ref), deps.store.cases.getPerson(ref)]);
  const named = (person?.contacts ?? []).some((c) => c.role === 'assistant' && c.id === who.assistantId);
  if (!found || !person || !named) throw notFound();
  return { ref, case: found, person };
}

/** The assistant's cases (open ones first), each checked against its person item. */
export async function assistantCases(deps: ApiDeps, who: AssistantWho): Promise<StoredCase[]> {
  const ids = await deps.store.assistantCases.list(who.municipality, who.assistantId);
  const found = await Promise.all(
    ids.map((caseId) =>
      assistantCase(deps, who, caseId).then(
        (one) => one.case,
        () => undefined,
      ),
    ),
  );
  return found
    .filter((each): each is StoredCase => each !== undefined)
    .sort((a, b) =>
      a.status === b.status ? a.caseId.localeCompare(b.caseId) : a.status === 'open' ? -1 : 1,
    );
}

export interface AssistantMonth extends AssistantCase {
  month: YearMonth;
  /** The entries as the page shows them: the draft's when there is one, else the submitted ones. */
  entries: Entry[];
  draft?: StoredDraft;
  submitted?: StoredTimesheet;
  grant?: Pick<StoredGrant, 'basis' | 'minutes'>;
  /** The last day to submit (the policy's timesheet deadline in the following month). */
  deadline: IsoDate;
  /** Today in Riga, on the system's clock. */
  today: IsoDate;
}

/** Everything the timesheet page shows for a month. */
export async function assistantMonth(
  deps: ApiDeps,
  who: AssistantWho,
  caseId: string,
  month: YearMonth,
): Promise<AssistantMonth> {
  const found = await assistantCase(deps, who, caseId);
  const [draft, submitted, grant] = await Promise.all([
    deps.store.timesheetDrafts.get(found.ref, month, who.assistantId),
    deps.store.timesheets.get(found.ref, month, who.assistantId),
    assistantGrantOf(deps.store, found.ref, month).catch(() => undefined),
  ]);
  return {
    ...found,
    month,
    entries: sortedEntries(draft?.entries ?? submitted?.entries ?? []),
    ...(draft && { draft }),
    ...(submitted && { submitted }),
    ...(grant && { grant: { basis: grant.basis, minutes: grant.minutes } }),
    deadline: timesheetDeadlineOf(month),
    today: rigaDateOf(deps.clock.now()),
  };
}

/**
 * Replace the month's draft with `data`, if the draft is still the version the page showed
 * (`month.draft?.version`, 0 for none). A draft saved elsewhere meanwhile is a 409.
 */
export async function saveDraft(
  deps: ApiDeps,
  who: AssistantWho,
  month: AssistantMonth,
  data: DraftData,
): Promise<StoredDraft> {
  try {
    return await deps.store.timesheetDrafts.save(
      month.ref,
      month.month,
      who.assistantId,
      { ...data, entries: sortedEntries(data.entries) },
      month.draft?.version ?? 0,
      {
        actor: { kind: 'assistant', id: who.assistantId },
        action: 'timesheet-draft-saved',
        at: deps.clock.now().toISOString(),
      },
    );
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new ApiProblem('conflict', 'the timesheet was changed in another window; look at it again');
    }
    throw error;
  }
}

/**
 * Submit the month's draft: the timesheet is stored (replacing one sent before), the draft
 * removed. Refused (409) when the draft changed since the page showed it (`version`), and (422)
 * while rows of an uploaded file are left out, unless the assistant chose to submit without them.
 */
export async function submitMonth(
  deps: ApiDeps,
  who: AssistantWho,
  caseId: string,
  monthId: YearMonth,
  choice: { version: number; withoutBadRows: boolean },
): Promise<{ month: AssistantMonth; stored: StoredTimesheet }> {
  const month = await assistantMonth(deps, who, caseId, monthId);
  const draft = month.draft;
  if (!draft || draft.version !== choice.version) {
    throw new ApiProblem('conflict', 'the timesheet was changed in another window; look at it again');
  }
  if (draft.rowProblems.length > 0 && !choice.withoutBadRows) {
    throw new ApiProblem('invalid-input', 'rows of the uploaded file were left out', [
      {
        path: 'withoutBadRows',
        message: 'upload a corrected file, or choose to submit only the rows that could be read',
      },
    ]);
  }
  if (draft.entries.length === 0) {
    throw new ApiProblem('invalid-input', 'the timesheet has no entries', [
      { path: 'entries', message: 'add at least one day’s time before submitting' },
    ]);
  }
  let stored: StoredTimesheet;
  try {
    // The parents' link to confirm the month is written with it (the one way a month is sent).
    ({ timesheet: stored } = await sendTimesheet(deps, month.ref, month.month, {
      assistantId: who.assistantId,
      entries: draft.entries,
    }));
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new ApiProblem('conflict', 'the timesheet was changed in another window; look at it again');
    }
    throw error;
  }
  await deps.store.timesheetDrafts.discard(month.ref, month.month, who.assistantId);
  return { month, stored };
}
