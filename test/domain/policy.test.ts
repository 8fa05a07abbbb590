import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../functions/domain/calendar.ts';
import { InputError } from '../../functions/domain/errors.ts';
import { LATVIAN_POLICY } from '../../functions/domain/policy/latvia.ts';
import {
  BUILT_IN_POLICY,
  centsPerHourOn,
  dailyRates,
  entitlementsOn,
  policyVersionOn,
  settlementRulesFor,
  workflowRulesOn,
} from '../../functions/domain/policy/policy.ts';
import { policyBookSchema } from '../../functions/domain/policy/schema.ts';

describe('the built-in Latvian policy', () => {
  it('grants per week before 2021-07-01 (MK 942) and per month from then (MK 316)', () => {
    expect(policyVersionOn('2021-06-30')?.id).toBe('LV-MK942-2012');
    expect(policyVersionOn('2021-07-01')?.id).toBe('LV-MK316-2021');
    expect(policyVersionOn('2012-12-31')).toBeUndefined();
    const before = settlementRulesFor('2020-06');
    expect(before.grantBasis).toBe('week');
    expect(before.maxMinutesPerWeekPerAssistant).toBe(40 * 60);
    const after = settlementRulesFor('2021-07');
    expect(after.grantBasis).toBe('month');
    expect(after.maxMinutesPerWeekPerAssistant).toBeUndefined();
    expect(after.maxMinutesPerDay).toBe(16 * 60);
    expect(after.emergencyActivity).toBe('social-inclusion');
    expect(entitlementsOn('2021-07-01')).toMatchObject({ childAssistant: 80, companion: 60 });
    expect(entitlementsOn('2021-07-01')?.childAssistantWeeklyProcedures).toBeUndefined();
  });

  it('knows the hourly rates from 2021-07-01 and no earlier ones', () => {
    const rules = settlementRulesFor('2023-01');
    expect(centsPerHourOn(rules, toDayNumber('2021-06-30'))).toBeUndefined();
    expect(centsPerHourOn(rules, toDayNumber('2021-07-01'))).toBe(450);
    expect(centsPerHourOn(rules, toDayNumber('2022-12-31'))).toBe(450);
    expect(centsPerHourOn(rules, toDayNumber('2023-01-01'))).toBe(479);
    expect(centsPerHourOn(rules, toDayNumber('2023-03-31'))).toBe(479);
    expect(centsPerHourOn(rules, toDayNumber('2023-04-01'))).toBe(511);
  });

  it('refuses to settle a month with no known rate instead of guessing', () => {
    const rules = settlementRulesFor('2020-06');
    expect(() => dailyRates(rules, '2020-06', toDayNumber('2020-06-01'))).toThrow(InputError);
    try {
      dailyRates(rules, '2020-06', toDayNumber('2020-06-01'));
    } catch (error) {
      expect((error as InputError).issues[0]?.path).toBe('policy.rates');
    }
  });

  it('has no policy before the assistant service began', () => {
    expect(() => settlementRulesFor('2012-05')).toThrow(/no assistant-service policy/);
  });

  it('takes inline overrides and keeps the rest from the version in force', () => {
    const rules = settlementRulesFor('2020-06', {
      rates: [{ from: '2020-01-01', centsPerHour: 400 }],
      maxHoursPerDay: 12,
    });
    expect(rules.maxMinutesPerDay).toBe(720);
    expect(rules.grantBasis).toBe('week');
    expect(rules.activities.has('social-inclusion')).toBe(true);
    expect(dailyRates(rules, '2020-06', toDayNumber('2020-06-01'))).toHaveLength(30);
  });

  it('checks that the emergency activity is one of the activities', () => {
    expect(() => settlementRulesFor('2023-05', { activities: ['work'] })).toThrow(/policy.activities/);
    expect(() => settlementRulesFor('2023-05', { emergencyActivity: 'holiday' })).toThrow(
      /policy.emergencyActivity/,
    );
    expect(
      settlementRulesFor('2023-05', { activities: ['work', 'care'], emergencyActivity: 'care' })
        .emergencyActivity,
    ).toBe('care');
  });

  it('rejects a policy book with versions out of order or a bad emergency activity', () => {
    const [first, second] = LATVIAN_POLICY.versions;
    expect(policyBookSchema.safeParse({ ...LATVIAN_POLICY, versions: [second, first] }).success).toBe(false);
    const broken = {
      ...LATVIAN_POLICY,
      versions: [{ ...first, assistant: { ...first?.assistant, emergencyActivity: 'nope' } }],
    };
    expect(policyBookSchema.safeParse(broken).success).toBe(false);
    expect(
      policyBookSchema.safeParse({ ...LATVIAN_POLICY, rates: [{ from: '2023-01-01', centsPerHour: 4.79 }] })
        .success,
    ).toBe(false);
    expect(BUILT_IN_POLICY.versions.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the workflow rules', () => {
  const base = LATVIAN_POLICY.workflow?.[0];
  const withWorkflow = (change: (version: NonNullable<typeof base>) => object) =>
    policyBookSchema.safeParse({
      ...LATVIAN_POLICY,
      workflow: [change(structuredClone(base) as NonNullable<typeof base>)],
    });
  const pathsOf = (result: ReturnType<typeof withWorkflow>) =>
    result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));

  it('are in force from the pilot on: six-month periods, reminders every 14 days, settlement on the 10th', () => {
    const rules = workflowRulesOn('2024-03-15');
    expect(rules.cycle).toMatchObject({
      periodMonths: 6,
      assessmentReminderDays: 14,
      remindersBeforeEscalation: 2,
    });
    expect(rules.settlement).toMatchObject({ timesheetDeadlineDay: 5, settlementDay: 10, runAt: '06:00' });
  });

  it('name the date when none is in force', () => {
    expect(() => workflowRulesOn('2018-08-31')).toThrow(InputError);
    expect(() => workflowRulesOn('2018-08-31')).toThrow(/date/);
  });

  it('refuse a review due outside the period, a deadline before the reminder, and a settlement before the deadline', () => {
    expect(
      pathsOf(withWorkflow((v) => ({ ...v, cycle: { ...v.cycle, reviewDueDaysBeforeEnd: 200 } }))),
    ).toEqual(['workflow.0.cycle.reviewDueDaysBeforeEnd']);
    expect(
      pathsOf(withWorkflow((v) => ({ ...v, settlement: { ...v.settlement, timesheetReminderDay: 7 } }))),
    ).toContain('workflow.0.settlement.timesheetDeadlineDay');
    expect(
      pathsOf(withWorkflow((v) => ({ ...v, settlement: { ...v.settlement, settlementDay: 5 } }))),
    ).toEqual(['workflow.0.settlement.settlementDay']);
    expect(pathsOf(withWorkflow((v) => ({ ...v, settlement: { ...v.settlement, runAt: '25:00' } })))).toEqual(
      ['workflow.0.settlement.runAt'],
    );
  });
});
