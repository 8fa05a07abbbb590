/**
 * The posts that change the month's draft (kept server-side): add a day, remove one, copy last
 * week, upload a CSV. Each is saved and answered with a redirect back to the month, or the month
 * again with its problems; a draft another window saved meanwhile is refused (409).
 */
import type { Context } from 'hono';
import { type AssistantMonth, saveDraft } from '../../api/assistant-month.ts';
import { timesheetRowsFromCsv } from '../../api/csv.ts';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { storedEntriesOf } from '../../api/timesheet-input.ts';
import { monthOf } from '../../domain/calendar.ts';
import { copyLastWeek, monthCalendar } from '../../domain/timesheet/month.ts';
import { formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import type { DraftData } from '../../store/timesheet-drafts.ts';
import { type FieldProblem, type PageContext, withLanguage } from '../layout.tsx';
import { pageOf, redirect } from '../respond.tsx';
import type { AddValues } from './day-form.tsx';
import { checkedForm, type Fields, monthOf404, monthPath, whoOf } from './frame.tsx';
import { timesheetPage } from './month.tsx';
import { MAX_UPLOAD_BYTES } from './upload.tsx';

const back = (c: Context, month: AssistantMonth, done: string, anchor = '') =>
  redirect(`${withLanguage(pageOf(c), monthPath(month.ref.caseId, month.month))}&done=${done}${anchor}`);

/** The draft a change starts from: the month's entries as shown, refused when another window saved meanwhile. */
function draftBase(month: AssistantMonth, fields: Fields): DraftData {
  if (Number(fields.get('version') ?? -1) !== (month.draft?.version ?? 0)) {
    throw new ApiProblem('conflict', 'the draft changed');
  }
  return {
    entries: month.entries,
    rowProblems: month.draft?.rowProblems ?? [],
    source: month.draft?.source ?? 'form',
  };
}

/** The add form's fields named by the entry's rules (activity, time in the day), in the page's words. */
function entryProblems(page: PageContext, month: AssistantMonth, problem: ApiProblem): FieldProblem[] {
  const { errors } = page.t.timesheet;
  const fieldOf: Record<string, string> = {
    date: 'day',
    start: 'start',
    end: 'end',
    hours: 'end',
    minutes: 'end',
    activity: 'activity',
  };
  const textOf: Record<string, string> = {
    day: errors.dayOutside(formatMonth(month.month, page.language)),
    start: errors.startInvalid,
    end: errors.endBeforeStart,
    activity: errors.activityRequired,
  };
  const found: FieldProblem[] = [];
  for (const error of problem.errors ?? []) {
    const field = fieldOf[error.path] ?? 'day';
    if (!found.some((each) => each.field === field))
      found.push({ field, text: textOf[field] ?? errors.dayRequired });
  }
  return found;
}

export async function addEntry(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const month = await monthOf404(c, deps);
  const fields = await checkedForm(c, secret);
  const page = pageOf(c);
  const { t } = page;
  if (!fields)
    return timesheetPage(c, deps, secret, {
      values: {},
      errors: [{ field: 'day', text: t.common.csrfExpired }],
      status: 400,
    });
  const values: AddValues = {
    day: fields.get('day') ?? '',
    start: (fields.get('start') ?? '').trim(),
    end: (fields.get('end') ?? '').trim(),
    activity: fields.get('activity') ?? '',
  };
  const errors: FieldProblem[] = [];
  const time = /^(\d{1,2}):?(\d{2})$/;
  const normal = (text: string) => {
    const match = time.exec(text.replace('.', ':'));
    return match ? `${(match[1] ?? '').padStart(2, '0')}:${match[2]}` : undefined;
  };
  const start = normal(values.start ?? '');
  const end = normal(values.end ?? '');
  if (!values.day) errors.push({ field: 'day', text: t.timesheet.errors.dayRequired });
  else if (monthOf(values.day) !== month.month)
    errors.push({
      field: 'day',
      text: t.timesheet.errors.dayOutside(formatMonth(month.month, page.language)),
    });
  if (start === undefined) errors.push({ field: 'start', text: t.timesheet.errors.startInvalid });
  if (end === undefined) errors.push({ field: 'end', text: t.timesheet.errors.endInvalid });
  // Every problem of the form at once: an end before the start beside a missing activity.
  if (start !== undefined && end !== undefined && end <= start) {
    errors.push({ field: 'end', text: t.timesheet.errors.endBeforeStart });
  }
  if (!values.activity) errors.push({ field: 'activity', text: t.timesheet.errors.activityRequired });
  if (errors.length === 0) {
    try {
      const [entry] = storedEntriesOf(
        [{ date: values.day ?? '', start, end, activity: values.activity ?? '', confirmed: false }],
        month.month,
        (path) => ({ path: String(path[2] ?? '') }),
      );
      if (entry) {
        await saveDraft(deps, whoOf(sessionOf(c)), month, {
          ...draftBase(month, fields),
          entries: [...month.entries, entry],
        });
        return back(c, month, 'added', '#add');
      }
    } catch (error) {
      if (!(error instanceof ApiProblem) || error.kind !== 'invalid-input') throw error;
      errors.push(...entryProblems(page, month, error));
    }
  }
  return timesheetPage(c, deps, secret, { values, errors, status: 400 });
}

export async function removeEntry(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const month = await monthOf404(c, deps);
  const fields = await checkedForm(c, secret);
  if (!fields) return back(c, month, 'expired');
  const index = Number(fields.get('index'));
  const draft = draftBase(month, fields);
  await saveDraft(deps, whoOf(sessionOf(c)), month, {
    ...draft,
    entries: draft.entries.filter((_, i) => i !== index),
  });
  return back(c, month, 'removed');
}

export async function copyWeek(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const month = await monthOf404(c, deps);
  const fields = await checkedForm(c, secret);
  if (!fields) return back(c, month, 'expired');
  const monday = fields.get('week') ?? '';
  const mondays = monthCalendar(month.month).map((week) => week[0]?.date);
  if (!mondays.includes(monday)) return back(c, month, 'nothing-to-copy');
  const draft = draftBase(month, fields);
  const { entries, copied } = copyLastWeek(draft.entries, month.month, monday);
  if (copied === 0) return back(c, month, 'nothing-to-copy');
  await saveDraft(deps, whoOf(sessionOf(c)), month, { ...draft, entries });
  return back(c, month, `copied-${copied}`);
}

export async function upload(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const month = await monthOf404(c, deps);
  const { t } = pageOf(c);
  const length = Number(c.req.header('content-length') ?? 0);
  const uploadError = (text: string) =>
    timesheetPage(c, deps, secret, {
      values: {},
      errors: [{ field: 'file', text }],
      status: 400,
      uploadError: text,
    });
  if (length > MAX_UPLOAD_BYTES + 4_096) return uploadError(t.timesheet.errors.fileTooBig);
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    return uploadError(t.timesheet.errors.fileRequired);
  }
  const fields = await checkedForm(c, secret, form);
  if (!fields) return uploadError(t.common.csrfExpired);
  const file = fields.file('file');
  if (!file || file.size === 0) return uploadError(t.timesheet.errors.fileRequired);
  if (file.size > MAX_UPLOAD_BYTES) return uploadError(t.timesheet.errors.fileTooBig);
  draftBase(month, fields);
  const { entries, problems } = timesheetRowsFromCsv(await file.text(), month.month);
  // The file is the month as the assistant keeps it: it replaces the draft, its bad rows listed until corrected.
  await saveDraft(deps, whoOf(sessionOf(c)), month, {
    entries,
    rowProblems: problems.slice(0, 500),
    source: 'csv',
  });
  return back(c, month, 'uploaded');
}
