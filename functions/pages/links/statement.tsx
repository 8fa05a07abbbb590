/**
 * The parents' monthly statements as printable pages, from a statement link (read-only, never used
 * up). A month's page shows each statement of the month with the figures its email carried: the
 * data of the `monthly-statement` outbox item the settlement decided (the month's original
 * statement, then each supplementary one with its difference), rendered with the same catalogue
 * and formats as the email. Once that item has expired (the sender keeps sent items 90 days) the
 * page shows the hours and amount of the stored statement.
 *
 * Routes: `GET /links/{token}` (HTML): the months; `GET /links/{token}/statements/{month}` (HTML).
 */
import type { Context } from 'hono';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { verifiedClaims } from '../../api/routes/links.ts';
import { addMonths, isYearMonth, monthOf, rigaDateOf } from '../../domain/calendar.ts';
import { formatCount, formatDuration, formatEuro, formatMonth } from '../../i18n/format.ts';
import { labelIn } from '../../notify/render/format.ts';
import { parentStatementSchema } from '../../notify/render/parent.ts';
import type { StoredStatement } from '../../store/entities.ts';
import { LinkList } from '../components/link-list.tsx';
import { NumericCell, TableWithTotal } from '../components/table-with-total.tsx';
import { Layout, type PageContext, SummaryList, withLanguage } from '../layout.tsx';
import { linkProblemPage, pageOf, respond } from '../respond.tsx';
import { openedOr, preferredLanguageOf } from './load.ts';

async function openStatementLink(deps: ApiDeps, token: string) {
  const claims = verifiedClaims(deps, token);
  if (claims.step !== 'statement') throw new ApiProblem('not-found', 'there is no such link');
  if (!(await deps.store.cases.get(claims.ref))) throw new ApiProblem('not-found', 'there is no such link');
  const person = await deps.store.cases.getPerson(claims.ref);
  const representative = person?.contacts
    .filter((contact) => contact.role === 'legal-representative')
    .map((contact) => contact.id)
    .sort()[0];
  return { claims, preferred: preferredLanguageOf(person), representative };
}

/** `GET /links/{token}` for a statement link: the last twelve months, newest first. */
export async function statementIndexPage(c: Context, deps: ApiDeps, token: string): Promise<Response> {
  const opened = await openedOr(c, () => openStatementLink(deps, token));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred);
  const { t, language } = page;
  const thisMonth = monthOf(rigaDateOf(deps.clock.now()));
  const months = Array.from({ length: 12 }, (_, index) => addMonths(thisMonth, -1 - index));
  return respond(
    c,
    200,
    <Layout page={page} title={t.statement.indexTitle}>
      <h1 class="govuk-heading-l">{t.statement.indexTitle}</h1>
      <p class="govuk-body">{t.statement.indexIntro}</p>
      <LinkList
        page={page}
        links={months.map((month) => ({
          href: `/links/${token}/statements/${month}`,
          text: formatMonth(month, language),
        }))}
      />
    </Layout>,
  );
}

function StatementSection({
  page,
  heading,
  stored,
  data,
}: {
  page: PageContext;
  heading: string;
  stored: StoredStatement;
  data: ReturnType<typeof parentStatementSchema.parse> | undefined;
}) {
  const { t, language } = page;
  const minutes = data?.assistantMinutesPaid ?? stored.statement.paidMinutes;
  const cents = data?.assistantCents ?? stored.statement.amountCents;
  const servicesTotal = (data?.services ?? []).reduce((sum, line) => sum + line.paidCents, 0);
  return (
    <section>
      <h2 class="govuk-heading-m">{heading}</h2>
      <h3 class="govuk-heading-s">{t.statement.assistantCaption}</h3>
      <SummaryList
        rows={[
          { key: t.statement.hoursPaid, value: formatDuration(minutes, language) },
          { key: t.common.amount, value: formatEuro(cents, language) },
        ]}
      />
      {data !== undefined &&
        (data.services.length === 0 ? (
          <p class="govuk-body">{t.statement.noServices}</p>
        ) : (
          <TableWithTotal
            t={t}
            caption={t.statement.servicesCaption}
            captionClass="govuk-table__caption--s"
            columns={[
              { text: t.common.service },
              { text: t.statement.used, numeric: true },
              { text: t.statement.paid, numeric: true },
            ]}
            totals={[formatEuro(servicesTotal, language)]}
            nowrap
          >
            {data.services.map((line) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  {labelIn(line.service, language)}
                </th>
                <NumericCell>{formatCount(line.units, line.unit, language)}</NumericCell>
                <NumericCell nowrap>{formatEuro(line.paidCents, language)}</NumericCell>
              </tr>
            ))}
          </TableWithTotal>
        ))}
      {data !== undefined && (
        <>
          <h3 class="govuk-heading-s">{t.statement.budgetCaption}</h3>
          <SummaryList
            rows={[
              { key: t.budgetFigures.budget, value: formatEuro(data.budget.budgetCents, language) },
              { key: t.budgetFigures.planned, value: formatEuro(data.budget.plannedCents, language) },
              { key: t.budgetFigures.used, value: formatEuro(data.budget.usedCents, language) },
              { key: t.budgetFigures.leftToSpend, value: formatEuro(data.budget.leftToSpendCents, language) },
              { key: t.budgetFigures.leftToPlan, value: formatEuro(data.budget.leftToPlanCents, language) },
            ]}
          />
        </>
      )}
    </section>
  );
}

/** `GET /links/{token}/statements/{month}` as a page. */
export async function statementPage(
  c: Context,
  deps: ApiDeps,
  token: string,
  month: string,
): Promise<Response> {
  const opened = await openedOr(c, () => openStatementLink(deps, token));
  if (opened instanceof Response) return opened;
  const page = pageOf(c, opened.preferred);
  const { t, language } = page;
  if (!isYearMonth(month))
    return linkProblemPage(c, page, new ApiProblem('not-found', 'there is no such month'));
  const statements = await deps.store.statements.forMonth(opened.claims.ref, month);
  const sections = await Promise.all(
    statements.map(async (stored) => {
      const id = `monthly-statement:${month}${stored.sequence === 0 ? '' : `.${stored.sequence}`}:legal-representative:${opened.representative ?? ''}`;
      const item =
        opened.representative === undefined ? undefined : await deps.store.outbox.get(opened.claims.ref, id);
      return { stored, data: parentStatementSchema.safeParse(item?.data).data };
    }),
  );
  const title = t.statement.title(formatMonth(month, language));
  return respond(
    c,
    200,
    <Layout page={page} title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      {sections.length === 0 ? (
        <p class="govuk-body">{t.statement.none(formatMonth(month, language))}</p>
      ) : (
        sections.map(({ stored, data }) => (
          <StatementSection
            page={page}
            heading={
              stored.sequence === 0 ? t.statement.original : t.statement.supplementary(stored.sequence)
            }
            stored={stored}
            data={data}
          />
        ))
      )}
      <p class="govuk-body app-no-print">{t.common.printHint}</p>
      <button type="button" class="govuk-button govuk-button--secondary app-no-print" data-print hidden>
        {t.common.print}
      </button>
      <p class="govuk-body app-no-print">
        <a class="govuk-link" href={withLanguage(page, `/links/${token}`)}>
          {t.statement.indexTitle}
        </a>
      </p>
    </Layout>,
  );
}
