/**
 * `GET /hours/{caseId}/{month}`: the month's timesheet: the deadline, what was just done, the grant
 * and what is left, the calendar, the entries, and the forms to add a day, copy a week or upload a
 * file. The posts that change the draft (changes.tsx) show it again with their problems.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { formatDate, formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import { LinkList } from '../components/link-list.tsx';
import { type FieldProblem, withLanguage } from '../layout.tsx';
import { pageOf, respond } from '../respond.tsx';
import { csrfToken } from '../security.ts';
import { sessionCsrfBinding } from '../sign-in.tsx';
import { GrantBox, MonthCalendar } from './calendar.tsx';
import { CopyWeekForm } from './copy-week.tsx';
import { AddEntryForm, type AddValues } from './day-form.tsx';
import { EntriesTable } from './entries.tsx';
import { base, MonthPage, monthOf404, monthPath, whoOf } from './frame.tsx';
import { csvReason, UploadForm } from './upload.tsx';

export async function timesheetPage(
  c: Context,
  deps: ApiDeps,
  secret: string,
  form?: { values: AddValues; errors: FieldProblem[]; status: number; uploadError?: string },
): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const assistant = month.person.contacts.find(
    (contact) => contact.role === 'assistant' && contact.id === whoOf(session).assistantId,
  );
  const page = pageOf(c, assistant?.language);
  const { t, language } = page;
  const csrf = csrfToken(secret, sessionCsrfBinding(session), new Date());
  const monthName = formatMonth(month.month, language);
  const problems = month.draft?.rowProblems ?? [];
  const errors: FieldProblem[] = [
    ...(form?.errors ?? []),
    ...problems.map((problem) => ({
      field: 'file',
      text: t.timesheet.rowProblem(problem.row, problem.column, csvReason(page, problem.message)),
    })),
  ];
  const fieldErrors = new Map((form?.errors ?? []).map((error) => [error.field, error.text]));
  const notice = c.req.query('done');
  const copied = /^copied-(\d{1,3})$/.exec(notice ?? '')?.[1];
  const noticeText =
    copied !== undefined
      ? t.timesheet.copied(Number(copied))
      : notice === 'added'
        ? t.timesheet.added
        : notice === 'removed'
          ? t.timesheet.removed
          : notice === 'nothing-to-copy'
            ? t.timesheet.nothingToCopy
            : undefined;
  const late = month.today > month.deadline;
  return respond(
    c,
    form?.status ?? 200,
    <MonthPage
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.title(monthName)}
      errors={errors}
      back={{ href: base, text: t.timesheet.backToCases }}
      month={month}
    >
      <p class="govuk-body-l app-deadline">
        <strong>
          {late
            ? t.timesheet.deadlinePassed(formatDate(month.deadline, language))
            : t.timesheet.deadline(formatDate(month.deadline, language))}
        </strong>
      </p>
      {noticeText !== undefined && (
        <div
          class="govuk-notification-banner govuk-notification-banner--success"
          role="status"
          aria-labelledby="notice-title"
        >
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading" id="notice-title">
              {noticeText} {month.draft ? t.timesheet.draftSaved : ''}
            </p>
          </div>
        </div>
      )}
      {month.submitted && (
        <p class="govuk-inset-text">
          {t.timesheet.submittedOn(formatDate(month.submitted.submittedAt.slice(0, 10), language))}
          {month.draft ? ` ${t.timesheet.draftAfterSubmit}` : ''}
        </p>
      )}
      {problems.length > 0 && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">{t.common.warning}</span>
            {t.timesheet.fileProblemsTitle(problems.length)}. {t.timesheet.goodRowsKept(month.entries.length)}{' '}
            {t.timesheet.fixOrSubmit}
          </strong>
        </div>
      )}
      <GrantBox page={page} month={month} />
      <MonthCalendar page={page} month={month} />
      <EntriesTable page={page} month={month} csrf={csrf} removable={true} />
      {month.draft && month.entries.length > 0 && (
        <a
          class="govuk-button"
          href={withLanguage(page, monthPath(month.ref.caseId, month.month, '/check'))}
          draggable="false"
        >
          {t.timesheet.continueToCheck}
        </a>
      )}
      <AddEntryForm page={page} month={month} csrf={csrf} values={form?.values ?? {}} errors={fieldErrors} />
      <CopyWeekForm page={page} month={month} csrf={csrf} />
      <UploadForm page={page} month={month} csrf={csrf} error={form?.uploadError} />
      <LinkList
        page={page}
        links={[
          { href: monthPath(month.ref.caseId, month.month, '/preview'), text: t.timesheet.previewLink },
          { href: monthPath(month.ref.caseId, month.month, '/statement'), text: t.timesheet.statementLink },
        ]}
      />
    </MonthPage>,
  );
}
