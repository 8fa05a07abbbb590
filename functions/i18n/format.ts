/**
 * Numbers, money, durations and dates as each language writes them, with Intl: integer cents and
 * whole minutes in, text out. Calendar dates are dates in Europe/Riga already (ISO strings), so
 * they are formatted as such; instants are shown in Europe/Riga.
 *
 * @example
 * formatEuro(123450, 'lv')    // '1234,50 €'
 * formatEuro(123450, 'en')    // '€1,234.50'
 * formatDuration(210, 'ru')   // '3 ч 30 мин'
 * formatDate('2024-03-05', 'lv') // '05.03.2024.'
 * formatCount(4, 'session', 'ru') // '4 занятия'
 */
import { RIGA_TIME_ZONE } from '../domain/calendar.ts';
import { catalogueOf } from './catalogue.ts';
import type { ServiceUnit } from './codes.ts';
import { type Language, LOCALE } from './languages.ts';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(
  key: string,
  make: () => T,
): T {
  let found = cache.get(key) as T | undefined;
  if (!found) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

const euroFormat = (language: Language) =>
  cached(
    `eur:${language}`,
    () => new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency: 'EUR' }),
  );

/**
 * Integer cents as euros. The amount goes to Intl as an exact decimal string, so no binary
 * fraction ever reaches a printed figure.
 */
export function formatEuro(cents: number, language: Language): string {
  if (!Number.isInteger(cents)) throw new RangeError('formatEuro takes integer cents');
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const decimal = `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
  // Intl.NumberFormat formats numeric strings exactly (ES2023); the types still say number.
  return euroFormat(language).format(decimal as unknown as number);
}

/** A number with up to two decimals, in the language's way. */
export function formatNumber(value: number, language: Language): string {
  return cached(
    `num:${language}`,
    () => new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 2 }),
  ).format(value);
}

/** British English abbreviates to `hrs` and `mins`; the shorter US forms read the same to everyone. */
const DURATION_LOCALE: Record<Language, string> = { ...LOCALE, en: 'en-US' };

const unitFormat = (language: Language, unit: 'hour' | 'minute') =>
  cached(
    `unit:${language}:${unit}`,
    () => new Intl.NumberFormat(DURATION_LOCALE[language], { style: 'unit', unit, unitDisplay: 'short' }),
  );

/** Whole minutes as hours and minutes: `3 st. 30 min` (lv), `3 ч 30 мин` (ru), `3 hr 30 min` (en). */
export function formatDuration(minutes: number, language: Language): string {
  if (!Number.isInteger(minutes)) throw new RangeError('formatDuration takes whole minutes');
  const sign = minutes < 0 ? '-' : '';
  const absolute = Math.abs(minutes);
  const hours = Math.floor(absolute / 60);
  const rest = absolute % 60;
  const parts = [];
  if (hours > 0 || rest === 0) parts.push(unitFormat(language, 'hour').format(hours));
  if (rest > 0) parts.push(unitFormat(language, 'minute').format(rest));
  return sign + parts.join(' ');
}

/** `4 nodarbības`, `1 занятие`, `2 sessions`: a count with its unit's plural form. */
export function formatCount(count: number, unit: ServiceUnit, language: Language): string {
  const forms = catalogueOf(language).units[unit];
  const rules = cached(`plural:${language}`, () => new Intl.PluralRules(LOCALE[language]));
  const category = Number.isInteger(count) ? rules.select(count) : 'other';
  return `${formatNumber(count, language)} ${forms[category] ?? forms.other}`;
}

/** `4 nodarbības mēnesī`, `4 занятия в месяц`, `4 sessions a month`. */
export const formatPerMonth = (count: number, unit: ServiceUnit, language: Language): string =>
  `${formatCount(count, unit, language)} ${catalogueOf(language).perMonth}`;

const dateOf = (isoDate: string) => {
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1, 12));
};

/**
 * A calendar date: numeric in Latvian (`05.03.2024.`, with the dot Latvian writes after the year)
 * and Russian (`05.03.2024`), so it needs no case ending in a sentence; `5 March 2024` in English.
 */
export function formatDate(isoDate: string, language: Language): string {
  const format = cached(`date:${language}`, () =>
    language === 'en'
      ? new Intl.DateTimeFormat(LOCALE.en, {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        })
      : new Intl.DateTimeFormat(LOCALE[language], {
          day: '2-digit',
          month: '2-digit',
          year: 'numeric',
          timeZone: 'UTC',
        }),
  );
  const text = format.format(dateOf(isoDate));
  return language === 'lv' && !text.endsWith('.') ? `${text}.` : text;
}

/** A short weekday and date for a timesheet line: `pirmd., 04.03.2024.` */
export function formatDayDate(isoDate: string, language: Language): string {
  const weekday = cached(
    `weekday:${language}`,
    () => new Intl.DateTimeFormat(LOCALE[language], { weekday: 'short', timeZone: 'UTC' }),
  ).format(dateOf(isoDate));
  return `${weekday} ${formatDate(isoDate, language)}`;
}

/** `01.03.2024.–31.08.2024.` */
export const formatPeriod = (period: { start: string; end: string }, language: Language): string =>
  `${formatDate(period.start, language)}–${formatDate(period.end, language)}`;

/** A month as a heading says it: `2024. gada marts`, `март 2024 г.`, `March 2024`. */
export function formatMonth(month: string, language: Language): string {
  const [year] = month.split('-');
  const name = cached(
    `month:${language}`,
    () => new Intl.DateTimeFormat(LOCALE[language], { month: 'long', timeZone: 'UTC' }),
  ).format(dateOf(`${month}-01`));
  if (language === 'lv') return `${year}. gada ${name}`;
  if (language === 'ru') return `${name} ${year} г.`;
  return `${name} ${year}`;
}

/** A month after "par" (lv, accusative: `2024. gada martu`), "за" (ru) or "for" (en). */
export function formatMonthFor(month: string, language: Language): string {
  const [year = '', number = '1'] = month.split('-');
  return catalogueOf(language).monthFor(formatMonth(month, language), Number(number), year);
}

/** `HH:MM` of a minute of the day. */
export const formatClock = (minuteOfDay: number): string =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

/** An instant as a date and time in Riga. */
export function formatInstant(instant: string, language: Language): string {
  return cached(
    `instant:${language}`,
    () =>
      new Intl.DateTimeFormat(LOCALE[language], {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: RIGA_TIME_ZONE,
      }),
  ).format(new Date(instant));
}
