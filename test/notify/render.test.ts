import { describe, expect, it } from 'vitest';
import { InputError } from '../../functions/domain/errors.ts';
import { parseSettlementCase } from '../../functions/domain/settlement/input.ts';
import { settleHours } from '../../functions/domain/settlement/settle.ts';
import { payStatementDataOf } from '../../functions/notify/render/assistant.ts';
import { formatDate, formatMonth } from '../../functions/notify/render/format.ts';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  renderNotification,
} from '../../functions/notify/render/kinds.ts';
import { composeEmail, LANGUAGES } from '../../functions/notify/render/layout.ts';
import { sampleContext, sampleData } from '../../scripts/email-samples.ts';

const kinds = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];
const rendered = kinds.flatMap((kind) =>
  LANGUAGES.map((language) => ({
    kind,
    language,
    email: renderNotification(kind, sampleData[kind], sampleContext(language)),
  })),
);

describe('every kind in every language', () => {
  it.each(rendered.map((entry) => [entry.kind, entry.language, entry] as const))(
    '%s (%s) matches its readable snapshot files',
    async (kind, language, { email }) => {
      // One .txt (subject and plain text) and one .html per kind and language, for reviewers to read.
      await expect(`Subject: ${email.subject}\n\n${email.text}`).toMatchFileSnapshot(
        `../../docs/emails/rendered/${kind}.${language}.txt`,
      );
      await expect(email.html).toMatchFileSnapshot(`../../docs/emails/rendered/${kind}.${language}.html`);
    },
  );

  it('has a plain-text part and a subject, and no language leaks into another', () => {
    for (const { email, language } of rendered) {
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.text.trim().length).toBeGreaterThan(40);
      if (language !== 'ru') expect(email.text).not.toMatch(/[а-яё]/i);
      if (language === 'ru') expect(email.subject).toMatch(/[а-яё]/i);
    }
  });
});

describe('accessible HTML', () => {
  it.each(rendered.map((entry) => [entry.kind, entry.language, entry] as const))(
    '%s (%s)',
    (_kind, language, { email }) => {
      const { html } = email;
      expect(html).toContain(`<html lang="${language}">`);
      expect(html.match(/<h1\b/g)).toHaveLength(1);
      // Readable without images, and every table says what it holds and which cells are headers.
      expect(html).not.toMatch(/<img\b|background-image/i);
      const tables = html.match(/<table\b/g)?.length ?? 0;
      expect(html.match(/<caption\b/g)?.length ?? 0).toBe(tables);
      if (tables > 0) expect(html).toMatch(/<th scope="(col|row)"/);
      // No text below 16 px.
      const sizes = [...html.matchAll(/font-size:(\d+)px/g)].map((match) => Number(match[1]));
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
      // Links say where they go: each address is also printed as text.
      for (const match of html.matchAll(/href="([^"]+)"/g)) expect(email.text).toContain(match[1]);
    },
  );
});

describe('escaping', () => {
  const script = '<script>alert("x")</script>';

  it('turns an injected <script> in any value into text', () => {
    const data = {
      ...sampleData['ranking-received'],
      services: [{ lv: script, en: script }],
    };
    const context = {
      ...sampleContext('lv'),
      organisation: `Dienests ${script}`,
      coordinator: { name: `<b onmouseover="x">M</b>` },
    };
    for (const kind of ['ranking-received', 'delivery-failed'] as const) {
      const value =
        kind === 'ranking-received' ? data : { ...sampleData['delivery-failed'], failedKind: script };
      const email = renderNotification(kind, value, context);
      expect(email.html).not.toMatch(/<script|<b /i);
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      // The text part is plain text: it carries the characters as they are.
      expect(email.text).toContain(script);
    }
  });

  it('escapes the subject in the title and quotes in attributes', () => {
    const email = composeEmail({
      language: 'en',
      subject: `"><script>`,
      heading: 'H',
      blocks: [],
      footer: [],
    });
    expect(email.html).toContain('<title>&quot;&gt;&lt;script&gt;</title>');
    expect(email.html).toContain('aria-label="&quot;&gt;&lt;script&gt;"');
  });

  it('refuses links that are not http(s)', () => {
    const data = { ...sampleData['ranking-requested'], rankingLink: 'javascript:alert(1)' };
    expect(() => renderNotification('ranking-requested', data, sampleContext('en'))).toThrow(InputError);
    expect(() =>
      composeEmail({
        language: 'en',
        subject: 's',
        heading: 'h',
        blocks: [{ kind: 'action', text: 'go', url: 'javascript:x' }],
        footer: [],
      }),
    ).toThrow(RangeError);
  });
});

describe('what an email may carry', () => {
  it('refuses data it does not know, such as a diagnosis, naming the field and not the value', () => {
    const data = { ...sampleData['plan-activated'], diagnosis: 'G80.1' };
    const error = (() => {
      try {
        renderNotification('plan-activated', data, sampleContext('lv'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toContain('diagnosis');
    expect(String(error)).not.toContain('G80.1');
  });

  it('writes money as each language does, with Intl', () => {
    const expected = { lv: '1234,50\u00a0€', ru: '1\u00a0234,50\u00a0€', en: '€1,234.50' };
    for (const language of LANGUAGES) {
      const email = renderNotification(
        'monthly-statement',
        sampleData['monthly-statement'],
        sampleContext(language),
      );
      expect(email.text).toContain(expected[language]);
      expect(email.html).toContain(expected[language]);
    }
  });

  it('writes dates and months as each language does', () => {
    expect(formatDate('2024-03-05', 'lv')).toBe('05.03.2024.');
    expect(formatDate('2024-03-05', 'ru')).toBe('05.03.2024');
    expect(formatDate('2024-03-05', 'en')).toBe('5 March 2024');
    expect(formatMonth('2024-12', 'lv')).toBe('2024. gada decembris');
    expect(formatMonth('2024-12', 'ru')).toBe('декабрь 2024 г.');
  });

  it('rejects an unknown kind', () => {
    expect(() => renderNotification('birthday', {}, sampleContext('lv'))).toThrow(/no renderer/);
  });
});

describe('pay statement from a settled month', () => {
  it('carries the settlement figures of one assistant, unchanged', () => {
    const statement = settleHours(
      parseSettlementCase({
        participantId: 'p-1',
        month: '2024-03',
        grant: { hoursPerMonth: 80 },
        timesheets: [
          {
            assistantId: 'a-1',
            entries: [
              { date: '2024-03-04', hours: 4, activity: 'education', confirmed: true },
              { date: '2024-03-05', hours: 4.5, activity: 'education', confirmed: true },
            ],
          },
        ],
      }),
    );
    const data = payStatementDataOf(statement, 'a-1', [
      { code: 'education', name: { lv: 'Izglītība', en: 'Education' } },
    ]);
    expect(data.paidMinutes).toBe(statement.paidMinutes);
    expect(data.amountCents).toBe(statement.amountCents);
    const email = renderNotification('pay-statement', data, sampleContext('en'));
    expect(email.text).toContain('8 hr 30 min');
    expect(email.text).toContain('Education');
  });
});
