/**
 * The API's route table, read by the API construct (infra/constructs/api.ts): the app's own routes
 * (functions/api/app.ts API_ROUTES, one source of truth with the OpenAPI document), all answered
 * by the one API function, plus `/health` and `/session`. Every route requires a staff token (the
 * Cognito JWT authorizer) unless it is public with a reason: the parents' links, which carry
 * their own signed authorization, and the OpenAPI document.
 *
 * @example
 * ROUTES.find((route) => route.path === '/cases/{caseId}/early-review') // { method: 'POST', handler: 'app', access: 'staff' }
 */
import { API_ROUTES } from '../../functions/api/app.ts';
import { PUBLIC_PAGE_ROUTES } from '../../functions/pages/public-routes.ts';
import { SESSION_PAGE_ROUTES } from '../../functions/session/routes.ts';

export type RouteHandler = 'health' | 'session' | 'app';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  path: string;
  /** The function answering the route (infra/constructs/api.ts maps names to functions). */
  handler: RouteHandler;
  /**
   * `staff`: a valid Cognito token is required; `public`: none, and `publicReason` says why;
   * `session`: a page behind the app's own session cookie, which the authorizer cannot read (the
   * app checks it before anything else), with `publicReason` saying so.
   */
  access: 'staff' | 'public' | 'session';
  publicReason?: string;
}

export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/health',
    handler: 'health',
    access: 'public',
    publicReason: 'uptime checks; returns {"status":"ok"} and reads nothing',
  },
  { method: 'GET', path: '/session', handler: 'session', access: 'staff' },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'app',
    access: 'public',
    publicReason: 'the API description generated from its schemas; it holds no data',
  },
  ...API_ROUTES.map(
    (route): RouteDefinition =>
      route.access === 'public' || route.access === 'link'
        ? {
            method: route.method.toUpperCase() as RouteDefinition['method'],
            path: route.path,
            handler: 'app',
            access: 'public',
            publicReason:
              'a parent answers from an email without an account; the app verifies the signed, expiring, single-use link and refuses a forged one as not found',
          }
        : {
            method: route.method.toUpperCase() as RouteDefinition['method'],
            path: route.path,
            handler: 'app',
            access: 'staff',
          },
  ),
  ...PUBLIC_PAGE_ROUTES.map(
    (route): RouteDefinition => ({
      method: route.method,
      path: route.path,
      handler: 'app',
      access: 'public',
      publicReason: `a parents' page (${route.what}) opened from an email without an account`,
    }),
  ),
  ...SESSION_PAGE_ROUTES.map(
    (route): RouteDefinition => ({
      method: route.method,
      path: route.path,
      handler: 'app',
      access: 'session',
      publicReason: `a page (${route.what}) behind the app's own session cookie, which API Gateway's JWT authorizer cannot read; the app checks the session (functions/session/middleware.ts) before it reads anything and sends anyone without one to sign in`,
    }),
  ),
];
