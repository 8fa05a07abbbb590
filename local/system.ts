/**
 * The whole system on one machine, on 127.0.0.1 only: DynamoDB Local keeping its tables in a data
 * directory, the local SES with its web viewer, both state machines in the local Step Functions
 * runtime on a clock the user can advance, the schedules (timesheet reminders, the monthly run,
 * the outbox sender) on that clock, and one HTTP port serving the API and the local control
 * routes (`/_local/clock`, see local/control.ts). `npm start` runs it (local/start.ts);
 * `npm run demo` runs it on a virtual clock without HTTP.
 *
 * Executions live in memory, so starting again resumes every open case at the phase recorded on
 * it (`resumeCycle`), restarts a monthly run that was cut short, and fires the schedules that came
 * due while it was stopped; the clock's offset is kept in the data directory, so time never goes
 * back. A case paused after a failure stays paused until someone resumes it.
 *
 * @example
 * const system = await startLocalSystem({ dataDirectory: '.atbalsts' });
 * await system.advance(30 * DAY_MS); // the month's schedules fire, emails land in the local SES
 * await system.stop();
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { SCHEDULED_HANDLERS } from '../functions/handlers/monthly-run-tasks.ts';
import { settledMonthOf } from '../functions/monthly-run/run-month.ts';
import {
  createSesClient,
  DEFAULT_DELIVERY,
  type DrainSummary,
  OutboxSender,
  outboxItemOfSesTags,
} from '../functions/notify/sender.ts';
import { createWebApp } from '../functions/pages/app.ts';
import { resumeCycle } from '../functions/review-cycle/commands.ts';
import type { Step } from '../functions/step-context.ts';
import { createDocumentClient, localClientConfig } from '../functions/store/client.ts';
import type { Actor } from '../functions/store/entities.ts';
import type { CaseRef } from '../functions/store/keys.ts';
import { errorNameOf } from '../functions/store/runs.ts';
import { createStore, type Store } from '../functions/store/store.ts';
import { ensureTable } from '../functions/store/table.ts';
import type { WorkflowStep } from '../workflows/names.ts';
import { handleControlRequest } from './control.ts';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from './dynamodb.ts';
import { LOCAL_MUNICIPALITIES, type LocalMunicipality, municipalityConfig } from './municipalities.ts';
import { apiRequestListener } from './node-server.ts';
import { type CalendarSchedule, type LocalSchedules, startLocalSchedules } from './schedules.ts';
import { localSesClientConfig, type RunningLocalSes, startLocalSes } from './ses.ts';
import { OffsetClock } from './stepfunctions/offset-clock.ts';
import type { VirtualClock } from './stepfunctions/virtual-clock.ts';
import { developmentTokens, developmentUsers } from './tokens.ts';
import { type LocalWorkflows, startLocalWorkflows } from './workflows.ts';

/** The fixed ports of `npm start`; 0 asks for any free port. */
export const DEFAULT_PORTS = { http: 8080, ses: 8005, dynamodb: 8000 } as const;

/** The table of the local system. */
export const LOCAL_TABLE = 'atbalsts';

/** Where `npm start` keeps its data: `.atbalsts/` in the repository (gitignored). */
export const DEFAULT_DATA_DIRECTORY = path.resolve(import.meta.dirname, '..', '.atbalsts');

/** Who the local system is in the audit trail when it resumes a case after a restart. */
export const LOCAL_SYSTEM_ACTOR: Actor = { kind: 'system', id: 'local-system' };

const STATE_FILE = 'local-system.json';

export interface LocalSystemOptions {
  /** DynamoDB's tables and the system's state (clock offset, schedules, link secret); `.atbalsts/` when absent. */
  dataDirectory?: string;
  /** Keep DynamoDB in memory (the demo): nothing of the table survives a stop. */
  inMemory?: boolean;
  /** Ports on 127.0.0.1; {@link DEFAULT_PORTS} when absent, 0 for any free port. */
  ports?: { http?: number; ses?: number; dynamodb?: number };
  /** A virtual clock instead of real time plus the saved offset (the demo: a year in minutes). */
  clock?: VirtualClock;
  /** Serve the API and the control routes over HTTP; true when absent. */
  http?: boolean;
  municipalities?: readonly LocalMunicipality[];
  /** How often the outbox is drained on the system's clock; five minutes when absent. */
  drainEveryMs?: number;
  /** Resume open cases and cut-short runs on start; true when absent. */
  resume?: boolean;
  /** One line per event worth telling (ids only); silent when absent. */
  log?: (line: string) => void;
  /** Wraps each workflow step before it is bound (the demo watches which cases moved). */
  wrapStep?: (name: WorkflowStep, step: Step) => Step;
}

/** What was saved in the data directory. */
interface SavedState {
  offsetMs: number;
  lastFired: Partial<Record<CalendarSchedule, string>>;
  linkSecret: string;
  /** Signs the local development tokens the API accepts. */
  tokenSecret: string;
}

/** The municipality whose development tokens `npm start` prints. */
export const DEVELOPMENT_MUNICIPALITY = 'talsi';

export interface LocalSystem {
  clock: OffsetClock | VirtualClock;
  store: Store;
  workflows: LocalWorkflows;
  ses: RunningLocalSes;
  schedules: LocalSchedules;
  dataDirectory: string;
  urls: { http?: string; sesViewer: string; dynamodb: string };
  /** The API as one Hono app, also served on `urls.http`. */
  api: Hono;
  /** Development tokens of {@link DEVELOPMENT_MUNICIPALITY} (12 hours), as the local token issuer signs them. */
  tokens: { coordinator: string; supervisor: string; assistant: string };
  /** The secret the API verifies local tokens with, to issue others (`issueLocalToken`). */
  tokenSecret: string;
  /** What starting again picked up. */
  resumed: { cases: number; paused: number; runs: number };
  /** Move the system's clock ahead, letting every execution, schedule and drain catch up. */
  advance(ms: number): Promise<void>;
  advanceTo(instant: Date | string): Promise<void>;
  /** Resolves when nothing more happens without the clock or a person. */
  settle(): Promise<void>;
  /** Send what the outbox holds now, without waiting for the next drain. */
  deliver(): Promise<DrainSummary>;
  /** Stop everything started, in order; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Start the local system and resolve once it serves.
 *
 * @example
 * const system = await startLocalSystem({ ports: { http: 0, ses: 0, dynamodb: 0 }, dataDirectory: tmp });
 * console.log(system.urls.http, system.urls.sesViewer);
 */
export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const log = options.log ?? (() => {});
  const dataDirectory = path.resolve(options.dataDirectory ?? DEFAULT_DATA_DIRECTORY);
  mkdirSync(dataDirectory, { recursive: true });
  const saved = loadState(dataDirectory);
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const serveHttp = options.http ?? true;
  const stack: (() => Promise<void> | void)[] = [];
  // Closed first on stop, so no request arrives while the rest goes down.
  let closeHttp: () => Promise<void> = async () => {};
  const stopAll = async () => {
    await closeHttp();
    for (const stopOne of stack.splice(0).reverse()) {
      await Promise.resolve()
        .then(stopOne)
        .catch(() => {});
    }
  };

  try {
    for (const port of [serveHttp ? ports.http : 0, ports.ses, ports.dynamodb]) await assertPortFree(port);

    // The HTTP port first: its address goes into the links the emails carry.
    let route: RequestListener = (_request, response) => problem(response, 503, 'the system is starting');
    const server = serveHttp
      ? await listen(ports.http, (request, response) => route(request, response))
      : undefined;
    if (server) closeHttp = once(() => closeServer(server.server));
    const httpUrl = server ? `http://127.0.0.1:${server.port}` : undefined;

    const [dynamo, ses] = await startedTogether(
      startDynamoDbLocal({
        ...(options.inMemory ? {} : { dataDirectory: path.join(dataDirectory, 'dynamodb') }),
        ...(ports.dynamodb !== 0 && { port: ports.dynamodb }),
      }),
      // The mail survives a restart beside the table, so a link sent before it can still be found.
      startLocalSes({
        ...(ports.ses !== 0 && { port: ports.ses }),
        ...(!options.inMemory && { mailFile: path.join(dataDirectory, 'ses', 'mail.jsonl') }),
      }),
    );
    stack.push(
      () => dynamo.stop(),
      () => ses.stop(),
    );

    const clientConfig = localClientConfig(dynamo.endpoint);
    const raw = new DynamoDBClient(clientConfig);
    stack.push(() => raw.destroy());
    await ensureTable(raw, LOCAL_TABLE);
    const documents = createDocumentClient(clientConfig);
    stack.push(() => documents.destroy());
    const writes = countWrites(documents);
    const store = createStore({ tableName: LOCAL_TABLE, documents });

    const state: SavedState = { ...saved };
    const save = () => saveState(dataDirectory, state);
    const clock =
      options.clock ??
      new OffsetClock({
        offsetMs: state.offsetMs,
        onAdvance: (offsetMs) => {
          state.offsetMs = offsetMs;
          save();
        },
      });
    if (clock instanceof OffsetClock) stack.push(() => clock.close());

    const municipalities = municipalityConfig(options.municipalities ?? LOCAL_MUNICIPALITIES);
    const workflows = startLocalWorkflows({
      store,
      clock,
      config: {
        appUrl: httpUrl ?? `http://127.0.0.1:${DEFAULT_PORTS.http}`,
        linkSecret: state.linkSecret,
        supervisors: municipalities.supervisorIds,
      },
      ...(options.wrapStep && { wrapStep: options.wrapStep }),
    });
    const { sfn, context } = workflows;
    stack.push(async () => {
      // Handlers already running finish first, so no step is cut in half; then every execution stops.
      await sfn.idle();
      await sfn.close();
    });

    const sesClient = createSesClient(localSesClientConfig(ses.endpoint));
    stack.push(() => sesClient.destroy());
    const sender = new OutboxSender({
      store,
      ses: sesClient,
      config: {
        ...DEFAULT_DELIVERY,
        from: 'Atbalsts <atbalsts@example.lv>',
        organisations: municipalities.organisations,
        supervisors: municipalities.supervisorContacts,
      },
      senderId: 'local-sender',
      now: () => clock.now(),
      // The local SES keeps every email with its tags: an item a killed sender had started is
      // marked sent if it got there, instead of going out twice.
      acceptedMessageIdOf: async (ref, notificationId) =>
        (await ses.emails()).find((email) => {
          const tags: Record<string, string[]> = {};
          for (const tag of email.tags ?? []) tags[tag.name] = [tag.value];
          const item = outboxItemOfSesTags(tags);
          return (
            item?.notificationId === notificationId &&
            item.ref.municipality === ref.municipality &&
            item.ref.caseId === ref.caseId
          );
        })?.messageId,
      // Quiet: only what a person should look at, by kind and ids.
      log: (event) => {
        if (event['outcome'] === 'failed') {
          log(
            `email ${String(event['kind'])} of case ${String(event['municipality'])}/${String(event['caseId'])} failed: ${String(event['reason'] ?? 'error')}`,
          );
        }
      },
    });

    // A drain lists the pending outbox across its shards, which costs a few queries; when nothing
    // was written to the table since a drain found the outbox empty, there is nothing to send.
    let quietSinceWrite: number | undefined;
    const drainOutbox = async (): Promise<DrainSummary> => {
      const before = writes.count;
      const summary = await sender.drain();
      const untouched = summary.sent + summary.failed + summary.released + summary.skipped === 0;
      quietSinceWrite = untouched && writes.count === before ? before : undefined;
      return summary;
    };

    const schedules = startLocalSchedules({
      clock,
      lastFired: state.lastFired,
      ...(options.drainEveryMs !== undefined && { drainEveryMs: options.drainEveryMs }),
      jobs: {
        timesheetReminders: async (scheduledAt) => {
          await SCHEDULED_HANDLERS['timesheet-reminders']({ scheduledAt }, context);
          log(`timesheet reminders for ${settledMonthOf(scheduledAt)} decided`);
        },
        monthlyRun: async (scheduledAt) => {
          await sfn.startExecution({
            stateMachineArn: workflows.runStateMachineArn,
            name: `scheduled-${scheduledAt.replace(/\D/g, '').slice(0, 12)}`,
            input: JSON.stringify({ scheduledAt }),
          });
          log(`monthly run for ${settledMonthOf(scheduledAt)} started`);
        },
        drainOutbox: async () => {
          if (quietSinceWrite !== undefined && quietSinceWrite === writes.count) return;
          const summary = await drainOutbox();
          if (summary.sent > 0) log(`${summary.sent} email(s) sent`);
        },
      },
      onFired: (schedule, scheduledAt) => {
        state.lastFired[schedule] = scheduledAt;
        save();
      },
      onError: (schedule, error) => log(`${schedule} failed: ${errorNameOf(error)}`),
    });
    stack.push(async () => {
      schedules.stop();
      await schedules.idle();
    });

    const settle = async () => {
      // Until nothing is in flight on either side: a drain can follow a step, a step a schedule.
      for (let round = 0; round < 3; round += 1) {
        await sfn.idle();
        await schedules.idle();
      }
    };
    clock.settleWith(settle);
    stack.push(save);

    const api = createWebApp({
      ...context,
      auth: { localSecret: state.tokenSecret },
      // The pages' development sign-in: the seeded users, a session like the one Cognito's gives on AWS.
      session: {
        secret: state.tokenSecret,
        appUrl: context.config.appUrl,
        signIn: { kind: 'development', users: developmentUsers(DEVELOPMENT_MUNICIPALITY) },
      },
      planningRegions: Object.fromEntries(
        (options.municipalities ?? LOCAL_MUNICIPALITIES).map((municipality) => [
          municipality.id,
          municipality.region,
        ]),
      ),
      // Quiet: a request that failed unexpectedly, by route and error name.
      log: (entry) => {
        if (entry.level === 'error') {
          log(
            `API ${entry.method} ${entry.route} answered ${entry.status}${entry.errorName ? ` (${entry.errorName})` : ''}`,
          );
        }
      },
    });
    const apiListener = apiRequestListener(api);
    const tokens = await developmentTokens(state.tokenSecret, DEVELOPMENT_MUNICIPALITY);

    const resumed =
      options.resume === false
        ? { cases: 0, paused: 0, runs: 0 }
        : await resumeWhereLeft(documents, workflows, log);

    const advanceTo = async (instant: Date | string) => {
      await settle();
      await clock.advanceTo(instant);
      await settle();
    };
    const system: LocalSystem = {
      clock,
      store,
      workflows,
      ses,
      schedules,
      dataDirectory,
      urls: {
        ...(httpUrl !== undefined && { http: httpUrl }),
        sesViewer: ses.endpoint,
        dynamodb: dynamo.endpoint,
      },
      api,
      tokens,
      tokenSecret: state.tokenSecret,
      resumed,
      advance: (ms) => advanceTo(new Date(clock.now().getTime() + ms)),
      advanceTo,
      settle,
      deliver: async () => {
        await settle();
        return drainOutbox();
      },
      stop: once(stopAll),
    };
    route = (request, response) => {
      void serve(system, apiListener, request, response).catch((error: unknown) => {
        log(`HTTP ${request.method ?? '?'} failed: ${errorNameOf(error)}`);
        if (!response.headersSent) problem(response, 500, 'internal error');
      });
    };
    return system;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Both started, or neither left running: when one fails, the other is stopped before the error goes on. */
async function startedTogether(
  dynamoStarting: Promise<RunningDynamoDbLocal>,
  sesStarting: Promise<RunningLocalSes>,
): Promise<[RunningDynamoDbLocal, RunningLocalSes]> {
  const [dynamo, ses] = await Promise.allSettled([dynamoStarting, sesStarting]);
  if (dynamo.status === 'fulfilled' && ses.status === 'fulfilled') return [dynamo.value, ses.value];
  if (dynamo.status === 'fulfilled') await dynamo.value.stop();
  if (ses.status === 'fulfilled') await ses.value.stop();
  throw dynamo.status === 'rejected' ? dynamo.reason : (ses as PromiseRejectedResult).reason;
}

/** One request: the local control routes, else the API. */
async function serve(
  system: LocalSystem,
  apiListener: RequestListener,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (await handleControlRequest(system, request, response)) return;
  await apiListener(request, response);
}

/** A problem+json answer (RFC 9457), as the API answers. */
function problem(response: ServerResponse, status: number, detail: string): void {
  response.writeHead(status, { 'content-type': 'application/problem+json' });
  response.end(JSON.stringify({ type: 'about:blank', status, title: detail }));
}

/**
 * Start every open case again at its recorded phase (executions did not survive the stop), and
 * every monthly run that was still running. Cases paused after a failure are left for a person.
 */
async function resumeWhereLeft(
  documents: DynamoDBDocumentClient,
  workflows: LocalWorkflows,
  log: (line: string) => void,
): Promise<LocalSystem['resumed']> {
  const resumed = { cases: 0, paused: 0, runs: 0 };
  for (const item of await scanAll(documents, 'Case', 'open')) {
    const ref: CaseRef = { municipality: String(item['municipality']), caseId: String(item['caseId']) };
    if (item['failure'] !== undefined) {
      resumed.paused += 1;
      log(
        `case ${ref.municipality}/${ref.caseId} stays paused after ${errorNameOf(item['failure'])}; resume it through the API`,
      );
      continue;
    }
    try {
      await resumeCycle(workflows.context, ref, LOCAL_SYSTEM_ACTOR);
      resumed.cases += 1;
    } catch (error) {
      log(`case ${ref.municipality}/${ref.caseId} could not be resumed: ${errorNameOf(error)}`);
    }
  }
  for (const item of await scanAll(documents, 'Run', 'running')) {
    const run = {
      scheduledAt: String(item['scheduledAt']),
      month: String(item['month']),
      kind: String(item['kind']),
    };
    try {
      await workflows.sfn.startExecution({
        stateMachineArn: workflows.runStateMachineArn,
        name: `resume-${String(item['runId'])}-${Date.now()}`,
        input: JSON.stringify(run),
      });
      resumed.runs += 1;
    } catch (error) {
      log(`run ${String(item['runId'])} could not be resumed: ${errorNameOf(error)}`);
    }
  }
  return resumed;
}

/**
 * Items of one entity in one status, by a scan: fine for one machine's table, and the table has
 * no index across municipalities (on AWS, in-flight cases move by `resumeCycle` from the API).
 */
async function scanAll(
  documents: DynamoDBDocumentClient,
  entity: 'Case' | 'Run',
  status: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: LOCAL_TABLE,
        FilterExpression: '#entity = :entity AND #status = :status',
        ExpressionAttributeNames: { '#entity': 'entity', '#status': 'status' },
        ExpressionAttributeValues: { ':entity': entity, ':status': status },
        ConsistentRead: true,
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const WRITE_COMMANDS = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

/** Counts the writes sent through a client, so a drain can tell that nothing new was written. */
function countWrites(documents: DynamoDBDocumentClient): { readonly count: number } {
  const counter = { count: 0 };
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITE_COMMANDS.has(String(context.commandName))) counter.count += 1;
      return next(args);
    },
    { step: 'initialize', name: 'atbalstsLocalWriteCounter' },
  );
  return counter;
}

function loadState(dataDirectory: string): SavedState {
  const file = path.join(dataDirectory, STATE_FILE);
  const fresh: SavedState = {
    offsetMs: 0,
    lastFired: {},
    linkSecret: randomBytes(32).toString('base64url'),
    tokenSecret: randomBytes(32).toString('base64url'),
  };
  if (!existsSync(file)) return fresh;
  const read = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedState>;
  return {
    offsetMs: typeof read.offsetMs === 'number' && read.offsetMs >= 0 ? read.offsetMs : 0,
    lastFired: read.lastFired ?? {},
    linkSecret: secretOr(read.linkSecret, fresh.linkSecret),
    tokenSecret: secretOr(read.tokenSecret, fresh.tokenSecret),
  };
}

/** A saved secret, or a fresh one when it is missing or too short. */
function secretOr(saved: unknown, fresh: string): string {
  return typeof saved === 'string' && saved.length >= 32 ? saved : fresh;
}

/** Written whole and renamed into place, so a crash never leaves half a file. */
function saveState(dataDirectory: string, state: SavedState): void {
  const file = path.join(dataDirectory, STATE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is in use (is the system already running?); choose another with the port options`
            : `port ${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function listen(
  port: number,
  listener: RequestListener,
): Promise<{ server: ReturnType<typeof createServer>; port: number }> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= run();
    return running;
  };
}
