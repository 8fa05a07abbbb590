/** The month at a glance: the grant and what is left of it, and the calendar with each day's hours. */
import type { AssistantMonth } from '../../api/assistant-month.ts';
import { grantUse, monthCalendar } from '../../domain/timesheet/month.ts';
import { formatDate, formatDuration, formatMonth } from '../../i18n/format.ts';
import type { PageContext } from '../layout.tsx';

export function GrantBox({ page, month }: { page: PageContext; month: AssistantMonth }) {
  const { t, language } = page;
  if (!month.grant) {
    return (
      <div class="govuk-inset-text" id="grant">
        {t.timesheet.noGrant}
      </div>
    );
  }
  const uses = grantUse(month.entries, month.grant, month.month);
  const weekly = month.grant.basis === 'week';
  const monthLeft = uses.reduce((sum, use) => sum + use.leftMinutes, 0);
  return (
    <div class="app-grant" id="grant">
      <h2 class="govuk-heading-m">{t.timesheet.grantTitle}</h2>
      <p class="govuk-body">
        {t.timesheet.grant(month.grant.basis, formatDuration(month.grant.minutes, language))}
      </p>
      <dl class="govuk-summary-list govuk-summary-list--no-border">
        {uses
          .filter((use) => !weekly || use.usedMinutes > 0)
          .map((use) => (
            <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
              <dt class="govuk-summary-list__key">
                {weekly ? t.timesheet.weekOf(formatDate(use.period, language)) : t.timesheet.entered}
              </dt>
              <dd class="govuk-summary-list__value">
                {weekly ? `${t.timesheet.entered}: ` : ''}
                {formatDuration(use.usedMinutes, language)}
                {'; '}
                {use.overMinutes > 0 ? (
                  <strong>{`${t.timesheet.over}: ${formatDuration(use.overMinutes, language)}`}</strong>
                ) : (
                  <strong
                    data-left-minutes={String(use.leftMinutes)}
                  >{`${t.timesheet.left}: ${formatDuration(use.leftMinutes, language)}`}</strong>
                )}
              </dd>
            </div>
          ))}
      </dl>
      {!weekly && (
        <p
          class="govuk-body-s"
          data-left-after={String(monthLeft)}
          data-template={t.timesheet.afterAdding('{left}')}
          aria-live="polite"
          hidden
        ></p>
      )}
    </div>
  );
}

export function MonthCalendar({ page, month }: { page: PageContext; month: AssistantMonth }) {
  const { t, language } = page;
  const minutesOn = new Map<string, number>();
  for (const entry of month.entries)
    minutesOn.set(entry.date, (minutesOn.get(entry.date) ?? 0) + entry.minutes);
  return (
    <table class="govuk-table app-calendar">
      <caption class="govuk-table__caption govuk-table__caption--m">
        {t.timesheet.calendarCaption(formatMonth(month.month, language))}
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          {t.timesheet.weekdays.map((day, index) => (
            <th scope="col" class="govuk-table__header">
              <abbr title={t.timesheet.weekdaysLong[index]}>{day}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {monthCalendar(month.month).map((week) => (
          <tr class="govuk-table__row">
            {week.map((day) => {
              if (!day.inMonth) return <td class="govuk-table__cell app-calendar__outside"></td>;
              const minutes = minutesOn.get(day.date);
              return (
                <td class={`govuk-table__cell${minutes ? ' app-calendar__worked' : ''}`}>
                  <span class="app-calendar__day">{Number(day.date.slice(8))}</span>
                  {minutes !== undefined && (
                    <span class="app-calendar__hours">
                      <span aria-hidden="true">{`${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`}</span>
                      <span class="govuk-visually-hidden">{formatDuration(minutes, language)}</span>
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
