/**
 * The policy what-if: a hand-built cohort worked through by hand (budget cut, hour band, rate),
 * the cohort's and the proposal's refusals, and the properties the issue asks for: a proposal
 * equal to the current policy changes nothing, a rate 10 % higher pays 10 % more up to rounding,
 * a lower budget cap never raises a plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CohortInput, parseCohort } from '../../functions/domain/what-if/cohort.ts';
import { FIGURE_NAMES } from '../../functions/domain/what-if/figures.ts';
import {
  type PolicyVariant,
  parseProposedPolicy,
  resolvePolicy,
} from '../../functions/domain/what-if/proposal.ts';
import { whatIf } from '../../functions/domain/what-if/what-if.ts';
import { generateCohort } from '../../scripts/country-cohort.ts';
import { refusalOf } from './fixtures.ts';

const period = { from: '2025-01', to: '2025-02' };

/** Weekdays of a month from a day, `minutes` each, 08:00 on. */
function days(month: string, from: number, to: number, minutes: number, confirmed = true) {
  const entries = [];
  for (let day = from; day <= to; day += 1) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    entries.push({ date, minutes, activity: 'education', confirmed, start: 480, end: 480 + minutes });
  }
  return entries;
}

/**
 * Two children in talsi. c-1: scores 3,2,3,2,1,2 (35 points, EUR 2 750 for six months from
 * 2025-01), weekly rehabilitation, physiotherapy 8 a month (essential) and speech therapy 6, both
 * near; January 25 days x 4 h = 100 h reported, February 20 x 4 h = 80 h. c-2: scores all 1 (16
 * points, EUR 1 800), no rehabilitation, physiotherapy 4 a month and hippotherapy 4 at 42 km;
 * January 19 days x 4 h = 76 h reported and 2 h more not confirmed.
 */
const handBuilt: CohortInput = {
  cases: [
    {
      caseId: 'c-1',
      municipality: 'talsi',
      region: 'Kurzeme',
      ageBand: '5-9',
      plans: [
        {
          periodStart: '2025-01-01',
          months: 6,
          assessment: {
            mobility: 3,
            selfCare: 2,
            communication: 3,
            learning: 2,
            behaviour: 1,
            familySupport: 2,
            weeklyRehabilitation: true,
          },
          recommendations: [
            { service: 'physiotherapy', rank: 1, unitsPerMonth: 8, minUnitsPerMonth: 4, essential: true },
            { service: 'speech-therapy', rank: 2, unitsPerMonth: 6, minUnitsPerMonth: 3 },
          ],
          parentRanking: ['speech-therapy', 'physiotherapy'],
          providers: [
            { service: 'physiotherapy', providerId: 'talsi-rehab', distanceKm: 4 },
            { service: 'speech-therapy', providerId: 'talsi-logo', distanceKm: 2 },
          ],
        },
      ],
      months: [
        { month: '2025-01', timesheets: [{ assistantId: 'A1', entries: days('2025-01', 2, 26, 240) }] },
        { month: '2025-02', timesheets: [{ assistantId: 'A1', entries: days('2025-02', 1, 20, 240) }] },
      ],
    },
    {
      caseId: 'c-2',
      municipality: 'talsi',
      region: 'Kurzeme',
      ageBand: '10-14',
      plans: [
        {
          periodStart: '2025-01-01',
          months: 6,
          assessment: {
            mobility: 1,
            selfCare: 1,
            communication: 1,
            learning: 1,
            behaviour: 1,
            familySupport: 1,
          },
          recommendations: [
            { service: 'physiotherapy', rank: 1, unitsPerMonth: 4, minUnitsPerMonth: 2 },
            { service: 'hippotherapy', rank: 2, unitsPerMonth: 4, minUnitsPerMonth: 4 },
          ],
          providers: [
            { service: 'physiotherapy', providerId: 'talsi-rehab', distanceKm: 4 },
            { service: 'hippotherapy', providerId: 'sabile-horses', distanceKm: 42 },
          ],
        },
      ],
      months: [
        {
          month: '2025-01',
          timesheets: [
            {
              assistantId: 'A2',
              entries: [
                ...days('2025-01', 2, 20, 240),
                { date: '2025-01-21', minutes: 120, activity: 'leisure', confirmed: false },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe('a what-if on a hand-built cohort', () => {
  const cohort = parseCohort(handBuilt);

  it('replays the current policy as the system runs it', () => {
    const result = whatIf(cohort, period, resolvePolicy({ id: 'same', source: 'nothing changes' }));
    const [first, second] = result.cases;
    // c-1: EUR 2 750 x 2 / 6 months inside the period; physiotherapy 8 x 25 x 6 = 1 200 and
    // speech therapy 6 x 25 x 6 = 900 planned: EUR 2 100, of which 2 months are EUR 700.
    expect(first?.current).toMatchObject({ budgetCents: 91_666, plannedCents: 70_000, municipalityCents: 0 });
    // 100 h a month granted (weekly rehabilitation); 100 h paid in January, 80 h in February, at EUR 5.11.
    expect(first?.current).toMatchObject({
      grantedMinutes: 2 * 6_000,
      paidMinutes: 10_800,
      paidCents: (10_800 * 511) / 60,
    });
    // c-2: EUR 1 800; physiotherapy 4 x 25 x 6 = 600, hippotherapy at 42 km 4 x (35 + 8.40) x 6
    // = 1 041.60, which fits the EUR 1 200 left: EUR 1 641.60, of which 2 months are EUR 547.20.
    expect(second?.current).toMatchObject({ budgetCents: 60_000, plannedCents: 54_720 });
    // 80 h granted; 76 h confirmed paid in January, nothing reported in February.
    expect(second?.current).toMatchObject({
      grantedMinutes: 2 * 4_800,
      paidMinutes: 4_560,
      paidCents: (4_560 * 511) / 60,
    });
    expect(result.total.difference).toEqual(Object.fromEntries(FIGURE_NAMES.map((name) => [name, 0])));
    expect(result.cohort).toEqual({ cases: 2, settledMonths: 3, casesWithoutPlan: [] });
  });

  it('a 10 % budget cut: budgets fall, a service no longer fits, hours and pay stay', () => {
    const result = whatIf(
      cohort,
      period,
      resolvePolicy(
        parseProposedPolicy({
          id: 'cut',
          source: '10 % less',
          budget: { baseCents: 90_000, pointCents: 4_500, maxCents: 360_000 },
        }),
      ),
    );
    const [first, second] = result.cases;
    // c-1: EUR 900 + 35 x EUR 45 = EUR 2 475 for six months; both services still fit (EUR 2 100).
    expect(first?.proposed.budgetCents).toBe(82_500);
    expect(first?.proposed.plannedCents).toBe(70_000);
    // c-2: EUR 900 + 16 x 45 = EUR 1 620; physiotherapy EUR 600, then EUR 1 020 left < EUR 1 041.60: hippotherapy unfunded.
    expect(second?.proposed).toMatchObject({ budgetCents: 54_000, plannedCents: 20_000 });
    expect(second?.unfunded).toEqual({ current: [], proposed: ['hippotherapy'] });
    expect(result.services).toEqual([
      {
        service: 'hippotherapy',
        becameUnfunded: { cases: 1, caseIds: ['c-2'] },
        becameFunded: { cases: 0, caseIds: [] },
      },
    ]);
    const budget = result.changes.find((change) => change.measure === 'budgetCents');
    expect(budget?.down).toEqual({
      cases: 2,
      total: -(9_166 + 6_000),
      mean: -7_583,
      largest: { caseId: 'c-1', by: -9_166 },
    });
    // c-2 falls 10 % exactly; c-1 9.9993 % (91 666 to 82 500, each share rounded down): less than 10 %.
    expect(budget?.distribution.filter((band) => band.cases > 0)).toEqual([
      { band: 'down 10 % to 20 %', cases: 1, caseIds: ['c-2'] },
      { band: 'down less than 10 %', cases: 1, caseIds: ['c-1'] },
    ]);
    expect(result.total.difference).toMatchObject({
      grantedMinutes: 0,
      paidCents: 0,
      plannedCents: -(54_720 - 20_000),
    });
    expect(result.municipalities).toEqual([expect.objectContaining({ municipality: 'talsi', cases: 2 })]);
  });

  it('the band 100 h to 80 h for weekly rehabilitation: only those children lose hours, and pay beyond 80 h', () => {
    const result = whatIf(
      cohort,
      period,
      resolvePolicy(
        parseProposedPolicy({
          id: '80h',
          source: 'before 2022',
          entitlements: { childAssistantWeeklyProcedures: 80 },
        }),
      ),
    );
    const [first, second] = result.cases;
    expect((first?.proposed.grantedMinutes ?? 0) - (first?.current.grantedMinutes ?? 0)).toBe(-2 * 20 * 60);
    // January's 100 h are cut to 80 h (MONTH_CAP); February's 80 h fit.
    expect(first?.proposed.paidMinutes).toBe(9_600);
    expect(second?.proposed).toEqual(second?.current);
    const rehabilitation = result.groups.need.find((group) => group.group === 'weekly rehabilitation');
    expect(rehabilitation).toMatchObject({
      cases: 1,
      meanGrantedMinutesChange: -2_400,
      changedCaseIds: ['c-1'],
    });
    expect(result.groups.need[0]?.group).not.toBe('no weekly rehabilitation');
  });

  it('carries the paid days of a week that began in the month before, and settles months before the period without counting them', () => {
    // A policy with a weekly maximum per assistant (No. 942 had 40 h; 20 h here), else the current one.
    const base = resolvePolicy();
    const weekly: PolicyVariant = {
      ...base,
      id: 'weekly-20h',
      settlementRules: (month) => ({
        ...base.settlementRules(month),
        maxMinutesPerWeekPerAssistant: 20 * 60,
      }),
    };
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() % 6 !== 0;
    const plan = handBuilt.cases[0]?.plans[0];
    const cohort = parseCohort({
      cases: [
        {
          caseId: 'c-9',
          municipality: 'talsi',
          plans: [plan],
          months: [
            // January is before the period: settled for the week of 27 January, not counted.
            {
              month: '2025-01',
              timesheets: [
                { assistantId: 'A1', entries: days('2025-01', 1, 31, 240).filter((e) => weekday(e.date)) },
              ],
            },
            // Saturday 1 February ends the week of 27 January, whose weekdays paid 20 h already.
            {
              month: '2025-02',
              timesheets: [
                {
                  assistantId: 'A1',
                  entries: [...days('2025-02', 1, 1, 240), ...days('2025-02', 3, 3, 240)],
                },
              ],
            },
          ],
        },
      ],
    });
    const result = whatIf(cohort, { from: '2025-02', to: '2025-02' }, weekly, weekly);
    expect(result.cases[0]?.current).toMatchObject({ paidMinutes: 240, grantedMinutes: 6_000 });
    expect(result.cohort.settledMonths).toBe(1);
  });

  it('refuses a cohort naming each bad field, and a proposal naming each bad field', () => {
    const broken = structuredClone(handBuilt) as unknown as { cases: Record<string, unknown>[] };
    const first = broken.cases[0] as {
      months: { timesheets: { entries: Record<string, unknown>[] }[] }[];
      plans: Record<string, unknown>[];
    };
    (first.months[0]?.timesheets[0]?.entries[0] as Record<string, unknown>)['minutes'] = -5;
    (first.plans[0] as Record<string, unknown>)['months'] = 0;
    (broken.cases[1] as Record<string, unknown>)['caseId'] = 'c#2';
    (first.months[1]?.timesheets[0] as Record<string, unknown>)['submittedAt'] = '2025-03-01';
    (first as Record<string, unknown>)['stays'] = [
      { kind: 'holiday', from: '2025-01-10', to: '2025-01-12' },
      { kind: 'hospital', from: '2025-01-10', to: '2025-01-02' },
    ];
    // Every bad field in the first answer: the cohort's own, the plan's, the entry's.
    expect(refusalOf(() => parseCohort(broken)).map((issue) => issue.path)).toEqual([
      'cases[0].months[1].timesheets[0].submittedAt',
      'cases[0].stays[0].kind',
      'cases[0].stays[1].to',
      'cases[1].caseId',
      'cases[0].plans[0].months',
      'cases[0].months[0].timesheets[0].entries[0].minutes',
    ]);
    expect(
      refusalOf(() =>
        parseProposedPolicy({
          id: 'x',
          budget: { baseCents: -1 },
          rates: [{ from: '2025-01-02', centsPerHour: 1.5 }],
          claims: {},
        }),
      )
        .map((issue) => issue.path)
        .sort(),
    ).toEqual(['policy', 'policy.budget.baseCents', 'policy.rates[0].centsPerHour', 'policy.source']);
    const badCap = resolvePolicy(parseProposedPolicy({ id: 'x', source: 'x', budget: { maxCents: 50_000 } }));
    expect(refusalOf(() => whatIf(cohort, period, badCap)).map((issue) => issue.path)).toEqual([
      'policy.budget.maxCents',
    ]);
  });
});

// ---- properties ---------------------------------------------------------------------------------

/** A small generated cohort (1-4 children, two months of hours) for a seed. */
const smallCohort = fc
  .record({ seed: fc.integer({ min: 1, max: 1_000_000 }), cases: fc.integer({ min: 1, max: 4 }) })
  .map(({ seed, cases }) => parseCohort(generateCohort({ cases, seed, from: '2025-01', months: 2 })));

const entriesOf = (cohort: ReturnType<typeof parseCohort>) =>
  cohort.cases.reduce(
    (sum, item) =>
      sum +
      item.months.reduce(
        (inner, month) => inner + month.timesheets.reduce((n, sheet) => n + sheet.entries.length, 0),
        0,
      ),
    0,
  );

describe('what-if properties', () => {
  it('a proposal equal to the current policy changes nothing', () => {
    // Every part given explicitly, with the values of the built-in version in force.
    const equal = parseProposedPolicy({
      id: 'equal',
      source: 'the current values written out',
      budget: {
        baseCents: 100_000,
        pointCents: 5_000,
        maxCents: 400_000,
        weights: { mobility: 3, selfCare: 3, communication: 3, learning: 2, behaviour: 3, familySupport: 2 },
      },
      services: [
        { code: 'physiotherapy', unitCents: 2_500 },
        { code: 'hippotherapy', unitCents: 3_500 },
      ],
      travel: { thresholdKm: 10, centsPerKm: 10 },
      rates: [
        { from: '2021-07-01', centsPerHour: 450 },
        { from: '2023-01-01', centsPerHour: 479 },
        { from: '2023-04-01', centsPerHour: 511 },
      ],
      maxHoursPerDay: 16,
      entitlements: { childAssistant: 80, childAssistantWeeklyProcedures: 100, companion: 60 },
    });
    fc.assert(
      fc.property(smallCohort, (cohort) => {
        const result = whatIf(cohort, period, resolvePolicy(equal));
        for (const outcome of result.cases) {
          expect(outcome.proposed).toEqual(outcome.current);
          expect(outcome.unfunded.proposed).toEqual(outcome.unfunded.current);
        }
        for (const change of result.changes) expect(change.unchanged).toBe(cohort.cases.length);
        expect(result.services).toEqual([]);
        for (const rows of Object.values(result.groups))
          for (const row of rows) expect(row.changedCaseIds).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('a rate 10 % higher raises the pay total by 10 % up to the rounding of each paid line', () => {
    fc.assert(
      fc.property(smallCohort, fc.integer({ min: 100, max: 2_000 }), (cohort, rate) => {
        const raised = Math.round(rate * 1.1);
        const table = (cents: number) => ({
          id: `rate-${cents}`,
          source: 'x',
          rates: [{ from: '2021-07-01', centsPerHour: cents }],
        });
        const result = whatIf(
          cohort,
          period,
          resolvePolicy(parseProposedPolicy(table(raised))),
          resolvePolicy(parseProposedPolicy(table(rate))),
        );
        const { current, proposed } = result.total;
        expect(proposed.paidMinutes).toBe(current.paidMinutes);
        // Each line is round half up(minutes x rate / 60): off by at most half a cent either way,
        // so |pay' x rate - pay x rate'| <= lines x (rate + rate') / 2, and a line per entry at most.
        const lines = entriesOf(cohort);
        expect(Math.abs(proposed.paidCents * rate - current.paidCents * raised)).toBeLessThanOrEqual(
          (lines * (rate + raised)) / 2,
        );
        expect(proposed.paidCents).toBeGreaterThanOrEqual(current.paidCents);
      }),
      { numRuns: 40 },
    );
  });

  it('a lower budget cap never raises a budget or a plan', () => {
    fc.assert(
      fc.property(
        smallCohort,
        fc.integer({ min: 100_000, max: 400_000 }),
        fc.integer({ min: 0, max: 300_000 }),
        (cohort, cap, lower) => {
          const capped = (maxCents: number) =>
            resolvePolicy(parseProposedPolicy({ id: `cap-${maxCents}`, source: 'x', budget: { maxCents } }));
          const result = whatIf(cohort, period, capped(Math.max(100_000, cap - lower)), capped(cap));
          for (const outcome of result.cases) {
            expect(outcome.proposed.budgetCents).toBeLessThanOrEqual(outcome.current.budgetCents);
            expect(outcome.proposed.plannedCents).toBeLessThanOrEqual(outcome.current.plannedCents);
          }
          expect(result.changes.find((change) => change.measure === 'budgetCents')?.up.cases).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
