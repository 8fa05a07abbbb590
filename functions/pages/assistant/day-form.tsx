/** Adding a day: the form with the day, the start and end time, and the activity. */
import type { AssistantMonth } from '../../api/assistant-month.ts';
import { activitiesOn } from '../../api/timesheet-input.ts';
import { monthSpan, toIsoDate } from '../../domain/calendar.ts';
import { formatDayDate } from '../../i18n/format.ts';
import { describedBy, Labelled, TextInput } from '../components/fields.tsx';
import { type PageContext, withLanguage } from '../layout.tsx';
import { activityName, DraftFields, monthPath } from './frame.tsx';

/** What the assistant typed, shown again beside its problems. */
export interface AddValues {
  day?: string;
  start?: string;
  end?: string;
  activity?: string;
}

export function AddEntryForm({
  page,
  month,
  csrf,
  values,
  errors,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
  values: AddValues;
  errors: Map<string, string>;
}) {
  const { t, language } = page;
  const { first, last } = monthSpan(month.month);
  const days = Array.from({ length: last - first + 1 }, (_, i) => toIsoDate(first + i));
  const activities = activitiesOn(`${month.month}-01`);
  const dayError = errors.get('day');
  const activityError = errors.get('activity');
  return (
    <form
      method="post"
      action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/entries'))}
      novalidate
      data-add-entry
    >
      <DraftFields csrf={csrf} month={month} />
      <h2 class="govuk-heading-m" id="add">
        {t.timesheet.addTitle}
      </h2>
      <Labelled t={t} id="day" label={t.timesheet.dayLabel} error={dayError}>
        <select
          class={`govuk-select${dayError ? ' govuk-select--error' : ''}`}
          id="day"
          name="day"
          {...describedBy('day', undefined, dayError)}
        >
          {days.map((day) => (
            <option
              value={day}
              selected={day === (values.day ?? (month.today.startsWith(month.month) ? month.today : days[0]))}
            >
              {formatDayDate(day, language)}
            </option>
          ))}
        </select>
      </Labelled>
      <div class="app-time-pair">
        {(['start', 'end'] as const).map((id) => (
          <TextInput
            t={t}
            id={id}
            label={id === 'start' ? t.timesheet.startLabel : t.timesheet.endLabel}
            hint={t.timesheet.timeHint}
            value={values[id]}
            error={errors.get(id)}
            width="govuk-input--width-5"
            inputmode="numeric"
            autocomplete="off"
          />
        ))}
      </div>
      <Labelled t={t} id="activity" label={t.timesheet.activityLabel} error={activityError}>
        <select
          class={`govuk-select${activityError ? ' govuk-select--error' : ''}`}
          id="activity"
          name="activity"
          {...describedBy('activity', undefined, activityError)}
        >
          <option value="">{t.timesheet.chooseActivity}</option>
          {activities.map((activity) => (
            <option value={activity.code} selected={activity.code === values.activity}>
              {activityName(page, activity.code)}
            </option>
          ))}
        </select>
      </Labelled>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.add}
      </button>
    </form>
  );
}
