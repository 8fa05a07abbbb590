/** `GET …/preview`: what the run would pay and refuse now, and why. */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { formatMonth } from '../../i18n/format.ts';
import { previewCaseMonth } from '../../monthly-run/settle-case-month.ts';
import { sessionOf } from '../../session/middleware.ts';
import { pageOf, respond } from '../respond.tsx';
import { AssistantLayout, monthOf404, monthPath, whoOf } from './frame.tsx';
import { HoursTables, ownHoursOf } from './paid-hours.tsx';

export async function previewPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const month = await monthOf404(c, deps);
  const page = pageOf(c);
  const { t, language } = page;
  const preview = await previewCaseMonth(deps.store, month.ref, month.month);
  const monthName = formatMonth(month.month, language);
  return respond(
    c,
    200,
    <AssistantLayout
      page={page}
      session={session}
      secret={secret}
      title={t.timesheet.previewTitle(monthName)}
      back={{ href: monthPath(month.ref.caseId, month.month), text: t.timesheet.backToMonth }}
    >
      <span class="govuk-caption-l">{t.timesheet.caseCaption(month.ref.caseId)}</span>
      <h1 class="govuk-heading-l">{t.timesheet.previewTitle(monthName)}</h1>
      <p class="govuk-body">{t.timesheet.previewIntro}</p>
      {preview.storedStatements > 0 && <p class="govuk-inset-text">{t.timesheet.previewSettled}</p>}
      {!preview.granted && <p class="govuk-inset-text">{t.timesheet.noGrant}</p>}
      <HoursTables
        page={page}
        hours={ownHoursOf(preview.statement, whoOf(session).assistantId)}
        paidCaption={t.timesheet.willBePaid}
        refusedCaption={t.timesheet.willNotBePaid}
      />
    </AssistantLayout>,
  );
}
