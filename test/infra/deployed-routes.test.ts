/**
 * What the app answers on AWS is what API Gateway routes to it: every route of the composed app
 * (API, parents' pages, sign-in, assistants' pages, workspace) has a deployed route, with the
 * authorizer that can let its caller in: a bearer token for the API, none for the parents' links
 * and assets, none for the session pages (the app checks the cookie itself).
 */
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../functions/api/route.ts';
import { createWebApp } from '../../functions/pages/app.ts';
import { ROUTES } from '../../infra/constructs/api-routes.ts';

/** The app as the Lambda composes it: the managed login, a session secret; nothing is called. */
function lambdaApp() {
  const deps = {
    config: { appUrl: 'https://atbalsts.example.lv', linkSecret: 'l'.repeat(32), supervisors: {} },
    auth: 'lambda-authorizer',
    session: {
      secret: 's'.repeat(43),
      appUrl: 'https://atbalsts.example.lv',
      signIn: {
        kind: 'cognito',
        issuer: 'https://cognito-idp.eu-north-1.amazonaws.com/eu-north-1_example',
        clientId: 'client',
        domain: 'https://atbalsts.auth.eu-north-1.amazoncognito.com',
      },
    },
  } as unknown as ApiDeps;
  return createWebApp(deps);
}

/** API Gateway's template for a Hono path: `:name` is `{name}`. */
const templateOf = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

function deployedFor(method: string, path: string) {
  const template = templateOf(path);
  return ROUTES.filter(
    (route) =>
      (route.method === method || route.method === 'ANY') &&
      (route.path === template ||
        (route.path.endsWith('/{proxy+}') && template.startsWith(route.path.slice(0, -'{proxy+}'.length)))),
  );
}

describe('the deployed routes', () => {
  const served = lambdaApp()
    .routes.filter((route) => route.method !== 'ALL')
    .map((route) => ({ method: route.method, path: route.path }));

  it('route every address the app answers to the app', () => {
    expect(served.length).toBeGreaterThan(60);
    const missing = served.filter(({ method, path }) => deployedFor(method, path).length === 0);
    expect(missing).toEqual([]);
  });

  it('put no page a browser opens with a cookie behind the JWT authorizer', () => {
    const pages = served.filter(({ path }) => path.startsWith('/workspace') || path.startsWith('/hours'));
    expect(pages.length).toBeGreaterThan(15);
    for (const { method, path } of pages) {
      expect(
        deployedFor(method, path).map((route) => route.access),
        `${method} ${path}`,
      ).toEqual(['session']);
    }
  });

  it('give every route without the authorizer its reason', () => {
    for (const route of ROUTES.filter((each) => each.access !== 'staff')) {
      expect(route.publicReason, `${route.method} ${route.path}`).toMatch(/.{20}/);
    }
  });
});
