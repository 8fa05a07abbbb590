/**
 * Two commands a coordinator gives with a reason and a warning: review the case early (before the
 * next cycle is due), or close it. The early-review and close-case API routes carry them out.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { closeCaseRoute, earlyReviewRoute } from '../../../api/routes/cases.ts';
import { EARLY_REVIEW_REASONS } from '../../../domain/indicators/definitions.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { CLOSE_REASONS } from '../../../review-cycle/commands.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { Button, Radios } from '../../components/fields.tsx';
import { type FieldProblem, Warning, withLanguage } from '../../layout.tsx';
import { pageOf } from '../../respond.tsx';
import { errorOf, forbiddenWorkspacePage, isCoordinator, notFoundPage, runApiRoute } from '../frame.tsx';
import { caseIsOurs, doneAt, formPage, postedForm, refused, text } from './shared.tsx';

function reasonForm(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  kind: 'early-review' | 'closure',
  problems: FieldProblem[],
  status = 200,
) {
  const page = pageOf(c);
  const w = page.t.workspace;
  const words = kind === 'early-review' ? w.earlyReview : w.close;
  const reasons = kind === 'early-review' ? EARLY_REVIEW_REASONS : CLOSE_REASONS;
  return formPage(
    c,
    deps,
    {
      status,
      title: words.title(caseId),
      problems,
      caseId,
      intro: kind === 'early-review' ? w.earlyReview.intro : undefined,
      action: `${workspacePaths.case(caseId)}/${kind}`,
    },
    <>
      <Radios
        t={page.t}
        id="reason"
        legend={words.reason}
        choices={reasons.map((reason) => ({ value: reason, label: words.reasons[reason] ?? reason }))}
        error={errorOf(problems, 'reason')}
      />
      <Warning t={page.t}>{words.warning}</Warning>
      <Button variant="warning" preventDoubleClick>
        {words.confirm}
      </Button>
      <p class="govuk-body">
        <a class="govuk-link" href={withLanguage(page, workspacePaths.case(caseId))}>
          {w.common.cancel}
        </a>
      </p>
    </>,
  );
}

export const reasonPage = async (
  c: Context,
  deps: ApiDeps,
  caseId: string,
  kind: 'early-review' | 'closure',
) => {
  if (!isCoordinator(sessionOf(c))) return forbiddenWorkspacePage(c, pageOf(c));
  if (!(await caseIsOurs(c, deps, caseId))) return notFoundPage(c, pageOf(c));
  return reasonForm(c, deps, caseId, kind, []);
};

export async function reasonPost(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  kind: 'early-review' | 'closure',
): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const reason = text(form, 'reason');
  const allowed: readonly string[] = kind === 'early-review' ? EARLY_REVIEW_REASONS : CLOSE_REASONS;
  if (reason === undefined || !allowed.includes(reason)) {
    return reasonForm(
      c,
      deps,
      caseId,
      kind,
      [
        {
          field: 'reason',
          text: `${(kind === 'early-review' ? w.earlyReview : w.close).reason}: ${w.problems.chooseReason}`,
        },
      ],
      422,
    );
  }
  const route = kind === 'early-review' ? earlyReviewRoute : closeCaseRoute;
  const outcome = await runApiRoute(c, deps, route, session, { caseId }, { reason });
  if (outcome.kind === 'done')
    return doneAt(page, caseId, kind === 'early-review' ? 'early-review' : 'closed');
  const other = refused(c, page, outcome);
  if (other) return other;
  return reasonForm(c, deps, caseId, kind, [{ field: 'reason', text: w.problems.invalid }], 422);
}
