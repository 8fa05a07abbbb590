/**
 * The local system as a user runs it: `local/start.ts` (what `npm start` runs) as a
 * separate process on a fresh data directory and free ports, read from what it prints. One case
 * goes through its cycle over HTTP only: a coordinator opens it and submits the assessment, the
 * parents rank and consent through the links in the emails the local SES received, the
 * coordinator approves; the assistant sends a month's timesheet; the parents confirm it; the clock is moved over HTTP past the
 * settlement day; the month's statement is there and the emails of each step arrived. The parents'
 * and the assistant's steps go through the pages, as a phone without JavaScript does (HTML, form
 * posts with their CSRF fields, redirects followed; the assistant signed in on the development
 * sign-in page with the session cookie); the coordinator's through the JSON API. SIGINT
 * stops it: exit code 0, and no process it started is left.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, monthOf, rigaDateOf, rigaInstantOf } from '../../functions/domain/calendar.ts';
import { settlementDaysOf } from '../../functions/monthly-run/run-month.ts';
import type { LocalSesEmail } from '../../local/ses.ts';
import { sampleAssessment, sampleFamily } from '../../scripts/sample-family.ts';

const repository = path.resolve(import.meta.dirname, '../..');
const dataDirectory = mkdtempSync(path.join(tmpdir(), 'atbalsts-e2e-'));

interface Started {
  process: ChildProcess;
  output: () => string;
  api: string;
  ses: string;
  coordinator: string;
  assistant: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let system: Started | undefined;

/** Start the system as `npm start` does, and read its addresses and tokens from what it prints. */
async function startSystem(): Promise<Started> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'local/start.ts',
      '--data-dir',
      dataDirectory,
      '--http-port',
      '0',
      '--ses-port',
      '0',
      '--dynamodb-port',
      '0',
    ],
    // A process group of its own, as a terminal gives a command: Ctrl-C reaches all of it.
    { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 80_000;
  while (!/Move the clock ahead/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`the system did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const found = (pattern: RegExp) => {
    const match = pattern.exec(output)?.[1];
    if (!match) throw new Error(`not in the output (${pattern}):\n${output}`);
    return match;
  };
  return {
    process: child,
    output: () => output,
    api: found(/API\s+(http:\/\/127\.0\.0\.1:\d+)/),
    ses: found(/Emails \(SES\)\s+(http:\/\/127\.0\.0\.1:\d+)/),
    coordinator: found(/COORDINATOR_TOKEN='([^']+)'/),
    assistant: found(/ASSISTANT_TOKEN='([^']+)'/),
    exited,
  };
}

/** Every process below `pid` (Linux `ps`), with its command, to check none is left after the stop. */
function descendantsOf(pid: number): { pid: number; command: string }[] {
  const listing = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const children = new Map<number, { pid: number; command: string }[]>();
  for (const line of listing.trim().split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const parent = Number(match[2]);
    children.set(parent, [
      ...(children.get(parent) ?? []),
      { pid: Number(match[1]), command: match[3] ?? '' },
    ]);
  }
  const found: { pid: number; command: string }[] = [];
  const visit = (parent: number) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child.pid);
    }
  };
  visit(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function call(
  method: string,
  url: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A page as a browser got it: status, where a redirect goes, the HTML. */
interface Page {
  status: number;
  location: string | null;
  html: string;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attributeOf = (tag: string, name: string) => {
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
};
const hasAttribute = (tag: string, name: string) => new RegExp(`\\s${name}(=|\\s|/?>)`).test(tag);

/** What a form sends of its own: hidden and text fields, checked boxes and radios, selected options; not what `typed` replaces. */
function formFields(form: string, typed: Record<string, unknown>): URLSearchParams {
  const fields = new URLSearchParams();
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attributeOf(tag, 'name');
    const type = attributeOf(tag, 'type') ?? 'text';
    if (!name || name in typed || type === 'file' || type === 'submit') continue;
    if ((type === 'checkbox' || type === 'radio') && !hasAttribute(tag, 'checked')) continue;
    fields.append(name, attributeOf(tag, 'value') ?? (type === 'checkbox' ? 'on' : ''));
  }
  for (const [, open = '', options = ''] of form.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const name = attributeOf(open, 'name');
    if (!name || name in typed) continue;
    const chosen =
      /<option\b[^>]*\sselected[^>]*>/.exec(options)?.[0] ?? /<option\b[^>]*>/.exec(options)?.[0];
    fields.append(name, chosen ? (attributeOf(chosen, 'value') ?? '') : '');
  }
  return fields;
}

/**
 * A browser without JavaScript on the system's address: a cookie jar, pages asked for as HTML,
 * forms posted as `application/x-www-form-urlencoded` with what the form holds (hidden fields
 * such as the CSRF token, text fields, checked boxes and radios, selected options) plus what the
 * person types or picks, and each 303 followed with a GET.
 */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(method: string, path: string, body?: URLSearchParams): Promise<Page> {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(new URL(path, this.base), {
      method,
      headers,
      redirect: 'manual',
      ...(body && { body: body.toString() }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }

  async get(path: string): Promise<Page> {
    const page = await this.request('GET', path);
    expect(page.status, `GET ${path}`).toBe(200);
    return page;
  }

  /**
   * Submit the page's form whose action starts with `action`, as pressing its `button` (a name and
   * value) does, with `typed` in place of the form's own values; a 303 is followed to its page.
   */
  async submit(
    page: Page,
    action: string,
    typed: Record<string, string | string[]> = {},
    button?: [string, string],
  ): Promise<Page & { redirectedTo: string | null }> {
    const forms = [...page.html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((match) => match[0]);
    const form = forms.find((each) => (attributeOf(each, 'action') ?? '').startsWith(action));
    if (!form) throw new Error(`no form posting to ${action} on the page:\n${page.html.slice(0, 2_000)}`);
    const target = attributeOf(form, 'action') ?? action;
    const fields = formFields(form, typed);
    for (const [name, value] of Object.entries(typed)) {
      for (const each of Array.isArray(value) ? value : [value]) fields.append(name, each);
    }
    if (button) fields.append(button[0], button[1]);
    const answer = await this.request('POST', target, fields);
    if (answer.status !== 303) return { ...answer, redirectedTo: null };
    return { ...(await this.get(answer.location ?? '')), redirectedTo: answer.location };
  }
}

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  if (system && system.process.exitCode === null) {
    process.kill(-(system.process.pid as number), 'SIGKILL');
    await system.exited;
  }
  rmSync(dataDirectory, { recursive: true, force: true });
});

describe('npm start, as a user runs it', () => {
  it('takes a case through its cycle over HTTP, settles its month after the clock moves, and stops cleanly', async () => {
    const running = system as Started;
    const { api, coordinator } = running;
    const asCoordinator = { token: coordinator };

    // Where the system's clock stands (real time, no offset yet on a fresh data directory).
    const clock = await call('GET', `${api}/_local/clock`);
    expect(clock.status).toBe(200);
    const today = rigaDateOf(String(clock.body['now']));

    /** Wait until the case is in `phase` (the cycle moves on by itself after each answer). */
    const phaseOf = async () => {
      const { body } = await call('GET', `${api}/cases/c-1`, asCoordinator);
      return (body['case'] as { phase: string } | undefined)?.phase;
    };
    const untilPhase = async (phase: string) => {
      const deadline = Date.now() + 20_000;
      let now = await phaseOf();
      while (now !== phase) {
        if (Date.now() > deadline) throw new Error(`the case is in ${now}, not ${phase}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
        now = await phaseOf();
      }
    };
    /** Send the outbox now, then the emails the local SES holds for an address. */
    const emailsTo = async (address: string): Promise<LocalSesEmail[]> => {
      expect((await call('POST', `${api}/_local/outbox/drain`)).status).toBe(200);
      const store = (await (await fetch(`${running.ses}/store`)).json()) as { emails: LocalSesEmail[] };
      return store.emails.filter((email) => email.destination.to.includes(address));
    };
    const linkIn = (email: LocalSesEmail | undefined) => {
      const token = /\/links\/([A-Za-z0-9_.-]+)/.exec(email?.body.text ?? '')?.[1];
      if (!token) throw new Error(`no link in ${email?.subject ?? 'no email'}`);
      return token;
    };

    // The coordinator opens the case; the cycle asks for the assessment.
    const opened = await call('POST', `${api}/cases`, {
      ...asCoordinator,
      body: {
        caseId: 'c-1',
        participantId: 'p-1',
        person: sampleFamily(
          { parent: 'lr-1', assistant: 'a-talsi-1', coordinator: 'u-talsi-1' },
          '2016-05-02',
        ),
      },
    });
    expect(opened.status).toBe(201);
    await untilPhase('request-assessment');

    const assessed = await call('POST', `${api}/cases/c-1/assessment`, {
      ...asCoordinator,
      body: sampleAssessment(today),
    });
    expect(assessed.status).toBe(202);
    await untilPhase('request-ranking');

    // The parents rank on the page their email links to, as a phone without JavaScript does:
    // the places typed, continue, the order to check, send, the thank-you page.
    const parents = new Browser(api);
    const rankingToken = linkIn(
      (await emailsTo('ilze@example.lv')).find((email) => /\/links\//.test(email.body.text ?? '')),
    );
    const view = await call('GET', `${api}/links/${rankingToken}`);
    expect(view.body).toMatchObject({ step: 'ranking', caseId: 'c-1', answerable: true });
    const rankingPage = await parents.get(`/links/${rankingToken}`);
    expect(rankingPage.html).toMatch(/<html lang="lv"/);
    const checkOrder = await parents.submit(
      rankingPage,
      `/links/${rankingToken}/ranking`,
      { 'place-speech-therapy': '1', 'place-physiotherapy': '2' },
      ['action', 'check'],
    );
    expect(checkOrder.status).toBe(200);
    const ranked = await parents.submit(checkOrder, `/links/${rankingToken}/ranking`, {}, ['action', 'send']);
    expect(ranked.redirectedTo).toMatch(new RegExp(`^/links/${rankingToken}/ranking/sent`));
    expect(ranked.html).toContain('govuk-panel');
    await untilPhase('await-approval');
    const drafted = await call('GET', `${api}/cases/c-1`, asCoordinator);
    expect((drafted.body['cycle'] as { ranking: unknown }).ranking).toMatchObject({
      services: ['speech-therapy', 'physiotherapy'],
      rankedBy: 'parents',
    });

    // They consent through the next link; the coordinator approves on that consent.
    const consentEmail = (await emailsTo('ilze@example.lv')).find(
      (email) => /\/links\//.test(email.body.text ?? '') && linkIn(email) !== rankingToken,
    );
    const consentToken = linkIn(consentEmail);
    const consentPage = await parents.get(`/links/${consentToken}`);
    const consented = await parents.submit(consentPage, `/links/${consentToken}/consent`, {
      decision: 'given',
    });
    expect(consented.redirectedTo).toMatch(new RegExp(`^/links/${consentToken}/consent/sent`));
    expect(consented.html).toContain('govuk-panel');
    expect(
      (await call('POST', `${api}/cases/c-1/plans/1/approval`, { ...asCoordinator, body: {} })).status,
    ).toBe(202);
    await untilPhase('active');
    const active = await call('GET', `${api}/cases/c-1`, asCoordinator);
    const period = (active.body['case'] as { period: { start: string } }).period;
    const month = monthOf(period.start);
    expect(month).toBe(addMonths(monthOf(today), 1));

    // The month passes and the reminder goes out (its day moved past weekends and holidays); the
    // assistant sends the timesheet; the clock moves past the settlement day.
    const days = settlementDaysOf(month);
    const advanced = await call('POST', `${api}/_local/clock/advance`, {
      body: { to: rigaInstantOf(days.reminder, '09:00').toISOString() },
    });
    expect(advanced.status).toBe(200);
    // The assistant signs in on the development sign-in page and sends the month on the
    // assistants' pages: three days added on the month's form, checked, submitted.
    const assistantBrowser = new Browser(api);
    const monthPath = `/hours/c-1/${month}`;
    const signIn = await assistantBrowser.get(`/sign-in?next=${encodeURIComponent(monthPath)}`);
    let monthPage = await assistantBrowser.submit(signIn, '/sign-in', { user: 'a-talsi-1' });
    expect(monthPage.redirectedTo).toMatch(new RegExp(`^${monthPath}`));
    expect(assistantBrowser.cookies.size).toBe(1);
    for (const day of [3, 4, 5]) {
      monthPage = await assistantBrowser.submit(monthPage, `${monthPath}/entries`, {
        day: `${month}-0${day}`,
        start: '08:00',
        end: '12:00',
        activity: 'education',
      });
      expect(monthPage.redirectedTo).toMatch(new RegExp(`^${monthPath}`));
    }
    const check = await assistantBrowser.get(`${monthPath}/check`);
    const sent = await assistantBrowser.submit(check, `${monthPath}/submit`);
    expect(sent.redirectedTo).toMatch(new RegExp(`^${monthPath}/sent`));

    // The parents confirm the month on the page their email links to (only confirmed hours are paid).
    const hoursEmail = (await emailsTo('ilze@example.lv')).find((email) =>
      /apstiprināt asistenta stundas/i.test(email.subject),
    );
    const hoursToken = linkIn(hoursEmail);
    const page = await fetch(`${api}/links/${hoursToken}`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
    const confirmed = await fetch(`${api}/links/${hoursToken}/hours`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ csrf: field('csrf'), submittedAt: field('submittedAt') }).toString(),
    });
    expect(confirmed.status).toBe(303);
    expect(
      (
        await call('POST', `${api}/_local/clock/advance`, {
          body: { to: rigaInstantOf(days.settlement, '09:00').toISOString() },
        })
      ).status,
    ).toBe(200);

    const statements = await call('GET', `${api}/cases/c-1/statements/${month}`, asCoordinator);
    expect(statements.status).toBe(200);
    const settled = statements.body['statements'] as {
      sequence: number;
      statement: { paidMinutes: number };
    }[];
    expect(settled.map((statement) => [statement.sequence, statement.statement.paidMinutes])).toEqual([
      [0, 720],
    ]);

    // Each step's email arrived: the parents', the assistant's and the coordinator's.
    const subjectsTo = async (address: string) => (await emailsTo(address)).length;
    expect(await subjectsTo('ilze@example.lv')).toBeGreaterThanOrEqual(5); // ranking, consent, plan in force, hours, statement
    expect(await subjectsTo('oksana@example.lv')).toBeGreaterThanOrEqual(3); // assignment, reminder, pay statement
    expect(await subjectsTo('marta@talsi.example.lv')).toBeGreaterThanOrEqual(3); // assessment due, approval, summary
    const store = (await (await fetch(`${running.ses}/store`)).json()) as { emails: LocalSesEmail[] };
    const ids = store.emails.map((email) => email.messageId);
    expect(new Set(ids).size).toBe(ids.length);

    // Ctrl-C, as a terminal sends it to the whole process group: everything it started stops, and it exits 0.
    const descendants = descendantsOf(running.process.pid as number);
    expect(descendants.map((child) => child.command).join('\n')).toMatch(/java/);
    process.kill(-(running.process.pid as number), 'SIGINT');
    expect(await running.exited).toEqual({ code: 0, signal: null });
    const deadline = Date.now() + 5_000;
    while (descendants.some((child) => alive(child.pid)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(descendants.filter((child) => alive(child.pid))).toEqual([]);
    expect(running.output()).toContain('Stopped.');
  });
});
