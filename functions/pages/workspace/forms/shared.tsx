/**
 * What every coordinator form shares: reading a posted form (a coordinator's, with the session's
 * CSRF token), its values as text or numbers, the answer to a command refused for a reason other
 * than a bad field, and sending the browser to the case page, which says what happened.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ApiDeps } from '../../../api/route.ts';
import { rigaDateOf } from '../../../domain/calendar.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { type FieldProblem, type PageContext, withLanguage } from '../../layout.tsx';
import { pageOf, readForm, redirect, respond } from '../../respond.tsx';
import {
  conflictPage,
  csrfFor,
  csrfOk,
  forbiddenWorkspacePage,
  isCoordinator,
  notFoundPage,
  type RouteOutcome,
  WorkspacePage,
} from '../frame.tsx';

/** Today in Riga, the default of a form's dates. */
export const today = (deps: ApiDeps) => rigaDateOf(deps.clock.now());

/** A form's value, trimmed; nothing for an empty one. */
export const text = (form: URLSearchParams, name: string) => {
  const value = form.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** A form's number (a decimal comma too); the text as it is when it is not one, for the route to refuse. */
export const numberOf = (form: URLSearchParams, name: string) => {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : value;
};

/** Where a command's page sends the browser: the case, saying what happened. */
export const doneAt = (page: PageContext, caseId: string, done: string) =>
  redirect(withLanguage(page, `${workspacePaths.case(caseId)}?done=${done}`));

/** The answer to a command that did not go through for a reason other than a bad field. */
export function refused(c: Context, page: PageContext, outcome: RouteOutcome): Promise<Response> | undefined {
  if (outcome.kind === 'not-found') return notFoundPage(c, page);
  if (outcome.kind === 'conflict') return conflictPage(c, page, outcome.phase);
  return undefined;
}

/** Only a coordinator's form, with the session's token: otherwise a page that says why. */
export async function postedForm(c: Context, deps: ApiDeps): Promise<URLSearchParams | Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  if (!isCoordinator(session)) return forbiddenWorkspacePage(c, page);
  const form = await readForm(c);
  if (!csrfOk(c, deps, session, form)) {
    return respond(
      c,
      400,
      <WorkspacePage
        page={page}
        session={session}
        csrf={csrfFor(deps, session)}
        title={page.t.common.csrfExpired}
      >
        <h1 class="govuk-heading-l">{page.t.common.csrfExpired}</h1>
      </WorkspacePage>,
    );
  }
  return form;
}

/** A form posting to `action` (in the page's language) with the session's CSRF token. */
export function PostForm({
  page,
  action,
  csrf,
  children,
}: {
  page: PageContext;
  action: string;
  csrf: string;
  children?: Child;
}) {
  return (
    <form method="post" action={withLanguage(page, action)} novalidate>
      <input type="hidden" name="csrf" value={csrf} />
      {children}
    </form>
  );
}

/**
 * A coordinator's form page: back to the case (when it is a case's form), the heading, the intro,
 * and the form with its fields; with the error summary of `problems`.
 */
export function formPage(
  c: Context,
  deps: ApiDeps,
  {
    status,
    title,
    problems,
    caseId,
    intro,
    action,
  }: {
    status: number;
    title: string;
    problems: readonly FieldProblem[];
    caseId?: string;
    intro?: string | undefined;
    action: string;
  },
  fields: Child,
): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const csrf = csrfFor(deps, session);
  return respond(
    c,
    status,
    <WorkspacePage page={page} session={session} csrf={csrf} title={title} errors={problems}>
      {caseId !== undefined && (
        <a class="govuk-back-link" href={withLanguage(page, workspacePaths.case(caseId))}>
          {page.t.workspace.common.backToCase}
        </a>
      )}
      <h1 class="govuk-heading-xl">{title}</h1>
      {intro !== undefined && <p class="govuk-body">{intro}</p>}
      <PostForm page={page} action={action} csrf={csrf}>
        {fields}
      </PostForm>
    </WorkspacePage>,
  );
}

/** Whether the case is one of the session's municipality (another municipality's is not found). */
export const caseIsOurs = async (c: Context, deps: ApiDeps, caseId: string) =>
  (await deps.store.cases.get({ municipality: sessionOf(c).municipality, caseId })) !== undefined;
