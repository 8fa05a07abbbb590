/**
 * One API test world: a fresh table on DynamoDB Local, the synthesized workflows in the local
 * runtime on a virtual clock, and the app over their context with local tokens, every response
 * checked against its documented schema. Tests call the app as a client would (`app.request`),
 * with the tokens of the people below, and look behind it in the store.
 */

import type { ApiLogEntry } from '../../functions/api/route.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import { createWebApp } from '../../functions/pages/app.ts';
import {
  decodeItem,
  outboxEntity,
  type PersonData,
  type StoredOutboxItem,
} from '../../functions/store/entities.ts';
import { type CaseRef, casePk } from '../../functions/store/keys.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';
import { issueLocalToken } from '../../local/tokens.ts';
import { type LocalWorkflows, startLocalWorkflows } from '../../local/workflows.ts';
import { assessmentOn } from '../support/cycle-harness.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { submitConfirmed } from '../support/store-fixtures.ts';

export const APP_URL = 'https://atbalsts.example.lv';
export const LINK_SECRET = 'a-test-link-secret-that-is-long-enough-1234';
export const LOCAL_SECRET = 'a-test-token-secret-that-is-long-enough-5678';
export const MUNICIPALITY = 'talsi';

export { assessmentOn };

/** The people of a case: two legal representatives, an assistant, the coordinator. */
export function personOf(options: { representatives?: number } = {}): PersonData {
  const representatives = [
    {
      role: 'legal-representative',
      id: 'p-1',
      name: 'Ilze Bērziņa',
      email: 'ilze@example.lv',
      language: 'lv',
    },
    {
      role: 'legal-representative',
      id: 'p-2',
      name: 'Jānis Bērziņš',
      email: 'janis@example.lv',
      language: 'en',
    },
  ] as const;
  return {
    participant: { name: 'Anna Bērziņa', birthDate: '2014-05-02' },
    contacts: [
      ...representatives.slice(0, options.representatives ?? 1),
      { role: 'assistant', id: 'a-1', name: 'Oksana Petrova', email: 'oksana@example.lv', language: 'ru' },
      { role: 'assistant', id: 'a-3', name: 'Līga Ozola', email: 'liga@example.lv', language: 'lv' },
      {
        role: 'coordinator',
        id: 'u-7',
        name: 'Marta Kalniņa',
        email: 'marta@talsi.example.lv',
        language: 'lv',
      },
    ],
  };
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies freely
  body: any;
  text: string;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  csv?: string;
  /** A raw body with its own content type. */
  raw?: { body: string; contentType: string };
  headers?: Record<string, string>;
}

export interface ApiWorld extends LocalWorkflows {
  clock: VirtualClock;
  table: TestTable;
  app: ReturnType<typeof createWebApp>;
  logs: ApiLogEntry[];
  tokens: {
    coordinator: string;
    supervisor: string;
    otherCoordinator: string;
    assistant: string;
    otherAssistant: string;
    coordinatorAndAssistant: string;
  };
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  idle(): Promise<void>;
  advanceDays(days: number): Promise<void>;
  outbox(ref: CaseRef): Promise<StoredOutboxItem[]>;
  /** Every item of a case's partition, as DynamoDB holds it (to check nothing was written). */
  partition(ref: CaseRef): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function createApiWorld(label: string, start = '2024-01-08T08:00:00Z'): Promise<ApiWorld> {
  const table = await createTestTable(label);
  const clock = new VirtualClock(start);
  const workflows = startLocalWorkflows({
    store: table.store,
    clock,
    config: { appUrl: APP_URL, linkSecret: LINK_SECRET, supervisors: {} },
  });
  const logs: ApiLogEntry[] = [];
  const app = createWebApp({
    ...workflows.context,
    auth: { localSecret: LOCAL_SECRET },
    checkResponses: true,
    log: (entry) => logs.push(entry),
  });
  const token = (request: Parameters<typeof issueLocalToken>[1]) => issueLocalToken(LOCAL_SECRET, request);
  const tokens = {
    coordinator: await token({ sub: 'u-7', groups: ['coordinators'], municipality: MUNICIPALITY }),
    supervisor: await token({ sub: 's-1', groups: ['supervisors'], municipality: MUNICIPALITY }),
    otherCoordinator: await token({ sub: 'u-9', groups: ['coordinators'], municipality: 'riga' }),
    assistant: await token({
      sub: 'cognito-a1',
      groups: ['assistants'],
      municipality: MUNICIPALITY,
      assistantId: 'a-1',
    }),
    otherAssistant: await token({ sub: 'a-2', groups: ['assistants'], municipality: MUNICIPALITY }),
    coordinatorAndAssistant: await token({
      sub: 'u-8',
      groups: ['coordinators', 'assistants'],
      municipality: MUNICIPALITY,
      assistantId: 'a-8',
    }),
  };
  const queryAll = async (ref: CaseRef, prefix?: string) =>
    table.store.table.queryAll({
      KeyConditionExpression: prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ...(prefix !== undefined && { ':prefix': prefix }) },
      ConsistentRead: true,
    });
  return {
    ...workflows,
    clock,
    table,
    app,
    logs,
    tokens,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers['authorization'] = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.csv !== undefined) {
        headers['content-type'] = 'text/csv; charset=utf-8';
        body = options.csv;
      } else if (options.raw) {
        headers['content-type'] = options.raw.contentType;
        body = options.raw.body;
      }
      const response = await app.request(path, { method, headers, ...(body !== undefined && { body }) });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = text;
      }
      await workflows.sfn.idle();
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    idle: () => workflows.sfn.idle(),
    async advanceDays(days) {
      await workflows.sfn.idle();
      await clock.advance(days * DAY_MS);
      await workflows.sfn.idle();
    },
    async outbox(ref) {
      return (await queryAll(ref, 'OUTBOX#')).map((item) => decodeItem(outboxEntity, item));
    },
    partition: (ref) => queryAll(ref),
    async close() {
      await workflows.sfn.close();
      await table.drop();
    },
  };
}

/** The body of a new case as a coordinator sends it. */
export function newCaseBody(caseId: string, options: { representatives?: number } = {}) {
  return { caseId, participantId: `p-${caseId}`, person: personOf(options) };
}

/** Open a case over HTTP and wait for its cycle to ask for the assessment. */
export async function openCaseOverHttp(
  world: ApiWorld,
  caseId: string,
  options: { representatives?: number } = {},
): Promise<CaseRef> {
  const response = await world.call('POST', '/cases', {
    token: world.tokens.coordinator,
    json: newCaseBody(caseId, options),
  });
  if (response.status !== 201) throw new Error(`open failed: ${response.status} ${response.text}`);
  return { municipality: MUNICIPALITY, caseId };
}

/** The link a notification of the case carries (`rankingLink`, `consentLink`), as the token after `/links/`. */
export async function linkTokenFrom(
  world: ApiWorld,
  ref: CaseRef,
  kind: string,
  field: string,
): Promise<string> {
  const item = (await world.outbox(ref)).filter((each) => each.kind === kind).at(-1);
  const link = item?.data[field];
  if (typeof link !== 'string') throw new Error(`no ${kind} with ${field} for ${ref.caseId}`);
  return link.slice(`${APP_URL}/links/`.length);
}

/**
 * Take a case over HTTP from its opening to its active period: assessment, the parents' ranking
 * by the coordinator, consent in the approval's body.
 */
export async function activeCaseOverHttp(world: ApiWorld, caseId: string): Promise<CaseRef> {
  const ref = await openCaseOverHttp(world, caseId);
  const { coordinator } = world.tokens;
  const steps = [
    await world.call('POST', `/cases/${caseId}/assessment`, {
      token: coordinator,
      json: assessmentOn('2024-01-05'),
    }),
    await world.call('POST', `/cases/${caseId}/ranking`, {
      token: coordinator,
      json: { services: ['music-therapy', 'physiotherapy'] },
    }),
    await world.call('POST', `/cases/${caseId}/plans/1/approval`, {
      token: coordinator,
      json: { consent: { by: 'p-1' } },
    }),
  ];
  for (const step of steps) {
    if (step.status !== 202) throw new Error(`step failed: ${step.status} ${step.text}`);
  }
  return ref;
}

/** February 2024 of an active case settled: the assistant a-1's 2 hours, confirmed, paid by the run of 10 March. */
export async function settledFebruary(world: ApiWorld, ref: CaseRef): Promise<void> {
  await submitConfirmed(
    world.table.store,
    ref,
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
  await settleCaseMonth(world.table.store, ref, '2024-02', {
    actor: { kind: 'system', id: 'monthly-run-2024-02' },
    at: '2024-03-10T06:00:00.000Z',
  });
}
