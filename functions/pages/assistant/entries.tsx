/** The month's entries as a table, each with its remove button while the month is being filled. */
import type { AssistantMonth } from '../../api/assistant-month.ts';
import { totalMinutes } from '../../domain/timesheet/month.ts';
import { formatDayDate, formatDuration } from '../../i18n/format.ts';
import { NumericCell, TableWithTotal } from '../components/table-with-total.tsx';
import { type PageContext, withLanguage } from '../layout.tsx';
import { activityName, DraftFields, monthPath, timeOf } from './frame.tsx';

export function EntriesTable({
  page,
  month,
  csrf,
  removable,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
  removable: boolean;
}) {
  const { t, language } = page;
  if (month.entries.length === 0) return <p class="govuk-body">{t.timesheet.noEntries}</p>;
  return (
    // Day, time and the remove button share a cell so the table fits a 360 px phone; it scrolls sideways if it must.
    <TableWithTotal
      t={t}
      tableClass="govuk-table app-entries"
      caption={t.timesheet.entriesTitle}
      captionClass="govuk-table__caption--m"
      columns={[
        { text: `${t.common.date}, ${t.common.time.toLowerCase()}` },
        { text: t.common.activity },
        { text: t.common.hours, numeric: true },
      ]}
      totals={[formatDuration(totalMinutes(month.entries), language)]}
    >
      {month.entries.map((entry, index) => (
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            {formatDayDate(entry.date, language)}
            {timeOf(entry) !== '' && (
              <>
                <br />
                <span class="app-nowrap">{timeOf(entry)}</span>
              </>
            )}
            {removable && (
              <form
                class="app-remove"
                method="post"
                action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/remove'))}
              >
                <DraftFields csrf={csrf} month={month} />
                <input type="hidden" name="index" value={String(index)} />
                <button
                  type="submit"
                  class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 app-button--small"
                  data-module="govuk-button"
                >
                  {t.timesheet.remove}
                  <span class="govuk-visually-hidden">
                    {' '}
                    {t.timesheet.removeHidden(formatDayDate(entry.date, language))}
                  </span>
                </button>
              </form>
            )}
          </td>
          <td class="govuk-table__cell">{activityName(page, entry.activity)}</td>
          <NumericCell>{formatDuration(entry.minutes, language)}</NumericCell>
        </tr>
      ))}
    </TableWithTotal>
  );
}
