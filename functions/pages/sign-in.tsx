/**
 * Sign-in and sign-out for staff and assistants (functions/session/ holds the session itself):
 *
 * | route | what |
 * |---|---|
 * | `GET /sign-in?next=` | on AWS: to the managed login (code flow with PKCE); locally: the development sign-in page listing the seeded users |
 * | `POST /sign-in` | locally only: signs in as the chosen seeded user (CSRF-checked) |
 * | `GET /sign-in/callback` | on AWS: the managed login's answer; the ID token verified, the session set |
 * | `POST /sign-out` | ends the session (CSRF bound to it), then the managed login's sign-out on AWS |
 * | `GET /signed-out` | says so, with a way to sign in again |
 *
 * Other pages use {@link SessionBar} (who is signed in, and the sign-out button) and
 * {@link forbiddenPage} (the guard's answer to a signed-in person without the page's group).
 *
 * @example
 * mountSignIn(app, deps); // before the pages that use sessionGuard
 */
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ApiDeps } from '../api/route.ts';
import {
  authorizeUrl,
  exchangeCode,
  logoutUrl,
  newPendingSignIn,
  openPendingSignIn,
  SIGNED_OUT_PATH,
  safeNextPath,
  sealPendingSignIn,
  verifyIdToken,
} from '../session/cognito.ts';
import {
  currentSession,
  type DevelopmentUser,
  endSession,
  homeOf,
  type SessionConfig,
  SIGN_IN_PATH,
  startSession,
} from '../session/middleware.ts';
import { isLocalHttp, type Session } from '../session/session.ts';
import { CsrfField, ErrorMessage, Layout, MessagePage, type PageContext, withLanguage } from './layout.tsx';
import { pageOf, readForm, redirect, respond } from './respond.tsx';
import { checkCsrf, csrfToken } from './security.ts';

const SIGN_IN_CSRF = 'sign-in';
export const sessionCsrfBinding = (session: Pick<Session, 'id'>) => `session:${session.id}`;

const pendingCookieName = (config: SessionConfig) =>
  isLocalHttp(config.appUrl) ? 'atbalsts-sign-in' : '__Host-atbalsts-sign-in';
const pendingCookieOptions = (config: SessionConfig) => ({
  path: '/',
  httpOnly: true,
  secure: !isLocalHttp(config.appUrl),
  sameSite: 'Lax' as const,
});

const nowOf = (config: SessionConfig) => (config.now ?? (() => new Date()))();

/** Who is signed in, and the sign-out button: the top of every staff and assistant page. */
export function SessionBar({
  page,
  session,
  secret,
}: {
  page: PageContext;
  session: Session;
  secret: string;
}) {
  return (
    <div class="app-session-bar">
      <p class="govuk-body-s app-session-bar__who">
        {page.t.signIn.signedInAs(session.assistantId ?? session.sub)}
      </p>
      <form method="post" action={withLanguage(page, '/sign-out')} class="app-session-bar__form">
        <CsrfField token={csrfToken(secret, sessionCsrfBinding(session), new Date())} />
        <button
          type="submit"
          class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          data-module="govuk-button"
        >
          {page.t.signIn.signOut}
        </button>
      </form>
    </div>
  );
}

/** The guard's answer to a signed-in person without the page's group. */
export function forbiddenPage(c: Context): Promise<Response> {
  const page = pageOf(c);
  return respond(
    c,
    403,
    <MessagePage page={page} title={page.t.signIn.forbiddenTitle} body={page.t.signIn.forbiddenBody} />,
  );
}

function DevelopmentSignInPage({
  page,
  users,
  csrf,
  next,
  error,
}: {
  page: PageContext;
  users: readonly DevelopmentUser[];
  csrf: string;
  next: string | undefined;
  error?: string;
}) {
  const { t } = page;
  const errors = error ? [{ field: `user-${users[0]?.sub ?? ''}`, text: error }] : [];
  return (
    <Layout page={page} title={t.signIn.developmentTitle} errors={errors}>
      <form method="post" action={withLanguage(page, SIGN_IN_PATH)} novalidate>
        <CsrfField token={csrf} />
        {next !== undefined && <input type="hidden" name="next" value={next} />}
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <fieldset class="govuk-fieldset" aria-describedby={`users-hint${error ? ' users-error' : ''}`}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
              <h1 class="govuk-fieldset__heading">{t.signIn.developmentTitle}</h1>
            </legend>
            <div id="users-hint" class="govuk-hint">
              {t.signIn.developmentIntro}
            </div>
            <ErrorMessage t={t} id="users-error" text={error} />
            <div class="govuk-radios" data-module="govuk-radios">
              {users.map((user) => (
                <div class="govuk-radios__item">
                  <input
                    class="govuk-radios__input"
                    id={`user-${user.sub}`}
                    name="user"
                    type="radio"
                    value={user.sub}
                  />
                  <label class="govuk-label govuk-radios__label" for={`user-${user.sub}`}>
                    {t.signIn.user(t.signIn.roles[user.role], user.municipality || 'LV', user.sub)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" class="govuk-button" data-module="govuk-button">
          {t.signIn.title}
        </button>
      </form>
    </Layout>
  );
}

export function mountSignIn(app: Hono, deps: ApiDeps): void {
  const config = deps.session;
  if (!config) return;
  const signIn = config.signIn;
  const secret = config.secret;

  app.get(SIGN_IN_PATH, async (c) => {
    const next = safeNextPath(c.req.query('next'));
    if (signIn.kind === 'development') {
      const page = pageOf(c);
      const csrf = csrfToken(secret, SIGN_IN_CSRF, nowOf(config));
      return respond(
        c,
        200,
        <DevelopmentSignInPage page={page} users={signIn.users} csrf={csrf} next={next} />,
      );
    }
    const pending = newPendingSignIn(next ?? '');
    setCookie(c, pendingCookieName(config), await sealPendingSignIn(config, pending, nowOf(config)), {
      ...pendingCookieOptions(config),
      maxAge: 600,
    });
    return c.redirect(authorizeUrl(signIn, config.appUrl, pending), 303);
  });

  if (signIn.kind === 'development') {
    app.post(SIGN_IN_PATH, async (c) => {
      const form = await readForm(c);
      const page = pageOf(c, undefined, SIGN_IN_PATH);
      const next = safeNextPath(form.get('next') ?? undefined);
      const fresh = csrfToken(secret, SIGN_IN_CSRF, nowOf(config));
      const again = (error: string) =>
        respond(
          c,
          400,
          <DevelopmentSignInPage page={page} users={signIn.users} csrf={fresh} next={next} error={error} />,
        );
      if (checkCsrf(c, secret, SIGN_IN_CSRF, form.get('csrf'), nowOf(config)) !== 'ok') {
        return again(page.t.common.csrfExpired);
      }
      const user = signIn.users.find((each) => each.sub === form.get('user'));
      if (!user) return again(page.t.signIn.chooseUser);
      const { role: _role, ...identity } = user;
      const session = await startSession(c, config, identity);
      const location = next ?? homeOf(session);
      return c.redirect(withLanguage(page, location), 303);
    });
  }

  app.get('/sign-in/callback', async (c) => {
    const page = pageOf(c);
    const failed = () =>
      respond(
        c,
        400,
        <MessagePage page={page} title={page.t.signIn.failedTitle} body={page.t.signIn.failedBody} />,
      );
    if (signIn.kind !== 'cognito') return failed();
    const pending = await openPendingSignIn(config, getCookie(c, pendingCookieName(config)), nowOf(config));
    deleteCookie(c, pendingCookieName(config), pendingCookieOptions(config));
    const code = c.req.query('code');
    if (!pending || !code || c.req.query('state') !== pending.state) return failed();
    try {
      const idToken = await exchangeCode(signIn, config.appUrl, code, pending.verifier);
      const identity = await verifyIdToken(signIn, idToken, pending.nonce, nowOf(config));
      const session = await startSession(c, config, identity);
      return c.redirect(safeNextPath(pending.next) ?? homeOf(session), 303);
    } catch (error) {
      deps.log?.({
        level: 'info',
        message: 'sign-in failed',
        requestId: 'sign-in',
        method: 'GET',
        route: '/sign-in/callback',
        status: 400,
        errorName: error instanceof Error ? error.name : 'Error',
      });
      return failed();
    }
  });

  app.post('/sign-out', async (c) => {
    const form = await readForm(c);
    const session = await currentSession(c, config);
    // A sign-out without a valid session or token still ends whatever cookie there is.
    if (
      session &&
      checkCsrf(c, secret, sessionCsrfBinding(session), form.get('csrf'), nowOf(config)) !== 'ok'
    ) {
      return redirect(withLanguage(pageOf(c), homeOf(session)));
    }
    endSession(c, config);
    const location =
      signIn.kind === 'cognito' ? logoutUrl(signIn, config.appUrl) : withLanguage(pageOf(c), SIGNED_OUT_PATH);
    return c.redirect(location, 303);
  });

  app.get(SIGNED_OUT_PATH, (c) => {
    const page = pageOf(c);
    const { t } = page;
    return respond(
      c,
      200,
      <Layout page={page} title={t.signIn.signedOutTitle}>
        <h1 class="govuk-heading-l">{t.signIn.signedOutTitle}</h1>
        <p class="govuk-body">{t.signIn.signedOutBody}</p>
        <a class="govuk-button" href={withLanguage(page, SIGN_IN_PATH)} draggable="false">
          {t.signIn.signInAgain}
        </a>
      </Layout>,
    );
  });
}
