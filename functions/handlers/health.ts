/**
 * `GET /health`: answers that the API and its Lambda integration are up. It reads nothing and
 * says nothing about the data, so it is the one route without a token (for uptime checks).
 *
 * @example
 * await handler(); // { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' }
 */
export async function handler(): Promise<{
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}> {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ status: 'ok' }),
  };
}
