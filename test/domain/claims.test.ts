/** Service claims against a support plan: caps, flexibility, duplicates, confirmations, the period. */
import { describe, expect, it } from 'vitest';
import { parseServicesPart } from '../../functions/domain/claims/input.ts';
import { monthCapUnits, settleClaims } from '../../functions/domain/claims/settle-claims.ts';
import type { PlanForClaims, ServiceClaim } from '../../functions/domain/claims/types.ts';
import { refusalOf } from './fixtures.ts';

/** Six months from January 2024: physiotherapy 4 a month at EUR 25 (+ EUR 3 travel), home care from the municipality. */
function planWith(flexibilityHundredths: number | null = null): PlanForClaims {
  return {
    period: { start: '2024-01-01', end: '2024-06-30' },
    lines: [
      {
        service: 'physiotherapy',
        unitsPerMonth: 4,
        unitCents: 2_500,
        travelCents: 300,
        funding: 'individual-budget',
      },
      { service: 'home-care', unitsPerMonth: 20, unitCents: 700, travelCents: 0, funding: 'municipality' },
    ],
    monthlyFlexibilityHundredths: flexibilityHundredths,
  };
}

function claim(date: string, units = 1, extra: Partial<ServiceClaim> = {}): ServiceClaim {
  return { date, service: 'physiotherapy', units, providerId: 'talsi-rehab', confirmed: true, ...extra };
}

/** One claim a day on consecutive days from `from`, `units` each. */
function daily(from: string, count: number, units = 1): ServiceClaim[] {
  const month = from.slice(0, 8);
  const first = Number(from.slice(8, 10));
  return Array.from({ length: count }, (_, i) =>
    claim(`${month}${String(first + i).padStart(2, '0')}`, units),
  );
}

const reasons = (statement: ReturnType<typeof settleClaims>) =>
  statement.rejected.map((item) => [item.claim, item.reason, item.units]);

describe('settleClaims', () => {
  it('pays confirmed claims in the plan at unit price plus travel', () => {
    const statement = settleClaims(planWith(), [claim('2024-03-04'), claim('2024-03-11', 2)], '2024-03');
    const physio = statement.lines[0];
    expect(physio?.paid).toEqual([
      { claim: 'claims[0]', date: '2024-03-04', providerId: 'talsi-rehab', units: 1, amountCents: 2_800 },
      { claim: 'claims[1]', date: '2024-03-11', providerId: 'talsi-rehab', units: 2, amountCents: 5_600 },
    ]);
    expect(physio).toMatchObject({
      periodUnits: 24,
      periodCents: 67_200,
      monthUnits: 3,
      monthCents: 8_400,
      usedUnits: 3,
      usedCents: 8_400,
      leftToSpendUnits: 21,
      leftToSpendCents: 58_800,
    });
    expect(statement).toMatchObject({
      usedCents: 8_400,
      leftToSpendCents: 58_800,
      monthCents: 8_400,
      rejected: [],
    });
  });

  it('lets a month exceed its share when the period total is the only cap (the default)', () => {
    // 10 sessions in March against 4 a month: all paid, the period still has 14
    const statement = settleClaims(planWith(null), daily('2024-03-01', 10), '2024-03');
    expect(statement.lines[0]).toMatchObject({ monthUnits: 10, leftToSpendUnits: 14 });
    expect(statement.rejected).toEqual([]);
  });

  it('caps the period total and splits the claim that crosses it', () => {
    // 20 sessions in February, then 3 + 3 + 2 in March: 24 is the period cap, so the second March
    // claim is split (1 paid, 2 rejected) and the third is rejected whole
    const claims = [
      ...daily('2024-02-01', 20),
      claim('2024-03-04', 3),
      claim('2024-03-05', 3),
      claim('2024-03-06', 2),
    ];
    const statement = settleClaims(planWith(), claims, '2024-03');
    expect(statement.lines[0]).toMatchObject({
      monthUnits: 4,
      usedUnits: 24,
      leftToSpendUnits: 0,
      leftToSpendCents: 0,
    });
    expect(reasons(statement)).toEqual([
      ['claims[21]', 'PERIOD_CAP', 2],
      ['claims[22]', 'PERIOD_CAP', 2],
    ]);
    expect(statement.rejected[0]?.detail).toBe(
      "the plan's 24 units of physiotherapy for the period are used up",
    );
    expect(statement.lines[0]?.paid.map((paid) => paid.units)).toEqual([3, 1]);
  });

  it('caps a month at its share plus the policy flexibility, rounded down', () => {
    // 25 %: 4 x 1.25 = 5 a month
    expect(monthCapUnits(4, 25)).toBe(5);
    // 10 %: 4 x 1.1 = 4.4 -> 4
    expect(monthCapUnits(4, 10)).toBe(4);
    expect(monthCapUnits(4, null)).toBe(Number.POSITIVE_INFINITY);
    const statement = settleClaims(planWith(25), daily('2024-03-01', 7), '2024-03');
    expect(statement.lines[0]).toMatchObject({ monthUnits: 5, leftToSpendUnits: 19 });
    expect(reasons(statement)).toEqual([
      ['claims[5]', 'MONTH_CAP', 1],
      ['claims[6]', 'MONTH_CAP', 1],
    ]);
    expect(statement.rejected[0]?.detail).toBe(
      '2024-03 may carry at most 5 units of physiotherapy (4 a month plus the flexibility)',
    );
  });

  it('with no flexibility at all, caps each month at exactly its share', () => {
    const statement = settleClaims(planWith(0), [claim('2024-03-04', 3), claim('2024-03-05', 3)], '2024-03');
    expect(statement.lines[0]?.monthUnits).toBe(4);
    expect(reasons(statement)).toEqual([['claims[1]', 'MONTH_CAP', 2]]);
  });

  it('rejects claims for services not in the plan, unconfirmed claims and claims outside the period', () => {
    const statement = settleClaims(
      planWith(),
      [
        claim('2024-03-04', 1, { service: 'hippotherapy' }),
        claim('2024-03-05', 1, { confirmed: false }),
        claim('2023-12-29'),
        claim('2024-07-01'),
      ],
      '2024-03',
    );
    expect(reasons(statement)).toEqual([
      ['claims[2]', 'OUTSIDE_PERIOD', 1],
      ['claims[0]', 'NOT_IN_PLAN', 1],
      ['claims[1]', 'UNCONFIRMED', 1],
      ['claims[3]', 'OUTSIDE_PERIOD', 1],
    ]);
    expect(statement.rejected.map((item) => item.detail)).toEqual([
      '2023-12-29 is outside the plan period 2024-01-01 to 2024-06-30',
      'hippotherapy is not in the support plan',
      'the parent has not confirmed this claim',
      '2024-07-01 is outside the plan period 2024-01-01 to 2024-06-30',
    ]);
    expect(statement.usedCents).toBe(0);
  });

  it('rejects a second claim by the same provider for the same date and service', () => {
    const statement = settleClaims(
      planWith(),
      [
        claim('2024-03-04', 1),
        claim('2024-03-04', 2),
        // another provider the same day, and the same provider another service, are not duplicates
        claim('2024-03-04', 1, { providerId: 'kurzeme-rehab' }),
        claim('2024-03-04', 4, { service: 'home-care' }),
      ],
      '2024-03',
    );
    expect(reasons(statement)).toEqual([['claims[1]', 'DUPLICATE', 2]]);
    expect(statement.lines[0]?.monthUnits).toBe(2);
  });

  it('does not let an unconfirmed claim make its confirmed resubmission a duplicate', () => {
    const statement = settleClaims(
      planWith(),
      [claim('2024-03-04', 1, { confirmed: false }), claim('2024-03-04', 1)],
      '2024-03',
    );
    expect(reasons(statement)).toEqual([['claims[0]', 'UNCONFIRMED', 1]]);
    expect(statement.lines[0]?.monthUnits).toBe(1);
  });

  it('counts earlier months as used, shows only this month, and holds later claims for their month', () => {
    const claims = [
      claim('2024-01-10', 2),
      claim('2024-02-10', 3, { confirmed: false }),
      claim('2024-02-12', 3),
      claim('2024-03-10', 1),
      claim('2024-04-10', 1),
    ];
    const march = settleClaims(planWith(), claims, '2024-03');
    expect(march.lines[0]).toMatchObject({ monthUnits: 1, usedUnits: 6, leftToSpendUnits: 18 });
    expect(march.lines[0]?.paid.map((paid) => paid.claim)).toEqual(['claims[3]']);
    expect(reasons(march)).toEqual([['claims[4]', 'LATER_MONTH', 1]]);
    // February's unconfirmed claim was on February's statement; March counts it, never hides it
    expect(march.earlierRejections).toBe(1);
    const february = settleClaims(planWith(), claims, '2024-02');
    expect(reasons(february)).toEqual([
      ['claims[1]', 'UNCONFIRMED', 3],
      ['claims[3]', 'LATER_MONTH', 1],
      ['claims[4]', 'LATER_MONTH', 1],
    ]);
  });

  it('settles the same way whatever order the claims arrive in', () => {
    const claims = [...daily('2024-02-01', 20), claim('2024-03-04', 3), claim('2024-03-05', 3)];
    const forward = settleClaims(planWith(), claims, '2024-03');
    const backward = settleClaims(planWith(), [...claims].reverse(), '2024-03');
    expect(backward.lines[0]?.paid.map((paid) => [paid.date, paid.units])).toEqual(
      forward.lines[0]?.paid.map((paid) => [paid.date, paid.units]),
    );
    expect(backward.usedCents).toBe(forward.usedCents);
  });

  it('pays municipality-funded lines without touching the individual budget', () => {
    const statement = settleClaims(planWith(), [claim('2024-03-04', 8, { service: 'home-care' })], '2024-03');
    expect(statement.lines[1]).toMatchObject({ service: 'home-care', monthUnits: 8, monthCents: 5_600 });
    expect(statement).toMatchObject({ usedCents: 0, monthCents: 0, leftToSpendCents: 67_200 });
  });
});

describe('parseServicesPart', () => {
  const plan = {
    participantId: 'P-1',
    period: { start: '2024-01-01', end: '2024-06-30' },
    lines: [
      {
        service: 'physiotherapy',
        order: 1,
        unitsPerMonth: 4,
        unitCents: 2_500,
        travelCents: 0,
        periodCents: 60_000,
        funding: 'individual-budget',
      },
    ],
  };

  function issuesOf(json: { plan?: unknown; claims?: unknown }) {
    return refusalOf(() => parseServicesPart(json)).map((issue) => issue.path);
  }

  it('takes the plan output as it is and the flexibility from the plan or from the policy in force', () => {
    expect(parseServicesPart({ plan }).plan.monthlyFlexibilityHundredths).toBeNull();
    const flexible = parseServicesPart({ plan: { ...plan, policy: { id: 'x', monthlyFlexibility: 0.3 } } });
    expect(flexible.plan.monthlyFlexibilityHundredths).toBe(30);
  });

  it('names each bad claim field with its full path', () => {
    expect(
      issuesOf({
        plan,
        claims: [
          claim('2024-03-04'),
          claim('2024-03-05'),
          claim('2024-03-06'),
          { ...claim('2024-02-30'), units: 0, extra: true },
          { date: '2024-03-07', service: 'physiotherapy', units: 1, providerId: 'x' },
        ],
      }).sort(),
    ).toEqual(['claims[3]', 'claims[3].date', 'claims[3].units', 'claims[4].confirmed']);
  });

  it('names bad plan fields and asks for a plan when claims come without one', () => {
    expect(
      issuesOf({
        plan: {
          period: { start: '2024-06-30', end: '2024-01-01' },
          lines: [{ ...plan.lines[0], funding: 'lottery' }],
        },
      }),
    ).toEqual(['plan.period.end', 'plan.lines[0].funding']);
    expect(issuesOf({ claims: [] })).toEqual(['plan']);
  });
});
