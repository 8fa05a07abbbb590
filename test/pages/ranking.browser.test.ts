/**
 * The ranking page in Chromium: the link from the parents' email opens a page; places typed and
 * up/down moves (without JavaScript through the server, with it in place), an error summary that
 * takes focus and links to its field, the order to check, the thank-you page, and the used link.
 * axe-core finds nothing on any of them in any language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../functions/i18n/languages.ts';
import {
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
const tokens: string[] = [];

/** A case waiting for the parents' ranking, and its link's token. */
async function rankingLink(caseId: string): Promise<string> {
  const ref = await openCaseOverHttp(pages.world, caseId);
  const response = await pages.world.call('POST', `/cases/${caseId}/assessment`, {
    token: pages.world.tokens.coordinator,
    json: assessmentOn('2024-01-05'),
  });
  if (response.status !== 202) throw new Error(`assessment failed: ${response.text}`);
  return linkTokenFrom(pages.world, ref, 'ranking-requested', 'rankingLink');
}

beforeAll(async () => {
  pages = await startPages('pages-ranking');
  for (const caseId of ['r-1', 'r-2', 'r-3']) tokens.push(await rankingLink(caseId));
}, 600_000);
afterAll(() => pages?.close());

describe('the ranking page', () => {
  it.each(LANGUAGES)('shows the recommended services with 0 axe violations (%s)', async (language) => {
    const page = await pages.open(`/links/${tokens[0]}?lang=${language}`, { javaScript: false });
    expect(await page.locator('html').getAttribute('lang')).toBe(language);
    expect(await page.locator('.app-ranking__item').count()).toBeGreaterThan(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('without JavaScript: a bad place is named in an error summary that has focus and links to the field', async () => {
    const page = await pages.open(`/links/${tokens[0]}`, { javaScript: false });
    const first = page.locator('input[data-place]').first();
    await first.fill('9');
    await submitWith(page, () => page.getByRole('button', { name: 'Turpināt' }).last().click());
    expect(await page.title()).toMatch(/^Kļūda:/);
    expect(await focused(page)).toContain('govuk-error-summary');
    expect(await axeViolations(page)).toEqual([]);
    const link = page.locator('.govuk-error-summary a').first();
    const target = (await link.getAttribute('href'))?.slice(1) ?? '';
    await link.click();
    expect(page.url()).toContain(`#${target}`);
  });

  it('without JavaScript: moving a service down reorders it on the server, then check and send', async () => {
    const page = await pages.open(`/links/${tokens[1]}`, { javaScript: false });
    const names = await page.locator('.app-ranking__item h2').allTextContents();
    await submitWith(page, () => page.locator('button[data-move="down"]').first().click());
    const moved = await page.locator('.app-ranking__item h2').allTextContents();
    expect(moved.slice(0, 2)).toEqual([names[1], names[0]]);
    await submitWith(page, () => page.getByRole('button', { name: 'Turpināt' }).last().click());
    expect(await page.locator('h1').textContent()).toBe('Pārbaudiet savu secību');
    expect(await page.locator('.govuk-summary-list__value').allTextContents()).toEqual(
      moved.map((n) => n.trim()),
    );
    expect(await axeViolations(page)).toEqual([]);
    await submitWith(page, () => page.getByRole('button', { name: 'Nosūtīt secību' }).click());
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Paldies');
    expect(await axeViolations(page)).toEqual([]);
    const again = await pages.open(`/links/${tokens[1]}`, { javaScript: false });
    expect(await again.locator('h1').textContent()).toBe('Atbilde jau ir saņemta');
    expect(await axeViolations(again)).toEqual([]);
  });

  it('with JavaScript, by keyboard only: a move happens in place and the places follow', async () => {
    const page = await pages.open(`/links/${tokens[2]}?lang=en`, { javaScript: true });
    const before = await page.locator('.app-ranking__item h2').allTextContents();
    const url = page.url();
    await page.locator('button[data-move="down"]').first().focus();
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(url);
    const after = await page.locator('.app-ranking__item h2').allTextContents();
    expect(after.slice(0, 2)).toEqual([before[1], before[0]]);
    expect(
      await page
        .locator('input[data-place]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)),
    ).toEqual(after.map((_, index) => String(index + 1)));
    await page.getByRole('button', { name: 'Continue' }).last().focus();
    await submitWith(page, () => page.keyboard.press('Enter'));
    await page.getByRole('button', { name: 'Send the order' }).focus();
    await submitWith(page, () => page.keyboard.press('Enter'));
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Thank you');
    const ranking = (await pages.world.call('GET', '/cases/r-3', { token: pages.world.tokens.coordinator }))
      .body.cycle.ranking;
    expect(ranking.rankedBy).toBe('parents');
    expect(pages.consoleErrors).toEqual([]);
  });
});
