/**
 * Client retries over HTTP on DynamoDB Local: a write sent again with the same `Idempotency-Key`
 * gets the first response and writes nothing; the same key with another request is a 422; keys
 * are per principal; a key whose first attempt is still running is a 409; a malformed key is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalKey } from '../../functions/api/auth.ts';
import { problemType } from '../../functions/api/problem.ts';
import { idempotencyKey } from '../../functions/store/idempotency.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  assessmentOn,
  createApiWorld,
  MUNICIPALITY,
  newCaseBody,
  openCaseOverHttp,
} from './support.ts';

let world: ApiWorld;
const ref = (caseId: string) => ({ municipality: MUNICIPALITY, caseId });

beforeAll(async () => {
  world = await createApiWorld('api-idempotency');
});
afterAll(async () => {
  await world?.close();
});

describe('Idempotency-Key', () => {
  it('replays the first response to a retried open, and opens nothing twice', async () => {
    const headers = { 'Idempotency-Key': '0b6f1c1e-6a1f-4c39-9d51-2d0f8e9a4f10' };
    const first = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-idem'),
      headers,
    });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const after = await world.partition(ref('c-idem'));
    const retry = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-idem'),
      headers,
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await world.partition(ref('c-idem'))).toEqual(after);
    expect(world.sfn.executions().filter((execution) => execution.name.includes('c-idem'))).toHaveLength(1);
  });

  it('refuses the same key with another request (422), and writes nothing for it', async () => {
    const headers = { 'Idempotency-Key': 'key-reused-1' };
    const first = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-idem-a'),
      headers,
    });
    expect(first.status).toBe(201);
    const other = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-idem-b'),
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe(problemType('idempotency-key-reused'));
    expect(await world.partition(ref('c-idem-b'))).toEqual([]);
    const otherRoute = await world.call('POST', '/cases/c-idem-a/early-review', {
      token: world.tokens.coordinator,
      headers,
    });
    expect(otherRoute.status).toBe(422);
  });

  it('keeps keys apart per principal: another coordinator’s same key is a new request', async () => {
    const headers = { 'Idempotency-Key': 'shared-key' };
    const mine = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-idem-mine'),
      headers,
    });
    expect(mine.status).toBe(201);
    const theirs = await world.call('POST', '/cases', {
      token: world.tokens.otherCoordinator,
      json: { ...newCaseBody('c-idem-mine'), coordinatorId: 'u-7' },
      headers,
    });
    expect(theirs.status).toBe(201);
    expect(theirs.body.case.municipality).toBe('riga');
  });

  it('replays a conflict too: a retried command that was refused is refused the same way', async () => {
    await openCaseOverHttp(world, 'c-idem-409');
    const headers = { 'Idempotency-Key': 'early-409' };
    const first = await world.call('POST', '/cases/c-idem-409/early-review', {
      token: world.tokens.coordinator,
      headers,
    });
    expect(first.status).toBe(409);
    const retry = await world.call('POST', '/cases/c-idem-409/early-review', {
      token: world.tokens.coordinator,
      headers,
    });
    expect(retry.status).toBe(409);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
  });

  it('replays an accepted command even after the case moved on, where a bare retry would be a conflict', async () => {
    await openCaseOverHttp(world, 'c-idem-assess');
    const headers = { 'Idempotency-Key': 'assess-1' };
    const json = assessmentOn('2024-01-05');
    const first = await world.call('POST', '/cases/c-idem-assess/assessment', {
      token: world.tokens.coordinator,
      json,
      headers,
    });
    expect(first.status).toBe(202);
    const bare = await world.call('POST', '/cases/c-idem-assess/assessment', {
      token: world.tokens.coordinator,
      json,
    });
    expect(bare.status).toBe(409);
    const retry = await world.call('POST', '/cases/c-idem-assess/assessment', {
      token: world.tokens.coordinator,
      json,
      headers,
    });
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect((await world.table.store.cycles.contents(ref('c-idem-assess'), 1)).assessments).toHaveLength(1);
  });

  it('answers 409 while the first attempt with the key is still running, and takes the key over after its lease', async () => {
    await activeCaseOverHttp(world, 'c-idem-running');
    const key = 'still-running';
    const path = '/assistant/cases/c-idem-running/timesheets/2024-01';
    const json = { entries: [{ date: '2024-01-05', minutes: 60, activity: 'work', confirmed: true }] };
    // The first attempt took the key and died before it answered.
    const principal = principalKey({
      kind: 'assistant',
      assistantId: 'a-1',
      userId: 'cognito-a1',
      municipality: MUNICIPALITY,
    });
    const { createHash } = await import('node:crypto');
    const fingerprint = createHash('sha256')
      .update(['put', path, 'application/json', JSON.stringify(json)].join('\n'))
      .digest('hex');
    await world.table.store.idempotency.begin(principal, key, fingerprint, {
      at: world.clock.now().toISOString(),
      ttlSeconds: 86_400,
      leaseSeconds: 60,
    });
    const running = await world.call('PUT', path, {
      token: world.tokens.assistant,
      json,
      headers: { 'Idempotency-Key': key },
    });
    expect(running.status).toBe(409);
    expect(running.body.type).toBe(problemType('request-in-progress'));
    expect(running.headers.get('retry-after')).toBe('2');
    expect(await world.table.store.timesheets.get(ref('c-idem-running'), '2024-01', 'a-1')).toBeUndefined();

    await world.advanceDays(0.001);
    const taken = await world.call('PUT', path, {
      token: world.tokens.assistant,
      json,
      headers: { 'Idempotency-Key': key },
    });
    expect(taken.status).toBe(200);
    expect(await world.table.store.timesheets.get(ref('c-idem-running'), '2024-01', 'a-1')).toBeDefined();
    const record = await world.table.store.idempotency.get(principal, key);
    expect(record).toMatchObject({ status: 'completed', response: { status: 200 } });
    expect(record?.expiresAt).toBeGreaterThan(Math.floor(world.clock.now().getTime() / 1000));
    expect(idempotencyKey(principal, key).pk).toBe('IDEM#M#talsi#A#a-1');
  });

  it('refuses a malformed key with 400 before doing anything', async () => {
    const response = await world.call('POST', '/cases', {
      token: world.tokens.coordinator,
      json: newCaseBody('c-idem-badkey'),
      headers: { 'Idempotency-Key': 'has spaces and #' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'header.Idempotency-Key', message: expect.stringContaining('UUID') },
    ]);
    expect(await world.partition(ref('c-idem-badkey'))).toEqual([]);
  });

  it('answered every response with its documented schema', () => {
    expect(world.logs.filter((entry) => entry.status >= 500)).toEqual([]);
  });
});
