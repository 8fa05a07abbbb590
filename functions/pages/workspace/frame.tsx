/**
 * What the coordinators' workspace pages share, on the pages' foundation (layout, respond,
 * CSRF) and the staff session (functions/session): the workspace's navigation, the caller as
 * the API's staff principal (municipality and role from the session, never from a form), the
 * CSRF token of the session's forms, running an API route's own handler from a form (one
 * validation, one command, for JSON and for pages) with its problems turned into an error summary,
 * a not-found page, and small formatting helpers.
 *
 * @example
 * const result = await runApiRoute(c, deps, submitAssessmentRoute, { caseId }, body);
 * if (result.kind === 'invalid') return form(result.errors);
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { StaffPrincipal } from '../../api/auth.ts';
import { type ApiDeps, problemReply, type Reply, type Route } from '../../api/route.ts';
import { workspacePaths } from '../../domain/work-queue/paths.ts';
import { formatDate, formatInstant } from '../../i18n/format.ts';
import { type SessionConfig, type SessionNeed, sessionGuard } from '../../session/middleware.ts';
import type { Session } from '../../session/session.ts';
import {
  CsrfField,
  type FieldProblem,
  Layout,
  MessagePage,
  type PageContext,
  withLanguage,
} from '../layout.tsx';
import { guarded, type PageHandler, pageOf, respond } from '../respond.tsx';
import { checkCsrf, csrfToken } from '../security.ts';

/** The CSRF binding of a session's forms (the same as the sign-out form's). */
export const sessionBinding = (session: Pick<Session, 'id'>) => `session:${session.id}`;

/** The signed-in person as the API's routes know a staff caller. */
export function staffOf(session: Session): StaffPrincipal {
  return {
    kind: 'staff',
    role: session.groups.includes('coordinators') ? 'coordinator' : 'supervisor',
    userId: session.sub,
    municipality: session.municipality,
  };
}

export const isCoordinator = (session: Session) => session.groups.includes('coordinators');

/** A fresh CSRF token for the session's forms. */
export const csrfFor = (deps: ApiDeps, session: Session) =>
  csrfToken(deps.session?.secret ?? deps.config.linkSecret, sessionBinding(session), new Date());

/** Whether a posted form's CSRF token is the session's and fresh. */
export const csrfOk = (c: Context, deps: ApiDeps, session: Session, form: URLSearchParams) =>
  checkCsrf(
    c,
    deps.session?.secret ?? deps.config.linkSecret,
    sessionBinding(session),
    form.get('csrf'),
    new Date(),
  ) === 'ok';

/**
 * The staff's bar at the top of every workspace and ministry page: the navigation (the current
 * page marked), who is signed in, and signing out.
 */
export function StaffBar({
  page,
  csrf,
  label,
  links,
  signedInAs,
}: {
  page: PageContext;
  csrf: string;
  label: string;
  links: readonly { href: string; text: string }[];
  signedInAs: string;
}) {
  return (
    <div class="app-workspace-bar">
      <nav aria-label={label} class="app-workspace-nav">
        <ul class="govuk-list app-workspace-nav__list">
          {links.map(({ href, text }) => {
            const current = page.path === href;
            return (
              <li class={`app-workspace-nav__item${current ? ' app-workspace-nav__item--current' : ''}`}>
                <a
                  class="govuk-link govuk-link--no-visited-state"
                  href={withLanguage(page, href)}
                  {...(current && { 'aria-current': 'page' })}
                >
                  {text}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <form method="post" action={withLanguage(page, '/sign-out')} class="app-workspace-bar__session">
        <span class="govuk-body-s">{signedInAs}</span> <CsrfField token={csrf} />
        <button
          type="submit"
          class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          data-module="govuk-button"
        >
          {page.t.workspace.nav.signOut}
        </button>
      </form>
    </div>
  );
}

/** The workspace's navigation and who is signed in, at the top of every workspace page. */
export function WorkspaceNav({ page, session, csrf }: { page: PageContext; session: Session; csrf: string }) {
  const w = page.t.workspace;
  return (
    <StaffBar
      page={page}
      csrf={csrf}
      label={w.nav.label}
      links={[
        { href: workspacePaths.queue(), text: w.nav.queue },
        ...(isCoordinator(session) ? [{ href: workspacePaths.newCase(), text: w.nav.newCase }] : []),
        { href: workspacePaths.runs(), text: w.nav.runs },
      ]}
      signedInAs={w.nav.signedInAs(session.sub, session.municipality)}
    />
  );
}

export interface StaffPageProps {
  page: PageContext;
  session: Session;
  csrf: string;
  title: string;
  errors?: readonly FieldProblem[];
  children?: Child;
}

/** A staff page: the layout, the workspace's or the ministry's navigation, then the page's own content. */
export function StaffPage({
  nav: Nav,
  page,
  session,
  csrf,
  title,
  errors,
  children,
}: StaffPageProps & { nav: (props: { page: PageContext; session: Session; csrf: string }) => Child }) {
  return (
    <Layout page={page} title={title} errors={errors}>
      <Nav page={page} session={session} csrf={csrf} />
      {children}
    </Layout>
  );
}

/** A workspace page: the layout, the workspace's navigation, then the page's own content. */
export const WorkspacePage = (props: StaffPageProps) => <StaffPage {...props} nav={WorkspaceNav} />;

export const notFoundPage = (c: Context, page: PageContext) =>
  respond(
    c,
    404,
    <MessagePage
      page={page}
      title={page.t.workspace.problems.notFoundTitle}
      body={page.t.workspace.problems.notFoundBody}
    />,
  );

export const forbiddenWorkspacePage = (c: Context, page: PageContext) =>
  respond(
    c,
    403,
    <MessagePage
      page={page}
      title={page.t.workspace.problems.forbiddenTitle}
      body={page.t.workspace.problems.forbiddenBody}
    />,
  );

/**
 * Wrap the staff's and the ministry's page handlers in the session guard for `need`: a person
 * without the group gets the forbidden page, and anything unexpected is the failure page too,
 * logged by the error's name only.
 *
 * @example
 * const withSession = sessionPages(deps, deps.session, 'staff-read');
 * app.get('/workspace', withSession('/workspace', (c) => queuePage(c, deps)));
 */
export function sessionPages(
  deps: ApiDeps,
  config: SessionConfig,
  need: SessionNeed,
): (route: string, handler: PageHandler) => PageHandler {
  const guard = sessionGuard(config, need, (c) => forbiddenWorkspacePage(c, pageOf(c)));
  return (route, handler) => async (c) => {
    const answered = await guard(c, async () => {
      c.res = await guarded(deps, route, handler)(c);
    });
    return answered ?? c.res;
  };
}

export const phaseName = (page: PageContext, phase: string) => page.t.workspace.phases[phase] ?? phase;

export const conflictPage = (c: Context, page: PageContext, phase: string | undefined) =>
  respond(
    c,
    409,
    <MessagePage
      page={page}
      title={page.t.workspace.problems.conflictTitle}
      body={page.t.workspace.problems.conflictBody(phaseName(page, phase ?? '?'))}
    />,
  );

export const date = (page: PageContext, iso: string) => formatDate(iso.slice(0, 10), page.language);
export const instant = (page: PageContext, iso: string) => formatInstant(iso, page.language);

/** A problem of a form field: the API's path (`body.person.contacts[0].email`) and its message. */
export interface RouteFieldError {
  path: string;
  message: string;
}

export type RouteOutcome =
  | { kind: 'done'; reply: Reply }
  | { kind: 'invalid'; errors: RouteFieldError[] }
  | { kind: 'not-found' }
  | { kind: 'conflict'; phase?: string };

const pathOf = (parts: readonly PropertyKey[]) =>
  parts.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}.${String(part)}`),
    'body',
  );

/**
 * Run an API route's own handler for a form: the route's body schema checks the form's values,
 * then the handler checks and commands exactly as for a JSON client. Bad fields come back to the
 * form; a case not found or moved on comes back as such; anything else is thrown.
 */
export async function runApiRoute(
  c: Context,
  deps: ApiDeps,
  route: Route,
  session: Session,
  params: Record<string, string>,
  body: unknown,
): Promise<RouteOutcome> {
  const parsedParams = route.params.safeParse(params);
  if (!parsedParams.success) return { kind: 'not-found' };
  let parsedBody: unknown;
  if (route.body) {
    const parsed = route.body.schema.safeParse(body);
    if (!parsed.success) {
      return {
        kind: 'invalid',
        errors: parsed.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
      };
    }
    parsedBody = parsed.data;
  }
  try {
    const reply = await route.handle({
      deps,
      params: parsedParams.data,
      query: {},
      body: parsedBody,
      staff: staffOf(session),
      assistant: undefined as never,
      locate: (path) => ({ path: pathOf(path) }),
      rawBody: '',
      hono: c,
    });
    return { kind: 'done', reply };
  } catch (error) {
    const problem = problemReply(error);
    const detail = problem.body as { errors?: { path: string; message: string }[]; phase?: string };
    if (problem.status === 404) return { kind: 'not-found' };
    if (problem.status === 409)
      return { kind: 'conflict', ...(detail.phase !== undefined && { phase: detail.phase }) };
    if (problem.status === 422) return { kind: 'invalid', errors: detail.errors ?? [] };
    throw error;
  }
}

/**
 * The error summary's rows for a form: each API path mapped to the form's field id (the first
 * field when the path is not one of the form's), with a message in the page's language.
 */
export function fieldProblems(
  page: PageContext,
  errors: readonly RouteFieldError[],
  fieldOf: (path: string) => { id: string; label: string } | undefined,
  first: { id: string; label: string },
): FieldProblem[] {
  const p = page.t.workspace.problems;
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = fieldOf(error.path) ?? first;
    if (seen.has(field.id)) continue;
    seen.add(field.id);
    const text = /received undefined|required|must name at least|expected (string|number), received/i.test(
      error.message,
    )
      ? p.required
      : /email/i.test(error.path) || /email/i.test(error.message)
        ? p.email
        : /YYYY|date/i.test(error.message)
          ? p.dateFormat
          : /appears twice/.test(error.message)
            ? p.rankTwice
            : /not be more than unitsPerMonth/.test(error.message)
              ? p.minimumAboveUnits
              : /exists/.test(error.message)
                ? p.caseExists
                : /letters, digits/.test(error.message)
                  ? p.id
                  : p.invalid;
    problems.push({ field: field.id, text: `${field.label}: ${text}` });
  }
  return problems;
}

/** The error a field shows, from the summary's rows. */
export const errorOf = (problems: readonly FieldProblem[], id: string) =>
  problems.find((problem) => problem.field === id)?.text;
