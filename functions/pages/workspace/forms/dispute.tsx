/**
 * A dispute of a month's hours dealt with (the month page's button, for the assistant's hours the
 * parents disputed); the resolve-dispute API route records it.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { resolveDisputeRoute } from '../../../api/routes/workspace.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { withLanguage } from '../../layout.tsx';
import { pageOf, redirect } from '../../respond.tsx';
import { notFoundPage, runApiRoute } from '../frame.tsx';
import { postedForm, refused, text } from './shared.tsx';

export async function resolvePost(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  month: string,
  assistantId: string,
): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const page = pageOf(c);
  const outcome = await runApiRoute(
    c,
    deps,
    resolveDisputeRoute,
    sessionOf(c),
    { caseId, month, assistantId },
    {
      decidedAt: text(form, 'decidedAt'),
    },
  );
  if (outcome.kind === 'done')
    return redirect(withLanguage(page, `${workspacePaths.month(caseId, month)}?done=resolved`));
  return refused(c, page, outcome) ?? notFoundPage(c, page);
}
