/**
 * What every kind shares: the render context, words picked by language, dates and months as
 * people write them in each language, labels from policy, and the closing lines.
 * Money is always {@link formatEuro} ("EUR 1 234,50") and durations {@link formatMinutes}, the
 * domain's own formats, so an email and a statement never disagree.
 *
 * @example
 * formatDate('2024-03-05', 'lv') // '05.03.2024.'
 * formatMonth('2024-03', 'ru')   // 'март 2024 г.'
 */
import { z } from 'zod';
import { isIsoDate, isYearMonth } from '../../domain/calendar.ts';
import { formatMinutes } from '../../domain/duration.ts';
import { formatEuro } from '../../domain/money.ts';
import type { Language } from './layout.ts';

export { formatEuro, formatMinutes };

/** What a render needs beyond the notification's data; filled by the sender from the case and configuration. */
export interface RenderContext {
  language: Language;
  /** The social service as its clients know it, e.g. "Rīgas Sociālais dienests"; from configuration. */
  organisation: string;
  /** The case's coordinator, shown to parents and assistants as the person to ask. */
  coordinator?: { name: string; email?: string };
  /** Display names of the case's people by id (assistants), from the case's contacts; ids are shown otherwise. */
  names?: Readonly<Record<string, string>>;
}

/** The same sentence in each language; the recipient's is picked. */
export type Words<T = string> = Record<Language, T>;
export const pick = <T>(language: Language, words: Words<T>): T => words[language];

export const isoDate = z.string().refine(isIsoDate, { message: 'must be a calendar date YYYY-MM-DD' });
export const yearMonth = z.string().refine(isYearMonth, { message: 'must be a month YYYY-MM' });
export const cents = z.number().int();
export const minutes = z.number().int().nonnegative();
export const caseId = z.string().min(1).max(64);
/** A link in an email: http(s) only. Built by the code that decides the notification, from configuration. */
export const link = z.url({ protocol: /^https?$/ });
/** A name from policy (services, activities): Latvian and English always, Russian when policy has it. */
export const label = z.strictObject({
  lv: z.string().min(1),
  en: z.string().min(1),
  ru: z.string().min(1).optional(),
});
export type Label = z.infer<typeof label>;

/** A policy name in the reader's language; Russian readers get English when policy has no Russian. */
export function labelIn(value: Label, language: Language): string {
  if (language === 'ru') return value.ru ?? value.en;
  return value[language];
}

const MONTHS: Words<readonly string[]> = {
  lv: [
    'janvāris',
    'februāris',
    'marts',
    'aprīlis',
    'maijs',
    'jūnijs',
    'jūlijs',
    'augusts',
    'septembris',
    'oktobris',
    'novembris',
    'decembris',
  ],
  ru: [
    'январь',
    'февраль',
    'март',
    'апрель',
    'май',
    'июнь',
    'июль',
    'август',
    'сентябрь',
    'октябрь',
    'ноябрь',
    'декабрь',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** Latvian months after `par` ("about, for") take the accusative: `par 2024. gada martu`. */
const LATVIAN_ACCUSATIVE: readonly string[] = [
  'janvāri',
  'februāri',
  'martu',
  'aprīli',
  'maiju',
  'jūniju',
  'jūliju',
  'augustu',
  'septembri',
  'oktobri',
  'novembri',
  'decembri',
];

function monthName(month: number, language: Language): string {
  return MONTHS[language][month - 1] ?? String(month);
}

/**
 * A calendar date as written in the language: `05.03.2024.` (lv), `05.03.2024` (ru), `5 March 2024` (en).
 * @example formatDate('2024-12-31', 'en') // '31 December 2024'
 */
export function formatDate(date: string, language: Language): string {
  const [year, month, day] = date.split('-');
  if (language === 'en') return `${Number(day)} ${monthName(Number(month), 'en')} ${year}`;
  return `${day}.${month}.${year}${language === 'lv' ? '.' : ''}`;
}

/**
 * A month: `2024. gada marts` (lv), `март 2024 г.` (ru), `March 2024` (en). `after: 'par'` gives the
 * Latvian form that follows "par" (`2024. gada martu`); Russian "за" and English take the same form.
 * @example formatMonth('2024-03', 'lv') // '2024. gada marts'
 */
export function formatMonth(month: string, language: Language, after?: 'par'): string {
  const [year, number] = month.split('-');
  const name = monthName(Number(number), language);
  if (language === 'lv')
    return `${year}. gada ${after === 'par' ? (LATVIAN_ACCUSATIVE[Number(number) - 1] ?? name) : name}`;
  if (language === 'ru') return `${name} ${year} г.`;
  return `${name} ${year}`;
}

/** `01.03.2024.–31.08.2024.` in the reader's language. */
export function formatPeriod(period: { start: string; end: string }, language: Language): string {
  return `${formatDate(period.start, language)}–${formatDate(period.end, language)}`;
}

/** A whole number of units with up to two decimals, Latvian-style decimal comma for lv and ru. */
export function formatNumber(value: number, language: Language): string {
  const text = String(Math.round(value * 100) / 100);
  return language === 'en' ? text : text.replace('.', ',');
}

export function nameOf(context: RenderContext, id: string): string {
  return context.names?.[id] ?? id;
}

/** The closing lines of every email: who sends it and whom to ask. */
export function footerLines(context: RenderContext, audience: 'staff' | 'client'): string[] {
  const { language, organisation, coordinator } = context;
  const automatic = pick(language, {
    lv: 'Šo vēstuli automātiski nosūtīja sistēma Atbalsts.',
    ru: 'Это письмо автоматически отправлено системой Atbalsts.',
    en: 'This email was sent automatically by Atbalsts.',
  });
  if (audience === 'staff') return [organisation, automatic];
  const ask = coordinator
    ? pick(language, {
        lv: `Jautājumi? Atbildiet uz šo vēstuli vai sazinieties ar savu sociālo darbinieku: ${coordinator.name}${coordinator.email ? `, ${coordinator.email}` : ''}.`,
        ru: `Есть вопросы? Ответьте на это письмо или свяжитесь со своим социальным работником: ${coordinator.name}${coordinator.email ? `, ${coordinator.email}` : ''}.`,
        en: `Questions? Reply to this email or contact your social worker: ${coordinator.name}${coordinator.email ? `, ${coordinator.email}` : ''}.`,
      })
    : pick(language, {
        lv: 'Jautājumi? Atbildiet uz šo vēstuli, un tā nonāks pie jūsu sociālā darbinieka.',
        ru: 'Есть вопросы? Ответьте на это письмо, и оно попадёт к вашему социальному работнику.',
        en: 'Questions? Reply to this email and it will reach your social worker.',
      });
  return [ask, organisation, automatic];
}

export const greeting = (language: Language): string =>
  pick(language, { lv: 'Labdien!', ru: 'Здравствуйте!', en: 'Hello,' });

/**
 * The individual budget's figures as every email names them, one name each in each language
 * (defined in functions/domain/budget/figures.ts; docs/budget-model.md).
 */
export const BUDGET_FIGURE_NAMES = {
  budget: { lv: 'Budžets periodam', ru: 'Бюджет на период', en: 'Budget for the period' },
  planned: { lv: 'Plānā', ru: 'В плане', en: 'Planned' },
  used: { lv: 'Izlietots līdz šim', ru: 'Использовано на сегодня', en: 'Used so far' },
  leftToSpend: {
    lv: 'Vēl izmantojams pēc plāna',
    ru: 'Осталось использовать по плану',
    en: 'Left to spend in the plan',
  },
  leftToPlan: { lv: 'Vēl nav ieplānots', ru: 'Не распределено в плане', en: 'Left to plan' },
} as const satisfies Record<string, Words>;
