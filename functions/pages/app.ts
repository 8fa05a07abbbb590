/**
 * The app as deployed and as `npm start` serves it: the API (functions/api/app.ts) with the
 * pages on the same Hono app: the parents' link pages, the ministry's pages and the coordinators' workspace (before the
 * API's routes, which share some addresses), sign-in and sign-out, and the assistants' pages behind the session
 * (docs/pages.md). Composed here, not in the API, so the API does not depend on the pages.
 *
 * @example
 * const app = createWebApp({ ...context, auth: { localSecret }, session });
 */
import type { Hono } from 'hono';
import { type ApiDeps, createApp } from '../api/app.ts';
import { mountAssistantPages } from './assistant/routes.tsx';
import { mountMinistryPages } from './ministry/routes.tsx';
import { mountPages } from './routes.tsx';
import { mountSignIn } from './sign-in.tsx';
import { mountWorkspacePages } from './workspace/routes.tsx';

export function createWebApp(deps: ApiDeps): Hono {
  const app = createApp(deps, {
    // Before the API's routes: the addresses both answer give a browser the page.
    beforeApi: (first) => {
      mountPages(first, deps);
      mountMinistryPages(first, deps);
      mountWorkspacePages(first, deps);
    },
  });
  mountSignIn(app, deps);
  mountAssistantPages(app, deps);
  return app;
}
