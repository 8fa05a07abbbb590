/**
 * The operations the deployed API answers with functions of their own rather than this app
 * (infra/handlers/health.ts, infra/handlers/session.ts, routed in infra/routes.ts), described here
 * so the OpenAPI document lists every path a client can call. test/api/openapi.test.ts checks the
 * handlers' answers against these schemas.
 *
 * @example
 * GATEWAY_OPERATIONS.find((operation) => operation.path === '/health')?.responses[200]?.schema
 */
import { z } from 'zod';

export interface GatewayOperation {
  method: 'get';
  path: string;
  operationId: string;
  summary: string;
  description: string;
  /** `staff`: API Gateway's Cognito JWT authorizer checks the token before the function runs. */
  access: 'public' | 'staff';
  responses: Record<number, { description: string; schema?: z.ZodType; name?: string }>;
}

export const healthSchema = z.object({ status: z.literal('ok') });
export const sessionSchema = z.object({
  userId: z.string(),
  municipality: z.string(),
  /** The staff groups of the account (`coordinators`, `supervisors`, `assistants`). */
  groups: z.array(z.string()),
});
export const sessionRefusedSchema = z.object({ error: z.string() });

export const GATEWAY_OPERATIONS: readonly GatewayOperation[] = [
  {
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'The API and its Lambda integration are up (for uptime checks; reads nothing)',
    description: 'Deployed only: a function of its own behind API Gateway, without a token.',
    access: 'public',
    responses: { 200: { description: 'Up', schema: healthSchema, name: 'Health' } },
  },
  {
    method: 'get',
    path: '/session',
    operationId: 'getSession',
    summary: 'Who you are, as the token says: your id, your municipality and your groups',
    description:
      'Deployed only: a function of its own behind API Gateway’s JWT authorizer. Send the ID token: ' +
      'Cognito’s access token carries no custom attributes.',
    access: 'staff',
    responses: {
      200: { description: 'Your session', schema: sessionSchema, name: 'Session' },
      401: { description: 'No valid token (answered by API Gateway)' },
      403: {
        description: 'The account has no municipality',
        schema: sessionRefusedSchema,
        name: 'SessionRefused',
      },
    },
  },
];
