/** The `atbalsts plan` contract, run as a user runs it: a separate process, JSON in, JSON out. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atbalsts, projectRoot as root } from './run-cli.ts';

const example = readFileSync(path.join(root, 'docs/examples/plan-case.json'), 'utf8');

describe('atbalsts plan', () => {
  it('plans the shipped example from stdin', () => {
    const run = atbalsts(['plan'], example);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(Object.keys(plan).slice(0, 9)).toEqual([
      'participantId',
      'period',
      'budget',
      'grants',
      'lines',
      'unfunded',
      'totalCents',
      'leftToPlanCents',
      'warnings',
    ]);
    expect(plan.period).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    // EUR 1 000 + 35 points x EUR 50 (docs/budget-model.md works it through)
    expect(plan.budget.cents).toBe(275_000);
    expect(plan.grants).toEqual([{ service: 'assistant', hoursPerMonth: 100, funding: 'state' }]);
    expect(plan.lines[0]).toMatchObject({
      service: 'physiotherapy',
      order: 1,
      unitsPerMonth: 8,
      unitCents: 2_500,
      travelCents: 0,
      periodCents: 120_000,
      funding: 'individual-budget',
    });
    expect(plan.unfunded).toEqual([
      expect.objectContaining({ service: 'hippotherapy', reason: 'NOT_ENOUGH_BUDGET' }),
    ]);
    expect(plan.totalCents + plan.leftToPlanCents).toBe(plan.budget.cents);
  });

  it('reads --input FILE the same as stdin', () => {
    const run = atbalsts(['plan', '--input', path.join(root, 'docs/examples/plan-case.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(atbalsts(['plan'], example).stdout);
  });

  it('exits 2 and names each bad field, computing nothing, for malformed input', () => {
    const bad = JSON.parse(example);
    bad.months = 'six';
    bad.assessment.behaviour = 7;
    bad.recommendations[1].unitsPerMonth = -4;
    const run = atbalsts(['plan'], JSON.stringify(bad));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const error = JSON.parse(run.stderr);
    expect(error.error).toBe('invalid-input');
    expect(error.message).toBe('The input has 3 problems; nothing was computed.');
    expect(error.issues.map((issue: { path: string }) => issue.path)).toEqual([
      'months',
      'assessment.behaviour',
      'recommendations[1].unitsPerMonth',
    ]);
  });

  it('exits 2 for text that is not JSON', () => {
    const run = atbalsts(['plan'], '{"participantId": ');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).issues[0].message).toMatch(/^not valid JSON/);
  });
});

describe('atbalsts settle with a plan and claims', () => {
  const hourCase = JSON.parse(readFileSync(path.join(root, 'docs/examples/settle-case.json'), 'utf8'));
  const plan = JSON.parse(atbalsts(['plan'], example).stdout);

  it('adds the services statement to the hour statement', () => {
    const claims = [
      { date: '2024-03-05', service: 'physiotherapy', units: 2, providerId: 'talsi-rehab', confirmed: true },
      { date: '2024-03-05', service: 'physiotherapy', units: 2, providerId: 'talsi-rehab', confirmed: true },
    ];
    const run = atbalsts(['settle'], JSON.stringify({ ...hourCase, plan, claims }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const statement = JSON.parse(run.stdout);
    expect(statement.paidMinutes).toBe(80 * 60);
    expect(statement.services).toMatchObject({ usedCents: 5_000, leftToSpendCents: plan.totalCents - 5_000 });
    expect(statement.services.rejected).toEqual([
      expect.objectContaining({ claim: 'claims[1]', reason: 'DUPLICATE' }),
    ]);
  });

  it('settles the shipped month with a plan and claims (docs/examples/plan-settle-month.json)', () => {
    const run = atbalsts(['settle', '--input', path.join(root, 'docs/examples/plan-settle-month.json')]);
    expect(run.code).toBe(0);
    const services = JSON.parse(run.stdout).services;
    expect(services.rejected.map((item: { reason: string }) => item.reason)).toEqual([
      'DUPLICATE',
      'UNCONFIRMED',
      'NOT_IN_PLAN',
      'LATER_MONTH',
    ]);
    // physiotherapy 2 in February and 4 in March, music therapy 1, at EUR 25: EUR 175 used so far
    expect(services).toMatchObject({ monthCents: 12_500, usedCents: 17_500, leftToSpendCents: 249_500 });
  });

  it('exits 2 naming bad fields of the claims and of the hour case together', () => {
    const claims = [0, 1, 2, 3].map((day) => ({
      date: `2024-03-0${day + 1}`,
      service: 'physiotherapy',
      units: day === 3 ? 0 : 1,
      providerId: 'talsi-rehab',
      confirmed: true,
    }));
    const run = atbalsts(['settle'], JSON.stringify({ ...hourCase, month: '2024-13', plan, claims }));
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr).issues.map((issue: { path: string }) => issue.path)).toEqual([
      'month',
      'claims[3].units',
    ]);
  });
});
