/**
 * The app as deployed and as `npm start` serves it: the API (functions/api/app.ts) with the
 * pages on the same Hono app: sign-in and sign-out, and the assistants' pages behind the session
 * (docs/pages.md). Composed here, not in the API, so the API does not depend on the pages.
 *
 * @example
 * const app = createWebApp({ ...context, auth: { localSecret }, session });
 */
import type { Hono } from 'hono';
import { type ApiDeps, createApp } from '../api/app.ts';
import { assetResponse } from './assets.ts';
import { mountAssistantPages } from './assistant/timesheet.tsx';
import { mountSignIn } from './sign-in.tsx';

export function createWebApp(deps: ApiDeps): Hono {
  const app = createApp(deps);
  // The stylesheet and script; issue 14's mountPages serves them too once merged (keep one).
  app.get('/assets/:file', (c) => assetResponse(c));
  mountSignIn(app, deps);
  mountAssistantPages(app, deps);
  return app;
}
