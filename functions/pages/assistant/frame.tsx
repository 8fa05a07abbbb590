/**
 * What every assistant page shares: its addresses, who the session's assistant is, the month of
 * the request (404 when the case does not name the assistant), the page frame, and how an entry's
 * activity and time read.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { type AssistantMonth, type AssistantWho, assistantMonth } from '../../api/assistant-month.ts';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { isYearMonth } from '../../domain/calendar.ts';
import { isActivityCode } from '../../i18n/codes.ts';
import { formatClock, formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import { ASSISTANT_PAGES_PATH } from '../../session/routes.ts';
import type { Session } from '../../session/session.ts';
import type { StoredTimesheet } from '../../store/entities.ts';
import { CsrfField, type FieldProblem, Layout, type PageContext, withLanguage } from '../layout.tsx';
import { pageOf, readForm } from '../respond.tsx';
import { checkCsrf } from '../security.ts';
import { SessionBar, sessionCsrfBinding } from '../sign-in.tsx';

export type Entry = StoredTimesheet['entries'][number];

export const base = ASSISTANT_PAGES_PATH;
export const monthPath = (caseId: string, month: string, tail = '') =>
  `${base}/${encodeURIComponent(caseId)}/${month}${tail}`;

export const whoOf = (session: Session): AssistantWho => ({
  municipality: session.municipality,
  assistantId: session.assistantId ?? session.sub,
});

export const activityName = (page: PageContext, code: string) =>
  isActivityCode(code) ? page.t.activities[code] : code;
export const timeOf = (entry: Entry) =>
  entry.start !== undefined && entry.end !== undefined
    ? `${formatClock(entry.start)}–${formatClock(entry.end)}`
    : '';

/** The month of the request's case, for the session's assistant; 404 otherwise. */
export async function monthOf404(c: Context, deps: ApiDeps): Promise<AssistantMonth> {
  const month = c.req.param('month') ?? '';
  if (!isYearMonth(month)) throw new ApiProblem('not-found', 'no such month');
  return assistantMonth(deps, whoOf(sessionOf(c)), c.req.param('caseId') ?? '', month);
}

/** The hidden fields of a form that changes the draft: its CSRF token and the draft's version it was shown. */
export const DraftFields = ({ csrf, month }: { csrf: string; month: AssistantMonth }) => (
  <>
    <CsrfField token={csrf} />
    <input type="hidden" name="version" value={String(month.draft?.version ?? 0)} />
  </>
);

/** The page frame of every assistant page: the session bar, a back link, the content. */
export function AssistantLayout({
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
  errors?: readonly FieldProblem[] | undefined;
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

/** A page of one month: the frame, the case above the title, and a way back (to the month, unless told). */
export function MonthPage({
  month,
  back,
  children,
  ...frame
}: Parameters<typeof AssistantLayout>[0] & { month: AssistantMonth }) {
  const { t } = frame.page;
  return (
    <AssistantLayout
      {...frame}
      back={back ?? { href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{frame.title}</h1>
      {children}
    </AssistantLayout>
  );
}

/**
 * What a page of one month starts from: the session, the month (404 when it is not the assistant's),
 * the page, and all of them as the props of its {@link MonthPage}.
 */
export async function monthRequest(c: Context, deps: ApiDeps, secret: string) {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const monthName = formatMonth(month.month, page.language);
  return { session, month, page, monthName, frame: { page, session, secret, month } };
}

/** A posted form's fields, as text (a file field is read separately). */
export interface Fields {
  get(name: string): string | null;
  file(name: string): File | undefined;
}

/** A posted form, with its CSRF token checked against the session; undefined when it fails. */
export async function checkedForm(c: Context, secret: string, form?: FormData): Promise<Fields | undefined> {
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
