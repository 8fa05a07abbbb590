/**
 * The assistants' pages and the sign-in over HTTP on DynamoDB Local, as a browser without
 * JavaScript uses them (form posts, redirects, the session cookie): the development sign-in, a
 * month filled by hand, a week copied, a CSV with bad rows (the good ones kept, nothing
 * submitted until the assistant chooses), submitting, the preview and the pay statement; and
 * every denial (no session, expired, tampered, wrong group, another municipality, another
 * assistant, a form without its CSRF token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { createWebApp } from '../../functions/pages/app.ts';
import type { DevelopmentUser, SessionConfig } from '../../functions/session/middleware.ts';
import { SESSION_IDLE_SECONDS } from '../../functions/session/session.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  createApiWorld,
  LOCAL_SECRET,
  MUNICIPALITY,
} from '../api/support.ts';

const USERS: DevelopmentUser[] = [
  {
    sub: 'cognito-a1',
    groups: ['assistants'],
    municipality: MUNICIPALITY,
    assistantId: 'a-1',
    role: 'assistant',
  },
  { sub: 'a-2', groups: ['assistants'], municipality: MUNICIPALITY, assistantId: 'a-2', role: 'assistant' },
  { sub: 'u-7', groups: ['coordinators'], municipality: MUNICIPALITY, role: 'coordinator' },
  { sub: 'a-1-riga', groups: ['assistants'], municipality: 'riga', assistantId: 'a-1', role: 'assistant' },
];

let world: ApiWorld;
let app: ReturnType<typeof createWebApp>;
let later: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  world = await createApiWorld('pages-assistant');
  await activeCaseOverHttp(world, 'c-a');
  const session: SessionConfig = {
    secret: LOCAL_SECRET,
    appUrl: 'http://127.0.0.1:8080',
    signIn: { kind: 'development', users: USERS },
  };
  const deps = { ...world.context, auth: { localSecret: LOCAL_SECRET } };
  app = createWebApp({ ...deps, session });
  later = createWebApp({
    ...deps,
    session: { ...session, now: () => new Date(Date.now() + (SESSION_IDLE_SECONDS + 60) * 1_000) },
  });
}, 240_000);
afterAll(async () => {
  await world?.close();
});

interface Page {
  status: number;
  location: string | null;
  html: string;
}

/** A browser without JavaScript: a cookie jar, form posts, no redirects followed. */
class Browser {
  cookies = new Map<string, string>();
  constructor(private readonly target: () => ReturnType<typeof createWebApp> = () => app) {}

  async request(method: string, path: string, body?: URLSearchParams | FormData): Promise<Page> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.target().request(path, { method, headers, ...(body && { body }) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }
  get = (path: string) => this.request('GET', path);

  /** The CSRF token of the first form on the page posting to `action`. */
  static csrfOf(html: string, action: string): string {
    const form = html.slice(html.indexOf(`action="${action}`));
    return /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  }
  static versionOf(html: string): string {
    return /name="version" value="(\d+)"/.exec(html)?.[1] ?? '0';
  }

  async signIn(user: string): Promise<Page> {
    const form = await this.get('/sign-in');
    const csrf = Browser.csrfOf(form.html, '/sign-in');
    return this.request('POST', '/sign-in', new URLSearchParams({ csrf, user }));
  }
}

const monthPath = '/hours/c-a/2024-02';
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function post(
  browser: Browser,
  page: Page,
  action: string,
  fields: Record<string, string>,
): Promise<Page> {
  const csrf = Browser.csrfOf(page.html, action);
  return browser.request(
    'POST',
    action,
    new URLSearchParams({ csrf, version: Browser.versionOf(page.html), ...fields }),
  );
}

describe('the development sign-in', () => {
  it('lists the seeded users and signs in as the chosen one, with an HttpOnly SameSite=Lax cookie', async () => {
    const browser = new Browser();
    const form = await browser.get('/sign-in?next=/hours/c-a/2024-02');
    expect(form.status).toBe(200);
    for (const user of USERS) expect(form.html).toContain(user.sub);
    const response = await app.request('/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf: Browser.csrfOf(form.html, '/sign-in'),
        user: 'cognito-a1',
        next: monthPath,
      }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${monthPath}?lang=lv`);
    expect(response.headers.get('set-cookie')).toMatch(/^atbalsts-session=[^;]+;.*HttpOnly.*SameSite=Lax/);
  });

  it('refuses a sign-in without its CSRF token, or for a user not on the list', async () => {
    const browser = new Browser();
    expect(
      (await browser.request('POST', '/sign-in', new URLSearchParams({ user: 'cognito-a1' }))).status,
    ).toBe(400);
    expect(browser.cookies.size).toBe(0);
    expect((await browser.signIn('someone-else')).status).toBe(400);
    expect(browser.cookies.size).toBe(0);
  });

  it('signs out: the cookie goes and the pages send to sign in again', async () => {
    const browser = new Browser();
    await browser.signIn('cognito-a1');
    const cases = await browser.get('/hours');
    const out = await browser.request(
      'POST',
      '/sign-out',
      new URLSearchParams({ csrf: Browser.csrfOf(cases.html, '/sign-out') }),
    );
    expect(out.status).toBe(303);
    expect(out.location).toBe('/signed-out?lang=lv');
    expect((await browser.get('/hours')).status).toBe(303);
  });
});

describe('a month filled by hand', () => {
  const browser = new Browser();
  beforeAll(async () => {
    await browser.signIn('cognito-a1');
  });

  it('lists the assistant’s case and opens its month: grant, deadline, empty calendar', async () => {
    const cases = await browser.get('/hours');
    expect(cases.status).toBe(200);
    expect(cases.html).toContain('href="/hours/c-a/');
    // In the assistant's own language (Russian for a-1) unless the page is asked for another.
    expect(text((await browser.get(monthPath)).html)).toContain('Подайте до');
    const month = await browser.get(`${monthPath}?lang=lv`);
    expect(month.status).toBe(200);
    expect(text(month.html)).toContain('Iesniedziet līdz');
    expect(text(month.html)).toMatch(/Piešķirtās stundas/);
    expect(text(month.html)).toContain('Vēl nav ievadīta neviena diena');
  });

  it('adds a day’s time to the draft and shows what is left', async () => {
    const before = await browser.get(monthPath);
    const added = await post(browser, before, `${monthPath}/entries`, {
      day: '2024-02-05',
      start: '08:00',
      end: '11:30',
      activity: 'education',
    });
    expect(added.status).toBe(303);
    const after = await browser.get(added.location ?? '');
    expect(text(after.html)).toContain('3 st. 30 min');
    expect(after.html).toContain('Melnraksts saglabāts');
    const draft = await world.table.store.timesheetDrafts.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-02',
      'a-1',
    );
    expect(draft?.entries).toEqual([
      { date: '2024-02-05', start: 480, end: 690, minutes: 210, activity: 'education', confirmed: false },
    ]);
    // Nothing is submitted by a draft: the settlement reads no timesheet yet.
    expect(
      await world.table.store.timesheets.get({ municipality: MUNICIPALITY, caseId: 'c-a' }, '2024-02', 'a-1'),
    ).toBeUndefined();
  });

  it('answers a bad time with an error summary linking to the field, and keeps what was typed', async () => {
    const before = await browser.get(monthPath);
    const bad = await post(browser, before, `${monthPath}/entries`, {
      day: '2024-02-06',
      start: '12:00',
      end: '09:00',
      activity: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('govuk-error-summary');
    expect(bad.html).toContain('href="#activity"');
    expect(bad.html).toContain('value="12:00"');
    const draft = await world.table.store.timesheetDrafts.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-02',
      'a-1',
    );
    expect(draft?.entries).toHaveLength(1);
  });

  it('copies the week before', async () => {
    const before = await browser.get(monthPath);
    const copied = await post(browser, before, `${monthPath}/copy-week`, { week: '2024-02-12' });
    expect(copied.location).toContain('done=copied-1');
    const draft = await world.table.store.timesheetDrafts.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-02',
      'a-1',
    );
    expect(draft?.entries.map((entry) => entry.date)).toEqual(['2024-02-05', '2024-02-12']);
  });

  it('refuses a change from a page another window made stale (409), and one without CSRF', async () => {
    const stale = await browser.get(monthPath);
    await post(browser, stale, `${monthPath}/copy-week`, { week: '2024-02-19' });
    const conflict = await post(browser, stale, `${monthPath}/entries`, {
      day: '2024-02-07',
      start: '09:00',
      end: '10:00',
      activity: 'education',
    });
    expect(conflict.status).toBe(409);
    const forged = await browser.request(
      'POST',
      `${monthPath}/remove`,
      new URLSearchParams({ index: '0', version: '3' }),
    );
    expect(forged.status).toBe(303);
    const draft = await world.table.store.timesheetDrafts.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-02',
      'a-1',
    );
    expect(draft?.entries).toHaveLength(3);
  });

  it('uploads a CSV with bad rows: each listed by row, column and reason, the good rows kept, nothing submitted', async () => {
    const page = await browser.get(monthPath);
    const form = new FormData();
    form.set('csrf', Browser.csrfOf(page.html, `${monthPath}/upload`));
    form.set('version', Browser.versionOf(page.html));
    const csv =
      'datums;sākums;beigas;pasākums\n01.02.2024;08:00;12:00;education\n02.02.2024;8;12:00;education\n05.03.2024;08:00;10:00;education\n06.02.2024;09:00;11:00;dancing\n07.02.2024;13:00;15:30;leisure\n';
    form.set('file', new File([csv], 'februaris.csv', { type: 'text/csv' }));
    const uploaded = await browser.request('POST', `${monthPath}/upload`, form);
    expect(uploaded.status).toBe(303);
    const after = await browser.get(`${monthPath}?lang=lv`);
    const shown = text(after.html);
    expect(shown).toContain('3. rinda, kolonna sākums: laikam jābūt formā HH:MM');
    expect(shown).toContain('4. rinda, kolonna datums: datumam jābūt mēnesī 2024. gada februāris');
    expect(shown).toContain('5. rinda, kolonna pasākums: nav pasākums no saraksta');
    expect(after.html).toContain('href="#file"');
    const draft = await world.table.store.timesheetDrafts.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-02',
      'a-1',
    );
    expect(draft?.entries.map((entry) => entry.date)).toEqual(['2024-02-01', '2024-02-07']);
    expect(draft?.rowProblems.map((problem) => problem.row)).toEqual([3, 4, 5]);
    expect(
      await world.table.store.timesheets.get({ municipality: MUNICIPALITY, caseId: 'c-a' }, '2024-02', 'a-1'),
    ).toBeUndefined();
  });

  it('submits only when the assistant chooses to leave the bad rows out; the draft becomes the timesheet', async () => {
    const check = await browser.get(`${monthPath}/check`);
    expect(check.status).toBe(200);
    const refused = await post(browser, check, `${monthPath}/submit`, {});
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('href="#without"');
    expect(
      await world.table.store.timesheets.get({ municipality: MUNICIPALITY, caseId: 'c-a' }, '2024-02', 'a-1'),
    ).toBeUndefined();
    const sent = await post(browser, check, `${monthPath}/submit`, { without: 'yes' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${monthPath}/sent?lang=lv`);
    expect((await browser.get(sent.location ?? '')).html).toContain('Uzskaites lapa iesniegta');
    const stored = await world.table.store.timesheets.get(
      { municipality: MUNICIPALITY, caseId: 'c-a' },
      '2024-02',
      'a-1',
    );
    expect(stored?.entries.map((entry) => entry.date)).toEqual(['2024-02-01', '2024-02-07']);
    expect(
      await world.table.store.timesheetDrafts.get(
        { municipality: MUNICIPALITY, caseId: 'c-a' },
        '2024-02',
        'a-1',
      ),
    ).toBeUndefined();
    expect(text((await browser.get(`${monthPath}?lang=lv`)).html)).toContain('Iesniegts');
  });

  it('shows before the run what would be paid and what not, and why, in words', async () => {
    const preview = await browser.get(`${monthPath}/preview?lang=en`);
    expect(preview.status).toBe(200);
    const shown = text(preview.html);
    expect(shown).toContain('Will not be paid');
    // The parents have not confirmed: the settlement's own reason, in the reader's words.
    expect(shown).toContain(
      '1 February 2024, Education, 4 hr Reason: the parent has not confirmed these hours',
    );
    expect(shown).toContain('Nothing would be paid.');
  });

  it('shows the pay statement after the run, printable', async () => {
    const ref = { municipality: MUNICIPALITY, caseId: 'c-a' };
    expect(text((await browser.get(`${monthPath}/statement`)).html)).toContain('pārskata vēl nav');
    await settleCaseMonth(world.table.store, ref, '2024-02', {
      actor: { kind: 'system', id: 'test' },
      at: '2024-03-10T06:00:00.000Z',
    });
    const statement = await browser.get(`${monthPath}/statement`);
    expect(statement.html).toContain('Mēneša pārskats');
    expect(statement.html).toContain('data-print');
  });
});

describe('every denial', () => {
  it('sends a browser without a session to sign in (and back)', async () => {
    const page = await new Browser().get(monthPath);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/sign-in?next=${encodeURIComponent(monthPath)}`);
  });

  it('treats a tampered cookie as none', async () => {
    const browser = new Browser();
    await browser.signIn('cognito-a1');
    const [name, value = ''] = [...browser.cookies][0] ?? [];
    browser.cookies.set(name ?? '', `${value.slice(0, 40)}A${value.slice(41)}`);
    expect((await browser.get('/hours')).status).toBe(303);
  });

  it('treats an expired session as none', async () => {
    const browser = new Browser();
    await browser.signIn('cognito-a1');
    const expired = new Browser(() => later);
    expired.cookies = browser.cookies;
    expect((await expired.get('/hours')).status).toBe(303);
  });

  it('refuses a coordinator the assistants’ pages (403)', async () => {
    const browser = new Browser();
    await browser.signIn('u-7');
    const page = await browser.get(monthPath);
    expect(page.status).toBe(403);
    expect(page.html).toContain('Šī lapa jums nav pieejama');
  });

  it('does not find the case for an assistant of another municipality with the same id, nor another assistant', async () => {
    for (const user of ['a-1-riga', 'a-2']) {
      const browser = new Browser();
      await browser.signIn(user);
      expect((await browser.get(monthPath)).status).toBe(404);
      expect((await browser.get(`${monthPath}/preview`)).status).toBe(404);
      expect((await browser.get(`${monthPath}/statement`)).status).toBe(404);
      const cases = await browser.get('/hours');
      expect(cases.html).not.toContain('c-a');
    }
  });
});
