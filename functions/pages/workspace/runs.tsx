/**
 * The monthly runs of the municipality (`GET /runs` for a browser) with a chart of the hours paid
 * per month, drawn on the server as SVG (no script; its figures are also in the table after it),
 * the totals per month with the late differences apart and a CSV for accounting, each run; and a
 * run's page (`GET /runs/{runId}`): its counts and the cases that need the coordinator.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { workspacePaths } from '../../domain/work-queue/paths.ts';
import { formatDuration, formatEuro, formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import { type MonthTotals, readRuns } from '../../workspace/runs-view.ts';
import { Table } from '../components/table.tsx';
import { type PageContext, SummaryList, withLanguage } from '../layout.tsx';
import { pageOf, respond } from '../respond.tsx';
import { csrfFor, instant, notFoundPage, WorkspacePage } from './frame.tsx';

const CHART = { width: 720, height: 260, left: 56, bottom: 40, top: 16, right: 8 } as const;

/** A bar per month (oldest left), the regular run's hours dark and the late differences light. */
export function HoursChart({ page, months }: { page: PageContext; months: readonly MonthTotals[] }) {
  const r = page.t.workspace.runs;
  const shown = [...months].slice(0, 12).reverse();
  const max = Math.max(60, ...shown.map((month) => month.paidMinutes));
  const step = (CHART.width - CHART.left - CHART.right) / Math.max(1, shown.length);
  const plot = CHART.height - CHART.bottom - CHART.top;
  const y = (minutes: number) => CHART.top + plot - (Math.max(0, minutes) / max) * plot;
  const ticks = [0, 0.5, 1].map((share) => Math.round((max * share) / 60));
  return (
    <svg
      class="app-chart"
      viewBox={`0 0 ${CHART.width} ${CHART.height}`}
      width="100%"
      role="img"
      aria-labelledby="chart-title chart-description"
      data-chart
    >
      <title id="chart-title">{r.chartTitle}</title>
      <desc id="chart-description">{r.chartDescription(shown.length)}</desc>
      {ticks.map((hours) => (
        <g>
          <line
            x1={CHART.left}
            x2={CHART.width - CHART.right}
            y1={y(hours * 60)}
            y2={y(hours * 60)}
            stroke="#b1b4b6"
            stroke-width="1"
          />
          <text x={CHART.left - 6} y={y(hours * 60) + 4} text-anchor="end" font-size="12" fill="#0b0c0c">
            {String(hours)}
          </text>
        </g>
      ))}
      {shown.map((month, index) => {
        const regular = month.regular?.paidMinutes ?? 0;
        const x = CHART.left + index * step + step * 0.15;
        const width = step * 0.7;
        return (
          <g data-month={month.month}>
            <rect x={x} y={y(regular)} width={width} height={Math.max(0, y(0) - y(regular))} fill="#1d70b8" />
            {month.late.paidMinutes > 0 && (
              <rect
                x={x}
                y={y(regular + month.late.paidMinutes)}
                width={width}
                height={Math.max(0, y(regular) - y(regular + month.late.paidMinutes))}
                fill="#5694ca"
              />
            )}
            <text
              x={x + width / 2}
              y={CHART.height - CHART.bottom + 16}
              text-anchor="middle"
              font-size="12"
              fill="#0b0c0c"
            >
              {month.month.slice(2)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export async function runsPage(c: Context, deps: ApiDeps): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const r = w.runs;
  const view = await readRuns(deps, session.municipality, { limit: 36 });
  const hours = (minutes: number) => formatDuration(minutes, page.language);
  const euro = (cents: number) => formatEuro(cents, page.language);
  return respond(
    c,
    200,
    <WorkspacePage page={page} session={session} csrf={csrfFor(deps, session)} title={r.title}>
      <h1 class="govuk-heading-xl">{r.title}</h1>
      <p class="govuk-body-l">{r.intro}</p>
      {view.runs.length === 0 ? (
        <p class="govuk-body">{r.empty}</p>
      ) : (
        <>
          <h2 class="govuk-heading-m">{r.chartTitle}</h2>
          <HoursChart page={page} months={view.months} />
          <Table
            caption={r.monthsCaption}
            head={[r.month, r.hours, r.euros, r.late, r.refusedHours, r.settled, r.failed, 'CSV']}
            numeric={[1, 2, 3, 4, 5, 6]}
            rows={view.months.map((month) => [
              formatMonth(month.month, page.language),
              hours(month.paidMinutes),
              euro(month.amountCents),
              month.late.runs > 0
                ? `${hours(month.late.paidMinutes)} · ${euro(month.late.amountCents)}`
                : '–',
              hours(month.rejectedMinutes),
              String(month.regular?.settled ?? 0),
              String(month.regular?.failed ?? 0),
              month.regular ? (
                <a class="govuk-link" href={workspacePaths.runCsv(month.regular.runId)} download>
                  CSV
                  <span class="govuk-visually-hidden">{`: ${r.csv(formatMonth(month.month, page.language))}`}</span>
                </a>
              ) : (
                ''
              ),
            ])}
          />
          <Table
            caption={r.runsCaption}
            head={[r.run, r.kindLabel, r.finished, r.cases, r.failed, r.hours, r.euros]}
            numeric={[3, 4, 5, 6]}
            rows={view.runs.map((run) => [
              <a class="govuk-link" href={withLanguage(page, workspacePaths.run(run.runId))}>
                {run.runId}
              </a>,
              r.kind[run.kind] ?? run.kind,
              instant(page, run.finishedAt),
              String(run.totals.cases),
              String(run.totals.failed),
              hours(run.paidMinutes),
              euro(run.amountCents),
            ])}
          />
        </>
      )}
    </WorkspacePage>,
  );
}

export async function runPage(c: Context, deps: ApiDeps, runId: string): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId)) return notFoundPage(c, page);
  const summary = await deps.store.runs.summary(session.municipality, runId);
  if (!summary) return notFoundPage(c, page);
  const hours = (minutes: number) => formatDuration(minutes, page.language);
  const caseLink = (caseId: string) => (
    <a class="govuk-link" href={withLanguage(page, workspacePaths.month(caseId, summary.month))}>
      {caseId}
    </a>
  );
  const failed = summary.anomalies.filter((anomaly) => anomaly.status === 'failed');
  const refused = summary.anomalies.filter((anomaly) => anomaly.rejectedEntries > 0);
  const missing = summary.anomalies.filter((anomaly) => anomaly.missingTimesheets.length > 0);
  const withheld = summary.anomalies.filter((anomaly) => anomaly.withheldNotifications > 0);
  return respond(
    c,
    200,
    <WorkspacePage page={page} session={session} csrf={csrfFor(deps, session)} title={w.run.title(runId)}>
      <a class="govuk-back-link" href={withLanguage(page, workspacePaths.runs())}>
        {w.runs.title}
      </a>
      <span class="govuk-caption-l">{`${formatMonth(summary.month, page.language)} · ${w.runs.kind[summary.kind] ?? summary.kind}`}</span>
      <h1 class="govuk-heading-xl">{w.run.title(runId)}</h1>
      <SummaryList
        rows={[
          { key: w.runs.finished, value: instant(page, summary.finishedAt) },
          { key: w.runs.cases, value: String(summary.totals.cases) },
          { key: w.runs.settled, value: String(summary.totals.settled + summary.totals.supplementary) },
          { key: w.runs.failed, value: String(summary.totals.failed) },
          { key: w.runs.hours, value: hours(summary.paidMinutes) },
          { key: w.runs.euros, value: formatEuro(summary.amountCents, page.language) },
          { key: w.runs.refusedHours, value: hours(summary.rejectedMinutes) },
        ]}
      />
      <p class="govuk-body">
        <a class="govuk-link" href={workspacePaths.runCsv(runId)} download>
          {w.run.csv}
        </a>
      </p>
      {summary.anomalies.length === 0 && <p class="govuk-body">{w.run.none}</p>}
      {failed.length > 0 && (
        <>
          <h2 class="govuk-heading-m">{w.run.failedCases}</h2>
          <p class="govuk-body">{w.run.failedHint}</p>
          <Table
            caption={w.run.failedCases}
            head={[w.queue.case, w.queue.why]}
            rows={failed.map((item) => [caseLink(item.caseId), item.error ?? 'Error'])}
          />
        </>
      )}
      {refused.length > 0 && (
        <Table
          caption={w.run.refused}
          head={[w.queue.case, w.runs.refusedHours, page.t.common.total]}
          numeric={[1, 2]}
          rows={refused.map((item) => [
            caseLink(item.caseId),
            hours(item.rejectedMinutes),
            String(item.rejectedEntries),
          ])}
        />
      )}
      {missing.length > 0 && (
        <Table
          caption={w.run.missing}
          head={[w.queue.case, w.queue.assistant]}
          rows={missing.map((item) => [caseLink(item.caseId), item.missingTimesheets.join(', ')])}
        />
      )}
      {withheld.length > 0 && (
        <>
          <p class="govuk-body">{w.run.withheldHint}</p>
          <Table
            caption={w.run.withheld}
            head={[w.queue.case, page.t.common.total]}
            numeric={[1]}
            rows={withheld.map((item) => [caseLink(item.caseId), String(item.withheldNotifications)])}
          />
        </>
      )}
    </WorkspacePage>,
  );
}
