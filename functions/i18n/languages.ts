/**
 * The languages Atbalsts speaks: Latvian (the default, the state language), Russian and English.
 * Emails and pages take the recipient's language; a page offers the others one tap away.
 *
 * @example
 * languageOr('ru') // 'ru'
 * languageOr('de') // 'lv'
 */
export type Language = 'lv' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['lv', 'ru', 'en'];
export const DEFAULT_LANGUAGE: Language = 'lv';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The language named, or Latvian. */
export const languageOr = (value: unknown): Language => (isLanguage(value) ? value : DEFAULT_LANGUAGE);

/** The BCP 47 tag Intl formats each language with (Latvian conventions for Russian; British English). */
export const LOCALE: Record<Language, string> = { lv: 'lv-LV', ru: 'ru-LV', en: 'en-GB' };

/** The languages in the order a page offers them: the case's chosen one first, then the rest. */
export function languagesFirst(preferred: Language | undefined): Language[] {
  return preferred === undefined
    ? [...LANGUAGES]
    : [preferred, ...LANGUAGES.filter((each) => each !== preferred)];
}
