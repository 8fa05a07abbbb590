/** `atbalsts what-if` as a user runs it: the shipped examples in, the comparison out; refusals with exit 2. */
import { describe, expect, it } from 'vitest';
import { atbalsts } from './run-cli.ts';

const cohort = 'docs/examples/what-if-cohort.json';

describe('atbalsts what-if', () => {
  it('compares a 10 % budget cut with the current policy on the example cohort, as JSON', () => {
    const run = atbalsts([
      'what-if',
      '--period',
      '2025-01..2025-02',
      '--policy',
      'docs/examples/what-if-budget-cut-10.json',
      '--cohort',
      cohort,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.period).toEqual({ from: '2025-01', to: '2025-02' });
    expect(result.policies.proposed.id).toBe('LV-IB-CUT-10');
    expect(result.cohort.cases).toBe(6);
    expect(result.total.difference.budgetCents).toBeLessThan(0);
    expect(result.total.difference.paidCents).toBe(0);
    const budget = result.changes.find((change: { measure: string }) => change.measure === 'budgetCents');
    expect(budget.down.cases).toBe(6);
    // Every case id behind a band is a case of the cohort, and every case is in one band.
    const ids = result.cases.map((outcome: { caseId: string }) => outcome.caseId).sort();
    expect(budget.distribution.flatMap((band: { caseIds: string[] }) => band.caseIds).sort()).toEqual(ids);
  });

  it('compares two proposals with --baseline, as tables', () => {
    const run = atbalsts([
      'what-if',
      '--period',
      '2025-01..2025-02',
      '--baseline',
      'docs/examples/what-if-rehabilitation-80h.json',
      '--policy',
      'docs/examples/what-if-rehabilitation-100h.json',
      '--cohort',
      cohort,
      '--format',
      'text',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('What if LV-MK316-2022-AMENDED');
    expect(run.stdout).toContain('instead of LV-MK316-2021-ORIGINAL');
    // 80 h to 100 h for each of the six children, two months; the two who ask for a companion get
    // none beside the assistant (docs/policy.md), so the assistant's hours alone.
    expect(run.stdout).toMatch(/Assistant and companion hours granted\s+960 h\s+1200 h\s+\+240 h/);
  });

  it('refuses a bad period, policy or cohort with exit 2, naming each field, and a missing --policy with 64', () => {
    const period = atbalsts([
      'what-if',
      '--period',
      '2025-06..2025-01',
      '--policy',
      'docs/examples/what-if-budget-cut-10.json',
      '--cohort',
      cohort,
    ]);
    expect(period.code).toBe(2);
    expect(JSON.parse(period.stderr).issues.map((issue: { path: string }) => issue.path)).toEqual([
      '--period',
    ]);
    const missing = atbalsts([
      'what-if',
      '--period',
      '2025-01..2025-02',
      '--policy',
      'no-such.json',
      '--cohort',
      cohort,
    ]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).issues.map((issue: { path: string }) => issue.path)).toEqual([
      '--policy',
    ]);
    const stdinPolicy = atbalsts(
      ['what-if', '--period', '2025-01..2025-02', '--cohort', cohort, '--policy', '-'],
      JSON.stringify({
        id: 'x',
        source: 'y',
        rates: [{ from: '2025-01-01', centsPerHour: -1 }],
        weights: {},
      }),
    );
    expect(stdinPolicy.code).toBe(2);
    expect(
      JSON.parse(stdinPolicy.stderr)
        .issues.map((issue: { path: string }) => issue.path)
        .sort(),
    ).toEqual(['policy', 'policy.rates[0].centsPerHour']);
    expect(atbalsts(['what-if', '--period', '2025-01..2025-02']).code).toBe(64);
  });
});
