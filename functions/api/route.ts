/**
 * The route table: each route is one plain definition (method, path, who may call it, zod
 * schemas for its path, query and body, its responses with their schemas, and a thin handler).
 * The same definitions register the Hono routes (functions/api/app.ts) and build the OpenAPI
 * document (functions/api/openapi.ts), so what is validated and what is documented cannot drift.
 *
 * What every route gets from here, in order: authentication and the role check of its `access`;
 * the path, query and body parsed with its schemas (a JSON body, or a CSV upload where the route
 * takes one), bad input answered as a problem naming each field with nothing done; for writes, an
 * `Idempotency-Key` honoured per principal; the handler's reply serialized as JSON; and every
 * error mapped to `application/problem+json`.
 *
 * @example
 * export const listCases = defineRoute({
 *   method: 'get', path: '/cases', operationId: 'listCases', summary: 'Cases of your municipality',
 *   tags: ['cases'], access: 'staff-read', params: z.object({}),
 *   responses: { 200: { description: 'A page of cases', schema: casePageSchema } },
 *   handle: async ({ staff, deps }) => ({ status: 200, body: await deps.store.cases.byMunicipality(staff.municipality) }),
 * });
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { z } from 'zod';
import type { SessionConfig } from '../session/middleware.ts';
import type { StepContext } from '../step-context.ts';
import { idempotencyKeySchema, type StoredResponse } from '../store/idempotency.ts';
import {
  type AssistantPrincipal,
  type AuthMode,
  assistantOf,
  type Identity,
  identify,
  ministryOf,
  principalKey,
  type StaffPrincipal,
  staffOf,
} from './auth.ts';
import {
  ApiProblem,
  type FieldError,
  PROBLEM_CONTENT_TYPE,
  problemOf,
  problemSchema,
  zodFieldErrors,
} from './problem.ts';

/**
 * Who may call a route: anyone (`public`), the holder of a signed link in the path (`link`, the
 * handler verifies it), coordinators and supervisors (`staff-read`), coordinators only
 * (`coordinator`), assistants (`assistant`), the ministry (`ministry`: aggregates only).
 */
export type Access = 'public' | 'link' | 'staff-read' | 'coordinator' | 'assistant' | 'ministry';

export interface ApiLogEntry {
  level: 'info' | 'error';
  message: string;
  requestId: string;
  method: string;
  /** The route's template (`/links/{token}`), never the path itself: it may hold a link's token. */
  route: string;
  status: number;
  /** An unexpected error's name only; messages may carry values. */
  errorName?: string;
  /** For a response that does not match its schema: the paths that did not. */
  issues?: string[];
}

/** What the app is made of: the steps' context, how callers are authenticated, a logger. */
export interface ApiDeps extends StepContext {
  auth: AuthMode;
  /** One structured line per request worth telling (ids, routes, statuses; never personal data). */
  log?: (entry: ApiLogEntry) => void;
  /** Check every JSON response against its documented schema; a mismatch is a 500 (tests). */
  checkResponses?: boolean;
  /** Sign-in and the session of the staff and assistant pages; without it those pages are not served. */
  session?: SessionConfig;
  /** Planning region by municipality id, for the what-if's groups; without it the region is `unknown`. */
  planningRegions?: Readonly<Record<string, string>>;
}

/** A handler's answer: status, JSON body (or, for a download, the bytes as they are), extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  /** A download (CSV, a workbook): sent as it is, with the content type the handler sets. */
  raw?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

export interface ResponseSpec {
  description: string;
  /** The JSON body's schema; problems (4xx, 5xx) are documented as Problem without one. */
  schema?: z.ZodType;
  /** Component name of the schema in the OpenAPI document. */
  name?: string;
  /** A download's media type (text/csv, a workbook) instead of a JSON body. */
  contentType?: string;
}

/** A CSV upload of the same body: the text becomes the JSON value, each cell located by row and column. */
export interface CsvBody {
  /** The value and where its fields are; `errors` for cells that could not be read (their fields are left out). */
  parse(text: string): { value: unknown; locate: FieldLocator; errors?: readonly FieldError[] };
  /** What the columns are, for the OpenAPI document. */
  description: string;
}

/** Where a field of the body is, for an error message: `body.entries[3].hours` or `row 5, column hours`. */
export type FieldLocator = (path: readonly PropertyKey[]) => Pick<FieldError, 'path' | 'row' | 'column'>;

export interface BodySpec<B extends z.ZodType> {
  schema: B;
  /** Component name of the schema in the OpenAPI document. */
  name: string;
  csv?: CsvBody;
  /**
   * The checks beyond each field's type (across fields, against the path, policy or today), run
   * over the body as sent even when some fields are bad, so every problem is in the first answer.
   * Reads only what parses; a field that does not is reported by the schema.
   */
  check?(
    body: unknown,
    request: { deps: ApiDeps; params: Record<string, string>; locate: FieldLocator },
  ): readonly FieldError[] | Promise<readonly FieldError[]>;
}

export interface ApiRequest<P, Q, B> {
  deps: ApiDeps;
  params: P;
  query: Q;
  body: B;
  /** Set on `staff-read` and `coordinator` routes. */
  staff: StaffPrincipal;
  /** Set on `assistant` routes. */
  assistant: AssistantPrincipal;
  /** Name a field of the body in an error, in the form it came in (JSON path or CSV cell). */
  locate: FieldLocator;
  /** The body exactly as sent, for a link's answer fingerprint. */
  rawBody: string;
  hono: Context;
}

type AnyZod = z.ZodType;

export interface RouteDefinition<P extends AnyZod, Q extends AnyZod, B extends AnyZod> {
  method: 'get' | 'post' | 'put';
  /** OpenAPI template: `/cases/{caseId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params: P;
  query?: Q;
  body?: BodySpec<B>;
  /**
   * Runs after the path is parsed and before the body is: a link route verifies its token here, so
   * a forged link is not found whatever body comes with it.
   */
  guard?(request: { deps: ApiDeps; params: z.output<P> }): void | Promise<void>;
  /** Success responses and the problems particular to the route (404, 409, 410). */
  responses: Record<number, ResponseSpec>;
  handle(request: ApiRequest<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply>;
}

/** A route with its types erased, as the table holds it. */
export type Route = RouteDefinition<AnyZod, AnyZod, AnyZod>;

/**
 * A route for the table, typed by its schemas.
 *
 * @example
 * const route = defineRoute({ method: 'get', path: '/openapi.json', ... });
 */
export function defineRoute<
  P extends AnyZod,
  Q extends AnyZod = z.ZodObject<Record<string, never>>,
  B extends AnyZod = z.ZodUndefined,
>(definition: RouteDefinition<P, Q, B>): Route {
  return definition as unknown as Route;
}

/** The body size the API reads; timesheets of a month are a few kilobytes. */
export const MAX_BODY_BYTES = 256 * 1024;
/** How long an Idempotency-Key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3_600;
/**
 * How long a running attempt holds its key. Longer than API Gateway's 30 s integration timeout,
 * so a retry never runs beside an attempt that may still finish.
 */
export const IDEMPOTENCY_LEASE_SECONDS = 60;

export const isWrite = (route: Pick<Route, 'method'>) => route.method !== 'get';

/** Whether the route honours an `Idempotency-Key`: the writes of coordinators and assistants. */
export const takesIdempotencyKey = (route: Pick<Route, 'method' | 'access'>) =>
  // The ministry's POST (the what-if) computes and writes nothing: there is nothing to do once.
  isWrite(route) && route.access !== 'public' && route.access !== 'link' && route.access !== 'ministry';

/**
 * The problems a route may answer beside the ones it lists itself, by status, from what this file
 * does around every handler: a path, query or body that cannot be read, authentication, body
 * size and type, invalid fields, the Idempotency-Key's answers, and the unexpected. The OpenAPI
 * document lists them, and `checkResponses` refuses any status a route does not document.
 */
export function routeProblems(route: Route): Record<number, string> {
  const problems: Record<number, string> = {
    400: 'The path, query or body cannot be read, or a page cursor is not one of this list (errors name each part)',
  };
  if (route.access !== 'public' && route.access !== 'link') {
    problems[401] = 'A valid bearer token is required';
    problems[403] = 'Your role does not allow this';
  }
  if (route.body) {
    problems[413] = 'The request body is too large';
    problems[415] = 'The request body has a media type this route does not take';
    problems[422] = 'Invalid fields, each named in errors (nothing was done)';
  }
  if (takesIdempotencyKey(route)) {
    problems[409] = 'A request with this Idempotency-Key is still running (Retry-After)';
    problems[422] = route.body
      ? 'Invalid fields, each named in errors (nothing was done); or an Idempotency-Key reused for another request'
      : 'This Idempotency-Key was used for a different request';
  }
  problems[500] = 'Something went wrong on our side';
  return problems;
}

/** Every status the route may answer: its own responses and {@link routeProblems}. */
export const documentedStatuses = (route: Route): Set<number> =>
  new Set([...Object.keys(route.responses).map(Number), ...Object.keys(routeProblems(route)).map(Number)]);

/** `/cases/{caseId}` as Hono writes it: `/cases/:caseId`. */
export const honoPath = (path: string) => path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');

const jsonLocator =
  (label: string): FieldLocator =>
  (path) => ({ path: formatPath([label, ...path]) });

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

/** The first error at each place: a cell that could not be read is not reported again as missing. */
function uniqueByPath(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (seen.has(error.path)) return false;
    seen.add(error.path);
    return true;
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function parseOrProblem<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiProblem(
    'bad-request',
    `The ${label} has invalid parts; see errors.`,
    zodFieldErrors(parsed.error, label),
  );
}

/** The request's body: JSON, or CSV where the route takes it; nothing else. */
async function readBody(
  route: Route,
  c: Context,
): Promise<{ value: unknown; locate: FieldLocator; raw: string; errors?: readonly FieldError[] }> {
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new ApiProblem('payload-too-large', `send at most ${MAX_BODY_BYTES / 1024} KiB`);
  }
  const spec = route.body;
  if (!spec) return { value: undefined, locate: jsonLocator('body'), raw };
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'text/csv' && spec.csv) {
    return { ...spec.csv.parse(raw), raw };
  }
  if (mediaType !== 'application/json' && !(mediaType === '' && raw.trim() === '')) {
    throw new ApiProblem(
      'unsupported-media-type',
      spec.csv ? 'send application/json or text/csv' : 'send application/json',
    );
  }
  if (raw.trim() === '') return { value: {}, locate: jsonLocator('body'), raw };
  try {
    return { value: JSON.parse(raw), locate: jsonLocator('body'), raw };
  } catch {
    throw new ApiProblem('bad-request', 'the body is not valid JSON');
  }
}

function jsonReply(reply: Reply): Response {
  const headers = new Headers(reply.headers);
  if (reply.raw !== undefined) return new Response(reply.raw, { status: reply.status, headers });
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers });
  // A download (CSV) is sent as it is.
  if (typeof reply.body === 'string' && headers.get('content-type')?.startsWith('text/')) {
    return new Response(reply.body, { status: reply.status, headers });
  }
  if (!headers.has('content-type')) {
    headers.set('content-type', reply.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
  }
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** The reply for an error, with its problem body; unexpected errors are logged by name. */
export function problemReply(error: unknown): Reply & { knownError: boolean } {
  const { body, headers, knownError } = problemOf(error);
  return {
    status: body.status,
    body,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
    knownError,
  };
}

const requestIdOf = (c: Context): string => {
  const fromLambda = z.object({ requestContext: z.object({ requestId: z.string() }) }).safeParse(c.env).data
    ?.requestContext.requestId;
  return fromLambda ?? c.req.header('x-request-id')?.slice(0, 64) ?? crypto.randomUUID();
};

/**
 * The Hono handler of a route: everything described at the top of this file around its `handle`.
 *
 * @example
 * app.on(route.method.toUpperCase(), honoPath(route.path), routeHandler(route, deps));
 */
export function routeHandler(route: Route, deps: ApiDeps) {
  const log = deps.log ?? (() => {});
  return async (c: Context): Promise<Response> => {
    const requestId = requestIdOf(c);
    const logEntry = (status: number, extra: Partial<ApiLogEntry> = {}): ApiLogEntry => ({
      level: status >= 500 ? 'error' : 'info',
      message: status >= 500 ? 'request failed' : 'request',
      requestId,
      method: route.method.toUpperCase(),
      route: route.path,
      status,
      ...extra,
    });
    let reply: Reply;
    try {
      reply = await runRoute(route, deps, c);
    } catch (error) {
      const problem = problemReply(error);
      if (!problem.knownError) {
        log(logEntry(problem.status, { errorName: error instanceof Error ? error.name : 'Error' }));
      }
      reply = problem;
    }
    const mismatch = deps.checkResponses ? undocumented(route, reply) : undefined;
    if (mismatch) {
      log(logEntry(500, { errorName: 'ResponseSchemaMismatch', issues: mismatch }));
      return jsonReply(problemReply(new Error('response schema mismatch')));
    }
    return jsonReply(reply);
  };
}

/**
 * What in a reply the route's documentation does not allow: a status it does not list, or a body
 * that is not its schema (problems are all `Problem`); nothing when it is as documented.
 */
function undocumented(route: Route, reply: Reply): string[] | undefined {
  if (!documentedStatuses(route).has(reply.status)) return [`status ${reply.status} is not documented`];
  if (reply.body === undefined) return undefined;
  const schema = reply.status >= 400 ? problemSchema : route.responses[reply.status]?.schema;
  if (!schema) return [`no schema for ${reply.status}`];
  const checked = schema.safeParse(reply.body);
  return checked.success ? undefined : checked.error.issues.map((issue) => formatPath(issue.path));
}

async function runRoute(route: Route, deps: ApiDeps, c: Context): Promise<Reply> {
  let identity: Identity | undefined;
  if (route.access !== 'public' && route.access !== 'link') {
    identity = await identify(c.req.header('authorization'), c.env, deps.auth);
  }
  const staff =
    identity && (route.access === 'staff-read' || route.access === 'coordinator')
      ? staffOf(identity, route.access === 'coordinator' ? 'write' : 'read')
      : undefined;
  const assistant = identity && route.access === 'assistant' ? assistantOf(identity) : undefined;
  if (identity && route.access === 'ministry') ministryOf(identity);

  const params = parseOrProblem(route.params, c.req.param(), 'path');
  const query = route.query ? parseOrProblem(route.query, c.req.query(), 'query') : {};
  await route.guard?.({ deps, params });
  const { value, locate, raw, errors: unreadCells = [] } = await readBody(route, c);
  let body: unknown;
  if (route.body) {
    const parsed = route.body.schema.safeParse(value);
    const checked =
      (await route.body.check?.(value, { deps, params: params as Record<string, string>, locate })) ?? [];
    const errors = uniqueByPath([
      ...unreadCells,
      ...(parsed.error?.issues.map((issue) => ({ ...locate(issue.path), message: issue.message })) ?? []),
      ...checked,
    ]);
    if (errors.length > 0)
      throw new ApiProblem('invalid-input', 'Some fields are not valid; see errors.', errors);
    body = parsed.data;
  }
  const request: ApiRequest<unknown, unknown, unknown> = {
    deps,
    params,
    query,
    body,
    // Set for the routes whose access names them; a handler of another route never reads them.
    staff: staff as StaffPrincipal,
    assistant: assistant as AssistantPrincipal,
    locate,
    rawBody: raw,
    hono: c,
  };
  const principal = staff ?? assistant;
  const key = c.req.header('idempotency-key');
  if (!isWrite(route) || !principal || key === undefined) return route.handle(request);
  return idempotent(route, deps, c, { principal: principalKey(principal), key, raw }, () =>
    route.handle(request),
  );
}

/**
 * Run a write once per `Idempotency-Key` and principal: a retry with the same request gets the
 * stored response (header `Idempotent-Replayed: true`), the same key with another request a 422,
 * a retry while the first attempt runs a 409. A 5xx is not stored, so the key can be retried.
 */
async function idempotent(
  route: Route,
  deps: ApiDeps,
  c: Context,
  call: { principal: string; key: string; raw: string },
  run: () => Promise<Reply>,
): Promise<Reply> {
  const key = idempotencyKeySchema.safeParse(call.key);
  if (!key.success) {
    throw new ApiProblem('bad-request', 'the Idempotency-Key header is not valid', [
      { path: 'header.Idempotency-Key', message: key.error.issues[0]?.message ?? 'is not valid' },
    ]);
  }
  const fingerprint = sha256(
    [route.method, c.req.path, c.req.header('content-type') ?? '', call.raw].join('\n'),
  );
  const begun = await deps.store.idempotency.begin(call.principal, key.data, fingerprint, {
    at: deps.clock.now().toISOString(),
    ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
    leaseSeconds: IDEMPOTENCY_LEASE_SECONDS,
  });
  if (begun.state === 'replay') return replayOf(begun.response);
  if (begun.state === 'mismatch') {
    throw new ApiProblem(
      'idempotency-key-reused',
      'this Idempotency-Key was sent with another request; use a new key for a new request',
    );
  }
  if (begun.state === 'in-progress') {
    throw new ApiProblem(
      'request-in-progress',
      'the first request with this key is still running; retry shortly',
      undefined,
      {
        headers: { 'Retry-After': '2' },
      },
    );
  }
  let reply: Reply;
  try {
    reply = await run();
  } catch (error) {
    reply = problemReply(error);
    if (reply.status >= 500) {
      await deps.store.idempotency.release(call.principal, key.data, fingerprint);
      throw error;
    }
  }
  const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
  if (body.length > 300_000) {
    // Too large to remember (none of the API's writes answers this much): let a retry run again.
    await deps.store.idempotency.release(call.principal, key.data, fingerprint);
    return reply;
  }
  await deps.store.idempotency.complete(call.principal, key.data, fingerprint, {
    status: reply.status,
    contentType: reply.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json',
    body,
  });
  return reply;
}

function replayOf(response: StoredResponse): Reply {
  return {
    status: response.status,
    ...(response.body !== '' && { body: JSON.parse(response.body) as unknown }),
    headers: { 'content-type': response.contentType, 'Idempotent-Replayed': 'true' },
  };
}
