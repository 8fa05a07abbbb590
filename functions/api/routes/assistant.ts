/**
 * The assistants' routes: send a month's timesheet for a case they work on (JSON, or the CSV of
 * the spreadsheet they keep), read it back, see what the month's settlement would pay and refuse
 * before the run, and read their pay statements. An assistant is known by the token's
 * `custom:assistantId` (else `sub`) and must be an `assistant` contact of the case; otherwise the
 * case is not found, whether it exists or not. Everything shown is the assistant's own: other
 * assistants' lines, the parents' services and all personal data stay out.
 *
 * @example
 * app.request('/assistant/cases/c-1/timesheets/2024-03', { method: 'PUT', headers: { authorization, 'content-type': 'text/csv' }, body: csv });
 */
import { z } from 'zod';
import { assistantPartOf } from '../../domain/settlement/assistant-part.ts';
import type { HourStatement } from '../../domain/settlement/types.ts';
import { previewCaseMonth } from '../../monthly-run/settle-case-month.ts';
import { hourStatementSchema } from '../../store/entities.ts';
import { type CaseRef, idSchema, yearMonthSchema } from '../../store/keys.ts';
import type { AssistantPrincipal } from '../auth.ts';
import { timesheetCsvBody } from '../csv.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiDeps, defineRoute } from '../route.ts';
import { caseMonthParams } from '../schemas.ts';
import {
  entryView,
  storedEntriesOf,
  timesheetBodySchema,
  timesheetEntryViewSchema,
  timesheetProblems,
  timesheetWarnings,
} from '../timesheet-input.ts';
import { sendTimesheet } from '../timesheet-submission.ts';
import { caseRefOf, notFound, todayIn } from './common.ts';

const TAGS = ['assistants'];
const notFoundResponse = { description: 'No such case among the cases you work on' };

/** The case, when the assistant is one of its assistant contacts; a 404 otherwise. */
async function caseOfAssistant(
  deps: ApiDeps,
  assistant: AssistantPrincipal,
  caseId: string,
): Promise<CaseRef> {
  return (await caseAndPeopleOf(deps, assistant, caseId)).ref;
}

async function caseAndPeopleOf(deps: ApiDeps, assistant: AssistantPrincipal, caseId: string) {
  const ref = caseRefOf(assistant, caseId);
  const person = await deps.store.cases.getPerson(ref);
  const onCase = (person?.contacts ?? []).some(
    (contact) => contact.role === 'assistant' && contact.id === assistant.assistantId,
  );
  if (!onCase) throw notFound(ref);
  return { ref, person };
}

const timesheetViewSchema = z.object({
  caseId: idSchema,
  month: yearMonthSchema,
  assistantId: idSchema,
  entries: z.array(timesheetEntryViewSchema),
  submittedAt: z.string(),
  /** True when the same entries were stored already: nothing was written again. */
  unchanged: z.boolean().optional(),
  /** What the settlement will do with entries it does not pay in full (a day over the policy's most hours). */
  warnings: z.array(z.object({ date: z.string(), message: z.string() })).optional(),
});

export const submitTimesheetRoute = defineRoute({
  method: 'put',
  path: '/assistant/cases/{caseId}/timesheets/{month}',
  operationId: 'submitTimesheet',
  summary: 'Send your timesheet for a month of a case (it replaces one sent before)',
  description:
    'JSON (`{ entries }`) or the spreadsheet as `text/csv`. Every entry is checked first; with any ' +
    'problem nothing is stored and each is named by its path, or its row and column. Sending the same ' +
    'entries again writes nothing.',
  tags: TAGS,
  access: 'assistant',
  params: caseMonthParams,
  body: {
    schema: timesheetBodySchema,
    name: 'Timesheet',
    csv: timesheetCsvBody,
    check: (body, { deps, params, locate }) =>
      timesheetProblems(body, params['month'] as string, todayIn(deps), locate),
  },
  responses: {
    200: { description: 'The timesheet as stored', schema: timesheetViewSchema, name: 'TimesheetView' },
    404: notFoundResponse,
    409: { description: 'Another submission of the same month changed the timesheet at the same time' },
  },
  handle: async ({ deps, assistant, params, body, locate }) => {
    const { ref, person } = await caseAndPeopleOf(deps, assistant, params.caseId);
    const entries = storedEntriesOf(body.entries, params.month, locate);
    // A client retrying the same upload (or sending it twice at once) finds it stored: written once.
    const { timesheet, unchanged } = await sendTimesheet(
      deps,
      ref,
      params.month,
      { assistantId: assistant.assistantId, entries },
      person,
    );
    const warnings = timesheetWarnings(timesheet.entries);
    return {
      status: 200,
      body: {
        ...viewOf(ref, timesheet),
        ...(unchanged && { unchanged: true }),
        ...(warnings.length > 0 && { warnings }),
      },
    };
  },
});

function viewOf(
  ref: CaseRef,
  sheet: {
    month: string;
    assistantId: string;
    entries: Parameters<typeof entryView>[0][];
    submittedAt: string;
  },
) {
  return {
    caseId: ref.caseId,
    month: sheet.month,
    assistantId: sheet.assistantId,
    entries: sheet.entries.map(entryView),
    submittedAt: sheet.submittedAt,
  };
}

export const getTimesheetRoute = defineRoute({
  method: 'get',
  path: '/assistant/cases/{caseId}/timesheets/{month}',
  operationId: 'getTimesheet',
  summary: 'Your timesheet for a month of a case, as stored',
  tags: TAGS,
  access: 'assistant',
  params: caseMonthParams,
  responses: {
    200: { description: 'The timesheet', schema: timesheetViewSchema, name: 'TimesheetView' },
    404: { description: 'No such case among yours, or no timesheet sent for the month' },
  },
  handle: async ({ deps, assistant, params }) => {
    const ref = await caseOfAssistant(deps, assistant, params.caseId);
    const sheet = await deps.store.timesheets.get(ref, params.month, assistant.assistantId);
    if (!sheet) throw new ApiProblem('not-found', `no timesheet of yours for ${params.month}`);
    return { status: 200, body: viewOf(ref, sheet) };
  },
});

const ownLineSchema = hourStatementSchema.shape.lines.element;
const ownRejectedSchema = hourStatementSchema.shape.rejected.element;
const ownHoursSchema = z.object({
  paidMinutes: z.number().int(),
  amountCents: z.number().int(),
  rejectedMinutes: z.number().int(),
  lines: z.array(ownLineSchema),
  rejected: z.array(ownRejectedSchema),
});

/** The assistant's part of an hour statement, with their own totals (the rate is in each line). */
function ownPart(statement: HourStatement, assistantId: string): z.infer<typeof ownHoursSchema> {
  const { centsPerHour: _, ...part } = assistantPartOf(statement, assistantId);
  return part;
}

const previewSchema = ownHoursSchema.extend({
  caseId: idSchema,
  month: yearMonthSchema,
  /** False when no assistant grant is in force in the month: nothing would be paid. */
  granted: z.boolean(),
  /** The month was settled already; a later timesheet is paid as a supplementary statement. */
  settled: z.boolean(),
});

export const previewMonthRoute = defineRoute({
  method: 'get',
  path: '/assistant/cases/{caseId}/months/{month}/preview',
  operationId: 'previewMonth',
  summary: 'What the month’s settlement would pay you, and what it would refuse and why, if it ran now',
  description:
    'A dry run of the settlement with every timesheet of the case for the month (caps are shared by all ' +
    'its assistants), showing your lines only. Nothing is stored.',
  tags: TAGS,
  access: 'assistant',
  params: caseMonthParams,
  responses: {
    200: { description: 'Your lines as they would be settled', schema: previewSchema, name: 'MonthPreview' },
    404: notFoundResponse,
    409: {
      description: 'The case’s data cannot be settled as it stands (its coordinator is told by the run)',
    },
  },
  handle: async ({ deps, assistant, params }) => {
    const ref = await caseOfAssistant(deps, assistant, params.caseId);
    const preview = await previewCaseMonth(deps.store, ref, params.month);
    return {
      status: 200,
      body: {
        caseId: ref.caseId,
        month: params.month,
        granted: preview.granted,
        settled: preview.storedStatements > 0,
        ...ownPart(preview.statement, assistant.assistantId),
      },
    };
  },
});

const payStatementsSchema = z.object({
  caseId: idSchema,
  month: yearMonthSchema,
  /** The month's statement first, then supplementary ones (their figures are differences). */
  statements: z.array(
    ownHoursSchema.extend({
      sequence: z.number().int().nonnegative(),
      kind: z.enum(['original', 'supplementary']),
      settledAt: z.string(),
    }),
  ),
});

export const payStatementsRoute = defineRoute({
  method: 'get',
  path: '/assistant/cases/{caseId}/statements/{month}',
  operationId: 'getPayStatements',
  summary: 'Your pay statements of a month for a case: your paid and refused lines only',
  tags: TAGS,
  access: 'assistant',
  params: caseMonthParams,
  responses: {
    200: {
      description: 'Your statements of the month (none before the run)',
      schema: payStatementsSchema,
      name: 'PayStatements',
    },
    404: notFoundResponse,
  },
  handle: async ({ deps, assistant, params }) => {
    const ref = await caseOfAssistant(deps, assistant, params.caseId);
    const statements = await deps.store.statements.forMonth(ref, params.month);
    return {
      status: 200,
      body: {
        caseId: ref.caseId,
        month: params.month,
        statements: statements.map((stored) => ({
          sequence: stored.sequence,
          kind: stored.kind,
          settledAt: stored.settledAt,
          ...ownPart(stored.statement, assistant.assistantId),
        })),
      },
    };
  },
});

export const assistantRoutes = [
  submitTimesheetRoute,
  getTimesheetRoute,
  previewMonthRoute,
  payStatementsRoute,
];
