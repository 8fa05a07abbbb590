/**
 * The API as one Hono app: the coordinators', assistants' and parents' routes
 * (functions/api/routes/), the OpenAPI document built from them at `GET /openapi.json`, and
 * problem+json for every error, unknown routes included; and the pages people open in a browser
 * (functions/pages/, docs/pages.md), on the same addresses where they share one. The same app runs behind API Gateway
 * (functions/handlers/api.ts, claims from its JWT authorizer) and in Node locally
 * (local/node-server.ts, local tokens).
 *
 * @example
 * const workflows = startLocalWorkflows({ store, clock, config });
 * const app = createApp({ ...workflows.context, auth: { localSecret } });
 * const response = await app.request('/cases', { headers: { authorization: `Bearer ${token}` } });
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { openApiDocument } from './openapi.ts';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem.ts';
import { type ApiDeps, defineRoute, honoPath, type Route, routeHandler } from './route.ts';
import { assistantRoutes } from './routes/assistant.ts';
import { caseRoutes } from './routes/cases.ts';
import { linkRoutes } from './routes/links.ts';
import { listRoutes } from './routes/lists.ts';
import { ministryRoutes } from './routes/ministry.ts';
import { workspaceRoutes } from './routes/workspace.ts';

export type { ApiDeps } from './route.ts';

export const API_INFO = { title: 'Atbalsts API', version: '0.1.0' } as const;

/** Every route of the API but the document itself. */
export const API_ROUTES: readonly Route[] = [
  ...caseRoutes,
  ...listRoutes,
  ...workspaceRoutes,
  ...assistantRoutes,
  ...linkRoutes,
  ...ministryRoutes,
];

/** The route serving the OpenAPI document of `routes` (itself included). */
function openApiRoute(routes: () => readonly Route[], appUrl: string): Route {
  let document: Record<string, unknown> | undefined;
  return defineRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This API’s OpenAPI 3.1 document, generated from the schemas that validate its requests',
    tags: ['meta'],
    access: 'public',
    params: z.object({}),
    responses: {
      200: {
        description: 'The document',
        schema: z.record(z.string(), z.unknown()),
        name: 'OpenApiDocument',
      },
    },
    handle: async () => {
      document ??= openApiDocument(routes(), API_INFO, [
        { url: appUrl, description: 'This deployment (links in emails point here too)' },
      ]);
      return { status: 200, body: document };
    },
  });
}

/**
 * The app over a step context: `auth` says where claims come from (`lambda-authorizer` on AWS,
 * `{ localSecret }` for local tokens); the parents' links are verified with `config.linkSecret`.
 *
 * @example
 * const app = createApp({ ...context, auth: 'lambda-authorizer' });
 */
export function createApp(deps: ApiDeps, options: { beforeApi?: (app: Hono) => void } = {}): Hono {
  const app = new Hono();
  // The pages first (functions/pages/app.ts passes them): a browser's request to an address the
  // API also answers (a link, a case) gets a page, anyone else the API.
  options.beforeApi?.(app);
  const routes: Route[] = [...API_ROUTES];
  routes.push(openApiRoute(() => routes, deps.config.appUrl));
  for (const route of routes) {
    app.on(route.method.toUpperCase(), honoPath(route.path), routeHandler(route, deps));
  }
  // The path is not echoed: it may hold a link's token.
  app.notFound(
    () =>
      new Response(JSON.stringify(problemBody('not-found', 'there is no such route; see /openapi.json')), {
        status: 404,
        headers: { 'content-type': PROBLEM_CONTENT_TYPE },
      }),
  );
  app.onError((error) => {
    deps.log?.({
      level: 'error',
      message: 'unhandled',
      requestId: 'unknown',
      method: '?',
      route: '?',
      status: 500,
      errorName: error.name,
    });
    return new Response(
      JSON.stringify(problemBody('internal', 'The request could not be completed; try again later.')),
      {
        status: 500,
        headers: { 'content-type': PROBLEM_CONTENT_TYPE },
      },
    );
  });
  return app;
}
