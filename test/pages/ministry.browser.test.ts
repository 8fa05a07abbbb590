/**
 * The ministry's pages in real Chromium, JavaScript off: the indicators in Latvian and English, the
 * what-if form sent empty-handed (an error summary that takes focus and links to each field) and
 * then with an example proposal (the comparison); axe-core's WCAG 2.1 A and AA rules report
 * nothing on any of them. Two cases only: the machine is small.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedApi, serveApi } from '../../local/node-server.ts';
import { type ApiWorld, activeCaseOverHttp, createApiWorld } from '../api/support.ts';
import { axeViolations, focused, launchChromium, markScriptless, submitWith } from './support.ts';
import { sessionCookie, workspaceApp } from './workspace-support.ts';

const APP = 'http://127.0.0.1';
/** `ATBALSTS_SCREENSHOTS=1`: the pages photographed into docs/pages/ (the pilot's are better: scripts/ministry-screenshots.ts). */
const SHOTS = process.env['ATBALSTS_SCREENSHOTS'] === '1';
const shot = async (page: Page, name: string) => {
  if (SHOTS)
    await page.screenshot({
      path: path.resolve(import.meta.dirname, '../../docs/pages', `${name}.png`),
      fullPage: true,
    });
};
let world: ApiWorld;
let served: ServedApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  world = await createApiWorld('ministry-browser');
  for (const caseId of ['m-1', 'm-2']) await activeCaseOverHttp(world, caseId);
  await world.advanceDays(40);
  served = await serveApi(workspaceApp(world, APP), { port: 0 });
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await served?.close();
  await world?.close();
});

async function open(pathname: string, width = 1100): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width, height: 900 },
    baseURL: served.url,
  });
  contexts.push(context);
  const { name, value } = await sessionCookie('ministry', APP);
  await context.addCookies([{ name, value, url: served.url }]);
  const page = await context.newPage();
  markScriptless(page);
  await page.goto(pathname);
  return page;
}

describe('the ministry’s pages in a browser', () => {
  it('show the indicators and the what-if without JavaScript, accessible in Latvian and English', async () => {
    for (const language of ['lv', 'en']) {
      const indicators = await open(`/workspace/ministry?month=2024-01&to=2024-02&lang=${language}`);
      expect(await indicators.locator('svg[data-chart]').count()).toBe(3);
      expect(await axeViolations(indicators)).toEqual([]);
      if (language === 'lv') await shot(indicators, 'ministry-indicators');
    }
    const form = await open('/workspace/ministry/what-if?lang=en', 360);
    expect(await axeViolations(form)).toEqual([]);
    await form.fill('#from', '2024-13');
    await form.check('#proposal-upload');
    await submitWith(form, () => form.getByRole('button', { name: 'Run the what-if' }).click());
    expect(await form.title()).toMatch(/^Error:/);
    expect(await focused(form)).toContain('govuk-error-summary');
    expect(
      await form
        .locator('.govuk-error-summary a')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href'))),
    ).toEqual(['#from', '#policyFile']);
    expect(await axeViolations(form)).toEqual([]);
    await form.fill('#from', '2024-02');
    await form.fill('#to', '2024-03');
    await form.check('#proposal-budget-cut-10');
    await submitWith(form, () => form.getByRole('button', { name: 'Run the what-if' }).click());
    expect(await form.locator('[data-result]').count()).toBe(1);
    expect(await form.locator('[data-total="budgetCents"]').textContent()).toMatch(/^-€/);
    expect(await axeViolations(form)).toEqual([]);
    const latvian = await open('/workspace/ministry/what-if?lang=lv');
    await latvian.check('#proposal-rehabilitation-100h');
    await latvian.fill('#from', '2024-02');
    await latvian.fill('#to', '2024-03');
    await submitWith(latvian, () => latvian.getByRole('button', { name: 'Modelēt' }).click());
    expect(await latvian.locator('[data-result]').count()).toBe(1);
    expect(await axeViolations(latvian)).toEqual([]);
    await shot(latvian, 'ministry-what-if');
  });
});
