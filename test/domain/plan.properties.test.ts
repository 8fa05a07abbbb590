/**
 * Properties of the plan and of the claims over generated cases: the plan never exceeds the
 * budget, funded units are never below a line's minimum, the merged order is a permutation of
 * the recommendations, and every claimed unit is either paid or rejected.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleClaims } from '../../functions/domain/claims/settle-claims.ts';
import type { ServiceClaim } from '../../functions/domain/claims/types.ts';
import { type PlanCaseInput, parsePlanCase } from '../../functions/domain/plan/input.ts';
import { mergeRecommendations } from '../../functions/domain/plan/merge.ts';
import { makeSupportPlan } from '../../functions/domain/plan/plan.ts';

const CATALOGUE = [
  'physiotherapy',
  'pool-physiotherapy',
  'occupational-therapy',
  'speech-therapy',
  'psychologist-child',
  'aba-therapy',
  'music-therapy',
  'hippotherapy',
  'special-educator',
  'home-care',
  'respite-care',
  'support-person',
  'transport',
  'group-home',
  'companion',
];

const score = fc.integer({ min: 0, max: 4 });
const hundredths = (max: number) => fc.integer({ min: 0, max }).map((value) => value / 100);

const planCase: fc.Arbitrary<PlanCaseInput> = fc
  .record({
    services: fc.shuffledSubarray(CATALOGUE, { minLength: 0, maxLength: CATALOGUE.length }),
    ranks: fc.uniqueArray(fc.integer({ min: 1, max: 100 }), {
      minLength: CATALOGUE.length,
      maxLength: CATALOGUE.length,
    }),
    intensities: fc.array(
      fc.record({
        units: fc.integer({ min: 1, max: 30 }),
        minShare: fc.double({ min: 0, max: 1, noNaN: true }),
        essential: fc.boolean(),
      }),
      { minLength: CATALOGUE.length, maxLength: CATALOGUE.length },
    ),
    parentRanking: fc.shuffledSubarray(CATALOGUE),
    distances: fc.array(
      fc.integer({ min: 0, max: 800 }).map((tenths) => tenths / 10),
      {
        minLength: CATALOGUE.length,
        maxLength: CATALOGUE.length,
      },
    ),
    providerKnown: fc.array(fc.boolean(), { minLength: CATALOGUE.length, maxLength: CATALOGUE.length }),
    months: fc.integer({ min: 1, max: 12 }),
    scores: fc.record({
      mobility: score,
      selfCare: score,
      communication: score,
      learning: score,
      behaviour: score,
      familySupport: score,
    }),
    baseCents: fc.integer({ min: 0, max: 300_000 }),
    pointCents: fc.integer({ min: 0, max: 10_000 }),
    extraCapCents: fc.integer({ min: 0, max: 500_000 }),
    teamWeight: hundredths(100),
    parentWeight: hundredths(100).map((weight) => weight + 0.01),
    thresholdKm: fc.integer({ min: 0, max: 30 }),
    centsPerKm: fc.integer({ min: 0, max: 40 }),
  })
  .map((g) => ({
    participantId: 'P-prop',
    periodStart: '2024-01-01',
    months: g.months,
    assessment: { ...g.scores, weeklyRehabilitation: false, needsCompanion: false },
    recommendations: g.services.map((service, i) => {
      const intensity = g.intensities[i] ?? { units: 1, minShare: 0, essential: false };
      return {
        service,
        rank: g.ranks[i] ?? i + 1,
        unitsPerMonth: intensity.units,
        minUnitsPerMonth: Math.max(1, Math.ceil(intensity.units * intensity.minShare)),
        essential: intensity.essential,
      };
    }),
    parentRanking: g.parentRanking,
    providers: CATALOGUE.flatMap((service, i) =>
      g.providerKnown[i] ? [{ service, providerId: `${service}-p`, distanceKm: g.distances[i] ?? 0 }] : [],
    ),
    policy: {
      budget: { baseCents: g.baseCents, pointCents: g.pointCents, maxCents: g.baseCents + g.extraCapCents },
      merge: { teamWeight: g.teamWeight, parentWeight: g.parentWeight },
      travel: { thresholdKm: g.thresholdKm, centsPerKm: g.centsPerKm },
    },
  }));

describe('plan properties', () => {
  it('never spends more than the budget, and what it says it spends is the sum of its lines', () => {
    fc.assert(
      fc.property(planCase, (input) => {
        const plan = makeSupportPlan(parsePlanCase(input));
        const charged = plan.lines.reduce((sum, line) => sum + line.budgetCents, 0);
        expect(plan.totalCents).toBe(charged);
        expect(plan.totalCents).toBeLessThanOrEqual(plan.budget.cents);
        expect(plan.leftToPlanCents).toBe(plan.budget.cents - plan.totalCents);
        expect(plan.budget.cents % 100).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('funds every line at least at its minimum and at most at the recommended intensity', () => {
    fc.assert(
      fc.property(planCase, (input) => {
        const plan = makeSupportPlan(parsePlanCase(input));
        for (const line of plan.lines) {
          expect(line.unitsPerMonth).toBeGreaterThanOrEqual(line.minUnitsPerMonth);
          expect(line.unitsPerMonth).toBeLessThanOrEqual(line.requestedUnitsPerMonth);
          expect(line.periodCents).toBe(
            line.unitsPerMonth * (line.unitCents + line.travelCents) * plan.months,
          );
          expect(line.budgetCents).toBe(line.funding === 'individual-budget' ? line.periodCents : 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('merges into a permutation of the recommendations, essentials first, and places each in lines or unfunded', () => {
    fc.assert(
      fc.property(planCase, (input) => {
        const parsed = parsePlanCase(input);
        const merged = mergeRecommendations(parsed.recommendations, parsed.parentRanking, {
          teamWeightHundredths: 50,
          parentWeightHundredths: 50,
        });
        const services = parsed.recommendations.map((r) => r.service);
        expect(merged.map((m) => m.recommendation.service).sort()).toEqual([...services].sort());
        const firstOptional = merged.findIndex((m) => !m.recommendation.essential);
        if (firstOptional >= 0)
          expect(merged.slice(firstOptional).every((m) => !m.recommendation.essential)).toBe(true);

        const plan = makeSupportPlan(parsed);
        const placed = [...plan.lines, ...plan.unfunded].sort((a, b) => a.order - b.order);
        expect(placed.map((item) => item.order)).toEqual(services.map((_, i) => i + 1));
        expect(placed.map((item) => item.service).sort()).toEqual([...services].sort());
        const essentialUnfunded = plan.unfunded.filter((item) => item.essential).map((item) => item.service);
        const warned = plan.warnings.filter((w) => w.code === 'ESSENTIAL_NOT_FUNDABLE').map((w) => w.service);
        expect(warned).toEqual(essentialUnfunded);
      }),
      { numRuns: 300 },
    );
  });
});

const claimArbitrary: fc.Arbitrary<ServiceClaim> = fc.record({
  date: fc
    .integer({ min: 0, max: 200 })
    .map((day) => new Date(Date.UTC(2023, 11, 20 + day)).toISOString().slice(0, 10)),
  service: fc.constantFrom('physiotherapy', 'speech-therapy', 'hippotherapy'),
  units: fc.integer({ min: 1, max: 6 }),
  providerId: fc.constantFrom('a', 'b'),
  confirmed: fc.boolean(),
});

describe('claims properties', () => {
  it('pays within the period and monthly caps, and every unit claimed for the month is paid or rejected', () => {
    fc.assert(
      fc.property(
        fc.array(claimArbitrary, { maxLength: 60 }),
        fc.constantFrom(null, 0, 25, 100),
        fc.constantFrom('2024-01', '2024-03', '2024-06'),
        (claims, flexibility, month) => {
          const plan = {
            period: { start: '2024-01-01', end: '2024-06-30' },
            lines: [
              {
                service: 'physiotherapy',
                unitsPerMonth: 4,
                unitCents: 2_500,
                travelCents: 120,
                funding: 'individual-budget' as const,
              },
              {
                service: 'speech-therapy',
                unitsPerMonth: 2,
                unitCents: 2_500,
                travelCents: 0,
                funding: 'individual-budget' as const,
              },
            ],
            monthlyFlexibilityHundredths: flexibility,
          };
          const statement = settleClaims(plan, claims, month);
          for (const line of statement.lines) {
            expect(line.usedUnits).toBeLessThanOrEqual(line.periodUnits);
            if (flexibility !== null) {
              expect(line.monthUnits).toBeLessThanOrEqual(
                Math.floor((line.unitsPerMonth * (100 + flexibility)) / 100),
              );
            }
            expect(line.leftToSpendCents).toBe(line.periodCents - line.usedCents);
            expect(line.monthCents).toBe(line.paid.reduce((sum, paid) => sum + paid.amountCents, 0));
          }
          // Claims dated in the month: each unit is paid or rejected, none vanish.
          const claimedInMonth = claims
            .filter((c) => c.date.startsWith(month))
            .reduce((sum, c) => sum + c.units, 0);
          const paidInMonth = statement.lines.reduce((sum, line) => sum + line.monthUnits, 0);
          const rejectedInMonth = statement.rejected
            .filter((r) => r.date.startsWith(month))
            .reduce((sum, r) => sum + r.units, 0);
          expect(paidInMonth + rejectedInMonth).toBe(claimedInMonth);
          expect(statement.usedCents + statement.leftToSpendCents).toBe(
            statement.lines.reduce((sum, line) => sum + line.periodCents, 0),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
