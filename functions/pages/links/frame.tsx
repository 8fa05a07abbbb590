/**
 * What the parents' answer pages share: the question of who answers, asked when the case has more
 * than one legal representative, and the page that says the answer is recorded.
 */
import type { Child } from 'hono/jsx';
import { ErrorMessage, Layout, type PageContext, Panel } from '../layout.tsx';
import type { OpenedLink } from './load.ts';

/** The radios naming each legal representative (nothing when there is only one: they answer). */
export function WhoAnswers({
  page,
  opened,
  legend,
  chosen,
  error,
}: {
  page: PageContext;
  opened: OpenedLink;
  legend: string;
  chosen: string | null | undefined;
  error: string | undefined;
}) {
  if (opened.representatives.length <= 1) return null;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" {...(error ? { 'aria-describedby': 'who-error' } : {})}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <ErrorMessage t={page.t} id="who-error" text={error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {opened.representatives.map((representative) => (
            <div class="govuk-radios__item">
              <input
                class="govuk-radios__input"
                id={`who-${representative.id}`}
                name="who"
                type="radio"
                value={representative.id}
                checked={chosen === representative.id}
              />
              <label class="govuk-label govuk-radios__label" for={`who-${representative.id}`}>
                {representative.name}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** The page once the answer is recorded: the panel, what the page adds, and whom to ask. */
export function AnswerSent({
  page,
  title,
  body,
  children,
}: {
  page: PageContext;
  title: string;
  body: string;
  children?: Child;
}) {
  return (
    <Layout page={page} title={title}>
      <Panel title={title}>{body}</Panel>
      {children}
      <p class="govuk-body">{page.t.common.askCoordinator}</p>
    </Layout>
  );
}
