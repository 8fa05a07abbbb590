/**
 * The pages' world for scripts (screenshots, the benchmark): DynamoDB Local in memory, the local
 * workflows on a virtual clock from 8 January 2024, the app with local tokens, served on a random
 * 127.0.0.1 port, with the development sign-in of the case's assistant and coordinator; one family's case (a child, a parent, an assistant, the coordinator) and the
 * calls that bring it to each step, as the API's clients make them.
 *
 * @example
 * const world = await startPagesWorld('bench');
 * await world.openCase('c-1'); await world.assess('c-1');
 * const token = await world.linkOf('c-1', 'ranking-requested', 'rankingLink');
 * await world.close();
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Hono } from 'hono';
import { settleCaseMonth } from '../functions/monthly-run/settle-case-month.ts';
import { createWebApp } from '../functions/pages/app.ts';
import type { DevelopmentUser } from '../functions/session/middleware.ts';
import { localClientConfig } from '../functions/store/client.ts';
import { decodeItem, outboxEntity } from '../functions/store/entities.ts';
import { entryKey } from '../functions/store/hours-confirmations.ts';
import { type CaseRef, casePk } from '../functions/store/keys.ts';
import { createStore, type Store } from '../functions/store/store.ts';
import { ensureTable } from '../functions/store/table.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { type ServedApi, serveApi } from '../local/node-server.ts';
import { VirtualClock } from '../local/stepfunctions/virtual-clock.ts';
import { issueLocalToken } from '../local/tokens.ts';
import { startLocalWorkflows } from '../local/workflows.ts';
import { sampleFamily } from './sample-family.ts';

export const APP_URL = 'https://atbalsts.example.lv';
const LINK_SECRET = 'pages-world-link-secret-long-enough-0123456789';
const LOCAL_SECRET = 'pages-world-token-secret-long-enough-0123456789';
export const MUNICIPALITY = 'talsi';

export const ASSESSMENT = {
  assessedOn: '2024-01-08',
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

const PERSON = sampleFamily({ parent: 'p-1', assistant: 'a-1', coordinator: 'u-7' });

export const FEBRUARY = [
  { date: '2024-02-05', start: '08:00', end: '11:30', activity: 'education', confirmed: true },
  { date: '2024-02-06', start: '08:00', end: '12:00', activity: 'education', confirmed: true },
  { date: '2024-02-08', start: '13:00', end: '15:00', activity: 'health-care', confirmed: true },
  { date: '2024-02-10', start: '14:00', end: '16:00', activity: 'leisure', confirmed: true },
];

/** Who the development sign-in lists: the case's assistant (a-1) and coordinator (u-7). */
const DEVELOPMENT_USERS: DevelopmentUser[] = [
  { sub: 'a-1', groups: ['assistants'], municipality: MUNICIPALITY, assistantId: 'a-1', role: 'assistant' },
  { sub: 'u-7', groups: ['coordinators'], municipality: MUNICIPALITY, role: 'coordinator' },
];

/** A day in March 2024, after February ended: its timesheets can be sent. */
export const MARCH = '2024-03-08T08:00:00Z';

export interface PagesWorld {
  app: Hono;
  store: Store;
  served: ServedApi;
  /** An API call as a coordinator (or the assistant a-1), answered JSON. */
  call(method: string, route: string, body: unknown, as?: 'coordinator' | 'assistant'): Promise<unknown>;
  openCase(caseId: string): Promise<CaseRef>;
  /** The team's assessment: the cycle asks the parents to rank. */
  assess(caseId: string): Promise<void>;
  /** The link a notification of the case carries, as the token after `/links/`. */
  linkOf(caseId: string, kind: string, field: string): Promise<string>;
  /** A settled February with the parents' confirmation of every entry, and a statement link's token. */
  settledFebruary(caseId: string): Promise<string>;
  /** Move the virtual clock on (never back), letting the workflows catch up. */
  advanceTo(instant: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPagesWorld(tableName: string): Promise<PagesWorld> {
  const dynamo = await startDynamoDbLocal();
  const raw = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  await ensureTable(raw, tableName);
  const store = createStore({ tableName, clientConfig: localClientConfig(dynamo.endpoint) });
  const clock = new VirtualClock('2024-01-08T08:00:00Z');
  const workflows = startLocalWorkflows({
    store,
    clock,
    config: { appUrl: APP_URL, linkSecret: LINK_SECRET, supervisors: {} },
  });
  const app = createWebApp({
    ...workflows.context,
    auth: { localSecret: LOCAL_SECRET },
    // The assistants' pages behind the development sign-in: the case's assistant and coordinator.
    session: {
      secret: LOCAL_SECRET,
      appUrl: 'http://127.0.0.1',
      signIn: { kind: 'development', users: DEVELOPMENT_USERS },
    },
  });
  const served = await serveApi(app, { port: 0 });
  const tokens = {
    coordinator: await issueLocalToken(LOCAL_SECRET, {
      sub: 'u-7',
      groups: ['coordinators'],
      municipality: MUNICIPALITY,
    }),
    assistant: await issueLocalToken(LOCAL_SECRET, {
      sub: 'a-1',
      groups: ['assistants'],
      municipality: MUNICIPALITY,
      assistantId: 'a-1',
    }),
  };
  const call: PagesWorld['call'] = async (method, route, body, as = 'coordinator') => {
    const response = await app.request(route, {
      method,
      headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await workflows.sfn.idle();
    if (response.status >= 300)
      throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const linkOf: PagesWorld['linkOf'] = async (caseId, kind, field) => {
    const items = await store.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': casePk({ municipality: MUNICIPALITY, caseId }),
        ':prefix': 'OUTBOX#',
      },
      ConsistentRead: true,
    });
    const item = items.map((each) => decodeItem(outboxEntity, each)).findLast((each) => each.kind === kind);
    const link = item?.data[field];
    if (typeof link !== 'string') throw new Error(`no ${kind} for ${caseId}`);
    return link.slice(`${APP_URL}/links/`.length);
  };
  const advanceTo = async (instant: string) => {
    if (clock.now() >= new Date(instant)) return;
    await clock.advanceTo(instant);
    await workflows.sfn.idle();
  };
  return {
    app,
    store,
    served,
    call,
    linkOf,
    async openCase(caseId) {
      await call('POST', '/cases', { caseId, participantId: `p-${caseId}`, person: PERSON });
      return { municipality: MUNICIPALITY, caseId };
    },
    async assess(caseId) {
      await call('POST', `/cases/${caseId}/assessment`, ASSESSMENT);
    },
    advanceTo,
    async settledFebruary(caseId) {
      const ref = { municipality: MUNICIPALITY, caseId };
      // February must have ended before its month is sent.
      await advanceTo(MARCH);
      await call('PUT', `/assistant/cases/${caseId}/timesheets/2024-02`, { entries: FEBRUARY }, 'assistant');
      const sheet = await store.timesheets.get(ref, '2024-02', 'a-1');
      if (sheet) {
        await store.hoursConfirmations.record(
          ref,
          '2024-02',
          'a-1',
          { submittedAt: sheet.submittedAt, by: 'p-1', confirmed: sheet.entries.map(entryKey), disputed: [] },
          { actor: { kind: 'parent', id: 'p-1' }, action: 'hours-confirmed', at: sheet.submittedAt },
        );
      }
      await settleCaseMonth(store, ref, '2024-02', {
        actor: { kind: 'system', id: 'monthly-run' },
        at: '2024-03-10T06:00:00.000Z',
      });
      const link = (await call('POST', `/cases/${caseId}/statement-links`, {})) as { url: string };
      return link.url.slice(`${APP_URL}/links/`.length);
    },
    async close() {
      await served.close();
      await workflows.sfn.close();
      raw.destroy();
      await dynamo.stop();
    },
  };
}
