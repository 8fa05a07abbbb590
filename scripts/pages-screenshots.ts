/**
 * `npm run pages:screenshots`: every parents' page in Latvian on a 360 px phone, and the consent
 * page in Russian, as PNGs in docs/pages/. It starts DynamoDB Local in memory, the local workflows
 * on a virtual clock and the app on a random 127.0.0.1 port, takes one case through its links the
 * way a parent would (in headless Chromium, without JavaScript, so each state is the server's),
 * and stops everything. Needs Java 17 and Debian's `chromium` (`CHROMIUM` names another binary).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { chromium, type Page } from 'playwright-core';
import { createApp } from '../functions/api/app.ts';
import { issueLocalToken } from '../functions/api/local-tokens.ts';
import { serveApi } from '../functions/api/node-server.ts';
import { settleCaseMonth } from '../functions/runs/settle-case-month.ts';
import { localClientConfig } from '../functions/store/client.ts';
import { decodeItem, outboxEntity } from '../functions/store/entities.ts';
import { casePk } from '../functions/store/keys.ts';
import { createStore } from '../functions/store/store.ts';
import { ensureTable } from '../functions/store/table.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { VirtualClock } from '../local/stepfunctions/virtual-clock.ts';
import { startLocalWorkflows } from '../local/workflows.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs/pages');
const APP_URL = 'https://atbalsts.example.lv';
const LINK_SECRET = 'screenshots-link-secret-long-enough-0123456789';
const LOCAL_SECRET = 'screenshots-token-secret-long-enough-0123456789';
const MUNICIPALITY = 'talsi';

const assessment = {
  assessedOn: '2024-01-10',
  scores: { mobility: 3, selfCare: 2, communication: 3, learning: 2, behaviour: 1, familySupport: 2 },
  weeklyRehabilitation: true,
  needsCompanion: false,
  recommendations: [
    { service: 'physiotherapy', rank: 1, unitsPerMonth: 8, minUnitsPerMonth: 4, essential: true },
    { service: 'speech-therapy', rank: 2, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: false },
    { service: 'hippotherapy', rank: 3, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: false },
    { service: 'music-therapy', rank: 4, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: false },
  ],
  providers: [
    { service: 'physiotherapy', providerId: 'talsi-rehab', distanceKm: 4 },
    { service: 'speech-therapy', providerId: 'talsi-logo', distanceKm: 3.5 },
    { service: 'hippotherapy', providerId: 'kandava-zirgi', distanceKm: 38 },
    { service: 'music-therapy', providerId: 'talsi-music', distanceKm: 2 },
  ],
};

const person = {
  participant: { name: 'Anna Bērziņa', birthDate: '2014-05-02' },
  contacts: [
    {
      role: 'legal-representative',
      id: 'p-1',
      name: 'Ilze Bērziņa',
      email: 'ilze@example.lv',
      language: 'lv',
    },
    { role: 'assistant', id: 'a-1', name: 'Oksana Petrova', email: 'oksana@example.lv', language: 'ru' },
    {
      role: 'coordinator',
      id: 'u-7',
      name: 'Marta Kalniņa',
      email: 'marta@talsi.example.lv',
      language: 'lv',
    },
  ],
};

const dynamo = await startDynamoDbLocal();
const raw = new DynamoDBClient(localClientConfig(dynamo.endpoint));
await ensureTable(raw, 'screenshots');
const store = createStore({ tableName: 'screenshots', clientConfig: localClientConfig(dynamo.endpoint) });
const clock = new VirtualClock('2024-01-08T08:00:00Z');
const workflows = startLocalWorkflows({
  store,
  clock,
  config: { appUrl: APP_URL, linkSecret: LINK_SECRET, supervisors: {} },
});
const app = createApp({ ...workflows.context, auth: { localSecret: LOCAL_SECRET } });
const served = await serveApi(app, { port: 0 });
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

const coordinator = await issueLocalToken(LOCAL_SECRET, {
  sub: 'u-7',
  groups: ['coordinators'],
  municipality: MUNICIPALITY,
});
const assistant = await issueLocalToken(LOCAL_SECRET, {
  sub: 'a-1',
  groups: ['assistants'],
  municipality: MUNICIPALITY,
  assistantId: 'a-1',
});

async function call(method: string, route: string, token: string, body: unknown): Promise<unknown> {
  const response = await app.request(route, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await workflows.sfn.idle();
  if (response.status >= 300)
    throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function linkOf(caseId: string, kind: string, field: string): Promise<string> {
  const items = await store.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': casePk({ municipality: MUNICIPALITY, caseId }),
      ':prefix': 'OUTBOX#',
    },
    ConsistentRead: true,
  });
  const item = items.map((each) => decodeItem(outboxEntity, each)).find((each) => each.kind === kind);
  const link = item?.data[field];
  if (typeof link !== 'string') throw new Error(`no ${kind} for ${caseId}`);
  return link.slice(`${APP_URL}/links/`.length);
}

const context = await browser.newContext({
  viewport: { width: 360, height: 740 },
  javaScriptEnabled: false,
  baseURL: served.url,
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
  await call('POST', '/cases', coordinator, { caseId: 's-1', participantId: 'p-s-1', person });
  await call('POST', '/cases/s-1/assessment', coordinator, assessment);
  const ranking = await linkOf('s-1', 'ranking-requested', 'rankingLink');
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
  const consent = await linkOf('s-1', 'plan-ready-for-consent', 'consentLink');
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
  await call('POST', '/cases/s-1/plans/1/approval', coordinator, {});

  // Hours: the assistant sends February; the parent checks it.
  await call('PUT', '/assistant/cases/s-1/timesheets/2024-02', assistant, {
    entries: [
      { date: '2024-02-05', start: '08:00', end: '11:30', activity: 'education', confirmed: true },
      { date: '2024-02-06', start: '08:00', end: '12:00', activity: 'education', confirmed: true },
      { date: '2024-02-08', start: '13:00', end: '15:00', activity: 'health-care', confirmed: true },
      { date: '2024-02-10', start: '14:00', end: '16:00', activity: 'leisure', confirmed: true },
    ],
  });
  const hours = await linkOf('s-1', 'hours-to-confirm', 'confirmLink');
  await page.goto(`/links/${hours}`);
  await shot('hours.lv');
  await page.locator('#dispute-3').check();
  await submit(() => page.getByRole('button', { name: 'Apstiprināt stundas' }).click());
  await shot('hours-error.lv');
  await page.locator('#reason-3').fill('Sestdien asistents nebija.');
  await submit(() => page.getByRole('button', { name: 'Apstiprināt stundas' }).click());
  await shot('hours-sent.lv');

  // The month settled; the parents' statement.
  await settleCaseMonth(store, { municipality: MUNICIPALITY, caseId: 's-1' }, '2024-02', {
    actor: { kind: 'system', id: 'monthly-run' },
    at: '2024-03-10T06:00:00.000Z',
  });
  const statement = (await call('POST', '/cases/s-1/statement-links', coordinator, {})) as { url: string };
  const statementToken = statement.url.slice(`${APP_URL}/links/`.length);
  await page.goto(`/links/${statementToken}`);
  await shot('statements.lv');
  await page.goto(`/links/${statementToken}/statements/2024-02`);
  await shot('statement.lv');
  await page.goto('/accessibility');
  await shot('accessibility.lv');
  await page.goto('/links/not-a-link');
  await shot('link-not-found.lv');
  console.log(`wrote ${shots.length} screenshots to docs/pages/: ${shots.join(', ')}`);
} finally {
  await browser.close();
  await served.close();
  await workflows.sfn.close();
  raw.destroy();
  await dynamo.stop();
}
