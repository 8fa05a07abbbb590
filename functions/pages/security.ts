/**
 * What every page answers with, and the check every page form passes before it is read.
 *
 * Headers: a content security policy that allows nothing but this origin's own stylesheet,
 * script, images and form targets (no inline script or style anywhere, so none is allowed), no
 * framing (`frame-ancestors 'none'`), HSTS, `Referrer-Policy: no-referrer` (a parent's link holds
 * a token that must never reach another site in a Referer), `nosniff`, and `no-store` caching:
 * pages show a family's plan and hours.
 *
 * CSRF: every form carries a token signed with a key derived from the app's secret and bound to
 * what the form acts for (a link's token, or later an assistant's session id) and the time it was
 * issued; a post is read only when its token verifies for the same binding and is at most
 * {@link CSRF_MAX_AGE_SECONDS} old, and when the browser does not say it comes from another site
 * (`Origin` other than this one, or `Sec-Fetch-Site` other than `same-origin`).
 *
 * @example
 * const csrf = csrfToken(secret, `link:${token}`, now);      // into <input type="hidden" name="csrf">
 * checkCsrf(c, secret, `link:${token}`, form.get('csrf'), now); // 'ok' | 'expired' | 'forged'
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cache-control': 'no-store',
};

/** How long a form may stay open before its post is refused (and shown again with a fresh token). */
export const CSRF_MAX_AGE_SECONDS = 4 * 3_600;

/** The CSRF key: the app's secret with a label of its own, so a CSRF token signs nothing else. */
const keyOf = (secret: string) => createHmac('sha256', secret).update('atbalsts-csrf-v1').digest();

const signatureOf = (secret: string, binding: string, issuedAt: number) =>
  createHmac('sha256', keyOf(secret)).update(`${binding}\n${issuedAt}`).digest('base64url');

/** A token for a form acting for `binding`, issued at `now`. */
export function csrfToken(secret: string, binding: string, now: Date): string {
  const issuedAt = Math.floor(now.getTime() / 1_000);
  return `${issuedAt}.${signatureOf(secret, binding, issuedAt)}`;
}

export type CsrfVerdict = 'ok' | 'expired' | 'forged';

/** Whether `token` was issued for `binding` and is not older than the maximum age. */
export function verifyCsrfToken(secret: string, binding: string, token: unknown, now: Date): CsrfVerdict {
  if (typeof token !== 'string') return 'forged';
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return 'forged';
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(signatureOf(secret, binding, issuedAt));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  const age = now.getTime() / 1_000 - issuedAt;
  if (age < -300) return 'forged';
  return age > CSRF_MAX_AGE_SECONDS ? 'expired' : 'ok';
}

/**
 * False when the browser says the request comes from another site: `Sec-Fetch-Site` other than
 * `same-origin`, or an `Origin` of another site. Pages send `Referrer-Policy: no-referrer`, under
 * which a browser sends `Origin: null` with a form post, so `null` alone proves nothing either way;
 * the signed token is what decides then.
 */
export function fromThisSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = c.req.header('origin');
  return origin === undefined || origin === 'null' || origin === new URL(c.req.url).origin;
}

/** Both checks of a form post: the browser's word on where it comes from, then the token. */
export function checkCsrf(
  c: Context,
  secret: string,
  binding: string,
  token: unknown,
  now: Date,
): CsrfVerdict {
  if (!fromThisSite(c)) return 'forged';
  return verifyCsrfToken(secret, binding, token, now);
}
