import { describe, expect, it } from 'vitest';
import { handler as health } from '../../functions/handlers/health.ts';
import { handler as session } from '../../functions/handlers/session.ts';

describe('the API stub handlers', () => {
  it('GET /health answers ok and says nothing else', async () => {
    expect(await health()).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: '{"status":"ok"}',
    });
  });

  it('GET /session returns the verified caller: id, municipality, groups', async () => {
    const claims = {
      sub: 'u-7',
      'custom:municipality': 'riga',
      'cognito:groups': '[coordinators supervisors]',
      email: 'k@example.lv',
    };
    const answer = await session({ requestContext: { authorizer: { jwt: { claims } } } });
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      userId: 'u-7',
      municipality: 'riga',
      groups: ['coordinators', 'supervisors'],
    });
  });

  it('GET /session refuses an account without a municipality', async () => {
    const answer = await session({ requestContext: { authorizer: { jwt: { claims: { sub: 'u-7' } } } } });
    expect(answer.statusCode).toBe(403);
    expect((await session({})).statusCode).toBe(403);
  });
});
