/**
 * `GET /session`: who the caller is, as the JWT authorizer verified it: the user's id, the
 * municipality the account is tied to and the staff groups. The app reads it after sign-in; it
 * reads nothing from the table. The app sends the ID token: Cognito's access token carries no
 * custom attributes, so `custom:municipality` is only in the ID token.
 *
 * @example
 * await handler({ requestContext: { authorizer: { jwt: { claims: { sub: 'u-7', 'custom:municipality': 'riga', 'cognito:groups': '[coordinators]' } } } } });
 * // { statusCode: 200, body: '{"userId":"u-7","municipality":"riga","groups":["coordinators"]}', ... }
 */
interface SessionEvent {
  requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
}

/** API Gateway passes a list claim as text such as `[coordinators supervisors]`. */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((group) => group.length > 0);
}

export async function handler(
  event: SessionEvent,
): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  const userId = claims['sub'];
  const municipality = claims['custom:municipality'];
  const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  if (typeof userId !== 'string' || typeof municipality !== 'string') {
    return { statusCode: 403, headers, body: JSON.stringify({ error: 'the account has no municipality' }) };
  }
  return {
    statusCode: 200,
    headers,
    body: JSON.stringify({ userId, municipality, groups: groupsOf(claims['cognito:groups']) }),
  };
}
