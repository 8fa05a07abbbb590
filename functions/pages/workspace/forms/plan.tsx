/**
 * The drafted plan with its derivation and warnings, and while it awaits approval its two forms:
 * approve it (with the parents' consent, recorded here when it came on paper), or ask for changes
 * to the units of the assessment's services. The approve-plan and request-changes API routes
 * check and carry them out.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { approvePlanRoute, requestChangesRoute } from '../../../api/routes/cases.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { sessionOf } from '../../../session/middleware.ts';
import type { StoredPlan } from '../../../store/entities.ts';
import { Button, Checkboxes, Radios, TextInput } from '../../components/fields.tsx';
import { type FieldProblem, Warning, withLanguage } from '../../layout.tsx';
import { Plan } from '../../links/consent.tsx';
import { pageOf, respond } from '../../respond.tsx';
import { serviceName } from '../case.tsx';
import {
  csrfFor,
  date,
  errorOf,
  fieldProblems,
  isCoordinator,
  notFoundPage,
  runApiRoute,
  WorkspacePage,
} from '../frame.tsx';
import { doneAt, numberOf, PostForm, postedForm, refused, text, today } from './shared.tsx';

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
  const csrf = csrfFor(deps, session);
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
      csrf={csrf}
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
          <PostForm page={page} action={`${action}/approval`} csrf={csrf}>
            <h2 class="govuk-heading-m">{w.plan.approve}</h2>
            {!stored.consent && (
              <>
                <Radios
                  t={page.t}
                  id="consentBy"
                  legend={w.plan.consentBy}
                  choices={representatives.map((contact) => ({
                    value: contact.id,
                    label: `${contact.name} (${contact.id})`,
                  }))}
                  checked={form.get('consentBy')}
                  error={errorOf(problems, 'consentBy')}
                />
                <TextInput
                  t={page.t}
                  id="consentOn"
                  label={w.plan.consentOn}
                  value={form.get('consentOn') ?? today(deps)}
                  error={errorOf(problems, 'consentOn')}
                  width="govuk-input--width-10"
                />
              </>
            )}
            <Warning t={page.t}>{w.plan.approveWarning}</Warning>
            <Checkboxes
              t={page.t}
              boxes={[{ name: 'confirm', label: w.plan.confirmApprove, checked: false }]}
              error={errorOf(problems, 'confirm')}
            />
            <Button preventDoubleClick>{w.plan.approve}</Button>
          </PostForm>
          <PostForm page={page} action={`${action}/changes`} csrf={csrf}>
            <h2 class="govuk-heading-m">{w.plan.changes}</h2>
            <p class="govuk-hint">{w.plan.changesHint}</p>
            {(assessment?.recommendations ?? []).map((item) => (
              <TextInput
                t={page.t}
                id={`units-${item.service}`}
                label={`${serviceName(page, item.service)}, ${w.assessment.units}`}
                value={form.get(`units-${item.service}`) ?? String(item.unitsPerMonth)}
                error={errorOf(problems, `units-${item.service}`)}
                width="govuk-input--width-3"
                inputmode="decimal"
              />
            ))}
            <Button variant="secondary">{w.plan.changesSubmit}</Button>
          </PostForm>
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

/** A form posted about a plan: the plan's numbers, the form and the plan, or the page that says why not. */
async function postedPlanForm(c: Context, deps: ApiDeps, caseId: string, cycle: string, revision: string) {
  const numbers = planNumbers(cycle, revision);
  const page = pageOf(c);
  if (!numbers) return notFoundPage(c, page);
  const form = await postedForm(c, deps);
  if (form instanceof Response) return form;
  const found = await planOf(deps, sessionOf(c).municipality, caseId, numbers.n, numbers.r);
  if (!found) return notFoundPage(c, page);
  return { numbers, form, found };
}

export async function approvalPost(
  c: Context,
  deps: ApiDeps,
  caseId: string,
  cycle: string,
  revision: string,
): Promise<Response> {
  const posted = await postedPlanForm(c, deps, caseId, cycle, revision);
  if (posted instanceof Response) return posted;
  const { numbers, form, found } = posted;
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const problems: FieldProblem[] = [];
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
  const posted = await postedPlanForm(c, deps, caseId, cycle, revision);
  if (posted instanceof Response) return posted;
  const { numbers, form, found } = posted;
  const session = sessionOf(c);
  const page = pageOf(c);
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
