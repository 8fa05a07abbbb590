/**
 * Sign-in through the Cognito user pool's managed login: OAuth 2.0 authorization code flow with
 * PKCE (S256), the `openid email profile` scopes and nothing more.
 *
 * 1. `GET /sign-in` makes a random `state`, `nonce` and PKCE verifier, keeps them for ten minutes
 *    in an encrypted cookie of their own, and sends the browser to the managed login's
 *    `/oauth2/authorize` with the verifier's S256 challenge.
 * 2. Cognito sends the browser back to `<appUrl>/sign-in/callback?code&state`. The state must be
 *    the cookie's; the code is exchanged at `/oauth2/token` with the verifier (a public client: no
 *    client secret, so the verifier is what proves this app asked for the code).
 * 3. The ID token is verified with the pool's published keys (JWKS, cached by jose): RS256, the
 *    pool as issuer, this app client as audience, `token_use` `id`, not expired, the nonce of
 *    step 1. Its claims `sub`, `cognito:groups`, `custom:municipality` and `custom:assistantId`
 *    become the session (functions/session/session.ts); nothing a form says can change them.
 *
 * @example
 * const pending = newPendingSignIn('/assistant');
 * const location = authorizeUrl(cognito, appUrl, pending);
 * const identity = await verifyIdToken(cognito, await exchangeCode(cognito, appUrl, code, pending.verifier), pending.nonce);
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, EncryptJWT, type JWTVerifyGetKey, jwtDecrypt, jwtVerify } from 'jose';
import { z } from 'zod';
import { derivedKey, GROUPS, type SessionIdentity, type SessionKeys } from './session.ts';

/** The user pool and its app client, as the deployment's outputs name them. */
export interface CognitoSignIn {
  kind: 'cognito';
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`: the ID token's `iss`. */
  issuer: string;
  /** The web app client's id: the ID token's `aud`. */
  clientId: string;
  /** The managed login's address: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  domain: string;
  /** The pool's keys; fetched from `<issuer>/.well-known/jwks.json` when absent (tests pass their own). */
  keys?: JWTVerifyGetKey;
  /** For the token exchange; the global fetch when absent. */
  fetch?: typeof fetch;
}

/** What the app asks Cognito for: an ID token with the person's id, email and name. */
export const SIGN_IN_SCOPES = ['openid', 'email', 'profile'] as const;
export const CALLBACK_PATH = '/sign-in/callback';
export const SIGNED_OUT_PATH = '/signed-out';
/** How long a started sign-in may take. */
export const PENDING_SIGN_IN_SECONDS = 10 * 60;

export const callbackUrl = (appUrl: string) => new URL(CALLBACK_PATH, appUrl).toString();
export const signedOutUrl = (appUrl: string) => new URL(SIGNED_OUT_PATH, appUrl).toString();

/** A sign-in under way: kept in its own encrypted cookie between the two steps. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** Where to go after sign-in: a path of this app. */
  next: string;
}

const random = () => randomBytes(32).toString('base64url');

/**
 * A path of this app to return to, or undefined: no scheme, no host, no `//` or `/\` that a
 * browser would read as another site.
 * @example
 * safeNextPath('/assistant/cases/c-1') // '/assistant/cases/c-1'
 * safeNextPath('//evil.example') // undefined
 */
export function safeNextPath(next: string | undefined): string | undefined {
  if (next === undefined || next.length > 512) return undefined;
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~/?=&%]*$/.test(next)) return undefined;
  return next;
}

export function newPendingSignIn(next: string): PendingSignIn {
  return { state: random(), nonce: random(), verifier: random(), next };
}

/** The managed login's authorize address for a pending sign-in. */
export function authorizeUrl(cognito: CognitoSignIn, appUrl: string, pending: PendingSignIn): string {
  const url = new URL('/oauth2/authorize', cognito.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: callbackUrl(appUrl),
    scope: SIGN_IN_SCOPES.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The managed login's sign-out address, which comes back to the signed-out page. */
export function logoutUrl(cognito: CognitoSignIn, appUrl: string): string {
  const url = new URL('/logout', cognito.domain);
  url.search = new URLSearchParams({
    client_id: cognito.clientId,
    logout_uri: signedOutUrl(appUrl),
  }).toString();
  return url.toString();
}

const pendingSchema = z.object({
  state: z.string().min(32).max(64),
  nonce: z.string().min(32).max(64),
  verifier: z.string().min(43).max(128),
  next: z.string().max(512),
});

/** The pending sign-in as its cookie's value (encrypted, ten minutes). */
export async function sealPendingSignIn(
  keys: SessionKeys,
  pending: PendingSignIn,
  now: Date,
): Promise<string> {
  const issued = Math.floor(now.getTime() / 1_000);
  return new EncryptJWT({ ...pending })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt(issued)
    .setExpirationTime(issued + PENDING_SIGN_IN_SECONDS)
    .encrypt(derivedKey(keys.secret, 'sign-in'));
}

/** The pending sign-in a cookie holds, or undefined when it is absent, changed or too old. */
export async function openPendingSignIn(
  keys: SessionKeys,
  value: string | undefined,
  now: Date,
): Promise<PendingSignIn | undefined> {
  if (!value || value.length > 4_096) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, derivedKey(keys.secret, 'sign-in'), {
      currentDate: now,
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return pendingSchema.parse(payload);
  } catch {
    return undefined;
  }
}

/** Why a sign-in did not complete; the page says "try again" whatever it was. */
export class SignInFailed extends Error {
  constructor(readonly reason: string) {
    super(`sign-in failed: ${reason}`);
    this.name = 'SignInFailed';
  }
}

const tokenResponseSchema = z.object({ id_token: z.string().min(1) });

/**
 * The ID token for an authorization code, from the managed login's token endpoint, proving the
 * code was asked for by this app with the PKCE verifier.
 */
export async function exchangeCode(
  cognito: CognitoSignIn,
  appUrl: string,
  code: string,
  verifier: string,
): Promise<string> {
  const response = await (cognito.fetch ?? fetch)(new URL('/oauth2/token', cognito.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code,
      redirect_uri: callbackUrl(appUrl),
      code_verifier: verifier,
    }).toString(),
    signal: AbortSignal.timeout(8_000),
  });
  if (!response.ok) throw new SignInFailed(`the token endpoint answered ${response.status}`);
  const parsed = tokenResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new SignInFailed('the token endpoint sent no ID token');
  return parsed.data.id_token;
}

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const idTokenClaimsSchema = z.object({
  token_use: z.literal('id'),
  sub: z.string().regex(idPattern),
  nonce: z.string(),
  'cognito:groups': z.array(z.string()).optional(),
  'custom:municipality': z.string().regex(idPattern).optional(),
  'custom:assistantId': z.string().regex(idPattern).optional(),
});

const remoteKeys = new Map<string, JWTVerifyGetKey>();
function keysOf(cognito: CognitoSignIn): JWTVerifyGetKey {
  if (cognito.keys) return cognito.keys;
  let keys = remoteKeys.get(cognito.issuer);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(`${cognito.issuer}/.well-known/jwks.json`), { timeoutDuration: 5_000 });
    remoteKeys.set(cognito.issuer, keys);
  }
  return keys;
}

/**
 * The identity an ID token from the pool vouches for. Throws {@link SignInFailed} when the token
 * is not the pool's, not for this client, expired, for another sign-in (nonce), or lacks the
 * municipality every account but the ministry's must have.
 */
export async function verifyIdToken(
  cognito: CognitoSignIn,
  idToken: string,
  nonce: string,
  now = new Date(),
): Promise<SessionIdentity> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(idToken, keysOf(cognito), {
      issuer: cognito.issuer,
      audience: cognito.clientId,
      algorithms: ['RS256'],
      currentDate: now,
      clockTolerance: 30,
    }));
  } catch (error) {
    throw new SignInFailed(`the ID token did not verify (${error instanceof Error ? error.name : 'error'})`);
  }
  const claims = idTokenClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new SignInFailed(
      `the ID token lacks ${[...new Set(claims.error.issues.map((issue) => String(issue.path[0])))].join(', ')}`,
    );
  }
  if (claims.data.nonce !== nonce) throw new SignInFailed('the ID token is for another sign-in');
  const groups = GROUPS.filter((group) => claims.data['cognito:groups']?.includes(group));
  const municipality = claims.data['custom:municipality'];
  // Only a ministry user signs in without a municipality; everyone else sees theirs alone.
  if (municipality === undefined && (groups.length === 0 || groups.some((group) => group !== 'ministry')))
    throw new SignInFailed('the ID token lacks custom:municipality');
  return {
    sub: claims.data.sub,
    groups,
    municipality: municipality ?? '',
    ...(claims.data['custom:assistantId'] !== undefined && {
      assistantId: claims.data['custom:assistantId'],
    }),
  };
}
