/**
 * The ministry's pages on the app, behind the staff session for the `ministry` group only (a
 * coordinator, a supervisor or an assistant gets a page that says no; no session, sign-in), under
 * the workspace's prefix so the same deployed session route serves them:
 *
 * | route | page |
 * |---|---|
 * | `GET /workspace/ministry` | the monitoring indicators (months, municipality), charts and tables |
 * | `GET /workspace/ministry/indicators.csv`, `.xlsx` | the same figures as the API's exports |
 * | `GET, POST /workspace/ministry/what-if` | the policy what-if: the form, the comparison, its CSV or JSON |
 *
 * @example
 * mountMinistryPages(app, deps); // needs deps.session
 */
import type { Context, Hono } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { ministryPaths } from '../../domain/work-queue/paths.ts';
import { sessionPages } from '../workspace/frame.tsx';
import { indicatorsFile, indicatorsPage } from './indicators.tsx';
import { whatIfPage, whatIfPost } from './what-if.tsx';

/** A form post of the what-if: a file upload (multipart) or the download's fields. */
const isPagePost = (c: Context) =>
  /^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(c.req.header('content-type') ?? '');

export function mountMinistryPages(app: Hono, deps: ApiDeps): void {
  const config = deps.session;
  if (!config) return;
  const withSession = sessionPages(deps, config, 'ministry');
  app.get(
    ministryPaths.indicators(),
    withSession(ministryPaths.indicators(), (c) => indicatorsPage(c, deps)),
  );
  for (const extension of ['csv', 'xlsx'] as const) {
    app.get(
      ministryPaths.indicatorsFile(extension),
      withSession(ministryPaths.indicatorsFile(extension), (c) => indicatorsFile(c, deps, extension)),
    );
  }
  app.get(
    ministryPaths.whatIf(),
    withSession(ministryPaths.whatIf(), (c) => whatIfPage(c, deps)),
  );
  app.post(ministryPaths.whatIf(), async (c, next) =>
    isPagePost(c) ? withSession(ministryPaths.whatIf(), (inner) => whatIfPost(inner, deps))(c) : next(),
  );
}
