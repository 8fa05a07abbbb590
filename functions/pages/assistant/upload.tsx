/** The CSV upload: its form, its size limit, and its rows' problems in the page's language. */
import type { AssistantMonth } from '../../api/assistant-month.ts';
import { formatMonth } from '../../i18n/format.ts';
import { FileUpload } from '../components/fields.tsx';
import { type PageContext, withLanguage } from '../layout.tsx';
import { DraftFields, monthPath } from './frame.tsx';

/** Uploads larger than this are refused before they are read. */
export const MAX_UPLOAD_BYTES = 200 * 1024;

/**
 * A row problem's reason in the page's language: the CSV checks (functions/api/csv.ts,
 * timesheet-input.ts) word their reasons in English for the API; the page says them in its own.
 */
export function csvReason(page: PageContext, message: string): string {
  const r = page.t.timesheet.csvReasons;
  const rules: [RegExp, (match: RegExpExecArray) => string][] = [
    [/^must be a date in (\d{4}-\d{2})/, (m) => r.outsideMonth(formatMonth(m[1] ?? '', page.language))],
    [/^must be a date/, () => r.date],
    [/^must be a time/, () => r.time],
    [/^must be a (whole )?number/, () => r.number],
    [/^must be one of the activities/, () => r.activity],
    [/^must be yes or no/, () => r.yesNo],
    [/^has more cells/, () => r.tooManyCells],
    [/^must be after start/, () => r.endBeforeStart],
    [/does not fit inside the day|a day starts at/, () => r.notInDay],
    [/^is required: give minutes or hours/, () => r.durationMissing],
    [/^give minutes or hours, not both|^is more than the time/, () => r.durationTooLong],
    [/^is not a column/, () => r.notAColumn],
    [/^appears twice/, () => r.twice],
    [/^the header has no (\w+) column/, (m) => r.missingColumn(m[1] ?? '')],
    [/^the header needs/, () => r.noDuration],
    [/^the file needs a header/, () => r.emptyFile],
  ];
  for (const [pattern, say] of rules) {
    const match = pattern.exec(message);
    if (match) return say(match);
  }
  return message;
}

export function UploadForm({
  page,
  month,
  csrf,
  error,
}: {
  page: PageContext;
  month: AssistantMonth;
  csrf: string;
  error: string | undefined;
}) {
  const { t } = page;
  return (
    <form
      method="post"
      action={withLanguage(page, monthPath(month.ref.caseId, month.month, '/upload'))}
      enctype="multipart/form-data"
      novalidate
    >
      <DraftFields csrf={csrf} month={month} />
      <h2 class="govuk-heading-m">{t.timesheet.uploadTitle}</h2>
      <FileUpload
        t={t}
        id="file"
        label={t.timesheet.fileLabel}
        hint={t.timesheet.uploadHint}
        error={error}
        accept=".csv,text/csv"
      />
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
        {t.timesheet.upload}
      </button>
    </form>
  );
}
