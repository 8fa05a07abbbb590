/**
 * What the demo leaves at the end: the summary it prints, the report (.atbalsts/demo/report.html,
 * copied with its screenshot to docs/demo/ unless --no-docs), and the ministry's files beside it.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addMonths, monthOf } from '../../functions/domain/calendar.ts';
import { formatMinutes } from '../../functions/domain/duration.ts';
import { suppress } from '../../functions/domain/indicators/table.ts';
import { formatEuro } from '../../functions/domain/money.ts';
import { monitoringRulesOn } from '../../functions/domain/policy/policy.ts';
import { indicatorsCsv, indicatorsWorkbook } from '../../functions/monitoring/export.ts';
import { readCohort } from '../../functions/store/cohort.ts';
import type { LocalSystem } from '../../local/system.ts';
import { screenshot } from '../chromium.ts';
import type { Pilot } from './pilot.ts';
import { type DemoReport, renderReport } from './report.ts';
import { DEMO_END, DEMO_START, say } from './timeline.ts';

export function printSummary(report: DemoReport): void {
  const sum = (pick: (row: DemoReport['municipalities'][number]) => number) =>
    report.municipalities.reduce((total, row) => total + pick(row), 0);
  const paid = report.months.reduce((total, row) => total + row.paidMinutes, 0);
  const late = report.months.reduce((total, row) => total + row.latePaidMinutes, 0);
  const amount = report.months.reduce((total, row) => total + row.amountCents, 0);
  const rejected: Record<string, number> = {};
  for (const row of report.months) {
    for (const [reason, minutes] of Object.entries(row.rejectedMinutes))
      rejected[reason] = (rejected[reason] ?? 0) + minutes;
  }
  const rejectedTotal = Object.values(rejected).reduce((total, minutes) => total + minutes, 0);
  const emails = Object.values(report.emails).reduce((total, count) => total + count, 0);
  const allocated = sum((row) => row.allocatedCents);
  const used = sum((row) => row.usedCents);
  say('');
  say(`The pilot replayed, ${report.from} to ${report.to} (seed ${report.seed}):`);
  say(
    `  Cases           ${report.cases.total} in ${report.municipalities.length} municipalities, ${report.cases.open} open; ${report.cases.escalated} assessments escalated to a supervisor`,
  );
  say(
    `  Plans           ${report.plans.activated} in force over the year (${report.plans.drafts} drafts, ${report.plans.changesRequested} changes requested, ${report.plans.rankedByTeamOnly} without the parents' ranking)`,
  );
  say(
    `  Budget          ${formatEuro(allocated)} allocated, ${formatEuro(sum((row) => row.plannedCents))} planned, ${formatEuro(used)} used, ${formatEuro(allocated - used)} remaining`,
  );
  say(
    `  Hours paid      ${formatMinutes(paid)} (${formatEuro(amount)}), of which ${formatMinutes(late)} paid late as differences`,
  );
  const confirmed = report.months.reduce((total, row) => total + row.confirmedMinutes, 0);
  const confirmedLate = report.months.reduce((total, row) => total + row.confirmedLateMinutes, 0);
  const disputed = report.months.reduce((total, row) => total + row.disputedMinutes, 0);
  const unanswered = report.months.reduce((total, row) => total + row.unansweredMinutes, 0);
  say(
    `  Confirmed       ${formatMinutes(confirmed)} by the parents before the run, ${formatMinutes(confirmedLate)} after it, ${formatMinutes(disputed)} disputed, ${formatMinutes(unanswered)} not answered`,
  );
  say(
    `  Hours rejected  ${formatMinutes(rejectedTotal)}: ${Object.entries(rejected)
      .sort(([, a], [, b]) => b - a)
      .map(([reason, minutes]) => `${reason} ${formatMinutes(minutes)}`)
      .join(', ')}`,
  );
  say(
    `  Monthly runs    ${report.runs.length} (${report.runs.map((run) => `${run.month}: ${run.settled}`).join(', ')})`,
  );
  say(
    `  Emails          ${emails} sent (${report.emailsDelivered} received by the local SES): ${Object.entries(
      report.emails,
    )
      .sort(([, a], [, b]) => b - a)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')}`,
  );
}

/** The report in `outputDirectory`; copied with its screenshot to `docsDirectory` when there is one. */
export function writeReport(
  report: DemoReport,
  outputDirectory: string,
  docsDirectory: string | undefined,
): void {
  mkdirSync(outputDirectory, { recursive: true });
  const html = renderReport(report);
  const file = path.join(outputDirectory, 'report.html');
  writeFileSync(file, html);
  say(`  Report          ${path.relative(process.cwd(), file)}`);
  if (docsDirectory === undefined) return;
  mkdirSync(docsDirectory, { recursive: true });
  copyFileSync(file, path.join(docsDirectory, 'report.html'));
  const screenshot = path.join(docsDirectory, 'report.png');
  if (screenshotOf(file, screenshot)) say(`  Screenshot      ${path.relative(process.cwd(), screenshot)}`);
}

/** Photograph the report (scripts/chromium.ts); false when chromium is not there or fails. */
function screenshotOf(page: string, output: string): boolean {
  const failure = screenshot(page, output, { width: 1200, height: 4300 });
  if (failure) say(`  (no screenshot: ${failure})`);
  return failure === undefined;
}

/**
 * For the ministry (docs/ministry.md): the year's cohort as the what-if reads it from the store,
 * and the year's indicators as CSV and as a workbook, suppressed as every export is.
 */
export async function writeMinistryFiles(
  running: LocalSystem,
  pilot: Pilot,
  outputDirectory: string,
): Promise<void> {
  const from = monthOf(DEMO_START) < '2025-01' ? '2025-01' : monthOf(DEMO_START);
  const to = addMonths(monthOf(DEMO_END), -1);
  const cohort = await readCohort(running.store, {
    from,
    to,
    regions: Object.fromEntries(
      pilot.municipalities.map((municipality) => [municipality.id, municipality.region]),
    ),
  });
  const cohortFile = path.join(outputDirectory, 'cohort.json');
  writeFileSync(cohortFile, JSON.stringify(cohort));
  const tables = (await running.store.indicators.months(from, to, { today: DEMO_END })).map((table) =>
    suppress(table, monitoringRulesOn(`${table.month}-01`).suppressBelowChildren),
  );
  writeFileSync(path.join(outputDirectory, 'indicators.csv'), indicatorsCsv(tables));
  writeFileSync(path.join(outputDirectory, 'indicators.xlsx'), await indicatorsWorkbook(tables));
  say(
    `  For the ministry ${path.relative(process.cwd(), cohortFile)} (the cohort of ${from}..${to}), indicators.csv and indicators.xlsx beside it`,
  );
}
