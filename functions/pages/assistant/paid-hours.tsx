/** The assistant's own hours of a statement, before the run (preview.tsx) or after it (pay-statement.tsx): what is paid, what is not and why. */
import { formatDate, formatDuration, formatEuro } from '../../i18n/format.ts';
import { NumericCell, TableWithTotal } from '../components/table-with-total.tsx';
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
        <TableWithTotal
          t={t}
          tableClass="govuk-table app-entries"
          caption={paidCaption}
          captionClass="govuk-visually-hidden"
          columns={[
            { text: t.common.date },
            { text: t.common.activity },
            { text: t.common.hours, numeric: true },
            { text: t.common.amount, numeric: true },
          ]}
          totals={[formatDuration(paidMinutes, language), formatEuro(paidCents, language)]}
        >
          {hours.lines.map((line) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">{formatDate(line.date, language)}</td>
              <td class="govuk-table__cell">{activityName(page, line.activity)}</td>
              <NumericCell>{formatDuration(line.minutes, language)}</NumericCell>
              <NumericCell>{formatEuro(line.amountCents, language)}</NumericCell>
            </tr>
          ))}
        </TableWithTotal>
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
