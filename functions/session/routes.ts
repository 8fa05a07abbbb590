/**
 * The addresses of the pages behind the app's own session (sign-in, sign-out, the assistants'
 * pages), for the deployment: API Gateway's JWT authorizer reads only an Authorization header,
 * never a cookie, so these are deployed without it and the app checks the session itself
 * (functions/session/middleware.ts) before anything is read. The development sign-in is not
 * here: the app mounts it only when it signs people in locally. The coordinators' workspace is
 * here too, under its own path apart from the API's.
 *
 * @example
 * SESSION_PAGE_ROUTES.find((route) => route.path === '/sign-in/callback') // { method: 'GET', ... }
 */
import { WORKSPACE_PATH } from '../domain/work-queue/paths.ts';

export interface SessionPageRoute {
  method: 'GET' | 'POST' | 'ANY';
  /** API Gateway's template: `{proxy+}` takes the rest of the path. */
  path: string;
  /** What is there, for the reviewer of the routes without the authorizer. */
  what: string;
}

/** The assistants' pages live under this path (the API's own assistant routes are `/assistant/...`). */
export const ASSISTANT_PAGES_PATH = '/hours';

export const SESSION_PAGE_ROUTES: readonly SessionPageRoute[] = [
  { method: 'GET', path: '/sign-in', what: 'starts the managed login (code flow with PKCE)' },
  { method: 'GET', path: '/sign-in/callback', what: 'verifies the ID token and sets the session cookie' },
  { method: 'POST', path: '/sign-out', what: 'ends the session (CSRF-checked form)' },
  { method: 'GET', path: '/signed-out', what: 'says the person is signed out' },
  { method: 'ANY', path: ASSISTANT_PAGES_PATH, what: "the assistant's cases" },
  {
    method: 'ANY',
    path: `${ASSISTANT_PAGES_PATH}/{proxy+}`,
    what: "the assistant's timesheets, previews and pay statements",
  },
  { method: 'ANY', path: WORKSPACE_PATH, what: "the coordinators' work queue" },
  {
    method: 'ANY',
    path: `${WORKSPACE_PATH}/{proxy+}`,
    what: "the coordinators' workspace: cases, their forms, months and the monthly runs",
  },
];
