/** Copying last week: the form that names the week to copy into. */
import type { AssistantMonth } from '../../api/assistant-month.ts';
import { monthCalendar } from '../../domain/timesheet/month.ts';
import { formatDate } from '../../i18n/format.ts';
import { type PageContext, withLanguage } from '../layout.tsx';
import { DraftFields, monthPath } from './frame.tsx';

export function CopyWeekForm({
  page,
  month,
  csrf,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
}) {
  const { t, language } = page;
  const mondays = monthCalendar(month.month)
    .slice(1)
    .map((week) => week[0]?.date ?? '');
  return (
    <form
      method="post"
      action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/copy-week'))}
      class="app-copy-week"
    >
      <DraftFields csrf={csrf} month={month} />
      <div class="govuk-form-group">
        <label class="govuk-label" for="week">
          {t.timesheet.copyWeek}
        </label>
        <select class="govuk-select" id="week" name="week">
          {mondays.map((monday) => (
            <option value={monday}>{t.timesheet.weekOf(formatDate(monday, language))}</option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.copyWeek}
      </button>
    </form>
  );
}
