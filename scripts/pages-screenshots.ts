/**
 * `npm run pages:screenshots`: every parents' and assistants' page in Latvian on a 360 px phone,
 * and the consent page and the assistant's month in Russian, as PNGs in docs/pages/. It starts
 * DynamoDB Local in memory, the local workflows on a virtual clock and the app on a random
 * 127.0.0.1 port, takes one case through its links the way a parent would and a month through
 * the assistants' pages the way its assistant would (signed in on the development sign-in), in
 * headless Chromium without JavaScript, so each state is the server's, and stops everything.
 * Needs Java 17 and Debian's `chromium` (`CHROMIUM` names another binary).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { FEBRUARY, MARCH, startPagesWorld } from './pages-world.ts';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs/pages');
const world = await startPagesWorld('screenshots');
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

const context = await browser.newContext({
  viewport: { width: 360, height: 740 },
  javaScriptEnabled: false,
  baseURL: world.served.url,
});
const page: Page = await context.newPage();
mkdirSync(out, { recursive: true });
const shots: string[] = [];
async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
  shots.push(name);
}
async function submit(action: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

try {
  // Ranking: the case waits for the parents' order.
  await world.openCase('s-1');
  await world.assess('s-1');
  const ranking = await world.linkOf('s-1', 'ranking-requested', 'rankingLink');
  await page.goto(`/links/${ranking}`);
  await shot('ranking.lv');
  await page.locator('input[data-place]').first().fill('7');
  await submit(() => page.getByRole('button', { name: 'Turpināt' }).last().click());
  await shot('ranking-error.lv');
  await page.goto(`/links/${ranking}`);
  await submit(() => page.locator('button[data-move="down"]').first().click());
  await submit(() => page.getByRole('button', { name: 'Turpināt' }).last().click());
  await shot('ranking-check.lv');
  await submit(() => page.getByRole('button', { name: 'Nosūtīt secību' }).click());
  await shot('ranking-sent.lv');
  await page.goto(`/links/${ranking}`);
  await shot('link-used.lv');

  // Consent: the plan drafted from both orders.
  const consent = await world.linkOf('s-1', 'plan-ready-for-consent', 'consentLink');
  await page.goto(`/links/${consent}`);
  await shot('consent.lv');
  await page.goto(`/links/${consent}?lang=ru`);
  await shot('consent.ru');
  await page.goto(`/links/${consent}`);
  await page.getByLabel('Nē, es nepiekrītu').check();
  await submit(() => page.getByRole('button', { name: 'Nosūtīt atbildi' }).click());
  await shot('consent-error.lv');
  await page.getByLabel('Jā, es piekrītu plānam').check();
  await submit(() => page.getByRole('button', { name: 'Nosūtīt atbildi' }).click());
  await shot('consent-sent.lv');
  await world.call('POST', '/cases/s-1/plans/1/approval', {});

  // Another case with its plan from February, for the settled month further on; then February ends.
  await world.openCase('s-2');
  await world.assess('s-2');
  await world.call('POST', '/cases/s-2/ranking', { services: ['physiotherapy', 'speech-therapy'] });
  await world.call('POST', '/cases/s-2/plans/1/approval', { consent: { by: 'p-1' } });
  await world.advanceTo(MARCH);

  // Hours: the assistant sends February; the parent checks it.
  await world.call('PUT', '/assistant/cases/s-1/timesheets/2024-02', { entries: FEBRUARY }, 'assistant');
  const hours = await world.linkOf('s-1', 'hours-to-confirm', 'confirmLink');
  await page.goto(`/links/${hours}`);
  await shot('hours.lv');
  await page.locator('#dispute-3').check();
  await submit(() => page.getByRole('button', { name: 'Apstiprināt stundas' }).click());
  await shot('hours-error.lv');
  await page.locator('#reason-3').fill('Sestdien asistents nebija.');
  await submit(() => page.getByRole('button', { name: 'Apstiprināt stundas' }).click());
  await shot('hours-sent.lv');

  // The month settled (another case, its parents confirmed every day); the parents' statement.
  const statementToken = await world.settledFebruary('s-2');
  await page.goto(`/links/${statementToken}`);
  await shot('statements.lv');
  await page.goto(`/links/${statementToken}/statements/2024-02`);
  await shot('statement.lv');
  // The assistant: signed in, the cases, March filled by hand and by a CSV with a bad row, checked, sent.
  await page.goto(`/sign-in?next=${encodeURIComponent('/hours')}&lang=lv`);
  await shot('sign-in.lv');
  await page.locator('input[name="user"][value="a-1"]').check();
  await submit(() => page.getByRole('button', { name: 'Pieslēgties' }).last().click());
  await shot('assistant-cases.lv');
  const march = '/hours/s-1/2024-03';
  // The assistant's own language is Russian: the Latvian pages are asked for by name.
  await page.goto(`${march}?lang=lv`);
  await shot('timesheet-empty.lv');
  const add = async (day: string, start: string, end: string, activity: string) => {
    await page.locator('#day').selectOption(day);
    await page.locator('#start').fill(start);
    await page.locator('#end').fill(end);
    await page.locator('#activity').selectOption(activity);
    await submit(() => page.getByRole('button', { name: 'Pievienot', exact: true }).click());
  };
  await add('2024-03-04', '08:00', '07:00', 'education');
  await shot('timesheet-error.lv');
  await add('2024-03-04', '08:00', '12:00', 'education');
  await add('2024-03-05', '08:30', '12:30', 'education');
  await add('2024-03-07', '13:00', '15:00', 'health-care');
  await shot('timesheet.lv');
  await page.goto(`${march}?lang=ru`);
  await shot('timesheet.ru');
  await page.goto(`${march}?lang=lv`);
  await page.locator('#file').setInputFiles({
    name: 'marts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'datums;sākums;beigas;pasākums\n06.03.2024;08:00;12:00;education\n07.03.2024;8;12:00;education\n',
    ),
  });
  await submit(() => page.getByRole('button', { name: 'Augšupielādēt' }).click());
  await shot('timesheet-upload.lv');
  await page.goto(`${march}/preview?lang=lv`);
  await shot('timesheet-preview.lv');
  await page.goto(`${march}/check?lang=lv`);
  await shot('timesheet-check.lv');
  await page.locator('#without').check();
  await submit(() => page.getByRole('button', { name: 'Iesniegt uzskaites lapu' }).click());
  await shot('timesheet-sent.lv');
  await page.goto('/hours/s-2/2024-02/statement?lang=lv');
  await shot('pay-statement.lv');

  await page.goto('/accessibility');
  await shot('accessibility.lv');
  await page.goto('/links/not-a-link');
  await shot('link-not-found.lv');
  console.log(`wrote ${shots.length} screenshots to docs/pages/: ${shots.join(', ')}`);
} finally {
  await browser.close();
  await world.close();
}
