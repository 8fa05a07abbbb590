/**
 * The assistant's timesheet page (GET /hours/{caseId}/{month}) served by the app, behind the
 * session, from an in-memory DynamoDB Local holding a case with a month's draft of 20 entries,
 * beside the same-run floor: a Hono page behind the same session check that answers a constant
 * string. The difference is the page's own work: its reads (case, person, draft, timesheet, the
 * cycles for the grant) and rendering. Also the bytes a phone downloads: the page compressed, and
 * on a first visit the stylesheet and script too (cached for a year after).
 */
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { realClock } from '../functions/orchestrator/clock.ts';
import { createWebApp } from '../functions/pages/app.ts';
import { ASSETS } from '../functions/pages/assets.ts';
import { type SessionConfig, sessionGuard } from '../functions/session/middleware.ts';
import { sealSession, sessionCookieName } from '../functions/session/session.ts';
import { createDocumentClient, localClientConfig } from '../functions/store/client.ts';
import { createStore } from '../functions/store/store.ts';
import { ensureTable } from '../functions/store/table.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { measureAsync, type Suite } from './harness.ts';

const SECRET = 'a-bench-session-secret-that-is-long-enough';
const CONCURRENCY = 4;

export const timesheetPageSuite: Suite = {
  name: 'timesheet-page',
  async run({ scale }) {
    const total = Math.max(20, Math.round(2_000 * scale));
    const dynamo = await startDynamoDbLocal();
    try {
      const raw = new DynamoDBClient(localClientConfig(dynamo.endpoint));
      await ensureTable(raw, 'bench-pages');
      let reads = 0;
      const store = createStore({
        tableName: 'bench-pages',
        documents: createDocumentClient(localClientConfig(dynamo.endpoint)),
        onCapacity: (usage) => {
          reads += usage.readUnits;
        },
      });
      const ref = { municipality: 'talsi', caseId: 'c-1' };
      const note = {
        actor: { kind: 'system' as const, id: 'bench' },
        action: 'seeded',
        at: '2024-02-01T08:00:00.000Z',
      };
      await store.cases.create(
        { ...ref, participantId: 'p-1', coordinatorId: 'u-1', phase: 'active', cycle: 1 },
        {
          participant: { name: 'X' },
          contacts: [{ role: 'assistant', id: 'a-1', name: 'A', language: 'lv' }],
        },
        note,
      );
      const entries = Array.from({ length: 20 }, (_, i) => ({
        date: `2024-02-${String(i + 1).padStart(2, '0')}`,
        minutes: 180,
        start: 480,
        end: 660,
        activity: 'education',
        confirmed: false,
      }));
      await store.timesheetDrafts.save(
        ref,
        '2024-02',
        'a-1',
        { entries, rowProblems: [], source: 'form' },
        0,
        note,
      );

      const session: SessionConfig = {
        secret: SECRET,
        appUrl: 'http://127.0.0.1:8080',
        signIn: { kind: 'development', users: [] },
      };
      const app = createWebApp({
        store,
        clock: realClock,
        orchestrator: {} as never,
        config: {
          appUrl: 'http://127.0.0.1:8080',
          linkSecret: SECRET,
          supervisors: {},
          cycleStateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:bench',
        },
        auth: { localSecret: SECRET },
        session,
      });
      const floor = new Hono();
      floor.use(
        '*',
        sessionGuard(session, 'assistant', (c) => c.text('forbidden', 403)),
      );
      floor.get('/floor', (c) =>
        c.html('<!DOCTYPE html><html lang="lv"><title>floor</title><p>constant</p></html>'),
      );
      const { value } = await sealSession(
        session,
        { sub: 'a-1', groups: ['assistants'], municipality: 'talsi', assistantId: 'a-1' },
        new Date(),
      );
      const headers = { cookie: `${sessionCookieName(session)}=${value}`, accept: 'text/html' };
      const page = await app.request('/hours/c-1/2024-02?lang=lv', { headers });
      if (page.status !== 200) throw new Error(`the timesheet page answered ${page.status}`);
      const html = await page.text();

      const run = async (target: Hono, path: string) => {
        let next = 0;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next++ < total) await (await target.request(path, { headers })).text();
          }),
        );
      };
      await run(app, '/hours/c-1/2024-02?lang=lv');
      reads = 0;
      const subject = await measureAsync('timesheet page, 20 entries, from DynamoDB Local', total, () =>
        run(app, '/hours/c-1/2024-02?lang=lv'),
      );
      const readsPerPage = reads / total;
      const floorResult = await measureAsync('a constant page behind the same session check', total, () =>
        run(floor, '/floor'),
      );
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
      const pageBytes = gzipSync(html).length;
      const assetBytes =
        gzipSync(Buffer.from(await (await app.request(ASSETS.styles.path)).arrayBuffer())).length +
        gzipSync(Buffer.from(await (await app.request(ASSETS.script.path)).arrayBuffer())).length;
      return {
        suite: 'timesheet page (GET /hours/{caseId}/{month})',
        unit: 'pages',
        subject,
        floor: floorResult,
        notes: [
          `read units per page: ${readsPerPage.toFixed(1)}`,
          `bytes to a phone (gzip): the page ${kb(pageBytes)}; a first visit with the stylesheet and script ${kb(pageBytes + assetBytes)}`,
        ],
      };
    } finally {
      await dynamo.stop();
    }
  },
};
