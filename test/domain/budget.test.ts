/** The indicative budget: its arithmetic, its rounding, its derivation, and the policy it reads. */
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  assistantGrants,
  indicativeBudget,
} from '../../functions/domain/budget/indicative.ts';
import { budgetRulesFor, individualBudgetVersionOn } from '../../functions/domain/budget/policy.ts';
import { BUILT_IN_POLICY, entitlementsOn } from '../../functions/domain/policy/policy.ts';
import { type BudgetRules, policyBookSchema } from '../../functions/domain/policy/schema.ts';
import { refusalOf } from './fixtures.ts';

const rules: BudgetRules = {
  baseCents: 100_000,
  pointCents: 5_000,
  maxCents: 400_000,
  weights: { mobility: 3, selfCare: 3, communication: 3, learning: 2, behaviour: 3, familySupport: 2 },
  unusedShareWarning: 0.2,
};

function assessment(scores: Partial<Assessment['scores']> = {}, flags: Partial<Assessment> = {}): Assessment {
  return {
    scores: {
      mobility: 0,
      selfCare: 0,
      communication: 0,
      learning: 0,
      behaviour: 0,
      familySupport: 0,
      ...scores,
    },
    weeklyRehabilitation: false,
    needsCompanion: false,
    ...flags,
  };
}

const issuesOf = refusalOf;

describe('indicativeBudget', () => {
  it('is the base alone when every domain scores 0', () => {
    expect(indicativeBudget(assessment(), 6, rules).cents).toBe(100_000);
  });

  it('adds weight x score x point value per domain', () => {
    // mobility 2 x 3 = 6 points, communication 4 x 3 = 12, learning 1 x 2 = 2: 20 points x EUR 50
    const budget = indicativeBudget(assessment({ mobility: 2, communication: 4, learning: 1 }), 6, rules);
    expect(budget.cents).toBe(100_000 + 20 * 5_000);
  });

  it('caps the six-month sum at maxCents', () => {
    const all4 = assessment({
      mobility: 4,
      selfCare: 4,
      communication: 4,
      learning: 4,
      behaviour: 4,
      familySupport: 4,
    });
    // 64 points x EUR 50 + EUR 1 000 = EUR 4 200, above the EUR 4 000 cap
    const budget = indicativeBudget(all4, 6, rules);
    expect(budget.cents).toBe(400_000);
    expect(budget.terms.find((term) => term.term === 'sum')?.cents).toBe(420_000);
    expect(budget.terms.find((term) => term.term === 'cap')).toMatchObject({ applied: true, cents: 400_000 });
  });

  it('scales to the months of the period and rounds down to whole euros', () => {
    // six months: 100_000 + 7 x 5_000 = 135_000 (mobility 1 x 3 + learning 2 x 2 = 7 points)
    const scores = { mobility: 1, learning: 2 };
    expect(indicativeBudget(assessment(scores), 6, rules).cents).toBe(135_000);
    // 135_000 x 1 / 6 = 22_500 exactly
    expect(indicativeBudget(assessment(scores), 1, rules).cents).toBe(22_500);
    // 135_000 x 5 / 6 = 112_500
    expect(indicativeBudget(assessment(scores), 5, rules).cents).toBe(112_500);
    // 100_001 cents x 1 / 6 = 16_666.83 cents: down to EUR 166, never up to EUR 167
    const odd = { ...rules, baseCents: 100_001 };
    expect(indicativeBudget(assessment(), 1, odd).cents).toBe(16_600);
    // 100_099 x 6 / 6 = 100_099: down to whole euros, EUR 1 000
    expect(indicativeBudget(assessment(), 6, { ...rules, baseCents: 100_099 }).cents).toBe(100_000);
    // twelve months double the six-month figure
    expect(indicativeBudget(assessment(scores), 12, rules).cents).toBe(270_000);
  });

  it('writes out every term, in order, and the terms add up', () => {
    const budget = indicativeBudget(assessment({ selfCare: 3, behaviour: 2 }), 6, rules);
    expect(budget.terms.map((term) => (term.term === 'domain' ? term.domain : term.term))).toEqual([
      'base',
      'mobility',
      'selfCare',
      'communication',
      'learning',
      'behaviour',
      'familySupport',
      'sum',
      'cap',
      'period',
    ]);
    const selfCare = budget.terms[2];
    expect(selfCare).toMatchObject({ term: 'domain', score: 3, weight: 3, pointCents: 5_000, cents: 45_000 });
    expect(selfCare?.explanation).toBe('selfCare: score 3 x weight 3 x EUR 50,00 a point = EUR 450,00.');
    const parts = budget.terms.filter((term) => term.term === 'base' || term.term === 'domain');
    const sum = budget.terms.find((term) => term.term === 'sum');
    expect(parts.reduce((total, term) => total + term.cents, 0)).toBe(sum?.cents);
    expect(budget.terms.at(-1)).toMatchObject({ term: 'period', months: 6, cents: budget.cents });
  });
});

describe('assistantGrants', () => {
  it('grants the child assistant 80 h a month, 100 h with weekly procedures from 27 May 2022 (No. 315)', () => {
    expect(assistantGrants(assessment(), entitlementsOn('2024-01-01')).grants).toEqual([
      { service: 'assistant', hoursPerMonth: 80, funding: 'state' },
    ]);
    const weekly = assessment({}, { weeklyRehabilitation: true });
    expect(assistantGrants(weekly, entitlementsOn('2022-05-27')).grants).toEqual([
      { service: 'assistant', hoursPerMonth: 100, funding: 'state' },
    ]);
    // The day before the amendment, and under No. 316 as adopted, the band did not exist.
    expect(assistantGrants(weekly, entitlementsOn('2022-05-26')).grants[0]?.hoursPerMonth).toBe(80);
    expect(assistantGrants(weekly, entitlementsOn('2021-07-01')).grants[0]?.hoursPerMonth).toBe(80);
  });

  it('grants the companion (60 h) only for a companion opinion, never beside the assistant', () => {
    expect(
      assistantGrants(assessment({}, { opinion: 'companion' }), entitlementsOn('2024-01-01')).grants,
    ).toEqual([{ service: 'companion', hoursPerMonth: 60, funding: 'state' }]);
    const both = assistantGrants(assessment({}, { needsCompanion: true }), entitlementsOn('2024-01-01'));
    expect(both.grants.map((grant) => grant.service)).toEqual(['assistant']);
    expect(both.companionRefused).toContain('does not receive the assistant service');
  });

  it('grants nothing monthly under the weekly rules of MK 942', () => {
    expect(
      assistantGrants(assessment({}, { needsCompanion: true }), entitlementsOn('2020-01-01')).grants,
    ).toEqual([]);
  });
});

describe('the built-in individual-budget policy', () => {
  it('is in force from September 2018, the start of the children pilot, and not before', () => {
    expect(individualBudgetVersionOn('2018-08-31')).toBeUndefined();
    expect(individualBudgetVersionOn('2018-09-01')?.id).toBe('LV-IB-ILLUSTRATIVE');
    expect(issuesOf(() => budgetRulesFor('2018-08-01'))).toEqual([
      {
        path: 'periodStart',
        message: 'no individual-budget policy is in force on 2018-08-01; the earliest starts 2018-09-01',
      },
    ]);
  });

  it('catalogues the services seen in the pilot plans, each with a unit, a price and a funding source', () => {
    const services = budgetRulesFor('2024-01-01').services;
    for (const code of [
      'physiotherapy',
      'pool-physiotherapy',
      'occupational-therapy',
      'speech-therapy',
      'audio-speech-therapy',
      'micro-speech-therapy',
      'psychologist-child',
      'psychologist-parents',
      'aba-therapy',
      'music-therapy',
      'canistherapy',
      'hippotherapy',
      'alternative-communication',
      'special-educator',
      'assistant',
      'companion',
      'home-care',
      'respite-care',
      'day-care-centre',
      'support-person',
      'group-sessions',
      'relatives-support-group',
      'transport',
      'group-home',
    ]) {
      expect(services.get(code)?.unitCents, code).toBeGreaterThan(0);
    }
    expect(services.get('assistant')?.funding).toBe('state');
    expect(services.get('speech-therapy')?.name).toEqual({ lv: 'Logopēds', en: 'Speech therapy' });
  });

  it('rejects a book whose budget versions are out of order or whose catalogue repeats a code', () => {
    const version = BUILT_IN_POLICY.individualBudget?.[0];
    if (!version) throw new Error('no built-in version');
    const book = { ...BUILT_IN_POLICY, individualBudget: [version, { ...version, from: '2018-01-01' }] };
    const result = policyBookSchema.safeParse(book);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('individualBudget.1.from');
    const first = version.services[0];
    if (!first) throw new Error('empty catalogue');
    const repeated = policyBookSchema.safeParse({
      ...BUILT_IN_POLICY,
      individualBudget: [{ ...version, services: [...version.services, first] }],
    });
    expect(repeated.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      `individualBudget.0.services.${version.services.length}.code`,
    ]);
  });
});

describe('budgetRulesFor with inline overrides', () => {
  it('takes missing keys and fields from the version in force', () => {
    const overridden = budgetRulesFor('2024-01-01', {
      budget: { pointCents: 1_000, weights: { mobility: 5 } },
    });
    expect(overridden.budget).toMatchObject({ baseCents: 100_000, pointCents: 1_000, maxCents: 400_000 });
    expect(overridden.budget.weights).toMatchObject({ mobility: 5, selfCare: 3 });
    expect(overridden.merge).toEqual({ teamWeightHundredths: 50, parentWeightHundredths: 50 });
  });

  it('counts fractions in whole hundredths', () => {
    const overridden = budgetRulesFor('2024-01-01', {
      merge: { teamWeight: 0.7, parentWeight: 0.3 },
      claims: { monthlyFlexibility: 0.25 },
      budget: { unusedShareWarning: 0.15 },
    });
    expect(overridden.merge).toEqual({ teamWeightHundredths: 70, parentWeightHundredths: 30 });
    expect(overridden.monthlyFlexibilityHundredths).toBe(25);
    expect(overridden.unusedShareWarningHundredths).toBe(15);
    expect(budgetRulesFor('2024-01-01').monthlyFlexibilityHundredths).toBeNull();
  });

  it('adds an inline service and replaces one with the same code', () => {
    const overridden = budgetRulesFor('2024-01-01', {
      services: [
        { code: 'speech-therapy', unit: 'session', unitCents: 3_300, funding: 'municipality' },
        {
          code: 'sensory-room',
          name: { lv: 'Sensorā istaba', en: 'Sensory room' },
          unit: 'hour',
          unitCents: 1_200,
          funding: 'individual-budget',
        },
      ],
    });
    expect(overridden.services.get('speech-therapy')).toEqual({
      code: 'speech-therapy',
      name: { lv: 'Logopēds', en: 'Speech therapy' },
      unit: 'session',
      unitCents: 3_300,
      funding: 'municipality',
    });
    expect(overridden.services.get('sensory-room')?.unitCents).toBe(1_200);
    expect(overridden.services.get('physiotherapy')?.unitCents).toBe(2_500);
  });

  it('names the field when merged rules do not hold together', () => {
    expect(issuesOf(() => budgetRulesFor('2024-01-01', { budget: { baseCents: 500_000 } }))).toEqual([
      { path: 'policy.budget.maxCents', message: 'must not be below baseCents' },
    ]);
    expect(
      issuesOf(() => budgetRulesFor('2024-01-01', { merge: { teamWeight: 0, parentWeight: 0 } })),
    ).toEqual([{ path: 'policy.merge', message: 'teamWeight and parentWeight must not both be 0' }]);
  });
});
