/**
 * What coordinators and supervisors read of a case: the case with its current cycle and the
 * parents' answers, its statements of a month, its audit trail.
 */
import { defineRoute } from '../../route.ts';
import {
  auditPageSchema,
  caseIdParams,
  caseMonthParams,
  caseViewSchema,
  pageOf,
  pageQuerySchema,
  statementsViewSchema,
  withoutStamps,
} from '../../schemas.ts';
import { caseRefOf, requireCase } from '../common.ts';
import { notFoundResponse, TAGS } from './responses.ts';

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
