/**
 * The message catalogues: every policy code named in every language, every message filled, the
 * formats as each language writes them (Intl), and money exact to the cent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_POLICY } from '../../functions/domain/policy/policy.ts';
import { catalogueOf } from '../../functions/i18n/catalogue.ts';
import { ACTIVITY_CODES, SERVICE_CODES } from '../../functions/i18n/codes.ts';
import {
  formatCount,
  formatDate,
  formatDuration,
  formatEuro,
  formatMonth,
  formatMonthFor,
} from '../../functions/i18n/format.ts';
import { LANGUAGES } from '../../functions/i18n/languages.ts';

/** Every string a catalogue holds, functions called with sample arguments. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') return stringsOf(value('X', 2, 3, '2024'));
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('the catalogues', () => {
  it('name every service and activity of every version of the built-in policy', () => {
    for (const version of BUILT_IN_POLICY.versions) {
      for (const activity of version.assistant.activities) expect(ACTIVITY_CODES).toContain(activity.code);
    }
    for (const version of BUILT_IN_POLICY.individualBudget ?? []) {
      for (const service of version.services) expect(SERVICE_CODES).toContain(service.code);
    }
  });

  it('use the policy’s own Latvian names, so an email decided with a policy name finds its code', () => {
    const lv = catalogueOf('lv');
    for (const version of BUILT_IN_POLICY.versions) {
      for (const activity of version.assistant.activities) {
        expect(lv.activities[activity.code as (typeof ACTIVITY_CODES)[number]]).toBe(activity.name.lv);
      }
    }
    for (const version of BUILT_IN_POLICY.individualBudget ?? []) {
      for (const service of version.services) {
        expect(lv.services[service.code as (typeof SERVICE_CODES)[number]].name).toBe(service.name.lv);
      }
    }
  });

  it('have no empty message in any language, and Russian messages in Cyrillic', () => {
    for (const language of LANGUAGES) {
      const strings = stringsOf(catalogueOf(language));
      expect(strings.length).toBeGreaterThan(200);
      expect(strings.filter((text) => text.trim() === '')).toEqual([]);
    }
    const russianWithoutCyrillic = stringsOf(catalogueOf('ru')).filter(
      // A message made only of its arguments and punctuation (a user's role, municipality and id) has no words.
      (text) =>
        !/[а-яё]/i.test(text) &&
        !/^(Atbalsts|X|Русский)$/.test(text) &&
        /\p{L}/u.test(text.replace(/\bX\b/g, '')),
    );
    expect(russianWithoutCyrillic).toEqual([]);
  });
});

describe('formats', () => {
  it('write money, hours, dates and months as each language does', () => {
    expect(formatEuro(123_450, 'lv')).toBe('1234,50\u00a0€');
    expect(formatEuro(123_450, 'ru')).toBe('1\u00a0234,50\u00a0€');
    expect(formatEuro(123_450, 'en')).toBe('€1,234.50');
    expect(formatDuration(210, 'lv')).toBe('3 st. 30 min');
    expect(formatDuration(210, 'ru')).toBe('3 ч 30 мин');
    expect(formatDuration(210, 'en')).toBe('3 hr 30 min');
    expect(formatDate('2024-03-05', 'lv')).toBe('05.03.2024.');
    expect(formatDate('2024-03-05', 'en')).toBe('5 March 2024');
    expect(formatMonth('2024-03', 'lv')).toBe('2024. gada marts');
    expect(formatMonthFor('2024-03', 'lv')).toBe('2024. gada martu');
    expect(formatCount(1, 'session', 'ru')).toBe('1 занятие');
    expect(formatCount(3, 'session', 'ru')).toBe('3 занятия');
    expect(formatCount(5, 'session', 'ru')).toBe('5 занятий');
    expect(formatCount(21, 'session', 'lv')).toBe('21 nodarbība');
  });

  it('print every amount of cents exactly, in every language (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), (cents) => {
        for (const language of LANGUAGES) {
          const digits = formatEuro(cents, language).replace(/[^0-9]/g, '');
          expect(BigInt(digits)).toBe(BigInt(Math.abs(cents)));
          expect(formatEuro(cents, language).includes('-')).toBe(cents < 0);
        }
      }),
    );
  });

  it('print every whole number of minutes as hours and minutes that add up (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (minutes) => {
        const numbers =
          formatDuration(minutes, 'en')
            .match(/\d[\d,]*/g)
            ?.map((n) => Number(n.replace(/,/g, ''))) ?? [];
        const [first = 0, second = 0] = numbers;
        const total = minutes % 60 === 0 ? first * 60 : minutes < 60 ? first : first * 60 + second;
        expect(total).toBe(minutes);
      }),
    );
  });
});
