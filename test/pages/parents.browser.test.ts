/**
 * The consent, hours-confirmation and statement pages and the accessibility statement in Chromium,
 * from the links the system's notifications carry: every page in every language with 0 axe
 * violations, empty, in error and done; error summaries that take focus; a refusal that reaches the
 * coordinator with its reason; disputed hours that reach the coordinator; a statement page with the
 * figures of the parents' email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rigaDateOf } from '../../functions/domain/calendar.ts';
import { catalogueOf } from '../../functions/i18n/catalogue.ts';
import { formatDuration, formatEuro } from '../../functions/i18n/format.ts';
import { LANGUAGES } from '../../functions/i18n/languages.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import {
  activeCaseOverHttp,
  assessmentOn,
  axeViolations,
  focused,
  linkTokenFrom,
  openCaseOverHttp,
  type PagesWorld,
  startPages,
  submitWith,
} from './support.ts';

let pages: PagesWorld;
let consentToken: string;
let hoursToken: string;
let statementToken: string;
const ACTIVE = { municipality: 'talsi', caseId: 'p-act' };

beforeAll(async () => {
  pages = await startPages('pages-parents');
  const { world } = pages;
  const coordinator = world.tokens.coordinator;
  // An active case: the assistant sends February once it has started, the parents get their link.
  await activeCaseOverHttp(world, ACTIVE.caseId);
  await world.advanceDays(25);
  const sheet = await world.call('PUT', `/assistant/cases/${ACTIVE.caseId}/timesheets/2024-02`, {
    token: world.tokens.assistant,
    json: {
      entries: [
        { date: '2024-02-05', start: '08:00', end: '11:30', activity: 'education', confirmed: true },
        { date: '2024-02-06', start: '08:00', end: '12:00', activity: 'education', confirmed: true },
        { date: '2024-02-10', start: '14:00', end: '16:00', activity: 'leisure', confirmed: true },
      ],
    },
  });
  if (sheet.status !== 200) throw new Error(`timesheet: ${sheet.text}`);
  hoursToken = await linkTokenFrom(world, ACTIVE, 'hours-to-confirm', 'confirmLink');
  const link = await world.call('POST', `/cases/${ACTIVE.caseId}/statement-links`, {
    token: coordinator,
    json: {},
  });
  statementToken = String(link.body.url).split('/links/')[1] ?? '';
  // A plan awaiting the consent of two legal representatives.
  const ref = await openCaseOverHttp(world, 'p-con', { representatives: 2 });
  await world.call('POST', '/cases/p-con/assessment', {
    token: coordinator,
    json: assessmentOn(rigaDateOf(world.clock.now())),
  });
  await world.call('POST', '/cases/p-con/ranking', {
    token: coordinator,
    json: { services: ['music-therapy', 'physiotherapy'] },
  });
  consentToken = await linkTokenFrom(world, ref, 'plan-ready-for-consent', 'consentLink');
}, 600_000);
afterAll(() => pages?.close());

describe('the consent page', () => {
  it.each(LANGUAGES)(
    'shows the plan, its budget term by term and the question (%s), 0 axe violations',
    async (language) => {
      const page = await pages.open(`/links/${consentToken}?lang=${language}`, { javaScript: false });
      const t = catalogueOf(language);
      expect(await page.locator('h1').textContent()).toBe(t.consent.title);
      expect(await page.getByText(t.consent.budgetTitle).count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it('names every missing answer in an error summary that has focus, then takes a refusal with its reason to the coordinator', async () => {
    const page = await pages.open(`/links/${consentToken}`, { javaScript: false });
    await submitWith(page, () => page.getByRole('button', { name: 'Nosūtīt atbildi' }).click());
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual([
      'Izvēlieties, kurš no jums atbild',
      'Izvēlieties, vai piekrītat plānam',
    ]);
    expect(await focused(page)).toContain('govuk-error-summary');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Ilze Bērziņa').check();
    await page.getByLabel('Nē, es nepiekrītu').check();
    await submitWith(page, () => page.getByRole('button', { name: 'Nosūtīt atbildi' }).click());
    expect(await page.locator('.govuk-error-summary li').allTextContents()).toEqual([
      'Uzrakstiet, kāpēc nepiekrītat plānam',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Kāpēc jūs nepiekrītat?').fill('Mūzikas terapija ir pārāk tālu no mājām.');
    await submitWith(page, () => page.getByRole('button', { name: 'Nosūtīt atbildi' }).click());
    expect(await page.locator('.govuk-panel__title').textContent()).toBe('Jūsu atbilde ir saņemta');
    expect(await axeViolations(page)).toEqual([]);

    const refused = (await pages.world.outbox({ municipality: 'talsi', caseId: 'p-con' })).find(
      (item) => item.kind === 'consent-refused',
    );
    expect(refused?.recipient.role).toBe('coordinator');
    expect(refused?.data['reason']).toBe('Mūzikas terapija ir pārāk tālu no mājām.');

    const used = await pages.open(`/links/${consentToken}?lang=ru`, { javaScript: false });
    expect(await used.locator('h1').textContent()).toBe(catalogueOf('ru').links.usedTitle);
    expect(await axeViolations(used)).toEqual([]);
  });
});

describe('confirming the assistant’s hours', () => {
  it.each(LANGUAGES)('lists every day, time and activity (%s), 0 axe violations', async (language) => {
    const page = await pages.open(`/links/${hoursToken}?lang=${language}`, { javaScript: false });
    // One card per entry (a table does not fit a 360 px phone).
    expect(await page.locator('main .app-card').count()).toBe(3);
    expect(await page.locator('main form').textContent()).toContain(catalogueOf(language).activities.leisure);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('with JavaScript, asks for a reason only for a ticked line, and by keyboard sends the answer', async () => {
    const page = await pages.open(`/links/${hoursToken}?lang=en`, { javaScript: true });
    expect(await page.locator('#reason-group-2').isHidden()).toBe(true);
    await page.locator('#dispute-2').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#reason-group-2').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Confirm the hours' }).focus();
    await submitWith(page, () => page.keyboard.press('Enter'));
    expect(await focused(page)).toContain('govuk-error-summary');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('.govuk-error-summary a').first().click();
    expect(await focused(page)).toContain('input#reason-2');
    await page.keyboard.type('The assistant was ill that day.');
    await page.getByRole('button', { name: 'Confirm the hours' }).focus();
    await submitWith(page, () => page.keyboard.press('Enter'));
    expect(await page.locator('.govuk-panel__title').textContent()).toBe('We have your answer');
    expect(await axeViolations(page)).toEqual([]);

    const confirmation = await pages.world.table.store.hoursConfirmations.get(ACTIVE, '2024-02', 'a-1');
    expect(confirmation?.confirmed).toHaveLength(2);
    expect(confirmation?.disputed.map((item) => item.reason)).toEqual(['The assistant was ill that day.']);
    const disputed = (await pages.world.outbox(ACTIVE)).find((item) => item.kind === 'hours-disputed');
    expect(disputed?.recipient.role).toBe('coordinator');
    expect(pages.consoleErrors).toEqual([]);
  });
});

describe('the monthly statement', () => {
  it.each(LANGUAGES)(
    'shows the figures of the parents’ email (%s), printable, 0 axe violations',
    async (language) => {
      if (language === 'lv') {
        await settleCaseMonth(pages.world.table.store, ACTIVE, '2024-02', {
          actor: { kind: 'system', id: 'monthly-run' },
          at: '2024-03-10T06:00:00.000Z',
        });
      }
      const email = (await pages.world.outbox(ACTIVE)).find((item) => item.kind === 'monthly-statement');
      const page = await pages.open(`/links/${statementToken}/statements/2024-02?lang=${language}`, {
        javaScript: true,
      });
      const text = (await page.locator('main').textContent()) ?? '';
      // Only the two confirmed days are paid: 3 h 30 min and 4 h.
      expect(text).toContain(formatDuration(450, language));
      expect(text).toContain(formatEuro(Number(email?.data['assistantCents']), language));
      const budget = email?.data['budget'] as { leftToSpendCents: number; leftToPlanCents: number };
      expect(text).toContain(formatEuro(budget.leftToSpendCents, language));
      expect(text).toContain(formatEuro(budget.leftToPlanCents, language));
      expect(await page.getByRole('button', { name: catalogueOf(language).common.print }).isVisible()).toBe(
        true,
      );
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it('lists the months of a statement link', async () => {
    const page = await pages.open(`/links/${statementToken}`, { javaScript: false });
    expect(await page.locator('main li a').count()).toBe(12);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('the accessibility statement and a forged link', () => {
  it.each(LANGUAGES)('reads in %s with 0 axe violations', async (language) => {
    const page = await pages.open(`/accessibility?lang=${language}`, { javaScript: false });
    expect(await page.locator('h1').textContent()).toBe(catalogueOf(language).accessibility.title);
    expect(await page.getByText('WCAG 2.1').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    const forged = await pages.open(`/links/not-a-link?lang=${language}`, { javaScript: false });
    expect(await forged.locator('h1').textContent()).toBe(catalogueOf(language).links.notFoundTitle);
    expect(await axeViolations(forged)).toEqual([]);
  });
});
