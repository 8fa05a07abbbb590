/**
 * One case's cycle, entirely over HTTP, with the review cycle running in the local runtime on
 * DynamoDB Local: the coordinator opens the case and submits the assessment, the parents rank the
 * services and consent through the links in their emails (taken from the outbox items the cycle
 * decided), the coordinator approves, the assistant sends a month and sees it previewed, and the
 * coordinator triggers an early review, which starts the next cycle.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ApiWorld,
  assessmentOn,
  createApiWorld,
  linkTokenFrom,
  MUNICIPALITY,
  newCaseBody,
} from './support.ts';

let world: ApiWorld;

beforeAll(async () => {
  world = await createApiWorld('api-flow');
});
afterAll(async () => {
  await world?.close();
});

it('opens, assesses, ranks and consents by link, approves, takes a timesheet and reviews early, over HTTP', async () => {
  const { coordinator, assistant } = world.tokens;
  const ref = { municipality: MUNICIPALITY, caseId: 'c-flow' };
  const phase = async () =>
    (await world.call('GET', '/cases/c-flow', { token: coordinator })).body.case.phase;

  expect(
    (await world.call('POST', '/cases', { token: coordinator, json: newCaseBody('c-flow') })).status,
  ).toBe(201);
  expect(await phase()).toBe('request-assessment');

  const assessed = await world.call('POST', '/cases/c-flow/assessment', {
    token: coordinator,
    json: assessmentOn('2024-01-05'),
    headers: { 'Idempotency-Key': 'flow-assessment' },
  });
  expect(assessed.status).toBe(202);
  expect(await phase()).toBe('request-ranking');

  const rankingToken = await linkTokenFrom(world, ref, 'ranking-requested', 'rankingLink');
  const ranking = await world.call('GET', `/links/${rankingToken}`);
  const wanted = ranking.body.services.map((service: { code: string }) => service.code).reverse();
  expect(
    (await world.call('POST', `/links/${rankingToken}/ranking`, { json: { services: wanted } })).status,
  ).toBe(200);
  expect(await phase()).toBe('await-approval');

  const consentToken = await linkTokenFrom(world, ref, 'plan-ready-for-consent', 'consentLink');
  const plan = await world.call('GET', `/links/${consentToken}`);
  expect(plan.body.plan.lines.length).toBeGreaterThan(0);
  expect((await world.table.store.cycles.contents(ref, 1)).ranking).toMatchObject({
    rankedBy: 'parents',
    services: wanted,
  });
  const consent = await world.call('POST', `/links/${consentToken}/consent`, {
    json: { decision: 'given', revision: plan.body.plan.revision },
  });
  expect(consent.status).toBe(200);
  const awaiting = await world.call('GET', '/plans-awaiting-approval', { token: coordinator });
  expect(awaiting.body.items).toEqual([
    {
      caseId: 'c-flow',
      coordinatorId: 'u-7',
      cycle: 1,
      revision: 1,
      consentRecorded: true,
      consentRefused: false,
    },
  ]);

  const approved = await world.call('POST', `/cases/c-flow/plans/${plan.body.plan.revision}/approval`, {
    token: coordinator,
    json: {},
  });
  expect(approved.status).toBe(202);
  expect(await phase()).toBe('active');

  // Into February, the plan's first month: its timesheet is taken once the month has started.
  await world.advanceDays(25);
  const csv =
    'date,start,end,activity,confirmed\n2024-02-05,08:00,12:00,education,yes\n2024-02-06,09:00,10:30,leisure,yes\n';
  const sheet = await world.call('PUT', '/assistant/cases/c-flow/timesheets/2024-02', {
    token: assistant,
    csv,
  });
  expect(sheet.status).toBe(200);
  // Nothing is paid until the parents confirm the month, on the page their email links to.
  const unconfirmed = await world.call('GET', '/assistant/cases/c-flow/months/2024-02/preview', {
    token: assistant,
  });
  expect(unconfirmed.body).toMatchObject({ paidMinutes: 0, rejectedMinutes: 330 });
  const hoursToken = await linkTokenFrom(
    world,
    { municipality: MUNICIPALITY, caseId: 'c-flow' },
    'hours-to-confirm',
    'confirmLink',
  );
  const page = await (
    await world.app.request(`/links/${hoursToken}`, { headers: { accept: 'text/html' } })
  ).text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? '';
  const confirmed = await world.app.request(`/links/${hoursToken}/hours`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ csrf: field('csrf'), submittedAt: field('submittedAt') }).toString(),
  });
  expect(confirmed.status).toBe(303);
  const preview = await world.call('GET', '/assistant/cases/c-flow/months/2024-02/preview', {
    token: assistant,
  });
  expect(preview.body).toMatchObject({ granted: true, paidMinutes: 330, rejectedMinutes: 0 });
  expect(preview.body.amountCents).toBe(Math.round((330 * 511) / 60));

  const early = await world.call('POST', '/cases/c-flow/early-review', { token: coordinator });
  expect(early.status).toBe(202);
  const next = await world.call('GET', '/cases/c-flow', { token: coordinator });
  expect(next.body.case).toMatchObject({ cycle: 2, phase: 'request-assessment' });
  expect(next.body.cycle).toMatchObject({ number: 2, assessments: [], plans: [] });

  const kinds = (await world.outbox(ref)).map((item) => item.kind).sort();
  expect(kinds).toEqual([
    'assessment-due',
    'assessment-due',
    'assistant-assignment-started',
    'assistant-assignment-started',
    'hours-to-confirm',
    'plan-activated',
    'plan-awaiting-approval',
    'plan-ready-for-consent',
    'ranking-requested',
  ]);
  const audit = await world.call('GET', '/cases/c-flow/audit?limit=500', { token: coordinator });
  const actors = new Set(audit.body.events.map((event: { actor: { kind: string } }) => event.actor.kind));
  expect([...actors].sort()).toEqual(['assistant', 'coordinator', 'parent', 'system']);
  expect(world.logs.filter((entry) => entry.status >= 500)).toEqual([]);
});
