/**
 * Claims on AWS: the app behind API Gateway's JWT authorizer (through Hono's Lambda adapter and an
 * HTTP API payload 2.0 event) reads the caller from `requestContext.authorizer.jwt.claims`, where
 * every claim is a string and a list looks like `[a b]`; and the local issuer's tokens.
 */
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { verify } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/api/app.ts';
import { assistantOf, identityOf, LOCAL_TOKEN_ISSUER, staffOf } from '../../functions/api/auth.ts';
import { realClock } from '../../functions/orchestrator/clock.ts';
import type { StepContext } from '../../functions/step-context.ts';
import { developmentTokens, issueLocalToken } from '../../local/tokens.ts';

const SECRET = 'a-local-secret-that-is-long-enough-000000';

/** A store that answers the one read these tests make, and tells which municipality was asked for. */
function contextListing(asked: string[]): StepContext {
  return {
    store: {
      cases: {
        byMunicipality: async (municipality: string) => {
          asked.push(municipality);
          return { items: [] };
        },
      },
    },
    clock: realClock,
    orchestrator: {},
    config: {
      appUrl: 'https://atbalsts.example.lv',
      linkSecret: 'a-test-link-secret-that-is-long-enough-1234',
      supervisors: {},
      cycleStateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:test',
    },
  } as unknown as StepContext;
}

/** Hono's type of an HTTP API (payload 2.0) event: the one of its events with `rawPath`. */
type HttpApiEvent = Extract<LambdaEvent, { rawPath: string }>;

/** An HTTP API (payload 2.0) event as API Gateway sends it after its JWT authorizer. */
function httpApiEvent(path: string, claims: Record<string, string> | undefined): HttpApiEvent {
  return {
    version: '2.0',
    routeKey: `GET ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.atbalsts.example.lv', 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'api.atbalsts.example.lv',
      domainPrefix: 'api',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'request-1',
      routeKey: `GET ${path}`,
      stage: '$default',
      time: '01/Jan/2024:00:00:00 +0000',
      timeEpoch: 1704067200000,
      ...(claims && { authorizer: { jwt: { claims, scopes: null } } }),
    },
  } as unknown as HttpApiEvent;
}

describe('behind API Gateway’s JWT authorizer', () => {
  it('reads the caller from the authorizer’s claims (a list as "[a b]") and lists their municipality only', async () => {
    const asked: string[] = [];
    const handler = handle(
      createApp({ ...contextListing(asked), auth: 'lambda-authorizer', checkResponses: true }),
    );
    const result = await handler(
      httpApiEvent('/cases', {
        sub: '3b1c9f2e-0f1a-4e55-9c1d-8a7b6c5d4e3f',
        'cognito:groups': '[supervisors coordinators]',
        'custom:municipality': 'talsi',
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ items: [] });
    expect(asked).toEqual(['talsi']);
  });

  it('refuses a request with no claims (a route deployed without the authorizer) and a token without a municipality', async () => {
    const handler = handle(createApp({ ...contextListing([]), auth: 'lambda-authorizer' }));
    const none = await handler(httpApiEvent('/cases', undefined));
    expect(none.statusCode).toBe(401);
    expect(none.headers?.['content-type']).toBe('application/problem+json');
    const noMunicipality = await handler(
      httpApiEvent('/cases', { sub: 'u-7', 'cognito:groups': '[coordinators]' }),
    );
    expect(noMunicipality.statusCode).toBe(401);
    expect(JSON.parse(noMunicipality.body).detail).toContain('custom:municipality');
    const assistant = await handler(
      httpApiEvent('/cases', {
        sub: 'u-7',
        'cognito:groups': '[assistants]',
        'custom:municipality': 'talsi',
      }),
    );
    expect(assistant.statusCode).toBe(403);
  });

  it('ignores a bearer token when the authorizer is in charge: only the request context counts', async () => {
    const app = createApp({ ...contextListing([]), auth: 'lambda-authorizer' });
    const token = await issueLocalToken(SECRET, {
      sub: 'u-7',
      groups: ['coordinators'],
      municipality: 'talsi',
    });
    const response = await app.request('/cases', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });
});

describe('claims', () => {
  it('reads groups as a JSON list, "[a b]" or "a,b", and the assistant id from custom:assistantId or sub', () => {
    const base = { sub: 'u-1', 'custom:municipality': 'talsi' };
    expect([...identityOf({ ...base, 'cognito:groups': ['coordinators'] }).groups]).toEqual(['coordinators']);
    expect([...identityOf({ ...base, 'cognito:groups': '[assistants supervisors]' }).groups]).toEqual([
      'assistants',
      'supervisors',
    ]);
    expect([...identityOf({ ...base, 'cognito:groups': 'assistants,supervisors' }).groups]).toHaveLength(2);
    expect(
      assistantOf(identityOf({ ...base, 'cognito:groups': 'assistants', 'custom:assistantId': 'a-9' }))
        .assistantId,
    ).toBe('a-9');
    expect(assistantOf(identityOf({ ...base, 'cognito:groups': 'assistants' })).assistantId).toBe('u-1');
    expect(() => staffOf(identityOf({ ...base, 'cognito:groups': 'supervisors' }), 'write')).toThrow(
      /only coordinators/,
    );
    expect(staffOf(identityOf({ ...base, 'cognito:groups': 'supervisors' }), 'read').role).toBe('supervisor');
    expect(() => identityOf({ ...base, sub: 'has#hash' })).toThrow(/sub/);
  });

  it('issues local tokens with Cognito’s claims, the local issuer and an expiry', async () => {
    const tokens = await developmentTokens(SECRET, 'talsi');
    const assistant = await verify(tokens.assistant, SECRET, { alg: 'HS256', iss: LOCAL_TOKEN_ISSUER });
    expect(assistant).toMatchObject({
      sub: 'a-talsi-1',
      'cognito:groups': ['assistants'],
      'custom:municipality': 'talsi',
      'custom:assistantId': 'a-talsi-1',
    });
    expect((assistant.exp as number) - (assistant.iat as number)).toBe(12 * 3600);
    await expect(
      issueLocalToken('short', { sub: 'u-1', groups: ['coordinators'], municipality: 'talsi' }),
    ).rejects.toThrow(/32 characters/);
  });
});
