/**
 * The ministry's routes: every municipality's monitoring indicators for a month or a range of
 * months, as JSON, CSV or an Excel workbook, always with the suppression rule applied (the
 * policy's threshold), and the policy what-if on a period's cohort. Aggregates and case ids only: no
 * route here returns a person or anything about one beyond a pseudonymous case id.
 *
 * @example
 * GET /ministry/indicators?month=2026-11                  every municipality and the country
 * GET /ministry/indicators.xlsx?month=2026-06&to=2026-11&municipality=talsi
 * POST /ministry/what-if { "from": "2025-01", "to": "2025-06", "proposal": "budget-cut-10" }
 */
import { z } from 'zod';
import { addMonths, rigaDateOf } from '../../domain/calendar.ts';
import { InputError } from '../../domain/errors.ts';
import { suppress } from '../../domain/indicators/table.ts';
import { monitoringRulesOn } from '../../domain/policy/policy.ts';
import { type ProposedPolicy, parseProposedPolicy } from '../../domain/what-if/proposal.ts';
import { indicatorsCsv, indicatorsWorkbook } from '../../monitoring/export.ts';
import { EXAMPLE_IDS, EXAMPLE_PROPOSALS } from '../../monitoring/what-if-examples.ts';
import { runWhatIf } from '../../monitoring/what-if-run.ts';
import { idSchema, yearMonthSchema } from '../../store/keys.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiDeps, defineRoute } from '../route.ts';

const TAGS = ['ministry'];

export const indicatorQuerySchema = z.strictObject({
  month: yearMonthSchema.describe('The first (or only) month, YYYY-MM'),
  to: yearMonthSchema.optional().describe('The last month, YYYY-MM; at most 24 months from `month`'),
  municipality: idSchema.optional().describe('One municipality’s figures (and no country row sum of others)'),
});
type IndicatorQuery = z.output<typeof indicatorQuerySchema>;

const cellSchema = z.object({
  value: z.number().int().nullable(),
  suppressed: z.enum(['count', 'row', 'dependent', 'secondary']).optional(),
});
const safeRowSchema = z.object({ municipality: z.string(), cells: z.record(z.string(), cellSchema) });
export const indicatorMonthsSchema = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      readOn: z.string(),
      threshold: z.number().int(),
      rows: z.array(safeRowSchema),
      country: safeRowSchema,
    }),
  ),
});

/** The months asked for, read and suppressed. A range the wrong way round, or too long, is a 422. */
export async function readSafe(deps: ApiDeps, query: IndicatorQuery) {
  const to = query.to ?? query.month;
  if (to < query.month || to > addMonths(query.month, 23)) {
    throw new ApiProblem('invalid-input', 'Some fields are not valid; see errors.', [
      { path: 'query.to', message: 'must be from month to 23 months after it' },
    ]);
  }
  const today = rigaDateOf(deps.clock.now());
  const tables = await deps.store.indicators.months(query.month, to, {
    today,
    ...(query.municipality !== undefined && { municipality: query.municipality }),
  });
  return tables.map((table) => suppress(table, monitoringRulesOn(`${table.month}-01`).suppressBelowChildren));
}

/** The one problem a readable query can still have. */
const rangeProblem = {
  description: 'The months run the wrong way round or span more than 24 (errors name query.to)',
};

const fileName = (query: IndicatorQuery, extension: string) =>
  `atbalsts-indicators-${query.month}${query.to && query.to !== query.month ? `-${query.to}` : ''}${query.municipality ? `-${query.municipality}` : ''}.${extension}`;

export const indicatorsRoute = defineRoute({
  method: 'get',
  path: '/ministry/indicators',
  operationId: 'getIndicators',
  summary: 'Monitoring indicators per municipality and month and for the country, small counts suppressed',
  tags: TAGS,
  access: 'ministry',
  params: z.object({}),
  query: indicatorQuerySchema,
  responses: {
    200: { description: 'The months’ indicators', schema: indicatorMonthsSchema, name: 'IndicatorMonths' },
    422: rangeProblem,
  },
  handle: async ({ deps, query }) => ({ status: 200, body: { months: await readSafe(deps, query) } }),
});

export const indicatorsCsvRoute = defineRoute({
  method: 'get',
  path: '/ministry/indicators.csv',
  operationId: 'getIndicatorsCsv',
  summary: 'The indicators as CSV: month, municipality, group, indicator, unit, value, suppressed',
  tags: TAGS,
  access: 'ministry',
  params: z.object({}),
  query: indicatorQuerySchema,
  responses: {
    200: { description: 'CSV, one line per month, municipality and indicator', contentType: 'text/csv' },
    422: rangeProblem,
  },
  handle: async ({ deps, query }) => ({
    status: 200,
    raw: indicatorsCsv(await readSafe(deps, query)),
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(query, 'csv')}"`,
    },
  }),
});

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const indicatorsWorkbookRoute = defineRoute({
  method: 'get',
  path: '/ministry/indicators.xlsx',
  operationId: 'getIndicatorsWorkbook',
  summary: 'The indicators as an Excel workbook: a sheet per indicator group and the definitions',
  tags: TAGS,
  access: 'ministry',
  params: z.object({}),
  query: indicatorQuerySchema,
  responses: { 200: { description: 'An .xlsx workbook', contentType: XLSX_TYPE }, 422: rangeProblem },
  handle: async ({ deps, query }) => ({
    status: 200,
    raw: new Uint8Array(await indicatorsWorkbook(await readSafe(deps, query))),
    headers: {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="${fileName(query, 'xlsx')}"`,
    },
  }),
});

const whatIfBodySchema = z.strictObject({
  from: yearMonthSchema.describe('The first month of the period, YYYY-MM'),
  to: yearMonthSchema.describe('The last month, YYYY-MM; at most 24 months from `from`'),
  municipality: idSchema.optional().describe('One municipality’s cohort; the whole country when absent'),
  proposal: z
    .union([z.enum(EXAMPLE_IDS), z.record(z.string(), z.unknown())])
    .describe('A proposed policy (as `atbalsts what-if --policy` takes it) or the id of a shipped example'),
  baseline: z
    .enum(EXAMPLE_IDS)
    .optional()
    .describe('Compare with an example proposal instead of the policy in force'),
});

export const whatIfRoute = defineRoute({
  method: 'post',
  path: '/ministry/what-if',
  operationId: 'runWhatIf',
  summary: 'Replay a period’s cohort under a proposed policy beside the policy in force; nothing is written',
  tags: TAGS,
  access: 'ministry',
  params: z.object({}),
  body: { schema: whatIfBodySchema, name: 'WhatIfRequest' },
  responses: {
    200: {
      description:
        'The comparison: totals, per municipality, children up and down, services, groups; case ids only',
      schema: z.record(z.string(), z.unknown()),
      name: 'WhatIfComparison',
    },
  },
  handle: async ({ deps, body }) => {
    if (body.to < body.from || body.to > addMonths(body.from, 23)) {
      throw new ApiProblem('invalid-input', 'Some fields are not valid; see errors.', [
        { path: 'body.to', message: 'must be from `from` to 23 months after it' },
      ]);
    }
    let proposal: ProposedPolicy;
    try {
      proposal = parseProposedPolicy(
        typeof body.proposal === 'string' ? EXAMPLE_PROPOSALS[body.proposal] : body.proposal,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // The proposal's own fields, named where the client sent them.
      throw new ApiProblem(
        'invalid-input',
        'Some fields are not valid; see errors.',
        error.issues.map((issue) => ({ ...issue, path: issue.path.replace(/^policy/, 'body.proposal') })),
      );
    }
    const result = await runWhatIf(
      deps,
      {
        from: body.from,
        to: body.to,
        ...(body.municipality !== undefined && { municipality: body.municipality }),
        ...(body.baseline !== undefined && { baseline: body.baseline }),
      },
      proposal,
    );
    return { status: 200, body: result as unknown as Record<string, unknown> };
  },
});

export const ministryRoutes = [indicatorsRoute, indicatorsCsvRoute, indicatorsWorkbookRoute, whatIfRoute];
