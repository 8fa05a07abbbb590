/**
 * The local SES: `aws-ses-v2-local` (an npm package) in a child Node process on 127.0.0.1, on a
 * random free port unless one is given. It answers SES v1 `SendEmail`, keeps what it received,
 * serves it back at `/store` for tests, and shows it in a web viewer at `/` for people.
 *
 * A child process rather than the library in-process: its mailbox is module-global, so each
 * test file gets its own, and stopping it is one signal. The child ends itself when its standard
 * input closes, which also happens when our process dies, so a crashed run leaves nothing behind.
 *
 * With `mailFile` (the local system passes one in its data directory) every email is appended to
 * that file, one JSON line each, before SES answers, and read back on start: a link mailed before
 * a restart, or before a `kill -9`, is still in the viewer after it. The library keeps its mail in
 * memory only, so the child wraps its store's `saveEmail` and `clearStore` (and its v1 `SendEmail`
 * handler, to keep the message tags that name the outbox item).
 *
 * @example
 * const ses = await startLocalSes();
 * const client = createSesClient(localSesClientConfig(ses.endpoint));
 * // ... send ...
 * (await ses.emails()).length;
 * await ses.stop();
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { SESClientConfig } from '@aws-sdk/client-ses';

export interface LocalSesEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
  /** The SES message tags of a v1 `SendEmail`, kept when the mail is kept in a file. */
  tags?: { name: string; value: string }[];
}

export interface RunningLocalSes {
  endpoint: string;
  /** Everything received since the start (or the last clear). */
  emails(): Promise<LocalSesEmail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** Any credentials, a fixed region, the local endpoint. */
export function localSesClientConfig(endpoint: string): SESClientConfig {
  return { endpoint, region: 'eu-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
}

// Starts the library's server and prints its port; exits when standard input ends. With a mail
// file: loads it, and appends each email to it before the library answers SendEmail.
const CHILD_SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
const [library, port, mailFile] = process.argv.slice(1);
if (mailFile) {
  const dist = path.dirname(library);
  const store = require(path.join(dist, 'store.js'));
  const v1 = require(path.join(dist, 'v1', 'sendEmail.js'));
  fs.mkdirSync(path.dirname(mailFile), { recursive: true });
  const text = fs.existsSync(mailFile) ? fs.readFileSync(mailFile, 'utf8') : '';
  // A line cut short by a kill stays alone on its line, and is skipped.
  if (text !== '' && !text.endsWith('\\n')) fs.appendFileSync(mailFile, '\\n');
  for (const line of text.split('\\n')) {
    if (line === '') continue;
    try { store.getStoreReadonly().emails.push(JSON.parse(line)); } catch {}
  }
  let tags = [];
  const handleSendEmail = v1.default;
  v1.default = (req, res, next) => {
    const body = req.body || {};
    tags = [];
    for (let n = 1; typeof body['Tags.member.' + n + '.Name'] === 'string'; n++) {
      tags.push({ name: body['Tags.member.' + n + '.Name'], value: String(body['Tags.member.' + n + '.Value'] ?? '') });
    }
    try { return handleSendEmail(req, res, next); } finally { tags = []; }
  };
  const saveEmail = store.saveEmail;
  store.saveEmail = (email) => {
    const kept = tags.length > 0 ? { ...email, tags } : email;
    fs.appendFileSync(mailFile, JSON.stringify(kept) + '\\n');
    saveEmail(kept);
  };
  const clearStore = store.clearStore;
  store.clearStore = () => { fs.writeFileSync(mailFile, ''); clearStore(); };
}
const start = require(library).default;
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
start({ host: '127.0.0.1', port: Number(port) }).then(
  (server) => console.log('LOCAL_SES_PORT=' + server.address().port),
  (error) => { console.error(String(error)); process.exit(1); },
);
`;

/**
 * Start the local SES and wait until it listens.
 * @example const ses = await startLocalSes({ port: 8005, mailFile: '.atbalsts/ses/mail.jsonl' }); // `npm start`
 */
export async function startLocalSes(
  options: { port?: number; startTimeoutMs?: number; mailFile?: string } = {},
): Promise<RunningLocalSes> {
  const require = createRequire(import.meta.url);
  const library = require.resolve('aws-ses-v2-local');
  const child = spawn(
    process.execPath,
    ['-e', CHILD_SCRIPT, library, String(options.port ?? 0), ...(options.mailFile ? [options.mailFile] : [])],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the local SES did not start in time'));
    }, options.startTimeoutMs ?? 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /LOCAL_SES_PORT=(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-2_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local SES exited (${code}) before listening: ${errors.trim()}`));
    });
  });
  // Keep reading so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    emails: async () => {
      const response = await fetch(`${endpoint}/store`);
      const body = (await response.json()) as { emails: LocalSesEmail[] };
      return body.emails;
    },
    clear: async () => {
      await (await fetch(`${endpoint}/clear-store`, { method: 'POST' })).arrayBuffer();
    },
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
