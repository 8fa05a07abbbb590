/**
 * Screenshots of the coordinators' workspace for docs/pages/: the work queue, a case, a drafted
 * or active plan and the monthly runs, taken from a running system (the replayed pilot of
 * `npm run demo -- --keep-running`, or `npm start`) through its development sign-in, with Debian's
 * Chromium driven by playwright-core.
 *
 *   npx tsx scripts/workspace-screenshots.ts http://127.0.0.1:43117 [user] [language]
 *
 * `user` is a seeded coordinator or supervisor (`s-talsi-1` when absent: the whole team).
 */
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, user = 's-talsi-1', language = 'lv'] = process.argv.slice(2);
if (!base) throw new Error('usage: workspace-screenshots.ts <base url> [user] [language]');
const output = path.resolve(import.meta.dirname, '..', 'docs', 'pages');

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
  headless: true,
});
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, baseURL: base });
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent('/workspace')}&lang=${language}`);
  await page.locator(`input[name="user"][value="${user}"]`).check();
  await Promise.all([
    page.waitForURL(/\/workspace/),
    page.locator('form button[type="submit"]').last().click(),
  ]);
  const shoot = async (pathname: string, name: string) => {
    await page.goto(pathname);
    await page.screenshot({ path: path.join(output, `${name}.png`), fullPage: true });
    console.log(`${name}.png  ${pathname}`);
  };
  await shoot(`/workspace?lang=${language}`, 'workspace-queue');
  const caseLink = await page.locator('table[data-queue] tbody th a').first().getAttribute('href');
  const planLink = await page
    .locator('tr[data-reason="plan-awaiting-approval"] a, tr[data-reason="consent-awaited"] a')
    .nth(1)
    .getAttribute('href')
    .catch(() => null);
  const caseId = caseLink?.split('/')[2]?.split('?')[0] ?? 'c-001';
  await shoot(`/cases/${caseId}?lang=${language}`, 'workspace-case');
  if (planLink) await shoot(planLink, 'workspace-plan');
  else {
    const view = await page.goto(`/cases/${caseId}?lang=${language}`);
    if (view) await shoot(`/cases/${caseId}/cycles/1/plans/1?lang=${language}`, 'workspace-plan');
  }
  await shoot(`/runs?lang=${language}`, 'workspace-runs');
} finally {
  await browser.close();
}
