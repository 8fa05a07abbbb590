/**
 * The staff and assistant session: after sign-in (Cognito on AWS, the development sign-in
 * locally) the app keeps who the person is in its own cookie, so the pages need no bearer token
 * and API Gateway's JWT authorizer (which does not read cookies) is not in their way.
 *
 * The cookie holds an encrypted JWT (JWE, `dir` + A256GCM, with jose): the session id (what CSRF
 * tokens are bound to), `sub`, the groups, the municipality and the assistant id, all taken from
 * the verified ID token's claims (or the development user), never from a form. Encryption keeps
 * the ids unreadable to the browser; GCM's tag makes any change to the cookie fail to open, so a
 * tampered cookie is no session. It is `HttpOnly`, `SameSite=Lax`, `Path=/`, and `Secure` with
 * the `__Host-` name prefix unless the app runs on plain http://127.0.0.1.
 *
 * Lifetime: idle for {@link SESSION_IDLE_SECONDS} and it ends; every request in the second half of
 * that window renews it (sliding), but never beyond {@link SESSION_MAX_SECONDS} after sign-in,
 * when the person signs in again. Times are real time (not the local system's virtual clock,
 * which may be moved a month ahead).
 *
 * @example
 * const cookie = await sealSession(config, identity, now);
 * const session = await openSession(config, cookie, now); // undefined when tampered or expired
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { z } from 'zod';

/** How long a session lasts without a request. */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** How long a session lasts at most after sign-in (a working day). */
export const SESSION_MAX_SECONDS = 10 * 3_600;

export const GROUPS = ['coordinators', 'supervisors', 'assistants', 'ministry'] as const;
export type Group = (typeof GROUPS)[number];

/** Who a session is for: only what the token's claims said. */
export interface SessionIdentity {
  sub: string;
  groups: readonly Group[];
  /** Empty for a ministry user, whose token names none (the ministry reads aggregates of all). */
  municipality: string;
  assistantId?: string;
}

export interface Session extends SessionIdentity {
  /** A random id of this session: CSRF tokens of its forms are bound to it. */
  id: string;
  /** When the person signed in (seconds since the epoch). */
  signedInAt: number;
  /** When the session ends unless renewed (seconds since the epoch). */
  expiresAt: number;
}

/** What the session cookie needs: its key and whether it may be sent over plain http. */
export interface SessionKeys {
  /** At least 32 characters; on AWS from Secrets Manager. */
  secret: string;
  /** The app's address; cookies are Secure unless it is `http://127.0.0.1` or `http://localhost`. */
  appUrl: string;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const idClaim = z.string().regex(idPattern);

const sessionClaimsSchema = z.object({
  sid: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  sub: idClaim,
  groups: z.array(z.enum(GROUPS)).max(GROUPS.length),
  municipality: idClaim.or(z.literal('')),
  assistantId: idClaim.optional(),
  auth_time: z.number().int().positive(),
  exp: z.number().int().positive(),
});

/** Whether cookies may go over plain http: only for the local system on this machine. */
export function isLocalHttp(appUrl: string): boolean {
  const url = new URL(appUrl);
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
}

/** The session cookie's name: `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const sessionCookieName = (keys: Pick<SessionKeys, 'appUrl'>): string =>
  isLocalHttp(keys.appUrl) ? 'atbalsts-session' : '__Host-atbalsts-session';

/** The key for `label`: the secret with a label of its own, so each key encrypts one kind of thing. */
export function derivedKey(secret: string, label: string): Uint8Array {
  if (secret.length < 32) throw new Error('the session secret must have at least 32 characters');
  return new Uint8Array(hkdfSync('sha256', secret, 'atbalsts', `atbalsts-${label}-v1`, 32));
}

const seconds = (now: Date) => Math.floor(now.getTime() / 1_000);

/**
 * The cookie value of a new session for `identity`, signed in at `now`.
 * @example
 * const { value, session } = await sealSession(keys, { sub: 'a-1', groups: ['assistants'], municipality: 'talsi', assistantId: 'a-1' }, new Date());
 */
export async function sealSession(
  keys: SessionKeys,
  identity: SessionIdentity,
  now: Date,
  previous?: Pick<Session, 'id' | 'signedInAt'>,
): Promise<{ value: string; session: Session }> {
  const signedInAt = previous?.signedInAt ?? seconds(now);
  const session: Session = {
    sub: identity.sub,
    groups: [...identity.groups],
    municipality: identity.municipality,
    ...(identity.assistantId !== undefined && { assistantId: identity.assistantId }),
    id: previous?.id ?? randomBytes(18).toString('base64url'),
    signedInAt,
    expiresAt: Math.min(seconds(now) + SESSION_IDLE_SECONDS, signedInAt + SESSION_MAX_SECONDS),
  };
  const value = await new EncryptJWT({
    sid: session.id,
    groups: session.groups,
    municipality: session.municipality,
    ...(session.assistantId !== undefined && { assistantId: session.assistantId }),
    auth_time: session.signedInAt,
  })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setSubject(session.sub)
    .setIssuedAt(seconds(now))
    .setExpirationTime(session.expiresAt)
    .encrypt(derivedKey(keys.secret, 'session'));
  return { value, session };
}

/**
 * The session a cookie value holds, or undefined when there is none, it was changed, it was made
 * with another key, or it has expired.
 * @example
 * const session = await openSession(keys, getCookie(c, sessionCookieName(keys)), new Date());
 */
export async function openSession(
  keys: SessionKeys,
  value: string | undefined,
  now: Date,
): Promise<Session | undefined> {
  if (value === undefined || value.length === 0 || value.length > 4_096) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, derivedKey(keys.secret, 'session'), {
      currentDate: now,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    const claims = sessionClaimsSchema.parse(payload);
    if (claims.auth_time + SESSION_MAX_SECONDS <= seconds(now)) return undefined;
    return {
      id: claims.sid,
      sub: claims.sub,
      groups: claims.groups,
      municipality: claims.municipality,
      ...(claims.assistantId !== undefined && { assistantId: claims.assistantId }),
      signedInAt: claims.auth_time,
      expiresAt: claims.exp,
    };
  } catch {
    return undefined;
  }
}

/** Whether the session is in the second half of its idle window (and can still be extended). */
export function needsRenewal(session: Session, now: Date): boolean {
  const left = session.expiresAt - seconds(now);
  return left < SESSION_IDLE_SECONDS / 2 && session.expiresAt < session.signedInAt + SESSION_MAX_SECONDS;
}

/** The cookie's attributes (hono's setCookie options), for a value that lives until `expiresAt`. */
export function sessionCookieOptions(keys: Pick<SessionKeys, 'appUrl'>, expiresAt?: number) {
  const secure = !isLocalHttp(keys.appUrl);
  return {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'Lax' as const,
    ...(expiresAt !== undefined && { expires: new Date(expiresAt * 1_000) }),
  };
}
