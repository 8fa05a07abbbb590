/**
 * The API as an attacker and a careless client would use it, on DynamoDB Local, in-process: every
 * operation of the OpenAPI document fuzzed (wrong types, missing and extra fields, huge strings,
 * deep nesting, `__proto__` keys, numbers out of range, impossible dates, wrong content types,
 * tampered cursors, bad paths and tokens) with no 5xx and nothing written by a refused request (the
 * whole table compared before and after); identical writes at once, with and without an
 * Idempotency-Key, make one change and one audit event; and a command racing the cycle's own start
 * loses nothing. Inputs come from fast-check with a fixed seed, so a run is the same every time.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../functions/store/cursor.ts';
import { type CaseRef, casePk } from '../../functions/store/keys.ts';
import { issueLocalToken } from '../../local/tokens.ts';
import {
  type ApiResponse,
  type ApiWorld,
  activeCaseOverHttp,
  assessmentOn,
  createApiWorld,
  LOCAL_SECRET,
  linkTokenFrom,
  MUNICIPALITY,
  newCaseBody,
  openCaseOverHttp,
} from './support.ts';

const SEED = 20_241_202;
// biome-ignore lint/suspicious/noExplicitAny: walking a JSON document
type Json = any;

let world: ApiWorld;
let document: Json;
const ref = (caseId: string): CaseRef => ({ municipality: MUNICIPALITY, caseId });
/** Link tokens of the case awaiting approval, by step. */
const links: Record<string, string> = {};

/** A case taken to the drafted plan: it waits for the coordinator's approval. */
async function awaitingApproval(caseId: string): Promise<CaseRef> {
  const opened = await openCaseOverHttp(world, caseId);
  const { coordinator } = world.tokens;
  for (const [path, json] of [
    [`/cases/${caseId}/assessment`, assessmentOn('2024-01-05')],
    [`/cases/${caseId}/ranking`, { services: ['music-therapy', 'physiotherapy'] }],
  ] as const) {
    const response = await world.call('POST', path, { token: coordinator, json });
    if (response.status !== 202) throw new Error(`${path}: ${response.status} ${response.text}`);
  }
  return opened;
}

/** Every item of the table, in key order, as text: what a refused request must leave as it was. */
async function snapshot(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await world.table.store.table.documents.send(
      new ScanCommand({ TableName: world.table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (item: Record<string, unknown>) => `${item['pk']}\u0000${item['sk']}`;
  return JSON.stringify(items.sort((a, b) => (key(a) < key(b) ? -1 : 1)));
}

let ministryToken: string;

beforeAll(async () => {
  world = await createApiWorld('api-adversarial');
  ministryToken = await issueLocalToken(LOCAL_SECRET, { sub: 'lm-1', groups: ['ministry'] });
  await activeCaseOverHttp(world, 'c-fuzz');
  await awaitingApproval('c-fuzz-wait');
  links['ranking'] = await linkTokenFrom(world, ref('c-fuzz-wait'), 'ranking-requested', 'rankingLink');
  links['consent'] = await linkTokenFrom(world, ref('c-fuzz-wait'), 'plan-ready-for-consent', 'consentLink');
  const statementLink = await world.call('POST', '/cases/c-fuzz/statement-links', {
    token: world.tokens.coordinator,
    json: {},
  });
  links['statement'] = String(statementLink.body.url).split('/links/')[1] as string;
  // Into February, the active plan's first month.
  await world.advanceDays(25);
  document = (await world.call('GET', '/openapi.json')).body;
}, 120_000);
afterAll(async () => {
  await world?.close();
});

// ---- what to send ------------------------------------------------------------------------------

/** A valid body of each operation: the fuzz changes one part of it at a time. */
const VALID_BODIES: Record<string, unknown> = {
  openCase: newCaseBody('c-fuzz-new'),
  submitAssessment: assessmentOn('2024-01-05'),
  recordRanking: { services: ['music-therapy', 'physiotherapy'] },
  approvePlan: { consent: { by: 'p-1' } },
  requestChanges: { parentRanking: ['physiotherapy'] },
  closeCase: { reason: 'other' },
  createStatementLink: { days: 31 },
  submitTimesheet: {
    entries: [{ date: '2024-02-05', minutes: 60, activity: 'education', confirmed: true }],
  },
  rankByLink: { services: ['music-therapy', 'physiotherapy'] },
  consentByLink: { decision: 'given', revision: 1 },
  triggerEarlyReview: { reason: 'health-changed' },
  runWhatIf: { from: '2024-01', to: '2024-01', proposal: 'budget-cut-10' },
  resolveDispute: { decidedAt: '2024-03-02T10:00:00.000Z' },
  recordStay: { stayId: 'stay-1', kind: 'hospital', from: '2024-02-05', to: '2024-02-09' },
};

/** Path parameters that lead somewhere: the case in the path must exist for the checks to run. */
function pathOf(template: string, operationId: string): string {
  const caseId = template.includes('/plans/') ? 'c-fuzz-wait' : 'c-fuzz';
  const step =
    operationId === 'rankByLink' ? 'ranking' : operationId === 'consentByLink' ? 'consent' : 'statement';
  return template
    .replace('{caseId}', caseId)
    .replace('{month}', '2024-02')
    .replace('{revision}', '1')
    .replace('{token}', links[step] ?? 'x');
}

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const prototypeKeys = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');

/** Values no field takes, or takes only at its edge. */
const badValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    -1,
    0,
    1.5,
    2 ** 53 + 2,
    1e15,
    1e300,
    -1e300,
    '',
    ' ',
    'x'.repeat(70_000),
    `${'a'.repeat(300)}@example.lv`,
    '2024-02-30',
    '2999-01-01',
    '0000-00-00',
    '2024-13',
    '25:61',
    '\u0000',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    [],
    {},
    [null],
    prototypeKeys,
  ),
  fc.constant(deeplyNested(400)),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.object({ maxDepth: 2 }),
);

type BodyPath = (string | number)[];

/** The places of a body: each property, one level into objects and the first item of arrays. */
function placesOf(value: unknown, path: BodyPath = [], depth = 0): BodyPath[] {
  if (depth > 3 || value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.slice(0, 1).map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...path, key], ...placesOf(item, [...path, key], depth + 1)]);
}

function changed(
  body: unknown,
  path: BodyPath,
  change: 'set' | 'delete' | 'extra',
  value?: unknown,
): unknown {
  const copy = structuredClone(body) as Json;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  const last = path.at(-1) as string | number;
  if (change === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (change === 'extra') {
    const target = parent[last];
    if (target && typeof target === 'object' && !Array.isArray(target)) target['unexpected'] = value;
    else parent[last] = value;
  } else parent[last] = value;
  return copy;
}

/** Bodies that are wrong in one place each, and wholes that are not the body at all. */
function badBodies(operationId: string, runs: number): unknown[] {
  const valid = VALID_BODIES[operationId] ?? {};
  const places = placesOf(valid);
  const wholes: unknown[] = [
    null,
    42,
    'text',
    [],
    [valid],
    deeplyNested(1_000),
    prototypeKeys,
    { ...(valid as object), extra: 1 },
  ];
  if (places.length === 0) return wholes;
  const mutation = fc.tuple(
    fc.constantFrom(...places),
    fc.constantFrom<'set' | 'delete' | 'extra'>('set', 'set', 'set', 'delete', 'extra'),
    badValue,
  );
  const mutated = fc
    .sample(mutation, { seed: SEED, numRuns: runs })
    .map(([path, change, value]) => changed(valid, path, change, value));
  // One wrong in every place too, so nothing is left out by chance.
  const everywhere = places.map((path) => changed(valid, path, 'set', 1e300));
  return [...wholes, ...everywhere, ...mutated];
}

const TAMPERED_CURSORS = [
  'e30', // {}
  encodeCursor({ shard: 99 }),
  encodeCursor({
    shard: 0,
    key: { activeMonthPk: 'ACTIVE#1999-01#0', activeMonthSk: 'M#riga#C#x', pk: 'x', sk: 'y' },
  }),
  encodeCursor({ pk: 'M#riga#C#c-1', sk: 'AUDIT#2024' }),
  encodeCursor({
    pk: 'M#riga#C#c-1',
    sk: 'CASE',
    municipalityCasesPk: 'M#riga',
    municipalityCasesSk: 'C#c-1',
  }),
  encodeCursor({ dueDatePk: 'M#riga', dueDateSk: '2024-07-01#review#C#c-1', pk: 'x', sk: 'DUE#review' }),
  encodeCursor({ pk: 1, sk: { S: 'x' } }),
  encodeCursor('a string'),
  'not base64 at all!',
  'A'.repeat(2_048),
];

const BAD_IDS = ['a'.repeat(300), '..', '%00', 'c fuzz', '%E2%80%AE', 'c-does-not-exist'];

// ---- the fuzz ----------------------------------------------------------------------------------

interface Sent {
  method: string;
  path: string;
  what: string;
  status: number;
}

/** One operation of the document, as the attacks below need it. */
interface Target {
  operationId: string;
  template: string;
  verb: string;
  path: string;
  token: string;
  authenticated: boolean;
  takesBody: boolean;
  pathNames: string[];
  queryNames: string[];
  takesKey: boolean;
}

type Send = (
  method: string,
  path: string,
  what: string,
  options: Parameters<ApiWorld['call']>[2],
) => Promise<ApiResponse>;

function targetsOf(paths: Record<string, Json>): Target[] {
  return Object.entries(paths).flatMap(([template, item]) =>
    Object.entries(item as Record<string, Json>)
      // Answered by other functions when deployed; this app does not serve them.
      .filter(() => template !== '/health' && template !== '/session')
      .map(([method, operation]) => {
        const parameters: Json[] = operation.parameters ?? [];
        return {
          operationId: operation.operationId as string,
          template,
          verb: method.toUpperCase(),
          path: pathOf(template, operation.operationId),
          token: template.startsWith('/assistant')
            ? world.tokens.assistant
            : template.startsWith('/ministry')
              ? ministryToken
              : world.tokens.coordinator,
          authenticated: (operation.security ?? []).length > 0,
          takesBody: operation.requestBody !== undefined,
          pathNames: parameters.filter((p) => p.in === 'path').map((p) => p.name),
          queryNames: parameters.filter((p) => p.in === 'query').map((p) => p.name),
          takesKey: parameters.some((p) => p.name === 'Idempotency-Key'),
        };
      }),
  );
}

const bodyOf = (target: Target) => (target.takesBody ? { json: VALID_BODIES[target.operationId] ?? {} } : {});

/** Tokens: none, expired, signed with another secret, unsigned, not a token, the wrong role. */
async function attackTokens(target: Target, send: Send, badTokens: [string, string | undefined][]) {
  if (!target.authenticated) return;
  const wrongRole = target.template.startsWith('/assistant')
    ? world.tokens.coordinator
    : world.tokens.assistant;
  for (const [what, bad] of [...badTokens, ['wrong role', wrongRole] as [string, string]]) {
    const response = await send(target.verb, target.path, what, {
      ...(bad !== undefined && { token: bad }),
      ...bodyOf(target),
    });
    expect([401, 403, 404], `${target.operationId} ${what}`).toContain(response.status);
  }
}

/** Paths: ids, months and revisions no case or month has. */
async function attackPaths(target: Target, send: Send) {
  for (const name of target.pathNames) {
    for (const bad of name === 'month' ? ['2024-13', '2999-01', '24-02', 'x'.repeat(100)] : BAD_IDS) {
      const path = pathOf(target.template.replace(`{${name}}`, encodeURIComponent(bad)), target.operationId);
      await send(target.verb, path, `path ${name}`, { token: target.token, ...bodyOf(target) });
    }
  }
}

/** Queries: bad limits, dates and months, and tampered cursors (a 400 naming the cursor). */
async function attackQueries(target: Target, send: Send) {
  for (const name of target.queryNames) {
    const values =
      name === 'cursor'
        ? TAMPERED_CURSORS
        : ['0', '-1', '1e9', '100000', 'x'.repeat(3_000), '2024-02-30', '2999-01', ''];
    // The other required parameters as they should be, so only this one is wrong.
    const others = name === 'month' || !target.queryNames.includes('month') ? '' : '&month=2024-02';
    for (const value of values) {
      const path = `${target.path}?${name}=${encodeURIComponent(value)}${others}`;
      const response = await send(target.verb, path, `query ${name}`, { token: target.token });
      if (name === 'cursor') {
        expect(response.status, `${target.operationId} cursor ${value.slice(0, 40)}`).toBe(400);
        expect(response.body.errors[0].path).toBe('query.cursor');
      }
    }
  }
}

/** Content types the route does not take, bodies that are no JSON, bodies wrong in one place, a bad key. */
async function attackBodies(target: Target, send: Send) {
  if (!target.takesBody) return;
  const { token, verb, path } = target;
  // A new write route needs its valid body here, or every attack on it stops at the schema.
  expect(VALID_BODIES[target.operationId], `a valid body for ${target.operationId}`).toBeDefined();
  for (const [contentType, body] of [
    ['text/plain', JSON.stringify(VALID_BODIES[target.operationId] ?? {})],
    ['application/xml', '<a/>'],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/json', '{"unterminated": '],
    ['application/json', 'x'.repeat(300_000)],
    ['text/csv', 'date;hours\n2024-02-05;1e300\n'],
  ] as const) {
    await send(verb, path, `content ${contentType}`, { token, raw: { body, contentType } });
  }
  for (const body of badBodies(target.operationId, 40)) await send(verb, path, 'body', { token, json: body });
  if (target.takesKey) {
    const response = await send(verb, path, 'bad key', {
      token,
      ...bodyOf(target),
      headers: { 'Idempotency-Key': 'not a key!' },
    });
    expect(response.status, `${verb} ${path} ${response.text}`).toBe(400);
  }
}

async function badTokens(): Promise<[string, string | undefined][]> {
  const claims = { sub: 'u-7', groups: ['coordinators' as const], municipality: MUNICIPALITY };
  const expired = await issueLocalToken(LOCAL_SECRET, {
    ...claims,
    issuedAt: new Date('2020-01-01T00:00:00Z'),
    ttlSeconds: 60,
  });
  const forged = await issueLocalToken('another-secret-that-is-long-enough-000000', claims);
  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: 'u-7', 'cognito:groups': ['coordinators'], 'custom:municipality': MUNICIPALITY }),
  ).toString('base64url')}.`;
  return [
    ['no token', undefined],
    ['expired token', expired],
    ['forged token', forged],
    ['unsigned token', unsigned],
    ['garbage token', 'x.y.z'],
  ];
}

describe('every operation of the OpenAPI document, attacked', () => {
  it('answers every malformed request without a 5xx, and a refused write changes nothing', async () => {
    const sent: Sent[] = [];
    let before = await snapshot();
    const send: Send = async (method, path, what, options) => {
      const response = await world.call(method, path, options);
      const label = `${method} ${path.slice(0, 80)} (${what})`;
      sent.push({ method, path: path.slice(0, 80), what, status: response.status });
      expect(response.status, `${label}: ${response.text.slice(0, 300)}`).toBeLessThan(500);
      // A form posted to an address a page also answers (the parents' links, the workspace) gets
      // that page back, with its error; everything else answers problem+json.
      const pageForm = /x-www-form-urlencoded/.test(options?.raw?.contentType ?? '');
      if (response.status >= 400)
        expect(response.headers.get('content-type'), label).toBe(
          pageForm && response.headers.get('content-type')?.startsWith('text/html')
            ? 'text/html; charset=utf-8'
            : 'application/problem+json',
        );
      if (method === 'GET') return response;
      const after = await snapshot();
      if (response.status >= 400) expect(after === before, `${label} wrote`).toBe(true);
      before = after;
      return response;
    };
    const tokens = await badTokens();
    for (const target of targetsOf(document.paths)) {
      await attackTokens(target, send, tokens);
      await attackPaths(target, send);
      await attackQueries(target, send);
      await attackBodies(target, send);
    }
    expect(sent.filter((each) => each.status >= 500)).toEqual([]);
    expect(sent.length).toBeGreaterThan(500);
    expect(world.logs.filter((entry) => entry.status >= 500)).toEqual([]);
  }, 180_000);
});

// ---- the same write at once ----------------------------------------------------------------------

/** The case's audit events of `action`. */
async function eventsOf(caseId: string, action: string): Promise<number> {
  const { events } = await world.table.store.audit.trail(ref(caseId), { limit: 1_000 });
  return events.filter((event) => event.action === action).length;
}

/** `count` identical requests at once, straight to the app (not one after another). */
async function atOnce(count: number, request: () => Promise<Response> | Response): Promise<number[]> {
  const responses = await Promise.all(Array.from({ length: count }, request));
  await world.idle();
  return responses.map((response) => response.status);
}

const request = (method: string, path: string, token: string, body: unknown, key?: string) => () =>
  world.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key !== undefined && { 'Idempotency-Key': key }),
    },
    body: JSON.stringify(body),
  });

describe('identical writes at once', () => {
  for (const key of [undefined, 'same-approval-key']) {
    it(`approve a plan 20 times at once ${key ? 'with one Idempotency-Key' : 'without a key'}: one approval, one event`, async () => {
      const caseId = key ? 'c-approve-key' : 'c-approve';
      await awaitingApproval(caseId);
      const statuses = await atOnce(
        20,
        request(
          'POST',
          `/cases/${caseId}/plans/1/approval`,
          world.tokens.coordinator,
          { consent: { by: 'p-1' } },
          key,
        ),
      );
      expect(statuses.filter((status) => status === 202).length).toBeGreaterThanOrEqual(1);
      for (const status of statuses) expect([202, 409]).toContain(status);
      expect(await eventsOf(caseId, 'plan-approved')).toBe(1);
      const { plans } = await world.table.store.cycles.contents(ref(caseId), 1);
      expect(plans.map((plan) => plan.status)).toEqual(['active']);
    });

    it(`send the same timesheet 20 times at once ${key ? 'with one Idempotency-Key' : 'without a key'}: stored once, one event`, async () => {
      const caseId = key ? 'c-fuzz-wait' : 'c-fuzz';
      const body = {
        entries: [{ date: '2024-02-12', minutes: 90, activity: 'education', confirmed: true }],
      };
      const month = key ? '2024-01' : '2024-02';
      const json = key ? { entries: [{ ...body.entries[0], date: '2024-01-12' }] } : body;
      const before = await eventsOf(caseId, 'timesheet-submitted');
      const statuses = await atOnce(
        20,
        request('PUT', `/assistant/cases/${caseId}/timesheets/${month}`, world.tokens.assistant, json, key),
      );
      for (const status of statuses) expect(key ? [200, 409] : [200]).toContain(status);
      expect(statuses).toContain(200);
      expect((await eventsOf(caseId, 'timesheet-submitted')) - before).toBe(1);
    });
  }
});

// ---- a command racing the cycle's own start ---------------------------------------------------

describe('a command racing the start of the cycle', () => {
  it('opens cases and submits their assessments at once: each accepted assessment is taken up, none is lost', async () => {
    const outcomes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const caseId = `c-race-${i}`;
      const opened = await world.app.request('/cases', {
        method: 'POST',
        headers: { authorization: `Bearer ${world.tokens.coordinator}`, 'content-type': 'application/json' },
        body: JSON.stringify(newCaseBody(caseId)),
      });
      expect(opened.status).toBe(201);
      // No waiting for the cycle's first step: the assessment races it.
      const assessed = await request(
        'POST',
        `/cases/${caseId}/assessment`,
        world.tokens.coordinator,
        assessmentOn('2024-01-05'),
      )();
      outcomes.push(assessed.status);
      await world.idle();
      const current = await world.table.store.cases.require(ref(caseId));
      const items = await world.table.store.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': casePk(ref(caseId)), ':prefix': 'CYCLE#' },
        ConsistentRead: true,
      });
      const assessments = items.filter((item) => String(item['sk']).includes('#ASSESSMENT#'));
      if (assessed.status === 202) {
        // Recorded under the cycle the case is in, and taken up: the cycle moved past the assessment.
        expect(assessments.map((item) => item['cycle'])).toEqual([current.cycle]);
        expect(current.phase).not.toBe('request-assessment');
      } else {
        expect(assessed.status).toBe(409);
        expect(assessments).toEqual([]);
      }
    }
    expect(outcomes.filter((status) => status === 202).length).toBeGreaterThan(0);
  }, 120_000);
});
