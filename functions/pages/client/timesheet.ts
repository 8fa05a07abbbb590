/**
 * The timesheet page's one enhancement: while the assistant types a start and an end, the grant
 * box says what would be left after adding that time (the server shows the same once it is
 * added). Without JavaScript nothing is lost: the page shows what is left after each save.
 */

function minuteOf(text: string): number | undefined {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const minute = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && minute <= 24 * 60 ? minute : undefined;
}

function duration(minutes: number, language: string): string {
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours > 0 || rest === 0 ? unit(hours, 'hour') : '', rest > 0 ? unit(rest, 'minute') : '']
    .filter(Boolean)
    .join(' ');
}

export function enhanceTimesheet(form: HTMLFormElement): void {
  const output = document.querySelector<HTMLElement>('[data-left-after]');
  const start = form.querySelector<HTMLInputElement>('input[name="start"]');
  const end = form.querySelector<HTMLInputElement>('input[name="end"]');
  if (!output || !start || !end) return;
  const left = Number(output.dataset['leftAfter']);
  const template = output.dataset['template'] ?? '{left}';
  const update = () => {
    const from = minuteOf(start.value);
    const to = minuteOf(end.value);
    if (from === undefined || to === undefined || to <= from) {
      output.hidden = true;
      return;
    }
    output.textContent = template.replace(
      '{left}',
      duration(Math.max(0, left - (to - from)), document.documentElement.lang),
    );
    output.hidden = false;
  };
  start.addEventListener('input', update);
  end.addEventListener('input', update);
}
