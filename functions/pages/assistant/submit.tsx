/** Checking the month before it is sent (`GET …/check`), sending it (`POST …/submit`), and the done page (`GET …/sent`). */
import type { Context } from 'hono';
import { submitMonth } from '../../api/assistant-month.ts';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { sessionOf } from '../../session/middleware.ts';
import { LinkList } from '../components/link-list.tsx';
import { ErrorMessage, type FieldProblem, Panel, withLanguage } from '../layout.tsx';
import { pageOf, redirect, respond } from '../respond.tsx';
import { csrfToken } from '../security.ts';
import { sessionCsrfBinding } from '../sign-in.tsx';
import { EntriesTable } from './entries.tsx';
import {
  AssistantLayout,
  base,
  checkedForm,
  DraftFields,
  MonthPage,
  monthOf404,
  monthPath,
  monthRequest,
  whoOf,
} from './frame.tsx';
import { csvReason } from './upload.tsx';

export async function checkPage(
  c: Context,
  deps: ApiDeps,
  secret: string,
  error?: FieldProblem,
): Promise<Response> {
  const { session, month, page, monthName, frame } = await monthRequest(c, deps, secret);
  const { t } = page;
  if (!month.draft) return redirect(withLanguage(page, monthPath(month.ref.caseId, month.month)));
  const csrf = csrfToken(secret, sessionCsrfBinding(session), new Date());
  const problems = month.draft.rowProblems;
  return respond(
    c,
    error ? 400 : 200,
    <MonthPage {...frame} title={t.timesheet.checkTitle(monthName)} errors={error ? [error] : []}>
      <EntriesTable page={page} month={month} csrf={csrf} removable={false} />
      <p class="govuk-body">{t.timesheet.checkIntro}</p>
      <form
        method="post"
        action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/submit'))}
        novalidate
      >
        <DraftFields csrf={csrf} month={month} />
        {problems.length > 0 && (
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <fieldset
              class="govuk-fieldset"
              aria-describedby={`without-hint${error ? ' without-error' : ''}`}
            >
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                {t.timesheet.fileProblemsTitle(problems.length)}
              </legend>
              <ul class="govuk-list govuk-list--bullet" id="without-hint">
                {problems.map((problem) => (
                  <li>
                    {t.timesheet.rowProblem(problem.row, problem.column, csvReason(page, problem.message))}
                  </li>
                ))}
              </ul>
              <ErrorMessage t={t} id="without-error" text={error?.text} />
              <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                <div class="govuk-checkboxes__item">
                  <input
                    class="govuk-checkboxes__input"
                    id="without"
                    name="without"
                    type="checkbox"
                    value="yes"
                  />
                  <label class="govuk-label govuk-checkboxes__label" for="without">
                    {t.timesheet.withoutBadRows}
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
        )}
        <button type="submit" class="govuk-button" data-module="govuk-button">
          {t.timesheet.submit}
        </button>
      </form>
    </MonthPage>,
  );
}

export async function submit(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const fields = await checkedForm(c, secret);
  if (!fields) return checkPage(c, deps, secret, { field: 'without', text: page.t.common.csrfExpired });
  try {
    await submitMonth(deps, whoOf(sessionOf(c)), month.ref.caseId, month.month, {
      version: Number(fields.get('version') ?? -1),
      withoutBadRows: fields.get('without') === 'yes',
    });
  } catch (error) {
    if (error instanceof ApiProblem && error.kind === 'invalid-input') {
      const field = error.errors?.[0]?.path === 'withoutBadRows' ? 'without' : 'without';
      const text =
        error.errors?.[0]?.path === 'withoutBadRows'
          ? page.t.timesheet.errors.rowsLeftOut
          : page.t.timesheet.errors.nothingToSubmit;
      return checkPage(c, deps, secret, { field, text });
    }
    throw error;
  }
  return redirect(withLanguage(page, monthPath(month.ref.caseId, month.month, '/sent')));
}

export async function sentPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const { session, month, page } = await monthRequest(c, deps, secret);
  const { t } = page;
  return respond(
    c,
    200,
    <AssistantLayout page={page} session={session} secret={secret} title={t.timesheet.sentTitle}>
      <Panel title={t.timesheet.sentTitle}>{t.timesheet.caseCaption(month.ref.caseId)}</Panel>
      <p class="govuk-body">{t.timesheet.sentBody}</p>
      <LinkList
        page={page}
        links={[
          { href: monthPath(month.ref.caseId, month.month, '/preview'), text: t.timesheet.previewLink },
          { href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth },
          { href: base, text: t.timesheet.backToCases },
        ]}
      />
    </AssistantLayout>,
  );
}
