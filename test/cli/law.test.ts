/** `atbalsts plan` and `atbalsts settle` apply the rules of issue 16, as a user runs them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atbalsts, projectRoot as root } from './run-cli.ts';

const example = JSON.parse(readFileSync(path.join(root, 'docs/examples/plan-case.json'), 'utf8'));

describe('atbalsts plan and settle apply the law’s rules', () => {
  it('plan: asking for both the assistant and the companion exits 2 naming the rule', () => {
    const run = atbalsts(
      ['plan'],
      JSON.stringify({
        ...example,
        recommendations: [
          { service: 'companion', rank: 1, unitsPerMonth: 60 },
          { service: 'assistant', rank: 2, unitsPerMonth: 80 },
        ],
        parentRanking: [],
      }),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('recommendations[1].service');
    expect(run.stderr).toContain('does not receive the assistant service');
  });

  it('plan: a companion asked beside the assistant is a warning, and a child under 5 is refused', () => {
    const warned = atbalsts(
      ['plan'],
      JSON.stringify({ ...example, assessment: { ...example.assessment, needsCompanion: true } }),
    );
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout).warnings.map((w: { code: string }) => w.code)).toContain(
      'COMPANION_WITH_ASSISTANT',
    );
    const young = atbalsts(
      ['plan'],
      JSON.stringify({ ...example, participant: { birthDate: '2021-01-01' } }),
    );
    expect(young.code).toBe(2);
    expect(young.stderr).toContain('participant.birthDate');
  });

  it('settle: the other case’s time and a hospital stay are not paid, with their reasons', () => {
    const run = atbalsts(
      ['settle'],
      JSON.stringify({
        participantId: 'P-2',
        month: '2024-03',
        grant: { hoursPerMonth: 80 },
        noPayPeriods: [{ kind: 'hospital', from: '2024-03-10', to: '2024-03-15' }],
        otherCases: [{ caseId: 'c-1', assistantId: 'ilze', date: '2024-03-04', hours: 3, start: '10:00' }],
        timesheets: [
          {
            assistantId: 'ilze',
            entries: [
              { date: '2024-03-04', hours: 3, start: '09:00', activity: 'work', confirmed: true },
              { date: '2024-03-12', hours: 2, activity: 'work', confirmed: true },
              { date: '2024-03-20', hours: 2, activity: 'work', confirmed: true },
            ],
          },
        ],
      }),
    );
    expect(run.stderr).toBe('');
    const statement = JSON.parse(run.stdout);
    expect(statement.paidMinutes).toBe(120);
    expect(statement.rejected.map((item: { reason: string }) => item.reason)).toEqual([
      'OTHER_CASE',
      'NO_PAY_PERIOD',
    ]);
  });
});
