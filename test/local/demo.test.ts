/**
 * The demo's pilot and report, without running the year: the pilot has the shape of the children's
 * pilot and is the same for the same seed; its assessments pass the store's schema and recommend
 * catalogue services only; the report is one self-contained page (no script, nothing fetched) with
 * both charts and every value escaped.
 */
import { describe, expect, it } from 'vitest';
import { budgetRulesFor } from '../../functions/domain/budget/policy.ts';
import { assessmentDataSchema, personDataSchema } from '../../functions/store/entities.ts';
import { PLANNING_REGIONS } from '../../local/municipalities.ts';
import { generatePilot } from '../../scripts/demo/pilot.ts';
import {
  budgetChart,
  type DemoReport,
  hoursChart,
  niceStep,
  renderReport,
} from '../../scripts/demo/report.ts';
import { seededRandom } from '../../scripts/synthetic.ts';

describe('the pilot', () => {
  const pilot = generatePilot(2018);

  it('has a hundred children, twenty in each planning region, ten in each municipality', () => {
    expect(pilot.children).toHaveLength(100);
    for (const region of PLANNING_REGIONS) {
      expect(pilot.children.filter((child) => child.region === region)).toHaveLength(20);
    }
    for (const municipality of pilot.municipalities) {
      expect(pilot.children.filter((child) => child.municipality === municipality.id)).toHaveLength(10);
    }
    expect(new Set(pilot.children.map((child) => child.caseId)).size).toBe(100);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(JSON.stringify(generatePilot(2018))).toBe(JSON.stringify(pilot));
    expect(JSON.stringify(generatePilot(7))).not.toBe(JSON.stringify(pilot));
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('gives valid people and assessments with catalogue services, and the pilot’s known risks', () => {
    const catalogue = budgetRulesFor('2025-01-01').services;
    let withoutProvider = 0;
    let beyondThreshold = 0;
    for (const child of pilot.children) {
      expect(personDataSchema.safeParse(child.person).success).toBe(true);
      for (const assessment of child.assessments) {
        expect(assessmentDataSchema.safeParse({ ...assessment, assessedOn: '2025-01-10' }).success).toBe(
          true,
        );
        const recommended = (assessment.recommendations ?? []).map((item) => item.service);
        for (const service of recommended) expect(catalogue.has(service)).toBe(true);
        const provided = new Set((assessment.providers ?? []).map((provider) => provider.service));
        withoutProvider += recommended.filter((service) => !provided.has(service)).length;
        beyondThreshold += (assessment.providers ?? []).filter((provider) => provider.distanceKm > 10).length;
      }
    }
    expect(withoutProvider).toBeGreaterThan(0);
    expect(beyondThreshold).toBeGreaterThan(0);
    expect(pilot.children.some((child) => child.habits.some((habits) => habits.rankingDays === null))).toBe(
      true,
    );
    expect(pilot.children.some((child) => child.habits.some((habits) => habits.assessmentDays > 28))).toBe(
      true,
    );
  });
});

const report: DemoReport = {
  seed: 1,
  from: '2024-12-11',
  to: '2026-01-11',
  municipalities: [
    {
      id: 'talsi',
      name: 'Talsi <b>',
      region: 'Kurzeme',
      cases: 10,
      allocatedCents: 5_500_000,
      plannedCents: 5_000_000,
      usedCents: 3_000_000,
    },
    {
      id: 'kuldiga',
      name: 'Kuldīga',
      region: 'Kurzeme',
      cases: 10,
      allocatedCents: 5_000_000,
      plannedCents: 4_000_000,
      usedCents: 2_000_000,
    },
  ],
  months: [
    {
      month: '2025-01',
      paidMinutes: 60_000,
      latePaidMinutes: 6_000,
      confirmedMinutes: 55_800,
      confirmedLateMinutes: 4_200,
      disputedMinutes: 240,
      unansweredMinutes: 360,
      amountCents: 511_000,
      rejectedMinutes: { MONTH_CAP: 600 },
      servicesCents: 100_000,
      casesSettled: 20,
    },
    {
      month: '2025-02',
      paidMinutes: 66_000,
      latePaidMinutes: 0,
      confirmedMinutes: 66_000,
      confirmedLateMinutes: 0,
      disputedMinutes: 0,
      unansweredMinutes: 0,
      amountCents: 560_000,
      rejectedMinutes: {},
      servicesCents: 120_000,
      casesSettled: 20,
    },
  ],
  runs: [
    {
      month: '2025-01',
      status: 'finished',
      cases: 20,
      settled: 20,
      alreadySettled: 0,
      supplementary: 0,
      noGrant: 0,
      failed: 0,
    },
  ],
  emails: { 'pay-statement': 40, 'monthly-statement': 40 },
  emailsDelivered: 80,
  plans: {
    activated: 40,
    drafts: 44,
    changesRequested: 4,
    rankedByTeamOnly: 3,
    warnings: { NO_PROVIDER: 5 },
  },
  cases: { total: 20, open: 20, byPhase: { active: 20 }, escalated: 1 },
  durationSeconds: 100,
};

describe('the report', () => {
  const html = renderReport(report);

  it('is one page with nothing to run and nothing to fetch', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('draws both charts with titles and shows their figures in tables', () => {
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('Individual budgets per municipality: allocated, planned and used');
    expect(html).toContain('Assistant hours per month');
    expect(html).toContain('EUR 55 000,00');
    expect(html).toContain('1000 h');
    expect(html).toContain('NO_PROVIDER');
  });

  it('shows per month the hours the parents confirmed, late and disputed beside the hours paid', () => {
    const section = html.slice(html.indexOf('The parents’ confirmation'));
    const january = /<tr><th scope="row">2025-01<\/th>(.*?)<\/tr>/.exec(section)?.[1] ?? '';
    const cells = [...january.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((match) => match[1]);
    // sent, confirmed before the run, after it, disputed, not answered, paid, of which late
    expect(cells).toEqual(['1010 h', '930 h', '70 h', '4 h', '6 h', '1000 h', '100 h']);
    expect(html).toContain('Confirmed by parents');
  });

  it('escapes every value', () => {
    expect(html).not.toContain('Talsi <b>');
    expect(html).toContain('Talsi &lt;b&gt;');
    expect(budgetChart(report.municipalities)).toContain('Talsi &lt;b&gt;');
  });

  it('stacks a month’s bar from hours paid on time, paid late and rejected', () => {
    const svg = hoursChart(report.months);
    expect(svg).toContain('2025-01: 900 h paid in the month’s run');
    expect(svg).toContain('2025-01: 100 h paid late, as a difference');
    expect(svg).toContain('2025-01: 10 h rejected');
    expect(svg).not.toContain('2025-02: 0 h');
  });

  it('chooses round axis steps', () => {
    expect(niceStep(7_300)).toBe(2_000);
    expect(niceStep(480)).toBe(100);
    expect(niceStep(0)).toBe(1);
  });
});
