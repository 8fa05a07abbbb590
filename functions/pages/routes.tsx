/**
 * The pages' routes on the API's own Hono app (functions/api/app.ts mounts them first), so one
 * deployment serves both and the address in a parent's email (`/links/<token>`) opens a page in
 * a browser while an API client keeps its JSON: a `GET` that prefers `text/html`, and a form post
 * (`application/x-www-form-urlencoded`), are the pages'; anything else falls through to the API.
 *
 * | route | page |
 * |---|---|
 * | `GET /assets/app.<hash>.css`, `.js` | the stylesheet and the script, cached for a year |
 * | `GET /accessibility` | the accessibility statement |
 * | `GET /links/{token}` | the link's page: ranking, consent, hours to confirm, or the statements' months |
 * | `POST /links/{token}/ranking`, `GET …/ranking/sent` | the ranking form's steps, the thank-you page |
 * | `POST /links/{token}/consent`, `GET …/consent/sent` | consent given or refused, the thank-you page |
 * | `POST /links/{token}/hours`, `GET …/hours/sent` | hours confirmed or disputed, the thank-you page |
 * | `GET /links/{token}/statements/{month}` | a month's statement, printable |
 *
 * @example
 * mountPages(app, deps); // before the API's routes
 */
import type { Context, Hono, Next } from 'hono';
import type { ApiDeps } from '../api/route.ts';
import { verifiedClaims } from '../api/routes/links.ts';
import { accessibilityPage } from './accessibility.tsx';
import { assetResponse } from './assets.ts';
import { consentPage, consentPost, consentSent } from './links/consent.tsx';
import { hoursPage, hoursPost, hoursSent } from './links/hours.tsx';
import { openAnswerLink } from './links/load.ts';
import { rankingPage, rankingPost, rankingSent } from './links/ranking.tsx';
import { statementIndexPage, statementPage } from './links/statement.tsx';
import { guarded, isFormPost, linkProblemPage, type PageHandler, pageOf, wantsHtml } from './respond.tsx';

/** Only for requests that want a page; the API's route answers the others. */
const forBrowsers =
  (deps: ApiDeps, route: string, handler: PageHandler) =>
  (c: Context, next: Next): Promise<Response | undefined> | Promise<void> =>
    wantsHtml(c) ? guarded(deps, route, handler)(c) : next();

const forForms =
  (deps: ApiDeps, route: string, handler: PageHandler) =>
  (c: Context, next: Next): Promise<Response | undefined> | Promise<void> =>
    isFormPost(c) ? guarded(deps, route, handler)(c) : next();

async function linkPage(c: Context, deps: ApiDeps): Promise<Response> {
  const token = c.req.param('token') ?? '';
  let step: string;
  try {
    step = verifiedClaims(deps, token).step;
  } catch (error) {
    return linkProblemPage(c, pageOf(c), error);
  }
  if (step === 'statement') return statementIndexPage(c, deps, token);
  if (step === 'hours') return hoursPage(c, deps, token);
  try {
    const opened = await openAnswerLink(deps, token, step === 'ranking' ? 'ranking' : 'consent');
    return step === 'ranking' ? rankingPage(c, deps, token, opened) : consentPage(c, deps, token, opened);
  } catch (error) {
    return linkProblemPage(c, pageOf(c), error);
  }
}

export function mountPages(app: Hono, deps: ApiDeps): void {
  const token = (c: Context) => c.req.param('token') ?? '';
  app.get('/assets/:file', (c) => assetResponse(c));
  app.get('/accessibility', guarded(deps, '/accessibility', accessibilityPage));
  app.get(
    '/links/:token',
    forBrowsers(deps, '/links/{token}', (c) => linkPage(c, deps)),
  );
  // Each answer's form post, then its thank-you page.
  const answers = [
    ['ranking', rankingPost, rankingSent],
    ['consent', consentPost, consentSent],
    ['hours', hoursPost, hoursSent],
  ] as const;
  for (const [step, post, sent] of answers) {
    app.post(
      `/links/:token/${step}`,
      forForms(deps, `/links/{token}/${step}`, (c) => post(c, deps, token(c))),
    );
    app.get(
      `/links/:token/${step}/sent`,
      guarded(deps, `/links/{token}/${step}/sent`, (c) => sent(c, deps, token(c))),
    );
  }
  app.get(
    '/links/:token/statements/:month',
    forBrowsers(deps, '/links/{token}/statements/{month}', (c) =>
      statementPage(c, deps, token(c), c.req.param('month') ?? ''),
    ),
  );
}
