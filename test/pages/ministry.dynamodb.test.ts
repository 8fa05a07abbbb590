/**
 * The ministry's pages over HTTP on DynamoDB Local: four talsi cases through their cycle, a month
 * of hours settled; the indicators page shows the API's figures (the same read, the same
 * suppression: four children are fewer than five), the downloads are the API's exports; the
 * what-if page computes the comparison of an example proposal exactly as the domain does on the
 * store's cohort, names each bad field in an error summary, and downloads CSV and JSON. Only the
 * ministry gets in; no page shows a name or an email of the fixtures.
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import budgetCut from '../../docs/examples/what-if-budget-cut-10.json' with { type: 'json' };
import { INDICATORS } from '../../functions/domain/indicators/definitions.ts';
import { parseCohort } from '../../functions/domain/what-if/cohort.ts';
import { parseProposedPolicy, resolvePolicy } from '../../functions/domain/what-if/proposal.ts';
import { whatIf } from '../../functions/domain/what-if/what-if.ts';
import { formatEuro } from '../../functions/i18n/format.ts';
import { pageContext } from '../../functions/pages/layout.tsx';
import { formatValue } from '../../functions/pages/ministry/indicators.tsx';
import { readCohort } from '../../functions/store/cohort.ts';
import { issueLocalToken } from '../../local/tokens.ts';
import { type ApiWorld, activeCaseOverHttp, createApiWorld, LOCAL_SECRET, personOf } from '../api/support.ts';
import { type Person, sessionCookie, workspaceApp } from './workspace-support.ts';

const APP = 'https://atbalsts.example.lv';
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
let world: ApiWorld;
let app: Hono;
const cookies = new Map<Person, string>();

beforeAll(async () => {
  world = await createApiWorld('ministry-pages');
  app = workspaceApp(world, APP);
  for (const person of ['ministry', 'coordinator', 'supervisor', 'assistant'] as const) {
    const { name, value } = await sessionCookie(person, APP);
    cookies.set(person, `${name}=${value}`);
  }
  for (let n = 1; n <= 4; n += 1) await activeCaseOverHttp(world, `m-${n}`);
  await world.advanceDays(60);
}, 300_000);
afterAll(() => world?.close());

async function get(path: string, person?: Person) {
  const response = await app.request(path, {
    headers: { accept: browserAccept, ...(person && { cookie: cookies.get(person) as string }) },
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function postWhatIf(fields: Record<string, string | File>, person: Person = 'ministry') {
  const form = await get('/workspace/ministry/what-if?lang=en', person);
  const body = new FormData();
  body.set('csrf', csrfOf(form.text));
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const response = await app.request('/workspace/ministry/what-if?lang=en', {
    method: 'POST',
    headers: { accept: browserAccept, cookie: cookies.get(person) as string },
    body,
  });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Every name and email of the fixtures' people. */
const PERSONAL = (() => {
  const person = personOf({ representatives: 2 });
  return [person.participant.name, ...person.contacts.flatMap((contact) => [contact.name, contact.email])];
})();

const decodeEntities = (html: string) =>
  html
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<');

describe('who may open the ministry pages', () => {
  it('lets the ministry in, refuses coordinators, supervisors and assistants, sends others to sign in', async () => {
    for (const path of ['/workspace/ministry', '/workspace/ministry/what-if']) {
      expect((await get(path, 'ministry')).status).toBe(200);
      for (const person of ['coordinator', 'supervisor', 'assistant'] as const)
        expect((await get(path, person)).status, `${person} ${path}`).toBe(403);
      const anonymous = await get(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.get('location')).toMatch(/^\/sign-in\?next=/);
    }
    expect((await postWhatIf({ from: '2024-02', to: '2024-03' }, 'coordinator')).status).toBe(403);
  });
});

describe('the indicators page', () => {
  it('shows the API’s figures for the country, suppressed as the API suppresses them', async () => {
    const query = 'month=2024-01&to=2024-03';
    const token = await issueLocalToken(LOCAL_SECRET, { sub: 'lm-1', groups: ['ministry'] });
    const api = await world.call('GET', `/ministry/indicators?${query}`, { token });
    expect(api.status).toBe(200);
    const { status, text } = await get(`/workspace/ministry?${query}&lang=en`, 'ministry');
    expect(status).toBe(200);
    const page = pageContext('en', '/workspace/ministry');
    let checked = 0;
    let suppressed = 0;
    for (const month of api.body.months) {
      for (const indicator of INDICATORS) {
        const cell = month.country.cells[indicator.name];
        const shown = new RegExp(
          `data-indicator="${indicator.name}" data-month="${month.month}">(?:<span class="app-suppressed" data-suppressed="([a-z]+)">)?([^<]*)`,
        ).exec(text);
        expect(shown, `${indicator.name} ${month.month}`).not.toBeNull();
        if (cell.value === null) {
          expect(shown?.[1]).toBe(cell.suppressed);
          suppressed += 1;
        } else {
          expect(decodeEntities(shown?.[2] ?? '')).toBe(formatValue(page, indicator, cell.value));
        }
        checked += 1;
      }
    }
    expect(checked).toBe(3 * INDICATORS.length);
    // Four children served: a count below five, suppressed with its reason.
    expect(suppressed).toBeGreaterThan(0);
    expect(text).toContain('fewer than 5 children');
    expect(text).toContain('data-chart="chart-children"');
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
  });

  it('downloads the API’s own CSV and names a bad month in the error summary', async () => {
    const token = await issueLocalToken(LOCAL_SECRET, { sub: 'lm-1', groups: ['ministry'] });
    const api = await world.call('GET', '/ministry/indicators.csv?month=2024-02', { token });
    const csv = await get('/workspace/ministry/indicators.csv?month=2024-02', 'ministry');
    expect(csv.status).toBe(200);
    expect(csv.text).toBe(api.text);
    const bad = await get('/workspace/ministry?month=2024-13&to=2023-01&lang=en', 'ministry');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#month"');
  });
});

describe('the what-if page', () => {
  it('shows the comparison the domain computes on the store’s cohort, and downloads it', async () => {
    const period = { from: '2024-02', to: '2024-03' };
    const expected = whatIf(
      parseCohort(await readCohort(world.table.store, period)),
      period,
      resolvePolicy(parseProposedPolicy(budgetCut)),
    );
    expect(expected.cohort.cases).toBe(4);
    expect(expected.total.difference.budgetCents).toBeLessThan(0);
    const { status, text } = await postWhatIf({
      ...period,
      municipality: '',
      proposal: 'budget-cut-10',
      baseline: '',
    });
    expect(status).toBe(200);
    for (const name of ['budgetCents', 'plannedCents', 'stateCents'] as const) {
      const shown = new RegExp(`data-total="${name}">([^<]*)<`).exec(text)?.[1];
      const difference = expected.total.difference[name];
      expect(decodeEntities(shown ?? ''), name).toBe(
        `${difference > 0 ? '+' : ''}${formatEuro(difference, 'en')}`,
      );
    }
    for (const caseId of ['m-1', 'm-2', 'm-3', 'm-4']) expect(text).toContain(caseId);
    for (const personal of PERSONAL) expect(text).not.toContain(personal);
    const csv = await postWhatIf({
      ...period,
      municipality: '',
      proposal: 'budget-cut-10',
      baseline: '',
      format: 'csv',
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain(`country,LV,,stateCents,${expected.total.current.stateCents}`);
    const json = await postWhatIf({
      ...period,
      municipality: '',
      proposal: 'budget-cut-10',
      baseline: '',
      format: 'json',
    });
    expect(JSON.parse(json.text).total).toEqual(expected.total);
  });

  it('takes an uploaded proposal and names every bad field', async () => {
    const uploaded = await postWhatIf({
      from: '2024-02',
      to: '2024-03',
      municipality: '',
      proposal: 'upload',
      baseline: '',
      policyFile: new File([JSON.stringify(budgetCut)], 'cut.json', { type: 'application/json' }),
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.text).toContain('data-result');
    const bad = await postWhatIf({
      from: '2024-13',
      to: '2024-01',
      municipality: 'x y',
      proposal: 'upload',
      baseline: '',
    });
    expect(bad.status).toBe(422);
    for (const field of ['from', 'municipality', 'policyFile'])
      expect(bad.text).toContain(`href="#${field}"`);
    const notJson = await postWhatIf({
      from: '2024-02',
      to: '2024-03',
      municipality: '',
      proposal: 'upload',
      baseline: '',
      policyFile: new File(['{"id": "x", "budget": {"baseCents": -1}}'], 'p.json'),
    });
    expect(notJson.status).toBe(422);
    expect(notJson.text).toContain('href="#policyFile"');
  });
});
