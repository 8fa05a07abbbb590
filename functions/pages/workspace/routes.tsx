/**
 * The coordinators' workspace pages on the app (functions/api/app.ts mounts them after the
 * parents' pages, before the API's routes), behind the staff session: a `GET` that prefers HTML
 * and a form post are the pages'; an API client (JSON, a bearer token) falls through to the API at
 * the same address. Every email to a coordinator links to one of these addresses
 * (functions/domain/work-queue/paths.ts).
 *
 * | route | page |
 * |---|---|
 * | `GET /workspace` | the work queue (the first page after a staff sign-in) |
 * | `GET /cases/new`, `POST /cases` | open a case |
 * | `GET /cases/{caseId}` | the case |
 * | `GET, POST /cases/{caseId}/assessment` | enter the team's assessment |
 * | `GET, POST /cases/{caseId}/ranking` | rank on the parents' behalf |
 * | `GET /cases/{caseId}/cycles/{cycle}/plans/{revision}`, `POST …/approval`, `POST …/changes` | the drafted plan: approve, or ask for changes |
 * | `GET, POST /cases/{caseId}/early-review`, `GET, POST /cases/{caseId}/closure`, `POST /cases/{caseId}/resume` | early review, closing, resuming |
 * | `GET /cases/{caseId}/months/{month}` | a month's hours and statements |
 * | `GET /runs`, `GET /runs/{runId}`, `GET /runs/{runId}/payments.csv` | the monthly runs, a run, its CSV |
 *
 * @example
 * mountWorkspacePages(app, deps); // needs deps.session
 */
import type { Context, Hono, Next } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { sessionOf } from '../../session/middleware.ts';
import { runPaymentsCsv } from '../../workspace/runs-view.ts';
import { isFormPost, type PageHandler, pageOf, wantsHtml } from '../respond.tsx';
import { PAGE_HEADERS } from '../security.ts';
import { casePage, monthPage } from './case.tsx';
import { assessmentPage, assessmentPost } from './forms/assessment.tsx';
import { resolvePost } from './forms/dispute.tsx';
import { reasonPage, reasonPost } from './forms/early-review-or-closure.tsx';
import { newCasePage, newCasePost } from './forms/new-case.tsx';
import { approvalPost, changesPost, planPage } from './forms/plan.tsx';
import { rankingPage, rankingPost } from './forms/ranking.tsx';
import { resumePost } from './forms/resume.tsx';
import { notFoundPage, sessionPages } from './frame.tsx';
import { queuePage } from './queue.tsx';
import { runPage, runsPage } from './runs.tsx';

async function csvPage(c: Context, deps: ApiDeps): Promise<Response> {
  const session = sessionOf(c);
  const runId = c.req.param('runId') ?? '';
  const csv = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId)
    ? await runPaymentsCsv(deps, session.municipality, runId)
    : undefined;
  if (csv === undefined) return notFoundPage(c, pageOf(c));
  return new Response(csv, {
    status: 200,
    headers: {
      ...PAGE_HEADERS,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="atbalsts-${session.municipality}-${runId}.csv"`,
    },
  });
}

export function mountWorkspacePages(app: Hono, deps: ApiDeps): void {
  const config = deps.session;
  if (!config) return;
  const withSession = sessionPages(deps, config, 'staff-read');
  const forBrowsers = (route: string, handler: PageHandler) => (c: Context, next: Next) =>
    wantsHtml(c) ? withSession(route, handler)(c) : next();
  const forForms = (route: string, handler: PageHandler) => (c: Context, next: Next) =>
    isFormPost(c) ? withSession(route, handler)(c) : next();
  const id = (c: Context) => c.req.param('caseId') ?? '';

  app.get(
    '/workspace',
    withSession('/workspace', (c) => queuePage(c, deps)),
  );
  app.get(
    '/workspace/cases/new',
    forBrowsers('/workspace/cases/new', (c) => newCasePage(c, deps)),
  );
  app.post(
    '/workspace/cases',
    forForms('/workspace/cases', (c) => newCasePost(c, deps)),
  );
  app.get(
    '/workspace/cases/:caseId',
    forBrowsers('/workspace/cases/{caseId}', (c) => casePage(c, deps, id(c))),
  );
  app.get(
    '/workspace/cases/:caseId/assessment',
    forBrowsers('/workspace/cases/{caseId}/assessment', (c) => assessmentPage(c, deps, id(c))),
  );
  app.post(
    '/workspace/cases/:caseId/assessment',
    forForms('/workspace/cases/{caseId}/assessment', (c) => assessmentPost(c, deps, id(c))),
  );
  app.get(
    '/workspace/cases/:caseId/ranking',
    forBrowsers('/workspace/cases/{caseId}/ranking', (c) => rankingPage(c, deps, id(c))),
  );
  app.post(
    '/workspace/cases/:caseId/ranking',
    forForms('/workspace/cases/{caseId}/ranking', (c) => rankingPost(c, deps, id(c))),
  );
  const plan = (c: Context) => [id(c), c.req.param('cycle') ?? '', c.req.param('revision') ?? ''] as const;
  app.get(
    '/workspace/cases/:caseId/cycles/:cycle/plans/:revision',
    forBrowsers('/workspace/cases/{caseId}/cycles/{cycle}/plans/{revision}', (c) =>
      planPage(c, deps, ...plan(c)),
    ),
  );
  app.post(
    '/workspace/cases/:caseId/cycles/:cycle/plans/:revision/approval',
    forForms('/workspace/cases/{caseId}/cycles/{cycle}/plans/{revision}/approval', (c) =>
      approvalPost(c, deps, ...plan(c)),
    ),
  );
  app.post(
    '/workspace/cases/:caseId/cycles/:cycle/plans/:revision/changes',
    forForms('/workspace/cases/{caseId}/cycles/{cycle}/plans/{revision}/changes', (c) =>
      changesPost(c, deps, ...plan(c)),
    ),
  );
  for (const kind of ['early-review', 'closure'] as const) {
    app.get(
      `/workspace/cases/:caseId/${kind}`,
      forBrowsers(`/workspace/cases/{caseId}/${kind}`, (c) => reasonPage(c, deps, id(c), kind)),
    );
    app.post(
      `/workspace/cases/:caseId/${kind}`,
      forForms(`/workspace/cases/{caseId}/${kind}`, (c) => reasonPost(c, deps, id(c), kind)),
    );
  }
  app.post(
    '/workspace/cases/:caseId/resume',
    forForms('/workspace/cases/{caseId}/resume', (c) => resumePost(c, deps, id(c))),
  );
  app.get(
    '/workspace/cases/:caseId/months/:month',
    forBrowsers('/workspace/cases/{caseId}/months/{month}', (c) =>
      monthPage(c, deps, id(c), c.req.param('month') ?? ''),
    ),
  );
  app.post(
    '/workspace/cases/:caseId/months/:month/disputes/:assistantId/resolution',
    forForms('/workspace/cases/{caseId}/months/{month}/disputes/{assistantId}/resolution', (c) =>
      resolvePost(c, deps, id(c), c.req.param('month') ?? '', c.req.param('assistantId') ?? ''),
    ),
  );
  app.get(
    '/workspace/runs',
    forBrowsers('/workspace/runs', (c) => runsPage(c, deps)),
  );
  app.get(
    '/workspace/runs/:runId',
    forBrowsers('/workspace/runs/{runId}', (c) => runPage(c, deps, c.req.param('runId') ?? '')),
  );
  app.get(
    '/workspace/runs/:runId/payments.csv',
    forBrowsers('/workspace/runs/{runId}/payments.csv', (c) => csvPage(c, deps)),
  );
}
