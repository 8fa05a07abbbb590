/**
 * The parents' pages: server time to answer `GET` of the ranking, consent and statement pages
 * (the app's own handling: verifying the link, reading DynamoDB Local, rendering hono/jsx,
 * gzipping), each beside the same-run floor of a Hono app answering a constant page through the
 * same `app.request`; and the bytes a phone downloads, compressed as the app sends them: a first
 * visit (the page, the stylesheet, the script) and the next page (the page alone: the assets are
 * cached for a year under their hash).
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { ASSETS } from '../functions/pages/assets.ts';
import { startPagesWorld } from '../scripts/pages-world.ts';
import { measureAsync, type Suite, type SuiteResult } from './harness.ts';

const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
};

const floorApp = new Hono();
const constant = `<!DOCTYPE html><html lang="lv"><head><title>Atbalsts</title></head><body><p>${'Atbalsts '.repeat(200)}</p></body></html>`;
floorApp.get('/floor', (c) => c.html(constant));

type Pages = {
  ranking: string;
  consent: string;
  statement: string;
  close(): Promise<void>;
  request(path: string): Promise<Response>;
};
let pages: Promise<Pages> | undefined;

/** One world for the three suites: a case waiting for the ranking, one for consent, a settled month. */
function preparedPages(): Promise<Pages> {
  pages ??= (async () => {
    const world = await startPagesWorld('bench-pages');
    await world.openCase('b-rank');
    await world.assess('b-rank');
    await world.openCase('b-consent');
    await world.assess('b-consent');
    await world.call('POST', '/cases/b-consent/ranking', { services: ['physiotherapy', 'speech-therapy'] });
    await world.openCase('b-month');
    await world.assess('b-month');
    await world.call('POST', '/cases/b-month/ranking', { services: ['physiotherapy', 'speech-therapy'] });
    await world.call('POST', '/cases/b-month/plans/1/approval', { consent: { by: 'p-1' } });
    const statement = await world.settledFebruary('b-month');
    return {
      ranking: `/links/${await world.linkOf('b-rank', 'ranking-requested', 'rankingLink')}`,
      consent: `/links/${await world.linkOf('b-consent', 'plan-ready-for-consent', 'consentLink')}`,
      statement: `/links/${statement}/statements/2024-02`,
      close: () => world.close(),
      request: (path) => Promise.resolve(world.app.request(path, { headers: BROWSER })),
    };
  })();
  return pages;
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function pageSuite(name: 'ranking' | 'consent' | 'statement', last: boolean): Suite {
  return {
    name: `page-${name}`,
    async run({ scale }): Promise<SuiteResult> {
      const prepared = await preparedPages();
      const path = prepared[name];
      const count = Math.max(20, Math.round(200 * scale));
      const first = await prepared.request(path);
      if (first.status !== 200) throw new Error(`${name} page answered ${first.status}`);
      const pageBytes = (await first.arrayBuffer()).byteLength;
      for (let i = 0; i < 10; i++) await (await prepared.request(path)).arrayBuffer();
      const subject = await measureAsync(
        `GET ${name} page (link, DynamoDB Local, render, gzip)`,
        count,
        async () => {
          for (let i = 0; i < count; i++) await (await prepared.request(path)).arrayBuffer();
        },
      );
      const floor = await measureAsync('a Hono page of a constant string', count, async () => {
        for (let i = 0; i < count; i++)
          await (await floorApp.request('/floor', { headers: BROWSER })).arrayBuffer();
      });
      const styles = brotliCompressSync(ASSETS.styles.body).length;
      const script = brotliCompressSync(ASSETS.script.body).length;
      const notes = [
        `bytes, first visit: ${kB(pageBytes + styles + script)} (page ${kB(pageBytes)} gzip, stylesheet ${kB(styles)} br, script ${kB(script)} br; stylesheet ${kB(gzipSync(ASSETS.styles.body).length)} with gzip)`,
        `bytes, next page: ${kB(pageBytes)} (the assets are cached under their hash)`,
      ];
      if (last) await prepared.close();
      return { suite: `${name} page`, unit: 'pages', subject, floor, notes };
    },
  };
}

export const pageSuites: Suite[] = [
  pageSuite('ranking', false),
  pageSuite('consent', false),
  pageSuite('statement', true),
];
