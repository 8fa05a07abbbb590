/**
 * The parents' signed link to read the case's monthly statements, and the stays in hospital or
 * long-term care on whose days no assistant hours are paid.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isoDateSchema } from '../../../domain/policy/schema.ts';
import { signLink } from '../../../links/signed-link.ts';
import { idSchema } from '../../../store/keys.ts';
import { defineRoute } from '../../route.ts';
import { caseIdParams } from '../../schemas.ts';
import { caseRefOf, requireCase, staffActor, throwIfInvalid } from '../common.ts';
import { conflictResponse, notFoundResponse, TAGS } from './responses.ts';

// ---- the parents' statement link ----------------------------------------------------------------

const statementLinkBodySchema = z.strictObject({
  /** How long the link is valid; 31 days when absent. */
  days: z.number().int().min(1).max(93).optional(),
});

export const statementLinkRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/statement-links',
  operationId: 'createStatementLink',
  summary: 'A signed link for the parents to read the case’s monthly statements (no account needed)',
  description: 'Read-only and valid until it expires; forward it to the legal representatives.',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: { schema: statementLinkBodySchema, name: 'StatementLinkRequest' },
  responses: {
    201: {
      description: 'The link',
      schema: z.object({ url: z.string(), expiresAt: z.string() }),
      name: 'StatementLink',
    },
    404: notFoundResponse,
  },
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    const current = await requireCase(deps, ref);
    const expiresAt = Math.floor(deps.clock.now().getTime() / 1_000) + (body.days ?? 31) * 86_400;
    const token = signLink(deps.config.linkSecret, {
      municipality: ref.municipality,
      caseId: ref.caseId,
      cycle: current.cycle,
      step: 'statement',
      expiresAt,
      nonce: randomBytes(12).toString('base64url'),
    });
    return {
      status: 201,
      body: {
        url: `${deps.config.appUrl}/links/${token}`,
        expiresAt: new Date(expiresAt * 1_000).toISOString(),
      },
    };
  },
});

const stayBodySchema = z.strictObject({
  /** The client's id for the stay: recording it again with the same data changes nothing. */
  stayId: idSchema,
  kind: z.enum(['hospital', 'long-term-care']),
  from: isoDateSchema,
  to: isoDateSchema,
});

export const recordStayRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/stays',
  operationId: 'recordStay',
  summary: 'Record a stay in hospital or long-term care: no assistant hours are paid on its days',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: { schema: stayBodySchema, name: 'Stay' },
  responses: {
    201: {
      description: 'Recorded (or found recorded with the same data)',
      schema: z.strictObject({ caseId: idSchema, stayId: idSchema, created: z.boolean() }),
      name: 'StayRecorded',
    },
    404: notFoundResponse,
    409: conflictResponse,
  },
  handle: async ({ deps, staff, params, body, locate }) => {
    const ref = caseRefOf(staff, params.caseId);
    throwIfInvalid(body.to < body.from ? [{ ...locate(['to']), message: 'must not be before from' }] : []);
    await requireCase(deps, ref);
    const { created } = await deps.store.stays.record(
      ref,
      body.stayId,
      { kind: body.kind, from: body.from, to: body.to },
      { actor: staffActor(staff), action: 'stay-recorded', at: deps.clock.now().toISOString() },
    );
    return { status: 201, body: { caseId: ref.caseId, stayId: body.stayId, created } };
  },
});
