/**
 * Who is calling, from JWT claims only. On AWS, API Gateway's JWT authorizer has verified the
 * Cognito token and hands its claims in the request context
 * (`requestContext.authorizer.jwt.claims`, HTTP API payload 2.0); locally the bearer token is an
 * HS256 JWT from the local issuer (local/tokens.ts), verified here with the local
 * secret. Either way the same claims decide:
 *
 * | claim | use |
 * |---|---|
 * | `sub` | the user's id: a coordinator's id on the cases they open, the actor in the audit trail |
 * | `cognito:groups` | `coordinators` (read and write), `supervisors` (read), `assistants`, `ministry` (every municipality's indicators, no case data) |
 * | `custom:municipality` | the only municipality the caller sees; never taken from a body; not needed by `ministry` |
 * | `custom:assistantId` | an assistant's id as the cases' contacts name it; `sub` when absent |
 *
 * API Gateway passes every claim as a string, a list as `[a b]`; the local issuer passes JSON
 * arrays. Both are read.
 *
 * @example
 * const identity = await identify(request, env, { localSecret });
 * const staff = staffOf(identity, 'write'); // throws ApiProblem('forbidden') for an assistant
 */
import { verify } from 'hono/jwt';
import { z } from 'zod';
import { idSchema } from '../store/keys.ts';
import { ApiProblem } from './problem.ts';

export const GROUPS = {
  coordinators: 'coordinators',
  supervisors: 'supervisors',
  assistants: 'assistants',
  ministry: 'ministry',
} as const;

/**
 * The `iss` of tokens signed with a shared secret (the local system's issuer, local/tokens.ts); the
 * secret verifier refuses any other. The Lambda entry never verifies such tokens.
 */
export const LOCAL_TOKEN_ISSUER = 'atbalsts-local';

/** How the app learns the caller's claims. */
export type AuthMode = 'lambda-authorizer' | { localSecret: string };

/** The verified claims the API reads. */
export interface Identity {
  sub: string;
  groups: ReadonlySet<string>;
  /** Empty for a ministry user's token, which names none. */
  municipality: string;
  assistantId?: string;
}

/** A coordinator or a supervisor, in their municipality. */
export interface StaffPrincipal {
  kind: 'staff';
  role: 'coordinator' | 'supervisor';
  userId: string;
  municipality: string;
}

/** The ministry: every municipality's aggregated indicators, never a case or a person. */
export interface MinistryPrincipal {
  kind: 'ministry';
  userId: string;
}

/** An assistant, by the id the cases' contacts give them, in the token's municipality. */
export interface AssistantPrincipal {
  kind: 'assistant';
  assistantId: string;
  userId: string;
  municipality: string;
}

/** `["a","b"]`, `[a b]`, `a,b` or `a`: API Gateway turns a claim's list into the second form. */
const groupsSchema = z.union([
  z.array(z.string()),
  z.string().transform((text) =>
    text
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter((group) => group.length > 0),
  ),
]);

const claimsSchema = z.object({
  sub: idSchema,
  'cognito:groups': groupsSchema.optional(),
  'custom:municipality': idSchema.optional(),
  'custom:assistantId': idSchema.optional(),
});

const unauthenticated = (detail: string) =>
  new ApiProblem('unauthenticated', detail, undefined, { headers: { 'WWW-Authenticate': 'Bearer' } });

/** The claims a token must carry, checked; a token without them is refused like a bad one. */
export function identityOf(claims: unknown): Identity {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) {
    throw unauthenticated(
      `the token lacks claims the API needs: ${[...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))].join(', ')}`,
    );
  }
  const claimed = parsed.data;
  const groups = new Set(claimed['cognito:groups'] ?? []);
  // Only a ministry user works without a municipality; everyone else sees theirs alone.
  if (claimed['custom:municipality'] === undefined && !groups.has(GROUPS.ministry)) {
    throw unauthenticated('the token lacks claims the API needs: custom:municipality');
  }
  return {
    sub: claimed.sub,
    groups,
    municipality: claimed['custom:municipality'] ?? '',
    ...(claimed['custom:assistantId'] !== undefined && { assistantId: claimed['custom:assistantId'] }),
  };
}

/** What the Lambda adapter hands the app as its environment: the API Gateway request context. */
const authorizerEnvironmentSchema = z.object({
  requestContext: z.object({
    authorizer: z.object({ jwt: z.object({ claims: z.record(z.string(), z.unknown()) }) }),
  }),
});

/**
 * The caller's identity: from the authorizer's claims on AWS, from the verified bearer token
 * locally. Throws a 401 problem when there is none or it is not valid.
 *
 * @example
 * const identity = await identify(c.req.header('authorization'), c.env, 'lambda-authorizer');
 */
export async function identify(
  authorization: string | undefined,
  environment: unknown,
  mode: AuthMode,
): Promise<Identity> {
  if (mode === 'lambda-authorizer') {
    const parsed = authorizerEnvironmentSchema.safeParse(environment);
    // Only a route without the authorizer (a misconfiguration) comes here without claims.
    if (!parsed.success) throw unauthenticated('no verified token came with the request');
    return identityOf(parsed.data.requestContext.authorizer.jwt.claims);
  }
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) throw unauthenticated('send a bearer token in the Authorization header');
  let claims: unknown;
  try {
    claims = await verify(token, mode.localSecret, { alg: 'HS256', iss: LOCAL_TOKEN_ISSUER });
  } catch {
    throw unauthenticated('the token is not valid or has expired');
  }
  return identityOf(claims);
}

/**
 * A coordinator (`write`) or a coordinator or supervisor (`read`); anyone else is a 403.
 *
 * @example
 * const staff = staffOf(identity, 'read');
 */
export function staffOf(identity: Identity, need: 'read' | 'write'): StaffPrincipal {
  if (identity.municipality === '') throw new ApiProblem('forbidden', 'the token names no municipality');
  const base = { kind: 'staff', userId: identity.sub, municipality: identity.municipality } as const;
  if (identity.groups.has(GROUPS.coordinators)) return { ...base, role: 'coordinator' };
  if (need === 'read' && identity.groups.has(GROUPS.supervisors)) return { ...base, role: 'supervisor' };
  throw new ApiProblem(
    'forbidden',
    need === 'write' ? 'only coordinators may do this' : 'only coordinators and supervisors may read this',
  );
}

/**
 * An assistant; anyone else is a 403.
 *
 * @example
 * const assistant = assistantOf(identity); // assistant.assistantId: custom:assistantId, or sub
 */
export function assistantOf(identity: Identity): AssistantPrincipal {
  if (!identity.groups.has(GROUPS.assistants) || identity.municipality === '')
    throw new ApiProblem('forbidden', 'only assistants may do this');
  return {
    kind: 'assistant',
    assistantId: identity.assistantId ?? identity.sub,
    userId: identity.sub,
    municipality: identity.municipality,
  };
}

/**
 * A ministry user; anyone else is a 403.
 *
 * @example
 * const ministry = ministryOf(identity);
 */
export function ministryOf(identity: Identity): MinistryPrincipal {
  if (!identity.groups.has(GROUPS.ministry))
    throw new ApiProblem('forbidden', 'only the ministry may read this');
  return { kind: 'ministry', userId: identity.sub };
}

/**
 * The principal's partition for idempotency records: ids joined by `#` (ids never contain it).
 *
 * @example
 * principalKey({ kind: 'staff', role: 'coordinator', userId: 'u-7', municipality: 'talsi' }) // 'M#talsi#U#u-7'
 */
export function principalKey(principal: StaffPrincipal | AssistantPrincipal): string {
  return principal.kind === 'staff'
    ? `M#${principal.municipality}#U#${principal.userId}`
    : `M#${principal.municipality}#A#${principal.assistantId}`;
}
