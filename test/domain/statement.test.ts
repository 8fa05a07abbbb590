/** The joined monthly statement: assistant hours and service claims, validated together. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlanCase } from '../../functions/domain/plan/input.ts';
import { makeSupportPlan } from '../../functions/domain/plan/plan.ts';
import { parseSettlementCase } from '../../functions/domain/settlement/input.ts';
import { settleHours } from '../../functions/domain/settlement/settle.ts';
import { parseMonthlyCase, settleMonth } from '../../functions/domain/statement/monthly.ts';
import { refusalOf } from './fixtures.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hourCase = JSON.parse(
  readFileSync(path.join(root, 'docs/examples/settle-case.json'), 'utf8'),
) as Record<string, unknown>;
const plan = makeSupportPlan(
  parsePlanCase(JSON.parse(readFileSync(path.join(root, 'docs/examples/plan-case.json'), 'utf8'))),
);

const claim = (date: string, service: string, units: number, confirmed = true) => ({
  date,
  service,
  units,
  providerId: 'talsi-rehab',
  confirmed,
});

function issuePaths(json: unknown) {
  return refusalOf(() => parseMonthlyCase(json)).map((issue) => issue.path);
}

describe('the monthly statement', () => {
  it('is the hour statement alone when the case has neither plan nor claims', () => {
    const statement = settleMonth(parseMonthlyCase(hourCase));
    expect(statement).toEqual(settleHours(parseSettlementCase(hourCase)));
    expect('services' in statement).toBe(false);
  });

  it('joins the hour statement and the service claims paid against the plan', () => {
    const statement = settleMonth(
      parseMonthlyCase({
        ...hourCase,
        plan,
        claims: [
          claim('2024-03-05', 'physiotherapy', 2),
          claim('2024-03-12', 'physiotherapy', 2),
          claim('2024-03-12', 'hippotherapy', 1),
          claim('2024-03-19', 'music-therapy', 1, false),
        ],
      }),
    );
    expect(statement.amountCents).toBe(settleHours(parseSettlementCase(hourCase)).amountCents);
    const services = statement.services;
    expect(services?.month).toBe('2024-03');
    // physiotherapy: 4 sessions x EUR 25 from the budget
    expect(services?.monthCents).toBe(10_000);
    expect(services?.usedCents).toBe(10_000);
    expect(services?.leftToSpendCents).toBe(plan.totalCents - 10_000);
    expect(services?.rejected.map((item) => [item.claim, item.reason])).toEqual([
      ['claims[2]', 'NOT_IN_PLAN'],
      ['claims[3]', 'UNCONFIRMED'],
    ]);
    expect(services?.lines.map((line) => line.service)).toEqual(plan.lines.map((line) => line.service));
  });

  it('reports the problems of both halves at once, each with its full path', () => {
    const paths = issuePaths({
      ...hourCase,
      grant: { hoursPerMonth: -1 },
      plan,
      claims: [
        claim('2024-03-05', 'physiotherapy', 1),
        claim('2024-03-05', 'physiotherapy', 1),
        claim('2024-03-06', 'physiotherapy', 1),
        { ...claim('2024-03-07', 'physiotherapy', 1), units: 1.5 },
      ],
    });
    expect(paths).toEqual(['grant.hoursPerMonth', 'claims[3].units']);
  });

  it('asks for the plan when claims come alone', () => {
    expect(issuePaths({ ...hourCase, claims: [] })).toEqual(['plan']);
  });
});
