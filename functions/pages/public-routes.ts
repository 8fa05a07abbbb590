/**
 * The parents' pages that have no API twin, for the deployment: they are public (a parent has no
 * account) and each says why. The link pages verify their signed link before reading anything;
 * the assets and the accessibility statement hold no data. The link addresses the API also
 * answers (`/links/{token}`, its ranking, consent and statements) are deployed with the API's
 * routes (infra/constructs/api-routes.ts).
 *
 * @example
 * PUBLIC_PAGE_ROUTES.find((route) => route.path === '/accessibility') // { method: 'GET', ... }
 */
export interface PublicPageRoute {
  method: 'GET' | 'POST';
  /** API Gateway's template. */
  path: string;
  /** What is there, for the reviewer of the routes without an authorizer. */
  what: string;
}

export const PUBLIC_PAGE_ROUTES: readonly PublicPageRoute[] = [
  {
    method: 'GET',
    path: '/assets/{file}',
    what: 'the stylesheet, script and images, hashed and cached long',
  },
  { method: 'GET', path: '/accessibility', what: 'the accessibility statement the law asks for' },
  {
    method: 'GET',
    path: '/links/{token}/ranking/sent',
    what: 'the thank-you page after a ranking, behind its signed link',
  },
  {
    method: 'GET',
    path: '/links/{token}/consent/sent',
    what: 'the thank-you page after a consent, behind its signed link',
  },
  {
    method: 'POST',
    path: '/links/{token}/hours',
    what: "the parents' confirmation of an assistant's month, behind its signed link",
  },
  {
    method: 'GET',
    path: '/links/{token}/hours/sent',
    what: 'the thank-you page after a confirmation, behind its signed link',
  },
];
