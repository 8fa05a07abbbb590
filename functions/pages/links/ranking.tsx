/**
 * The ranking page: the team's recommended services with what each is and how often the team
 * recommends it; the parent gives each a place (a number, or the up and down buttons, which the
 * server applies without JavaScript and the script applies in place with it), checks the order,
 * and sends it once through the same code as `POST /links/{token}/ranking`.
 *
 * Routes (all under the link's own URL, so the email's address opens the page):
 * - `GET /links/{token}` (HTML): the form in the team's order.
 * - `POST /links/{token}/ranking` (a form): `move=up:<code>` / `move=down:<code>` reorders,
 *   `action=check` shows the order to check, `action=change` goes back, `action=send` records it.
 * - `GET /links/{token}/ranking/sent`: the thank-you page, once the link holds this answer.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { submitRanking } from '../../api/routes/links.ts';
import { budgetRulesFor } from '../../domain/budget/policy.ts';
import { rigaDateOf } from '../../domain/calendar.ts';
import type { Catalogue } from '../../i18n/catalogue.ts';
import { isServiceCode, type ServiceUnit } from '../../i18n/codes.ts';
import { formatPerMonth } from '../../i18n/format.ts';
import type { Language } from '../../i18n/languages.ts';
import {
  CsrfField,
  ErrorMessage,
  type FieldProblem,
  Layout,
  type PageContext,
  SummaryList,
  withLanguage,
} from '../layout.tsx';
import { linkProblemPage, pageOf, readForm, redirect, respond } from '../respond.tsx';
import { AnswerSent } from './frame.tsx';
import {
  checkLinkCsrf,
  linkCsrfToken,
  type OpenedLink,
  openAnsweredLink,
  openAnswerLink,
  openedOr,
} from './load.ts';

interface RankedService {
  code: string;
  name: string;
  description: string | undefined;
  intensity: string | undefined;
}

/** The recommended services of the case's latest assessment, in the team's order, named in `language`. */
async function recommendedServices(
  deps: ApiDeps,
  opened: OpenedLink,
  language: Language,
  t: Catalogue,
): Promise<RankedService[]> {
  const { assessments } = await deps.store.cycles.contents(opened.claims.ref, opened.current.cycle);
  const today = rigaDateOf(deps.clock.now());
  const catalogue = budgetRulesFor(today).services;
  return [...(assessments.at(-1)?.recommendations ?? [])]
    .sort((a, b) => a.rank - b.rank)
    .map((item) => {
      const known = isServiceCode(item.service) ? t.services[item.service] : undefined;
      const unit: ServiceUnit | undefined = catalogue.get(item.service)?.unit;
      return {
        code: item.service,
        name: known?.name ?? item.service,
        description: known?.description,
        intensity: unit === undefined ? undefined : formatPerMonth(item.unitsPerMonth, unit, language),
      };
    });
}

const actionOf = (page: PageContext, token: string) => withLanguage(page, `/links/${token}/ranking`);
const placeField = (code: string) => `place-${code}`;

function RankingForm({
  page,
  token,
  services,
  places,
  errors,
  csrf,
}: {
  page: PageContext;
  token: string;
  services: readonly RankedService[];
  places: ReadonlyMap<string, string>;
  errors: readonly FieldProblem[];
  csrf: string;
}) {
  const { t } = page;
  const errorOf = (code: string) => errors.find((error) => error.field === placeField(code))?.text;
  return (
    <Layout page={page} title={t.ranking.title} errors={errors}>
      <h1 class="govuk-heading-l">{t.ranking.title}</h1>
      <p class="govuk-body">{t.ranking.intro}</p>
      <form method="post" action={actionOf(page, token)} novalidate>
        <CsrfField token={csrf} />
        {/* Enter in a place field continues, not moves: the first submit button is the default. */}
        <button type="submit" name="action" value="check" hidden>
          {t.common.continue}
        </button>
        <p class="govuk-hint">{t.ranking.how}</p>
        <ol class="app-ranking" data-ranking data-place-word={t.ranking.placeLabel}>
          {services.map((service, index) => {
            const error = errorOf(service.code);
            const errorId = `${placeField(service.code)}-error`;
            return (
              <li class="app-ranking__item" data-rank-item data-name={service.name}>
                <div class={`govuk-form-group app-ranking__place${error ? ' govuk-form-group--error' : ''}`}>
                  <label class="govuk-label govuk-label--s" for={placeField(service.code)}>
                    {t.ranking.placeLabel}
                    <span class="govuk-visually-hidden">: {service.name}</span>
                  </label>
                  <ErrorMessage t={t} id={errorId} text={error} />
                  <input
                    class={`govuk-input govuk-input--width-2${error ? ' govuk-input--error' : ''}`}
                    id={placeField(service.code)}
                    name={placeField(service.code)}
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    value={places.get(service.code) ?? String(index + 1)}
                    data-place
                    {...(error ? { 'aria-describedby': errorId } : {})}
                  />
                  <input type="hidden" name="service" value={service.code} />
                </div>
                <div>
                  <h2 class="govuk-heading-s govuk-!-margin-bottom-1">{service.name}</h2>
                  {service.description && (
                    <p class="govuk-body govuk-!-margin-bottom-1">{service.description}</p>
                  )}
                  {service.intensity && (
                    <p class="govuk-body-s govuk-!-margin-bottom-0">
                      {t.ranking.intensity(service.intensity)}
                    </p>
                  )}
                </div>
                <div class="app-ranking__moves">
                  {(['up', 'down'] as const).map((direction) => (
                    <button
                      type="submit"
                      name="move"
                      value={`${direction}:${service.code}`}
                      class="govuk-button govuk-button--secondary"
                      data-move={direction}
                    >
                      {direction === 'up' ? t.ranking.moveUp : t.ranking.moveDown}
                      <span class="govuk-visually-hidden">: {service.name}</span>
                    </button>
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
        <div class="govuk-visually-hidden" aria-live="polite" data-announce></div>
        <button type="submit" name="action" value="check" class="govuk-button">
          {t.common.continue}
        </button>
      </form>
    </Layout>
  );
}

function CheckOrder({
  page,
  token,
  order,
  csrf,
}: {
  page: PageContext;
  token: string;
  order: readonly RankedService[];
  csrf: string;
}) {
  const { t } = page;
  return (
    <Layout page={page} title={t.ranking.checkTitle}>
      <h1 class="govuk-heading-l">{t.ranking.checkTitle}</h1>
      <h2 class="govuk-heading-m">{t.ranking.yourOrder}</h2>
      <SummaryList rows={order.map((service, index) => ({ key: `${index + 1}.`, value: service.name }))} />
      <p class="govuk-body">{t.ranking.checkIntro}</p>
      <form method="post" action={actionOf(page, token)} novalidate>
        <CsrfField token={csrf} />
        {order.map((service) => (
          <input type="hidden" name="service" value={service.code} />
        ))}
        <div class="govuk-button-group">
          <button type="submit" name="action" value="send" class="govuk-button">
            {t.ranking.sendRanking}
          </button>
          <button type="submit" name="action" value="change" class="govuk-button govuk-button--secondary">
            {t.ranking.changeOrder}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** `GET /links/{token}` for a ranking link, as a page. */
export async function rankingPage(
  c: Context,
  deps: ApiDeps,
  token: string,
  opened: OpenedLink,
): Promise<Response> {
  const page = pageOf(c, opened.preferred);
  const services = await recommendedServices(deps, opened, page.language, page.t);
  const csrf = linkCsrfToken(deps, token, deps.clock.now());
  return respond(
    c,
    200,
    <RankingForm page={page} token={token} services={services} places={new Map()} errors={[]} csrf={csrf} />,
  );
}

/** The order the form holds: its services as listed, each with the place typed for it. */
function orderOf(form: URLSearchParams, services: readonly RankedService[]): RankedService[] | undefined {
  const byCode = new Map(services.map((service) => [service.code, service]));
  const listed = form.getAll('service').map((code) => byCode.get(code));
  if (listed.length !== services.length || listed.some((service) => service === undefined)) return undefined;
  const order = listed as RankedService[];
  return new Set(order.map((service) => service.code)).size === services.length ? order : undefined;
}

/** Each place checked: a whole number from 1 to the count, no two the same. */
function placeErrors(
  page: PageContext,
  order: readonly RankedService[],
  form: URLSearchParams,
): FieldProblem[] {
  const errors: FieldProblem[] = [];
  const taken = new Map<number, string>();
  for (const service of order) {
    const text = (form.get(placeField(service.code)) ?? '').trim();
    const place = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
    if (!(place >= 1 && place <= order.length)) {
      errors.push({
        field: placeField(service.code),
        text: page.t.ranking.placeInvalid(service.name, order.length),
      });
    } else if (taken.has(place)) {
      errors.push({ field: placeField(service.code), text: page.t.ranking.placeTaken(service.name, place) });
    } else taken.set(place, service.code);
  }
  return errors;
}

/** `POST /links/{token}/ranking` from the page's form. */
export async function rankingPost(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openAnswerLink(deps, token, 'ranking'));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred, `/links/${token}`);
  const form = await readForm(c);
  const now = deps.clock.now();
  const services = await recommendedServices(deps, opened, page.language, page.t);
  const csrf = linkCsrfToken(deps, token, now);
  const verdict = checkLinkCsrf(c, deps, token, form.get('csrf'), now);
  if (verdict === 'forged')
    return respond(
      c,
      403,
      <RankingForm
        page={page}
        token={token}
        services={services}
        places={new Map()}
        errors={[]}
        csrf={csrf}
      />,
    );
  const order = orderOf(form, services);
  if (!order || verdict === 'expired') {
    const errors =
      verdict === 'expired'
        ? [{ field: placeField(services[0]?.code ?? ''), text: page.t.common.csrfExpired }]
        : [];
    return respond(
      c,
      verdict === 'expired' ? 400 : 200,
      <RankingForm
        page={page}
        token={token}
        services={services}
        places={new Map()}
        errors={errors}
        csrf={csrf}
      />,
    );
  }
  const form200 = (
    list: readonly RankedService[],
    errors: readonly FieldProblem[] = [],
    places = new Map<string, string>(),
  ) =>
    respond(
      c,
      errors.length > 0 ? 422 : 200,
      <RankingForm page={page} token={token} services={list} places={places} errors={errors} csrf={csrf} />,
    );

  const move = /^(up|down):(.+)$/.exec(form.get('move') ?? '');
  if (move) {
    const index = order.findIndex((service) => service.code === move[2]);
    const target = move[1] === 'up' ? index - 1 : index + 1;
    const moved = [...order];
    if (index >= 0 && target >= 0 && target < moved.length) {
      [moved[index], moved[target]] = [moved[target] as RankedService, moved[index] as RankedService];
    }
    return form200(moved);
  }
  const action = form.get('action');
  if (action === 'change') return form200(order);
  if (action === 'send') {
    try {
      await submitRanking(
        deps,
        opened.claims,
        { services: order.map((service) => service.code) },
        (path) => ({
          path: ['body', ...path].join('.'),
        }),
      );
    } catch (error) {
      return linkProblemPage(c, page, error);
    }
    return redirect(withLanguage(page, `/links/${token}/ranking/sent`));
  }
  // Continue: the places typed decide the order to check.
  const errors = placeErrors(page, order, form);
  if (errors.length > 0) {
    const places = new Map(order.map((service) => [service.code, form.get(placeField(service.code)) ?? '']));
    return form200(order, errors, places);
  }
  const ranked = [...order].sort(
    (a, b) => Number(form.get(placeField(a.code))) - Number(form.get(placeField(b.code))),
  );
  return respond(c, 200, <CheckOrder page={page} token={token} order={ranked} csrf={csrf} />);
}

/** `GET /links/{token}/ranking/sent`: thanks, when this link holds a ranking; the form otherwise. */
export async function rankingSent(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openAnsweredLink(deps, token, 'ranking'));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred);
  const use = await deps.store.linkUses.get(opened.claims.ref, opened.claims.nonce);
  if (use?.status !== 'used') return redirect(withLanguage(page, `/links/${token}`));
  const { t } = page;
  return respond(
    c,
    200,
    <AnswerSent page={page} title={t.ranking.sentTitle} body={t.ranking.sentBody}>
      <h2 class="govuk-heading-m">{t.ranking.whatNext}</h2>
      <p class="govuk-body">{t.ranking.whatNextBody}</p>
    </AnswerSent>,
  );
}
