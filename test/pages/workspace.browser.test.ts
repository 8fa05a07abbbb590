/**
 * The coordinators' workspace in real Chromium: a coordinator (signed in by the session cookie the
 * sign-in sets) opens a case, enters an assessment, the parents rank and consent on their own
 * pages from the links in their emails, the coordinator approves and reviews early, and the work
 * queue changes at each step; the forms work without JavaScript, the early review by keyboard
 * only; a supervisor sees an escalation; another municipality's coordinator gets "not found" for
 * the same addresses; axe-core's WCAG 2.1 A and AA rules report nothing on every page in Latvian
 * and English, empty, filled, in error and done. Screenshots for docs/pages/ when asked
 * (`ATBALSTS_SCREENSHOTS=1`).
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedApi, serveApi } from '../../local/node-server.ts';
import { type ApiWorld, assessmentOn, createApiWorld, linkTokenFrom } from '../api/support.ts';
import { axeViolations, focused, launchChromium, markScriptless, submitWith } from './support.ts';
import { type Person, sessionCookie, workspaceApp } from './workspace-support.ts';

const APP = 'http://127.0.0.1';
const SHOTS = process.env['ATBALSTS_SCREENSHOTS'] === '1';
const SHOT_DIRECTORY = path.resolve(import.meta.dirname, '../../docs/pages');

let world: ApiWorld;
let served: ServedApi;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  world = await createApiWorld('workspace-browser');
  served = await serveApi(workspaceApp(world, APP), { port: 0 });
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await served?.close();
  await world?.close();
});

async function open(
  pathname: string,
  person: Person | undefined,
  options: { javaScript?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    viewport: { width: 1100, height: 900 },
    baseURL: served.url,
  });
  contexts.push(context);
  if (person) {
    const { name, value } = await sessionCookie(person, APP);
    await context.addCookies([{ name, value, url: served.url }]);
  }
  const page = await context.newPage();
  if (!(options.javaScript ?? false)) markScriptless(page);
  await page.goto(pathname);
  return page;
}

async function clean(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOT_DIRECTORY, `${name}.png`), fullPage: true });
}

const queueRows = async (page: Page) =>
  page
    .locator('tr[data-reason]')
    .evaluateAll((rows) =>
      rows.map((row) => `${row.getAttribute('data-case')} ${row.getAttribute('data-reason')}`),
    );

async function queueOf(person: Person = 'coordinator') {
  const page = await open('/workspace?lang=en', person);
  return queueRows(page);
}

describe('a coordinator’s day', () => {
  it('opens a case, assesses, the parents answer on their pages, approves, reviews early; the queue follows', async () => {
    for (const language of ['lv', 'en'])
      await clean(await open(`/workspace?lang=${language}`, 'coordinator'));
    expect(await queueOf()).toEqual([]);

    const form = await open('/workspace/cases/new?lang=en', 'coordinator');
    await clean(form);
    await submitWith(form, () => form.getByRole('button', { name: 'Open the case' }).click());
    expect(await form.title()).toMatch(/^Error:/);
    expect(await focused(form)).toContain('govuk-error-summary');
    await clean(form);
    await form.fill('#caseId', 'c-1');
    await form.fill('#participantId', 'p-c-1');
    await form.fill('#childName', 'Anna Bērziņa');
    await form.fill('#birthDate', '2014-05-02');
    await form.fill('#representativeId', 'p-1');
    await form.fill('#representativeName', 'Ilze Bērziņa');
    await form.fill('#representativeEmail', 'ilze@example.lv');
    await form.fill('#assistantId', 'a-1');
    await form.fill('#assistantName', 'Oksana Petrova');
    await form.fill('#coordinatorEmail', 'marta@talsi.example.lv');
    await submitWith(form, () => form.getByRole('button', { name: 'Open the case' }).click());
    await world.idle();
    expect(await form.locator('[data-done] .govuk-panel__title').textContent()).toBe('Case c-1 is open');
    await clean(form);
    expect(await queueOf()).toEqual(['c-1 assessment']);

    const assessment = await open('/workspace/cases/c-1/assessment?lang=lv', 'coordinator');
    await clean(assessment);
    const scores = {
      mobility: '2',
      selfCare: '3',
      communication: '2',
      learning: '1',
      behaviour: '2',
      familySupport: '1',
    };
    for (const [domain, score] of Object.entries(scores)) await assessment.fill(`#score-${domain}`, score);
    for (const item of assessmentOn('2024-01-10').recommendations) {
      await assessment.fill(`#rank-${item.service}`, String(item.rank));
      await assessment.fill(`#units-${item.service}`, String(item.unitsPerMonth));
      await assessment.fill(`#min-${item.service}`, String(item.minUnitsPerMonth));
    }
    await assessment.fill('#assessedOn', '2024-01-10');
    await submitWith(assessment, () =>
      assessment.getByRole('button', { name: 'Saglabāt izvērtēšanu' }).click(),
    );
    await world.idle();
    expect(await assessment.locator('[data-done]').textContent()).toContain('Izvērtēšana saglabāta');
    await clean(assessment);
    expect(await queueOf()).toEqual(['c-1 ranking-awaited']);

    // The parents, on their own pages, from the link in their email.
    const ref = { municipality: 'talsi', caseId: 'c-1' };
    const rankingToken = await linkTokenFrom(world, ref, 'ranking-requested', 'rankingLink');
    const parents = await open(`/links/${rankingToken}?lang=en`, undefined);
    await submitWith(parents, () => parents.getByRole('button', { name: 'Continue' }).last().click());
    await submitWith(parents, () => parents.getByRole('button', { name: 'Send the order' }).click());
    await world.idle();
    expect(await queueOf()).toEqual(['c-1 consent-awaited']);

    const plan = await open('/workspace/cases/c-1/cycles/1/plans/1?lang=en', 'coordinator');
    await clean(plan);
    await shot(plan, 'plan');
    const consentToken = await linkTokenFrom(world, ref, 'plan-ready-for-consent', 'consentLink');
    const consent = await open(`/links/${consentToken}?lang=en`, undefined);
    await consent.locator('input[name="decision"][value="given"]').check();
    await submitWith(consent, () => consent.getByRole('button', { name: 'Send your answer' }).click());
    await world.idle();
    expect(await queueOf()).toEqual(['c-1 plan-awaiting-approval']);

    const approval = await open('/workspace/cases/c-1/cycles/1/plans/1?lang=en', 'coordinator');
    await submitWith(approval, () => approval.getByRole('button', { name: 'Approve the plan' }).click());
    expect(await focused(approval)).toContain('govuk-error-summary');
    await clean(approval);
    await approval.check('#confirm');
    await submitWith(approval, () => approval.getByRole('button', { name: 'Approve the plan' }).click());
    await world.idle();
    expect(await approval.locator('[data-done] .govuk-panel__title').textContent()).toBe(
      'The plan is approved',
    );
    expect(await queueOf()).toEqual([]);
    const active = await open('/workspace/cases/c-1?lang=lv', 'coordinator');
    await clean(active);
    await shot(active, 'case');

    // The early review, by keyboard only.
    const review = await open('/workspace/cases/c-1/early-review?lang=en', 'coordinator');
    await clean(review);
    await review.locator('#reason').focus();
    await review.keyboard.press('Space');
    await review.getByRole('button', { name: 'Start the review now' }).focus();
    await submitWith(review, () => review.keyboard.press('Enter'));
    await world.idle();
    expect(await review.locator('[data-done] .govuk-panel__title').textContent()).toBe(
      'The early review has started',
    );
    expect(await queueOf()).toEqual(['c-1 assessment']);
  }, 900_000);

  it('shows the runs page and a month with 0 violations in Latvian and English', async () => {
    for (const language of ['lv', 'en']) {
      const runs = await open(`/workspace/runs?lang=${language}`, 'coordinator');
      await clean(runs);
      const month = await open(`/workspace/cases/c-1/months/2024-02?lang=${language}`, 'supervisor');
      await clean(month);
    }
  });
});

describe('the team and its escalations', () => {
  it('shows a supervisor an escalated assessment in the whole team’s queue', async () => {
    await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: {
        caseId: 'c-late',
        participantId: 'p-late',
        person: (await import('../api/support.ts')).personOf(),
      },
    });
    await world.advanceDays(30);
    const page = await open('/workspace?lang=en', 'supervisor');
    expect(await page.locator('tr[data-case="c-late"] .govuk-tag--red').textContent()).toBe('Escalated');
    expect(await page.locator('[data-count="escalated"]').textContent()).not.toBe('0');
    expect(await page.locator('table[data-team]').count()).toBe(1);
    await clean(page);
    await shot(page, 'work-queue');
  });

  it('answers another municipality’s coordinator "not found" for the same addresses', async () => {
    for (const pathname of [
      '/workspace/cases/c-1',
      '/workspace/cases/c-1/cycles/1/plans/1',
      '/workspace/cases/c-1/months/2024-02',
      '/workspace/cases/c-1/assessment',
    ]) {
      const page = await open(`${pathname}?lang=en`, 'otherCoordinator');
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      await clean(page);
    }
  });
});
