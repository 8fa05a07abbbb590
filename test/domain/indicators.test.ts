/** The indicators' pure parts: what events add, the month's table with its means, and each suppression rule. */
import { describe, expect, it } from 'vitest';
import {
  activationChanges,
  assessmentCounters,
  handOverChanges,
  statementCounters,
} from '../../functions/domain/indicators/deltas.ts';
import { indicatorTable, suppress } from '../../functions/domain/indicators/table.ts';
import { indicatorUpdates } from '../../functions/store/indicators.ts';

describe('what an event adds', () => {
  it('an assessment is on time up to the wait, late by the days beyond it', () => {
    expect(assessmentCounters('2026-11-02', '2026-11-16', 14)).toEqual({
      assessmentsDone: 1,
      assessmentsOnTime: 1,
    });
    expect(assessmentCounters('2026-11-02', '2026-11-20', 14)).toEqual({
      assessmentsDone: 1,
      assessmentsLate: 1,
      assessmentLateDays: 4,
    });
  });

  it('a statement: submitted is paid timesheet lines plus every rejected minute; a supplementary one is late', () => {
    const original = {
      paidMinutes: 300,
      amountCents: 2_555,
      lines: [
        { minutes: 240, source: 'timesheet' as const },
        { minutes: 60, source: 'emergency' as const },
      ],
      rejected: [
        { minutes: 30, reason: 'UNCONFIRMED' as const },
        { minutes: 90, reason: 'MONTH_CAP' as const },
      ],
      services: { monthCents: 10_000 },
    };
    expect(statementCounters(original, 'original', undefined)).toEqual({
      hoursRejectedMinutes_UNCONFIRMED: 30,
      hoursRejectedMinutes_MONTH_CAP: 90,
      hoursSubmittedMinutes: 360,
      hoursConfirmedMinutes: 330,
      hoursPaidMinutes: 300,
      amountPaidCents: 2_555,
      budgetUsedCents: 10_000,
      statementsSettled: 1,
    });
    const later = { ...original, rejected: [], services: { monthCents: 12_500 } };
    expect(statementCounters(later, 'supplementary', original)).toMatchObject({
      budgetUsedCents: 2_500,
      supplementaryStatements: 1,
      latePaidMinutes: 300,
      latePaidCents: 2_555,
    });
  });

  it('a plan taking effect counts in its first month, its hours in every month', () => {
    const changes = activationChanges(
      {
        period: { start: '2026-12-01', end: '2027-01-31' },
        budget: { cents: 275_000 },
        totalCents: 240_000,
        grants: [{ service: 'assistant', hoursPerMonth: 80 }],
        unfunded: [{ service: 'transport', fundableWithoutTravel: true }, { service: 'hippotherapy' }],
        warnings: [{ code: 'NO_PROVIDER' }, { code: 'UNUSED_BUDGET' }],
      },
      ['2026-12', '2027-01'],
    );
    expect(changes).toEqual([
      {
        month: '2026-12',
        counters: {
          plansActivated: 1,
          budgetAllocatedCents: 275_000,
          budgetPlannedCents: 240_000,
          servicesUnfundedDistance: 1,
          servicesUnfundedBudget: 1,
          servicesWithoutProvider: 1,
          hoursGrantedMinutes: 4_800,
        },
      },
      { month: '2027-01', counters: { hoursGrantedMinutes: 4_800 } },
    ]);
  });

  it('a grant that ends earlier (the child comes of age) counts to the month it ends in', () => {
    const changes = activationChanges(
      {
        period: { start: '2026-12-01', end: '2027-05-31' },
        budget: { cents: 0 },
        totalCents: 0,
        grants: [{ service: 'assistant', hoursPerMonth: 100, until: '2027-02-13' }],
        unfunded: [],
        warnings: [],
      },
      ['2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05'],
    );
    expect(changes.map(({ month, counters }) => [month, counters['hoursGrantedMinutes']])).toEqual([
      ['2026-12', 6_000],
      ['2027-01', 6_000],
      ['2027-02', 6_000],
    ]);
  });
});

describe('a grant handed over to the next plan', () => {
  it('carried on past its end adds its hours to the months it runs into; cut short takes them back', () => {
    // Ended in June, the next plan starts in August: July is granted by the old grant.
    expect(handOverChanges([{ minutes: 4_800, to: '2025-06-30' }], '2025-08-01')).toEqual([
      { month: '2025-07', counters: { hoursGrantedMinutes: 4_800 } },
    ]);
    // An early review: the next plan starts in May, so May and June lose the old grant.
    expect(handOverChanges([{ minutes: 6_000, to: '2025-06-30' }], '2025-05-01')).toEqual([
      { month: '2025-05', counters: { hoursGrantedMinutes: -6_000 } },
      { month: '2025-06', counters: { hoursGrantedMinutes: -6_000 } },
    ]);
    expect(handOverChanges([{ minutes: 6_000, to: '2025-06-30' }], '2025-07-01')).toEqual([]);
  });
});

describe('the month’s table and its suppression', () => {
  const table = indicatorTable(
    '2026-11',
    '2026-12-01',
    new Map([
      [
        'a',
        {
          plansApproved: 7,
          approvalDays: 10,
          amountPaidCents: 90_000,
          earlyReviews: 2,
          assessmentsLate: 1,
          assessmentLateDays: 4,
        },
      ],
      ['b', { plansApproved: 3, approvalDays: 9, amountPaidCents: 40_000 }],
      ['c', { plansApproved: 6, approvalDays: 6, amountPaidCents: 80_000 }],
      ['d', { plansApproved: 8, amountPaidCents: 20_000 }],
    ]),
    {
      childrenServed: new Map([
        ['a', 20],
        ['b', 3],
        ['c', 12],
        ['d', 9],
      ]),
      newCases: new Map(),
      phases: new Map(),
    },
  );

  it('sums the country and divides for the means, rounding half up', () => {
    expect(table.country.values).toMatchObject({ plansApproved: 24, approvalDays: 25, childrenServed: 44 });
    expect(table.rows.find((row) => row.municipality === 'a')?.values['approvalMeanDays']).toBe(1);
    expect(table.country.values['approvalMeanDays']).toBe(1);
  });

  it('hides small counts, the rows of municipalities serving few children, their means, and one more figure per column', () => {
    const safe = suppress(table, 5);
    const cell = (municipality: string, name: string) =>
      safe.rows.find((row) => row.municipality === municipality)?.cells[name];
    // Rule 2: b serves 3 children: its non-zero figures go.
    expect(cell('b', 'amountPaidCents')).toEqual({ value: null, suppressed: 'row' });
    expect(cell('b', 'newCases')).toEqual({ value: 0 });
    // Rule 1: a's two early reviews.
    expect(cell('a', 'earlyReviews')).toEqual({ value: null, suppressed: 'count' });
    // Rule 4: b alone hidden in amountPaidCents, so d's 20 000, the smallest other, goes too.
    expect(cell('d', 'amountPaidCents')).toEqual({ value: null, suppressed: 'secondary' });
    expect(cell('c', 'amountPaidCents')).toEqual({ value: 80_000 });
    // Rule 3: b's mean goes with its count; so do a's days late, about its one late assessment.
    expect(cell('b', 'approvalMeanDays')?.value).toBeNull();
    expect(cell('a', 'assessmentsLate')).toEqual({ value: null, suppressed: 'count' });
    expect(cell('a', 'assessmentLateDays')).toEqual({ value: null, suppressed: 'dependent' });
    expect(cell('a', 'assessmentMeanLateDays')).toEqual({ value: null, suppressed: 'dependent' });
    // The country keeps its totals.
    expect(safe.country.cells['amountPaidCents']).toEqual({ value: 230_000 });
    expect(safe.country.cells['earlyReviews']).toEqual({ value: null, suppressed: 'count' });
  });
});

describe('the counters’ updates', () => {
  it('names each month’s item once in a transaction, the changes of a month added together', () => {
    const items = indicatorUpdates({ municipality: 'talsi', caseId: 'c-1' }, [
      { month: '2025-05', counters: { hoursGrantedMinutes: 6_000, plansActivated: 1 } },
      { month: '2025-06', counters: { hoursGrantedMinutes: 6_000 } },
      { month: '2025-05', counters: { hoursGrantedMinutes: -4_800 } },
    ]);
    expect(items.map((item) => item.Update?.Key)).toEqual([
      { pk: 'INDICATOR#2025-05', sk: expect.stringMatching(/^M#talsi#[0-7]$/) },
      { pk: 'INDICATOR#2025-06', sk: expect.stringMatching(/^M#talsi#[0-7]$/) },
    ]);
    expect(items[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':c0': 1_200, ':c1': 1 });
    expect(() =>
      indicatorUpdates({ municipality: 'talsi', caseId: 'c-1' }, [
        { month: '2025-05', counters: { nonsense: 1 } },
      ]),
    ).toThrow(RangeError);
  });
});
