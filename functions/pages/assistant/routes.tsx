/**
 * The assistants' pages, behind the session guard (assistants only), under `/hours`:
 *
 * | route | page |
 * |---|---|
 * | `GET /hours` | your cases, each with its recent months |
 * | `GET /hours/{caseId}/{month}` | the month's timesheet: calendar, grant and what is left, deadline, entries, add, copy last week, upload |
 * | `POST …/entries`, `…/remove`, `…/copy-week`, `…/upload` | change the draft (kept server-side), back to the timesheet |
 * | `GET …/check`, `POST …/submit`, `GET …/sent` | check the month, submit it, the done page |
 * | `GET …/preview` | what the run would pay and refuse now, and why |
 * | `GET …/statement` | the month's pay statements, printable |
 *
 * Every page finds the case with the session's municipality and assistant id; a case that does not
 * name the assistant is not found (404), whether it exists or not. Forms carry a CSRF token bound
 * to the session; every change is posted, saved, and answered with a redirect (or the page again
 * with an error summary), so the pages work without JavaScript; the script only shows what would
 * be left while the assistant types a time.
 */
import type { Context, Hono } from 'hono';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { sessionGuard } from '../../session/middleware.ts';
import { MessagePage } from '../layout.tsx';
import { pageOf, respond } from '../respond.tsx';
import { forbiddenPage } from '../sign-in.tsx';
import { casesPage } from './cases.tsx';
import { addEntry, copyWeek, removeEntry, upload } from './changes.tsx';
import { base } from './frame.tsx';
import { timesheetPage } from './month.tsx';
import { payStatementPage } from './pay-statement.tsx';
import { previewPage } from './preview.tsx';
import { checkPage, sentPage, submit } from './submit.tsx';

type Handler = (c: Context, deps: ApiDeps, secret: string) => Promise<Response>;

/** Answers a case or month that is not the assistant's (or a draft changed elsewhere) with a page. */
function guarded(deps: ApiDeps, secret: string, handler: Handler) {
  return async (c: Context): Promise<Response> => {
    try {
      return await handler(c, deps, secret);
    } catch (error) {
      const page = pageOf(c);
      if (error instanceof ApiProblem && error.kind === 'not-found') {
        return respond(
          c,
          404,
          <MessagePage page={page} title={page.t.links.notFoundTitle} body={page.t.timesheet.noCases} />,
        );
      }
      if (error instanceof ApiProblem && error.kind === 'conflict') {
        return respond(
          c,
          409,
          <MessagePage page={page} title={page.t.links.errorTitle} body={page.t.timesheet.errors.conflict} />,
        );
      }
      deps.log?.({
        level: 'error',
        message: 'page failed',
        requestId: 'page',
        method: c.req.method,
        route: `${base}/…`,
        status: 500,
        errorName: error instanceof Error ? error.name : 'Error',
      });
      return respond(
        c,
        500,
        <MessagePage page={page} title={page.t.links.errorTitle} body={page.t.links.errorBody} />,
      );
    }
  };
}

/** The assistants' pages, behind the session guard; nothing when the app has no session config. */
export function mountAssistantPages(app: Hono, deps: ApiDeps): void {
  const config = deps.session;
  if (!config) return;
  const secret = config.secret;
  const guard = sessionGuard(config, 'assistant', forbiddenPage);
  app.use(base, guard);
  app.use(`${base}/*`, guard);
  const month = `${base}/:caseId/:month`;
  app.get(base, guarded(deps, secret, casesPage));
  app.get(
    month,
    guarded(deps, secret, (c, d, s) => timesheetPage(c, d, s)),
  );
  app.post(`${month}/entries`, guarded(deps, secret, addEntry));
  app.post(`${month}/remove`, guarded(deps, secret, removeEntry));
  app.post(`${month}/copy-week`, guarded(deps, secret, copyWeek));
  app.post(`${month}/upload`, guarded(deps, secret, upload));
  app.get(
    `${month}/check`,
    guarded(deps, secret, (c, d, s) => checkPage(c, d, s)),
  );
  app.post(`${month}/submit`, guarded(deps, secret, submit));
  app.get(`${month}/sent`, guarded(deps, secret, sentPage));
  app.get(`${month}/preview`, guarded(deps, secret, previewPage));
  app.get(`${month}/statement`, guarded(deps, secret, payStatementPage));
}
