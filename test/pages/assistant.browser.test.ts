/**
 * The assistants' pages in real Chromium (Debian's chromium through playwright-core) on a 360 px
 * phone: an assistant signs in through the development sign-in, fills a month by hand, uploads a
 * CSV with bad rows and submits; with JavaScript on, with JavaScript off, and with the keyboard
 * only. axe-core's WCAG 2.0/2.1 A and AA rules find nothing on any page, in Latvian, Russian and
 * English, empty, filled, with errors and done. `SCREENSHOTS=1` also writes the Latvian pages to
 * docs/pages/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { createWebApp } from '../../functions/pages/app.ts';
import type { DevelopmentUser } from '../../functions/session/middleware.ts';
import { type ServedApi, serveApi } from '../../local/node-server.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  createApiWorld,
  LOCAL_SECRET,
  MUNICIPALITY,
} from '../api/support.ts';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = process.env['SCREENSHOTS'] === '1' ? path.resolve('docs/pages') : undefined;
const LANGUAGES = ['lv', 'ru', 'en'] as const;
const USERS: DevelopmentUser[] = [
  { sub: 'a-1', groups: ['assistants'], municipality: MUNICIPALITY, assistantId: 'a-1', role: 'assistant' },
  { sub: 'u-7', groups: ['coordinators'], municipality: MUNICIPALITY, role: 'coordinator' },
];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let world: ApiWorld;
let served: ServedApi;
let browser: Browser;
const violations: string[] = [];

beforeAll(async () => {
  world = await createApiWorld('pages-assistant-browser');
  await activeCaseOverHttp(world, 'c-a');
  const app = createWebApp({
    ...world.context,
    auth: { localSecret: LOCAL_SECRET },
    session: {
      secret: LOCAL_SECRET,
      appUrl: 'http://127.0.0.1:8080',
      signIn: { kind: 'development', users: USERS },
    },
  });
  served = await serveApi(app, { port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await world?.close();
});

const scriptless = new WeakSet<Page>();

async function open(javaScript: boolean): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: { width: 360, height: 740 },
    baseURL: served.url,
  });
  const page = await context.newPage();
  if (!javaScript) scriptless.add(page);
  return page;
}

/** axe over the page as it stands (a scriptless page is checked as a copy in a page that runs axe only). */
async function axe(page: Page, label: string): Promise<void> {
  let target = page;
  let checker: Awaited<ReturnType<Browser['newContext']>> | undefined;
  // Without JavaScript no timer fires and axe would wait for ever: it runs on a copy of the page.
  if (scriptless.has(page)) {
    const html = await page.content();
    const url = page.url();
    checker = await browser.newContext({ viewport: { width: 360, height: 740 } });
    target = await checker.newPage();
    await target.route('**/*', (route) =>
      route.request().url() === url
        ? route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' })
        : route.request().resourceType() === 'script'
          ? route.abort()
          : route.continue(),
    );
    await target.goto(url);
  }
  await target.evaluate(axeSource);
  const found: string[] = await target.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the injected axe global
    const result = await (globalThis as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    // biome-ignore lint/suspicious/noExplicitAny: axe's result shape
    return result.violations.map((v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target).join(' ')}`);
  });
  await checker?.close();
  violations.push(...found.map((one) => `${label}: ${one}`));
}

/** axe in every language of the page at `url` (a GET page), and a Latvian screenshot. */
async function everyLanguage(page: Page, url: string, label: string): Promise<void> {
  for (const language of LANGUAGES) {
    await page.goto(`${url}${url.includes('?') ? '&' : '?'}lang=${language}`);
    await axe(page, `${label} (${language})`);
  }
  await page.goto(`${url}${url.includes('?') ? '&' : '?'}lang=lv`);
  await shot(page, label);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `assistant-${name}.png`), fullPage: true });
}

async function signIn(page: Page, user = 'a-1'): Promise<void> {
  await page.goto('/sign-in');
  await page.check(`#user-${user}`);
  await page.click('button[type="submit"]');
}

async function upload(page: Page, csv: string): Promise<void> {
  await page.setInputFiles('#file', { name: 'menesis.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('form[enctype="multipart/form-data"] button[type="submit"]');
}

const BAD_CSV = (month: string) =>
  `datums;sākums;beigas;pasākums\n02.${month.slice(5)}.${month.slice(0, 4)};08:00;12:00;education\n03.${month.slice(5)}.${month.slice(0, 4)};8;12:00;education\n04.${month.slice(5)}.${month.slice(0, 4)};09:00;11:00;dancing\n05.${month.slice(5)}.${month.slice(0, 4)};13:00;15:30;leisure\n`;

describe.each([
  { javaScript: true, month: '2024-02' },
  { javaScript: false, month: '2024-03' },
])('an assistant’s month, JavaScript $javaScript', ({ javaScript, month }) => {
  it('signs in, fills a month by hand, uploads a CSV with bad rows, submits', async () => {
    const page = await open(javaScript);
    const screenshots = javaScript;
    const base = `/hours/c-a/${month}`;
    await page.goto('/sign-in?lang=lv');
    if (screenshots) {
      await axe(page, 'sign-in');
      await shot(page, 'sign-in');
    }
    await signIn(page);
    expect(new URL(page.url()).pathname).toBe('/hours');
    if (screenshots) await everyLanguage(page, '/hours', 'cases');
    await page.goto(`${base}?lang=lv`);
    if (screenshots) await everyLanguage(page, base, 'month-empty');

    await page.selectOption('#day', `${month}-05`);
    await page.fill('#start', '08:00');
    await page.fill('#end', '11:30');
    if (javaScript) {
      // Updated as the assistant types: what would be left after adding this time.
      await expect.poll(() => page.textContent('[data-left-after]')).toMatch(/96/);
    }
    await page.selectOption('#activity', 'education');
    await page.click('form[data-add-entry] button[type="submit"]');
    expect(await page.textContent('.app-entries')).toContain('3 st. 30 min');
    await page.selectOption('#week', { index: 0 });
    await page.click('.app-copy-week button');
    if (screenshots) await everyLanguage(page, base, 'month-filled');

    // An error: the end before the start, no activity.
    for (const language of LANGUAGES) {
      await page.goto(`${base}?lang=${language}`);
      await page.fill('#start', '12:00');
      await page.fill('#end', '09:00');
      await page.click('form[data-add-entry] button[type="submit"]');
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      expect(await page.locator('.govuk-error-summary a').count()).toBe(2);
      if (javaScript)
        expect(
          await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
        ).toBe(true);
      await axe(page, `month-error (${language})`);
      if (language === 'lv') await shot(page, 'month-error');
    }

    await page.goto(`${base}?lang=lv`);
    await upload(page, BAD_CSV(month));
    const summary = await page.textContent('.govuk-error-summary');
    expect(summary).toContain('3. rinda, kolonna sākums');
    expect(summary).toContain('4. rinda, kolonna pasākums');
    expect(await page.textContent('.app-entries')).toContain('4 st.');
    if (screenshots) await everyLanguage(page, base, 'month-upload-errors');

    await page.click('a[href*="/check"]');
    if (screenshots) await everyLanguage(page, `${base}/check`, 'check');
    await page.goto(`${base}/check?lang=lv`);
    await page.click('form[action*="/submit"] button[type="submit"]');
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    if (screenshots) {
      await axe(page, 'check-error (lv)');
      await shot(page, 'check-error');
    }
    await page.check('#without');
    await page.click('form[action*="/submit"] button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe(`${base}/sent`);
    if (screenshots) await everyLanguage(page, `${base}/sent`, 'sent');
    const stored = await world.table.store.timesheets.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      month,
      'a-1',
    );
    expect(stored?.entries.map((entry) => entry.date)).toEqual([`${month}-02`, `${month}-05`]);

    if (screenshots) {
      await everyLanguage(page, `${base}/preview`, 'preview');
      await everyLanguage(page, `${base}/statement`, 'statement-empty');
      await settleCaseMonth(world.table.store, { municipality: MUNICIPALITY, caseId: 'c-a' }, month, {
        actor: { kind: 'system', id: 'test' },
        at: '2024-03-10T06:00:00.000Z',
      });
      await everyLanguage(page, `${base}/statement`, 'statement');
      await everyLanguage(page, '/hours/c-not-mine/2024-02', 'not-found');
      await page.goto('/hours?lang=lv');
      await page.click('.app-session-bar button');
      expect(new URL(page.url()).pathname).toBe('/signed-out');
      await axe(page, 'signed-out');
      await shot(page, 'signed-out');
    }
    await page.context().close();
    // Every page in three languages with axe on a shared 2-core machine: minutes, not seconds.
  }, 900_000);
});

describe('with the keyboard only', () => {
  it('signs in, adds a day and submits without a pointer', async () => {
    const page = await open(true);
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i += 1) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await page.goto('/sign-in?lang=lv');
    await tabTo('#user-a-1');
    await page.keyboard.press('Space');
    await tabTo('button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/hours?lang=lv');
    await page.goto('/hours/c-a/2024-04?lang=lv');
    await tabTo('#day');
    await page.keyboard.type('p');
    await tabTo('#start');
    await page.keyboard.type('09:00');
    await tabTo('#end');
    await page.keyboard.type('10:15');
    await tabTo('#activity');
    await page.keyboard.press('ArrowDown');
    await tabTo('form[data-add-entry] button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.app-entries');
    await tabTo('a[href*="/check"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/check**');
    await tabTo('form[action*="/submit"] button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/sent**');
    const stored = await world.table.store.timesheets.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-04',
      'a-1',
    );
    expect(stored?.entries).toHaveLength(1);
    expect(stored?.entries[0]?.minutes).toBe(75);
    await page.context().close();
  });
});

describe('a coordinator on an assistant’s page', () => {
  it('is told the page is not theirs (403), accessibly', async () => {
    const page = await open(true);
    await signIn(page, 'u-7');
    const response = await page.goto('/hours/c-a/2024-02?lang=lv');
    expect(response?.status()).toBe(403);
    await axe(page, 'forbidden');
    await shot(page, 'forbidden');
    await page.context().close();
  });
});

describe('accessibility', () => {
  it('finds no WCAG 2.1 A or AA violation on any page above', () => {
    expect(violations).toEqual([]);
  });
});
