/** Adding a day: the form with the day, the start and end time, and the activity. */
import type { AssistantMonth } from '../../api/assistant-month.ts';
import { activitiesOn } from '../../api/timesheet-input.ts';
import { monthSpan, toIsoDate } from '../../domain/calendar.ts';
import { formatDayDate } from '../../i18n/format.ts';
import { CsrfField, ErrorMessage, type PageContext, withLanguage } from '../layout.tsx';
import { activityName, monthPath } from './frame.tsx';

/** What the assistant typed, shown again beside its problems. */
export interface AddValues {
  day?: string;
  start?: string;
  end?: string;
  activity?: string;
}

function TextField({
  page,
  id,
  label,
  hint,
  value,
  error,
  width,
}: {
  page: PageContext;
  id: string;
  label: string;
  hint?: string;
  value: string | undefined;
  error: string | undefined;
  width: string;
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label" for={id}>
        {label}
      </label>
      {hint && (
        <div id={`${id}-hint`} class="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage t={page.t} id={`${id}-error`} text={error} />
      <input
        class={`govuk-input ${width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        inputmode="numeric"
        autocomplete="off"
        spellcheck={false}
        value={value ?? ''}
        {...(described && { 'aria-describedby': described })}
      />
    </div>
  );
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
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(month.draft?.version ?? 0)} />
      <h2 class="govuk-heading-m" id="add">
        {t.timesheet.addTitle}
      </h2>
      <div class={`govuk-form-group${dayError ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="day">
          {t.timesheet.dayLabel}
        </label>
        <ErrorMessage t={t} id="day-error" text={dayError} />
        <select
          class={`govuk-select${dayError ? ' govuk-select--error' : ''}`}
          id="day"
          name="day"
          {...(dayError && { 'aria-describedby': 'day-error' })}
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
      </div>
      <div class="app-time-pair">
        <TextField
          page={page}
          id="start"
          label={t.timesheet.startLabel}
          hint={t.timesheet.timeHint}
          value={values.start}
          error={errors.get('start')}
          width="govuk-input--width-5"
        />
        <TextField
          page={page}
          id="end"
          label={t.timesheet.endLabel}
          hint={t.timesheet.timeHint}
          value={values.end}
          error={errors.get('end')}
          width="govuk-input--width-5"
        />
      </div>
      <div class={`govuk-form-group${activityError ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for="activity">
          {t.timesheet.activityLabel}
        </label>
        <ErrorMessage t={t} id="activity-error" text={activityError} />
        <select
          class={`govuk-select${activityError ? ' govuk-select--error' : ''}`}
          id="activity"
          name="activity"
          {...(activityError && { 'aria-describedby': 'activity-error' })}
        >
          <option value="">{t.timesheet.chooseActivity}</option>
          {activities.map((activity) => (
            <option value={activity.code} selected={activity.code === values.activity}>
              {activityName(page, activity.code)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.add}
      </button>
    </form>
  );
}
