/**
 * One message catalogue per language (lv.ts, ru.ts, en.ts), each typed as {@link Catalogue}: a key
 * missing from any language is a type error. The emails (functions/notify/render/) and the pages
 * (functions/pages/) take their shared words from here: the names of services and activities, the
 * units, and the sentences that explain why hours were not paid or a service not funded.
 * Numbers, money, dates and durations are formatted with Intl (./format.ts), never here.
 *
 * @example
 * const t = catalogueOf('ru');
 * t.activities.education // 'Образование'
 * t.rejections.MONTH_CAP  // the sentence a parent or assistant reads
 */
import { en } from './en.ts';
import type { Language } from './languages.ts';
import { lv } from './lv.ts';
import type { Catalogue } from './messages.ts';
import { ru } from './ru.ts';

export type { Catalogue, PluralForms } from './messages.ts';

const CATALOGUES: Record<Language, Catalogue> = { lv, ru, en };

/** The catalogue of a language. */
export const catalogueOf = (language: Language): Catalogue => CATALOGUES[language];
