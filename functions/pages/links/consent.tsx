/**
 * The consent page: the drafted plan as a parent reads it (each service, how often, who provides
 * it and what it costs; the services other sources pay; the recommended services that could not
 * be funded and why; the budget term by term; the warnings), then consent given or refused with
 * a reason, sent once through the same code as `POST /links/{token}/consent`; a refusal emails
 * the coordinator through the outbox.
 *
 * Routes: `GET /links/{token}` (HTML), `POST /links/{token}/consent` (a form),
 * `GET /links/{token}/consent/sent`.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { ApiDeps } from '../../api/route.ts';
import { CONSENT_REASON_MAX, submitConsent } from '../../api/routes/links.ts';
import type { Catalogue } from '../../i18n/catalogue.ts';
import {
  ASSESSMENT_DOMAINS,
  FUNDING_SOURCES,
  isServiceCode,
  PLAN_WARNING_CODES,
  SERVICE_UNITS,
} from '../../i18n/codes.ts';
import { formatEuro, formatPeriod, formatPerMonth } from '../../i18n/format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { StoredPlan } from '../../store/entities.ts';
import { Textarea } from '../components/fields.tsx';
import {
  CsrfField,
  ErrorMessage,
  type FieldProblem,
  Layout,
  MessagePage,
  type PageContext,
  SummaryList,
  Warning,
  withLanguage,
} from '../layout.tsx';
import { linkProblemPage, pageOf, readForm, redirect, respond } from '../respond.tsx';
import { AnswerSent, WhoAnswers } from './frame.tsx';
import {
  answeringRepresentative,
  checkLinkCsrf,
  linkCsrfToken,
  type OpenedLink,
  openAnsweredLink,
  openAnswerLink,
  openedOr,
  whoField,
} from './load.ts';

const lineSchema = z.object({
  service: z.string(),
  unitsPerMonth: z.number(),
  periodCents: z.number().int(),
  funding: z.enum(FUNDING_SOURCES),
  unit: z.enum(SERVICE_UNITS).optional(),
  providerId: z.string().optional(),
});
const termSchema = z.discriminatedUnion('term', [
  z.object({ term: z.literal('base'), cents: z.number().int() }),
  z.object({
    term: z.literal('domain'),
    domain: z.enum(ASSESSMENT_DOMAINS),
    score: z.number(),
    weight: z.number(),
    pointCents: z.number().int(),
    cents: z.number().int(),
  }),
  z.object({ term: z.literal('sum'), cents: z.number().int() }),
  z.object({ term: z.literal('cap'), cents: z.number().int(), applied: z.boolean() }),
  z.object({ term: z.literal('period'), months: z.number().int(), cents: z.number().int() }),
]);
type Term = z.infer<typeof termSchema>;

const serviceName = (t: Catalogue, code: string) => (isServiceCode(code) ? t.services[code].name : code);

function termRow(t: Catalogue, language: Language, term: Term) {
  const terms = t.consent.budgetTerms;
  switch (term.term) {
    case 'base':
      return { key: terms.base, value: formatEuro(term.cents, language) };
    case 'domain':
      return {
        key: terms.domain(
          t.domains[term.domain],
          term.score,
          term.weight,
          formatEuro(term.pointCents, language),
        ),
        value: formatEuro(term.cents, language),
      };
    case 'sum':
      return { key: terms.sum, value: formatEuro(term.cents, language) };
    case 'cap':
      return { key: terms.cap(term.applied), value: formatEuro(term.cents, language) };
    case 'period':
      return { key: terms.period(term.months), value: formatEuro(term.cents, language) };
  }
}

/** The drafted plan as the parents read it; the coordinators' plan page shows the same. */
export function Plan({ page, stored }: { page: PageContext; stored: StoredPlan }) {
  const { t, language } = page;
  const plan = stored.plan;
  const lines = plan.lines.flatMap((line) => lineSchema.safeParse(line).data ?? []);
  const own = lines.filter((line) => line.funding === 'individual-budget');
  const others = lines.filter((line) => line.funding !== 'individual-budget');
  const terms = plan.budget.terms.flatMap((term) => termSchema.safeParse(term).data ?? []);
  const warnings = [...new Set(plan.warnings.map((warning) => warning.code))].filter((code) =>
    (PLAN_WARNING_CODES as readonly string[]).includes(code),
  ) as (typeof PLAN_WARNING_CODES)[number][];
  const howOften = (line: z.infer<typeof lineSchema>) =>
    line.unit === undefined
      ? String(line.unitsPerMonth)
      : formatPerMonth(line.unitsPerMonth, line.unit, language);
  return (
    <>
      <SummaryList
        rows={[
          { key: t.common.period, value: formatPeriod(plan.period, language) },
          { key: t.budgetFigures.budget, value: formatEuro(plan.budget.cents, language) },
          { key: t.budgetFigures.planned, value: formatEuro(plan.totalCents, language) },
          { key: t.budgetFigures.leftToPlan, value: formatEuro(plan.leftToPlanCents, language) },
        ]}
      />
      {warnings.length > 0 && (
        <>
          <h2 class="govuk-heading-m">{t.consent.warningsTitle}</h2>
          {warnings.map((code) => (
            <Warning t={t}>{t.warnings[code]}</Warning>
          ))}
        </>
      )}
      <h2 class="govuk-heading-m">{t.consent.servicesCaption}</h2>
      {own.map((line) => (
        <div class="app-card">
          <h3 class="govuk-heading-s govuk-!-margin-bottom-2">{serviceName(t, line.service)}</h3>
          <SummaryList
            rows={[
              { key: t.common.howOften, value: howOften(line) },
              { key: t.common.provider, value: line.providerId ?? t.common.notNamed },
              { key: t.common.forPeriod, value: formatEuro(line.periodCents, language) },
            ]}
          />
        </div>
      ))}
      <SummaryList
        rows={[{ key: t.common.total, value: <strong>{formatEuro(plan.totalCents, language)}</strong> }]}
      />
      {others.length > 0 && (
        <>
          <h2 class="govuk-heading-m">{t.consent.otherFundingCaption}</h2>
          {others.map((line) => (
            <div class="app-card">
              <h3 class="govuk-heading-s govuk-!-margin-bottom-2">{serviceName(t, line.service)}</h3>
              <SummaryList
                rows={[
                  { key: t.common.howOften, value: howOften(line) },
                  { key: t.common.paidBy, value: t.funding[line.funding] },
                ]}
              />
            </div>
          ))}
        </>
      )}
      <h2 class="govuk-heading-m">{t.consent.unfundedTitle}</h2>
      {plan.unfunded.length === 0 ? (
        <p class="govuk-body">{t.consent.unfundedNone}</p>
      ) : (
        <ul class="govuk-list govuk-list--bullet">
          {plan.unfunded.map((item) => (
            <li>
              <strong>{serviceName(t, item.service)}</strong>:{' '}
              {item.reason === 'NOT_ENOUGH_BUDGET' ? t.unfunded.NOT_ENOUGH_BUDGET : item.reason}
            </li>
          ))}
        </ul>
      )}
      <h2 class="govuk-heading-m">{t.consent.budgetTitle}</h2>
      <p class="govuk-body">{t.consent.budgetIntro}</p>
      <SummaryList rows={terms.map((term) => termRow(t, language, term))} />
    </>
  );
}

interface ConsentFormValues {
  decision?: string | null;
  who?: string | null;
  reason?: string | null;
}

function ConsentPage({
  page,
  token,
  opened,
  stored,
  values,
  errors,
  csrf,
}: {
  page: PageContext;
  token: string;
  opened: OpenedLink;
  stored: StoredPlan;
  values: ConsentFormValues;
  errors: readonly FieldProblem[];
  csrf: string;
}) {
  const { t } = page;
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.text;
  const decisionError = errorOf('decision-given');
  const whoError = errorOf(whoField(opened));
  const reasonError = errorOf('reason');
  return (
    <Layout page={page} title={t.consent.title} errors={errors}>
      <h1 class="govuk-heading-l">{t.consent.title}</h1>
      <p class="govuk-body">{t.consent.intro}</p>
      <Plan page={page} stored={stored} />
      <form method="post" action={withLanguage(page, `/links/${token}/consent`)} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="revision" value={String(stored.revision)} />
        <WhoAnswers
          page={page}
          opened={opened}
          legend={t.consent.whoLegend}
          chosen={values.who}
          error={whoError}
        />
        <div class={`govuk-form-group${decisionError ? ' govuk-form-group--error' : ''}`}>
          <fieldset
            class="govuk-fieldset"
            {...(decisionError ? { 'aria-describedby': 'decision-error' } : {})}
          >
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 class="govuk-fieldset__heading">{t.consent.decisionLegend}</h2>
            </legend>
            <ErrorMessage t={t} id="decision-error" text={decisionError} />
            <div class="govuk-radios" data-module="govuk-radios">
              {(['given', 'refused'] as const).map((decision) => (
                <div class="govuk-radios__item">
                  <input
                    class="govuk-radios__input"
                    id={`decision-${decision}`}
                    name="decision"
                    type="radio"
                    value={decision}
                    checked={values.decision === decision}
                    aria-describedby={`decision-${decision}-hint`}
                  />
                  <label class="govuk-label govuk-radios__label" for={`decision-${decision}`}>
                    {decision === 'given' ? t.consent.give : t.consent.refuse}
                  </label>
                  <div id={`decision-${decision}-hint`} class="govuk-hint govuk-radios__hint">
                    {decision === 'given' ? t.consent.giveHint : t.consent.refuseHint}
                  </div>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <Textarea
          t={t}
          id="reason"
          label={t.consent.reasonLabel}
          labelSize="s"
          hint={t.consent.reasonHint}
          error={reasonError}
          value={values.reason}
          maxlength={CONSENT_REASON_MAX}
        />
        <button type="submit" class="govuk-button">
          {t.consent.sendDecision}
        </button>
      </form>
    </Layout>
  );
}

async function draftOf(deps: ApiDeps, opened: OpenedLink): Promise<StoredPlan | undefined> {
  const latest = (await deps.store.cycles.contents(opened.claims.ref, opened.current.cycle)).plans.at(-1);
  return latest?.status === 'draft' && opened.current.phase === 'await-approval' ? latest : undefined;
}

/** `GET /links/{token}` for a consent link, as a page. */
export async function consentPage(
  c: Context,
  deps: ApiDeps,
  token: string,
  opened: OpenedLink,
): Promise<Response> {
  const page = pageOf(c, opened.preferred);
  const stored = await draftOf(deps, opened);
  if (!stored)
    return respond(
      c,
      409,
      <MessagePage page={page} title={page.t.links.notNowTitle} body={page.t.consent.noPlanBody} />,
    );
  const csrf = linkCsrfToken(deps, token, deps.clock.now());
  return respond(
    c,
    200,
    <ConsentPage
      page={page}
      token={token}
      opened={opened}
      stored={stored}
      values={{}}
      errors={[]}
      csrf={csrf}
    />,
  );
}

/** `POST /links/{token}/consent` from the page's form. */
export async function consentPost(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openAnswerLink(deps, token, 'consent'));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred, `/links/${token}`);
  const { t } = page;
  const form = await readForm(c);
  const now = deps.clock.now();
  const stored = await draftOf(deps, opened);
  if (!stored || String(stored.revision) !== form.get('revision')) {
    return respond(c, 409, <MessagePage page={page} title={t.links.notNowTitle} body={t.links.notNowBody} />);
  }
  const csrf = linkCsrfToken(deps, token, now);
  const values: ConsentFormValues = {
    decision: form.get('decision'),
    who: form.get('who'),
    reason: form.get('reason'),
  };
  const again = (status: number, errors: FieldProblem[]) =>
    respond(
      c,
      status,
      <ConsentPage
        page={page}
        token={token}
        opened={opened}
        stored={stored}
        values={values}
        errors={errors}
        csrf={csrf}
      />,
    );
  const verdict = checkLinkCsrf(c, deps, token, form.get('csrf'), now);
  if (verdict === 'forged') return again(403, []);
  if (verdict === 'expired') return again(400, [{ field: 'decision-given', text: t.common.csrfExpired }]);

  const errors: FieldProblem[] = [];
  const who = answeringRepresentative(opened, values.who);
  if (who === undefined) errors.push({ field: whoField(opened), text: t.consent.chooseWho });
  const decision = values.decision === 'given' || values.decision === 'refused' ? values.decision : undefined;
  if (decision === undefined) errors.push({ field: 'decision-given', text: t.consent.chooseDecision });
  const reason = (values.reason ?? '').trim();
  if (decision === 'refused' && reason === '')
    errors.push({ field: 'reason', text: t.consent.reasonRequired });
  if (reason.length > CONSENT_REASON_MAX)
    errors.push({ field: 'reason', text: t.consent.reasonTooLong(CONSENT_REASON_MAX) });
  if (errors.length > 0 || decision === undefined || who === undefined) return again(422, errors);

  try {
    await submitConsent(deps, opened.claims, {
      decision,
      revision: stored.revision,
      representativeId: who,
      ...(decision === 'refused' && { reason }),
    });
  } catch (error) {
    return linkProblemPage(c, page, error);
  }
  return redirect(withLanguage(page, `/links/${token}/consent/sent`));
}

/** `GET /links/{token}/consent/sent`: what was recorded, once the link holds an answer. */
export async function consentSent(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openAnsweredLink(deps, token, 'consent'));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred);
  const { t } = page;
  const use = await deps.store.linkUses.get(opened.claims.ref, opened.claims.nonce);
  if (use?.status !== 'used' || use.answer?.step !== 'consent')
    return redirect(withLanguage(page, `/links/${token}`));
  const given = use.answer.decision === 'given';
  return respond(
    c,
    200,
    <AnswerSent
      page={page}
      title={given ? t.consent.givenTitle : t.consent.refusedTitle}
      body={given ? t.consent.givenBody : t.consent.refusedBody}
    />,
  );
}
