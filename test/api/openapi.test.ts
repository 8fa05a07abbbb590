/**
 * The OpenAPI document served at /openapi.json: valid JSON, OpenAPI 3.1, every route of the table
 * with its parameters, body and response schemas as components, every `$ref` resolvable, and
 * optional fields documented as optional.
 */
import { describe, expect, it } from 'vitest';
import { API_ROUTES, createApp } from '../../functions/api/app.ts';
import { healthSchema, sessionRefusedSchema, sessionSchema } from '../../functions/api/gateway-routes.ts';
import { takesIdempotencyKey } from '../../functions/api/route.ts';
import { handler as healthHandler } from '../../functions/handlers/health.ts';
import { handler as sessionHandler } from '../../functions/handlers/session.ts';
import { realClock } from '../../functions/orchestrator/clock.ts';
import { PUBLIC_PAGE_ROUTES } from '../../functions/pages/public-routes.ts';
import type { StepContext } from '../../functions/step-context.ts';
import { ROUTES } from '../../infra/constructs/api-routes.ts';
import { serveApi } from '../../local/node-server.ts';

/** A context whose store and orchestrator the document never touches. */
const context = {
  store: {},
  clock: realClock,
  orchestrator: {},
  config: {
    appUrl: 'https://atbalsts.example.lv',
    linkSecret: 'a-test-link-secret-that-is-long-enough-1234',
    supervisors: {},
    cycleStateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:test',
  },
} as unknown as StepContext;

// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;

async function fetchDocument(): Promise<{ text: string; document: Json }> {
  const app = createApp({
    ...context,
    auth: { localSecret: 'a-local-secret-that-is-long-enough-000000' },
    checkResponses: true,
  });
  const response = await app.request('/openapi.json');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  const text = await response.text();
  return { text, document: JSON.parse(text) as Json };
}

/** Every `$ref` in the document. */
function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsOf(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refsOf(item, found);
    }
  }
  return found;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every route of the table with its operation', async () => {
    const { document } = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Atbalsts API', version: expect.any(String) });
    const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Json>).map(
        ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
      ),
    );
    for (const route of API_ROUTES) {
      expect(operations).toContain(`${route.method.toUpperCase()} ${route.path} ${route.operationId}`);
    }
    expect(operations).toContain('GET /openapi.json getOpenApiDocument');
    // The deployed gateway's own functions are documented too (infra/routes.ts).
    expect(operations).toContain('GET /health getHealth');
    expect(operations).toContain('GET /session getSession');
    expect(operations).toHaveLength(API_ROUTES.length + 3);
    expect(document.servers).toEqual([{ url: context.config.appUrl, description: expect.any(String) }]);
  });

  it('lists every path the deployed API routes, and /health and /session answer as documented', async () => {
    const { document } = await fetchDocument();
    // The pages (behind the session cookie, or the parents' pages without an API twin) are HTML
    // for people, not operations of the API.
    const pageOnly = new Set(PUBLIC_PAGE_ROUTES.map((route) => `${route.method} ${route.path}`));
    for (const route of ROUTES.filter(
      (each) => each.access !== 'session' && !pageOnly.has(`${each.method} ${each.path}`),
    )) {
      expect(
        document.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    const health = await healthHandler();
    expect(health.statusCode).toBe(200);
    expect(healthSchema.safeParse(JSON.parse(health.body)).success).toBe(true);
    const session = await sessionHandler({
      requestContext: {
        authorizer: {
          jwt: { claims: { sub: 'u-7', 'custom:municipality': 'talsi', 'cognito:groups': '[coordinators]' } },
        },
      },
    });
    expect(session.statusCode).toBe(200);
    expect(sessionSchema.safeParse(JSON.parse(session.body)).success).toBe(true);
    const refused = await sessionHandler({
      requestContext: { authorizer: { jwt: { claims: { sub: 'u-7' } } } },
    });
    expect(Object.keys(document.paths['/session'].get.responses)).toContain(String(refused.statusCode));
    expect(sessionRefusedSchema.safeParse(JSON.parse(refused.body)).success).toBe(true);
  });

  it('documents the Idempotency-Key’s answers (409 while running, 422 for a reused key) on every route that takes one', async () => {
    const { document } = await fetchDocument();
    const keyed = API_ROUTES.filter(takesIdempotencyKey);
    expect(keyed.length).toBeGreaterThan(5);
    for (const route of keyed) {
      const operation = document.paths[route.path][route.method];
      expect(
        operation.parameters.map((p: Json) => p.name),
        route.operationId,
      ).toContain('Idempotency-Key');
      for (const status of ['409', '422']) {
        expect(
          operation.responses[status]?.content['application/problem+json'],
          `${route.operationId} ${status}`,
        ).toBeDefined();
      }
    }
  });

  it('documents each route’s parameters, body and responses from its schemas, and every $ref resolves', async () => {
    const { document } = await fetchDocument();
    const schemas = document.components.schemas as Json;
    for (const ref of refsOf(document.paths)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.split('/').at(-1) as string], ref).toBeDefined();
    }
    for (const ref of refsOf(schemas)) expect(schemas[ref.split('/').at(-1) as string], ref).toBeDefined();
    for (const route of API_ROUTES) {
      const operation = document.paths[route.path][route.method];
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const documented = (operation.parameters ?? [])
        .filter((p: Json) => p.in === 'path')
        .map((p: Json) => p.name);
      expect(documented, route.operationId).toEqual(pathNames);
      if (route.body) {
        expect(operation.requestBody.content['application/json'].schema.$ref).toBe(
          `#/components/schemas/${route.body.name}`,
        );
      }
      const success = Object.keys(route.responses).filter((status) => Number(status) < 400);
      for (const status of success) {
        // A download is documented by its media type; every JSON answer by its schema.
        const download = route.responses[Number(status)]?.contentType;
        if (download) {
          expect(operation.responses[status].content[download].schema, route.operationId).toEqual({
            type: 'string',
            format: 'binary',
          });
          continue;
        }
        expect(
          operation.responses[status].content['application/json'].schema.$ref,
          route.operationId,
        ).toMatch(/^#\/components\/schemas\//);
      }
      expect(operation.responses['500'].content['application/problem+json'].schema.$ref).toBe(
        '#/components/schemas/Problem',
      );
      const authenticated = route.access !== 'public' && route.access !== 'link';
      expect(operation.security, route.operationId).toEqual(authenticated ? [{ bearer: [] }] : []);
      if (authenticated) expect(operation.responses['401']).toBeDefined();
    }
  });

  it('documents optional fields as optional, the CSV upload, the query and the Idempotency-Key', async () => {
    const { document } = await fetchDocument();
    const schemas = document.components.schemas as Json;
    const contact = schemas.OpenCase.properties.person.properties.contacts.items;
    expect(contact.required).toEqual(['role', 'id', 'name', 'language']);
    expect(schemas.OpenCase.required).toEqual(['caseId', 'participantId', 'person']);
    expect(schemas.OpenCase.additionalProperties).toBe(false);
    const timesheet = document.paths['/assistant/cases/{caseId}/timesheets/{month}'].put;
    expect(timesheet.requestBody.content['text/csv'].schema.description).toContain('stundas');
    expect(timesheet.parameters.map((p: Json) => p.name)).toEqual(['caseId', 'month', 'Idempotency-Key']);
    const missing = document.paths['/timesheets-missing'].get.parameters;
    expect(missing.find((p: Json) => p.name === 'month')).toMatchObject({ in: 'query', required: true });
    expect(missing.find((p: Json) => p.name === 'limit')).toMatchObject({ in: 'query', required: false });
    const link = document.paths['/links/{token}/ranking'].post;
    expect(link.parameters.map((p: Json) => p.name)).toEqual(['token']);
    expect(schemas.Problem.properties.errors.items.required).toEqual(['path', 'message']);
  });

  it('is served by Node on 127.0.0.1', async () => {
    const app = createApp({ ...context, auth: { localSecret: 'a-local-secret-that-is-long-enough-000000' } });
    const served = await serveApi(app, { port: 0 });
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${served.url}/openapi.json`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as Json).openapi).toBe('3.1.0');
      const none = await fetch(`${served.url}/cases`);
      expect(none.status).toBe(401);
      expect(none.headers.get('content-type')).toBe('application/problem+json');
    } finally {
      await served.close();
    }
  });
});
