/**
 * The demo's report: one HTML file a ministry analyst can open anywhere, with no script and
 * nothing fetched from the network. Key figures, budget use per municipality and hours per month
 * as inline SVG charts, each with the table of its figures beside it, the monthly runs, the plans'
 * warnings (the pilot's known risks) and the emails by kind. Money is formatted as everywhere in
 * Atbalsts (`EUR 1 234,50`), time as hours and minutes.
 *
 * @example
 * writeFileSync('report.html', renderReport(report));
 */
import escapeHtml from 'escape-html';
import { formatMinutes } from '../../functions/domain/duration.ts';
import { formatEuro } from '../../functions/domain/money.ts';
import type { RunTotals } from '../../functions/store/runs.ts';

export interface DemoMunicipalityRow {
  id: string;
  name: string;
  region: string;
  cases: number;
  /** The indicative budgets of the plans in force over the replay. */
  allocatedCents: number;
  /** What those plans spend from their budgets. */
  plannedCents: number;
  /** What was paid to providers against them. */
  usedCents: number;
}

export interface DemoMonthRow {
  month: string;
  /** Every statement of the month: the original and the differences after it. */
  paidMinutes: number;
  /** Of those, paid by supplementary statements (timesheets or the parents' confirmations that came after the run). */
  latePaidMinutes: number;
  /** The timesheets' hours the parents confirmed on their link before the month's run. */
  confirmedMinutes: number;
  /** Confirmed after the run started: paid by the supplementary run as a difference. */
  confirmedLateMinutes: number;
  /** Disputed by the parents, each line with a reason: not paid; the coordinator hears. */
  disputedMinutes: number;
  /** Neither confirmed nor disputed by the end of the replay. */
  unansweredMinutes: number;
  amountCents: number;
  rejectedMinutes: Record<string, number>;
  servicesCents: number;
  casesSettled: number;
}

export interface DemoReport {
  seed: number;
  from: string;
  to: string;
  municipalities: DemoMunicipalityRow[];
  months: DemoMonthRow[];
  runs: ({ month: string; status: string } & RunTotals)[];
  /** Sent emails by kind, from the outbox. */
  emails: Record<string, number>;
  /** What the local SES received. */
  emailsDelivered: number;
  plans: {
    activated: number;
    drafts: number;
    changesRequested: number;
    rankedByTeamOnly: number;
    warnings: Record<string, number>;
  };
  cases: { total: number; open: number; byPhase: Record<string, number>; escalated: number };
  durationSeconds: number;
}

const COLOURS = {
  allocated: '#c9d9ee',
  planned: '#6c9bd2',
  used: '#1f4e79',
  onTime: '#1f4e79',
  late: '#d9822b',
  rejected: '#b3261e',
  grid: '#d0d0d0',
  text: '#1a1a1a',
};

const WARNING_MEANINGS: Record<string, string> = {
  NO_PROVIDER: 'a recommended service had no provider',
  PROVIDER_BEYOND_THRESHOLD: 'the nearest provider was beyond the travel threshold (travel paid)',
  PARENTS_DID_NOT_RANK: 'the parents did not rank in time; the team’s order was used',
  PARENT_RANKED_UNRECOMMENDED: 'the parents ranked a service the team had not recommended',
  ESSENTIAL_NOT_FUNDABLE: 'an essential service did not fit the budget at its minimum',
  UNUSED_BUDGET: 'more than a fifth of the budget was left unplanned',
  NO_MONTHLY_ASSISTANT_GRANT: 'no monthly assistant grant under the rules in force',
};

const text = (value: string | number): string => escapeHtml(String(value));
const hours = (minutes: number): number => Math.round(minutes / 60);
const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${Math.round((part / whole) * 100)} %`;
const sumOf = <T>(rows: readonly T[], pick: (row: T) => number): number =>
  rows.reduce((total, row) => total + pick(row), 0);
const rejectedOf = (row: DemoMonthRow): number =>
  sumOf(Object.values(row.rejectedMinutes), (minutes) => minutes);

/** A round step for an axis: 1, 2 or 5 times a power of ten, about `ticks` of them to `max`. */
export function niceStep(max: number, ticks = 5): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw);
  return step ?? 10 * power;
}

/** Budget per municipality: three bars each (allocated, planned, used), grouped by planning region. */
export function budgetChart(rows: readonly DemoMunicipalityRow[]): string {
  const left = 170;
  const width = 960;
  const plot = width - left - 150;
  const rowHeight = 42;
  const top = 40;
  const height = top + rows.length * rowHeight + 40;
  const max = Math.max(1, ...rows.map((row) => row.allocatedCents));
  const step = niceStep(max / 100) * 100;
  const x = (cents: number) => left + (cents / (Math.ceil(max / step) * step)) * plot;
  const parts: string[] = [];
  for (let tick = 0; tick <= max + step / 2; tick += step) {
    parts.push(
      `<line x1="${x(tick)}" y1="${top - 6}" x2="${x(tick)}" y2="${height - 34}" stroke="${COLOURS.grid}" stroke-width="1"/>`,
      `<text x="${x(tick)}" y="${height - 18}" font-size="12" text-anchor="middle" fill="${COLOURS.text}">${text(`${Math.round(tick / 100_000)}k`)}</text>`,
    );
  }
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    parts.push(
      `<text x="${left - 10}" y="${y + 14}" font-size="14" text-anchor="end" fill="${COLOURS.text}">${text(row.name)}</text>`,
      `<text x="${left - 10}" y="${y + 30}" font-size="11" text-anchor="end" fill="#555">${text(row.region)}</text>`,
      `<rect x="${left}" y="${y}" width="${x(row.allocatedCents) - left}" height="11" fill="${COLOURS.allocated}"><title>${text(`${row.name}: allocated ${formatEuro(row.allocatedCents)}`)}</title></rect>`,
      `<rect x="${left}" y="${y + 12}" width="${x(row.plannedCents) - left}" height="11" fill="${COLOURS.planned}"><title>${text(`${row.name}: planned ${formatEuro(row.plannedCents)}`)}</title></rect>`,
      `<rect x="${left}" y="${y + 24}" width="${x(row.usedCents) - left}" height="11" fill="${COLOURS.used}"><title>${text(`${row.name}: used ${formatEuro(row.usedCents)}`)}</title></rect>`,
      `<text x="${x(row.allocatedCents) + 8}" y="${y + 22}" font-size="12" fill="${COLOURS.text}">${text(`${percent(row.usedCents, row.allocatedCents)} used`)}</text>`,
    );
  });
  const legend = legendOf(
    [
      ['allocated (indicative budgets)', COLOURS.allocated],
      ['planned', COLOURS.planned],
      ['used (paid to providers)', COLOURS.used],
    ],
    left,
    230,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="budget-title"><title id="budget-title">Individual budgets per municipality: allocated, planned and used, in thousands of euros</title>${legend}${parts.join('')}<text x="${left + plot / 2}" y="${height - 2}" font-size="12" text-anchor="middle" fill="#555">thousand EUR</text></svg>`;
}

/** A chart's legend along its top: a swatch and its label for each entry, `spacing` apart from `left`. */
function legendOf(
  entries: readonly (readonly [label: string, colour: string])[],
  left: number,
  spacing: number,
): string {
  return entries
    .map(
      ([label, colour], index) =>
        `<rect x="${left + index * spacing}" y="8" width="14" height="14" fill="${colour}"/><text x="${left + index * spacing + 20}" y="20" font-size="13" fill="${COLOURS.text}">${text(label)}</text>`,
    )
    .join('');
}

/** Hours per month: paid in the month's run, paid late as a difference, and rejected, stacked. */
export function hoursChart(rows: readonly DemoMonthRow[]): string {
  const left = 70;
  const width = 960;
  const height = 360;
  const top = 40;
  const bottom = height - 50;
  const plotWidth = width - left - 20;
  const max = Math.max(1, ...rows.map((row) => hours(row.paidMinutes + rejectedOf(row))));
  const step = niceStep(max);
  const ceiling = Math.ceil(max / step) * step;
  const y = (value: number) => bottom - (value / ceiling) * (bottom - top);
  const slot = plotWidth / Math.max(1, rows.length);
  const parts: string[] = [];
  for (let tick = 0; tick <= ceiling; tick += step) {
    parts.push(
      `<line x1="${left}" y1="${y(tick)}" x2="${width - 20}" y2="${y(tick)}" stroke="${COLOURS.grid}" stroke-width="1"/>`,
      `<text x="${left - 8}" y="${y(tick) + 4}" font-size="12" text-anchor="end" fill="${COLOURS.text}">${text(tick.toLocaleString('lv-LV'))}</text>`,
    );
  }
  rows.forEach((row, index) => {
    const x = left + index * slot + slot * 0.18;
    const barWidth = slot * 0.64;
    const onTime = hours(row.paidMinutes - row.latePaidMinutes);
    const late = hours(row.latePaidMinutes);
    const rejected = hours(rejectedOf(row));
    let base = 0;
    for (const [value, colour, label] of [
      [onTime, COLOURS.onTime, 'paid in the month’s run'],
      [late, COLOURS.late, 'paid late, as a difference'],
      [rejected, COLOURS.rejected, 'rejected'],
    ] as const) {
      if (value > 0) {
        parts.push(
          `<rect x="${x}" y="${y(base + value)}" width="${barWidth}" height="${y(base) - y(base + value)}" fill="${colour}"><title>${text(`${row.month}: ${value} h ${label}`)}</title></rect>`,
        );
      }
      base += value;
    }
    parts.push(
      `<text x="${x + barWidth / 2}" y="${bottom + 18}" font-size="12" text-anchor="middle" fill="${COLOURS.text}">${text(row.month)}</text>`,
    );
  });
  const legend = legendOf(
    [
      ['paid in the month’s run', COLOURS.onTime],
      ['paid late, as a difference', COLOURS.late],
      ['rejected', COLOURS.rejected],
    ],
    left,
    250,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="hours-title"><title id="hours-title">Assistant hours per month: paid in the month’s run, paid late as a difference, and rejected</title>${legend}${parts.join('')}<text x="14" y="${(top + bottom) / 2}" font-size="12" fill="#555" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle">hours</text></svg>`;
}

function table(
  caption: string,
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  numeric: readonly boolean[],
): string {
  const th = head
    .map((cell, index) => `<th scope="col"${numeric[index] ? ' class="n"' : ''}>${text(cell)}</th>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, index) =>
            index === 0
              ? `<th scope="row">${text(cell)}</th>`
              : `<td${numeric[index] ? ' class="n"' : ''}>${text(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('');
  return `<table><caption>${text(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The whole report as one HTML document.
 *
 * @example
 * renderReport(report).includes('<script') // false
 */
export function renderReport(report: DemoReport): string {
  const supported = report.months.filter((row) => row.casesSettled > 0);
  const allocated = sumOf(report.municipalities, (row) => row.allocatedCents);
  const planned = sumOf(report.municipalities, (row) => row.plannedCents);
  const used = sumOf(report.municipalities, (row) => row.usedCents);
  const paid = sumOf(report.months, (row) => row.paidMinutes);
  const late = sumOf(report.months, (row) => row.latePaidMinutes);
  const rejected = sumOf(report.months, rejectedOf);
  const amount = sumOf(report.months, (row) => row.amountCents);
  const confirmed = sumOf(report.months, (row) => row.confirmedMinutes);
  const confirmedLate = sumOf(report.months, (row) => row.confirmedLateMinutes);
  const disputed = sumOf(report.months, (row) => row.disputedMinutes);
  const emails = sumOf(Object.values(report.emails), (count) => count);
  const reasons = new Map<string, number>();
  for (const row of report.months) {
    for (const [reason, minutes] of Object.entries(row.rejectedMinutes))
      reasons.set(reason, (reasons.get(reason) ?? 0) + minutes);
  }
  const tiles = [
    [
      'Children',
      `${report.cases.total}`,
      `${report.municipalities.length} municipalities, 5 planning regions`,
    ],
    [
      'Plans in force',
      `${report.plans.activated}`,
      `${report.plans.drafts} drafts, ${report.plans.changesRequested} changes requested`,
    ],
    ['Budget used', formatEuro(used), `of ${formatEuro(allocated)} allocated (${percent(used, allocated)})`],
    ['Budget remaining', formatEuro(allocated - used), `${formatEuro(planned)} planned in the plans`],
    ['Assistant hours paid', formatMinutes(paid), `${formatEuro(amount)}; ${formatMinutes(late)} paid late`],
    [
      'Confirmed by parents',
      formatMinutes(confirmed + confirmedLate),
      `${formatMinutes(confirmedLate)} after the run; ${formatMinutes(disputed)} disputed`,
    ],
    [
      'Hours rejected',
      formatMinutes(rejected),
      `${percent(rejected, paid + rejected)} of the hours reported`,
    ],
    ['Emails sent', `${emails}`, `${report.emailsDelivered} received by the local SES`],
    ['Escalations', `${report.cases.escalated}`, 'assessments escalated to a supervisor'],
  ]
    .map(
      ([label, value, note]) =>
        `<div class="tile"><div class="label">${text(label ?? '')}</div><div class="value">${text(value ?? '')}</div><div class="note">${text(note ?? '')}</div></div>`,
    )
    .join('');

  const municipalityTable = table(
    'Individual budgets per municipality (EUR)',
    ['Municipality', 'Region', 'Children', 'Allocated', 'Planned', 'Used', 'Remaining', 'Used of allocated'],
    report.municipalities.map((row) => [
      row.name,
      row.region,
      row.cases,
      formatEuro(row.allocatedCents),
      formatEuro(row.plannedCents),
      formatEuro(row.usedCents),
      formatEuro(row.allocatedCents - row.usedCents),
      percent(row.usedCents, row.allocatedCents),
    ]),
    [false, false, true, true, true, true, true, true],
  );
  const monthTable = table(
    'Assistant hours and service payments per month',
    [
      'Month',
      'Children settled',
      'Hours paid',
      'of which late',
      'Hours rejected',
      'Assistant pay',
      'Services paid',
    ],
    supported.map((row) => [
      row.month,
      row.casesSettled,
      formatMinutes(row.paidMinutes),
      formatMinutes(row.latePaidMinutes),
      formatMinutes(rejectedOf(row)),
      formatEuro(row.amountCents),
      formatEuro(row.servicesCents),
    ]),
    [false, true, true, true, true, true, true],
  );
  const confirmationTable = table(
    'The parents’ confirmation of the assistants’ hours, beside the hours paid',
    [
      'Month',
      'Hours sent',
      'Confirmed before the run',
      'Confirmed after it',
      'Disputed',
      'Not answered',
      'Hours paid',
      'of which late',
    ],
    supported.map((row) => [
      row.month,
      formatMinutes(
        row.confirmedMinutes + row.confirmedLateMinutes + row.disputedMinutes + row.unansweredMinutes,
      ),
      formatMinutes(row.confirmedMinutes),
      formatMinutes(row.confirmedLateMinutes),
      formatMinutes(row.disputedMinutes),
      formatMinutes(row.unansweredMinutes),
      formatMinutes(row.paidMinutes),
      formatMinutes(row.latePaidMinutes),
    ]),
    [false, true, true, true, true, true, true, true],
  );
  const reasonTable = table(
    'Rejected hours by reason',
    ['Reason', 'Hours'],
    [...reasons.entries()]
      .sort(([, a], [, b]) => b - a)
      .map(([reason, minutes]) => [reason, formatMinutes(minutes)]),
    [false, true],
  );
  const runTable = table(
    'Regular monthly runs (each followed by the supplementary run of the month before)',
    ['Month settled', 'Status', 'Cases', 'Settled', 'No grant', 'Failed'],
    report.runs.map((run) => [run.month, run.status, run.cases, run.settled, run.noGrant, run.failed]),
    [false, false, true, true, true, true],
  );
  const warningTable = table(
    'Warnings on the plans in force (the pilot’s known risks)',
    ['Warning', 'Plans', 'Meaning'],
    Object.entries(report.plans.warnings)
      .sort(([, a], [, b]) => b - a)
      .map(([code, count]) => [code, count, WARNING_MEANINGS[code] ?? '']),
    [false, true, false],
  );
  const emailTable = table(
    'Emails sent, by kind',
    ['Kind', 'Sent'],
    Object.entries(report.emails)
      .sort(([, a], [, b]) => b - a)
      .map(([kind, count]) => [kind, count]),
    [false, true],
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atbalsts: the children's pilot replayed</title>
<style>
  body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1a1a1a; background: #fff; margin: 0; font-size: 16px; line-height: 1.45; }
  main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; }
  h1 { font-size: 28px; margin: 0 0 4px; }
  h2 { font-size: 21px; margin: 36px 0 8px; border-bottom: 2px solid #1f4e79; padding-bottom: 4px; }
  p.lead { color: #333; margin: 0 0 20px; }
  .tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
  .tile { border: 1px solid #c8d3e0; border-radius: 6px; padding: 10px 12px; background: #f6f9fc; }
  .tile .label { font-size: 13px; color: #40546b; text-transform: uppercase; letter-spacing: 0.03em; }
  .tile .value { font-size: 22px; font-weight: 700; margin: 2px 0; }
  .tile .note { font-size: 13px; color: #40546b; }
  table { border-collapse: collapse; width: 100%; margin: 12px 0 4px; font-size: 15px; }
  caption { text-align: left; font-weight: 700; padding: 4px 0; }
  th, td { border-bottom: 1px solid #dde3ea; padding: 5px 8px; text-align: left; }
  thead th { background: #eef3f8; }
  .n { text-align: right; font-variant-numeric: tabular-nums; }
  .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
  footer, .method { color: #40546b; font-size: 14px; }
</style>
</head>
<body>
<main>
<h1>Atbalsts: the children's pilot replayed</h1>
<p class="lead">${text(`A hundred children with disabilities in ten municipalities, twenty in each planning region, followed from intake on ${report.from} to ${report.to}: two review cycles each, and ${supported.length} months of support settled by the monthly runs on their schedule, run by the same workflows, rules and emails as the deployed system, on synthetic data (seed ${report.seed}).`)}</p>
<div class="tiles">${tiles}</div>

<h2>Budget use per municipality</h2>
${budgetChart(report.municipalities)}
${municipalityTable}

<h2>Assistant hours per month</h2>
${hoursChart(supported)}
${monthTable}
<p class="method">${text(
    'Only the hours a legal representative confirmed on the link of their hours-to-confirm email are paid: confirmed before the month’s run, in its statement; confirmed after it, by the supplementary run a month later as a difference. Disputed lines (each with the parent’s reason) are not paid and go to the coordinator. Hours paid can be fewer than hours confirmed: the grant’s cap and the other rules still apply.',
  )}</p>
${confirmationTable}
<div class="columns">${reasonTable}${runTable}</div>

<h2>Plans and their risks</h2>
${warningTable}

<h2>Emails</h2>
${emailTable}

<h2>How this was made</h2>
<p class="method">${text(
    'npm run demo seeds the pilot with a seeded generator (the same seed gives the same pilot): ICF qualifiers 0-4 following four profiles (physical, autism spectrum, intellectual, multiple), the team’s recommendations from the policy’s service catalogue, providers at distances typical of each region (some beyond the 10 km travel threshold, some services with no provider), parents who rank in time or not, coordinators who approve at once or ask for changes, assistants whose timesheets are sometimes late or over the monthly grant, parents who confirm the hours on their email’s link in time, after the run or disputing a line, and providers’ claims. Time passes on a virtual clock; reminders, escalations, deadlines, plans taking effect, the next cycle, the timesheet reminders and the monthly runs all happen by themselves on their schedules. “Allocated” is the indicative budget of every plan in force during the replay (the second plans run to the end of January 2026); “used” is what providers were paid against them; “remaining” is allocated less used.',
  )}</p>
<footer>${text(`Generated by npm run demo in ${report.durationSeconds} s.`)}</footer>
</main>
</body>
</html>
`;
}
