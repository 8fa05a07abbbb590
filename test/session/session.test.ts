import { Hono } from 'hono';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  type CognitoSignIn,
  exchangeCode,
  newPendingSignIn,
  openPendingSignIn,
  safeNextPath,
  sealPendingSignIn,
  verifyIdToken,
} from '../../functions/session/cognito.ts';
import {
  homeOf,
  type SessionConfig,
  sessionGuard,
  sessionOf,
  startSession,
} from '../../functions/session/middleware.ts';
import {
  openSession,
  SESSION_IDLE_SECONDS,
  SESSION_MAX_SECONDS,
  sealSession,
  sessionCookieName,
} from '../../functions/session/session.ts';

const secret = 'a-session-secret-of-at-least-32-characters';
const local = { secret, appUrl: 'http://127.0.0.1:8080' };
const assistant = {
  sub: 'a-talsi-1',
  groups: ['assistants'] as const,
  municipality: 'talsi',
  assistantId: 'a-talsi-1',
};
const at = (iso: string) => new Date(iso);

describe('the session cookie', () => {
  it('opens to exactly the identity it was sealed with', async () => {
    const { value, session } = await sealSession(
      local,
      { ...assistant, groups: [...assistant.groups] },
      at('2026-03-01T08:00:00Z'),
    );
    const opened = await openSession(local, value, at('2026-03-01T08:10:00Z'));
    expect(opened).toEqual(session);
    expect(opened).toMatchObject({
      sub: 'a-talsi-1',
      groups: ['assistants'],
      municipality: 'talsi',
      assistantId: 'a-talsi-1',
    });
    // The browser cannot read the ids: the value is encrypted.
    expect(value).not.toContain('talsi');
    expect(Buffer.from(value.split('.')[0] ?? '', 'base64url').toString()).toContain('A256GCM');
  });

  it('is no session when tampered with, made with another key, or expired', async () => {
    const { value } = await sealSession(
      local,
      { ...assistant, groups: ['assistants'] },
      at('2026-03-01T08:00:00Z'),
    );
    const parts = value.split('.');
    const cipher = parts[3] ?? '';
    parts[3] = `${cipher[0] === 'A' ? 'B' : 'A'}${cipher.slice(1)}`;
    expect(await openSession(local, parts.join('.'), at('2026-03-01T08:01:00Z'))).toBeUndefined();
    expect(
      await openSession({ ...local, secret: `${secret}-other` }, value, at('2026-03-01T08:01:00Z')),
    ).toBeUndefined();
    const idleEnd = new Date(at('2026-03-01T08:00:00Z').getTime() + SESSION_IDLE_SECONDS * 1_000 + 1_000);
    expect(await openSession(local, value, idleEnd)).toBeUndefined();
    expect(await openSession(local, 'not-a-cookie', at('2026-03-01T08:01:00Z'))).toBeUndefined();
  });

  it('slides while used, but never past the maximum after sign-in', async () => {
    let now = at('2026-03-01T08:00:00Z');
    const first = await sealSession(local, { ...assistant, groups: ['assistants'] }, now);
    let session = first.session;
    for (let minute = 20; minute <= 24 * 60; minute += 20) {
      now = new Date(at('2026-03-01T08:00:00Z').getTime() + minute * 60_000);
      const renewed = await sealSession(local, session, now, session);
      if (renewed.session.expiresAt * 1_000 <= now.getTime()) break;
      session = renewed.session;
    }
    expect(session.expiresAt).toBe(session.signedInAt + SESSION_MAX_SECONDS);
    expect(session.id).toBe(first.session.id);
  });

  it('is Secure with the __Host- prefix except on http://127.0.0.1', () => {
    expect(sessionCookieName(local)).toBe('atbalsts-session');
    expect(sessionCookieName({ appUrl: 'https://atbalsts.example.lv' })).toBe('__Host-atbalsts-session');
  });
});

describe('the session guard', () => {
  const config: SessionConfig = { ...local, signIn: { kind: 'development', users: [] } };
  const app = new Hono();
  app.use(
    '/assistant/*',
    sessionGuard(config, 'assistant', (c) => c.text('forbidden', 403)),
  );
  app.get('/assistant/cases', (c) => c.text(`cases of ${sessionOf(c).assistantId}`));
  app.get('/sign-in-as/:group', async (c) => {
    const group = c.req.param('group') as 'assistants' | 'coordinators';
    await startSession(c, config, { sub: 'u-1', groups: [group], municipality: 'talsi', assistantId: 'u-1' });
    return c.text('ok');
  });
  const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  it('sends a request without a session to sign in, and back', async () => {
    const response = await app.request('/assistant/cases?month=2026-02');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/sign-in?next=${encodeURIComponent('/assistant/cases?month=2026-02')}`,
    );
  });

  it('lets an assistant in, sets HttpOnly SameSite=Lax, and refuses a coordinator (403)', async () => {
    const signedIn = await app.request('/sign-in-as/assistants');
    const header = signedIn.headers.get('set-cookie') ?? '';
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    const ok = await app.request('/assistant/cases', { headers: { cookie: cookieOf(signedIn) } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('cases of u-1');
    const staff = await app.request('/sign-in-as/coordinators');
    const refused = await app.request('/assistant/cases', { headers: { cookie: cookieOf(staff) } });
    expect(refused.status).toBe(403);
  });

  it('treats a tampered or expired cookie as none', async () => {
    const signedIn = await app.request('/sign-in-as/assistants');
    const [name, value = ''] = cookieOf(signedIn).split('=');
    const tampered = await app.request('/assistant/cases', {
      headers: { cookie: `${name}=${value.slice(0, -2)}xx` },
    });
    expect(tampered.status).toBe(303);
    const later: SessionConfig = {
      ...config,
      now: () => new Date(Date.now() + (SESSION_IDLE_SECONDS + 5) * 1_000),
    };
    const laterApp = new Hono();
    laterApp.use(
      '*',
      sessionGuard(later, 'assistant', (c) => c.text('forbidden', 403)),
    );
    laterApp.get('/x', (c) => c.text('in'));
    const expired = await laterApp.request('/x', { headers: { cookie: cookieOf(signedIn) } });
    expect(expired.status).toBe(303);
  });
});

describe('sign-in through Cognito (code flow with PKCE)', () => {
  const appUrl = 'https://atbalsts.example.lv';
  const issuer = 'https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_Example';

  async function pool() {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const cognito: CognitoSignIn = {
      kind: 'cognito',
      issuer,
      clientId: 'client-1',
      domain: 'https://atbalsts.auth.eu-north-1.amazoncognito.com',
      keys: createLocalJWKSet({ keys: [jwk] }),
    };
    const idToken = (claims: Record<string, unknown>, audience = 'client-1', iss = issuer) =>
      new SignJWT({ token_use: 'id', 'custom:municipality': 'talsi', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(iss)
        .setAudience(audience)
        .setSubject('0f1e2d3c-aaaa-bbbb-cccc-123456789abc')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    return { cognito, idToken };
  }

  it('asks for the code with an S256 challenge and only openid, email and profile', async () => {
    const { cognito } = await pool();
    const pending = newPendingSignIn('/assistant');
    const url = new URL(authorizeUrl(cognito, appUrl, pending));
    expect(url.origin + url.pathname).toBe(
      'https://atbalsts.auth.eu-north-1.amazoncognito.com/oauth2/authorize',
    );
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).not.toBe(pending.verifier);
    expect(url.searchParams.get('redirect_uri')).toBe('https://atbalsts.example.lv/sign-in/callback');
  });

  it('keeps the pending sign-in sealed for ten minutes', async () => {
    const pending = newPendingSignIn('/assistant');
    const sealed = await sealPendingSignIn(local, pending, at('2026-03-01T08:00:00Z'));
    expect(await openPendingSignIn(local, sealed, at('2026-03-01T08:05:00Z'))).toEqual(pending);
    expect(await openPendingSignIn(local, sealed, at('2026-03-01T08:11:00Z'))).toBeUndefined();
    // A pending sign-in is not a session, nor the other way round.
    expect(await openSession(local, sealed, at('2026-03-01T08:05:00Z'))).toBeUndefined();
  });

  it('exchanges the code with the verifier and no client secret', async () => {
    const { cognito } = await pool();
    let sent: URLSearchParams | undefined;
    const withFetch: CognitoSignIn = {
      ...cognito,
      fetch: async (_url, init) => {
        sent = new URLSearchParams(String(init?.body));
        return new Response(JSON.stringify({ id_token: 'the-id-token', access_token: 'x' }), { status: 200 });
      },
    };
    expect(await exchangeCode(withFetch, appUrl, 'the-code', 'the-verifier')).toBe('the-id-token');
    expect(Object.fromEntries(sent ?? [])).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      code: 'the-code',
      redirect_uri: 'https://atbalsts.example.lv/sign-in/callback',
      code_verifier: 'the-verifier',
    });
  });

  it('takes the session from the verified ID token claims only', async () => {
    const { cognito, idToken } = await pool();
    const token = await idToken({
      nonce: 'n-1',
      'cognito:groups': ['assistants', 'admins'],
      'custom:assistantId': 'a-talsi-1',
    });
    expect(await verifyIdToken(cognito, token, 'n-1')).toEqual({
      sub: '0f1e2d3c-aaaa-bbbb-cccc-123456789abc',
      groups: ['assistants'],
      municipality: 'talsi',
      assistantId: 'a-talsi-1',
    });
  });

  it('refuses a token for another client, another pool, another sign-in, an access token, or without a municipality', async () => {
    const { cognito, idToken } = await pool();
    await expect(verifyIdToken(cognito, await idToken({ nonce: 'n' }, 'client-2'), 'n')).rejects.toThrow(
      /did not verify/,
    );
    await expect(
      verifyIdToken(cognito, await idToken({ nonce: 'n' }, 'client-1', `${issuer}x`), 'n'),
    ).rejects.toThrow(/did not verify/);
    await expect(verifyIdToken(cognito, await idToken({ nonce: 'other' }), 'n')).rejects.toThrow(
      /another sign-in/,
    );
    await expect(
      verifyIdToken(cognito, await idToken({ nonce: 'n', token_use: 'access' }), 'n'),
    ).rejects.toThrow(/token_use/);
    await expect(
      verifyIdToken(cognito, await idToken({ nonce: 'n', 'custom:municipality': undefined }), 'n'),
    ).rejects.toThrow(/custom:municipality/);
    const other = await pool();
    await expect(verifyIdToken(cognito, await other.idToken({ nonce: 'n' }), 'n')).rejects.toThrow(
      /did not verify/,
    );
  });

  it('signs the ministry in without a municipality, nobody else; its home is the indicators', async () => {
    const { cognito, idToken } = await pool();
    const identity = await verifyIdToken(
      cognito,
      await idToken({ nonce: 'n', 'custom:municipality': undefined, 'cognito:groups': ['ministry'] }),
      'n',
    );
    expect(identity).toMatchObject({ groups: ['ministry'], municipality: '' });
    expect(homeOf(identity)).toBe('/workspace/ministry');
    const { value } = await sealSession(local, identity, new Date());
    expect((await openSession(local, value, new Date()))?.groups).toEqual(['ministry']);
    await expect(
      verifyIdToken(
        cognito,
        await idToken({
          nonce: 'n',
          'custom:municipality': undefined,
          'cognito:groups': ['ministry', 'coordinators'],
        }),
        'n',
      ),
    ).rejects.toThrow(/custom:municipality/);
  });

  it('returns only to paths of this app', () => {
    expect(safeNextPath('/assistant/cases/c-1/months/2026-02')).toBe('/assistant/cases/c-1/months/2026-02');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/a b',
    ]) {
      expect(safeNextPath(bad)).toBeUndefined();
    }
  });
});
