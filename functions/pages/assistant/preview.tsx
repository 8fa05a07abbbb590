/** `GET …/preview`: what the run would pay and refuse now, and why. */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { previewCaseMonth } from '../../monthly-run/settle-case-month.ts';
import { respond } from '../respond.tsx';
import { MonthPage, monthRequest, whoOf } from './frame.tsx';
import { HoursTables, ownHoursOf } from './paid-hours.tsx';

export async function previewPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const { session, month, page, monthName, frame } = await monthRequest(c, deps, secret);
  const { t } = page;
  const preview = await previewCaseMonth(deps.store, month.ref, month.month);
  return respond(
    c,
    200,
    <MonthPage {...frame} title={t.timesheet.previewTitle(monthName)}>
      <p class="govuk-body">{t.timesheet.previewIntro}</p>
      {preview.storedStatements > 0 && <p class="govuk-inset-text">{t.timesheet.previewSettled}</p>}
      {!preview.granted && <p class="govuk-inset-text">{t.timesheet.noGrant}</p>}
      <HoursTables
        page={page}
        hours={ownHoursOf(preview.statement, whoOf(session).assistantId)}
        paidCaption={t.timesheet.willBePaid}
        refusedCaption={t.timesheet.willNotBePaid}
      />
    </MonthPage>,
  );
}
