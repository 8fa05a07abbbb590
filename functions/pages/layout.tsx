/**
 * The frame of every page and the GOV.UK Frontend patterns the pages are made of, as hono/jsx
 * components: the layout (language, title, skip link, header with the language switch, footer
 * with the accessibility statement), the error summary, error messages, the panel, the summary
 * list, warnings and the CSRF field. Markup follows GOV.UK Frontend's own templates so its
 * stylesheet (assets/app.scss) applies as it is; the pages add no inline style or script.
 *
 * @example
 * const html = await renderPage(page, { title: t.ranking.title }, <p class="govuk-body">…</p>);
 */
import type { Child } from 'hono/jsx';
import type { Catalogue } from '../i18n/catalogue.ts';
import { catalogueOf } from '../i18n/catalogue.ts';
import { type Language, languagesFirst } from '../i18n/languages.ts';
import { ASSETS } from './assets.ts';

/** What every page knows about the request it answers. */
export interface PageContext {
  language: Language;
  t: Catalogue;
  /** The page's own path (no query), for the language links. */
  path: string;
  /** The case's chosen language: offered first in the switch. */
  preferred?: Language | undefined;
}

export function pageContext(language: Language, path: string, preferred?: Language): PageContext {
  return { language, t: catalogueOf(language), path, preferred };
}

/** A path of this app with the page's language, so every link and form keeps it. */
export const withLanguage = (page: Pick<PageContext, 'language'>, path: string): string =>
  `${path}${path.includes('?') ? '&' : '?'}lang=${page.language}`;

/** A field's error as the error summary lists it and the field shows it. */
export interface FieldProblem {
  /** The id of the field (or of the first input of a fieldset) the summary links to. */
  field: string;
  text: string;
}

function LanguageSwitch({ page }: { page: PageContext }) {
  return (
    <nav
      class="govuk-language-navigation govuk-language-navigation--inverse"
      aria-label={page.t.layout.languageNavigation}
    >
      <ul class="govuk-language-navigation__list">
        {languagesFirst(page.preferred).map((language) => (
          <li class="govuk-language-navigation__list-item">
            {language === page.language ? (
              <span class="govuk-language-navigation__text" aria-current="true" lang={language}>
                {catalogueOf(language).languageName}
              </span>
            ) : (
              <a
                class="govuk-language-navigation__link"
                href={`${page.path}?lang=${language}`}
                rel="alternate"
                lang={language}
                hreflang={language}
              >
                {catalogueOf(language).languageName}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout({
  page,
  title,
  errors = [],
  children,
}: {
  page: PageContext;
  title: string;
  errors?: readonly FieldProblem[] | undefined;
  children?: Child;
}) {
  const { t, language } = page;
  return (
    <html lang={language} class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${errors.length > 0 ? `${t.common.errorPrefix} ` : ''}${title} – ${t.serviceName}`}</title>
        <link rel="stylesheet" href={ASSETS.styles.path} />
        <script src={ASSETS.script.path} defer></script>
      </head>
      <body class="govuk-template__body">
        <a href="#main" class="govuk-skip-link">
          {t.layout.skipLink}
        </a>
        <header class="govuk-generic-header">
          <div class="govuk-generic-header__container govuk-width-container app-header-bar">
            <div class="govuk-generic-header__logo">
              <span class="govuk-generic-header__homepage-link">
                <span class="app-logo-mark" aria-hidden="true"></span>
                {t.serviceName}
              </span>
            </div>
            <LanguageSwitch page={page} />
          </div>
        </header>
        <div class="govuk-width-container">
          <main class="govuk-main-wrapper" id="main" tabindex={-1}>
            {errors.length > 0 && <ErrorSummary t={t} errors={errors} />}
            {children}
          </main>
        </div>
        <footer class="app-footer">
          <div class="govuk-width-container">
            <p class="govuk-body-s">{t.layout.footerText}</p>
            <p class="govuk-body-s">
              <a class="govuk-link" href={withLanguage(page, '/accessibility')}>
                {t.layout.accessibilityLink}
              </a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * The error summary: first in the page, it takes focus on load (autofocus, so without script too)
 * and links each error to its field.
 */
export function ErrorSummary({ t, errors }: { t: Catalogue; errors: readonly FieldProblem[] }) {
  return (
    <div class="govuk-error-summary" data-error-summary tabindex={-1} autofocus>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{t.common.errorSummaryTitle}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li>
                <a href={`#${error.field}`}>{error.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export function ErrorMessage({ t, id, text }: { t: Catalogue; id: string; text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p id={id} class="govuk-error-message">
      <span class="govuk-visually-hidden">{t.common.errorPrefix}</span> {text}
    </p>
  );
}

/** The form's CSRF token (security.ts). */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="csrf" value={token} />;

export function Panel({ title, children }: { title: string; children?: Child }) {
  return (
    <div class="govuk-panel govuk-panel--confirmation">
      <h1 class="govuk-panel__title">{title}</h1>
      {children !== undefined && <div class="govuk-panel__body">{children}</div>}
    </div>
  );
}

export function SummaryList({ rows }: { rows: readonly { key: Child; value: Child; action?: Child }[] }) {
  return (
    <dl class="govuk-summary-list">
      {rows.map((row) => (
        <div
          class={`govuk-summary-list__row${row.action === undefined ? ' govuk-summary-list__row--no-actions' : ''}`}
        >
          <dt class="govuk-summary-list__key">{row.key}</dt>
          <dd class="govuk-summary-list__value">{row.value}</dd>
          {row.action !== undefined && <dd class="govuk-summary-list__actions">{row.action}</dd>}
        </div>
      ))}
    </dl>
  );
}

export function Warning({ t, children }: { t: Catalogue; children?: Child }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">
        !
      </span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">{t.common.warning}</span>
        {children}
      </strong>
    </div>
  );
}

/** A page that says why a link cannot be used and what to do next. */
export function MessagePage({ page, title, body }: { page: PageContext; title: string; body: string }) {
  return (
    <Layout page={page} title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body-l">{body}</p>
    </Layout>
  );
}

/** The document: the doctype and the rendered tree. */
export async function documentOf(node: Child): Promise<string> {
  return `<!DOCTYPE html>${await String(await node)}`;
}
