/** The plan's state-funded hours as the law has them: companion or assistant, eligibility, the grant's length. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanCase } from '../../functions/domain/plan/input.ts';
import { makeSupportPlan } from '../../functions/domain/plan/plan.ts';
import { refusalOf } from './fixtures.ts';

const example = JSON.parse(
  readFileSync(new URL('../../docs/examples/plan-case.json', import.meta.url), 'utf8'),
);
const plan = (changes: Record<string, unknown>) => makeSupportPlan(parsePlanCase({ ...example, ...changes }));

describe('assistant or companion, never both (No. 316)', () => {
  it('refuses a plan that recommends both services, naming the rule', () => {
    const issues = refusalOf(() =>
      parsePlanCase({
        ...example,
        recommendations: [
          { service: 'assistant', rank: 1, unitsPerMonth: 80 },
          { service: 'companion', rank: 2, unitsPerMonth: 60 },
        ],
        parentRanking: [],
      }),
    );
    expect(issues).toEqual([
      {
        path: 'recommendations[1].service',
        message: expect.stringContaining('does not receive the assistant service'),
      },
    ]);
  });

  it('grants only the assistant, with a warning naming the rule, when the assessment asks for a companion too', () => {
    const result = plan({ assessment: { ...example.assessment, needsCompanion: true } });
    expect(result.grants.map((grant) => grant.service)).toEqual(['assistant']);
    expect(result.warnings.find((warning) => warning.code === 'COMPANION_WITH_ASSISTANT')?.message).toContain(
      'Cabinet Regulation No. 316',
    );
  });

  it('grants the companion alone for a companion opinion', () => {
    const result = plan({ assessment: { ...example.assessment, opinion: 'companion' } });
    expect(result.grants).toEqual([{ service: 'companion', hoursPerMonth: 60, funding: 'state' }]);
  });
});

describe('the dates of the bands (No. 315 of 24 May 2022)', () => {
  const weekly = { ...example.assessment, weeklyRehabilitation: true };
  it('gives 100 h from a period starting after 27 May 2022, 80 h before, and warns of the change inside a period', () => {
    expect(plan({ periodStart: '2022-06-01', assessment: weekly }).grants[0]?.hoursPerMonth).toBe(100);
    const before = plan({ periodStart: '2022-01-01', assessment: weekly });
    expect(before.grants[0]?.hoursPerMonth).toBe(80);
    expect(before.warnings.map((warning) => warning.code)).toContain('ENTITLEMENT_CHANGES_IN_PERIOD');
  });
});

describe('eligibility and the grant’s length', () => {
  it('refuses a child under 5 or 18 and over, naming the rule', () => {
    const young = refusalOf(() => parsePlanCase({ ...example, participant: { birthDate: '2020-03-01' } }));
    expect(young).toEqual([{ path: 'participant.birthDate', message: expect.stringContaining('under 5') }]);
    const old = refusalOf(() => parsePlanCase({ ...example, participant: { birthDate: '2005-06-01' } }));
    expect(old[0]?.message).toContain('ages 5 to 17');
  });

  it('ends the grant at the disability’s end or the day before the 18th birthday, whichever is first', () => {
    const start = example.periodStart as string;
    const birthYear = Number(start.slice(0, 4)) - 17;
    const turning18 = plan({ participant: { birthDate: `${birthYear}-03-15` } });
    expect(turning18.grants[0]?.until).toBe(`${birthYear + 18}-03-14`);
    const disability = plan({ participant: { disabilityUntil: `${start.slice(0, 4)}-04-30` } });
    expect(disability.grants[0]?.until).toBe(`${start.slice(0, 4)}-04-30`);
  });
});
