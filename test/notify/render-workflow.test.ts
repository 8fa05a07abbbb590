/**
 * The notifications the review cycle and the monthly run need: `workflow-failed`,
 * `assistant-assignment-started`, the failed cases of `monthly-anomalies` and the reminders of
 * `plan-awaiting-approval`. The snapshots of every kind's sample are in render.test.ts; the
 * reminder variant of the approval email is kept here beside them.
 */
import { describe, expect, it } from 'vitest';
import { CYCLE_PHASES } from '../../functions/domain/cycle-phases.ts';
import { InputError, type InputIssue } from '../../functions/domain/errors.ts';
import { phaseName } from '../../functions/notify/render/coordinator/failures.ts';
import { NOTIFICATION_KINDS, renderNotification } from '../../functions/notify/render/kinds.ts';
import { LANGUAGES } from '../../functions/notify/render/layout.ts';
import { sampleContext, sampleData } from '../../scripts/email-samples.ts';
import { refusalOf } from '../domain/fixtures.ts';

const script = '<script>alert("x")</script>';
const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;';

/** The issues refusing `data` as `kind`: the fields they name and why, never the values. */
const refusalOfKind = (kind: string, data: unknown): readonly InputIssue[] =>
  refusalOf(() => renderNotification(kind, data, sampleContext('lv')));

describe('workflow-failed', () => {
  const data = sampleData['workflow-failed'];

  it('goes to the coordinator', () => {
    expect(NOTIFICATION_KINDS['workflow-failed'].recipient).toBe('coordinator');
  });

  it.each([
    [
      'lv',
      'Atbalsta cikls apturēts: lieta c-17, Atbalsta plāna sagatavošana',
      '20.03.2024.',
      'Nekas nav zudis',
    ],
    [
      'ru',
      'Цикл поддержки приостановлен: дело c-17, Составление плана поддержки',
      '20.03.2024',
      'Ничего не потеряно',
    ],
    ['en', 'Support cycle paused: case c-17, Drafting the support plan', '20 March 2024', 'Nothing was lost'],
  ] as const)(
    'says in %s what happened, that nothing was lost and what to do',
    (language, subject, date, safe) => {
      const email = renderNotification('workflow-failed', data, sampleContext(language));
      expect(email.subject).toBe(subject);
      expect(email.text).toContain(date);
      expect(email.text).toContain(safe);
      expect(email.text).toContain('CaseDataError');
      expect(email.text).toContain(data.caseLink);
      expect(email.html).toContain('CaseDataError');
    },
  );

  it('tells the coordinator to check the case data and resume from the case page', () => {
    const text = (language: 'lv' | 'ru' | 'en') =>
      renderNotification('workflow-failed', data, sampleContext(language)).text;
    expect(text('en')).toMatch(/Check the case data/);
    expect(text('en')).toMatch(/Resume the cycle from the case page/);
    expect(text('lv')).toMatch(/Pārbaudiet lietas datus/);
    expect(text('lv')).toMatch(/Lietas lapā atsāciet ciklu/);
    expect(text('ru')).toMatch(/Проверьте данные дела/);
    expect(text('ru')).toMatch(/На странице дела возобновите цикл/);
  });

  it('names every cycle phase in every language, and shows an unknown phase as its code', () => {
    for (const language of LANGUAGES) {
      const names = CYCLE_PHASES.map((phase) => phaseName(phase, language));
      for (const [index, name] of names.entries()) expect(name).not.toBe(CYCLE_PHASES[index]);
      expect(new Set(names).size).toBe(CYCLE_PHASES.length);
    }
    expect(phaseName('await-approval', 'lv')).toBe('Plāna apstiprināšana');
    expect(phaseName('await-approval', 'ru')).toBe('Утверждение плана');
    expect(phaseName('await-approval', 'en')).toBe('Plan approval');
    expect(phaseName('constructor', 'en')).toBe('constructor');
    const unknown = renderNotification(
      'workflow-failed',
      { ...data, phase: 'ask-ranking' },
      sampleContext('lv'),
    );
    expect(unknown.subject).toBe('Atbalsta cikls apturēts: lieta c-17, ask-ranking');
    expect(unknown.text).toContain('posmā “ask-ranking”');
  });

  it('escapes the error name and the case id', () => {
    const email = renderNotification(
      'workflow-failed',
      { ...data, caseId: script.slice(0, 20), error: script },
      sampleContext('en'),
    );
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).toContain(escaped);
    expect(email.text).toContain(script);
  });

  it('refuses a message or a stack trace in place of an error name, and anything unknown', () => {
    const stack = 'TypeError: x is undefined\n    at draftPlan (draft-plan.ts:10:3)';
    expect(refusalOfKind('workflow-failed', { ...data, error: stack })[0]?.path).toBe(
      'workflow-failed.error',
    );
    expect(() =>
      renderNotification('workflow-failed', { ...data, error: 'E'.repeat(129) }, sampleContext('lv')),
    ).toThrow(InputError);
    expect(() =>
      renderNotification('workflow-failed', { ...data, error: 'E'.repeat(128) }, sampleContext('lv')),
    ).not.toThrow();
    expect(() => renderNotification('workflow-failed', { ...data, error: '' }, sampleContext('lv'))).toThrow(
      InputError,
    );
    expect(() =>
      renderNotification('workflow-failed', { ...data, phase: 'DraftPlan' }, sampleContext('lv')),
    ).toThrow(InputError);
    expect(() =>
      renderNotification('workflow-failed', { ...data, failedOn: '2024-02-30' }, sampleContext('lv')),
    ).toThrow(InputError);
    const refusal = refusalOfKind('workflow-failed', { ...data, stack: 'at line 1' });
    expect(JSON.stringify(refusal)).toContain('stack');
    expect(JSON.stringify(refusal)).not.toContain('at line 1');
  });
});

describe('assistant-assignment-started', () => {
  const data = sampleData['assistant-assignment-started'];

  it('goes to the assistant', () => {
    expect(NOTIFICATION_KINDS['assistant-assignment-started'].recipient).toBe('assistant');
  });

  it.each([
    [
      'lv',
      'Asistenta stundas: 80 st. mēnesī no 01.04.2024.',
      'Stundas mēnesī',
      'apmaksāt nevar',
      'katru mēnesi',
    ],
    [
      'ru',
      'Часы ассистента: 80 ч в месяц с 01.04.2024',
      'Часов в месяц',
      'не могут быть оплачены',
      'каждый месяц',
    ],
    [
      'en',
      'Assistant hours: 80 hr per month from 1 April 2024',
      'Hours per month',
      'cannot be paid',
      'every month',
    ],
  ] as const)(
    'gives the granted hours, the monthly timesheet and the cap in %s',
    (language, subject, row, cap, monthly) => {
      const email = renderNotification('assistant-assignment-started', data, sampleContext(language));
      expect(email.subject).toBe(subject);
      expect(email.text).toContain(row);
      expect(email.text).toContain(cap);
      expect(email.text).toContain(monthly);
      expect(email.text).toContain('c-17');
      expect(email.text).toContain(data.timesheetLink);
      // Addressed to the assistant as a client: the coordinator is the person to ask.
      expect(email.text).toContain('Marta Kalniņa');
    },
  );

  it('writes a weekly grant in hours and minutes per week', () => {
    const weekly = { ...data, grant: { basis: 'week', minutes: 150 } };
    const expected = { lv: '2 st. 30 min nedēļā', ru: '2 ч 30 мин в неделю', en: '2 hr 30 min per week' };
    for (const language of LANGUAGES) {
      const email = renderNotification('assistant-assignment-started', weekly, sampleContext(language));
      expect(email.subject).toContain(expected[language]);
      expect(email.text).toContain(expected[language]);
    }
  });

  it('renders without a timesheet link', () => {
    const { timesheetLink: _link, ...withoutLink } = data;
    const email = renderNotification('assistant-assignment-started', withoutLink, sampleContext('en'));
    expect(email.html).not.toContain('href=');
  });

  it('refuses the child’s name, a health detail or any other unknown field, naming only the field', () => {
    for (const extra of [{ childName: 'Anna Bērziņa' }, { diagnosis: 'G80.1' }]) {
      const [field, value] = Object.entries(extra)[0] ?? [];
      const refusal = refusalOfKind('assistant-assignment-started', { ...data, ...extra });
      expect(JSON.stringify(refusal)).toContain(field);
      expect(JSON.stringify(refusal)).not.toContain(value);
    }
    expect(() =>
      renderNotification(
        'assistant-assignment-started',
        { ...data, grant: { ...data.grant, activity: 'education' } },
        sampleContext('lv'),
      ),
    ).toThrow(InputError);
    expect(() =>
      renderNotification(
        'assistant-assignment-started',
        { ...data, period: { ...data.period, childAge: 7 } },
        sampleContext('lv'),
      ),
    ).toThrow(InputError);
  });

  it('refuses a grant that is not a positive whole number of minutes per month or week', () => {
    for (const grant of [
      { basis: 'month', minutes: 0 },
      { basis: 'month', minutes: 90.5 },
      { basis: 'day', minutes: 60 },
      { basis: 'month' },
    ]) {
      expect(() =>
        renderNotification('assistant-assignment-started', { ...data, grant }, sampleContext('lv')),
      ).toThrow(InputError);
    }
  });

  it('escapes the case id', () => {
    const email = renderNotification(
      'assistant-assignment-started',
      { ...data, caseId: script.slice(0, 20) },
      sampleContext('ru'),
    );
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).toContain('&lt;script&gt;');
  });
});

describe('monthly-anomalies: cases the run could not settle', () => {
  const { failedCases: _failed, ...withoutFailed } = sampleData['monthly-anomalies'];
  const failedCases = [
    { caseId: 'c-40', error: 'CaseDataError' },
    { caseId: 'c-41', error: 'Lambda.ServiceException' },
  ];

  it.each([
    ['lv', 'Mēneša aprēķins par 2024. gada martu: 6 novirzes', 'Neaprēķinātās lietas'],
    ['ru', 'Ежемесячный расчёт за март 2024 г.: отклонений 6', 'Нерассчитанные дела'],
    ['en', 'Monthly run for March 2024: 6 anomalies', 'Cases not settled'],
  ] as const)('lists them in a table and counts them (%s)', (language, subject, heading) => {
    const email = renderNotification(
      'monthly-anomalies',
      { ...withoutFailed, failedCases },
      sampleContext(language),
    );
    expect(email.subject).toBe(subject);
    expect(email.text).toContain(heading);
    expect(email.html).toContain(`>${heading}</h2>`);
    expect(email.text).toMatch(/c-40 +CaseDataError/);
    expect(email.text).toMatch(/c-41 +Lambda\.ServiceException/);
    // A table like the others: a caption and column headers.
    expect(email.html).toMatch(/<th scope="col"[^>]*>(Kļūda|Ошибка|Error)<\/th>/);
  });

  it('leaves the section out when there are none, and counts only the other anomalies', () => {
    for (const value of [withoutFailed, { ...withoutFailed, failedCases: [] }]) {
      const email = renderNotification('monthly-anomalies', value, sampleContext('en'));
      expect(email.subject).toBe('Monthly run for March 2024: 4 anomalies');
      expect(email.text).not.toContain('Cases not settled');
    }
  });

  it('escapes an error name and refuses one with spaces, over 128 characters or with unknown fields', () => {
    const email = renderNotification(
      'monthly-anomalies',
      { ...withoutFailed, failedCases: [{ caseId: 'c-40', error: script }] },
      sampleContext('en'),
    );
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).toContain(escaped);
    for (const entry of [
      { caseId: 'c-40', error: 'Cannot read properties of undefined' },
      { caseId: 'c-40', error: 'E'.repeat(129) },
      { caseId: 'c-40', error: 'CaseDataError', message: 'the child’s file is missing' },
      { caseId: 'c-40' },
    ]) {
      const refusal = refusalOfKind('monthly-anomalies', { ...withoutFailed, failedCases: [entry] });
      expect(refusal[0]?.path).toMatch(/^monthly-anomalies\.failedCases\[0\]/);
    }
  });
});

describe('plan-awaiting-approval reminders', () => {
  const data = sampleData['plan-awaiting-approval'];

  it.each([
    [
      'lv',
      '1. atgādinājums: plāns gaida jūsu apstiprinājumu, lieta c-17',
      '1. atgādinājums: plāns gaida jūsu apstiprinājumu',
    ],
    [
      'ru',
      'Напоминание № 1: план ждёт вашего утверждения, дело c-17',
      'Напоминание № 1: план ждёт вашего утверждения',
    ],
    ['en', 'Reminder 1: plan awaiting your approval: case c-17', 'Reminder 1: a plan awaits your approval'],
  ] as const)(
    'say in the subject and the heading that it is a reminder (%s)',
    (language, subject, heading) => {
      const email = renderNotification(
        'plan-awaiting-approval',
        { ...data, reminder: 1 },
        sampleContext(language),
      );
      expect(email.subject).toBe(subject);
      expect(email.text.startsWith(`${heading}\n`)).toBe(true);
      expect(email.html).toContain(`>${heading}</h1>`);
    },
  );

  it('keeps the first notice as it was', () => {
    const email = renderNotification('plan-awaiting-approval', data, sampleContext('en'));
    expect(email.subject).toBe('Support plan awaiting approval: case c-17');
    expect(email.text).not.toContain('Reminder');
  });

  it('refuses a reminder that is not a positive whole number', () => {
    for (const reminder of [0, -1, 1.5, '1']) {
      expect(() =>
        renderNotification('plan-awaiting-approval', { ...data, reminder }, sampleContext('lv')),
      ).toThrow(InputError);
    }
  });

  it.each(LANGUAGES)('reminder (%s) matches its readable snapshot files', async (language) => {
    const email = renderNotification(
      'plan-awaiting-approval',
      { ...data, reminder: 1 },
      sampleContext(language),
    );
    await expect(`Subject: ${email.subject}\n\n${email.text}`).toMatchFileSnapshot(
      `../../docs/emails/rendered/plan-awaiting-approval.reminder.${language}.txt`,
    );
    await expect(email.html).toMatchFileSnapshot(
      `../../docs/emails/rendered/plan-awaiting-approval.reminder.${language}.html`,
    );
  });
});
