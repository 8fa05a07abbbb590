/**
 * Enter the team's assessment: the date, a score for each domain, the two needs that weigh on the
 * budget, and the services recommended from the catalogue in force that day, each with its rank,
 * units a month, minimum and whether it is essential. The submit-assessment API route checks it.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { submitAssessmentRoute } from '../../../api/routes/cases.ts';
import { budgetRulesFor } from '../../../domain/budget/policy.ts';
import { ASSESSMENT_DOMAINS } from '../../../domain/policy/schema.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { Button, Checkboxes, CheckboxItems, TextInput } from '../../components/fields.tsx';
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
import { caseIsOurs, doneAt, formPage, numberOf, postedForm, refused, text, today } from './shared.tsx';

function assessmentForm(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  form: URLSearchParams,
  problems: FieldProblem[],
  status = 200,
) {
  const page = pageOf(c);
  const a = page.t.workspace.assessment;
  const on = text(form, 'assessedOn') ?? today(deps);
  let services: string[] = [];
  try {
    services = [...budgetRulesFor(on).services.keys()];
  } catch {
    services = [...budgetRulesFor(today(deps)).services.keys()];
  }
  const domains = page.t.domains as Record<string, string>;
  /** A small number of the form, by its id. */
  const number = (id: string, label: string, width: string, inputmode: 'numeric' | 'decimal') => (
    <TextInput
      t={page.t}
      id={id}
      label={label}
      value={form.get(id)}
      error={errorOf(problems, id)}
      width={width}
      inputmode={inputmode}
    />
  );
  return formPage(
    c,
    deps,
    {
      status,
      title: a.title(caseId),
      problems,
      caseId,
      intro: a.intro,
      action: workspacePaths.assessment(caseId),
    },
    <>
      <TextInput
        t={page.t}
        id="assessedOn"
        label={a.assessedOn}
        hint={page.t.workspace.newCase.birthDateHint}
        value={on}
        error={errorOf(problems, 'assessedOn')}
        width="govuk-input--width-10"
      />
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{a.scores}</legend>
        {ASSESSMENT_DOMAINS.map((domain) =>
          number(`score-${domain}`, domains[domain] ?? domain, 'govuk-input--width-2', 'numeric'),
        )}
      </fieldset>
      <Checkboxes
        t={page.t}
        boxes={(['weeklyRehabilitation', 'needsCompanion'] as const).map((name) => ({
          name,
          label: a[name],
          checked: form.get(name) === 'yes',
        }))}
      />
      <h2 class="govuk-heading-m">{a.recommendations}</h2>
      <p class="govuk-hint">{a.recommendationsHint}</p>
      {services.map((service) => (
        <fieldset class="govuk-fieldset app-recommendation" data-service={service}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
            {serviceName(page, service)}
          </legend>
          <div class="govuk-grid-row">
            <div class="govuk-grid-column-one-quarter">
              {number(`rank-${service}`, a.rank, 'govuk-input--width-2', 'numeric')}
            </div>
            <div class="govuk-grid-column-one-quarter">
              {number(`units-${service}`, a.units, 'govuk-input--width-3', 'decimal')}
            </div>
            <div class="govuk-grid-column-one-quarter">
              {number(`min-${service}`, a.minimum, 'govuk-input--width-3', 'decimal')}
            </div>
            <div class="govuk-grid-column-one-quarter">
              <CheckboxItems
                boxes={[
                  {
                    name: `essential-${service}`,
                    label: a.essential,
                    checked: form.get(`essential-${service}`) === 'yes',
                  },
                ]}
              />
            </div>
          </div>
        </fieldset>
      ))}
      <Button preventDoubleClick>{a.submit}</Button>
    </>,
  );
}

export const assessmentPage = async (c: Context, deps: ApiDeps, caseId: string) => {
  if (!isCoordinator(sessionOf(c))) return forbiddenWorkspacePage(c, pageOf(c));
  if (!(await caseIsOurs(c, deps, caseId))) return notFoundPage(c, pageOf(c));
  return assessmentForm(c, deps, caseId, new URLSearchParams(), []);
};

export async function assessmentPost(c: Context, deps: ApiDeps, caseId: string): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const page = pageOf(c);
  const a = page.t.workspace.assessment;
  const ranked = [...form.keys()]
    .filter((key) => key.startsWith('rank-') && text(form, key) !== undefined)
    .map((key) => key.slice('rank-'.length));
  const recommendations = ranked.map((service) => ({
    service,
    rank: numberOf(form, `rank-${service}`),
    unitsPerMonth: numberOf(form, `units-${service}`),
    minUnitsPerMonth: numberOf(form, `min-${service}`) ?? 0,
    essential: form.get(`essential-${service}`) === 'yes',
  }));
  const body = {
    assessedOn: text(form, 'assessedOn'),
    scores: Object.fromEntries(
      ASSESSMENT_DOMAINS.map((domain) => [domain, numberOf(form, `score-${domain}`)]),
    ),
    weeklyRehabilitation: form.get('weeklyRehabilitation') === 'yes',
    needsCompanion: form.get('needsCompanion') === 'yes',
    recommendations,
  };
  const firstService = [...budgetRulesFor(today(deps)).services.keys()][0] ?? 'physiotherapy';
  if (ranked.length === 0) {
    const problems = [
      ...fieldProblems(page, [], () => undefined, { id: 'assessedOn', label: a.assessedOn }).slice(0, 0),
      {
        field: `rank-${firstService}`,
        text: `${a.recommendations}: ${page.t.workspace.problems.rankRequired}`,
      },
    ];
    return assessmentForm(c, deps, caseId, form, problems, 422);
  }
  const outcome = await runApiRoute(c, deps, submitAssessmentRoute, session, { caseId }, body);
  if (outcome.kind === 'done') return doneAt(page, caseId, 'assessment');
  const other = refused(c, page, outcome);
  if (other) return other;
  const domains = page.t.domains as Record<string, string>;
  const problems = fieldProblems(
    page,
    outcome.kind === 'invalid' ? outcome.errors : [],
    (path) => {
      if (path === 'body.assessedOn') return { id: 'assessedOn', label: a.assessedOn };
      const score = /^body\.scores\.(\w+)$/.exec(path)?.[1];
      if (score) return { id: `score-${score}`, label: domains[score] ?? score };
      const match = /^body\.recommendations\[(\d+)\](?:\.(\w+))?/.exec(path);
      if (match) {
        const service = ranked[Number(match[1])] ?? firstService;
        const part =
          match[2] === 'unitsPerMonth' ? 'units' : match[2] === 'minUnitsPerMonth' ? 'min' : 'rank';
        const label = part === 'units' ? a.units : part === 'min' ? a.minimum : a.rank;
        return { id: `${part}-${service}`, label: `${serviceName(page, service)}, ${label}` };
      }
      return undefined;
    },
    { id: 'assessedOn', label: a.assessedOn },
  );
  return assessmentForm(c, deps, caseId, form, problems, 422);
}
