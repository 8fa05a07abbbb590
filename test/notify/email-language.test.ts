/**
 * Every word of an email is in the email's language (issue 12, defect 10): a Russian pay statement
 * once printed English activity names and "3 h 30 min". Each kind is rendered in each language from
 * realistic data; after the values the data and the context carry (ids, names, addresses, links,
 * the parents' own words) are taken out, a Russian email may hold no word outside Cyrillic but the
 * service's name, and no email may hold a word that only another language's catalogue (or its Intl
 * formats) uses.
 */
import { describe, expect, it } from 'vitest';
import { catalogueOf } from '../../functions/i18n/catalogue.ts';
import {
  formatCount,
  formatDate,
  formatDuration,
  formatEuro,
  formatMonth,
} from '../../functions/i18n/format.ts';
import { LANGUAGES, type Language } from '../../functions/i18n/languages.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  renderNotification,
} from '../../functions/notify/render/kinds.ts';
import { sampleContext, sampleData } from '../../scripts/email-samples.ts';

const WORD = /[\p{L}][\p{L}'’.-]*/gu;
const wordsOf = (text: string): string[] =>
  (text.match(WORD) ?? [])
    .map((word) => word.replace(/[.'’-]+$/u, '').toLowerCase())
    .filter((word) => word.length > 1);

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return stringsOf(value('X', 2, 3, '2024'));
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The words a language's catalogue and its Intl formats use. */
function lexicon(language: Language): Set<string> {
  const formats = [
    formatDuration(90, language),
    formatEuro(123, language),
    formatDate('2024-03-05', language),
    ...Array.from({ length: 12 }, (_, month) =>
      formatMonth(`2024-${String(month + 1).padStart(2, '0')}`, language),
    ),
    ...(['session', 'hour', 'day', 'trip', 'month'] as const).flatMap((unit) =>
      [1, 2, 5].map((count) => formatCount(count, unit, language)),
    ),
  ];
  return new Set([...stringsOf(catalogueOf(language)), ...formats].flatMap(wordsOf));
}

const lexicons = Object.fromEntries(LANGUAGES.map((language) => [language, lexicon(language)])) as Record<
  Language,
  Set<string>
>;

/** The email's text without the values its data and context brought in. */
function ownWords(kind: NotificationKind, language: Language, text: string): string[] {
  const context = sampleContext(language);
  const values = [
    ...stringsOf(sampleData[kind]).filter((value) => !/^(lv|ru|en)$/.test(value)),
    context.organisation,
    context.coordinator?.name ?? '',
    context.coordinator?.email ?? '',
    ...Object.values(context.names ?? {}),
  ].sort((a, b) => b.length - a.length);
  let stripped = text.replace(/https?:\/\/\S+/g, ' ');
  for (const value of values) if (value.length > 1) stripped = stripped.split(value).join(' ');
  return wordsOf(stripped);
}

const kinds = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

describe('every word of an email in the email’s language', () => {
  it.each(kinds)('%s', (kind) => {
    for (const language of LANGUAGES) {
      const email = renderNotification(kind, sampleData[kind], sampleContext(language));
      const words = ownWords(kind, language, `${email.subject}\n${email.text}`);
      if (language === 'ru') {
        expect(
          words.filter((word) => !/^[\p{Script=Cyrillic}.'’-]+$/u.test(word) && word !== 'atbalsts'),
        ).toEqual([]);
      }
      const foreign = LANGUAGES.filter((other) => other !== language).flatMap((other) =>
        words.filter((word) => lexicons[other].has(word) && !lexicons[language].has(word)),
      );
      expect({ kind, language, foreign }).toEqual({ kind, language, foreign: [] });
    }
  });

  it('names an activity policy has no Russian for in Russian, and writes hours the Russian way', () => {
    const email = renderNotification('pay-statement', sampleData['pay-statement'], sampleContext('ru'));
    expect(email.text).toContain('Досуг');
    expect(email.text).not.toMatch(/Leisure|\d h\b|\d min\b/);
    expect(email.text).toContain('4 ч 30 мин');
  });
});
