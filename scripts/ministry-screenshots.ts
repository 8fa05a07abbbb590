/**
 * Screenshots of the ministry's pages for docs/pages/: the indicators of the pilot's year and the
 * what-if's comparison of an example proposal, at a desktop's width and at 360 px, taken from a
 * running system (the replayed pilot of `npm run demo -- --keep-running`) through its
 * development sign-in as the seeded ministry analyst (`lm-1`), with Debian's Chromium.
 *
 *   npx tsx scripts/ministry-screenshots.ts http://127.0.0.1:43117 [language]
 */
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

const [base, language = 'lv'] = process.argv.slice(2);
if (!base) throw new Error('usage: ministry-screenshots.ts <base url> [language]');
const output = path.resolve(import.meta.dirname, '..', 'docs', 'pages');

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
  headless: true,
});

async function signedIn(width: number, url: string = base ?? ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, baseURL: url });
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent('/workspace/ministry')}&lang=${language}`);
  await page.locator('input[name="user"][value="lm-1"]').check();
  await Promise.all([
    page.waitForURL(/\/workspace\/ministry/),
    page.locator('form button[type="submit"]').last().click(),
  ]);
  return page;
}

try {
  for (const [width, suffix] of [
    [1200, ''],
    [360, '-360'],
  ] as const) {
    const page = await signedIn(width);
    await page.goto(`/workspace/ministry?month=2025-07&to=2025-12&lang=${language}`);
    await page.screenshot({ path: path.join(output, `ministry-indicators${suffix}.png`), fullPage: true });
    await page.goto(`/workspace/ministry/what-if?lang=${language}`);
    await page.fill('#from', '2025-01');
    await page.fill('#to', '2025-12');
    await page.check('#proposal-budget-cut-10');
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('form[enctype] button[type="submit"]').click(),
    ]);
    await page.screenshot({ path: path.join(output, `ministry-what-if${suffix}.png`), fullPage: true });
    console.log(`ministry-indicators${suffix}.png, ministry-what-if${suffix}.png`);
  }
} finally {
  await browser.close();
}
