/**
 * A case's life as a coordinator steers it: open it (its first review cycle starts), review the
 * plan early, close it, resume a failed cycle.
 */
import { z } from 'zod';
import { EARLY_REVIEW_REASONS } from '../../../domain/indicators/definitions.ts';
import {
  CLOSE_REASONS,
  closeCase,
  openCase,
  resumeCycle,
  triggerEarlyReview,
} from '../../../review-cycle/commands.ts';
import { personDataSchema } from '../../../store/entities.ts';
import { idSchema } from '../../../store/keys.ts';
import { defineRoute } from '../../route.ts';
import { caseIdParams, caseSummarySchema, commandAcceptedSchema, withoutStamps } from '../../schemas.ts';
import { caseRefOf, requireCase, staffActor, throwIfInvalid } from '../common.ts';
import { commandResponses, notFoundResponse, TAGS } from './responses.ts';

// ---- open a case ------------------------------------------------------------------------------

const openCaseBodySchema = z
  .strictObject({
    caseId: idSchema,
    participantId: idSchema,
    /** The case's coordinator; you when absent. */
    coordinatorId: idSchema.optional(),
    person: personDataSchema,
  })
  .superRefine((body, ctx) => {
    const contacts = body.person.contacts;
    if (!contacts.some((contact) => contact.role === 'legal-representative')) {
      ctx.addIssue({
        code: 'custom',
        path: ['person', 'contacts'],
        message: 'must name at least one legal representative',
      });
    }
    const seen = new Set<string>();
    contacts.forEach((contact, index) => {
      if ((contact.role === 'legal-representative' || contact.role === 'coordinator') && !contact.email) {
        ctx.addIssue({
          code: 'custom',
          path: ['person', 'contacts', index, 'email'],
          message: `is required for a ${contact.role}: their emails carry the links and reminders`,
        });
      }
      const key = `${contact.role}:${contact.id}`;
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['person', 'contacts', index, 'id'],
          message: 'appears twice in this role',
        });
      }
      seen.add(key);
    });
  });

export const openCaseRoute = defineRoute({
  method: 'post',
  path: '/cases',
  operationId: 'openCase',
  summary: 'Open a case and start its first review cycle',
  description:
    'The municipality is your token’s. The person item holds all personal data of the case: the participant, ' +
    'legal representatives (each with an email and a language), assistants and the coordinator’s contact, ' +
    'which must be there under the case’s coordinator id.',
  tags: TAGS,
  access: 'coordinator',
  params: z.object({}),
  body: { schema: openCaseBodySchema, name: 'OpenCase' },
  responses: {
    201: {
      description: 'The case, opened; its first cycle asks for the assessment',
      schema: z.object({ case: caseSummarySchema }),
      name: 'OpenedCase',
    },
    409: { description: 'A case with this id exists in your municipality' },
  },
  handle: async ({ deps, staff, body, locate }) => {
    const coordinatorId = body.coordinatorId ?? staff.userId;
    const coordinatorContact = body.person.contacts.some(
      (contact) => contact.role === 'coordinator' && contact.id === coordinatorId,
    );
    throwIfInvalid(
      coordinatorContact
        ? []
        : [
            {
              ...locate(['person', 'contacts']),
              message: `must include the coordinator's contact (role coordinator, id ${coordinatorId})`,
            },
          ],
    );
    const opened = await openCase(
      deps,
      {
        municipality: staff.municipality,
        caseId: body.caseId,
        participantId: body.participantId,
        coordinatorId,
      },
      body.person,
      staffActor(staff),
    );
    return {
      status: 201,
      body: { case: withoutStamps(opened.case) },
      headers: { location: `/cases/${encodeURIComponent(body.caseId)}` },
    };
  },
});

export const earlyReviewRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/early-review',
  operationId: 'triggerEarlyReview',
  summary: 'Review the plan now: the cycle closes and the next one starts with a re-assessment',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: {
    schema: z.strictObject({
      /**
       * Why review now (a code): kept on the case (`reviewReason`), named in the audit trail's
       * changed fields, and counted in the ministry's indicators (as `other` when left out).
       */
      reason: z.enum(EARLY_REVIEW_REASONS).optional(),
    }),
    name: 'EarlyReview',
  },
  responses: commandResponses('Accepted; the next cycle starts'),
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    await triggerEarlyReview(deps, ref, staffActor(staff), body.reason);
    return { status: 202, body: { caseId: ref.caseId, command: 'trigger-early-review' } };
  },
});

const closureBodySchema = z.strictObject({ reason: z.enum(CLOSE_REASONS) });

export const closeCaseRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/closure',
  operationId: 'closeCase',
  summary: 'Close the case: its cycle stops, grants end today, the current month is still settled',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: { schema: closureBodySchema, name: 'Closure' },
  responses: {
    200: {
      description: 'The closed case',
      schema: z.object({ case: caseSummarySchema }),
      name: 'ClosedCase',
    },
    404: notFoundResponse,
    409: { description: 'The case is closed already' },
  },
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    const closed = await closeCase(deps, ref, body.reason, staffActor(staff));
    return { status: 200, body: { case: withoutStamps(closed) } };
  },
});

export const resumeCycleRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/resume',
  operationId: 'resumeCycle',
  summary: 'Start a failed (or stopped) cycle again at the phase recorded on the case',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  responses: {
    202: {
      description: 'Started again',
      schema: commandAcceptedSchema.extend({ resumeFrom: z.string() }),
      name: 'CycleResumed',
    },
    404: notFoundResponse,
    409: { description: 'The cycle is running, or the case is closed' },
  },
  handle: async ({ deps, staff, params }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    const { resumeFrom } = await resumeCycle(deps, ref, staffActor(staff));
    return { status: 202, body: { caseId: ref.caseId, command: 'resume-cycle', resumeFrom } };
  },
});
