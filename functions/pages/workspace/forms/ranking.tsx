/**
 * Rank the recommended services on the parents' behalf (their ranking came on paper or by phone):
 * each service's place, every place once, and the day the ranking was received. The
 * record-ranking API route checks it.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { recordRankingRoute } from '../../../api/routes/cases.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { Button, TextInput } from '../../components/fields.tsx';
import type { FieldProblem } from '../../layout.tsx';
import { pageOf } from '../../respond.tsx';
import { serviceName } from '../case.tsx';
import {
  errorOf,
  fieldProblems,
  forbiddenWorkspacePage,
  isCoordinator,
  notFoundPage,
  runApiRoute,
} from '../frame.tsx';
import { doneAt, formPage, numberOf, postedForm, refused, text, today } from './shared.tsx';

/** The services of the latest assessment, in the team's order; nothing when there is no such case. */
async function recommendedOf(deps: ApiDeps, municipality: string, caseId: string) {
  const ref = { municipality, caseId };
  const current = await deps.store.cases.get(ref);
  if (!current) return undefined;
  const { assessments } = await deps.store.cycles.contents(ref, current.cycle);
  return [...(assessments.at(-1)?.recommendations ?? [])]
    .sort((x, y) => x.rank - y.rank)
    .map((item) => item.service);
}

async function rankingForm(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  form: URLSearchParams,
  problems: FieldProblem[],
  status = 200,
) {
  const session = sessionOf(c);
  const page = pageOf(c);
  const r = page.t.workspace.ranking;
  const services = await recommendedOf(deps, session.municipality, caseId);
  if (!services) return notFoundPage(c, page);
  return formPage(
    c,
    deps,
    {
      status,
      title: r.title(caseId),
      problems,
      caseId,
      intro: r.intro,
      action: workspacePaths.ranking(caseId),
    },
    <>
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{r.order}</legend>
        {services.map((service, index) => (
          <TextInput
            t={page.t}
            id={`order-${service}`}
            label={serviceName(page, service)}
            value={form.get(`order-${service}`) ?? String(index + 1)}
            error={errorOf(problems, `order-${service}`)}
            width="govuk-input--width-2"
            inputmode="numeric"
          />
        ))}
      </fieldset>
      <TextInput
        t={page.t}
        id="receivedOn"
        label={r.receivedOn}
        value={form.get('receivedOn') ?? today(deps)}
        error={errorOf(problems, 'receivedOn')}
        width="govuk-input--width-10"
      />
      <Button preventDoubleClick>{r.submit}</Button>
    </>,
  );
}

export const rankingPage = (c: Context, deps: ApiDeps, caseId: string) => {
  if (!isCoordinator(sessionOf(c))) return forbiddenWorkspacePage(c, pageOf(c));
  return rankingForm(c, deps, caseId, new URLSearchParams(), []);
};

export async function rankingPost(c: Context, deps: ApiDeps, caseId: string): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const page = pageOf(c);
  const services = await recommendedOf(deps, session.municipality, caseId);
  if (!services) return notFoundPage(c, page);
  const p = page.t.workspace.problems;
  const problems: FieldProblem[] = [];
  const orders = services.map((service) => ({ service, order: numberOf(form, `order-${service}`) }));
  const seen = new Set<unknown>();
  for (const { service, order } of orders) {
    const valid =
      typeof order === 'number' && Number.isInteger(order) && order >= 1 && order <= services.length;
    if (!valid)
      problems.push({
        field: `order-${service}`,
        text: `${serviceName(page, service)}: ${order === undefined ? p.required : p.invalid}`,
      });
    else if (seen.has(order))
      problems.push({ field: `order-${service}`, text: `${serviceName(page, service)}: ${p.rankTwice}` });
    seen.add(order);
  }
  if (problems.length > 0) return rankingForm(c, deps, caseId, form, problems, 422);
  const ranked = [...orders]
    .sort((x, y) => (x.order as number) - (y.order as number))
    .map((item) => item.service);
  const outcome = await runApiRoute(
    c,
    deps,
    recordRankingRoute,
    session,
    { caseId },
    {
      services: ranked,
      ...(text(form, 'receivedOn') !== undefined && { receivedOn: text(form, 'receivedOn') }),
    },
  );
  if (outcome.kind === 'done') return doneAt(page, caseId, 'ranking');
  const other = refused(c, page, outcome);
  if (other) return other;
  return rankingForm(
    c,
    deps,
    caseId,
    form,
    fieldProblems(
      page,
      outcome.kind === 'invalid' ? outcome.errors : [],
      (path) =>
        path === 'body.receivedOn'
          ? { id: 'receivedOn', label: page.t.workspace.ranking.receivedOn }
          : undefined,
      {
        id: `order-${services[0] ?? ''}`,
        label: page.t.workspace.ranking.order,
      },
    ),
    422,
  );
}
