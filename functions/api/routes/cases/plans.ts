/**
 * A drafted plan revision: approve it with the parents' consent (the review cycle's approvePlan
 * decides where the consent comes from) or ask for changes.
 */
import { z } from 'zod';
import { isoDateSchema } from '../../../domain/policy/schema.ts';
import { approvePlan, requestChanges } from '../../../review-cycle/commands.ts';
import { changeRequestDataSchema } from '../../../store/entities.ts';
import { idSchema } from '../../../store/keys.ts';
import { defineRoute } from '../../route.ts';
import {
  asBodyFields,
  caseRefOf,
  catalogueOn,
  requireCase,
  serviceErrors,
  staffActor,
  throwIfInvalid,
  todayIn,
} from '../common.ts';
import { commandResponses, TAGS } from './responses.ts';

const revisionParams = z.strictObject({
  caseId: idSchema,
  revision: z.string().regex(/^[1-9][0-9]{0,3}$/, 'must be a plan revision number'),
});

const approvalBodySchema = z.strictObject({
  /**
   * The parents' consent as you recorded it (in a meeting, on paper). Absent: the consent they
   * gave through their link is used, and without one the approval is refused.
   */
  consent: z.strictObject({ by: idSchema, on: isoDateSchema.optional() }).optional(),
});

export const approvePlanRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/plans/{revision}/approval',
  operationId: 'approvePlan',
  summary: 'Approve a drafted plan revision with the parents’ consent; the cycle activates it',
  tags: TAGS,
  access: 'coordinator',
  params: revisionParams,
  body: { schema: approvalBodySchema, name: 'Approval' },
  responses: commandResponses('Approved; the plan is activated next'),
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    const revision = Number(params.revision);
    await requireCase(deps, ref);
    await asBodyFields(approvePlan(deps, ref, { revision, consent: body.consent }, staffActor(staff)));
    return { status: 202, body: { caseId: ref.caseId, command: 'approve-plan', revision } };
  },
});

const changesBodySchema = changeRequestDataSchema
  .omit({ toRevision: true })
  .refine(
    (changes) =>
      changes.recommendations !== undefined ||
      changes.parentRanking !== undefined ||
      changes.providers !== undefined,
    { message: 'must change at least one of recommendations, parentRanking, providers' },
  );

export const requestChangesRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/plans/{revision}/changes',
  operationId: 'requestChanges',
  summary: 'Ask for changes to a drafted plan revision; the cycle drafts the next revision with them',
  tags: TAGS,
  access: 'coordinator',
  params: revisionParams,
  body: { schema: changesBodySchema, name: 'ChangeRequest' },
  responses: commandResponses('Accepted; the next revision is drafted'),
  handle: async ({ deps, staff, params, body, locate }) => {
    const ref = caseRefOf(staff, params.caseId);
    const revision = Number(params.revision);
    await requireCase(deps, ref);
    const catalogue = catalogueOn(todayIn(deps), locate, []);
    throwIfInvalid([
      ...serviceErrors(
        (body.recommendations ?? []).map((item) => item.service),
        catalogue,
        locate,
        ['recommendations'],
        'is not a service of the catalogue in force',
      ).map((error) => ({ ...error, path: `${error.path}.service` })),
      ...serviceErrors(
        body.parentRanking ?? [],
        catalogue,
        locate,
        ['parentRanking'],
        'is not a service of the catalogue in force',
      ),
    ]);
    await requestChanges(deps, ref, { ...body, toRevision: revision }, staffActor(staff));
    return { status: 202, body: { caseId: ref.caseId, command: 'request-changes', revision } };
  },
});
