/** `GET …/statement`: the month's pay statements (the original, then each supplementary one), printable. */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { formatDate } from '../../i18n/format.ts';
import { respond } from '../respond.tsx';
import { MonthPage, monthRequest, whoOf } from './frame.tsx';
import { HoursTables, ownHoursOf } from './paid-hours.tsx';

export async function payStatementPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const { session, month, page, monthName, frame } = await monthRequest(c, deps, secret);
  const { t, language } = page;
  const statements = await deps.store.statements.forMonth(month.ref, month.month);
  return respond(
    c,
    200,
    <MonthPage {...frame} title={t.timesheet.statementTitle(monthName)}>
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
    </MonthPage>,
  );
}
