/**
 * Open a case: the child, the legal representative (with the language of the emails), the
 * assistant if one is known, and the coordinator's own email. The open-case API route checks
 * and opens it; a case id already taken comes back to the form.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../../api/route.ts';
import { openCaseRoute } from '../../../api/routes/cases.ts';
import { workspacePaths } from '../../../domain/work-queue/paths.ts';
import { sessionOf } from '../../../session/middleware.ts';
import { Button, Radios, TextInput } from '../../components/fields.tsx';
import type { FieldProblem } from '../../layout.tsx';
import { pageOf } from '../../respond.tsx';
import { errorOf, fieldProblems, forbiddenWorkspacePage, isCoordinator, runApiRoute } from '../frame.tsx';
import { doneAt, formPage, postedForm, refused, text } from './shared.tsx';

/** The API's paths of the open-case body, each with the form's field. */
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

const WIDE = 'govuk-input--width-30';

function newCaseForm(
  c: Context,
  deps: ApiDeps,
  form: URLSearchParams,
  problems: FieldProblem[],
  status = 200,
) {
  const page = pageOf(c);
  const n = page.t.workspace.newCase;
  const field = (
    id: string,
    label: string,
    extra: { hint?: string; width?: string; type?: 'email' } = {},
  ) => (
    <TextInput
      t={page.t}
      id={id}
      label={label}
      value={form.get(id)}
      error={errorOf(problems, id)}
      width="govuk-input--width-20"
      {...extra}
    />
  );
  return formPage(
    c,
    deps,
    { status, title: n.title, problems, intro: n.intro, action: workspacePaths.cases() },
    <>
      {field('caseId', n.caseId, { hint: n.caseIdHint })}
      {field('participantId', n.participantId)}
      {field('childName', n.childName, { width: WIDE })}
      {field('birthDate', n.birthDate, { hint: n.birthDateHint, width: 'govuk-input--width-10' })}
      <h2 class="govuk-heading-m">{n.representative}</h2>
      {field('representativeId', n.representativeId)}
      {field('representativeName', n.representativeName, { width: WIDE })}
      {field('representativeEmail', n.representativeEmail, {
        hint: n.representativeEmailHint,
        type: 'email',
        width: WIDE,
      })}
      <Radios
        t={page.t}
        id="language"
        legend={n.language}
        choices={[
          { value: 'lv', label: 'Latviešu' },
          { value: 'ru', label: 'Русский' },
          { value: 'en', label: 'English' },
        ]}
        checked={form.get('language') ?? 'lv'}
        error={errorOf(problems, 'language')}
      />
      <h2 class="govuk-heading-m">{n.assistant}</h2>
      {field('assistantId', n.assistantId)}
      {field('assistantName', n.assistantName, { width: WIDE })}
      {field('assistantEmail', n.assistantEmail, { type: 'email', width: WIDE })}
      {field('coordinatorEmail', n.coordinatorEmail, { type: 'email', width: WIDE })}
      <Button preventDoubleClick>{n.submit}</Button>
    </>,
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
