/**
 * `npm start`: the whole system on this machine (local/system.ts), on 127.0.0.1 only, until
 * Ctrl-C. Prints where everything is and how to move the clock; then one quiet line per event,
 * stamped with the system's time in Riga, ids only.
 *
 *   npm start
 *   npm start -- --data-dir /tmp/atbalsts --http-port 0 --ses-port 0 --dynamodb-port 0
 *
 * Options (or ATBALSTS_DATA_DIR, ATBALSTS_HTTP_PORT, ATBALSTS_SES_PORT, ATBALSTS_DYNAMODB_PORT):
 * the data directory (`.atbalsts/` when absent) and the three ports (8080, 8005, 8000; 0 for any
 * free port). SIGINT and SIGTERM stop everything it started and exit 0; starting again resumes.
 */
// The SDK's notice about Node versions after January 2027 says nothing about this run.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import path from 'node:path';
import { parseArgs } from 'node:util';
import { Temporal } from 'temporal-polyfill';
import { monthOf, RIGA_TIME_ZONE, rigaDateOf } from '../functions/domain/calendar.ts';
import { DAY_MS } from '../functions/orchestrator/clock.ts';
import { DEFAULT_PORTS, DEVELOPMENT_MUNICIPALITY, type LocalSystem, startLocalSystem } from './system.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'http-port': { type: 'string' },
    'ses-port': { type: 'string' },
    'dynamodb-port': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm start [-- --data-dir DIR --http-port N --ses-port N --dynamodb-port N]\n' +
      'Starts the whole system on 127.0.0.1; Ctrl-C stops it. See docs/local-system.md.\n',
  );
  process.exit(0);
}

function portOption(given: string | undefined, environment: string, fallback: number): number {
  const text = given ?? process.env[environment];
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`not a port: ${text}\n`);
    process.exit(64);
  }
  return port;
}

const dataDirectory = values['data-dir'] ?? process.env['ATBALSTS_DATA_DIR'];
const ports = {
  http: portOption(values['http-port'], 'ATBALSTS_HTTP_PORT', DEFAULT_PORTS.http),
  ses: portOption(values['ses-port'], 'ATBALSTS_SES_PORT', DEFAULT_PORTS.ses),
  dynamodb: portOption(values['dynamodb-port'], 'ATBALSTS_DYNAMODB_PORT', DEFAULT_PORTS.dynamodb),
};

/** The system's time on a Riga wall clock, to the minute. */
function rigaMinute(instant: Date): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(RIGA_TIME_ZONE)
    .toPlainDateTime()
    .toString({ smallestUnit: 'minute' })
    .replace('T', ' ');
}

let system: LocalSystem | undefined;
/** One line of the running system, stamped with its time in Riga. */
const say = (line: string) =>
  process.stdout.write(`[${system ? rigaMinute(system.clock.now()) : 'starting'}] ${line}\n`);

// The steps log JSON events for the operators (CloudWatch on AWS): here each is one short line,
// with the same ids and counts.
for (const level of ['log', 'info'] as const) {
  const original = console[level];
  console[level] = (...parts: unknown[]) => {
    const event =
      typeof parts[0] === 'string' && parts[0].startsWith('{"event":') ? parseEvent(parts[0]) : undefined;
    if (!event) {
      original(...parts);
      return;
    }
    const { event: name, ...fields } = event;
    say(
      `${String(name)} ${Object.entries(fields)
        .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
        .join(' ')}`,
    );
  };
}

function parseEvent(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

process.stdout.write('Starting DynamoDB Local, the local SES and the workflows...\n');
try {
  system = await startLocalSystem({
    ...(dataDirectory !== undefined && { dataDirectory }),
    ports,
    log: say,
  });
} catch (error) {
  process.stderr.write(`The system did not start: ${(error as Error).message}\n`);
  process.exit(1);
}

const running = system;
const http = running.urls.http ?? '';
const offsetDays =
  Math.round((('offsetMs' in running.clock ? running.clock.offsetMs : 0) / DAY_MS) * 10) / 10;
const shown = path.relative(process.cwd(), running.dataDirectory) || '.';
process.stdout.write(
  [
    '',
    `Atbalsts is running on 127.0.0.1 (data in ${shown}/; Ctrl-C stops it, npm start resumes it).`,
    '',
    `  API               ${http}    (OpenAPI: ${http}/openapi.json)`,
    `  Sign in (pages)   ${http}/sign-in    as a seeded coordinator, supervisor or assistant`,
    `  Emails (SES)      ${running.urls.sesViewer}    every email sent, in a web viewer`,
    `  DynamoDB Local    ${running.urls.dynamodb}    table "atbalsts"`,
    `  Clock             ${rigaMinute(running.clock.now())} in Riga (real time + ${offsetDays} days)`,
    '',
    `Development tokens for ${DEVELOPMENT_MUNICIPALITY} (valid 12 hours; npm start prints new ones):`,
    `  export COORDINATOR_TOKEN='${running.tokens.coordinator}'   # u-${DEVELOPMENT_MUNICIPALITY}-1`,
    `  export ASSISTANT_TOKEN='${running.tokens.assistant}'   # a-${DEVELOPMENT_MUNICIPALITY}-1`,
    '',
    'Try it (a whole case, step by step: docs/local-system.md):',
    `  curl -s -H "authorization: Bearer $COORDINATOR_TOKEN" ${http}/cases`,
    `  curl -s -H "authorization: Bearer $COORDINATOR_TOKEN" ${http}/reviews-due`,
    `  curl -s -H "authorization: Bearer $ASSISTANT_TOKEN" ${http}/assistant/cases/c-1/months/${monthOf(rigaDateOf(running.clock.now()))}/preview`,
    '',
    'Move the clock ahead; reminders, waits, the monthly run and emails due on the way all happen:',
    '  npx atbalsts clock advance 30d',
    `  curl -s -X POST ${http}/_local/clock/advance -d '{"days":30}'`,
    `  curl -s ${http}/_local/clock`,
    '',
    running.resumed.cases + running.resumed.runs + running.resumed.paused > 0
      ? `Resumed ${running.resumed.cases} case(s) and ${running.resumed.runs} run(s) where they were${running.resumed.paused ? `; ${running.resumed.paused} case(s) stay paused after a failure` : ''}.\n`
      : '',
  ].join('\n'),
);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping...\n`);
  running.stop().then(
    () => {
      process.stdout.write('Stopped.\n');
      process.exitCode = 0;
      // Everything started is stopped; should a library still hold a handle, do not keep the user waiting.
      setTimeout(() => process.exit(0), 3_000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`Stopping failed: ${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
