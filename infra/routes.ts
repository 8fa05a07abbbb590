/**
 * The API's route table: one line per route, read by the API construct (infra/constructs/api.ts).
 * The API issue adds the case and cycle routes here; each names its handler, and every route
 * requires a staff token (the Cognito JWT authorizer) unless it is marked public with a reason.
 *
 * @example
 * // the API issue adds, for instance:
 * // { method: 'GET', path: '/cases/{caseId}', handler: 'cases-get', access: 'staff' },
 */
export type RouteHandler = 'health' | 'session';

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The function answering the route (infra/constructs/api.ts maps names to functions). */
  handler: RouteHandler;
  /** `staff`: a valid Cognito token is required; `public`: none, and `publicReason` says why. */
  access: 'staff' | 'public';
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
];
