/**
 * The coordinators' (and supervisors') work lists for their municipality: all cases (or one
 * coordinator's), reviews and re-assessments falling due, plans awaiting approval, and the
 * assistants whose timesheet for a month is missing.
 *
 * Two of them are filters over an index, and say so: `plans-awaiting-approval` reads the
 * municipality's cases (casesByMunicipality) and keeps those in phase `await-approval`;
 * `timesheets-missing` reads the month's active cases (activeCasesByMonth, all municipalities)
 * and keeps the caller's. Their `limit` is how many index entries one page examines, so a page
 * may hold fewer items, even none, and still have a `cursor`: follow it until it is absent.
 *
 * @example
 * app.request('/plans-awaiting-approval?limit=200', { headers: { authorization } });
 */
import { z } from 'zod';
import { addDays } from '../../domain/calendar.ts';
import { isoDateSchema } from '../../domain/policy/schema.ts';
import { idSchema, yearMonthSchema } from '../../store/keys.ts';
import { ApiProblem } from '../problem.ts';
import { defineRoute } from '../route.ts';
import { casePageSchema, pageOf, pageQuerySchema, withoutStamps } from '../schemas.ts';
import { todayIn } from './common.ts';

const TAGS = ['work lists'];

export const listCasesRoute = defineRoute({
  method: 'get',
  path: '/cases',
  operationId: 'listCases',
  summary: 'The cases of your municipality (or of one coordinator), by case id, a page at a time',
  tags: TAGS,
  access: 'staff-read',
  params: z.object({}),
  query: pageQuerySchema.extend({ coordinatorId: idSchema.optional() }),
  responses: { 200: { description: 'A page of cases', schema: casePageSchema, name: 'CasePage' } },
  handle: async ({ deps, staff, query }) => {
    const page = pageOf(query, 100);
    const found =
      query.coordinatorId === undefined
        ? await deps.store.cases.byMunicipality(staff.municipality, page)
        : await deps.store.cases.byCoordinator(staff.municipality, query.coordinatorId, page);
    return {
      status: 200,
      body: { items: found.items.map(withoutStamps), ...(found.cursor && { cursor: found.cursor }) },
    };
  },
});

const dueItemSchema = z.object({
  caseId: idSchema,
  kind: z.enum(['review', 'reassessment']),
  date: isoDateSchema,
});

export const reviewsDueRoute = defineRoute({
  method: 'get',
  path: '/reviews-due',
  operationId: 'listReviewsDue',
  summary: 'Open cases whose review or re-assessment falls due between two dates, earliest first',
  description: '`from` is today (Europe/Riga) and `to` 30 days later when absent; both inclusive.',
  tags: TAGS,
  access: 'staff-read',
  params: z.object({}),
  query: pageQuerySchema.extend({ from: isoDateSchema.optional(), to: isoDateSchema.optional() }),
  responses: {
    200: {
      description: 'A page of due dates',
      schema: z.object({ items: z.array(dueItemSchema), cursor: z.string().optional() }),
      name: 'DuePage',
    },
  },
  handle: async ({ deps, staff, query }) => {
    const from = query.from ?? todayIn(deps);
    const to = query.to ?? addDays(from, 30);
    if (to < from) {
      throw new ApiProblem('bad-request', 'The query has invalid parts; see errors.', [
        { path: 'query.to', message: 'must not be before from' },
      ]);
    }
    const page = await deps.store.cases.dueBetween(staff.municipality, from, to, pageOf(query, 100));
    return {
      status: 200,
      body: {
        items: page.items.map((entry) => ({ caseId: entry.ref.caseId, kind: entry.kind, date: entry.date })),
        ...(page.cursor && { cursor: page.cursor }),
      },
    };
  },
});

const awaitingItemSchema = z.object({
  caseId: idSchema,
  coordinatorId: idSchema,
  cycle: z.number().int(),
  /** The draft awaiting approval; absent while the cycle is between drafting and waiting. */
  revision: z.number().int().positive().optional(),
  /** The parents' consent to that revision is recorded (through their link). */
  consentRecorded: z.boolean(),
  /** The parents refused their consent to that revision through their link. */
  consentRefused: z.boolean(),
});

export const plansAwaitingApprovalRoute = defineRoute({
  method: 'get',
  path: '/plans-awaiting-approval',
  operationId: 'listPlansAwaitingApproval',
  summary: 'Cases whose drafted plan awaits your approval, with the parents’ consent as it stands',
  description:
    'A filter over the municipality’s cases: `limit` (default 200) is how many cases one page examines, ' +
    'so a page may hold fewer items, or none, and still carry a `cursor`. Follow it until it is absent.',
  tags: TAGS,
  access: 'staff-read',
  params: z.object({}),
  query: pageQuerySchema,
  responses: {
    200: {
      description: 'A page of plans awaiting approval',
      schema: z.object({ items: z.array(awaitingItemSchema), cursor: z.string().optional() }),
      name: 'AwaitingApprovalPage',
    },
  },
  handle: async ({ deps, staff, query }) => {
    const page = await deps.store.cases.byMunicipality(staff.municipality, pageOf(query, 200));
    const awaiting = page.items.filter((item) => item.status === 'open' && item.phase === 'await-approval');
    const items = await Promise.all(
      awaiting.map(async (item) => {
        const ref = { municipality: item.municipality, caseId: item.caseId };
        const [{ plans }, uses] = await Promise.all([
          deps.store.cycles.contents(ref, item.cycle),
          deps.store.linkUses.forCase(ref),
        ]);
        const draft = plans.at(-1)?.status === 'draft' ? plans.at(-1) : undefined;
        const refused = uses.some(
          (use) =>
            use.cycle === item.cycle &&
            use.answer?.step === 'consent' &&
            use.answer.decision === 'refused' &&
            use.answer.revision === draft?.revision,
        );
        return {
          caseId: item.caseId,
          coordinatorId: item.coordinatorId,
          cycle: item.cycle,
          ...(draft && { revision: draft.revision }),
          consentRecorded: draft?.consent !== undefined,
          consentRefused: refused,
        };
      }),
    );
    return { status: 200, body: { items, ...(page.cursor && { cursor: page.cursor }) } };
  },
});

const missingItemSchema = z.object({
  caseId: idSchema,
  coordinatorId: idSchema.optional(),
  /** The case's assistants who have not submitted a timesheet for the month. */
  assistantIds: z.array(idSchema),
});

export const timesheetsMissingRoute = defineRoute({
  method: 'get',
  path: '/timesheets-missing',
  operationId: 'listTimesheetsMissing',
  summary:
    'Cases of your municipality active in a month whose assistants have not sent that month’s timesheet',
  description:
    'A filter over the month’s active cases of every municipality: `limit` (default 500) is how many ' +
    'active cases one page examines, so a page may hold fewer items, or none, and still carry a `cursor`.',
  tags: TAGS,
  access: 'staff-read',
  params: z.object({}),
  query: pageQuerySchema.extend({ month: yearMonthSchema }),
  responses: {
    200: {
      description: 'A page of cases with missing timesheets',
      schema: z.object({
        month: yearMonthSchema,
        items: z.array(missingItemSchema),
        cursor: z.string().optional(),
      }),
      name: 'MissingTimesheetsPage',
    },
  },
  handle: async ({ deps, staff, query }) => {
    const page = await deps.store.cases.activeForMonth(query.month, pageOf(query, 500));
    const ours = page.items.filter((ref) => ref.municipality === staff.municipality);
    const checked = await Promise.all(
      ours.map(async (ref) => {
        const [current, person, sheets] = await Promise.all([
          deps.store.cases.get(ref),
          deps.store.cases.getPerson(ref),
          deps.store.timesheets.forMonth(ref, query.month),
        ]);
        const submitted = new Set(sheets.map((sheet) => sheet.assistantId));
        const assistants = (person?.contacts ?? [])
          .filter((contact) => contact.role === 'assistant')
          .map((contact) => contact.id);
        const missing = [...new Set(assistants)].filter((id) => !submitted.has(id)).sort();
        return {
          caseId: ref.caseId,
          ...(current && { coordinatorId: current.coordinatorId }),
          assistantIds: missing,
        };
      }),
    );
    return {
      status: 200,
      body: {
        month: query.month,
        items: checked.filter((item) => item.assistantIds.length > 0),
        ...(page.cursor && { cursor: page.cursor }),
      },
    };
  },
});

export const listRoutes = [
  listCasesRoute,
  reviewsDueRoute,
  plansAwaitingApprovalRoute,
  timesheetsMissingRoute,
];
