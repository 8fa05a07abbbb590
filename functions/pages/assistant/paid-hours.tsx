/** The assistant's own hours of a statement, before the run (preview.tsx) or after it (pay-statement.tsx): what is paid, what is not and why. */
import { formatDate, formatDuration, formatEuro } from '../../i18n/format.ts';
import type { PageContext } from '../layout.tsx';
import { activityName } from './frame.tsx';

interface OwnHours {
  lines: { date: string; activity: string; minutes: number; amountCents: number }[];
  rejected: { date: string; activity: string; minutes: number; reason: string; detail: string }[];
}

export function HoursTables({
  page,
  hours,
  paidCaption,
  refusedCaption,
}: {
  page: PageContext;
  hours: OwnHours;
  paidCaption: string;
  refusedCaption: string;
}) {
  const { t, language } = page;
  const paidMinutes = hours.lines.reduce((sum, line) => sum + line.minutes, 0);
  const paidCents = hours.lines.reduce((sum, line) => sum + line.amountCents, 0);
  return (
    <>
      <h2 class="govuk-heading-m">{paidCaption}</h2>
      {hours.lines.length === 0 ? (
        <p class="govuk-body">{t.timesheet.nothingPaid}</p>
      ) : (
        <div class="app-table-scroll">
          <table class="govuk-table app-entries">
            <caption class="govuk-table__caption govuk-visually-hidden">{paidCaption}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  {t.common.date}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t.common.activity}
                </th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {t.common.hours}
                </th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {t.common.amount}
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {hours.lines.map((line) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{formatDate(line.date, language)}</td>
                  <td class="govuk-table__cell">{activityName(page, line.activity)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">
                    {formatDuration(line.minutes, language)}
                  </td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">
                    {formatEuro(line.amountCents, language)}
                  </td>
                </tr>
              ))}
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header" colspan={2}>
                  {t.common.total}
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  <strong>{formatDuration(paidMinutes, language)}</strong>
                </td>
                <td class="govuk-table__cell govuk-table__cell--numeric">
                  <strong>{formatEuro(paidCents, language)}</strong>
                </td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
      <h2 class="govuk-heading-m">{refusedCaption}</h2>
      {hours.rejected.length === 0 ? (
        <p class="govuk-body">{t.timesheet.nothingRefused}</p>
      ) : (
        <ul class="govuk-list app-refused">
          {hours.rejected.map((item) => (
            <li class="govuk-!-margin-bottom-3">
              <strong>{`${formatDate(item.date, language)}, ${activityName(page, item.activity)}, ${formatDuration(item.minutes, language)}`}</strong>
              <br />
              {`${t.timesheet.reason}: ${t.rejections[item.reason as keyof typeof t.rejections] ?? item.detail}`}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const ownHoursOf = (
  statement: {
    lines: (OwnHours['lines'][number] & { assistantId: string })[];
    rejected: (OwnHours['rejected'][number] & { assistantId: string })[];
  },
  assistantId: string,
): OwnHours => ({
  lines: statement.lines.filter((line) => line.assistantId === assistantId),
  rejected: statement.rejected.filter((item) => item.assistantId === assistantId),
});
