/**
 * What every kind shares: the render context, words picked by language, dates and months as
 * people write them in each language, labels from policy, and the closing lines.
 * Money, durations, numbers and dates come from functions/i18n/format.ts (Intl, in the reader's
 * language) and policy names from the reader's catalogue, the same as the pages use, so an email
 * and a page never disagree.
 *
 * @example
 * formatDate('2024-03-05', 'lv') // '05.03.2024.'
 * formatMonth('2024-03', 'ru')   // 'март 2024 г.'
 */
import { z } from 'zod';
import { isIsoDate, isYearMonth } from '../../domain/calendar.ts';
import { type Catalogue, catalogueOf } from '../../i18n/catalogue.ts';
import { isActivityCode, isServiceCode } from '../../i18n/codes.ts';
import {
  formatDate,
  formatDuration,
  formatEuro,
  formatMonthFor,
  formatMonth as formatMonthIn,
  formatNumber,
  formatPeriod,
} from '../../i18n/format.ts';
import type { Language } from './layout.ts';

export { formatDate, formatEuro, formatNumber, formatPeriod };

/** Whole minutes as the reader's language writes hours and minutes (`3 ч 30 мин` in Russian). */
export const formatMinutes = formatDuration;

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
/**
 * A name from policy (services, activities): Latvian and English always, Russian when policy has
 * it, and the policy's code when the item was decided with one (items decided before codes were
 * carried are recognised by their Latvian name).
 */
export const label = z.strictObject({
  code: z.string().min(1).max(64).optional(),
  lv: z.string().min(1),
  en: z.string().min(1),
  ru: z.string().min(1).optional(),
});
export type Label = z.infer<typeof label>;

/** Policy codes by their Latvian names, for labels decided without a code. */
const codeByLatvianName = new Map<string, string>([
  ...Object.entries(catalogueOf('lv').services).map(([code, service]) => [service.name, code] as const),
  ...Object.entries(catalogueOf('lv').activities).map(([code, name]) => [name, code] as const),
]);

/**
 * A policy name in the reader's language, from that language's catalogue whenever the code is a
 * known service or activity, so a Russian email never prints an English name. A code no catalogue
 * knows (a policy added after this code) falls back to the policy's own names.
 */
export function labelIn(value: Label, language: Language): string {
  const code = value.code ?? codeByLatvianName.get(value.lv);
  const t = catalogueOf(language);
  if (code !== undefined && isServiceCode(code)) return t.services[code].name;
  if (code !== undefined && isActivityCode(code)) return t.activities[code];
  if (language === 'ru') return value.ru ?? value.en;
  return value[language];
}

/**
 * A month: `2024. gada marts` (lv), `март 2024 г.` (ru), `March 2024` (en). `after: 'par'` gives the
 * Latvian form that follows "par" (`2024. gada martu`); Russian "за" and English take the same form.
 * @example formatMonth('2024-03', 'lv') // '2024. gada marts'
 */
export function formatMonth(month: string, language: Language, after?: 'par'): string {
  return after === 'par' ? formatMonthFor(month, language) : formatMonthIn(month, language);
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
const figureNamed = (figure: keyof Catalogue['budgetFigures']): Words => ({
  lv: catalogueOf('lv').budgetFigures[figure],
  ru: catalogueOf('ru').budgetFigures[figure],
  en: catalogueOf('en').budgetFigures[figure],
});
export const BUDGET_FIGURE_NAMES = {
  budget: figureNamed('budget'),
  planned: figureNamed('planned'),
  used: figureNamed('used'),
  leftToSpend: figureNamed('leftToSpend'),
  leftToPlan: figureNamed('leftToPlan'),
} as const satisfies Record<string, Words>;
