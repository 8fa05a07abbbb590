/**
 * The pages' two static assets (the stylesheet and the enhancement script from generated.ts),
 * served by the app itself under names that carry their content's hash, so they can be cached
 * for a year (`immutable`) and a new deployment never meets a stale copy. Each is compressed once
 * per process, Brotli or gzip as the browser accepts, so a phone downloads about a tenth of it.
 *
 * @example
 * ASSETS.styles.path // '/assets/app.3f2a9c81d0b4.css'
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { SCRIPT, STYLES } from './assets/generated.ts';

interface Asset {
  path: string;
  contentType: string;
  body: string;
  encoded?: { br: Buffer; gzip: Buffer };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

export const ASSETS: { styles: Asset; script: Asset } = {
  styles: { path: `/assets/app.${hashOf(STYLES)}.css`, contentType: 'text/css; charset=utf-8', body: STYLES },
  script: {
    path: `/assets/app.${hashOf(SCRIPT)}.js`,
    contentType: 'text/javascript; charset=utf-8',
    body: SCRIPT,
  },
};

const byPath = new Map(Object.values(ASSETS).map((asset) => [asset.path, asset]));

function encodedOf(asset: Asset): { br: Buffer; gzip: Buffer } {
  asset.encoded ??= {
    br: brotliCompressSync(asset.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(asset.body, { level: 9 }),
  };
  return asset.encoded;
}

/** `br`, `gzip` or nothing, as the request's Accept-Encoding allows. */
export function encodingFor(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => q === undefined || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name?.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return undefined;
}

/** The response for `GET /assets/<name>`: the asset, or a 404 for any other name (old hashes too). */
export function assetResponse(c: Context): Response {
  const asset = byPath.get(c.req.path);
  if (!asset) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  const headers = new Headers({
    'content-type': asset.contentType,
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    vary: 'Accept-Encoding',
  });
  const encoding = encodingFor(c.req.header('accept-encoding'));
  if (encoding === undefined) return new Response(asset.body, { headers });
  headers.set('content-encoding', encoding);
  return new Response(new Uint8Array(encodedOf(asset)[encoding]), { headers });
}
