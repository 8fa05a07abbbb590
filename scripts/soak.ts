/**
 * `npm run soak`: the crash soak, outside CI. Starts the local system (`npm start`'s code,
 * local/start.ts, as one child Node process on 127.0.0.1, its own data directory in a
 * temporary directory), takes a few cases to their active plans over the API, then month by month:
 * the assistant submits the timesheets, the clock moves across the monthly run on the 10th and the
 * emails after it, and the process is killed with SIGKILL at a random moment of that window. It is
 * started again on the same directory, the clock moves on two hours (leases run out, the run
 * resumes, the drains send), and the next month comes. At the end it counts, from the statements
 * (API), the outbox items (DynamoDB Local) and the local SES's kept mail (with each email's tags):
 * case-months paid exactly once, emails lost (must be 0) and emails sent twice, per 1,000 sends.
 *
 *   npm run soak                       # 20 kills, 4 cases at a time
 *   npm run soak -- --kills 50 --cases 6 --seed 7 --max-minutes 30 --max-kill-ms 3000
 *
 * Exit code 0 when nothing was lost and every case-month was paid once, 1 otherwise, 2 on a bad flag.
 * The figures go to docs/benchmarks.md ("Crash soak").
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addMonths, monthOf, rigaInstantOf } from '../functions/domain/calendar.ts';
import { outboxItemOfSesTags } from '../functions/notify/sender.ts';
import { createDocumentClient, localClientConfig } from '../functions/store/client.ts';
import { decodeItem, outboxEntity, type StoredOutboxItem } from '../functions/store/entities.ts';
import { casePk } from '../functions/store/keys.ts';
import { createStore } from '../functions/store/store.ts';
import type { LocalSesEmail } from '../local/ses.ts';
import { LOCAL_TABLE } from '../local/system.ts';
import { sampleAssessment, sampleFamily } from './sample-family.ts';

const LIMITS = { kills: 500, cases: 20, maxMinutes: 240 } as const;

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    cases: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    'max-minutes': { type: 'string', default: '30' },
    'max-kill-ms': { type: 'string', default: '4000' },
    keep: { type: 'boolean', default: false },
  },
});
function wholeFlag(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    process.stderr.write(`--${name} must be a whole number from 1 to ${max}\n`);
    process.exit(2);
  }
  return value;
}
const kills = wholeFlag('kills', values.kills, LIMITS.kills);
const casesAtOnce = wholeFlag('cases', values.cases, LIMITS.cases);
const maxMinutes = wholeFlag('max-minutes', values['max-minutes'], LIMITS.maxMinutes);
const maxKillMs = wholeFlag('max-kill-ms', values['max-kill-ms'], 60_000);
let seed = wholeFlag('seed', values.seed, 2 ** 31 - 1);
/** A small seeded generator (Park-Miller), so a soak can be repeated. */
const random = () => {
  seed = (seed * 48_271) % 2_147_483_647;
  return seed / 2_147_483_647;
};

const ROOT = path.resolve(import.meta.dirname, '..');
const dataDirectory = mkdtempSync(path.join(tmpdir(), 'atbalsts-soak-'));
const deadline = Date.now() + maxMinutes * 60_000;
const startedAt = Date.now();
const say = (line: string) =>
  process.stdout.write(`[${String(Math.round((Date.now() - startedAt) / 1_000)).padStart(4)} s] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the system as a child process -----------------------------------------------------------------

interface Running {
  child: ChildProcess;
  api: string;
  ses: string;
  dynamodb: string;
  coordinator: string;
  assistant: string;
  output: string[];
}

/** Start `npm start`'s code on loopback with any free ports, and read where it is from what it prints. */
async function start(): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      // A killed DynamoDB Local may hold its files a moment longer.
      if (attempt >= 4) throw error;
      await sleep(2_000 * attempt);
    }
  }
}

function startOnce(): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'local/start.ts'),
      '--data-dir',
      dataDirectory,
      '--http-port',
      '0',
      '--ses-port',
      '0',
      '--dynamodb-port',
      '0',
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the system did not start in time:\n${output.slice(-20).join('\n')}`));
      // Generous: on a busy 2-core machine DynamoDB Local alone can take minutes to start.
    }, 420_000);
    const found = (pattern: RegExp) => pattern.exec(text)?.[1];
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = chunk.toString().split('\n');
      output.push(...lines);
      output.splice(0, Math.max(0, output.length - 200));
      const api = found(/API\s+(http:\/\/127\.0\.0\.1:\d+)/);
      const ses = found(/Emails \(SES\)\s+(http:\/\/127\.0\.0\.1:\d+)/);
      const dynamodb = found(/DynamoDB Local\s+(http:\/\/127\.0\.0\.1:\d+)/);
      const coordinator = found(/export COORDINATOR_TOKEN='([^']+)'/);
      const assistant = found(/export ASSISTANT_TOKEN='([^']+)'/);
      if (api && ses && dynamodb && coordinator && assistant && /Try it/.test(text)) {
        clearTimeout(timer);
        resolve({ child, api, ses, dynamodb, coordinator, assistant, output });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(`the system exited (${code ?? signal}) before it served:\n${output.slice(-20).join('\n')}`),
      );
    });
  });
}

async function kill(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGKILL');
  await exited;
  // Its SES child and DynamoDB Local's guard end when their standard input closes; give them a moment.
  await sleep(1_500);
}

async function stop(running: Running): Promise<void> {
  const exited = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await exited;
}

// ---- the API, the control routes ---------------------------------------------------------------------

async function call(
  running: Running,
  method: string,
  route: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.api}${route}`, {
    method,
    headers: {
      ...(token !== undefined && { authorization: `Bearer ${token}` }),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function must(
  running: Running,
  method: string,
  route: string,
  body: unknown,
  token: string | undefined,
  expected: number[],
) {
  const answer = await call(running, method, route, body, token);
  if (!expected.includes(answer.status)) {
    throw new Error(
      `${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`,
    );
  }
  return answer.body;
}

const clockNow = async (running: Running) =>
  new Date(String((await must(running, 'GET', '/_local/clock', undefined, undefined, [200]))['now']));

async function advanceTo(running: Running, instant: Date): Promise<void> {
  if (instant.getTime() <= (await clockNow(running)).getTime()) return;
  await must(running, 'POST', '/_local/clock/advance', { to: instant.toISOString() }, undefined, [200]);
}

async function phaseOf(
  running: Running,
  caseId: string,
): Promise<{ phase: string; period?: { start: string; end: string } }> {
  const view = await must(running, 'GET', `/cases/${caseId}`, undefined, running.coordinator, [200]);
  return view['case'] as { phase: string; period?: { start: string; end: string } };
}

async function waitForPhase(running: Running, caseId: string, phases: string[]): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (phases.includes((await phaseOf(running, caseId)).phase)) return;
    await sleep(100);
  }
  throw new Error(`case ${caseId} did not reach ${phases.join(' or ')}`);
}

// ---- the cases -----------------------------------------------------------------------------------------

const person = sampleFamily(
  { parent: 'lr-1', assistant: 'a-talsi-1', coordinator: 'u-talsi-1' },
  '2016-05-02',
);

/** Open a case and take it to its approved plan: the period starts on the 1st of next month. */
async function activeCase(running: Running, caseId: string, today: string): Promise<void> {
  const token = running.coordinator;
  await must(running, 'POST', '/cases', { caseId, participantId: `p-${caseId}`, person }, token, [201]);
  await waitForPhase(running, caseId, ['request-assessment']);
  await must(running, 'POST', `/cases/${caseId}/assessment`, sampleAssessment(today), token, [202]);
  await waitForPhase(running, caseId, ['request-ranking']);
  await must(
    running,
    'POST',
    `/cases/${caseId}/ranking`,
    { services: ['speech-therapy', 'physiotherapy'] },
    token,
    [202],
  );
  await waitForPhase(running, caseId, ['await-approval']);
  await must(running, 'POST', `/cases/${caseId}/plans/1/approval`, { consent: { by: 'lr-1' } }, token, [202]);
  await waitForPhase(running, caseId, ['active']);
}

/** What the assistant submits for a month: four mornings of 2 h, 480 minutes. */
const SUBMITTED_MINUTES = 480;
const timesheetOf = (month: string) => ({
  entries: ['03', '10', '17', '24'].map((day) => ({
    date: `${month}-${day}`,
    start: '08:00',
    end: '10:00',
    activity: 'education',
    confirmed: true,
  })),
});

// ---- the soak --------------------------------------------------------------------------------------------

interface CaseState {
  caseId: string;
  period: { start: string; end: string };
}

const rigaDate = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(instant);

async function main(): Promise<void> {
  say(
    `Crash soak: ${kills} kills, ${casesAtOnce} cases at a time, seed ${values.seed}, data in ${dataDirectory}`,
  );
  const began = Date.now();
  let running = await start();
  current = running;
  const cases: CaseState[] = [];
  /** Case-months the assistant submitted: `caseId month`. */
  const submitted = new Set<string>();
  let opened = 0;
  let killsInside = 0;
  let killsDone = 0;
  const killDelays: number[] = [];

  const openUpTo = async (month: string) => {
    const covering = cases.filter(
      (each) => monthOf(each.period.start) <= month && month <= monthOf(each.period.end),
    );
    const today = rigaDate(await clockNow(running));
    for (let n = covering.length; n < casesAtOnce; n++) {
      opened += 1;
      const caseId = `soak-${String(opened).padStart(3, '0')}`;
      await activeCase(running, caseId, today);
      const { period } = await phaseOf(running, caseId);
      if (!period) throw new Error(`case ${caseId} is active without a period`);
      cases.push({ caseId, period });
    }
  };

  say('started');
  await openUpTo(addMonths(monthOf(rigaDate(await clockNow(running))), 1));
  say(`${cases.length} cases active`);
  let month = addMonths(monthOf(rigaDate(await clockNow(running))), 1);
  for (let round = 0; round < kills && Date.now() < deadline; round++) {
    const next = addMonths(month, 1);
    // The 2nd of the next month: reminders are out; the assistant submits the month.
    await advanceTo(running, rigaInstantOf(`${next}-02`, '09:00'));
    for (const each of cases) {
      if (monthOf(each.period.start) > month || month > monthOf(each.period.end)) continue;
      await must(
        running,
        'PUT',
        `/assistant/cases/${each.caseId}/timesheets/${month}`,
        timesheetOf(month),
        running.assistant,
        [200, 201],
      );
      submitted.add(`${each.caseId} ${month}`);
    }
    // Cases for the month after: opened now, active from the 1st of the month after next.
    await openUpTo(addMonths(next, 1));
    await advanceTo(running, rigaInstantOf(`${next}-10`, '05:55'));

    // The window: the monthly run at 06:00, the drains every five minutes, then a drain now.
    const delay = Math.floor(random() * maxKillMs);
    killDelays.push(delay);
    let windowDone = false;
    const window = (async () => {
      await call(running, 'POST', '/_local/clock/advance', {
        to: rigaInstantOf(`${next}-10`, '06:30').toISOString(),
      });
      await call(running, 'POST', '/_local/outbox/drain');
    })().then(
      () => {
        windowDone = true;
      },
      () => {},
    );
    await Promise.race([sleep(delay), window]);
    if (!windowDone) killsInside += 1;
    await kill(running);
    killsDone += 1;
    await window;
    running = await start();
    current = running;
    // Leases run out, a cut-short run resumes, the drains send what is left.
    await advanceTo(running, rigaInstantOf(`${next}-10`, '09:00'));
    await must(running, 'POST', '/_local/outbox/drain', undefined, undefined, [200]);
    say(
      `  ${month}: killed after ${delay} ms (${windowDone ? 'after the window' : 'inside the run or the sending'}), restarted`,
    );
    month = next;
  }

  // Flush: a day on, and a last drain.
  const end = new Date((await clockNow(running)).getTime() + 86_400_000);
  await advanceTo(running, end);
  await must(running, 'POST', '/_local/outbox/drain', undefined, undefined, [200]);

  const paid = await countPaid(running, submitted);
  const emails = await countEmails(running, cases);
  await stop(running);
  const perThousand =
    emails.sends === 0 ? 0 : Math.round((emails.duplicated / emails.sends) * 1_000 * 10) / 10;
  const summary = {
    kills: killsDone,
    killsInsideTheWindow: killsInside,
    killDelayMs: {
      max: maxKillMs,
      median: [...killDelays].sort((a, b) => a - b)[Math.floor(killDelays.length / 2)],
    },
    cases: cases.length,
    caseMonths: paid,
    emails: { ...emails, duplicatedPerThousandSends: perThousand },
    minutes: Math.round(((Date.now() - began) / 60_000) * 10) / 10,
  };
  say(JSON.stringify(summary, null, 2));
  say(
    `\n${killsDone} kills (${killsInside} inside the run or the sending); case-months paid exactly once: ${paid.once} of ${paid.caseMonths}; emails: ${emails.sends} sent, ${emails.lost} lost, ${emails.undelivered} undelivered, ${emails.duplicated} duplicated (${perThousand} per 1,000 sends).`,
  );
  if (!values.keep) rmSync(dataDirectory, { recursive: true, force: true });
  process.exitCode = emails.lost === 0 && emails.undelivered === 0 && paid.once === paid.caseMonths ? 0 : 1;
}

/** Each submitted case-month: paid once (one statement, the submitted minutes), never, twice, or wrong. */
async function countPaid(running: Running, submitted: ReadonlySet<string>) {
  const paid = { caseMonths: submitted.size, once: 0, never: 0, twice: 0, wrong: 0 };
  for (const key of submitted) {
    const [caseId, settledMonth] = key.split(' ') as [string, string];
    const view = await must(
      running,
      'GET',
      `/cases/${caseId}/statements/${settledMonth}`,
      undefined,
      running.coordinator,
      [200],
    );
    const statements = view['statements'] as { sequence: number; statement: { paidMinutes: number } }[];
    const minutes = statements.reduce((sum, each) => sum + each.statement.paidMinutes, 0);
    if (statements.length === 0) paid.never += 1;
    else if (statements.length > 1) paid.twice += 1;
    else if (minutes !== SUBMITTED_MINUTES) paid.wrong += 1;
    else paid.once += 1;
  }

  return paid;
}

/** The outbox items of the cases against the local SES's kept mail, matched by message tags. */
async function countEmails(running: Running, cases: readonly CaseState[]) {
  const documents = createDocumentClient(localClientConfig(running.dynamodb));
  const store = createStore({ tableName: LOCAL_TABLE, documents });
  const items: StoredOutboxItem[] = [];
  for (const each of cases) {
    const found = await store.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': casePk({ municipality: 'talsi', caseId: each.caseId }),
        ':prefix': 'OUTBOX#',
      },
      ConsistentRead: true,
    });
    items.push(...found.map((item) => decodeItem(outboxEntity, item)));
  }
  documents.destroy();
  const mail = ((await (await fetch(`${running.ses}/store`)).json()) as { emails: LocalSesEmail[] }).emails;
  const copies = new Map<string, number>();
  let untagged = 0;
  for (const email of mail) {
    const tags: Record<string, string[]> = {};
    for (const tag of email.tags ?? []) tags[tag.name] = [tag.value];
    const item = outboxItemOfSesTags(tags);
    if (!item) {
      untagged += 1;
      continue;
    }
    const key = `${item.ref.caseId} ${item.notificationId}`;
    copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  return {
    sends: mail.length - untagged,
    items: items.length,
    sent: items.filter((item) => item.status === 'sent').length,
    failed: items.filter((item) => item.status === 'failed').length,
    undelivered: items.filter((item) => item.status === 'pending' || item.status === 'sending').length,
    lost: items.filter(
      (item) => item.status === 'sent' && !copies.has(`${item.caseId} ${item.notificationId}`),
    ).length,
    duplicated: [...copies.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0),
    uncertainResends: items.reduce((sum, item) => sum + (item.uncertainResends ?? 0), 0),
  };
}

/** The system now running, killed should the soak itself fail. */
let current: Running | undefined;

main().catch((error: unknown) => {
  current?.child.kill('SIGKILL');
  process.stderr.write(`The soak stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write(`Data kept in ${dataDirectory}\n`);
  process.exitCode = 1;
});
