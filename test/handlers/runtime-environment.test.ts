import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** What the mocked Secrets Manager answers, and how often it was asked. */
const secrets = vi.hoisted(() => ({ calls: [] as string[], answers: [] as (string | Error)[] }));

vi.mock('@aws-sdk/client-secrets-manager', () => ({
  GetSecretValueCommand: class {
    constructor(readonly input: { SecretId: string }) {}
  },
  SecretsManagerClient: class {
    async send(command: { input: { SecretId: string } }) {
      secrets.calls.push(command.input.SecretId);
      const answer = secrets.answers.shift();
      if (answer instanceof Error) throw answer;
      return { SecretString: answer };
    }
  },
}));

const LINK_SECRET = 'l'.repeat(64);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:000000000000:secret:atbalsts-dev/link-secret-AbCdEf';
const settings = {
  appUrl: 'https://atbalsts.example.lv',
  supervisors: { riga: ['s-1'] },
  cycleStateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:atbalsts-dev-review-cycle',
};

/** A fresh copy of the runtime (its context is made once per cold start, i.e. per module). */
async function coldStart() {
  vi.resetModules();
  const { lambdaHandler } = await import('../../functions/handlers/aws-context.ts');
  return lambdaHandler('test-step', async (_event, context) => context.config);
}

describe('the step context on AWS', () => {
  beforeEach(() => {
    secrets.calls.length = 0;
    secrets.answers.length = 0;
    vi.stubEnv('ATBALSTS_TABLE', 'atbalsts-dev');
    vi.stubEnv('ATBALSTS_CONFIG', JSON.stringify(settings));
    vi.stubEnv('ATBALSTS_LINK_SECRET_ARN', SECRET_ARN);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('reads the link secret from Secrets Manager once per cold start, not from the environment', async () => {
    secrets.answers.push(LINK_SECRET);
    const handler = await coldStart();
    expect(await handler({})).toEqual({ ...settings, linkSecret: LINK_SECRET });
    await handler({});
    expect(secrets.calls).toEqual([SECRET_ARN]);
  });

  it('refuses a link secret in ATBALSTS_CONFIG', async () => {
    vi.stubEnv('ATBALSTS_CONFIG', JSON.stringify({ ...settings, linkSecret: LINK_SECRET }));
    const handler = await coldStart();
    await expect(handler({})).rejects.toThrow(/linkSecret/);
    expect(secrets.calls).toEqual([]);
  });

  it('needs the secret ARN, and a secret of at least 32 characters', async () => {
    vi.stubEnv('ATBALSTS_LINK_SECRET_ARN', '');
    await expect((await coldStart())({})).rejects.toThrow(/ATBALSTS_LINK_SECRET_ARN/);
    vi.stubEnv('ATBALSTS_LINK_SECRET_ARN', SECRET_ARN);
    secrets.answers.push('short');
    await expect((await coldStart())({})).rejects.toThrow(/linkSecret/);
  });

  it('tries Secrets Manager again on the next invocation after a transient failure', async () => {
    secrets.answers.push(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }), LINK_SECRET);
    const handler = await coldStart();
    await expect(handler({})).rejects.toThrow('throttled');
    expect(await handler({})).toMatchObject({ linkSecret: LINK_SECRET });
    expect(secrets.calls).toHaveLength(2);
  });
});
