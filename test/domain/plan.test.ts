/** The support plan: the merge, the allocation inside the budget, travel, funding sources, warnings, input. */
import { describe, expect, it } from 'vitest';
import { type PlanCaseInput, parsePlanCase } from '../../functions/domain/plan/input.ts';
import { mergeRecommendations } from '../../functions/domain/plan/merge.ts';
import { makeSupportPlan, periodEnd, travelCentsPerUnit } from '../../functions/domain/plan/plan.ts';
import type { Recommendation, SupportPlan } from '../../functions/domain/plan/types.ts';
import { refusalOf } from './fixtures.ts';

type RecommendationInput = PlanCaseInput['recommendations'][number];

/** A budget of exactly `cents` for six months: the base alone, no points. */
const flatBudget = (cents: number) => ({ budget: { baseCents: cents, pointCents: 0, maxCents: cents } });

const zeroScores = {
  mobility: 0,
  selfCare: 0,
  communication: 0,
  learning: 0,
  behaviour: 0,
  familySupport: 0,
};

function caseOf(input: Partial<PlanCaseInput> = {}): PlanCaseInput {
  return {
    participantId: 'P-1',
    periodStart: '2024-01-01',
    months: 6,
    assessment: zeroScores,
    recommendations: [],
    parentRanking: [],
    providers: [],
    ...input,
  };
}

function plan(input: Partial<PlanCaseInput> = {}): SupportPlan {
  return makeSupportPlan(parsePlanCase(caseOf(input)));
}

function rec(service: string, rank: number, unitsPerMonth: number, extra: Partial<RecommendationInput> = {}) {
  return { service, rank, unitsPerMonth, minUnitsPerMonth: 1, essential: false, ...extra };
}

const here = (service: string, distanceKm = 1) => ({
  service,
  providerId: `${service}-provider`,
  distanceKm,
});

const servicesOf = (items: readonly { service: string }[]) => items.map((item) => item.service);
const codes = (result: SupportPlan) => result.warnings.map((warning) => [warning.code, warning.service]);

const issuesOf = refusalOf;

describe('the merge rule', () => {
  const weights = { teamWeightHundredths: 50, parentWeightHundredths: 50 };
  const r = (service: string, rank: number, essential = false): Recommendation => ({
    service,
    rank,
    unitsPerMonth: 4,
    minUnitsPerMonth: 1,
    essential,
  });

  it('follows the team when the parents rank the same way', () => {
    const merged = mergeRecommendations([r('b', 2), r('a', 1), r('c', 3)], ['a', 'b', 'c'], weights);
    expect(merged.map((m) => m.recommendation.service)).toEqual(['a', 'b', 'c']);
  });

  it('moves a service the parents put first up past the team order when the parents disagree', () => {
    // a: 1x.5 + 3x.5 = 2; b: 2x.5 + 2x.5 = 2; c: 3x.5 + 1x.5 = 2; d: 4x.5 + 4x.5 = 4 -> all tie but d
    // with the parents' list [d, c, b, a], d becomes 4x.5 + 1x.5 = 2.5 and a 1x.5 + 4x.5 = 2.5
    const merged = mergeRecommendations(
      [r('a', 1), r('b', 2), r('c', 3), r('d', 4)],
      ['d', 'c', 'b', 'a'],
      weights,
    );
    expect(merged.map((m) => [m.recommendation.service, m.combinedHundredths])).toEqual([
      ['a', 250],
      ['b', 250],
      ['c', 250],
      ['d', 250],
    ]);
    // weigh the parents more and their order wins
    const parentsFirst = mergeRecommendations(
      [r('a', 1), r('b', 2), r('c', 3), r('d', 4)],
      ['d', 'c', 'b', 'a'],
      {
        teamWeightHundredths: 30,
        parentWeightHundredths: 70,
      },
    );
    expect(parentsFirst.map((m) => m.recommendation.service)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('places a service the parents did not rank at their list length + 1', () => {
    // a: team 1, parents 3 (unranked, list of 2) -> 2; b: team 2, parents 1 -> 1.5; c: team 3, parents 2 -> 2.5
    const merged = mergeRecommendations([r('a', 1), r('b', 2), r('c', 3)], ['b', 'c'], weights);
    expect(
      merged.map((m) => [m.recommendation.service, m.teamPosition, m.parentPosition, m.combinedHundredths]),
    ).toEqual([
      ['b', 2, 1, 150],
      ['a', 1, 3, 200],
      ['c', 3, 2, 250],
    ]);
  });

  it('puts essential services first whatever the rankings say', () => {
    const merged = mergeRecommendations(
      [r('a', 1), r('b', 2), r('z', 9, true), r('y', 8, true)],
      ['a', 'b'],
      weights,
    );
    expect(merged.map((m) => m.recommendation.service)).toEqual(['y', 'z', 'a', 'b']);
  });

  it('breaks ties by team rank', () => {
    // a: 1x.5 + 2x.5 = 1.5; b: 2x.5 + 1x.5 = 1.5: tie, a has the better team rank
    const merged = mergeRecommendations([r('b', 2), r('a', 1)], ['b', 'a'], weights);
    expect(merged.map((m) => m.recommendation.service)).toEqual(['a', 'b']);
  });

  it('uses positions, not raw ranks: ranks 10, 20, 30 are positions 1, 2, 3', () => {
    const merged = mergeRecommendations([r('a', 10), r('b', 30), r('c', 20)], [], weights);
    expect(merged.map((m) => [m.recommendation.service, m.teamPosition])).toEqual([
      ['a', 1],
      ['c', 2],
      ['b', 3],
    ]);
  });
});

describe('allocation inside the budget', () => {
  it('funds services in full while they fit and charges units x price x months', () => {
    // physiotherapy 4 x EUR 25 x 6 = EUR 600; speech 2 x EUR 25 x 6 = EUR 300
    const result = plan({
      policy: flatBudget(100_000),
      recommendations: [rec('physiotherapy', 1, 4), rec('speech-therapy', 2, 2)],
      providers: [here('physiotherapy'), here('speech-therapy')],
    });
    expect(
      result.lines.map((line) => [
        line.service,
        line.order,
        line.unitsPerMonth,
        line.periodCents,
        line.fundedInFull,
      ]),
    ).toEqual([
      ['physiotherapy', 1, 4, 60_000, true],
      ['speech-therapy', 2, 2, 30_000, true],
    ]);
    expect(result.totalCents).toBe(90_000);
    expect(result.leftToPlanCents).toBe(10_000);
    expect(result.unfunded).toEqual([]);
  });

  it('funds a service partly at the largest whole number of units that fits, not below its minimum', () => {
    // EUR 1 000: physiotherapy 4 a month = EUR 600 leaves EUR 400; speech 4 a month would be EUR 600,
    // 2 a month (EUR 300) fit, 3 (EUR 450) do not
    const result = plan({
      policy: flatBudget(100_000),
      recommendations: [rec('physiotherapy', 1, 4), rec('speech-therapy', 2, 4, { minUnitsPerMonth: 2 })],
      providers: [here('physiotherapy'), here('speech-therapy')],
    });
    const speech = result.lines[1];
    expect(speech).toMatchObject({
      service: 'speech-therapy',
      unitsPerMonth: 2,
      requestedUnitsPerMonth: 4,
      periodCents: 30_000,
    });
    expect(speech?.fundedInFull).toBe(false);
    expect(speech?.explanation).toMatch(/^Partly funded: 2 of the 4 recommended/);
    expect(result.leftToPlanCents).toBe(10_000);
  });

  it('leaves a service unfunded with a reason when even its minimum does not fit, and tries the next', () => {
    // EUR 700: physiotherapy EUR 600 leaves EUR 100; hippotherapy needs 2 x EUR 35 x 6 = EUR 420;
    // music therapy 1 x EUR 25 x 6 = EUR 150 does not fit either; transport 1 trip x EUR 10 x 6 = EUR 60 does
    const result = plan({
      policy: flatBudget(70_000),
      recommendations: [
        rec('physiotherapy', 1, 4),
        rec('hippotherapy', 2, 4, { minUnitsPerMonth: 2 }),
        rec('music-therapy', 3, 1),
        rec('transport', 4, 1),
      ],
      providers: [here('physiotherapy'), here('hippotherapy'), here('music-therapy'), here('transport')],
    });
    expect(servicesOf(result.lines)).toEqual(['physiotherapy', 'transport']);
    expect(result.unfunded).toEqual([
      {
        service: 'hippotherapy',
        reason: 'NOT_ENOUGH_BUDGET',
        order: 2,
        essential: false,
        message:
          'Hippotherapy needs at least 2 session(s) a month, EUR 420,00 for the period; EUR 100,00 of the budget is left.',
      },
      {
        service: 'music-therapy',
        reason: 'NOT_ENOUGH_BUDGET',
        order: 3,
        essential: false,
        message:
          'Music therapy needs at least 1 session(s) a month, EUR 150,00 for the period; EUR 100,00 of the budget is left.',
      },
    ]);
    expect(result.lines[1]?.order).toBe(4);
    expect(result.totalCents).toBe(66_000);
  });

  it('warns the coordinator when an essential service cannot be funded at its minimum', () => {
    const result = plan({
      policy: flatBudget(10_000),
      recommendations: [rec('aba-therapy', 1, 10, { minUnitsPerMonth: 4, essential: true })],
      providers: [here('aba-therapy')],
    });
    expect(result.lines).toEqual([]);
    expect(result.unfunded[0]).toMatchObject({
      service: 'aba-therapy',
      essential: true,
      reason: 'NOT_ENOUGH_BUDGET',
    });
    expect(result.warnings.find((w) => w.code === 'ESSENTIAL_NOT_FUNDABLE')).toMatchObject({
      service: 'aba-therapy',
      message: expect.stringMatching(
        /^Essential service ABA therapy cannot be funded at its minimum: .*EUR 840,00/,
      ),
    });
  });

  it('lists state- and municipality-funded services with their source at no cost to the budget', () => {
    const result = plan({
      policy: flatBudget(30_000),
      recommendations: [rec('group-home', 1, 1), rec('home-care', 2, 20), rec('physiotherapy', 3, 2)],
      providers: [here('group-home'), here('home-care'), here('physiotherapy')],
    });
    expect(
      result.lines.map((line) => [line.service, line.funding, line.periodCents, line.budgetCents]),
    ).toEqual([
      ['group-home', 'municipality', 360_000, 0],
      ['home-care', 'municipality', 84_000, 0],
      ['physiotherapy', 'individual-budget', 30_000, 30_000],
    ]);
    expect(result.totalCents).toBe(30_000);
    expect(result.leftToPlanCents).toBe(0);
    expect(result.lines[0]?.explanation).toMatch(/^Paid by the municipality, not from the individual budget/);
  });

  it('adds travel per unit when the nearest provider is beyond the threshold', () => {
    // 15 km > 10 km: 2 x 15 x 10 cents = EUR 3 a session; 4 x (25 + 3) x 6 = EUR 672
    const result = plan({
      policy: flatBudget(100_000),
      recommendations: [rec('physiotherapy', 1, 4)],
      providers: [here('physiotherapy', 40), here('physiotherapy', 15)],
    });
    expect(result.lines[0]).toMatchObject({ travelCents: 300, periodCents: 67_200, distanceKm: 15 });
    expect(codes(result)).toContainEqual(['PROVIDER_BEYOND_THRESHOLD', 'physiotherapy']);
  });

  it('adds no travel at or within the threshold', () => {
    const result = plan({
      policy: flatBudget(100_000),
      recommendations: [rec('physiotherapy', 1, 4)],
      providers: [here('physiotherapy', 10)],
    });
    expect(result.lines[0]).toMatchObject({ travelCents: 0, periodCents: 60_000 });
    expect(codes(result)).not.toContainEqual(['PROVIDER_BEYOND_THRESHOLD', 'physiotherapy']);
  });

  it('counts travel to a tenth of a km and rounds the round trip to the nearest cent', () => {
    // 12.25 km is 12.3 km (halves up)
    expect(
      parsePlanCase(caseOf({ providers: [here('physiotherapy', 12.25)] })).providers[0]?.distanceTenthsKm,
    ).toBe(123);
    // 2 x 12.3 x 7 = 172.2 -> 172
    expect(travelCentsPerUnit(123, { thresholdKm: 10, centsPerKm: 7 })).toBe(172);
    // 2 x 10.8 x 4 = 86.4 -> 86; 2 x 10.9 x 4 = 87.2 -> 87; 2 x 10.7 x 4 = 85.6 -> 86
    expect(travelCentsPerUnit(108, { thresholdKm: 10, centsPerKm: 4 })).toBe(86);
    expect(travelCentsPerUnit(109, { thresholdKm: 10, centsPerKm: 4 })).toBe(87);
    expect(travelCentsPerUnit(107, { thresholdKm: 10, centsPerKm: 4 })).toBe(86);
    // 10.0 km is not beyond a 10 km threshold; 10.1 km is
    expect(travelCentsPerUnit(100, { thresholdKm: 10, centsPerKm: 4 })).toBe(0);
    expect(travelCentsPerUnit(101, { thresholdKm: 10, centsPerKm: 5 })).toBe(101);
  });

  it('warns when a funded service has no known provider', () => {
    const result = plan({ policy: flatBudget(100_000), recommendations: [rec('canistherapy', 1, 2)] });
    expect(result.warnings).toContainEqual({
      code: 'NO_PROVIDER',
      service: 'canistherapy',
      message: 'No provider of Canistherapy is known; the coordinator and the parents need to find one.',
    });
  });

  it('warns when the plan leaves more than the policy share of the budget unused', () => {
    const withTransportAt = (unitCents: number) =>
      plan({
        policy: {
          ...flatBudget(100_000),
          services: [{ code: 'transport', unit: 'trip', unitCents, funding: 'individual-budget' }],
        },
        recommendations: [rec('transport', 1, 1)],
        providers: [here('transport')],
      });
    // EUR 1 000 budget; one trip a month for six months
    // EUR 133,33 x 6 = EUR 799,98 used: EUR 200,02 unused is more than 20 %
    expect(codes(withTransportAt(13_333))).toEqual([['UNUSED_BUDGET', undefined]]);
    expect(withTransportAt(13_333).warnings[0]?.message).toBe(
      'The plan leaves EUR 200,02 of EUR 1 000,00 unused, more than 20 % of the budget.',
    );
    // EUR 133,34 x 6 = EUR 800,04 used: EUR 199,96 unused is not
    expect(codes(withTransportAt(13_334))).toEqual([]);
    // exactly 20 % unused is not more than the share: EUR 1 200 budget, EUR 160 x 6 = EUR 960 used
    const exact = plan({
      policy: {
        ...flatBudget(120_000),
        services: [{ code: 'transport', unit: 'trip', unitCents: 16_000, funding: 'individual-budget' }],
      },
      recommendations: [rec('transport', 1, 1)],
      providers: [here('transport')],
    });
    expect(exact.leftToPlanCents).toBe(24_000);
    expect(codes(exact)).toEqual([]);
  });

  it('warns about services the parents ranked but the team did not recommend', () => {
    const result = plan({
      policy: flatBudget(15_000),
      recommendations: [rec('music-therapy', 1, 1)],
      parentRanking: ['hippotherapy', 'music-therapy'],
      providers: [here('music-therapy')],
    });
    expect(codes(result)).toEqual([['PARENT_RANKED_UNRECOMMENDED', 'hippotherapy']]);
    // the unrecommended service still counts in the parents' list: music therapy is their number 2
    expect(result.lines[0]?.parentPosition).toBe(2);
  });
});

describe('the plan as a whole', () => {
  it('states its period, grants and policy', () => {
    const result = plan({
      assessment: { ...zeroScores, weeklyRehabilitation: true },
      periodStart: '2024-11-01',
      months: 6,
    });
    expect(result.period).toEqual({ start: '2024-11-01', end: '2025-04-30' });
    expect(result.grants).toEqual([{ service: 'assistant', hoursPerMonth: 100, funding: 'state' }]);
    expect(result.policy).toEqual({
      id: 'LV-IB-ILLUSTRATIVE',
      revision: 1,
      monthlyFlexibility: null,
      inlineOverrides: [],
    });
    expect(
      plan({ policy: { merge: { teamWeight: 1 }, claims: { monthlyFlexibility: 0.1 } } }).policy,
    ).toEqual({
      id: 'LV-IB-ILLUSTRATIVE',
      revision: 1,
      monthlyFlexibility: 0.1,
      inlineOverrides: ['claims', 'merge'],
    });
    expect(periodEnd('2024-01-01', 2)).toBe('2024-02-29');
  });

  it('warns that no monthly assistant grant follows under the weekly rules before July 2021', () => {
    const result = plan({ periodStart: '2019-01-01' });
    expect(result.grants).toEqual([]);
    expect(codes(result)).toContainEqual(['NO_MONTHLY_ASSISTANT_GRANT', undefined]);
  });

  it('uses the inline merge weights', () => {
    const input = {
      policy: flatBudget(400_000),
      recommendations: [rec('physiotherapy', 1, 1), rec('music-therapy', 2, 1)],
      parentRanking: ['music-therapy', 'physiotherapy'],
      providers: [here('physiotherapy'), here('music-therapy')],
    };
    expect(servicesOf(plan(input).lines)).toEqual(['physiotherapy', 'music-therapy']);
    const parentsWeighMore = {
      ...input,
      policy: { ...input.policy, merge: { teamWeight: 0.4, parentWeight: 0.6 } },
    };
    expect(servicesOf(plan(parentsWeighMore).lines)).toEqual(['music-therapy', 'physiotherapy']);
  });
});

describe('parsePlanCase', () => {
  it('names every bad field', () => {
    const issues = issuesOf(() =>
      parsePlanCase({
        ...caseOf(),
        periodStart: '2024-01-15',
        months: 0,
        assessment: { ...zeroScores, mobility: 5 },
        recommendations: [rec('physiotherapy', 1, 2, { minUnitsPerMonth: 3 }), rec('physiotherapy', 1, 2)],
        parentRanking: ['music-therapy', 'music-therapy'],
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      'periodStart',
      'months',
      'assessment.mobility',
      'recommendations[0].minUnitsPerMonth',
      'recommendations[1].service',
      'recommendations[1].rank',
      'parentRanking[1]',
    ]);
  });

  it('names services the catalogue does not know', () => {
    expect(
      issuesOf(() =>
        parsePlanCase(
          caseOf({
            recommendations: [rec('dolphin-therapy', 1, 1)],
            parentRanking: ['horse-riding'],
            providers: [here('sauna')],
          }),
        ),
      ),
    ).toEqual([
      {
        path: 'recommendations[0].service',
        message: 'dolphin-therapy is not in the service catalogue (policy LV-IB-ILLUSTRATIVE)',
      },
      {
        path: 'parentRanking[0]',
        message: 'horse-riding is not in the service catalogue (policy LV-IB-ILLUSTRATIVE)',
      },
      {
        path: 'providers[0].service',
        message: 'sauna is not in the service catalogue (policy LV-IB-ILLUSTRATIVE)',
      },
    ]);
  });

  it('accepts a service added inline to the catalogue', () => {
    const result = plan({
      policy: {
        ...flatBudget(100_000),
        services: [{ code: 'sensory-room', unit: 'hour', unitCents: 1_000, funding: 'individual-budget' }],
      },
      recommendations: [rec('sensory-room', 1, 2)],
      providers: [here('sensory-room')],
    });
    expect(result.lines[0]).toMatchObject({
      service: 'sensory-room',
      periodCents: 12_000,
      name: { lv: 'sensory-room', en: 'sensory-room' },
    });
  });

  it('rejects unknown keys and names policy fields', () => {
    const issues = issuesOf(() =>
      parsePlanCase({
        ...caseOf(),
        colour: 'blue',
        policy: { travel: { centsPerKm: -1 }, budget: { weights: { height: 2 } } },
      }),
    );
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      '',
      'policy.budget.weights',
      'policy.travel.centsPerKm',
    ]);
  });
});
