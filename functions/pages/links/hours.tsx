/**
 * Confirming an assistant's month (the "apliecinājums"): every day, time, activity and duration the
 * assistant sent; the parent confirms the month, or ticks the lines they dispute with a short
 * reason. Only confirmed lines are paid by the monthly run; disputed ones go to the coordinator
 * (`hours-disputed`, in the same transaction as the decision); lines confirmed after the run are
 * paid by the supplementary run as a difference. The decision is taken once per link (a new
 * timesheet brings a new link) and only for the version the parent read.
 *
 * Routes: `GET /links/{token}` (HTML), `POST /links/{token}/hours` (a form),
 * `GET /links/{token}/hours/sent`.
 */
import type { Context } from 'hono';
import { submitHoursDecision } from '../../api/hours-decision.ts';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { claimsOf, GONE, type VerifiedLink } from '../../api/routes/links.ts';
import { isYearMonth } from '../../domain/calendar.ts';
import { isActivityCode } from '../../i18n/codes.ts';
import { formatClock, formatDate, formatDayDate, formatDuration, formatMonth } from '../../i18n/format.ts';
import type { StoredCase, StoredTimesheet } from '../../store/entities.ts';
import { ConflictError } from '../../store/errors.ts';
import {
  DISPUTE_REASON_MAX,
  entryKey,
  type StoredHoursConfirmation,
} from '../../store/hours-confirmations.ts';
import { describedBy, Labelled } from '../components/fields.tsx';
import {
  CsrfField,
  type FieldProblem,
  Layout,
  MessagePage,
  type PageContext,
  withLanguage,
} from '../layout.tsx';
import { linkProblemPage, pageOf, readForm, redirect, respond } from '../respond.tsx';
import { AnswerSent, WhoAnswers } from './frame.tsx';
import {
  answeringRepresentative,
  checkLinkCsrf,
  linkCsrfToken,
  type OpenedLink,
  openedOr,
  whoField,
  withPeople,
} from './load.ts';

interface HoursLink extends OpenedLink {
  month: string;
  assistantId: string;
  assistantName: string;
}

const notFound = () => new ApiProblem('not-found', 'there is no such link');

/** An hours link: signed, for an open case, naming a month and an assistant of the case. */
async function openHoursLink(deps: ApiDeps, token: string, allowUsed = false): Promise<HoursLink> {
  const claims: VerifiedLink = claimsOf(deps, token, 'hours');
  const { month, assistantId } = claims;
  if (month === undefined || assistantId === undefined || !isYearMonth(month)) throw notFound();
  const current: StoredCase | undefined = await deps.store.cases.get(claims.ref);
  if (!current) throw notFound();
  if (current.status !== 'open') throw new ApiProblem('gone', GONE.over);
  if (!allowUsed) {
    const use = await deps.store.linkUses.get(claims.ref, claims.nonce);
    if (use?.status === 'used') throw new ApiProblem('gone', GONE.used);
  }
  const opened = await withPeople(deps, claims, current);
  const assistant = opened.person?.contacts.find(
    (contact) => contact.role === 'assistant' && contact.id === assistantId,
  );
  if (!assistant) throw notFound();
  return { ...opened, month, assistantId, assistantName: assistant.name };
}

type Entry = StoredTimesheet['entries'][number];

function activityName(page: PageContext, code: string): string {
  return isActivityCode(code) ? page.t.activities[code] : code;
}

function entryTime(entry: Entry): string {
  return entry.start !== undefined && entry.end !== undefined
    ? `${formatClock(entry.start)}–${formatClock(entry.end)}`
    : '';
}

interface HoursValues {
  disputed: ReadonlySet<number>;
  reasons: ReadonlyMap<number, string>;
  who?: string | null;
}

function HoursPage({
  page,
  token,
  opened,
  sheet,
  previous,
  values,
  errors,
  notice,
  csrf,
}: {
  page: PageContext;
  token: string;
  opened: HoursLink;
  sheet: StoredTimesheet;
  previous: StoredHoursConfirmation | undefined;
  values: HoursValues;
  errors: readonly FieldProblem[];
  notice?: string;
  csrf: string;
}) {
  const { t, language } = page;
  const month = formatMonth(opened.month, language);
  const total = sheet.entries.reduce((sum, entry) => sum + entry.minutes, 0);
  const previouslyConfirmed = new Set(previous?.confirmed ?? []);
  const previouslyDisputed = new Set((previous?.disputed ?? []).map((item) => item.entry));
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.text;
  const whoError = errorOf(whoField(opened));
  const title = t.hours.title(month);
  return (
    <Layout page={page} title={title} errors={errors}>
      <h1 class="govuk-heading-l">{title}</h1>
      {notice !== undefined && (
        <div class="govuk-inset-text">
          <strong>{t.hours.changedTitle}.</strong> {notice}
        </div>
      )}
      <p class="govuk-body">{t.hours.intro(opened.assistantName)}</p>
      <p class="govuk-body">{t.hours.summary(sheet.entries.length, formatDuration(total, language))}</p>
      <form method="post" action={withLanguage(page, `/links/${token}/hours`)} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="submittedAt" value={sheet.submittedAt} />
        <WhoAnswers
          page={page}
          opened={opened}
          legend={t.hours.whoLegend}
          chosen={values.who}
          error={whoError}
        />
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset" aria-describedby="dispute-hint">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{t.hours.disputeLegend}</legend>
            <div id="dispute-hint" class="govuk-hint">
              {t.hours.disputeHint}
            </div>
            {sheet.entries.map((entry, index) => {
              const date = formatDate(entry.date, language);
              const reasonError = errorOf(`reason-${index}`);
              const key = entryKey(entry);
              const status = previouslyConfirmed.has(key)
                ? t.hours.statusConfirmed
                : previouslyDisputed.has(key)
                  ? t.hours.statusDisputed
                  : undefined;
              return (
                <div class="app-card">
                  <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">
                    {formatDayDate(entry.date, language)}
                    {status !== undefined && (
                      <>
                        {' '}
                        <strong class="govuk-tag govuk-tag--grey">{status}</strong>
                      </>
                    )}
                  </p>
                  <p class="govuk-body govuk-!-margin-bottom-2">
                    {[
                      entryTime(entry),
                      activityName(page, entry.activity),
                      formatDuration(entry.minutes, language),
                    ]
                      .filter((part) => part !== '')
                      .join(' · ')}
                  </p>
                  <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                      <input
                        class="govuk-checkboxes__input"
                        id={`dispute-${index}`}
                        name="dispute"
                        type="checkbox"
                        value={String(index)}
                        checked={values.disputed.has(index)}
                        data-reveal
                        aria-controls={`reason-group-${index}`}
                      />
                      <label class="govuk-label govuk-checkboxes__label" for={`dispute-${index}`}>
                        {t.hours.disputeLabel(date)}
                      </label>
                    </div>
                    <div class="govuk-checkboxes__conditional app-dispute" id={`reason-group-${index}`}>
                      <Labelled
                        t={t}
                        id={`reason-${index}`}
                        label={t.hours.reasonLabel(date)}
                        error={reasonError}
                      >
                        <input
                          class={`govuk-input${reasonError ? ' govuk-input--error' : ''}`}
                          id={`reason-${index}`}
                          name={`reason-${index}`}
                          type="text"
                          maxlength={DISPUTE_REASON_MAX}
                          value={values.reasons.get(index) ?? ''}
                          {...describedBy(`reason-${index}`, undefined, reasonError)}
                        />
                      </Labelled>
                    </div>
                  </div>
                </div>
              );
            })}
          </fieldset>
        </div>
        <button type="submit" class="govuk-button">
          {t.hours.confirmAll}
        </button>
      </form>
    </Layout>
  );
}

async function sheetOf(deps: ApiDeps, opened: HoursLink) {
  const [sheet, previous] = await Promise.all([
    deps.store.timesheets.get(opened.claims.ref, opened.month, opened.assistantId),
    deps.store.hoursConfirmations.get(opened.claims.ref, opened.month, opened.assistantId),
  ]);
  return { sheet, previous };
}

/** `GET /links/{token}` for an hours link, as a page. */
export async function hoursPage(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openHoursLink(deps, token));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred);
  const { sheet, previous } = await sheetOf(deps, opened);
  if (!sheet || sheet.entries.length === 0) {
    return respond(
      c,
      200,
      <MessagePage
        page={page}
        title={page.t.hours.title(formatMonth(opened.month, page.language))}
        body={page.t.hours.noEntries}
      />,
    );
  }
  const csrf = linkCsrfToken(deps, token, deps.clock.now());
  return respond(
    c,
    200,
    <HoursPage
      page={page}
      token={token}
      opened={opened}
      sheet={sheet}
      previous={previous}
      values={{ disputed: new Set(), reasons: new Map() }}
      errors={[]}
      csrf={csrf}
    />,
  );
}

/** `POST /links/{token}/hours` from the page's form. */
export async function hoursPost(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openHoursLink(deps, token));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred, `/links/${token}`);
  const { t } = page;
  const form = await readForm(c);
  const now = deps.clock.now();
  const csrf = linkCsrfToken(deps, token, now);
  const { sheet, previous } = await sheetOf(deps, opened);
  if (!sheet || sheet.entries.length === 0) return linkProblemPage(c, page, notFound());
  const disputed = new Set(
    form
      .getAll('dispute')
      .map(Number)
      .filter((index) => Number.isInteger(index) && index >= 0 && index < sheet.entries.length),
  );
  const reasons = new Map(
    sheet.entries.map((_, index) => [index, (form.get(`reason-${index}`) ?? '').trim()]),
  );
  const values: HoursValues = { disputed, reasons, who: form.get('who') };
  const again = (status: number, errors: FieldProblem[], notice?: string) =>
    respond(
      c,
      status,
      <HoursPage
        page={page}
        token={token}
        opened={opened}
        sheet={sheet}
        previous={previous}
        values={values}
        errors={errors}
        csrf={csrf}
        {...(notice !== undefined && { notice })}
      />,
    );
  const verdict = checkLinkCsrf(c, deps, token, form.get('csrf'), now);
  if (verdict === 'forged') return again(403, []);
  if (verdict === 'expired') return again(400, [{ field: 'dispute-0', text: t.common.csrfExpired }]);
  // The assistant sent a new version since the page was shown: show it, decide nothing.
  if (form.get('submittedAt') !== sheet.submittedAt) return again(409, [], t.hours.changedBody);

  const errors: FieldProblem[] = [];
  const who = answeringRepresentative(opened, values.who);
  if (who === undefined) errors.push({ field: whoField(opened), text: t.hours.chooseWho });
  for (const index of [...disputed].sort((a, b) => a - b)) {
    const date = formatDate(sheet.entries[index]?.date ?? '', page.language);
    const reason = reasons.get(index) ?? '';
    if (reason === '') errors.push({ field: `reason-${index}`, text: t.hours.reasonRequired(date) });
    else if (reason.length > DISPUTE_REASON_MAX)
      errors.push({ field: `reason-${index}`, text: t.hours.reasonTooLong(date, DISPUTE_REASON_MAX) });
  }
  if (errors.length > 0 || who === undefined) return again(422, errors);

  const disputedLines = [...disputed]
    .sort((a, b) => a - b)
    .map((index) => ({ entry: sheet.entries[index] as Entry, reason: reasons.get(index) ?? '' }));
  try {
    await submitHoursDecision(deps, opened.claims, {
      month: opened.month,
      assistantId: opened.assistantId,
      coordinatorId: opened.current.coordinatorId,
      sheet,
      by: who,
      disputed: disputedLines,
    });
  } catch (error) {
    if (error instanceof ConflictError) return again(409, [], t.hours.changedBody);
    return linkProblemPage(c, page, error);
  }
  return redirect(withLanguage(page, `/links/${token}/hours/sent`));
}

/** `GET /links/{token}/hours/sent`: what was recorded, once the link holds an answer. */
export async function hoursSent(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openHoursLink(deps, token, true));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred);
  const { t } = page;
  const use = await deps.store.linkUses.get(opened.claims.ref, opened.claims.nonce);
  if (use?.status !== 'used' || use.answer?.step !== 'hours')
    return redirect(withLanguage(page, `/links/${token}`));
  const disputed = use.answer.disputed;
  return respond(
    c,
    200,
    <AnswerSent
      page={page}
      title={disputed > 0 ? t.hours.disputedTitle : t.hours.confirmedTitle}
      body={disputed > 0 ? t.hours.disputedBody(disputed) : t.hours.confirmedBody}
    />,
  );
}
