/**
 * What page handlers share: whether a request wants a page, the page's language, reading a form,
 * answering with a document and the page headers, and turning the API's problems (a forged,
 * expired or used link, a case that moved on) into pages that say what to do next.
 *
 * @example
 * if (!wantsHtml(c)) return next();          // API clients keep their JSON
 * return respond(c, 200, <Layout page={page} title="…">…</Layout>);
 */
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { ApiProblem } from '../api/problem.ts';
import type { ApiDeps } from '../api/route.ts';
import { GONE } from '../api/routes/links.ts';
import { isLanguage, type Language, languageOr } from '../i18n/languages.ts';
import { encodingFor } from './assets.ts';
import { documentOf, MessagePage, type PageContext, pageContext } from './layout.tsx';
import { PAGE_HEADERS } from './security.ts';

/** The weight a media range gets in the Accept header (0 when absent). */
function weightOf(accept: string, type: string): number {
  let best = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.trim().split(';');
    if (range.trim().toLowerCase() !== type) continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    best = Math.max(best, q === undefined ? 1 : Number(q.slice(2)) || 0);
  }
  return best;
}

/**
 * True when the request names `text/html` and prefers it to JSON: a browser opening a link from
 * an email. `*\/*` alone (curl) and `application/json` get the API's JSON as before.
 */
export function wantsHtml(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  const html = weightOf(accept, 'text/html');
  return html > 0 && html >= weightOf(accept, 'application/json');
}

/** A form post (`application/x-www-form-urlencoded`), which only the pages send. */
export const isFormPost = (c: Context): boolean =>
  (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ===
  'application/x-www-form-urlencoded';

/** The language a page is in: `?lang=` when it names one, else the case's chosen language, else Latvian. */
export function languageOf(c: Context, preferred?: Language): Language {
  const asked = c.req.query('lang');
  return isLanguage(asked) ? asked : languageOr(preferred);
}

/**
 * The page context of this request. `path` is where the language switch leads: the page's own
 * address, or for the answer to a form post the address of the page the form was on.
 */
export const pageOf = (c: Context, preferred?: Language, path = c.req.path): PageContext =>
  pageContext(languageOf(c, preferred), path, preferred);

/** The posted form's fields; a field sent several times keeps every value in order. */
export async function readForm(c: Context): Promise<URLSearchParams> {
  const text = await c.req.text();
  if (text.length > 64 * 1024) return new URLSearchParams();
  return new URLSearchParams(text);
}

/**
 * A page: the document with the pages' security headers, gzipped when the browser takes it (a
 * page is 5-20 kB of HTML; compressed, a phone's next page stays a few kilobytes).
 */
export async function respond(c: Context, status: number, node: Child): Promise<Response> {
  const html = await documentOf(node);
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    ...PAGE_HEADERS,
    vary: 'Accept, Accept-Encoding',
  };
  if (encodingFor(c.req.header('accept-encoding')) === undefined)
    return new Response(html, { status, headers });
  return new Response(new Uint8Array(gzipSync(html, { level: 6 })), {
    status,
    headers: { ...headers, 'content-encoding': 'gzip' },
  });
}

/** See other: where a form post sends the browser after it was recorded. */
export const redirect = (location: string): Response =>
  new Response(null, { status: 303, headers: { location, ...PAGE_HEADERS } });

/**
 * The page for an error a link's route raised: not found (404), expired, used or over (410), the
 * case not waiting for this answer (409), an answer still being saved (409). Anything else is
 * thrown on to the caller.
 */
export function linkProblemPage(c: Context, page: PageContext, error: unknown): Promise<Response> {
  if (!(error instanceof ApiProblem)) throw error;
  const { links } = page.t;
  const message = (status: number, title: string, body: string) =>
    respond(c, status, <MessagePage page={page} title={title} body={body} />);
  switch (error.kind) {
    case 'not-found':
      return message(404, links.notFoundTitle, links.notFoundBody);
    case 'gone':
      if (error.detail === GONE.expired) return message(410, links.expiredTitle, links.expiredBody);
      if (error.detail === GONE.used) return message(410, links.usedTitle, links.usedBody);
      return message(410, links.overTitle, links.overBody);
    case 'conflict':
      return message(409, links.notNowTitle, links.notNowBody);
    case 'request-in-progress':
      return message(409, links.errorTitle, links.busyBody);
    default:
      throw error;
  }
}

/** The page for anything unexpected: no detail, a way forward. */
export function failurePage(c: Context, page: PageContext): Promise<Response> {
  return respond(
    c,
    500,
    <MessagePage page={page} title={page.t.links.errorTitle} body={page.t.links.errorBody} />,
  );
}

/** A page's handler, answering its request. */
export type PageHandler = (c: Context) => Promise<Response>;

/**
 * A page handler that answers with the failure page for anything unexpected too, logged by the
 * error's name only (never its message, which may hold personal data).
 */
export function guarded(deps: Pick<ApiDeps, 'log'>, route: string, handler: PageHandler): PageHandler {
  return async (c) => {
    try {
      return await handler(c);
    } catch (error) {
      deps.log?.({
        level: 'error',
        message: 'page failed',
        requestId: c.req.header('x-request-id')?.slice(0, 64) ?? 'unknown',
        method: c.req.method,
        route,
        status: 500,
        errorName: error instanceof Error ? error.name : 'Error',
      });
      return failurePage(c, pageOf(c));
    }
  };
}
