/**
 * The coordinators' workspace as JSON, the same read models its pages show: the work queue (what
 * needs a coordinator now, most urgent first, with counts), a case's overview (people, phase,
 * timeline, plan in force with used and left per line, months paid, emails), one month of a case,
 * the municipality's monthly runs with totals per month, a run's part for the municipality, and
 * its payments as CSV for accounting. Every read is of the caller's municipality only.
 *
 * @example
 * app.request('/work-queue?stage=approval', { headers: { authorization } });
 */
import { z } from 'zod';
import { isoDateSchema } from '../../domain/policy/schema.ts';
import { QUEUE_REASONS, QUEUE_STAGES } from '../../domain/work-queue/queue.ts';
import { idSchema, yearMonthSchema } from '../../store/keys.ts';
import { runSummarySchema } from '../../store/runs.ts';
import { readCaseMonth, readCaseView } from '../../workspace/case-view.ts';
import { readRuns, runPaymentsCsv } from '../../workspace/runs-view.ts';
import { readWorkQueue } from '../../workspace/work-queue.ts';
import { ApiProblem } from '../problem.ts';
import { defineRoute } from '../route.ts';
import { caseIdParams, caseMonthParams, pageOf, pageQuerySchema } from '../schemas.ts';
import { caseRefOf, notFound } from './common.ts';

const TAGS = ['workspace'];

const queueRowSchema = z.object({
  reason: z.enum(QUEUE_REASONS),
  stage: z.enum(QUEUE_STAGES),
  caseId: idSchema,
  coordinatorId: idSchema.optional(),
  since: isoDateSchema,
  dueOn: isoDateSchema,
  overdueDays: z.number().int().nonnegative(),
  waitingOn: z.enum(['coordinator', 'parents', 'assistant']),
  escalated: z.boolean(),
  href: z.string(),
  cycle: z.number().int().optional(),
  revision: z.number().int().optional(),
  month: yearMonthSchema.optional(),
  assistantId: idSchema.optional(),
  runId: idSchema.optional(),
  error: z.string().optional(),
  phase: z.string().optional(),
  minutes: z.number().int().optional(),
  entries: z.number().int().optional(),
});
const countsSchema = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  escalated: z.number().int(),
  byStage: z.record(z.enum(QUEUE_STAGES), z.number().int()),
  byReason: z.record(z.enum(QUEUE_REASONS), z.number().int()),
});
export const workQueueSchema = z.object({
  today: isoDateSchema,
  rows: z.array(queueRowSchema),
  counts: countsSchema,
  team: z.array(
    z.object({
      coordinatorId: z.string(),
      total: z.number().int(),
      overdue: z.number().int(),
      escalated: z.number().int(),
    }),
  ),
  lastRun: z
    .object({ runId: idSchema, month: yearMonthSchema, kind: z.string(), finishedAt: z.string() })
    .optional(),
});

export const workQueueRoute = defineRoute({
  method: 'get',
  path: '/work-queue',
  operationId: 'getWorkQueue',
  summary: 'What needs a coordinator now, most urgent first: why, since when, by when, and the page to use',
  description:
    'The municipality’s queue, or one coordinator’s (`coordinatorId`); `stage` narrows the rows, not the counts. ' +
    'Read from a sparse index of what waits on people: no case that needs nobody is read.',
  tags: TAGS,
  access: 'staff-read',
  params: z.object({}),
  query: z.strictObject({ coordinatorId: idSchema.optional(), stage: z.enum(QUEUE_STAGES).optional() }),
  responses: { 200: { description: 'The queue', schema: workQueueSchema, name: 'WorkQueue' } },
  handle: async ({ deps, staff, query }) => {
    const queue = await readWorkQueue(
      deps,
      {
        municipality: staff.municipality,
        ...(query.coordinatorId !== undefined && { coordinatorId: query.coordinatorId }),
      },
      query.stage === undefined ? {} : { stage: query.stage },
    );
    return { status: 200, body: queue };
  },
});

const loose = z.looseObject({});

export const caseOverviewRoute = defineRoute({
  method: 'get',
  path: '/cases/{caseId}/overview',
  operationId: 'getCaseOverview',
  summary:
    'A case on one page: the child, representatives, assistants, the phase and timeline, the plan in force with used and left per line, months paid, emails sent',
  tags: TAGS,
  access: 'staff-read',
  params: caseIdParams,
  responses: {
    200: {
      description: 'The case overview',
      schema: z.object({
        case: loose,
        child: z
          .object({ name: z.string(), birthDate: z.string().optional(), age: z.number().optional() })
          .optional(),
        representatives: z.array(loose),
        assistants: z.array(loose),
        coordinator: loose.optional(),
        phases: z.array(z.object({ phase: z.string(), state: z.string(), at: z.string().optional() })),
        timeline: z.array(loose),
        cycle: loose,
        plan: z
          .looseObject({
            leftToPlanCents: z.number().int(),
            leftToSpendCents: z.number().int(),
            usedCents: z.number().int(),
            lines: z.array(
              z.looseObject({
                service: z.string(),
                periodCents: z.number().int(),
                usedCents: z.number().int(),
                leftCents: z.number().int(),
              }),
            ),
          })
          .optional(),
        draft: loose.optional(),
        months: z.array(loose),
        emails: z.array(loose),
      }),
      name: 'CaseOverview',
    },
    404: { description: 'No such case in your municipality' },
  },
  handle: async ({ deps, staff, params }) => {
    const ref = caseRefOf(staff, params.caseId);
    const view = await readCaseView(deps, ref);
    if (!view) throw notFound(ref);
    return { status: 200, body: view };
  },
});

export const caseMonthRoute = defineRoute({
  method: 'get',
  path: '/cases/{caseId}/months/{month}',
  operationId: 'getCaseMonth',
  summary:
    'A month of a case: the timesheets as submitted, the statements (paid and refused, and why), the emails',
  tags: TAGS,
  access: 'staff-read',
  params: caseMonthParams,
  responses: {
    200: {
      description: 'The month',
      schema: z.object({
        case: loose,
        month: yearMonthSchema,
        assistants: z.array(loose),
        timesheets: z.array(loose),
        statements: z.array(loose),
        emails: z.array(loose),
        missing: z.array(idSchema),
        confirmations: z.array(loose),
      }),
      name: 'CaseMonth',
    },
    404: { description: 'No such case in your municipality' },
  },
  handle: async ({ deps, staff, params }) => {
    const ref = caseRefOf(staff, params.caseId);
    const view = await readCaseMonth(deps, ref, params.month);
    if (!view) throw notFound(ref);
    return { status: 200, body: view };
  },
});

const runSummaryView = runSummarySchema.omit({ entity: true, schemaVersion: true });

export const runsRoute = defineRoute({
  method: 'get',
  path: '/runs',
  operationId: 'listRuns',
  summary:
    'The monthly runs of your municipality, newest first, with totals per month (late differences apart)',
  tags: TAGS,
  access: 'staff-read',
  params: z.object({}),
  query: pageQuerySchema,
  responses: {
    200: {
      description: 'Runs and month totals',
      schema: z.object({
        runs: z.array(runSummaryView.loose()),
        months: z.array(loose),
        cursor: z.string().optional(),
      }),
      name: 'Runs',
    },
  },
  handle: async ({ deps, staff, query }) => ({
    status: 200,
    body: await readRuns(deps, staff.municipality, pageOf(query, 24)),
  }),
});

const runParams = z.strictObject({ runId: idSchema });
const runNotFound = (runId: string) =>
  new ApiProblem('not-found', `run ${runId} settled no case of your municipality`);

export const runRoute = defineRoute({
  method: 'get',
  path: '/runs/{runId}',
  operationId: 'getRun',
  summary: 'A run’s part for your municipality: counts, hours and euros paid, and the cases that need you',
  tags: TAGS,
  access: 'staff-read',
  params: runParams,
  responses: {
    200: { description: 'The run', schema: runSummaryView.loose(), name: 'RunSummary' },
    404: { description: 'The run settled no case of your municipality, or has not finished' },
  },
  handle: async ({ deps, staff, params }) => {
    const summary = await deps.store.runs.summary(staff.municipality, params.runId);
    if (!summary) throw runNotFound(params.runId);
    const { entity: _entity, schemaVersion: _version, ...body } = summary;
    return { status: 200, body };
  },
});

export const runPaymentsRoute = defineRoute({
  method: 'get',
  path: '/runs/{runId}/payments.csv',
  operationId: 'getRunPayments',
  summary:
    'The run’s payments in your municipality as CSV for accounting: case ids, assistant ids, hours, euros',
  description:
    '`;`-separated with a decimal comma; one row per case, statement and assistant, and one for services paid from a plan. No names.',
  tags: TAGS,
  access: 'staff-read',
  params: runParams,
  responses: {
    200: { description: 'text/csv', schema: z.string(), name: 'RunPaymentsCsv' },
    404: { description: 'The run settled no case of your municipality' },
  },
  handle: async ({ deps, staff, params }) => {
    const csv = await runPaymentsCsv(deps, staff.municipality, params.runId);
    if (csv === undefined) throw runNotFound(params.runId);
    return {
      status: 200,
      body: csv,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="atbalsts-${staff.municipality}-${params.runId}.csv"`,
      },
    };
  },
});

export const resolveDisputeRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/months/{month}/disputes/{assistantId}/resolution',
  operationId: 'resolveDispute',
  summary: 'Mark the parents’ dispute of an assistant’s month as dealt with: it leaves the work queue',
  description:
    'Name the decision you read (`decidedAt`); a newer decision by the parents, or one resolved already, is a 409.',
  tags: TAGS,
  access: 'coordinator',
  params: z.strictObject({ caseId: idSchema, month: yearMonthSchema, assistantId: idSchema }),
  body: {
    schema: z.strictObject({ decidedAt: z.iso.datetime({ offset: true }) }),
    name: 'DisputeResolution',
  },
  responses: {
    200: {
      description: 'Resolved',
      schema: z.object({ resolved: z.literal(true) }),
      name: 'DisputeResolved',
    },
    404: { description: 'No such case, or no decision of the parents on that month' },
    409: { description: 'The parents decided again, or the dispute was resolved already' },
  },
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    const found = await deps.store.hoursConfirmations.get(ref, params.month, params.assistantId);
    if (!found || found.disputed.length === 0) throw notFound(ref);
    await deps.store.hoursConfirmations.resolve(ref, params.month, params.assistantId, body.decidedAt, {
      actor: { kind: staff.role, id: staff.userId },
      action: 'hours-dispute-resolved',
      at: deps.clock.now().toISOString(),
    });
    return { status: 200, body: { resolved: true } };
  },
});

export const workspaceRoutes = [
  resolveDisputeRoute,
  workQueueRoute,
  caseOverviewRoute,
  caseMonthRoute,
  runsRoute,
  runRoute,
  runPaymentsRoute,
];
