/**
 * The coordinators' forms, each a page that works without script: open a case, enter the team's
 * assessment (services from the catalogue with intensities, minimums and essentials), rank the
 * services on the parents' behalf, the drafted plan with its derivation and warnings (approve it
 * with the parents' consent, or ask for changes), an early review with its reason, closing a case,
 * resuming a failed cycle. A post is read only with the session's CSRF token, is checked and
 * carried out by the API route's own handler (one validation for JSON and pages), and either shows
 * the form again with an error summary that takes focus, or sends the browser to the case page,
 * which says what happened and what comes next.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import {
  approvePlanRoute,
  closeCaseRoute,
  earlyReviewRoute,
  openCaseRoute,
  recordRankingRoute,
  requestChangesRoute,
  resumeCycleRoute,
  submitAssessmentRoute,
} from '../../api/routes/cases.ts';
import { resolveDisputeRoute } from '../../api/routes/workspace.ts';
import { budgetRulesFor } from '../../domain/budget/policy.ts';
import { rigaDateOf } from '../../domain/calendar.ts';
import { EARLY_REVIEW_REASONS } from '../../domain/indicators/definitions.ts';
import { workspacePaths } from '../../domain/work-queue/paths.ts';
import { CLOSE_REASONS } from '../../review-cycle/commands.ts';
import { sessionOf } from '../../session/middleware.ts';
import type { StoredPlan } from '../../store/entities.ts';
import { ErrorMessage, type FieldProblem, type PageContext, Warning, withLanguage } from '../layout.tsx';
import { Plan } from '../links/consent.tsx';
import { pageOf, readForm, redirect, respond } from '../respond.tsx';
import { serviceName } from './case.tsx';
import {
  conflictPage,
  csrfFor,
  csrfOk,
  date,
  errorOf,
  fieldProblems,
  forbiddenWorkspacePage,
  isCoordinator,
  notFoundPage,
  type RouteOutcome,
  runApiRoute,
  WorkspacePage,
} from './frame.tsx';

const SCORE_DOMAINS = [
  'mobility',
  'selfCare',
  'communication',
  'learning',
  'behaviour',
  'familySupport',
] as const;

const today = (deps: ApiDeps) => rigaDateOf(deps.clock.now());
const text = (form: URLSearchParams, name: string) => {
  const value = form.get(name)?.trim();
  return value === undefined || value === '' ? undefined : value;
};
const numberOf = (form: URLSearchParams, name: string) => {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const parsed = Number(value.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : value;
};

/** Where a command's page sends the browser: the case, saying what happened. */
const doneAt = (page: PageContext, caseId: string, done: string) =>
  redirect(withLanguage(page, `${workspacePaths.case(caseId)}?done=${done}`));

function Field({
  page,
  id,
  name,
  label,
  hint,
  value,
  problems,
  width = 'govuk-input--width-20',
  type = 'text',
  inputmode,
  autocomplete,
}: {
  page: PageContext;
  id: string;
  name: string;
  label: string;
  hint?: string;
  value?: string | undefined;
  problems: readonly FieldProblem[];
  width?: string;
  type?: string;
  inputmode?: 'decimal' | 'numeric' | 'email' | 'text';
  autocomplete?: string;
}) {
  const error = errorOf(problems, id);
  const described = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label" for={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage t={page.t} id={`${id}-error`} text={error} />
      <input
        class={`govuk-input ${width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={name}
        type={type}
        value={value ?? ''}
        spellcheck={false}
        {...(described && { 'aria-describedby': described })}
        {...(inputmode && { inputmode })}
        {...(autocomplete && { autocomplete })}
      />
    </div>
  );
}

function Radios({
  page,
  id,
  name,
  legend,
  options,
  checked,
  problems,
}: {
  page: PageContext;
  id: string;
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  checked?: string | undefined;
  problems: readonly FieldProblem[];
}) {
  const error = errorOf(problems, id);
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" {...(error && { 'aria-describedby': `${id}-error` })}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <ErrorMessage t={page.t} id={`${id}-error`} text={error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {options.map((option, index) => (
            <div class="govuk-radios__item">
              <input
                class="govuk-radios__input"
                id={index === 0 ? id : `${id}-${index}`}
                name={name}
                type="radio"
                value={option.value}
                checked={checked === option.value}
              />
              <label class="govuk-label govuk-radios__label" for={index === 0 ? id : `${id}-${index}`}>
                {option.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function Submit({ label, warning }: { label: string; warning?: boolean }) {
  return (
    <button
      type="submit"
      class={`govuk-button${warning ? ' govuk-button--warning' : ''}`}
      data-module="govuk-button"
      data-prevent-double-click="true"
    >
      {label}
    </button>
  );
}

/** The answer to a command that did not go through for a reason other than a bad field. */
function refused(c: Context, page: PageContext, outcome: RouteOutcome): Promise<Response> | undefined {
  if (outcome.kind === 'not-found') return notFoundPage(c, page);
  if (outcome.kind === 'conflict') return conflictPage(c, page, outcome.phase);
  return undefined;
}

/** Only a coordinator's form, with the session's token: otherwise a page that says why. */
async function postedForm(c: Context, deps: ApiDeps): Promise<URLSearchParams | Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  if (!isCoordinator(session)) return forbiddenWorkspacePage(c, page);
  const form = await readForm(c);
  if (!csrfOk(c, deps, session, form)) {
    return respond(
      c,
      400,
      <WorkspacePage
        page={page}
        session={session}
        csrf={csrfFor(deps, session)}
        title={page.t.common.csrfExpired}
      >
        <h1 class="govuk-heading-l">{page.t.common.csrfExpired}</h1>
      </WorkspacePage>,
    );
  }
  return form;
}

// ---- open a case --------------------------------------------------------------------------------

const NEW_CASE_FIELDS: Record<string, string> = {
  'body.caseId': 'caseId',
  'body.participantId': 'participantId',
  'body.person.participant.name': 'childName',
  'body.person.participant.birthDate': 'birthDate',
  'body.person.contacts[0].id': 'representativeId',
  'body.person.contacts[0].name': 'representativeName',
  'body.person.contacts[0].email': 'representativeEmail',
  'body.person.contacts[0].language': 'language',
  'body.person.contacts': 'representativeName',
  'body.person.contacts[1].email': 'coordinatorEmail',
  'body.person.contacts[2].id': 'assistantId',
  'body.person.contacts[2].name': 'assistantName',
  'body.person.contacts[2].email': 'assistantEmail',
};

function newCaseForm(
  c: Context,
  deps: ApiDeps,
  form: URLSearchParams,
  problems: FieldProblem[],
  status = 200,
) {
  const session = sessionOf(c);
  const page = pageOf(c);
  const n = page.t.workspace.newCase;
  const field = (id: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field
      page={page}
      id={id}
      name={id}
      label={label}
      value={form.get(id) ?? undefined}
      problems={problems}
      {...extra}
    />
  );
  return respond(
    c,
    status,
    <WorkspacePage
      page={page}
      session={session}
      csrf={csrfFor(deps, session)}
      title={n.title}
      errors={problems}
    >
      <h1 class="govuk-heading-xl">{n.title}</h1>
      <p class="govuk-body">{n.intro}</p>
      <form method="post" action={withLanguage(page, workspacePaths.cases())} novalidate>
        <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
        {field('caseId', n.caseId, { hint: n.caseIdHint })}
        {field('participantId', n.participantId)}
        {field('childName', n.childName, { width: 'govuk-input--width-30' })}
        {field('birthDate', n.birthDate, { hint: n.birthDateHint, width: 'govuk-input--width-10' })}
        <h2 class="govuk-heading-m">{n.representative}</h2>
        {field('representativeId', n.representativeId)}
        {field('representativeName', n.representativeName, { width: 'govuk-input--width-30' })}
        {field('representativeEmail', n.representativeEmail, {
          hint: n.representativeEmailHint,
          type: 'email',
          width: 'govuk-input--width-30',
        })}
        <Radios
          page={page}
          id="language"
          name="language"
          legend={n.language}
          options={[
            { value: 'lv', label: 'Latviešu' },
            { value: 'ru', label: 'Русский' },
            { value: 'en', label: 'English' },
          ]}
          checked={form.get('language') ?? 'lv'}
          problems={problems}
        />
        <h2 class="govuk-heading-m">{n.assistant}</h2>
        {field('assistantId', n.assistantId)}
        {field('assistantName', n.assistantName, { width: 'govuk-input--width-30' })}
        {field('assistantEmail', n.assistantEmail, { type: 'email', width: 'govuk-input--width-30' })}
        {field('coordinatorEmail', n.coordinatorEmail, { type: 'email', width: 'govuk-input--width-30' })}
        <Submit label={n.submit} />
      </form>
    </WorkspacePage>,
  );
}

export const newCasePage = (c: Context, deps: ApiDeps) => {
  if (!isCoordinator(sessionOf(c))) return forbiddenWorkspacePage(c, pageOf(c));
  return newCaseForm(c, deps, new URLSearchParams(), []);
};

export async function newCasePost(c: Context, deps: ApiDeps): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const page = pageOf(c);
  const language = text(form, 'language') ?? 'lv';
  const assistant = text(form, 'assistantId') ?? text(form, 'assistantName') ?? text(form, 'assistantEmail');
  const body = {
    caseId: text(form, 'caseId'),
    participantId: text(form, 'participantId'),
    person: {
      participant: {
        name: text(form, 'childName'),
        ...(text(form, 'birthDate') !== undefined && { birthDate: text(form, 'birthDate') }),
      },
      contacts: [
        {
          role: 'legal-representative',
          id: text(form, 'representativeId'),
          name: text(form, 'representativeName'),
          email: text(form, 'representativeEmail'),
          language,
        },
        {
          role: 'coordinator',
          id: session.sub,
          name: session.sub,
          email: text(form, 'coordinatorEmail'),
          language: page.language,
        },
        ...(assistant !== undefined
          ? [
              {
                role: 'assistant',
                id: text(form, 'assistantId'),
                name: text(form, 'assistantName'),
                ...(text(form, 'assistantEmail') !== undefined && { email: text(form, 'assistantEmail') }),
                language,
              },
            ]
          : []),
      ],
    },
  };
  const outcome = await runApiRoute(c, deps, openCaseRoute, session, {}, body);
  if (outcome.kind === 'done') return doneAt(page, String(body.caseId), 'opened');
  if (outcome.kind === 'conflict') {
    return newCaseForm(
      c,
      deps,
      form,
      [
        {
          field: 'caseId',
          text: `${page.t.workspace.newCase.caseId}: ${page.t.workspace.problems.caseExists}`,
        },
      ],
      422,
    );
  }
  const other = refused(c, page, outcome);
  if (other) return other;
  const n = page.t.workspace.newCase;
  const labels: Record<string, string> = {
    caseId: n.caseId,
    participantId: n.participantId,
    childName: n.childName,
    birthDate: n.birthDate,
    representativeId: n.representativeId,
    representativeName: n.representativeName,
    representativeEmail: n.representativeEmail,
    language: n.language,
    coordinatorEmail: n.coordinatorEmail,
    assistantId: n.assistantId,
    assistantName: n.assistantName,
    assistantEmail: n.assistantEmail,
  };
  const problems = fieldProblems(
    page,
    outcome.kind === 'invalid' ? outcome.errors : [],
    (path) => {
      const id = NEW_CASE_FIELDS[path];
      return id === undefined ? undefined : { id, label: labels[id] ?? id };
    },
    { id: 'caseId', label: n.caseId },
  );
  return newCaseForm(c, deps, form, problems, 422);
}

// ---- the assessment ---------------------------------------------------------------------------------

function assessmentForm(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  form: URLSearchParams,
  problems: FieldProblem[],
  status = 200,
) {
  const session = sessionOf(c);
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
  return respond(
    c,
    status,
    <WorkspacePage
      page={page}
      session={session}
      csrf={csrfFor(deps, session)}
      title={a.title(caseId)}
      errors={problems}
    >
      <a class="govuk-back-link" href={withLanguage(page, workspacePaths.case(caseId))}>
        {page.t.workspace.common.backToCase}
      </a>
      <h1 class="govuk-heading-xl">{a.title(caseId)}</h1>
      <p class="govuk-body">{a.intro}</p>
      <form method="post" action={withLanguage(page, workspacePaths.assessment(caseId))} novalidate>
        <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
        <Field
          page={page}
          id="assessedOn"
          name="assessedOn"
          label={a.assessedOn}
          hint={page.t.workspace.newCase.birthDateHint}
          value={on}
          problems={problems}
          width="govuk-input--width-10"
        />
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{a.scores}</legend>
          {SCORE_DOMAINS.map((domain) => (
            <Field
              page={page}
              id={`score-${domain}`}
              name={`score-${domain}`}
              label={domains[domain] ?? domain}
              value={form.get(`score-${domain}`) ?? undefined}
              problems={problems}
              width="govuk-input--width-2"
              inputmode="numeric"
            />
          ))}
        </fieldset>
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            {(['weeklyRehabilitation', 'needsCompanion'] as const).map((name) => (
              <div class="govuk-checkboxes__item">
                <input
                  class="govuk-checkboxes__input"
                  id={name}
                  name={name}
                  type="checkbox"
                  value="yes"
                  checked={form.get(name) === 'yes'}
                />
                <label class="govuk-label govuk-checkboxes__label" for={name}>
                  {a[name]}
                </label>
              </div>
            ))}
          </div>
        </div>
        <h2 class="govuk-heading-m">{a.recommendations}</h2>
        <p class="govuk-hint">{a.recommendationsHint}</p>
        {services.map((service) => (
          <fieldset class="govuk-fieldset app-recommendation" data-service={service}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
              {serviceName(page, service)}
            </legend>
            <div class="govuk-grid-row">
              <div class="govuk-grid-column-one-quarter">
                <Field
                  page={page}
                  id={`rank-${service}`}
                  name={`rank-${service}`}
                  label={a.rank}
                  value={form.get(`rank-${service}`) ?? undefined}
                  problems={problems}
                  width="govuk-input--width-2"
                  inputmode="numeric"
                />
              </div>
              <div class="govuk-grid-column-one-quarter">
                <Field
                  page={page}
                  id={`units-${service}`}
                  name={`units-${service}`}
                  label={a.units}
                  value={form.get(`units-${service}`) ?? undefined}
                  problems={problems}
                  width="govuk-input--width-3"
                  inputmode="decimal"
                />
              </div>
              <div class="govuk-grid-column-one-quarter">
                <Field
                  page={page}
                  id={`min-${service}`}
                  name={`min-${service}`}
                  label={a.minimum}
                  value={form.get(`min-${service}`) ?? undefined}
                  problems={problems}
                  width="govuk-input--width-3"
                  inputmode="decimal"
                />
              </div>
              <div class="govuk-grid-column-one-quarter">
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  <div class="govuk-checkboxes__item">
                    <input
                      class="govuk-checkboxes__input"
                      id={`essential-${service}`}
                      name={`essential-${service}`}
                      type="checkbox"
                      value="yes"
                      checked={form.get(`essential-${service}`) === 'yes'}
                    />
                    <label class="govuk-label govuk-checkboxes__label" for={`essential-${service}`}>
                      {a.essential}
                    </label>
                  </div>
                </div>
              </div>
            </div>
          </fieldset>
        ))}
        <Submit label={a.submit} />
      </form>
    </WorkspacePage>,
  );
}

/** Whether the case is one of the session's municipality (another municipality's is not found). */
const caseIsOurs = async (c: Context, deps: ApiDeps, caseId: string) =>
  (await deps.store.cases.get({ municipality: sessionOf(c).municipality, caseId })) !== undefined;

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
    scores: Object.fromEntries(SCORE_DOMAINS.map((domain) => [domain, numberOf(form, `score-${domain}`)])),
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

// ---- the parents' ranking, on their behalf -----------------------------------------------------------

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
  return respond(
    c,
    status,
    <WorkspacePage
      page={page}
      session={session}
      csrf={csrfFor(deps, session)}
      title={r.title(caseId)}
      errors={problems}
    >
      <a class="govuk-back-link" href={withLanguage(page, workspacePaths.case(caseId))}>
        {page.t.workspace.common.backToCase}
      </a>
      <h1 class="govuk-heading-xl">{r.title(caseId)}</h1>
      <p class="govuk-body">{r.intro}</p>
      <form method="post" action={withLanguage(page, workspacePaths.ranking(caseId))} novalidate>
        <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{r.order}</legend>
          {services.map((service, index) => (
            <Field
              page={page}
              id={`order-${service}`}
              name={`order-${service}`}
              label={serviceName(page, service)}
              value={form.get(`order-${service}`) ?? String(index + 1)}
              problems={problems}
              width="govuk-input--width-2"
              inputmode="numeric"
            />
          ))}
        </fieldset>
        <Field
          page={page}
          id="receivedOn"
          name="receivedOn"
          label={r.receivedOn}
          value={form.get('receivedOn') ?? today(deps)}
          problems={problems}
          width="govuk-input--width-10"
        />
        <Submit label={r.submit} />
      </form>
    </WorkspacePage>,
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

// ---- the drafted plan ------------------------------------------------------------------------------

async function planOf(deps: ApiDeps, municipality: string, caseId: string, cycle: number, revision: number) {
  const ref = { municipality, caseId };
  const current = await deps.store.cases.get(ref);
  if (!current || cycle > current.cycle) return undefined;
  const contents = await deps.store.cycles.contents(ref, cycle);
  const stored = contents.plans.find((plan) => plan.revision === revision);
  if (!stored) return undefined;
  const [person, uses] = await Promise.all([
    deps.store.cases.getPerson(ref),
    deps.store.linkUses.forCase(ref),
  ]);
  const refused = uses.some(
    (use) =>
      use.cycle === cycle &&
      use.answer?.step === 'consent' &&
      use.answer.decision === 'refused' &&
      use.answer.revision === revision,
  );
  const assessment = contents.assessments.at(-1);
  return { current, stored, person, refused, assessment };
}

async function planPageOf(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  cycle: number,
  revision: number,
  form: URLSearchParams,
  problems: FieldProblem[],
  status = 200,
) {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const found = await planOf(deps, session.municipality, caseId, cycle, revision);
  if (!found) return notFoundPage(c, page);
  const { current, stored, person, refused, assessment } = found;
  const awaiting =
    isCoordinator(session) &&
    stored.status === 'draft' &&
    current.cycle === cycle &&
    current.phase === 'await-approval' &&
    current.status === 'open';
  const representatives = (person?.contacts ?? []).filter(
    (contact) => contact.role === 'legal-representative',
  );
  const action = `${workspacePaths.plan(caseId, cycle, revision)}`;
  const consentText = stored.consent
    ? w.plan.consentGiven(date(page, stored.consent.on))
    : refused
      ? w.plan.consentRefused
      : w.plan.consentNone;
  return respond(
    c,
    status,
    <WorkspacePage
      page={page}
      session={session}
      csrf={csrfFor(deps, session)}
      title={w.plan.title(caseId, revision)}
      errors={problems}
    >
      <a class="govuk-back-link" href={withLanguage(page, workspacePaths.case(caseId))}>
        {w.common.backToCase}
      </a>
      <span class="govuk-caption-l">{w.case.cycle(cycle)}</span>
      <h1 class="govuk-heading-xl">{w.plan.title(caseId, revision)}</h1>
      <Plan page={page} stored={stored as StoredPlan} />
      <h2 class="govuk-heading-m">{w.plan.consent}</h2>
      <p class="govuk-body" data-consent>
        {consentText}
      </p>
      {awaiting && (
        <>
          <form method="post" action={withLanguage(page, `${action}/approval`)} novalidate>
            <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
            <h2 class="govuk-heading-m">{w.plan.approve}</h2>
            {!stored.consent && (
              <>
                <Radios
                  page={page}
                  id="consentBy"
                  name="consentBy"
                  legend={w.plan.consentBy}
                  options={representatives.map((contact) => ({
                    value: contact.id,
                    label: `${contact.name} (${contact.id})`,
                  }))}
                  checked={form.get('consentBy') ?? undefined}
                  problems={problems}
                />
                <Field
                  page={page}
                  id="consentOn"
                  name="consentOn"
                  label={w.plan.consentOn}
                  value={form.get('consentOn') ?? today(deps)}
                  problems={problems}
                  width="govuk-input--width-10"
                />
              </>
            )}
            <Warning t={page.t}>{w.plan.approveWarning}</Warning>
            <div class={`govuk-form-group${errorOf(problems, 'confirm') ? ' govuk-form-group--error' : ''}`}>
              <ErrorMessage t={page.t} id="confirm-error" text={errorOf(problems, 'confirm')} />
              <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                <div class="govuk-checkboxes__item">
                  <input
                    class="govuk-checkboxes__input"
                    id="confirm"
                    name="confirm"
                    type="checkbox"
                    value="yes"
                  />
                  <label class="govuk-label govuk-checkboxes__label" for="confirm">
                    {w.plan.confirmApprove}
                  </label>
                </div>
              </div>
            </div>
            <Submit label={w.plan.approve} />
          </form>
          <form method="post" action={withLanguage(page, `${action}/changes`)} novalidate>
            <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
            <h2 class="govuk-heading-m">{w.plan.changes}</h2>
            <p class="govuk-hint">{w.plan.changesHint}</p>
            {(assessment?.recommendations ?? []).map((item) => (
              <Field
                page={page}
                id={`units-${item.service}`}
                name={`units-${item.service}`}
                label={`${serviceName(page, item.service)}, ${w.assessment.units}`}
                value={form.get(`units-${item.service}`) ?? String(item.unitsPerMonth)}
                problems={problems}
                width="govuk-input--width-3"
                inputmode="decimal"
              />
            ))}
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
              {w.plan.changesSubmit}
            </button>
          </form>
        </>
      )}
    </WorkspacePage>,
  );
}

const planNumbers = (cycle: string, revision: string) => {
  const n = Number(cycle);
  const r = Number(revision);
  return Number.isInteger(n) && n >= 0 && n < 10_000 && Number.isInteger(r) && r > 0 && r < 10_000
    ? { n, r }
    : undefined;
};

export const planPage = (c: Context, deps: ApiDeps, caseId: string, cycle: string, revision: string) => {
  const numbers = planNumbers(cycle, revision);
  if (!numbers) return notFoundPage(c, pageOf(c));
  return planPageOf(c, deps, caseId, numbers.n, numbers.r, new URLSearchParams(), []);
};

export async function approvalPost(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  cycle: string,
  revision: string,
): Promise<Response> {
  const numbers = planNumbers(cycle, revision);
  const page = pageOf(c);
  if (!numbers) return notFoundPage(c, page);
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const w = page.t.workspace;
  const problems: FieldProblem[] = [];
  const found = await planOf(deps, session.municipality, caseId, numbers.n, numbers.r);
  if (!found) return notFoundPage(c, page);
  const needsConsent = !found.stored.consent;
  if (needsConsent && text(form, 'consentBy') === undefined)
    problems.push({ field: 'consentBy', text: `${w.plan.consentBy}: ${w.problems.required}` });
  if (form.get('confirm') !== 'yes')
    problems.push({ field: 'confirm', text: `${w.plan.confirmApprove}: ${w.problems.confirmRequired}` });
  if (problems.length > 0) return planPageOf(c, deps, caseId, numbers.n, numbers.r, form, problems, 422);
  const body = needsConsent
    ? {
        consent: {
          by: text(form, 'consentBy'),
          ...(text(form, 'consentOn') !== undefined && { on: text(form, 'consentOn') }),
        },
      }
    : {};
  const outcome = await runApiRoute(
    c,
    deps,
    approvePlanRoute,
    session,
    { caseId, revision: String(numbers.r) },
    body,
  );
  if (outcome.kind === 'done') return doneAt(page, caseId, 'approved');
  const other = refused(c, page, outcome);
  if (other) return other;
  const mapped = fieldProblems(
    page,
    outcome.kind === 'invalid' ? outcome.errors : [],
    (path) =>
      path.startsWith('body.consent.on')
        ? { id: 'consentOn', label: w.plan.consentOn }
        : path.startsWith('body.consent')
          ? { id: 'consentBy', label: w.plan.consentBy }
          : undefined,
    { id: 'consentBy', label: w.plan.consentBy },
  );
  return planPageOf(c, deps, caseId, numbers.n, numbers.r, form, mapped, 422);
}

export async function changesPost(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  cycle: string,
  revision: string,
): Promise<Response> {
  const numbers = planNumbers(cycle, revision);
  const page = pageOf(c);
  if (!numbers) return notFoundPage(c, page);
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const found = await planOf(deps, session.municipality, caseId, numbers.n, numbers.r);
  if (!found) return notFoundPage(c, page);
  const recommendations = (found.assessment?.recommendations ?? []).map((item) => {
    const units = numberOf(form, `units-${item.service}`);
    return {
      ...item,
      unitsPerMonth: units,
      minUnitsPerMonth: Math.min(item.minUnitsPerMonth, typeof units === 'number' ? units : 0),
    };
  });
  const outcome = await runApiRoute(
    c,
    deps,
    requestChangesRoute,
    session,
    { caseId, revision: String(numbers.r) },
    { recommendations },
  );
  if (outcome.kind === 'done') return doneAt(page, caseId, 'changes');
  const other = refused(c, page, outcome);
  if (other) return other;
  const w = page.t.workspace;
  const services = recommendations.map((item) => item.service);
  const mapped = fieldProblems(
    page,
    outcome.kind === 'invalid' ? outcome.errors : [],
    (path) => {
      const index = /^body\.recommendations\[(\d+)\]/.exec(path)?.[1];
      const service = index === undefined ? undefined : services[Number(index)];
      return service === undefined
        ? undefined
        : { id: `units-${service}`, label: `${serviceName(page, service)}, ${w.assessment.units}` };
    },
    { id: `units-${services[0] ?? ''}`, label: w.assessment.units },
  );
  return planPageOf(c, deps, caseId, numbers.n, numbers.r, form, mapped, 422);
}

// ---- early review, closing, resuming ------------------------------------------------------------

function reasonForm(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  kind: 'early-review' | 'closure',
  problems: FieldProblem[],
  status = 200,
) {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const words = kind === 'early-review' ? w.earlyReview : w.close;
  const reasons = kind === 'early-review' ? EARLY_REVIEW_REASONS : CLOSE_REASONS;
  return respond(
    c,
    status,
    <WorkspacePage
      page={page}
      session={session}
      csrf={csrfFor(deps, session)}
      title={words.title(caseId)}
      errors={problems}
    >
      <a class="govuk-back-link" href={withLanguage(page, workspacePaths.case(caseId))}>
        {w.common.backToCase}
      </a>
      <h1 class="govuk-heading-xl">{words.title(caseId)}</h1>
      {kind === 'early-review' && <p class="govuk-body">{w.earlyReview.intro}</p>}
      <form method="post" action={withLanguage(page, `${workspacePaths.case(caseId)}/${kind}`)} novalidate>
        <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
        <Radios
          page={page}
          id="reason"
          name="reason"
          legend={words.reason}
          options={reasons.map((reason) => ({ value: reason, label: words.reasons[reason] ?? reason }))}
          problems={problems}
        />
        <Warning t={page.t}>{words.warning}</Warning>
        <Submit label={words.confirm} warning />
        <p class="govuk-body">
          <a class="govuk-link" href={withLanguage(page, workspacePaths.case(caseId))}>
            {w.common.cancel}
          </a>
        </p>
      </form>
    </WorkspacePage>,
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

export async function resumePost(c: Context, deps: ApiDeps, caseId: string): Promise<Response> {
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const session = sessionOf(c);
  const page = pageOf(c);
  const outcome = await runApiRoute(c, deps, resumeCycleRoute, session, { caseId }, undefined);
  if (outcome.kind === 'done') return doneAt(page, caseId, 'resumed');
  return refused(c, page, outcome) ?? notFoundPage(c, page);
}

// ---- a dispute dealt with ---------------------------------------------------------------------------

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
