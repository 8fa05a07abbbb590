/** `GET …/statement`: the month's pay statements (the original, then each supplementary one), printable. */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { formatDate, formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import { pageOf, respond } from '../respond.tsx';
import { AssistantLayout, monthOf404, monthPath, whoOf } from './frame.tsx';
import { HoursTables, ownHoursOf } from './paid-hours.tsx';

export async function payStatementPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const { t, language } = page;
  const statements = await deps.store.statements.forMonth(month.ref, month.month);
  const monthName = formatMonth(month.month, language);
  return respond(
    c,
    200,
    <AssistantLayout
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.statementTitle(monthName)}
      back={{ href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{t.timesheet.statementTitle(monthName)}</h1>
      {statements.length === 0 && <p class="govuk-body">{t.timesheet.noStatement}</p>}
      {statements.map((stored) => (
        <section class="app-statement">
          <h2 class="govuk-heading-m">
            {stored.sequence === 0 ? t.statement.original : t.statement.supplementary(stored.sequence)}
            <span class="govuk-caption-m">{formatDate(stored.settledAt.slice(0, 10), language)}</span>
          </h2>
          <HoursTables
            page={page}
            hours={ownHoursOf(stored.statement, whoOf(session).assistantId)}
            paidCaption={t.timesheet.paidTotal}
            refusedCaption={t.timesheet.refusedTotal}
          />
        </section>
      ))}
      {statements.length > 0 && (
        <button type="button" class="govuk-button govuk-button--secondary app-no-print" data-print hidden>
          {t.common.print}
        </button>
      )}
    </AssistantLayout>,
  );
}
