/** Resume a cycle that stopped on a failure (the case page's button); the resume-cycle API route does it. */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { resumeCycleRoute } from '../../../api/routes/cases.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { pageOf } from '../../respond.tsx';
import { notFoundPage, runApiRoute } from '../frame.tsx';
import { doneAt, postedForm, refused } from './shared.tsx';

export async function resumePost(c: Context, deps: ApiDeps, caseId: string): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const page = pageOf(c);
  const outcome = await runApiRoute(c, deps, resumeCycleRoute, session, { caseId }, undefined);
  if (outcome.kind === 'done') return doneAt(page, caseId, 'resumed');
  return refused(c, page, outcome) ?? notFoundPage(c, page);
}
