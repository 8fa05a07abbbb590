/**
 * The coordinators' and supervisors' routes over HTTP on DynamoDB Local, with the review cycle
 * really running in the local runtime: opening a case, the cycle's commands, the reads, and every
 * way a caller is refused (no token, a bad token, the wrong group, another municipality) or bad
 * input is refused (problem+json naming each field, nothing written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '../../functions/api/problem.ts';
import { submitConfirmed } from '../support/store-fixtures.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  assessmentOn,
  createApiWorld,
  MUNICIPALITY,
  newCaseBody,
  openCaseOverHttp,
  settledFebruary,
} from './support.ts';

let world: ApiWorld;

beforeAll(async () => {
  world = await createApiWorld('api-cases');
});
afterAll(async () => {
  await world?.close();
});

const ref = (caseId: string) => ({ municipality: MUNICIPALITY, caseId });

describe('opening a case', () => {
  it('opens a case in the token’s municipality and starts its cycle, which asks for the assessment', async () => {
    const response = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-open'),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/cases/c-open');
    expect(response.body.case).toMatchObject({
      municipality: MUNICIPALITY,
      caseId: 'c-open',
      coordinatorId: 'u-7',
      phase: 'request-assessment',
      status: 'open',
    });
    expect(response.body.case).not.toHaveProperty('entity');
    const stored = await world.table.store.cases.require(ref('c-open'));
    expect(stored).toMatchObject({ phase: 'request-assessment', cycle: 1 });
    expect((await world.outbox(ref('c-open'))).map((item) => item.kind)).toEqual(['assessment-due']);
    const person = await world.table.store.cases.getPerson(ref('c-open'));
    expect(person?.contacts.map((contact) => contact.id)).toEqual(['p-1', 'a-1', 'a-3', 'u-7']);
  });

  it('never takes the municipality from the body: an unknown field is refused and nothing is written', async () => {
    const response = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: { ...newCaseBody('c-muni'), municipality: 'riga' },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({ type: problemType('invalid-input'), status: 422 });
    expect(response.body.errors).toEqual([
      { path: 'body', message: expect.stringContaining('municipality') },
    ]);
    expect(await world.partition(ref('c-muni'))).toEqual([]);
    expect(await world.table.store.cases.get({ municipality: 'riga', caseId: 'c-muni' })).toBeUndefined();
  });

  it('names every bad field, never echoes a value, and writes nothing', async () => {
    const body = newCaseBody('c-bad');
    const secretName = 'Secret Person Name';
    const response = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: {
        ...body,
        participantId: 'has#hash',
        person: {
          participant: { name: '' },
          contacts: [
            { role: 'legal-representative', id: 'p-1', name: secretName, language: 'de' },
            { role: 'assistant', id: 'a-1', name: 'A', email: 'not-an-email', language: 'lv' },
          ],
        },
      },
    });
    expect(response.status).toBe(422);
    const paths = response.body.errors.map((error: { path: string }) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.participantId',
        'body.person.participant.name',
        'body.person.contacts[0].language',
        'body.person.contacts[1].email',
      ]),
    );
    expect(response.text).not.toContain(secretName);
    expect(response.text).not.toContain('not-an-email');
    expect(response.text).not.toContain('has#hash');
    expect(await world.partition(ref('c-bad'))).toEqual([]);
  });

  it('requires a legal representative with an email and the coordinator’s contact', async () => {
    const body = newCaseBody('c-contacts');
    const withoutEmail = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: {
        ...body,
        person: {
          ...body.person,
          contacts: body.person.contacts.map((contact) =>
            contact.role === 'legal-representative' ? { ...contact, email: undefined } : contact,
          ),
        },
      },
    });
    expect(withoutEmail.status).toBe(422);
    expect(withoutEmail.body.errors).toEqual([
      { path: 'body.person.contacts[0].email', message: expect.stringContaining('legal-representative') },
    ]);
    const otherCoordinator = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: { ...body, coordinatorId: 'u-99' },
    });
    expect(otherCoordinator.status).toBe(422);
    expect(otherCoordinator.body.errors).toEqual([
      { path: 'body.person.contacts', message: expect.stringContaining('u-99') },
    ]);
    expect(await world.partition(ref('c-contacts'))).toEqual([]);
  });

  it('answers a second open of the same case id with 409 and changes nothing', async () => {
    await openCaseOverHttp(world, 'c-twice');
    const before = await world.partition(ref('c-twice'));
    const again = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-twice'),
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: problemType('conflict'),
      detail: expect.stringContaining('already exists'),
    });
    expect(await world.partition(ref('c-twice'))).toEqual(before);
  });

  it('refuses bodies that are not JSON, and other media types', async () => {
    const broken = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      raw: { body: '{"caseId":', contentType: 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.type).toBe(problemType('bad-request'));
    const xml = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      raw: { body: '<case/>', contentType: 'application/xml' },
    });
    expect(xml.status).toBe(415);
    const huge = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      raw: { body: `{"caseId":"${'x'.repeat(300 * 1024)}"}`, contentType: 'application/json' },
    });
    expect(huge.status).toBe(413);
  });
});

describe('who may do what', () => {
  it('refuses a request without a token, with a bad or expired token, with 401 and WWW-Authenticate', async () => {
    const none = await world.call('GET', '/cases');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body.type).toBe(problemType('unauthenticated'));
    const forged = await world.call('GET', '/cases', {
      token: `${world.tokens.coordinator.slice(0, -4)}AAAA`,
    });
    expect(forged.status).toBe(401);
    const { issueLocalToken } = await import('../../local/tokens.ts');
    const expired = await issueLocalToken('a-test-token-secret-that-is-long-enough-5678', {
      sub: 'u-7',
      groups: ['coordinators'],
      municipality: MUNICIPALITY,
      issuedAt: new Date(Date.now() - 2 * 86_400_000),
      ttlSeconds: 60,
    });
    expect((await world.call('GET', '/cases', { token: expired })).status).toBe(401);
    const otherSecret = await issueLocalToken('another-secret-that-is-long-enough-000000', {
      sub: 'u-7',
      groups: ['coordinators'],
      municipality: MUNICIPALITY,
    });
    expect((await world.call('GET', '/cases', { token: otherSecret })).status).toBe(401);
  });

  it('refuses assistants on coordinators’ routes and supervisors on writes with 403', async () => {
    await openCaseOverHttp(world, 'c-roles');
    const asAssistant = await world.call('GET', '/cases/c-roles', { token: world.tokens.assistant });
    expect(asAssistant.status).toBe(403);
    expect(asAssistant.body.type).toBe(problemType('forbidden'));
    const supervisorReads = await world.call('GET', '/cases/c-roles', { token: world.tokens.supervisor });
    expect(supervisorReads.status).toBe(200);
    const supervisorWrites = await world.call('POST', '/cases/c-roles/early-review', {
      token: world.tokens.supervisor,
    });
    expect(supervisorWrites.status).toBe(403);
    const supervisorOpens = await world.call('POST', '/cases', {
      token: world.tokens.supervisor,
      json: newCaseBody('c-s'),
    });
    expect(supervisorOpens.status).toBe(403);
    expect(await world.partition(ref('c-s'))).toEqual([]);
  });

  it('shows a coordinator of another municipality nothing: the case is not found (404, not 403)', async () => {
    await openCaseOverHttp(world, 'c-tenant');
    const before = await world.partition(ref('c-tenant'));
    const other = world.tokens.otherCoordinator;
    for (const [method, path, json] of [
      ['GET', '/cases/c-tenant', undefined],
      ['GET', '/cases/c-tenant/audit', undefined],
      ['GET', '/cases/c-tenant/statements/2024-02', undefined],
      ['POST', '/cases/c-tenant/assessment', assessmentOn('2024-01-05')],
      ['POST', '/cases/c-tenant/ranking', { services: ['physiotherapy'] }],
      ['POST', '/cases/c-tenant/plans/1/approval', { consent: { by: 'p-1' } }],
      ['POST', '/cases/c-tenant/plans/1/changes', { parentRanking: ['physiotherapy'] }],
      ['POST', '/cases/c-tenant/early-review', undefined],
      ['POST', '/cases/c-tenant/closure', { reason: 'moved-away' }],
      ['POST', '/cases/c-tenant/resume', undefined],
      ['POST', '/cases/c-tenant/statement-links', {}],
    ] as const) {
      const response = await world.call(method, path, { token: other, ...(json !== undefined && { json }) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.type).toBe(problemType('not-found'));
    }
    const listed = await world.call('GET', '/cases', { token: other });
    expect(listed.body.items).toEqual([]);
    expect(await world.partition(ref('c-tenant'))).toEqual(before);
  });

  it('answers an unknown route with a problem that does not echo the path', async () => {
    const response = await world.call('GET', '/nothing/secret-token-here', {
      token: world.tokens.coordinator,
    });
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('secret-token-here');
  });
});

describe('the cycle’s commands', () => {
  it('checks the assessment against the catalogue and the recommendations, naming the fields', async () => {
    await openCaseOverHttp(world, 'c-assess');
    const assessment = assessmentOn('2024-01-05');
    const bad = await world.call('POST', '/cases/c-assess/assessment', {
      token: world.tokens.coordinator,
      json: {
        ...assessment,
        scores: { ...assessment.scores, mobility: 7 },
        recommendations: [
          ...assessment.recommendations,
          { service: 'unicorn-therapy', rank: 1, unitsPerMonth: 2, minUnitsPerMonth: 1, essential: false },
        ],
      },
    });
    expect(bad.status).toBe(422);
    // Every problem in the first answer: the bad score and the checks across fields alike.
    expect(bad.body.errors.map((error: { path: string }) => error.path)).toEqual([
      'body.scores.mobility',
      'body.recommendations[3].service',
      'body.recommendations[3].rank',
    ]);
    const unknownService = await world.call('POST', '/cases/c-assess/assessment', {
      token: world.tokens.coordinator,
      json: {
        ...assessment,
        recommendations: [
          ...assessment.recommendations,
          { service: 'unicorn-therapy', rank: 1, unitsPerMonth: 2, minUnitsPerMonth: 1, essential: false },
        ],
      },
    });
    expect(unknownService.status).toBe(422);
    expect(unknownService.body.errors).toEqual([
      { path: 'body.recommendations[3].service', message: 'is not a service of the catalogue in force' },
      { path: 'body.recommendations[3].rank', message: 'appears twice' },
    ]);
    const missing = await world.call('POST', '/cases/c-assess/assessment', {
      token: world.tokens.coordinator,
      json: { ...assessment, recommendations: undefined },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((error: { path: string }) => error.path)).toEqual([
      'body.recommendations',
    ]);
    expect((await world.table.store.cycles.contents(ref('c-assess'), 1)).assessments).toEqual([]);
  });

  it('refuses an assessment that recommends both the assistant and the companion, naming the rule', async () => {
    await openCaseOverHttp(world, 'c-both');
    // The world's today is 2024-01-08; an assessment may not be dated later.
    const assessment = assessmentOn('2024-01-08');
    const both = await world.call('POST', '/cases/c-both/assessment', {
      token: world.tokens.coordinator,
      json: {
        ...assessment,
        recommendations: [
          { service: 'assistant', rank: 1, unitsPerMonth: 80, minUnitsPerMonth: 1, essential: true },
          { service: 'companion', rank: 2, unitsPerMonth: 60, minUnitsPerMonth: 1, essential: false },
        ],
      },
    });
    expect(both.status).toBe(422);
    expect(both.body.errors).toEqual([
      {
        path: 'body.recommendations[1].service',
        message: expect.stringContaining(
          'the companion is for a child who does not receive the assistant service',
        ),
      },
    ]);
    expect((await world.table.store.cycles.contents(ref('c-both'), 1)).assessments).toEqual([]);
  });

  it('records a stay in hospital once, with an audit event; bad dates are refused and write nothing', async () => {
    await openCaseOverHttp(world, 'c-stay');
    const stay = { stayId: 'stay-1', kind: 'hospital', from: '2024-03-10', to: '2024-03-15' };
    const first = await world.call('POST', '/cases/c-stay/stays', {
      token: world.tokens.coordinator,
      json: stay,
    });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ caseId: 'c-stay', stayId: 'stay-1', created: true });
    const again = await world.call('POST', '/cases/c-stay/stays', {
      token: world.tokens.coordinator,
      json: stay,
    });
    expect(again.body.created).toBe(false);
    const other = await world.call('POST', '/cases/c-stay/stays', {
      token: world.tokens.coordinator,
      json: { ...stay, to: '2024-03-20' },
    });
    expect(other.status).toBe(409);
    const backwards = await world.call('POST', '/cases/c-stay/stays', {
      token: world.tokens.coordinator,
      json: { ...stay, stayId: 'stay-2', from: '2024-03-20', to: '2024-03-10' },
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors.map((error: { path: string }) => error.path)).toEqual(['body.to']);
    expect(await world.table.store.stays.all(ref('c-stay'))).toHaveLength(1);
    const trail = await world.table.store.audit.trail(ref('c-stay'), { limit: 10 });
    expect(trail.events.filter((event) => event.action === 'stay-recorded')).toHaveLength(1);
  });

  it('takes a case through assessment, ranking and approval to its active period', async () => {
    await activeCaseOverHttp(world, 'c-active');
    const current = await world.table.store.cases.require(ref('c-active'));
    expect(current).toMatchObject({ phase: 'active', period: { start: '2024-02-01', end: '2024-07-31' } });
    const contents = await world.table.store.cycles.contents(ref('c-active'), 1);
    expect(contents.ranking).toMatchObject({
      rankedBy: 'coordinator',
      services: ['music-therapy', 'physiotherapy'],
    });
    expect(contents.plans[0]).toMatchObject({ status: 'active', consent: { by: 'p-1', via: 'coordinator' } });
    const audit = await world.call('GET', '/cases/c-active/audit?limit=200', {
      token: world.tokens.coordinator,
    });
    const actions = audit.body.events.map((event: { action: string }) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['case-opened', 'assessment-submitted', 'ranking-recorded', 'plan-approved']),
    );
    const coordinatorEvents = audit.body.events.filter(
      (event: { actor: { id: string } }) => event.actor.id === 'u-7',
    );
    expect(coordinatorEvents.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(audit.body)).not.toContain('Bērziņa');
  });

  it('refuses a command in a phase that does not take it with 409 naming the phase, and changes nothing', async () => {
    await openCaseOverHttp(world, 'c-phase');
    const before = await world.partition(ref('c-phase'));
    const early = await world.call('POST', '/cases/c-phase/early-review', {
      token: world.tokens.coordinator,
    });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: problemType('conflict'), phase: 'request-assessment' });
    const approval = await world.call('POST', '/cases/c-phase/plans/1/approval', {
      token: world.tokens.coordinator,
      json: { consent: { by: 'p-1' } },
    });
    expect(approval.status).toBe(409);
    expect(approval.body.phase).toBe('request-assessment');
    const ranking = await world.call('POST', '/cases/c-phase/ranking', {
      token: world.tokens.coordinator,
      json: { services: ['physiotherapy'] },
    });
    expect(ranking.status).toBe(422);
    expect(ranking.body.errors).toEqual([
      { path: 'body.services[0]', message: 'is not one of the recommended services' },
    ]);
    expect(await world.partition(ref('c-phase'))).toEqual(before);
  });

  it('approves only with a consent: from the body (a legal representative) or recorded through the link', async () => {
    await openCaseOverHttp(world, 'c-consent');
    const { coordinator } = world.tokens;
    await world.call('POST', '/cases/c-consent/assessment', {
      token: coordinator,
      json: assessmentOn('2024-01-05'),
    });
    await world.call('POST', '/cases/c-consent/ranking', {
      token: coordinator,
      json: { services: ['physiotherapy'] },
    });
    expect((await world.table.store.cases.require(ref('c-consent'))).phase).toBe('await-approval');
    const noConsent = await world.call('POST', '/cases/c-consent/plans/1/approval', {
      token: coordinator,
      json: {},
    });
    expect(noConsent.status).toBe(422);
    expect(noConsent.body.errors).toEqual([
      { path: 'body.consent', message: expect.stringContaining('link') },
    ]);
    const stranger = await world.call('POST', '/cases/c-consent/plans/1/approval', {
      token: coordinator,
      json: { consent: { by: 'a-1' } },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors).toEqual([
      { path: 'body.consent.by', message: expect.stringContaining('legal representatives') },
    ]);
    const wrongRevision = await world.call('POST', '/cases/c-consent/plans/2/approval', {
      token: coordinator,
      json: { consent: { by: 'p-1' } },
    });
    expect(wrongRevision.status).toBe(409);
    expect(wrongRevision.body.detail).toContain('revision 2');
    expect((await world.table.store.cycles.contents(ref('c-consent'), 1)).plans[0]?.status).toBe('draft');
  });

  it('asks for changes: the next revision is drafted; the old revision can no longer be approved', async () => {
    await openCaseOverHttp(world, 'c-changes');
    const { coordinator } = world.tokens;
    await world.call('POST', '/cases/c-changes/assessment', {
      token: coordinator,
      json: assessmentOn('2024-01-05'),
    });
    await world.call('POST', '/cases/c-changes/ranking', {
      token: coordinator,
      json: { services: ['physiotherapy'] },
    });
    const empty = await world.call('POST', '/cases/c-changes/plans/1/changes', {
      token: coordinator,
      json: {},
    });
    expect(empty.status).toBe(422);
    const changes = await world.call('POST', '/cases/c-changes/plans/1/changes', {
      token: coordinator,
      json: { parentRanking: ['speech-therapy', 'physiotherapy'] },
    });
    expect(changes.status).toBe(202);
    expect(changes.body).toEqual({ caseId: 'c-changes', command: 'request-changes', revision: 1 });
    const plans = (await world.table.store.cycles.contents(ref('c-changes'), 1)).plans;
    expect(plans.map((plan) => [plan.revision, plan.status])).toEqual([
      [1, 'superseded'],
      [2, 'draft'],
    ]);
    const old = await world.call('POST', '/cases/c-changes/plans/1/approval', {
      token: coordinator,
      json: { consent: { by: 'p-1' } },
    });
    expect(old.status).toBe(409);
    expect(old.body.detail).toContain('latest is revision 2');
  });

  it('triggers an early review of an active case: the next cycle asks for a re-assessment', async () => {
    await activeCaseOverHttp(world, 'c-early');
    const response = await world.call('POST', '/cases/c-early/early-review', {
      token: world.tokens.coordinator,
    });
    expect(response.status).toBe(202);
    expect(await world.table.store.cases.require(ref('c-early'))).toMatchObject({
      cycle: 2,
      phase: 'request-assessment',
    });
    const again = await world.call('POST', '/cases/c-early/early-review', {
      token: world.tokens.coordinator,
    });
    expect(again.status).toBe(409);
  });

  it('closes a case with a reason; closing again and resuming a closed case are conflicts', async () => {
    await openCaseOverHttp(world, 'c-close');
    const badReason = await world.call('POST', '/cases/c-close/closure', {
      token: world.tokens.coordinator,
      json: { reason: 'bored' },
    });
    expect(badReason.status).toBe(422);
    expect(badReason.body.errors[0].path).toBe('body.reason');
    const closed = await world.call('POST', '/cases/c-close/closure', {
      token: world.tokens.coordinator,
      json: { reason: 'moved-away' },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.case).toMatchObject({ status: 'closed', closedReason: 'moved-away' });
    const again = await world.call('POST', '/cases/c-close/closure', {
      token: world.tokens.coordinator,
      json: { reason: 'moved-away' },
    });
    expect(again.status).toBe(409);
    expect(again.body.phase).toBe('closed');
    const resume = await world.call('POST', '/cases/c-close/resume', { token: world.tokens.coordinator });
    expect(resume.status).toBe(409);
  });

  it('resumes a cycle only when none is running', async () => {
    await openCaseOverHttp(world, 'c-resume');
    const running = await world.call('POST', '/cases/c-resume/resume', { token: world.tokens.coordinator });
    expect(running.status).toBe(409);
    expect(running.body.detail).toContain('a phase without a running cycle');
    const current = await world.table.store.cases.require(ref('c-resume'));
    await world.sfn.stopExecution(current.execution ?? '', 'Test.Stopped');
    const resumed = await world.call('POST', '/cases/c-resume/resume', { token: world.tokens.coordinator });
    expect(resumed.status).toBe(202);
    expect(resumed.body).toEqual({
      caseId: 'c-resume',
      command: 'resume-cycle',
      resumeFrom: 'request-assessment',
    });
  });
});

describe('reads', () => {
  it('reads a case with its person, its current cycle and the parents’ answers', async () => {
    await activeCaseOverHttp(world, 'c-read');
    const response = await world.call('GET', '/cases/c-read', { token: world.tokens.coordinator });
    expect(response.status).toBe(200);
    expect(response.body.case).toMatchObject({ caseId: 'c-read', phase: 'active' });
    expect(response.body.person.participant.name).toBe('Anna Bērziņa');
    expect(response.body.cycle.number).toBe(1);
    expect(response.body.cycle.assessments).toHaveLength(1);
    expect(response.body.cycle.plans[0]).toMatchObject({ revision: 1, status: 'active' });
    expect(response.body.cycle.grants[0]).toMatchObject({ service: 'assistant', basis: 'month' });
    expect(response.body.cycle.budget.cents).toBeGreaterThan(0);
    expect(response.body.parentAnswers).toEqual([]);
  });

  it('lists the municipality’s cases a page at a time, and one coordinator’s', async () => {
    const first = await world.call('GET', '/cases?limit=2', { token: world.tokens.coordinator });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.cursor).toEqual(expect.any(String));
    const second = await world.call('GET', `/cases?limit=2&cursor=${first.body.cursor}`, {
      token: world.tokens.coordinator,
    });
    expect(second.body.items[0].caseId > first.body.items[1].caseId).toBe(true);
    const mine = await world.call('GET', '/cases?coordinatorId=u-7&limit=1000', {
      token: world.tokens.supervisor,
    });
    expect(mine.body.items.length).toBeGreaterThan(2);
    expect(
      mine.body.items.every((item: { municipality: string }) => item.municipality === MUNICIPALITY),
    ).toBe(true);
    const badLimit = await world.call('GET', '/cases?limit=0', { token: world.tokens.coordinator });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([
      { path: 'query.limit', message: 'must be a whole number from 1 to 1000' },
    ]);
    const badCursor = await world.call('GET', '/cases?cursor=nonsense', { token: world.tokens.coordinator });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toEqual([
      { path: 'query.cursor', message: 'is not a cursor of this list: start again without it' },
    ]);
  });

  it('lists reviews and re-assessments due, plans awaiting approval and missing timesheets', async () => {
    await activeCaseOverHttp(world, 'c-lists');
    const due = await world.call('GET', '/reviews-due?from=2024-07-01&to=2024-08-31', {
      token: world.tokens.supervisor,
    });
    expect(due.status).toBe(200);
    expect(due.body.items).toEqual(
      expect.arrayContaining([
        { caseId: 'c-lists', kind: 'review', date: '2024-07-01' },
        { caseId: 'c-lists', kind: 'reassessment', date: '2024-08-01' },
      ]),
    );
    const backwards = await world.call('GET', '/reviews-due?from=2024-08-01&to=2024-07-01', {
      token: world.tokens.coordinator,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].path).toBe('query.to');

    await openCaseOverHttp(world, 'c-awaiting');
    await world.call('POST', '/cases/c-awaiting/assessment', {
      token: world.tokens.coordinator,
      json: assessmentOn('2024-01-05'),
    });
    await world.call('POST', '/cases/c-awaiting/ranking', {
      token: world.tokens.coordinator,
      json: { services: ['physiotherapy'] },
    });
    const awaiting = await world.call('GET', '/plans-awaiting-approval?limit=1000', {
      token: world.tokens.coordinator,
    });
    expect(awaiting.body.items).toContainEqual({
      caseId: 'c-awaiting',
      coordinatorId: 'u-7',
      cycle: 1,
      revision: 1,
      consentRecorded: false,
      consentRefused: false,
    });
    expect(awaiting.body.items.map((item: { caseId: string }) => item.caseId)).not.toContain('c-lists');

    await submitConfirmed(
      world.table.store,
      ref('c-lists'),
      '2024-02',
      {
        assistantId: 'a-1',
        entries: [{ date: '2024-02-05', minutes: 120, activity: 'education', confirmed: true }],
      },
      {
        actor: { kind: 'assistant', id: 'a-1' },
        action: 'timesheet-submitted',
        at: '2024-03-01T08:00:00.000Z',
      },
    );
    const missing = await world.call('GET', '/timesheets-missing?month=2024-02', {
      token: world.tokens.coordinator,
    });
    expect(missing.status).toBe(200);
    expect(missing.body.items).toContainEqual({
      caseId: 'c-lists',
      coordinatorId: 'u-7',
      assistantIds: ['a-3'],
    });
    const elsewhere = await world.call('GET', '/timesheets-missing?month=2024-02', {
      token: world.tokens.otherCoordinator,
    });
    expect(elsewhere.body.items).toEqual([]);
    const noMonth = await world.call('GET', '/timesheets-missing', { token: world.tokens.coordinator });
    expect(noMonth.status).toBe(400);
    expect(noMonth.body.errors[0].path).toBe('query.month');
  });

  it('reads a month’s statements of a case', async () => {
    await activeCaseOverHttp(world, 'c-statements');
    const empty = await world.call('GET', '/cases/c-statements/statements/2024-02', {
      token: world.tokens.supervisor,
    });
    expect(empty.body).toEqual({ month: '2024-02', statements: [] });
    await settledFebruary(world, ref('c-statements'));
    const response = await world.call('GET', '/cases/c-statements/statements/2024-02', {
      token: world.tokens.coordinator,
    });
    expect(response.status).toBe(200);
    expect(response.body.statements).toHaveLength(1);
    expect(response.body.statements[0]).toMatchObject({
      sequence: 0,
      kind: 'original',
      statement: { paidMinutes: 120 },
    });
    const badMonth = await world.call('GET', '/cases/c-statements/statements/2024-13', {
      token: world.tokens.coordinator,
    });
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.errors).toEqual([{ path: 'path.month', message: 'must be a month YYYY-MM' }]);
  });

  it('answers every response with the schema it documents (none failed the check)', () => {
    expect(world.logs.filter((entry) => entry.status >= 500)).toEqual([]);
  });
});
