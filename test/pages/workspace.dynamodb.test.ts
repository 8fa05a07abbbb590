/**
 * The coordinators' workspace pages over HTTP, without a browser: a case opened, assessed, ranked
 * on the parents' behalf, approved and reviewed early through the forms, the work queue changing at
 * each step; bad forms answered with an error summary naming each field; every email link to a
 * coordinator opening its page; denials (no session, an assistant, a supervisor writing, another
 * municipality) through the pages, the API clients still getting JSON at the same addresses.
 */

import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiWorld, assessmentOn, createApiWorld } from '../api/support.ts';
import { type Person, sessionCookie, workspaceApp } from './workspace-support.ts';

const APP = 'https://atbalsts.example.lv';
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
let world: ApiWorld;
let app: Hono;
const cookies = new Map<Person, string>();

beforeAll(async () => {
  world = await createApiWorld('workspace-pages');
  app = workspaceApp(world, APP);
  for (const person of ['coordinator', 'supervisor', 'otherCoordinator', 'assistant'] as const) {
    const { name, value } = await sessionCookie(person, APP);
    cookies.set(person, `${name}=${value}`);
  }
}, 180_000);
afterAll(() => world?.close());

async function page(path: string, person?: Person) {
  const response = await app.request(path, {
    headers: { accept: browserAccept, ...(person && { cookie: cookies.get(person) as string }) },
  });
  await world.idle();
  return { status: response.status, html: await response.text(), headers: response.headers };
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function post(
  path: string,
  fields: Record<string, string>,
  person: Person = 'coordinator',
  from?: string,
) {
  const form = await page(from ?? path, person);
  const response = await app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: browserAccept,
      cookie: cookies.get(person) as string,
    },
    body: new URLSearchParams({ csrf: csrfOf(form.html), ...fields }).toString(),
  });
  await world.idle();
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

const queueReasons = async (person: Person = 'coordinator') => {
  const { html } = await page('/workspace?lang=en', person);
  return [...html.matchAll(/data-reason="([^"]+)" data-case="([^"]+)"/g)].map(
    (match) => `${match[2]} ${match[1]}`,
  );
};

describe('a case through its cycle in the pages', () => {
  it('opens a case, assesses, ranks for the parents, approves and reviews early; the queue follows', async () => {
    expect(await queueReasons()).toEqual([]);
    const bad = await post(
      '/workspace/cases?lang=en',
      { caseId: 'c 1', representativeEmail: 'not-an-email' },
      'coordinator',
      '/workspace/cases/new?lang=en',
    );
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('govuk-error-summary');
    for (const field of [
      'caseId',
      'participantId',
      'childName',
      'representativeName',
      'representativeEmail',
    ]) {
      expect(bad.html).toContain(`href="#${field}"`);
    }
    const opened = await post(
      '/workspace/cases?lang=en',
      {
        caseId: 'c-1',
        participantId: 'p-c-1',
        childName: 'Anna Bērziņa',
        birthDate: '2014-05-02',
        representativeId: 'p-1',
        representativeName: 'Ilze Bērziņa',
        representativeEmail: 'ilze@example.lv',
        language: 'lv',
        assistantId: 'a-1',
        assistantName: 'Oksana Petrova',
        assistantEmail: 'oksana@example.lv',
        coordinatorEmail: 'marta@talsi.example.lv',
      },
      'coordinator',
      '/workspace/cases/new?lang=en',
    );
    expect([opened.status, opened.location]).toEqual([303, '/workspace/cases/c-1?done=opened&lang=en']);
    const casePage = await page('/workspace/cases/c-1?done=opened&lang=en', 'coordinator');
    expect(casePage.html).toContain('Case c-1 is open');
    expect(await queueReasons()).toEqual(['c-1 assessment']);

    const recommendation = assessmentOn('2024-01-10').recommendations;
    const fields: Record<string, string> = {
      assessedOn: '2024-01-10',
      'score-mobility': '2',
      'score-selfCare': '3',
      'score-communication': '2',
      'score-learning': '1',
      'score-behaviour': '2',
      'score-familySupport': '1',
      needsCompanion: 'yes',
    };
    for (const item of recommendation) {
      fields[`rank-${item.service}`] = String(item.rank);
      fields[`units-${item.service}`] = String(item.unitsPerMonth);
      fields[`min-${item.service}`] = String(item.minUnitsPerMonth);
      if (item.essential) fields[`essential-${item.service}`] = 'yes';
    }
    const badAssessment = await post('/workspace/cases/c-1/assessment?lang=en', {
      ...fields,
      'score-mobility': '9',
    });
    expect(badAssessment.status).toBe(422);
    expect(badAssessment.html).toContain('href="#score-mobility"');
    const assessed = await post('/workspace/cases/c-1/assessment?lang=en', fields);
    expect(assessed.location).toBe('/workspace/cases/c-1?done=assessment&lang=en');
    expect((await page(assessed.location as string, 'coordinator')).html).toContain(
      'the parents were emailed a link to rank the services',
    );
    expect(await queueReasons()).toEqual(['c-1 ranking-awaited']);

    const rankingForm = await page('/workspace/cases/c-1/ranking?lang=en', 'coordinator');
    const services = [...rankingForm.html.matchAll(/name="order-([a-z-]+)"/g)].map(
      (match) => match[1] as string,
    );
    expect(services.length).toBe(recommendation.length);
    const ranked = await post(
      '/workspace/cases/c-1/ranking?lang=en',
      Object.fromEntries(
        services.map((service, index) => [`order-${service}`, String(services.length - index)]),
      ),
    );
    expect(ranked.location).toBe('/workspace/cases/c-1?done=ranking&lang=en');
    expect(await queueReasons()).toEqual(['c-1 consent-awaited']);

    const plan = await page('/workspace/cases/c-1/cycles/1/plans/1?lang=en', 'coordinator');
    expect(plan.status).toBe(200);
    const unconfirmed = await post(
      '/workspace/cases/c-1/cycles/1/plans/1/approval?lang=en',
      { consentBy: 'p-1' },
      'coordinator',
      '/workspace/cases/c-1/cycles/1/plans/1?lang=en',
    );
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.html).toContain('href="#confirm"');
    const approved = await post(
      '/workspace/cases/c-1/cycles/1/plans/1/approval?lang=en',
      { consentBy: 'p-1', consentOn: '2024-01-12', confirm: 'yes' },
      'coordinator',
      '/workspace/cases/c-1/cycles/1/plans/1?lang=en',
    );
    expect(approved.location).toBe('/workspace/cases/c-1?done=approved&lang=en');
    expect(await queueReasons()).toEqual([]);
    const active = await page('/workspace/cases/c-1?lang=en', 'coordinator');
    expect(active.html).toContain('Budget left to plan');
    expect(active.html).toContain('data-state="current"');

    const noReason = await post('/workspace/cases/c-1/early-review?lang=en', {});
    expect(noReason.status).toBe(422);
    const reviewed = await post('/workspace/cases/c-1/early-review?lang=en', { reason: 'family-asked' });
    expect(reviewed.location).toBe('/workspace/cases/c-1?done=early-review&lang=en');
    expect(await queueReasons()).toEqual(['c-1 assessment']);
    const current = await world.table.store.cases.get({ municipality: 'talsi', caseId: 'c-1' });
    expect(current).toMatchObject({ cycle: 2, phase: 'request-assessment' });
  });
});

describe('every link in a coordinator email opens its page', () => {
  it('opens the case and plan links the cycle put in its emails', async () => {
    const links = (await world.outbox({ municipality: 'talsi', caseId: 'c-1' }))
      .filter((item) => item.recipient.role === 'coordinator')
      .flatMap((item) => ['caseLink', 'approvalLink', 'runLink'].map((field) => item.data[field]))
      .filter((link): link is string => typeof link === 'string');
    expect(links.length).toBeGreaterThan(1);
    for (const link of new Set(links)) {
      expect(link.startsWith(APP)).toBe(true);
      const opened = await page(link.slice(APP.length), 'coordinator');
      expect([link, opened.status]).toEqual([link, 200]);
    }
  });
});

describe('who sees what, through the pages', () => {
  const paths = [
    '/workspace/cases/c-1',
    '/workspace/cases/c-1/months/2024-02',
    '/workspace/cases/c-1/cycles/1/plans/1',
  ];

  it('sends a browser without a session to sign in, and back', async () => {
    const response = await page('/workspace');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/sign-in?next=%2Fworkspace');
  });

  it('answers another municipality’s coordinator "not found" for the same addresses', async () => {
    for (const path of paths) {
      const response = await page(path, 'otherCoordinator');
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.html).not.toContain('Bērziņ');
    }
    expect(await queueReasons('otherCoordinator')).toEqual([]);
  });

  it('refuses an assistant, and lets a supervisor read but not write', async () => {
    expect((await page('/workspace', 'assistant')).status).toBe(403);
    expect((await page('/workspace/cases/c-1', 'supervisor')).status).toBe(200);
    expect((await page('/workspace/cases/c-1/assessment', 'supervisor')).status).toBe(403);
    const refused = await post(
      '/workspace/cases/c-1/assessment',
      { assessedOn: '2024-03-01' },
      'supervisor',
      '/workspace/cases/c-1',
    );
    expect(refused.status).toBe(403);
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const response = await app.request('/workspace/cases/c-1/early-review', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: cookies.get('coordinator') as string,
      },
      body: 'reason=other',
    });
    expect(response.status).toBe(400);
  });

  it('keeps the API at its own addresses: JSON for a bearer token, the page under /workspace', async () => {
    const api = await app.request('/cases/c-1', {
      headers: { authorization: `Bearer ${world.tokens.coordinator}`, accept: 'text/html' },
    });
    expect(api.headers.get('content-type')).toMatch(/json/);
    expect(((await api.json()) as { case: { caseId: string } }).case.caseId).toBe('c-1');
    const page = await app.request('/workspace/cases/c-1', {
      headers: { cookie: cookies.get('coordinator') as string, accept: 'text/html' },
    });
    expect(page.headers.get('content-type')).toMatch(/html/);
    expect(await page.text()).toContain('c-1');
  });
});
