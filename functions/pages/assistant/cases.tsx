/** `GET /hours`: the assistant's cases, each with its recent months. */
import type { Context } from 'hono';
import { assistantCases } from '../../api/assistant-month.ts';
import type { ApiDeps } from '../../api/route.ts';
import { addMonths, monthOf, toIsoDate } from '../../domain/calendar.ts';
import { formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import { LinkList } from '../components/link-list.tsx';
import { pageOf, respond } from '../respond.tsx';
import { AssistantLayout, monthPath, whoOf } from './frame.tsx';

export async function casesPage(c: Context, deps: ApiDeps, secret: string): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const { t } = page;
  const cases = await assistantCases(deps, whoOf(session));
  const thisMonth = monthOf(toIsoDate(Math.floor(deps.clock.now().getTime() / 86_400_000)));
  const months = [addMonths(thisMonth, -1), thisMonth, addMonths(thisMonth, -2)];
  return respond(
    c,
    200,
    <AssistantLayout page={page} session={session} secret={secret} title={t.timesheet.casesTitle}>
      <h1 class="govuk-heading-l">{t.timesheet.casesTitle}</h1>
      <p class="govuk-body">{t.timesheet.casesIntro}</p>
      {cases.length === 0 && <p class="govuk-body">{t.timesheet.noCases}</p>}
      {cases.map((each) => (
        <section class="govuk-!-margin-bottom-6" aria-labelledby={`case-${each.caseId}`}>
          <h2 class="govuk-heading-m" id={`case-${each.caseId}`}>
            {t.timesheet.caseLabel(each.caseId)}
            {each.status !== 'open' && <span class="govuk-caption-m">{t.timesheet.caseClosed}</span>}
          </h2>
          <LinkList
            page={page}
            links={months.map((month) => ({
              href: monthPath(each.caseId, month),
              text: t.timesheet.title(formatMonth(month, page.language)),
            }))}
          />
        </section>
      ))}
    </AssistantLayout>,
  );
}
