/**
 * The assistants' pages, behind the session guard (assistants only), under `/hours`:
 *
 * | route | page |
 * |---|---|
 * | `GET /hours` | your cases, each with its recent months |
 * | `GET /hours/{caseId}/{month}` | the month's timesheet: calendar, grant and what is left, deadline, entries, add, copy last week, upload |
 * | `POST …/entries`, `…/remove`, `…/copy-week`, `…/upload` | change the draft (kept server-side), back to the timesheet |
 * | `GET …/check`, `POST …/submit`, `GET …/sent` | check the month, submit it, the done page |
 * | `GET …/preview` | what the run would pay and refuse now, and why |
 * | `GET …/statement` | the month's pay statements, printable |
 *
 * Every page finds the case with the session's municipality and assistant id; a case that does not
 * name the assistant is not found (404), whether it exists or not. Forms carry a CSRF token bound
 * to the session; every change is posted, saved, and answered with a redirect (or the page again
 * with an error summary), so the pages work without JavaScript; the script only shows what would
 * be left while the assistant types a time.
 */
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import {
  type AssistantMonth,
  type AssistantWho,
  assistantCases,
  assistantMonth,
  saveDraft,
  submitMonth,
} from '../../api/assistant-month.ts';
import { timesheetRowsFromCsv } from '../../api/csv.ts';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { activitiesOn, storedEntriesOf } from '../../api/timesheet-input.ts';
import { addMonths, isYearMonth, monthOf, monthSpan, toIsoDate } from '../../domain/calendar.ts';
import { copyLastWeek, grantUse, monthCalendar, totalMinutes } from '../../domain/timesheet/month.ts';
import { isActivityCode } from '../../i18n/codes.ts';
import {
  formatClock,
  formatDate,
  formatDayDate,
  formatDuration,
  formatEuro,
  formatMonth,
} from '../../i18n/format.ts';
import { previewCaseMonth } from '../../monthly-run/settle-case-month.ts';
import { sessionGuard, sessionOf } from '../../session/middleware.ts';
import { ASSISTANT_PAGES_PATH } from '../../session/routes.ts';
import type { Session } from '../../session/session.ts';
import type { StoredTimesheet } from '../../store/entities.ts';
import type { DraftData } from '../../store/timesheet-drafts.ts';
import {
  CsrfField,
  ErrorMessage,
  type FieldProblem,
  Layout,
  MessagePage,
  type PageContext,
  Panel,
  withLanguage,
} from '../layout.tsx';
import { pageOf, readForm, redirect, respond } from '../respond.tsx';
import { checkCsrf, csrfToken } from '../security.ts';
import { forbiddenPage, SessionBar, sessionCsrfBinding } from '../sign-in.tsx';

type Entry = StoredTimesheet['entries'][number];
/** Uploads larger than this are refused before they are read. */
const MAX_UPLOAD_BYTES = 200 * 1024;

const base = ASSISTANT_PAGES_PATH;
const monthPath = (caseId: string, month: string, tail = '') =>
  `${base}/${encodeURIComponent(caseId)}/${month}${tail}`;

const whoOf = (session: Session): AssistantWho => ({
  municipality: session.municipality,
  assistantId: session.assistantId ?? session.sub,
});

const activityName = (page: PageContext, code: string) =>
  isActivityCode(code) ? page.t.activities[code] : code;
const timeOf = (entry: Entry) =>
  entry.start !== undefined && entry.end !== undefined
    ? `${formatClock(entry.start)}–${formatClock(entry.end)}`
    : '';

/**
 * A row problem's reason in the page's language: the CSV checks (functions/api/csv.ts,
 * timesheet-input.ts) word their reasons in English for the API; the page says them in its own.
 */
function csvReason(page: PageContext, message: string): string {
  const r = page.t.timesheet.csvReasons;
  const rules: [RegExp, (match: RegExpExecArray) => string][] = [
    [/^must be a date in (\d{4}-\d{2})/, (m) => r.outsideMonth(formatMonth(m[1] ?? '', page.language))],
    [/^must be a date/, () => r.date],
    [/^must be a time/, () => r.time],
    [/^must be a (whole )?number/, () => r.number],
    [/^must be one of the activities/, () => r.activity],
    [/^must be yes or no/, () => r.yesNo],
    [/^has more cells/, () => r.tooManyCells],
    [/^must be after start/, () => r.endBeforeStart],
    [/does not fit inside the day|a day starts at/, () => r.notInDay],
    [/^is required: give minutes or hours/, () => r.durationMissing],
    [/^give minutes or hours, not both|^is more than the time/, () => r.durationTooLong],
    [/^is not a column/, () => r.notAColumn],
    [/^appears twice/, () => r.twice],
    [/^the header has no (\w+) column/, (m) => r.missingColumn(m[1] ?? '')],
    [/^the header needs/, () => r.noDuration],
    [/^the file needs a header/, () => r.emptyFile],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message;
}

/** The page frame of every assistant page: the session bar, a back link, the content. */
function AssistantLayout({
  page,
  session,
  secret,
  title,
  errors,
  back,
  children,
}: {
  page: PageContext;
  session: Session;
  secret: string;
  title: string;
  errors?: readonly FieldProblem[];
  back?: { href: string; text: string };
  children?: Child;
}) {
  return (
    <Layout page={page} title={title} errors={errors}>
      <SessionBar page={page} session={session} secret={secret} />
      {back && (
        <a class="govuk-back-link" href={withLanguage(page, back.href)}>
          {back.text}
        </a>
      )}
      {children}
    </Layout>
  );
}

// ---- the cases ----------------------------------------------------------------------------------

async function casesPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const { t } = page;
  const cases = await assistantCases(deps, whoOf(session));
  const thisMonth = monthOf(toIsoDate(Math.floor(deps.clock.now().getTime() / 86_400_000)));
  const months = [addMonths(thisMonth, -1), thisMonth, addMonths(thisMonth, -2)];
  return respond(
    c,
    200,
    <AssistantLayout page={page} session={session} secret={secret} title={t.timesheet.casesTitle}>
      <h1 class="govuk-heading-l">{t.timesheet.casesTitle}</h1>
      <p class="govuk-body">{t.timesheet.casesIntro}</p>
      {cases.length === 0 && <p class="govuk-body">{t.timesheet.noCases}</p>}
      {cases.map((each) => (
        <section class="govuk-!-margin-bottom-6" aria-labelledby={`case-${each.caseId}`}>
          <h2 class="govuk-heading-m" id={`case-${each.caseId}`}>
            {t.timesheet.caseLabel(each.caseId)}
            {each.status !== 'open' && <span class="govuk-caption-m">{t.timesheet.caseClosed}</span>}
          </h2>
          <ul class="govuk-list">
            {months.map((month) => (
              <li>
                <a class="govuk-link" href={withLanguage(page, monthPath(each.caseId, month))}>
                  {t.timesheet.title(formatMonth(month, page.language))}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </AssistantLayout>,
  );
}

// ---- the month ------------------------------------------------------------------------------------

interface AddValues {
  day?: string;
  start?: string;
  end?: string;
  activity?: string;
}

function GrantBox({ page, month }: { page: PageContext; month: AssistantMonth }) {
  const { t, language } = page;
  if (!month.grant) {
    return (
      <div class="govuk-inset-text" id="grant">
        {t.timesheet.noGrant}
      </div>
    );
  }
  const uses = grantUse(month.entries, month.grant, month.month);
  const weekly = month.grant.basis === 'week';
  const monthLeft = uses.reduce((sum, use) => sum + use.leftMinutes, 0);
  return (
    <div class="app-grant" id="grant">
      <h2 class="govuk-heading-m">{t.timesheet.grantTitle}</h2>
      <p class="govuk-body">
        {t.timesheet.grant(month.grant.basis, formatDuration(month.grant.minutes, language))}
      </p>
      <dl class="govuk-summary-list govuk-summary-list--no-border">
        {uses
          .filter((use) => !weekly || use.usedMinutes > 0)
          .map((use) => (
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
              <dt class="govuk-summary-list__key">
                {weekly ? t.timesheet.weekOf(formatDate(use.period, language)) : t.timesheet.entered}
              </dt>
              <dd class="govuk-summary-list__value">
                {weekly ? `${t.timesheet.entered}: ` : ''}
                {formatDuration(use.usedMinutes, language)}
                {'; '}
                {use.overMinutes > 0 ? (
                  <strong>{`${t.timesheet.over}: ${formatDuration(use.overMinutes, language)}`}</strong>
                ) : (
                  <strong
                    data-left-minutes={String(use.leftMinutes)}
                  >{`${t.timesheet.left}: ${formatDuration(use.leftMinutes, language)}`}</strong>
                )}
              </dd>
            </div>
          ))}
      </dl>
      {!weekly && (
        <p
          class="govuk-body-s"
          data-left-after={String(monthLeft)}
          data-template={t.timesheet.afterAdding('{left}')}
          aria-live="polite"
          hidden
        ></p>
      )}
    </div>
  );
}

function MonthCalendar({ page, month }: { page: PageContext; month: AssistantMonth }) {
  const { t, language } = page;
  const minutesOn = new Map<string, number>();
  for (const entry of month.entries)
    minutesOn.set(entry.date, (minutesOn.get(entry.date) ?? 0) + entry.minutes);
  return (
    <table class="govuk-table app-calendar">
      <caption class="govuk-table__caption govuk-table__caption--m">
        {t.timesheet.calendarCaption(formatMonth(month.month, language))}
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {t.timesheet.weekdays.map((day, index) => (
            <th scope="col" class="govuk-table__header">
              <abbr title={t.timesheet.weekdaysLong[index]}>{day}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {monthCalendar(month.month).map((week) => (
          <tr class="govuk-table__row">
            {week.map((day) => {
              if (!day.inMonth) return <td class="govuk-table__cell app-calendar__outside"></td>;
              const minutes = minutesOn.get(day.date);
              return (
                <td class={`govuk-table__cell${minutes ? ' app-calendar__worked' : ''}`}>
                  <span class="app-calendar__day">{Number(day.date.slice(8))}</span>
                  {minutes !== undefined && (
                    <span class="app-calendar__hours">
                      <span aria-hidden="true">{`${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`}</span>
                      <span class="govuk-visually-hidden">{formatDuration(minutes, language)}</span>
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TextField({
  page,
  id,
  label,
  hint,
  value,
  error,
  width,
}: {
  page: PageContext;
  id: string;
  label: string;
  hint?: string;
  value: string | undefined;
  error: string | undefined;
  width: string;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label" for={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage t={page.t} id={`${id}-error`} text={error} />
      <input
        class={`govuk-input ${width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputmode="numeric"
        autocomplete="off"
        spellcheck={false}
        value={value ?? ''}
        {...(described && { 'aria-describedby': described })}
      />
    </div>
  );
}

function AddEntryForm({
  page,
  month,
  csrf,
  values,
  errors,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
  values: AddValues;
  errors: Map<string, string>;
}) {
  const { t, language } = page;
  const { first, last } = monthSpan(month.month);
  const days = Array.from({ length: last - first + 1 }, (_, i) => toIsoDate(first + i));
  const activities = activitiesOn(`${month.month}-01`);
  const dayError = errors.get('day');
  const activityError = errors.get('activity');
  return (
    <form
      method="post"
      action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/entries'))}
      novalidate
      data-add-entry
    >
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(month.draft?.version ?? 0)} />
      <h2 class="govuk-heading-m" id="add">
        {t.timesheet.addTitle}
      </h2>
      <div class={`govuk-form-group${dayError ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="day">
          {t.timesheet.dayLabel}
        </label>
        <ErrorMessage t={t} id="day-error" text={dayError} />
        <select
          class={`govuk-select${dayError ? ' govuk-select--error' : ''}`}
          id="day"
          name="day"
          {...(dayError && { 'aria-describedby': 'day-error' })}
        >
          {days.map((day) => (
            <option
              value={day}
              selected={day === (values.day ?? (month.today.startsWith(month.month) ? month.today : days[0]))}
            >
              {formatDayDate(day, language)}
            </option>
          ))}
        </select>
      </div>
      <div class="app-time-pair">
        <TextField
          page={page}
          id="start"
          label={t.timesheet.startLabel}
          hint={t.timesheet.timeHint}
          value={values.start}
          error={errors.get('start')}
          width="govuk-input--width-5"
        />
        <TextField
          page={page}
          id="end"
          label={t.timesheet.endLabel}
          hint={t.timesheet.timeHint}
          value={values.end}
          error={errors.get('end')}
          width="govuk-input--width-5"
        />
      </div>
      <div class={`govuk-form-group${activityError ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="activity">
          {t.timesheet.activityLabel}
        </label>
        <ErrorMessage t={t} id="activity-error" text={activityError} />
        <select
          class={`govuk-select${activityError ? ' govuk-select--error' : ''}`}
          id="activity"
          name="activity"
          {...(activityError && { 'aria-describedby': 'activity-error' })}
        >
          <option value="">{t.timesheet.chooseActivity}</option>
          {activities.map((activity) => (
            <option value={activity.code} selected={activity.code === values.activity}>
              {activityName(page, activity.code)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.add}
      </button>
    </form>
  );
}

function EntriesTable({
  page,
  month,
  csrf,
  removable,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
  removable: boolean;
}) {
  const { t, language } = page;
  if (month.entries.length === 0) return <p class="govuk-body">{t.timesheet.noEntries}</p>;
  return (
    // Day, time and the remove button share a cell so the table fits a 360 px phone; it scrolls sideways if it must.
    <div class="app-table-scroll">
      <table class="govuk-table app-entries">
        <caption class="govuk-table__caption govuk-table__caption--m">{t.timesheet.entriesTitle}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              {t.common.date}, {t.common.time.toLowerCase()}
            </th>
            <th scope="col" class="govuk-table__header">
              {t.common.activity}
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              {t.common.hours}
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {month.entries.map((entry, index) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">
                {formatDayDate(entry.date, language)}
                {timeOf(entry) !== '' && (
                  <>
                    <br />
                    <span class="app-nowrap">{timeOf(entry)}</span>
                  </>
                )}
                {removable && (
                  <form
                    class="app-remove"
                    method="post"
                    action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/remove'))}
                  >
                    <CsrfField token={csrf} />
                    <input type="hidden" name="version" value={String(month.draft?.version ?? 0)} />
                    <input type="hidden" name="index" value={String(index)} />
                    <button
                      type="submit"
                      class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-button--small"
                      data-module="govuk-button"
                    >
                      {t.timesheet.remove}
                      <span class="govuk-visually-hidden">
                        {' '}
                        {t.timesheet.removeHidden(formatDayDate(entry.date, language))}
                      </span>
                    </button>
                  </form>
                )}
              </td>
              <td class="govuk-table__cell">{activityName(page, entry.activity)}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {formatDuration(entry.minutes, language)}
              </td>
            </tr>
          ))}
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header" colspan={2}>
              {t.common.total}
            </th>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              <strong>{formatDuration(totalMinutes(month.entries), language)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function CopyWeekForm({ page, month, csrf }: { page: PageContext; month: AssistantMonth; csrf: string }) {
  const { t, language } = page;
  const mondays = monthCalendar(month.month)
    .slice(1)
    .map((week) => week[0]?.date ?? '');
  return (
    <form
      method="post"
      action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/copy-week'))}
      class="app-copy-week"
    >
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(month.draft?.version ?? 0)} />
      <div class="govuk-form-group">
        <label class="govuk-label" for="week">
          {t.timesheet.copyWeek}
        </label>
        <select class="govuk-select" id="week" name="week">
          {mondays.map((monday) => (
            <option value={monday}>{t.timesheet.weekOf(formatDate(monday, language))}</option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.copyWeek}
      </button>
    </form>
  );
}

function UploadForm({
  page,
  month,
  csrf,
  error,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
  error: string | undefined;
}) {
  const { t } = page;
  return (
    <form
      method="post"
      action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/upload'))}
      enctype="multipart/form-data"
      novalidate
    >
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(month.draft?.version ?? 0)} />
      <h2 class="govuk-heading-m">{t.timesheet.uploadTitle}</h2>
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="file">
          {t.timesheet.fileLabel}
        </label>
        <div id="file-hint" class="govuk-hint">
          {t.timesheet.uploadHint}
        </div>
        <ErrorMessage t={t} id="file-error" text={error} />
        <input
          class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby={`file-hint${error ? ' file-error' : ''}`}
        />
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.upload}
      </button>
    </form>
  );
}

async function timesheetPage(
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
    <AssistantLayout
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.title(monthName)}
      errors={errors}
      back={{ href: base, text: t.timesheet.backToCases }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{t.timesheet.title(monthName)}</h1>
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
      <ul class="govuk-list">
        <li>
          <a
            class="govuk-link"
            href={withLanguage(page, monthPath(month.ref.caseId, month.month, '/preview'))}
          >
            {t.timesheet.previewLink}
          </a>
        </li>
        <li>
          <a
            class="govuk-link"
            href={withLanguage(page, monthPath(month.ref.caseId, month.month, '/statement'))}
          >
            {t.timesheet.statementLink}
          </a>
        </li>
      </ul>
    </AssistantLayout>,
  );
}

/** The month of the request's case, for the session's assistant; 404 otherwise. */
async function monthOf404(c: Context, deps: ApiDeps): Promise<AssistantMonth> {
  const month = c.req.param('month') ?? '';
  if (!isYearMonth(month)) throw new ApiProblem('not-found', 'no such month');
  return assistantMonth(deps, whoOf(sessionOf(c)), c.req.param('caseId') ?? '', month);
}

/** A posted form's fields, as text (a file field is read separately). */
interface Fields {
  get(name: string): string | null;
  file(name: string): File | undefined;
}

/** A posted form, with its CSRF token checked against the session; undefined when it fails. */
async function checkedForm(c: Context, secret: string, form?: FormData): Promise<Fields | undefined> {
  const source = form ?? (await readForm(c));
  const fields: Fields = {
    get: (name) => {
      const value = source.get(name);
      return typeof value === 'string' ? value : null;
    },
    file: (name) => {
      const value = form?.get(name);
      return value instanceof File ? value : undefined;
    },
  };
  const verdict = checkCsrf(c, secret, sessionCsrfBinding(sessionOf(c)), fields.get('csrf'), new Date());
  return verdict === 'ok' ? fields : undefined;
}

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

async function addEntry(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
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

async function removeEntry(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
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

async function copyWeek(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
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

async function upload(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
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

// ---- check, submit, sent ---------------------------------------------------------------------------

async function checkPage(c: Context, deps: ApiDeps, secret: string, error?: FieldProblem): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const { t, language } = page;
  if (!month.draft) return redirect(withLanguage(page, monthPath(month.ref.caseId, month.month)));
  const csrf = csrfToken(secret, sessionCsrfBinding(session), new Date());
  const problems = month.draft.rowProblems;
  const monthName = formatMonth(month.month, language);
  return respond(
    c,
    error ? 400 : 200,
    <AssistantLayout
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.checkTitle(monthName)}
      errors={error ? [error] : []}
      back={{ href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{t.timesheet.checkTitle(monthName)}</h1>
      <EntriesTable page={page} month={month} csrf={csrf} removable={false} />
      <p class="govuk-body">{t.timesheet.checkIntro}</p>
      <form
        method="post"
        action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/submit'))}
        novalidate
      >
        <CsrfField token={csrf} />
        <input type="hidden" name="version" value={String(month.draft.version)} />
        {problems.length > 0 && (
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <fieldset
              class="govuk-fieldset"
              aria-describedby={`without-hint${error ? ' without-error' : ''}`}
            >
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                {t.timesheet.fileProblemsTitle(problems.length)}
              </legend>
              <ul class="govuk-list govuk-list--bullet" id="without-hint">
                {problems.map((problem) => (
                  <li>
                    {t.timesheet.rowProblem(problem.row, problem.column, csvReason(page, problem.message))}
                  </li>
                ))}
              </ul>
              <ErrorMessage t={t} id="without-error" text={error?.text} />
              <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                <div class="govuk-checkboxes__item">
                  <input
                    class="govuk-checkboxes__input"
                    id="without"
                    name="without"
                    type="checkbox"
                    value="yes"
                  />
                  <label class="govuk-label govuk-checkboxes__label" for="without">
                    {t.timesheet.withoutBadRows}
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
        )}
        <button type="submit" class="govuk-button" data-module="govuk-button">
          {t.timesheet.submit}
        </button>
      </form>
    </AssistantLayout>,
  );
}

async function submit(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const fields = await checkedForm(c, secret);
  if (!fields) return checkPage(c, deps, secret, { field: 'without', text: page.t.common.csrfExpired });
  try {
    await submitMonth(deps, whoOf(sessionOf(c)), month.ref.caseId, month.month, {
      version: Number(fields.get('version') ?? -1),
      withoutBadRows: fields.get('without') === 'yes',
    });
  } catch (error) {
    if (error instanceof ApiProblem && error.kind === 'invalid-input') {
      const field = error.errors?.[0]?.path === 'withoutBadRows' ? 'without' : 'without';
      const text =
        error.errors?.[0]?.path === 'withoutBadRows'
          ? page.t.timesheet.errors.rowsLeftOut
          : page.t.timesheet.errors.nothingToSubmit;
      return checkPage(c, deps, secret, { field, text });
    }
    throw error;
  }
  return redirect(withLanguage(page, monthPath(month.ref.caseId, month.month, '/sent')));
}

async function sentPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const { t } = page;
  return respond(
    c,
    200,
    <AssistantLayout page={page} session={session} secret={secret} title={t.timesheet.sentTitle}>
      <Panel title={t.timesheet.sentTitle}>{t.timesheet.caseCaption(month.ref.caseId)}</Panel>
      <p class="govuk-body">{t.timesheet.sentBody}</p>
      <ul class="govuk-list">
        <li>
          <a
            class="govuk-link"
            href={withLanguage(page, monthPath(month.ref.caseId, month.month, '/preview'))}
          >
            {t.timesheet.previewLink}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={withLanguage(page, monthPath(month.ref.caseId, month.month))}>
            {t.timesheet.backToMonth}
          </a>
        </li>
        <li>
          <a class="govuk-link" href={withLanguage(page, base)}>
            {t.timesheet.backToCases}
          </a>
        </li>
      </ul>
    </AssistantLayout>,
  );
}

// ---- before and after the run ----------------------------------------------------------------------

interface OwnHours {
  lines: { date: string; activity: string; minutes: number; amountCents: number }[];
  rejected: { date: string; activity: string; minutes: number; reason: string; detail: string }[];
}

function HoursTables({
  page,
  hours,
  paidCaption,
  refusedCaption,
}: {
  page: PageContext;
  hours: OwnHours;
  paidCaption: string;
  refusedCaption: string;
}) {
  const { t, language } = page;
  const paidMinutes = hours.lines.reduce((sum, line) => sum + line.minutes, 0);
  const paidCents = hours.lines.reduce((sum, line) => sum + line.amountCents, 0);
  return (
    <>
      <h2 class="govuk-heading-m">{paidCaption}</h2>
      {hours.lines.length === 0 ? (
        <p class="govuk-body">{t.timesheet.nothingPaid}</p>
      ) : (
        <div class="app-table-scroll">
          <table class="govuk-table app-entries">
            <caption class="govuk-table__caption govuk-visually-hidden">{paidCaption}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  {t.common.date}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t.common.activity}
                </th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {t.common.hours}
                </th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {t.common.amount}
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {hours.lines.map((line) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{formatDate(line.date, language)}</td>
                  <td class="govuk-table__cell">{activityName(page, line.activity)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">
                    {formatDuration(line.minutes, language)}
                  </td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">
                    {formatEuro(line.amountCents, language)}
                  </td>
                </tr>
              ))}
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header" colspan={2}>
                  {t.common.total}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  <strong>{formatDuration(paidMinutes, language)}</strong>
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  <strong>{formatEuro(paidCents, language)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      <h2 class="govuk-heading-m">{refusedCaption}</h2>
      {hours.rejected.length === 0 ? (
        <p class="govuk-body">{t.timesheet.nothingRefused}</p>
      ) : (
        <ul class="govuk-list app-refused">
          {hours.rejected.map((item) => (
            <li class="govuk-!-margin-bottom-3">
              <strong>{`${formatDate(item.date, language)}, ${activityName(page, item.activity)}, ${formatDuration(item.minutes, language)}`}</strong>
              <br />
              {`${t.timesheet.reason}: ${t.rejections[item.reason as keyof typeof t.rejections] ?? item.detail}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const ownHoursOf = (
  statement: {
    lines: (OwnHours['lines'][number] & { assistantId: string })[];
    rejected: (OwnHours['rejected'][number] & { assistantId: string })[];
  },
  assistantId: string,
): OwnHours => ({
  lines: statement.lines.filter((line) => line.assistantId === assistantId),
  rejected: statement.rejected.filter((item) => item.assistantId === assistantId),
});

async function previewPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const { t, language } = page;
  const preview = await previewCaseMonth(deps.store, month.ref, month.month);
  const monthName = formatMonth(month.month, language);
  return respond(
    c,
    200,
    <AssistantLayout
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.previewTitle(monthName)}
      back={{ href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{t.timesheet.previewTitle(monthName)}</h1>
      <p class="govuk-body">{t.timesheet.previewIntro}</p>
      {preview.storedStatements > 0 && <p class="govuk-inset-text">{t.timesheet.previewSettled}</p>}
      {!preview.granted && <p class="govuk-inset-text">{t.timesheet.noGrant}</p>}
      <HoursTables
        page={page}
        hours={ownHoursOf(preview.statement, whoOf(session).assistantId)}
        paidCaption={t.timesheet.willBePaid}
        refusedCaption={t.timesheet.willNotBePaid}
      />
    </AssistantLayout>,
  );
}

async function statementPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const { t, language } = page;
  const statements = await deps.store.statements.forMonth(month.ref, month.month);
  const monthName = formatMonth(month.month, language);
  return respond(
    c,
    200,
    <AssistantLayout
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.statementTitle(monthName)}
      back={{ href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{t.timesheet.statementTitle(monthName)}</h1>
      {statements.length === 0 && <p class="govuk-body">{t.timesheet.noStatement}</p>}
      {statements.map((stored) => (
        <section class="app-statement">
          <h2 class="govuk-heading-m">
            {stored.sequence === 0 ? t.statement.original : t.statement.supplementary(stored.sequence)}
            <span class="govuk-caption-m">{formatDate(stored.settledAt.slice(0, 10), language)}</span>
          </h2>
          <HoursTables
            page={page}
            hours={ownHoursOf(stored.statement, whoOf(session).assistantId)}
            paidCaption={t.timesheet.paidTotal}
            refusedCaption={t.timesheet.refusedTotal}
          />
        </section>
      ))}
      {statements.length > 0 && (
        <button type="button" class="govuk-button govuk-button--secondary app-no-print" data-print hidden>
          {t.common.print}
        </button>
      )}
    </AssistantLayout>,
  );
}

// ---- routes ----------------------------------------------------------------------------------------

type Handler = (c: Context, deps: ApiDeps, secret: string) => Promise<Response>;

/** Answers a case or month that is not the assistant's (or a draft changed elsewhere) with a page. */
function guarded(deps: ApiDeps, secret: string, handler: Handler) {
  return async (c: Context): Promise<Response> => {
    try {
      return await handler(c, deps, secret);
    } catch (error) {
      const page = pageOf(c);
      if (error instanceof ApiProblem && error.kind === 'not-found') {
        return respond(
          c,
          404,
          <MessagePage page={page} title={page.t.links.notFoundTitle} body={page.t.timesheet.noCases} />,
        );
      }
      if (error instanceof ApiProblem && error.kind === 'conflict') {
        return respond(
          c,
          409,
          <MessagePage page={page} title={page.t.links.errorTitle} body={page.t.timesheet.errors.conflict} />,
        );
      }
      deps.log?.({
        level: 'error',
        message: 'page failed',
        requestId: 'page',
        method: c.req.method,
        route: `${base}/…`,
        status: 500,
        errorName: error instanceof Error ? error.name : 'Error',
      });
      return respond(
        c,
        500,
        <MessagePage page={page} title={page.t.links.errorTitle} body={page.t.links.errorBody} />,
      );
    }
  };
}

/** The assistants' pages, behind the session guard; nothing when the app has no session config. */
export function mountAssistantPages(app: Hono, deps: ApiDeps): void {
  const config = deps.session;
  if (!config) return;
  const secret = config.secret;
  const guard = sessionGuard(config, 'assistant', forbiddenPage);
  app.use(base, guard);
  app.use(`${base}/*`, guard);
  const month = `${base}/:caseId/:month`;
  app.get(base, guarded(deps, secret, casesPage));
  app.get(
    month,
    guarded(deps, secret, (c, d, s) => timesheetPage(c, d, s)),
  );
  app.post(`${month}/entries`, guarded(deps, secret, addEntry));
  app.post(`${month}/remove`, guarded(deps, secret, removeEntry));
  app.post(`${month}/copy-week`, guarded(deps, secret, copyWeek));
  app.post(`${month}/upload`, guarded(deps, secret, upload));
  app.get(
    `${month}/check`,
    guarded(deps, secret, (c, d, s) => checkPage(c, d, s)),
  );
  app.post(`${month}/submit`, guarded(deps, secret, submit));
  app.get(`${month}/sent`, guarded(deps, secret, sentPage));
  app.get(`${month}/preview`, guarded(deps, secret, previewPage));
  app.get(`${month}/statement`, guarded(deps, secret, statementPage));
}
