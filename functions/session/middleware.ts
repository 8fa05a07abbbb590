/**
 * The one session check in front of every staff and assistant page: no session (none, changed,
 * made with another key, expired) sends the browser to sign in and back; a session without the
 * page's group is refused (403, a page that says so); otherwise the session is renewed when due
 * and handed to the page as `c.get('session')`. Which case a page may show is decided by the
 * page with the session's municipality and assistant id (another municipality's case is simply
 * not found: its keys carry the municipality).
 *
 * @example
 * app.use('/assistant/*', sessionGuard(config, 'assistant', forbiddenPage));
 * app.get('/assistant', (c) => { const session = sessionOf(c); ... });
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, generateCookie, getCookie, setCookie } from 'hono/cookie';
import { MINISTRY_PAGES_PATH } from '../domain/work-queue/paths.ts';
import { type CognitoSignIn, safeNextPath } from './cognito.ts';
import { ASSISTANT_PAGES_PATH } from './routes.ts';
import {
  needsRenewal,
  openSession,
  type Session,
  type SessionIdentity,
  type SessionKeys,
  sealSession,
  sessionCookieName,
  sessionCookieOptions,
} from './session.ts';

/** A person the development sign-in page offers (the local system's seeded users). */
export interface DevelopmentUser extends SessionIdentity {
  /** How the page names them: role and municipality. */
  role: 'coordinator' | 'supervisor' | 'assistant' | 'ministry';
}

export interface DevelopmentSignIn {
  kind: 'development';
  users: readonly DevelopmentUser[];
}

/** Everything sign-in and the session need: the cookie's key, the app's address, who signs people in. */
export interface SessionConfig extends SessionKeys {
  signIn: CognitoSignIn | DevelopmentSignIn;
  /** Real time; tests pass their own. */
  now?: () => Date;
}

/** Who may open a page: assistants, coordinators and supervisors, coordinators only, or the ministry. */
export type SessionNeed = 'assistant' | 'staff-read' | 'coordinator' | 'ministry';

export const SIGN_IN_PATH = '/sign-in';

export function allows(session: SessionIdentity, need: SessionNeed): boolean {
  switch (need) {
    case 'assistant':
      return session.groups.includes('assistants');
    case 'coordinator':
      return session.groups.includes('coordinators');
    case 'staff-read':
      return session.groups.includes('coordinators') || session.groups.includes('supervisors');
    case 'ministry':
      return session.groups.includes('ministry');
  }
}

/** The first page after sign-in: the coordinators' workspace, the ministry's indicators, or the assistant's cases. */
export function homeOf(session: SessionIdentity): string {
  if (session.groups.includes('coordinators') || session.groups.includes('supervisors')) return '/workspace';
  if (session.groups.includes('ministry')) return MINISTRY_PAGES_PATH;
  return ASSISTANT_PAGES_PATH;
}

const nowOf = (config: SessionConfig) => (config.now ?? (() => new Date()))();

/** Start a session for `identity`: the cookie is set on the response being built. */
export async function startSession(
  c: Context,
  config: SessionConfig,
  identity: SessionIdentity,
): Promise<Session> {
  const { value, session } = await sealSession(config, identity, nowOf(config));
  setCookie(c, sessionCookieName(config), value, sessionCookieOptions(config, session.expiresAt));
  return session;
}

export function endSession(c: Context, config: SessionConfig): void {
  deleteCookie(c, sessionCookieName(config), sessionCookieOptions(config));
}

/** The request's session, or undefined (no renewal; for pages open to everyone, such as sign-out). */
export async function currentSession(c: Context, config: SessionConfig): Promise<Session | undefined> {
  return openSession(config, getCookie(c, sessionCookieName(config)), nowOf(config));
}

/** Where a request without a session is sent: sign in, then back here (GET only; a post cannot be repeated). */
export function signInLocation(c: Context): string {
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? safeNextPath(`${url.pathname}${url.search}`) : undefined;
  return back === undefined ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(back)}`;
}

/**
 * The middleware guarding pages that need `need`. `forbidden` answers a signed-in person without
 * the group (a page in their language).
 */
export function sessionGuard(
  config: SessionConfig,
  need: SessionNeed,
  forbidden: (c: Context, session: Session) => Response | Promise<Response>,
): MiddlewareHandler {
  return async (c, next) => {
    const now = nowOf(config);
    const cookie = getCookie(c, sessionCookieName(config));
    const session = await openSession(config, cookie, now);
    if (!session) {
      if (cookie !== undefined) endSession(c, config);
      return c.redirect(signInLocation(c), 303);
    }
    if (!allows(session, need)) return forbidden(c, session);
    const renewed = needsRenewal(session, now) ? await sealSession(config, session, now, session) : undefined;
    c.set('session' as never, (renewed?.session ?? session) as never);
    await next();
    // After the page: it may answer with a Response of its own, which would not carry a cookie set before.
    if (renewed) {
      c.res.headers.append(
        'set-cookie',
        generateCookie(
          sessionCookieName(config),
          renewed.value,
          sessionCookieOptions(config, renewed.session.expiresAt),
        ),
      );
    }
    return undefined;
  };
}

/** The session the guard put on the request; throws when a page forgot the guard. */
export function sessionOf(c: Context): Session {
  const session = c.get('session' as never) as Session | undefined;
  if (!session) throw new Error('this page is not behind sessionGuard');
  return session;
}
