/**
 * The local token issuer: HS256 JWTs with the claims Cognito gives on AWS (`sub`,
 * `cognito:groups`, `custom:municipality`, optionally `custom:assistantId`), signed with the
 * local system's secret, so the API decides locally exactly as it does behind API Gateway's JWT
 * authorizer. For development and tests only: the app accepts these tokens only when it was made
 * with `auth: { localSecret }`, which the Lambda entry never does.
 *
 * @example
 * const token = await issueLocalToken(secret, { sub: 'u-7', groups: ['coordinators'], municipality: 'talsi' });
 * await app.request('/cases', { headers: { authorization: `Bearer ${token}` } });
 */
import { sign } from 'hono/jwt';
import { z } from 'zod';
import { LOCAL_TOKEN_ISSUER } from '../functions/api/auth.ts';
import type { DevelopmentUser } from '../functions/session/middleware.ts';
import { idSchema } from '../functions/store/keys.ts';

const localTokenRequestSchema = z
  .strictObject({
    sub: idSchema,
    groups: z.array(z.enum(['coordinators', 'supervisors', 'assistants', 'ministry'])).min(1),
    /** Every group but the ministry's needs one. */
    municipality: idSchema.optional(),
    assistantId: idSchema.optional(),
    /** How long the token is valid; 12 hours when absent (a working day at the local system). */
    ttlSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 86_400)
      .optional(),
    /** When the token is issued; now when absent (tokens are about real time, not the virtual clock). */
    issuedAt: z.date().optional(),
  })
  .refine(
    (request) => request.municipality !== undefined || request.groups.every((group) => group === 'ministry'),
    {
      path: ['municipality'],
      message: 'is needed by every group but the ministry',
    },
  );
export type LocalTokenRequest = z.input<typeof localTokenRequestSchema>;

/**
 * A signed local token with the given claims.
 *
 * @example
 * await issueLocalToken(secret, { sub: 'a-1', groups: ['assistants'], municipality: 'talsi', assistantId: 'a-1' });
 */
export async function issueLocalToken(secret: string, request: LocalTokenRequest): Promise<string> {
  const checked = localTokenRequestSchema.parse(request);
  if (secret.length < 32) throw new Error('the local token secret must have at least 32 characters');
  const issuedAt = Math.floor((checked.issuedAt ?? new Date()).getTime() / 1_000);
  return sign(
    {
      iss: LOCAL_TOKEN_ISSUER,
      sub: checked.sub,
      'cognito:groups': checked.groups,
      ...(checked.municipality !== undefined && { 'custom:municipality': checked.municipality }),
      ...(checked.assistantId !== undefined && { 'custom:assistantId': checked.assistantId }),
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + (checked.ttlSeconds ?? 12 * 3_600),
    },
    secret,
    'HS256',
  );
}

/**
 * A coordinator's and an assistant's development tokens for a municipality, as `npm start`
 * prints them: the coordinator `u-<municipality>-1`, the assistant `a-<municipality>-1`.
 *
 * @example
 * const { coordinator, assistant } = await developmentTokens(secret, 'talsi');
 */
export async function developmentTokens(
  secret: string,
  municipality: string,
  ids: { coordinatorId?: string; assistantId?: string } = {},
): Promise<{ coordinator: string; supervisor: string; assistant: string }> {
  const coordinatorId = ids.coordinatorId ?? `u-${municipality}-1`;
  const assistantId = ids.assistantId ?? `a-${municipality}-1`;
  return {
    coordinator: await issueLocalToken(secret, {
      sub: coordinatorId,
      groups: ['coordinators'],
      municipality,
    }),
    supervisor: await issueLocalToken(secret, {
      sub: `s-${municipality}-1`,
      groups: ['supervisors'],
      municipality,
    }),
    assistant: await issueLocalToken(secret, {
      sub: assistantId,
      groups: ['assistants'],
      municipality,
      assistantId,
    }),
  };
}

/** The other municipality whose users the development sign-in offers (to see that nothing crosses over). */
export const OTHER_DEVELOPMENT_MUNICIPALITY = 'kuldiga';

/**
 * The seeded users the development sign-in page offers: talsi's coordinator, supervisor and
 * assistant, a coordinator and an assistant of another municipality, and a ministry analyst. The same ids as the
 * development tokens, so a session and a token of the same person see the same cases.
 *
 * @example
 * developmentUsers('talsi')[2] // { sub: 'a-talsi-1', groups: ['assistants'], municipality: 'talsi', assistantId: 'a-talsi-1', role: 'assistant' }
 */
export function developmentUsers(
  municipality: string,
  other = OTHER_DEVELOPMENT_MUNICIPALITY,
): DevelopmentUser[] {
  return [
    { sub: `u-${municipality}-1`, groups: ['coordinators'], municipality, role: 'coordinator' },
    { sub: `s-${municipality}-1`, groups: ['supervisors'], municipality, role: 'supervisor' },
    {
      sub: `a-${municipality}-1`,
      groups: ['assistants'],
      municipality,
      assistantId: `a-${municipality}-1`,
      role: 'assistant',
    },
    { sub: `u-${other}-1`, groups: ['coordinators'], municipality: other, role: 'coordinator' },
    {
      sub: `a-${other}-1`,
      groups: ['assistants'],
      municipality: other,
      assistantId: `a-${other}-1`,
      role: 'assistant',
    },
    // The ministry names no municipality: it reads every one's aggregates.
    { sub: 'lm-1', groups: ['ministry'], municipality: '', role: 'ministry' },
  ];
}
