/**
 * The ministry's indicators page (`GET /workspace/ministry`): a month or a range of months, the
 * whole country or one municipality, the figures of each indicator group in a table (a column per
 * month), charts of children served, hours and pay drawn as SVG with the same figures in a table,
 * each municipality's headline figures, and the CSV and Excel downloads of the same query. The
 * figures are the API's (`GET /ministry/indicators`, read and suppressed by the same function):
 * a suppressed figure says so, with its reason.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import type { ApiDeps } from '../../api/route.ts';
import { readSafe } from '../../api/routes/ministry.ts';
import { addMonths, rigaDateOf } from '../../domain/calendar.ts';
import {
  INDICATOR_GROUPS,
  INDICATORS,
  type IndicatorDefinition,
} from '../../domain/indicators/definitions.ts';
import { type Cell, COUNTRY, type SafeMonthIndicators, type SafeRow } from '../../domain/indicators/table.ts';
import { monitoringRulesOn } from '../../domain/policy/policy.ts';
import { ministryPaths } from '../../domain/work-queue/paths.ts';
import { formatDate, formatDuration, formatEuro, formatMonth, formatNumber } from '../../i18n/format.ts';
import { indicatorsCsv, indicatorsWorkbook } from '../../monitoring/export.ts';
import { sessionOf } from '../../session/middleware.ts';
import { idSchema, yearMonthSchema } from '../../store/keys.ts';
import { Button, Select, TextInput } from '../components/fields.tsx';
import { ScrollTable } from '../components/table.tsx';
import { type FieldProblem, type PageContext, withLanguage } from '../layout.tsx';
import { pageOf, redirect, respond } from '../respond.tsx';
import { PAGE_HEADERS } from '../security.ts';
import { csrfFor, errorOf } from '../workspace/frame.tsx';
import { type Bar, BarChart, MinistryPage } from './frame.tsx';

/** The filter as the form sends it: empty fields are absent. */
const filterSchema = z.object({
  month: yearMonthSchema,
  to: yearMonthSchema.optional(),
  municipality: idSchema.optional(),
});
export type IndicatorFilter = z.output<typeof filterSchema>;

/** The filter of the request, its defaults (the last six months to this one), or the problems. */
export function filterOf(
  c: Context,
  deps: ApiDeps,
): {
  filter: IndicatorFilter;
  problems: { field: 'month' | 'to' | 'municipality'; kind: 'month' | 'range' | 'municipality' }[];
} {
  const thisMonth = rigaDateOf(deps.clock.now()).slice(0, 7);
  const asked = (name: string) => {
    const value = c.req.query(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const raw = { month: asked('month'), to: asked('to'), municipality: asked('municipality') };
  const defaults = { month: addMonths(thisMonth, -5), to: thisMonth };
  if (raw.month === undefined && raw.to === undefined && raw.municipality === undefined)
    return { filter: defaults, problems: [] };
  const parsed = filterSchema.safeParse({ ...raw, month: raw.month ?? '' });
  if (!parsed.success) {
    const problems = [
      ...new Set(
        parsed.error.issues.map((issue) => String(issue.path[0]) as 'month' | 'to' | 'municipality'),
      ),
    ].map((field) => ({
      field,
      kind: field === 'municipality' ? ('municipality' as const) : ('month' as const),
    }));
    return { filter: defaults, problems };
  }
  const to = parsed.data.to ?? parsed.data.month;
  if (to < parsed.data.month || to > addMonths(parsed.data.month, 23))
    return { filter: defaults, problems: [{ field: 'to', kind: 'range' }] };
  return { filter: parsed.data, problems: [] };
}

/** The months of the filter as the API reads and suppresses them. */
export const readFiltered = (deps: ApiDeps, filter: IndicatorFilter) => readSafe(deps, filter);

const queryOf = (filter: IndicatorFilter) =>
  new URLSearchParams({
    month: filter.month,
    ...(filter.to !== undefined && { to: filter.to }),
    ...(filter.municipality !== undefined && { municipality: filter.municipality }),
  }).toString();

/** An indicator's label in the page's language (the per-phase, per-reason ones composed). */
export function labelOf(page: PageContext, indicator: IndicatorDefinition): string {
  const i = page.t.ministry.indicators;
  const [base = '', detail = ''] = indicator.name.split('_');
  if (base === 'casesInPhase') return i.inPhase(page.t.workspace.phases[detail] ?? detail);
  if (base === 'earlyReviews' && detail !== '')
    return i.earlyReviewBecause(page.t.workspace.earlyReview.reasons[detail] ?? detail);
  if (base === 'hoursRejectedMinutes') return i.refusedBecause(i.refusals[detail] ?? detail);
  return i.labels[indicator.name] ?? indicator.label;
}

/** A figure as its unit is written. */
export function formatValue(page: PageContext, indicator: IndicatorDefinition, value: number): string {
  switch (indicator.unit) {
    case 'cents':
      return formatEuro(value, page.language);
    case 'minutes':
      return formatDuration(value, page.language);
    case 'days':
      return page.t.ministry.indicators.days(formatNumber(value, page.language));
    default:
      return formatNumber(value, page.language);
  }
}

/** A cell: its figure, or "suppressed" and why. */
function CellText({
  page,
  indicator,
  cell,
  threshold,
}: {
  page: PageContext;
  indicator: IndicatorDefinition;
  cell: Cell | undefined;
  threshold: number;
}) {
  const m = page.t.ministry;
  if (cell === undefined) return <>–</>;
  if (cell.value !== null) return <>{formatValue(page, indicator, cell.value)}</>;
  const why = cell.suppressed ?? 'count';
  const reason = why === 'count' || why === 'row' ? m.suppressedWhy[why](threshold) : m.suppressedWhy[why];
  return (
    <span class="app-suppressed" data-suppressed={why}>
      {m.suppressed}
      <span class="govuk-body-s app-suppressed__why">{` (${reason})`}</span>
    </span>
  );
}

const rowOf = (table: SafeMonthIndicators, filter: IndicatorFilter): SafeRow =>
  (filter.municipality !== undefined
    ? table.rows.find((row) => row.municipality === filter.municipality)
    : undefined) ?? table.country;

const byName = (name: string) =>
  INDICATORS.find((indicator) => indicator.name === name) as IndicatorDefinition;

function problemsOf(page: PageContext, problems: ReturnType<typeof filterOf>['problems']): FieldProblem[] {
  const p = page.t.ministry.problems;
  const i = page.t.ministry.indicators;
  const label = { month: i.month, to: i.to, municipality: i.municipality };
  return problems.map(({ field, kind }) => ({
    field,
    text: `${label[field]}: ${kind === 'range' ? p.range : kind === 'municipality' ? p.municipality : p.month}`,
  }));
}

export async function indicatorsPage(c: Context, deps: ApiDeps): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const m = page.t.ministry;
  const i = m.indicators;
  const { filter, problems } = filterOf(c, deps);
  const errors = problemsOf(page, problems);
  const to = filter.to ?? filter.month;
  const tables = errors.length > 0 ? [] : await readFiltered(deps, filter);
  // The municipalities to choose from: every one with figures in the last month.
  const everyone =
    filter.municipality === undefined ? tables.at(-1) : (await readFiltered(deps, { month: to })).at(-1);
  const municipalities = [...new Set((everyone?.rows ?? []).map((row) => row.municipality))].sort();
  const threshold = tables[0]?.threshold ?? monitoringRulesOn(`${filter.month}-01`).suppressBelowChildren;
  const month = (value: string) => formatMonth(value, page.language);
  const where = filter.municipality ?? m.country;
  const period = filter.month === to ? month(filter.month) : `${month(filter.month)} – ${month(to)}`;
  const input = (name: 'month' | 'to', value: string | undefined, hint: string) => (
    <TextInput
      t={page.t}
      id={name}
      label={i[name]}
      hint={hint}
      error={errorOf(errors, name)}
      value={c.req.query(name) ?? value}
      width="govuk-input--width-5"
      inputmode="numeric"
    />
  );
  const series = (name: string): Bar[] =>
    tables.map((table) => ({
      label: month(table.month),
      value: rowOf(table, filter).cells[name]?.value ?? 0,
    }));
  const chart = (id: string, title: string, name: string) => {
    const indicator = byName(name);
    return (
      <>
        <h3 class="govuk-heading-s">{title}</h3>
        <BarChart
          id={id}
          title={`${title}: ${where}`}
          description={m.chartNote}
          bars={series(name)}
          format={(value) => formatValue(page, indicator, value)}
          suppressedMark={m.suppressed}
        />
        <ScrollTable
          caption={`${title}: ${where}`}
          head={[page.t.workspace.runs.month, labelOf(page, indicator)]}
          numeric={[1]}
          rows={tables.map((table) => [
            month(table.month),
            <CellText
              page={page}
              indicator={indicator}
              cell={rowOf(table, filter).cells[name]}
              threshold={threshold}
            />,
          ])}
        />
      </>
    );
  };
  const last = tables.at(-1);
  return respond(
    c,
    errors.length > 0 ? 422 : 200,
    <MinistryPage page={page} session={session} csrf={csrfFor(deps, session)} title={i.title} errors={errors}>
      <h1 class="govuk-heading-xl">{i.title}</h1>
      <p class="govuk-body-l">{i.intro(threshold)}</p>
      <form method="get" action={ministryPaths.indicators()} novalidate>
        <input type="hidden" name="lang" value={page.language} />
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{i.filter}</legend>
          <div class="app-filter-row">
            {input('month', filter.month, i.monthHint)}
            {input('to', filter.to, i.toHint)}
            <Select
              t={page.t}
              id="municipality"
              label={i.municipality}
              error={errorOf(errors, 'municipality')}
              options={[
                { value: '', text: m.country },
                ...[...new Set([...municipalities, ...(filter.municipality ? [filter.municipality] : [])])]
                  .sort()
                  .map((id) => ({ value: id, text: id })),
              ]}
              selected={filter.municipality}
            />
          </div>
        </fieldset>
        <Button>{i.apply}</Button>
      </form>
      {errors.length === 0 && (
        <>
          <h2 class="govuk-heading-l" data-scope={filter.municipality ?? COUNTRY}>
            {i.scope(where, period)}
          </h2>
          <h3 class="govuk-heading-s">{i.downloads}</h3>
          <ul class="govuk-list">
            <li>
              <a
                class="govuk-link"
                href={`${ministryPaths.indicatorsFile('csv')}?${queryOf(filter)}`}
                download
              >
                {i.csv}
              </a>
            </li>
            <li>
              <a
                class="govuk-link"
                href={`${ministryPaths.indicatorsFile('xlsx')}?${queryOf(filter)}`}
                download
              >
                {i.xlsx}
              </a>
            </li>
          </ul>
          {chart('chart-children', i.chartChildren, 'childrenServed')}
          {chart('chart-hours', i.chartHours, 'hoursPaidMinutes')}
          {chart('chart-amount', i.chartAmount, 'amountPaidCents')}
          {INDICATOR_GROUPS.map((group) => (
            <>
              <h2 class="govuk-heading-m">{i.groups[group]}</h2>
              <ScrollTable
                caption={`${i.groups[group]}: ${where}`}
                head={[i.indicator, ...tables.map((table) => month(table.month))]}
                numeric={tables.map((_, index) => index + 1)}
                rows={INDICATORS.filter((indicator) => indicator.group === group).map((indicator) => [
                  labelOf(page, indicator),
                  ...tables.map((table) => (
                    <span data-indicator={indicator.name} data-month={table.month}>
                      <CellText
                        page={page}
                        indicator={indicator}
                        cell={rowOf(table, filter).cells[indicator.name]}
                        threshold={threshold}
                      />
                    </span>
                  )),
                ])}
              />
            </>
          ))}
          {filter.municipality === undefined && last && last.rows.length > 0 && (
            <>
              <h2 class="govuk-heading-m">{i.byMunicipality(month(last.month))}</h2>
              <ScrollTable
                caption={i.byMunicipality(month(last.month))}
                head={[
                  i.municipality,
                  ...['childrenServed', 'hoursPaidMinutes', 'amountPaidCents', 'budgetUsedCents'].map(
                    (name) => labelOf(page, byName(name)),
                  ),
                ]}
                numeric={[1, 2, 3, 4]}
                rows={[...last.rows, last.country].map((row) => [
                  row.municipality === COUNTRY ? (
                    m.country
                  ) : (
                    <a
                      class="govuk-link"
                      href={withLanguage(
                        page,
                        `${ministryPaths.indicators()}?${queryOf({ ...filter, municipality: row.municipality })}`,
                      )}
                    >
                      {row.municipality}
                    </a>
                  ),
                  ...['childrenServed', 'hoursPaidMinutes', 'amountPaidCents', 'budgetUsedCents'].map(
                    (name) => (
                      <CellText
                        page={page}
                        indicator={byName(name)}
                        cell={row.cells[name]}
                        threshold={threshold}
                      />
                    ),
                  ),
                ])}
              />
            </>
          )}
          {last && <p class="govuk-body-s">{i.readOn(formatDate(last.readOn, page.language))}</p>}
        </>
      )}
    </MinistryPage>,
  );
}

/** The CSV or the workbook of the page's query: the API's own exports of the same figures. */
export async function indicatorsFile(
  c: Context,
  deps: ApiDeps,
  extension: 'csv' | 'xlsx',
): Promise<Response> {
  const { filter, problems } = filterOf(c, deps);
  // A bad query: the page, which names each problem.
  if (problems.length > 0)
    return redirect(`${ministryPaths.indicators()}?${new URL(c.req.url).search.slice(1)}`);
  const tables = await readFiltered(deps, filter);
  const name = `atbalsts-indicators-${filter.month}${filter.to && filter.to !== filter.month ? `-${filter.to}` : ''}${filter.municipality ? `-${filter.municipality}` : ''}.${extension}`;
  const headers = { ...PAGE_HEADERS, 'content-disposition': `attachment; filename="${name}"` };
  if (extension === 'csv')
    return new Response(indicatorsCsv(tables), {
      status: 200,
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
    });
  return new Response(new Uint8Array(await indicatorsWorkbook(tables)), {
    status: 200,
    headers: {
      ...headers,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
  });
}
