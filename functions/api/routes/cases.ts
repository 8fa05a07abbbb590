/**
 * The coordinators' case routes: open a case, submit the assessment, record the parents' ranking
 * on their behalf, approve a plan revision or ask for changes, trigger an early review, close,
 * resume; and the reads coordinators and supervisors share (a case with its current cycle, its
 * statements, its audit trail). Every route works in the municipality of the caller's token: a
 * case of another municipality is not found. Handlers parse, call the cycle's commands or the
 * store, and answer; the commands decide.
 *
 * @example
 * app.request('/cases', { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { COMPANION_RULE } from '../../domain/budget/indicative.ts';
import { budgetRulesFor } from '../../domain/budget/policy.ts';
import { addMonths, monthOf } from '../../domain/calendar.ts';
import { InputError } from '../../domain/errors.ts';
import { EARLY_REVIEW_REASONS } from '../../domain/indicators/definitions.ts';
import { unitsSchema } from '../../domain/plan/input.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import { isoDateSchema } from '../../domain/policy/schema.ts';
import { signLink } from '../../links/signed-link.ts';
import {
  approvePlan,
  CLOSE_REASONS,
  closeCase,
  openCase,
  recordRanking,
  requestChanges,
  resumeCycle,
  submitAssessment,
  triggerEarlyReview,
} from '../../review-cycle/commands.ts';
import { assessmentDataSchema, changeRequestDataSchema, personDataSchema } from '../../store/entities.ts';
import { idSchema } from '../../store/keys.ts';
import type { FieldError } from '../problem.ts';
import { type ApiDeps, defineRoute, type FieldLocator } from '../route.ts';
import {
  auditPageSchema,
  caseIdParams,
  caseMonthParams,
  caseSummarySchema,
  caseViewSchema,
  commandAcceptedSchema,
  pageOf,
  pageQuerySchema,
  statementsViewSchema,
  withoutStamps,
} from '../schemas.ts';
import {
  asBodyFields,
  caseRefOf,
  catalogueOn,
  checkRankedServices,
  requireCase,
  serviceErrors,
  staffActor,
  throwIfInvalid,
  todayIn,
} from './common.ts';

const TAGS = ['cases'];
const notFoundResponse = { description: 'No such case in your municipality' };
const conflictResponse = {
  description: 'The case is not in a phase that takes this (`phase` says where it is), or the plan changed',
};

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

// ---- reads ------------------------------------------------------------------------------------

export const getCaseRoute = defineRoute({
  method: 'get',
  path: '/cases/{caseId}',
  operationId: 'getCase',
  summary: 'A case with its personal data, its current cycle and the parents’ answers',
  tags: TAGS,
  access: 'staff-read',
  params: caseIdParams,
  responses: {
    200: { description: 'The case', schema: caseViewSchema, name: 'CaseView' },
    404: notFoundResponse,
  },
  handle: async ({ deps, staff, params }) => {
    const ref = caseRefOf(staff, params.caseId);
    const current = await requireCase(deps, ref);
    const [person, contents, uses] = await Promise.all([
      deps.store.cases.getPerson(ref),
      deps.store.cycles.contents(ref, current.cycle),
      deps.store.linkUses.forCase(ref),
    ]);
    return {
      status: 200,
      body: {
        case: withoutStamps(current),
        ...(person && { person: withoutStamps(person) }),
        cycle: {
          number: current.cycle,
          assessments: contents.assessments.map(withoutStamps),
          plans: contents.plans.map(withoutStamps),
          grants: contents.grants.map(withoutStamps),
          ...(contents.budget && { budget: withoutStamps(contents.budget) }),
          ...(contents.ranking && { ranking: withoutStamps(contents.ranking) }),
          changeRequests: contents.changeRequests.map(withoutStamps),
        },
        parentAnswers: uses.flatMap((use) =>
          use.answer && use.usedAt
            ? [{ step: use.step, cycle: use.cycle, usedAt: use.usedAt, answer: use.answer }]
            : [],
        ),
      },
    };
  },
});

export const caseStatementsRoute = defineRoute({
  method: 'get',
  path: '/cases/{caseId}/statements/{month}',
  operationId: 'getCaseStatements',
  summary: 'The case’s statements of a month: the month’s own first, then supplementary ones',
  tags: TAGS,
  access: 'staff-read',
  params: caseMonthParams,
  responses: {
    200: { description: 'The month’s statements', schema: statementsViewSchema, name: 'Statements' },
    404: notFoundResponse,
  },
  handle: async ({ deps, staff, params }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    const statements = await deps.store.statements.forMonth(ref, params.month);
    return { status: 200, body: { month: params.month, statements: statements.map(withoutStamps) } };
  },
});

export const caseAuditRoute = defineRoute({
  method: 'get',
  path: '/cases/{caseId}/audit',
  operationId: 'getCaseAudit',
  summary: 'The case’s audit trail, newest first: who did what, when, and the names of the fields changed',
  tags: TAGS,
  access: 'staff-read',
  params: caseIdParams,
  query: pageQuerySchema,
  responses: {
    200: { description: 'A page of events', schema: auditPageSchema, name: 'AuditPage' },
    404: notFoundResponse,
  },
  handle: async ({ deps, staff, params, query }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    const page = await deps.store.audit.trail(ref, pageOf(query, 50));
    return {
      status: 200,
      body: { events: page.events.map(withoutStamps), ...(page.cursor && { cursor: page.cursor }) },
    };
  },
});

// ---- the cycle's commands ---------------------------------------------------------------------

const assessmentBodySchema = assessmentDataSchema.extend({
  recommendations: assessmentDataSchema.shape.recommendations.unwrap().min(1).max(40),
});

/** The body's value at `key` when it is an object, else nothing (a check reads only what parses). */
const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value.slice(0, 100) : []);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Every problem of an assessment beyond its fields' types, from what of it parses: the date is
 * not in the future nor older than one plan period (policy), the services are the catalogue's of
 * that date, ranks are unique, the minimum is not above the units, the parents rank only
 * recommended services, once each.
 */
function assessmentProblems(body: unknown, deps: ApiDeps, locate: FieldLocator): FieldError[] {
  const errors: FieldError[] = [];
  const today = todayIn(deps);
  const assessedOn = isoDateSchema.safeParse(fieldOf(body, 'assessedOn')).data;
  let catalogue: Set<string> | undefined;
  if (assessedOn !== undefined) {
    const periodMonths = workflowRulesOn(today).cycle.periodMonths;
    const earliest = `${addMonths(monthOf(today), -periodMonths)}-01`;
    if (assessedOn > today) {
      errors.push({ ...locate(['assessedOn']), message: `must not be after today (${today} in Riga)` });
    } else if (assessedOn < earliest) {
      errors.push({
        ...locate(['assessedOn']),
        message: `must be ${earliest} or later: an assessment older than one plan period (${periodMonths} months) cannot be the basis of a new plan`,
      });
    } else {
      try {
        catalogue = new Set(budgetRulesFor(assessedOn).services.keys());
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.push({ ...locate(['assessedOn']), message: 'no service catalogue is in force on this date' });
      }
    }
  }
  const recommendations = listOf(fieldOf(body, 'recommendations'));
  const recommended = new Set<string>();
  const ranks = new Set<number>();
  recommendations.forEach((item, index) => {
    const service = textOf(fieldOf(item, 'service'));
    if (service !== undefined) {
      if (catalogue && !catalogue.has(service)) {
        errors.push({
          ...locate(['recommendations', index, 'service']),
          message: 'is not a service of the catalogue in force',
        });
      } else if (recommended.has(service)) {
        errors.push({ ...locate(['recommendations', index, 'service']), message: 'appears twice' });
      }
      recommended.add(service);
    }
    const rank = fieldOf(item, 'rank');
    if (typeof rank === 'number') {
      if (ranks.has(rank))
        errors.push({ ...locate(['recommendations', index, 'rank']), message: 'appears twice' });
      ranks.add(rank);
    }
    const units = unitsSchema.safeParse(fieldOf(item, 'unitsPerMonth')).data;
    const minimum = unitsSchema.safeParse(fieldOf(item, 'minUnitsPerMonth')).data;
    if (units !== undefined && minimum !== undefined && minimum > units) {
      errors.push({
        ...locate(['recommendations', index, 'minUnitsPerMonth']),
        message: 'must not be more than unitsPerMonth',
      });
    }
  });
  if (recommended.has('assistant') && recommended.has('companion')) {
    const services = recommendations.map((item) => textOf(fieldOf(item, 'service')));
    errors.push({
      ...locate([
        'recommendations',
        Math.max(services.indexOf('assistant'), services.indexOf('companion')),
        'service',
      ]),
      message: `recommends both the assistant and the companion: ${COMPANION_RULE}`,
    });
  }
  const ranked = listOf(fieldOf(body, 'parentRanking')).filter(
    (item): item is string => typeof item === 'string',
  );
  errors.push(
    ...serviceErrors(
      ranked,
      recommended,
      locate,
      ['parentRanking'],
      'is not one of the recommended services',
    ),
  );
  listOf(fieldOf(body, 'providers')).forEach((provider, index) => {
    const service = textOf(fieldOf(provider, 'service'));
    if (service !== undefined && catalogue && !catalogue.has(service)) {
      errors.push({
        ...locate(['providers', index, 'service']),
        message: 'is not a service of the catalogue in force',
      });
    }
  });
  return errors;
}

export const submitAssessmentRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/assessment',
  operationId: 'submitAssessment',
  summary: 'Submit the team’s assessment and recommendations; the cycle computes the budget next',
  description:
    '`assessedOn` is today or earlier, and at most one plan period (6 months) back; units per month are ' +
    'whole numbers from 1 to 744, as the plan engine takes them.',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: {
    schema: assessmentBodySchema,
    name: 'Assessment',
    check: (body, { deps, locate }) => assessmentProblems(body, deps, locate),
  },
  responses: {
    202: {
      description: 'Accepted; the cycle moves on',
      schema: commandAcceptedSchema,
      name: 'CommandAccepted',
    },
    404: notFoundResponse,
    409: conflictResponse,
  },
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    await submitAssessment(deps, ref, body, staffActor(staff));
    return { status: 202, body: { caseId: ref.caseId, command: 'submit-assessment' } };
  },
});

const coordinatorRankingSchema = z.strictObject({
  /** The recommended services, most wanted first. */
  services: z.array(z.string().min(1).max(64)).min(1).max(40),
  /** When the parents gave the ranking; today when absent. */
  receivedOn: isoDateSchema.optional(),
});

export const recordRankingRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/ranking',
  operationId: 'recordRanking',
  summary: 'Record the parents’ ranking of the recommended services on their behalf',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: { schema: coordinatorRankingSchema, name: 'CoordinatorRanking' },
  responses: {
    202: {
      description: 'Accepted; the plan is drafted next',
      schema: commandAcceptedSchema,
      name: 'CommandAccepted',
    },
    404: notFoundResponse,
    409: conflictResponse,
  },
  handle: async ({ deps, staff, params, body, locate }) => {
    const ref = caseRefOf(staff, params.caseId);
    const current = await requireCase(deps, ref);
    await checkRankedServices(deps, ref, current.cycle, body.services, locate);
    await recordRanking(
      deps,
      ref,
      { services: body.services, rankedBy: 'coordinator', receivedOn: body.receivedOn ?? todayIn(deps) },
      staffActor(staff),
    );
    return { status: 202, body: { caseId: ref.caseId, command: 'record-ranking' } };
  },
});

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
  responses: {
    202: {
      description: 'Approved; the plan is activated next',
      schema: commandAcceptedSchema,
      name: 'CommandAccepted',
    },
    404: notFoundResponse,
    409: conflictResponse,
  },
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
  responses: {
    202: {
      description: 'Accepted; the next revision is drafted',
      schema: commandAcceptedSchema,
      name: 'CommandAccepted',
    },
    404: notFoundResponse,
    409: conflictResponse,
  },
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
  responses: {
    202: {
      description: 'Accepted; the next cycle starts',
      schema: commandAcceptedSchema,
      name: 'CommandAccepted',
    },
    404: notFoundResponse,
    409: conflictResponse,
  },
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

export const caseRoutes = [
  openCaseRoute,
  getCaseRoute,
  caseStatementsRoute,
  caseAuditRoute,
  submitAssessmentRoute,
  recordRankingRoute,
  approvePlanRoute,
  requestChangesRoute,
  earlyReviewRoute,
  closeCaseRoute,
  resumeCycleRoute,
  statementLinkRoute,
  recordStayRoute,
];
