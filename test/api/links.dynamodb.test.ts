/**
 * The parents' signed links over HTTP on DynamoDB Local, taken from the emails the cycle decided
 * (the outbox items): what a link shows, ranking and consent once per link, and every refusal:
 * a forged, malformed or foreign-secret link (404), a link on another step's route (404), an
 * expired link, a used link and a link of a cycle that is over (410).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '../../functions/api/problem.ts';
import { addDays, rigaDateOf, rigaStartOf } from '../../functions/domain/calendar.ts';
import { workflowRulesOn } from '../../functions/domain/policy/policy.ts';
import { LinkRefused, signLink, verifyLink } from '../../functions/links/signed-link.ts';
import { formatDate } from '../../functions/notify/render/format.ts';
import { renderNotification } from '../../functions/notify/render/kinds.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  assessmentOn,
  createApiWorld,
  LINK_SECRET,
  linkTokenFrom,
  MUNICIPALITY,
  openCaseOverHttp,
  settledFebruary,
} from './support.ts';

let world: ApiWorld;
const ref = (caseId: string) => ({ municipality: MUNICIPALITY, caseId });

beforeAll(async () => {
  world = await createApiWorld('api-links');
});
afterAll(async () => {
  await world?.close();
});

/** A case with two legal representatives whose cycle waits for the parents' ranking. */
async function awaitingRanking(caseId: string): Promise<string> {
  await openCaseOverHttp(world, caseId, { representatives: 2 });
  const assessed = await world.call('POST', `/cases/${caseId}/assessment`, {
    token: world.tokens.coordinator,
    json: assessmentOn('2024-01-05'),
  });
  expect(assessed.status).toBe(202);
  expect((await world.table.store.cases.require(ref(caseId))).phase).toBe('request-ranking');
  return linkTokenFrom(world, ref(caseId), 'ranking-requested', 'rankingLink');
}

/** A case whose drafted plan awaits consent and approval; the consent link. */
async function awaitingConsent(caseId: string): Promise<string> {
  const ranking = await awaitingRanking(caseId);
  const ranked = await world.call('POST', `/links/${ranking}/ranking`, {
    json: { services: ['physiotherapy'] },
  });
  expect(ranked.status).toBe(200);
  expect((await world.table.store.cases.require(ref(caseId))).phase).toBe('await-approval');
  return linkTokenFrom(world, ref(caseId), 'plan-ready-for-consent', 'consentLink');
}

describe('the ranking link', () => {
  it('shows the recommended services in the team’s order, without anyone’s name, and is not used up by reading', async () => {
    const token = await awaitingRanking('c-rank');
    const response = await world.call('GET', `/links/${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ step: 'ranking', caseId: 'c-rank', cycle: 1, answerable: true });
    expect(response.body.services.map((service: { code: string }) => service.code)).toEqual([
      'physiotherapy',
      'speech-therapy',
      'music-therapy',
    ]);
    expect(response.body.services[0].name).toEqual({ lv: 'Fizioterapija', en: 'Physiotherapy' });
    expect(response.text).not.toMatch(/Bērziņ|Oksana|Marta/);
    expect((await world.call('GET', `/links/${token}`)).status).toBe(200);
    expect(
      await world.table.store.linkUses.get(ref('c-rank'), JSON.parse(atob(token.split('.')[0] ?? '')).nonce),
    ).toBeUndefined();
  });

  it('refuses services that were not recommended, naming them, and the link stays usable', async () => {
    const token = await awaitingRanking('c-rank-bad');
    const before = await world.partition(ref('c-rank-bad'));
    const response = await world.call('POST', `/links/${token}/ranking`, {
      json: { services: ['physiotherapy', 'unicorn-therapy', 'physiotherapy'] },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'body.services[1]', message: 'is not one of the recommended services' },
      { path: 'body.services[2]', message: 'appears twice' },
    ]);
    const stranger = await world.call('POST', `/links/${token}/ranking`, {
      json: { services: ['physiotherapy'], representativeId: 'a-1' },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].path).toBe('body.representativeId');
    expect(await world.partition(ref('c-rank-bad'))).toEqual(before);
    expect(
      (await world.call('POST', `/links/${token}/ranking`, { json: { services: ['music-therapy'] } })).status,
    ).toBe(200);
  });

  it('records the ranking once: the same answer again gets the same response, another answer 410, and reading it 410', async () => {
    const token = await awaitingRanking('c-rank-once');
    const answer = { services: ['music-therapy', 'physiotherapy'], representativeId: 'p-2' };
    const first = await world.call('POST', `/links/${token}/ranking`, { json: answer });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ recorded: 'ranking', caseId: 'c-rank-once' });
    const contents = await world.table.store.cycles.contents(ref('c-rank-once'), 1);
    expect(contents.ranking).toMatchObject({
      rankedBy: 'parents',
      services: ['music-therapy', 'physiotherapy'],
    });
    expect(contents.plans).toHaveLength(1);
    const after = await world.partition(ref('c-rank-once'));

    const retry = await world.call('POST', `/links/${token}/ranking`, { json: answer });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await world.partition(ref('c-rank-once'))).toEqual(after);

    const reordered = await world.call('POST', `/links/${token}/ranking`, {
      json: { ...answer, services: ['physiotherapy', 'music-therapy'] },
    });
    expect(reordered.status).toBe(410);
    const other = await world.call('POST', `/links/${token}/ranking`, {
      json: { services: ['physiotherapy'] },
    });
    expect(other.status).toBe(410);
    expect(other.body.type).toBe(problemType('gone'));
    expect((await world.call('GET', `/links/${token}`)).status).toBe(410);
    expect(await world.partition(ref('c-rank-once'))).toEqual(after);

    const audit = await world.table.store.audit.trail(ref('c-rank-once'), { limit: 100 });
    expect(audit.events.find((event) => event.action === 'ranking-recorded')?.actor).toEqual({
      kind: 'parent',
      id: 'p-2',
    });
  });

  it('is not found on another step’s routes, nor when forged, malformed or signed with another secret', async () => {
    const token = await awaitingRanking('c-rank-forged');
    const [body, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, caseId: 'c-rank' })).toString('base64url')}.${signature}`;
    const foreign = signLink('another-secret-that-is-long-enough-for-links', claims);
    const expiredForgery = signLink('another-secret-that-is-long-enough-for-links', {
      ...claims,
      expiresAt: 1,
    });
    for (const [method, path] of [
      ['POST', `/links/${token}/consent`],
      ['GET', `/links/${token}/statements/2024-02`],
      ['GET', `/links/${tampered}`],
      ['POST', `/links/${tampered}/ranking`],
      ['GET', `/links/${foreign}`],
      ['GET', `/links/${expiredForgery}`],
      ['GET', '/links/not-a-token'],
      ['GET', `/links/${body}.${signature}.extra`],
    ] as const) {
      const response = await world.call(method, path, {
        ...(method === 'POST' && { json: { services: ['physiotherapy'], decision: 'given', revision: 1 } }),
      });
      expect(response.status, `${method} ${path.slice(0, 20)}`).toBe(404);
      expect(response.body).toMatchObject({
        type: problemType('not-found'),
        detail: 'there is no such link',
      });
    }
    expect((await world.table.store.cycles.contents(ref('c-rank'), 1)).ranking).toBeUndefined();
  });

  it('is gone once expired, and once its cycle is over', async () => {
    await activeCaseOverHttp(world, 'c-rank-old');
    const now = Math.floor(world.clock.now().getTime() / 1000);
    const claims = {
      municipality: MUNICIPALITY,
      caseId: 'c-rank-old',
      cycle: 1,
      step: 'ranking' as const,
      nonce: 'n-old',
    };
    const expired = signLink(LINK_SECRET, { ...claims, expiresAt: now - 1 });
    const response = await world.call('POST', `/links/${expired}/ranking`, {
      json: { services: ['physiotherapy'] },
    });
    expect(response.status).toBe(410);
    expect(response.body.detail).toContain('expired');
    expect((await world.call('GET', `/links/${expired}`)).status).toBe(410);

    const early = await world.call('POST', '/cases/c-rank-old/early-review', {
      token: world.tokens.coordinator,
    });
    expect(early.status).toBe(202);
    const pastCycle = signLink(LINK_SECRET, { ...claims, expiresAt: now + 86_400 });
    const late = await world.call('POST', `/links/${pastCycle}/ranking`, {
      json: { services: ['physiotherapy'] },
    });
    expect(late.status).toBe(410);
    expect(late.body.detail).toContain('cycle');
  });

  it('answers 409 when the plan is being drafted already, and leaves the link usable', async () => {
    await activeCaseOverHttp(world, 'c-rank-late');
    const now = Math.floor(world.clock.now().getTime() / 1000);
    const token = signLink(LINK_SECRET, {
      municipality: MUNICIPALITY,
      caseId: 'c-rank-late',
      cycle: 1,
      step: 'ranking',
      expiresAt: now + 86_400,
      nonce: 'n-late',
    });
    const response = await world.call('POST', `/links/${token}/ranking`, {
      json: { services: ['physiotherapy'] },
    });
    expect(response.status).toBe(409);
    expect(response.body.phase).toBe('active');
    expect(await world.table.store.linkUses.get(ref('c-rank-late'), 'n-late')).toBeUndefined();
  });
});

describe('the consent link', () => {
  it('asks for an answer by the day its link expires at the end of: one deadline from the policy', async () => {
    const caseId = 'c-consent-deadline';
    const token = await awaitingConsent(caseId);
    const sent = (await world.outbox(ref(caseId))).filter((item) => item.kind === 'plan-ready-for-consent');
    const respondBy = String(sent.at(-1)?.data['respondBy']);
    const today = rigaDateOf(world.clock.now());
    expect(respondBy).toBe(addDays(today, workflowRulesOn(today).cycle.consentDays));
    const endOfDeadline = rigaStartOf(addDays(respondBy, 1)).getTime();
    expect(verifyLink(LINK_SECRET, token, world.clock.now()).expiresAt * 1_000).toBe(endOfDeadline);
    expect(verifyLink(LINK_SECRET, token, new Date(endOfDeadline - 1_000)).step).toBe('consent');
    expect(() => verifyLink(LINK_SECRET, token, new Date(endOfDeadline))).toThrow(LinkRefused);
    for (const language of ['lv', 'ru', 'en'] as const) {
      const email = renderNotification('plan-ready-for-consent', sent.at(-1)?.data, {
        language,
        organisation: 'Talsu novada Sociālais dienests',
      });
      expect(email.text).toContain(formatDate(respondBy, language));
    }
    // The ranking link's expiry is the day its email names, too.
    const rankingItem = (await world.outbox(ref(caseId))).find((item) => item.kind === 'ranking-requested');
    const rankingToken = String(rankingItem?.data['rankingLink']).split('/links/')[1] ?? '';
    const rankingExpires = JSON.parse(atob(rankingToken.split('.')[0] ?? '')).expiresAt as number;
    expect(rigaDateOf(new Date(rankingExpires * 1_000))).toBe(rankingItem?.data['deadline']);
  });

  it('shows the drafted plan and the legal representatives it was sent to, and nothing of others', async () => {
    const token = await awaitingConsent('c-consent-show');
    const response = await world.call('GET', `/links/${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ step: 'consent', caseId: 'c-consent-show', answerable: true });
    expect(response.body.plan).toMatchObject({
      revision: 1,
      period: { start: '2024-02-01', end: '2024-07-31' },
    });
    expect(response.body.plan.lines[0]).toMatchObject({
      service: 'physiotherapy',
      name: { lv: 'Fizioterapija' },
    });
    expect(response.body.representatives).toEqual([
      { id: 'p-1', name: 'Ilze Bērziņa' },
      { id: 'p-2', name: 'Jānis Bērziņš' },
    ]);
    expect(response.text).not.toMatch(/Anna|Oksana|Līga|Marta|@/);
  });

  it('records consent given on the draft without approving it; the coordinator’s approval then relies on it', async () => {
    const token = await awaitingConsent('c-consent-given');
    const nobody = await world.call('POST', `/links/${token}/consent`, {
      json: { decision: 'given', revision: 1 },
    });
    expect(nobody.status).toBe(422);
    expect(nobody.body.errors).toEqual([
      { path: 'body.representativeId', message: expect.stringContaining('2 legal representatives') },
    ]);
    const stale = await world.call('POST', `/links/${token}/consent`, {
      json: { decision: 'given', revision: 2, representativeId: 'p-1' },
    });
    expect(stale.status).toBe(409);
    const given = await world.call('POST', `/links/${token}/consent`, {
      json: { decision: 'given', revision: 1, representativeId: 'p-1' },
    });
    expect(given.status).toBe(200);
    expect(given.body).toEqual({ recorded: 'consent-given', caseId: 'c-consent-given' });
    const plan = (await world.table.store.cycles.contents(ref('c-consent-given'), 1)).plans[0];
    expect(plan).toMatchObject({ status: 'draft', consent: { by: 'p-1', via: 'link', on: '2024-01-08' } });
    expect((await world.table.store.cases.require(ref('c-consent-given'))).phase).toBe('await-approval');
    const awaiting = await world.call('GET', '/plans-awaiting-approval', { token: world.tokens.coordinator });
    expect(awaiting.body.items).toContainEqual(
      expect.objectContaining({ caseId: 'c-consent-given', consentRecorded: true }),
    );

    const again = await world.call('POST', `/links/${token}/consent`, {
      json: { decision: 'refused', revision: 1, representativeId: 'p-2' },
    });
    expect(again.status).toBe(410);

    const approval = await world.call('POST', '/cases/c-consent-given/plans/1/approval', {
      token: world.tokens.coordinator,
      json: {},
    });
    expect(approval.status).toBe(202);
    expect((await world.table.store.cases.require(ref('c-consent-given'))).phase).toBe('active');
    expect((await world.table.store.cycles.contents(ref('c-consent-given'), 1)).plans[0]?.consent?.via).toBe(
      'link',
    );
  });

  it('records a refusal with the link and in the audit trail; the plan stays a draft and needs a consent to approve', async () => {
    const token = await awaitingConsent('c-consent-refused');
    const refused = await world.call('POST', `/links/${token}/consent`, {
      json: { decision: 'refused', revision: 1, representativeId: 'p-2' },
    });
    expect(refused.status).toBe(200);
    expect(refused.body.recorded).toBe('consent-refused');
    const plan = (await world.table.store.cycles.contents(ref('c-consent-refused'), 1)).plans[0];
    expect(plan?.status).toBe('draft');
    expect(plan?.consent).toBeUndefined();
    const view = await world.call('GET', '/cases/c-consent-refused', { token: world.tokens.coordinator });
    expect(view.body.parentAnswers).toEqual([
      expect.objectContaining({ step: 'ranking', cycle: 1 }),
      {
        step: 'consent',
        cycle: 1,
        usedAt: expect.any(String),
        answer: { step: 'consent', decision: 'refused', revision: 1, representativeId: 'p-2' },
      },
    ]);
    const awaiting = await world.call('GET', '/plans-awaiting-approval', { token: world.tokens.coordinator });
    expect(awaiting.body.items).toContainEqual(
      expect.objectContaining({ caseId: 'c-consent-refused', consentRecorded: false, consentRefused: true }),
    );
    const trail = await world.table.store.audit.trail(ref('c-consent-refused'), { limit: 100 });
    expect(trail.events.find((event) => event.action === 'consent-refused')).toMatchObject({
      actor: { kind: 'parent', id: 'p-2' },
      changedFields: expect.arrayContaining(['answer.decision']),
    });
    const withoutConsent = await world.call('POST', '/cases/c-consent-refused/plans/1/approval', {
      token: world.tokens.coordinator,
      json: {},
    });
    expect(withoutConsent.status).toBe(422);
  });
});

describe('the statement link', () => {
  it('is made by the coordinator and reads the month’s statements without assistants’ ids', async () => {
    await activeCaseOverHttp(world, 'c-statement');
    await settledFebruary(world, ref('c-statement'));
    const made = await world.call('POST', '/cases/c-statement/statement-links', {
      token: world.tokens.coordinator,
      json: { days: 7 },
    });
    expect(made.status).toBe(201);
    expect(made.body.url).toMatch(/^https:\/\/atbalsts\.example\.lv\/links\//);
    const token = made.body.url.split('/links/')[1];
    const shown = await world.call('GET', `/links/${token}`);
    expect(shown.body).toEqual({ step: 'statement', caseId: 'c-statement', expiresAt: made.body.expiresAt });
    const read = await world.call('GET', `/links/${token}/statements/2024-02`);
    expect(read.status).toBe(200);
    expect(read.body.statements[0]).toMatchObject({ sequence: 0, paidMinutes: 120 });
    expect(read.body.statements[0].services).toEqual(
      expect.objectContaining({ monthCents: expect.any(Number) }),
    );
    expect(read.text).not.toContain('a-1');
    expect((await world.call('GET', `/links/${token}/statements/2024-02`)).status).toBe(200);
    expect(
      (await world.call('POST', `/links/${token}/ranking`, { json: { services: ['physiotherapy'] } })).status,
    ).toBe(404);
    const assistantMade = await world.call('POST', '/cases/c-statement/statement-links', {
      token: world.tokens.assistant,
      json: {},
    });
    expect(assistantMade.status).toBe(403);
  });

  it('answered every response with its documented schema', () => {
    expect(world.logs.filter((entry) => entry.status >= 500)).toEqual([]);
  });
});
