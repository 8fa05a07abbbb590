/**
 * The pages over HTTP without a browser: the address in an email answers a page to a browser and
 * JSON to an API client; every page carries the security headers; a form post needs its CSRF
 * token and must not come from another site; the assets are cached for a year under their hash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLink } from '../../functions/links/signed-link.ts';
import { ASSETS } from '../../functions/pages/assets.ts';
import { CONTENT_SECURITY_POLICY } from '../../functions/pages/security.ts';
import {
  type ApiWorld,
  assessmentOn,
  createApiWorld,
  LINK_SECRET,
  linkTokenFrom,
  MUNICIPALITY,
  openCaseOverHttp,
} from '../api/support.ts';

let world: ApiWorld;
let token: string;
const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

beforeAll(async () => {
  world = await createApiWorld('pages');
  const ref = await openCaseOverHttp(world, 'n-1');
  await world.call('POST', '/cases/n-1/assessment', {
    token: world.tokens.coordinator,
    json: assessmentOn('2024-01-05'),
  });
  token = await linkTokenFrom(world, ref, 'ranking-requested', 'rankingLink');
}, 600_000);
afterAll(() => world?.close());

const get = (path: string, headers: Record<string, string> = {}) => world.app.request(path, { headers });

async function formPost(path: string, fields: [string, string][], headers: Record<string, string> = {}) {
  return world.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: browserAccept, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('one address, a page for a browser and JSON for an API client', () => {
  it('answers the ranking link with a page when the request prefers HTML', async () => {
    const response = await get(`/links/${token}`, { accept: browserAccept });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="lv"/);
    expect(html).toContain('Fizioterapija');
  });

  it.each([
    ['no Accept header', {}],
    ['application/json', { accept: 'application/json' }],
    ['*/* as curl sends', { accept: '*/*' }],
  ])('keeps the JSON for %s', async (_label, headers) => {
    const response = await get(`/links/${token}`, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect((await response.json()).step).toBe('ranking');
  });

  it('keeps the JSON answer of POST /links/{token}/ranking for API clients', async () => {
    const response = await world.app.request(`/links/${token}/ranking`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ services: ['not-a-service'] }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('answers a forged link with a 404 page and an expired one with a 410 page', async () => {
    const forged = await get(`/links/${token.slice(0, -3)}abc`, { accept: browserAccept });
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('Saite nav atrasta');
    const expired = signLink(LINK_SECRET, {
      municipality: MUNICIPALITY,
      caseId: 'n-1',
      cycle: 1,
      step: 'ranking',
      expiresAt: Math.floor(world.clock.now().getTime() / 1000) - 10,
      nonce: 'old',
    });
    const gone = await get(`/links/${expired}?lang=en`, { accept: browserAccept });
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('This link has expired');
  });
});

describe('security headers', () => {
  it('sends them with every page', async () => {
    for (const path of [`/links/${token}`, '/accessibility', `/links/nonsense`]) {
      const response = await get(path, { accept: browserAccept });
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('puts no inline script or style in a page', async () => {
    const html = await (await get(`/links/${token}`, { accept: browserAccept })).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });
});

describe('CSRF', () => {
  it('reads a form post with its token from this site', async () => {
    const html = await (await get(`/links/${token}`, { accept: browserAccept })).text();
    const services = [...html.matchAll(/name="service" value="([^"]+)"/g)].map((m) => m[1] ?? '');
    const response = await formPost(
      `/links/${token}/ranking`,
      [
        ['csrf', csrfOf(html)],
        ...services.map((code) => ['service', code] as [string, string]),
        ['move', `down:${services[0]}`],
      ],
      { origin: 'http://localhost' },
    );
    expect(response.status).toBe(200);
    const moved = [...(await response.text()).matchAll(/name="service" value="([^"]+)"/g)].map((m) => m[1]);
    expect(moved.slice(0, 2)).toEqual([services[1], services[0]]);
  });

  it('refuses a post without a token, with another link’s token, or from another site, and records nothing', async () => {
    const html = await (await get(`/links/${token}`, { accept: browserAccept })).text();
    const services = [...html.matchAll(/name="service" value="([^"]+)"/g)].map(
      (m) => ['service', m[1] ?? ''] as [string, string],
    );
    const send: [string, string][] = [...services, ['action', 'send']];
    expect((await formPost(`/links/${token}/ranking`, send)).status).toBe(403);
    expect((await formPost(`/links/${token}/ranking`, [['csrf', '1.abc'], ...send])).status).toBe(403);
    expect(
      (
        await formPost(`/links/${token}/ranking`, [['csrf', csrfOf(html)], ...send], {
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await formPost(`/links/${token}/ranking`, [['csrf', csrfOf(html)], ...send], {
          'sec-fetch-site': 'cross-site',
        })
      ).status,
    ).toBe(403);
    const stored = await world.call('GET', '/cases/n-1', { token: world.tokens.coordinator });
    expect(stored.body.cycle.ranking).toBeUndefined();
  });
});

describe('assets', () => {
  it('serves the stylesheet and the script under their hash, compressed, cached for a year', async () => {
    for (const asset of [ASSETS.styles, ASSETS.script]) {
      expect(asset.path).toMatch(/^\/assets\/app\.[0-9a-f]{12}\.(css|js)$/);
      const response = await get(asset.path, { 'accept-encoding': 'gzip, br' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-encoding')).toBe('br');
    }
    expect((await get('/assets/app.000000000000.css')).status).toBe(404);
  });
});
