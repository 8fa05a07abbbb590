/**
 * Invariants of the hour settlement over generated cases: caps are never exceeded, every
 * submitted minute is either paid or rejected, money adds up, and timesheet order matters only
 * where rule 3 says it does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  formatClockTime,
  isoWeekMonday,
  monthSpan,
  toDayNumber,
  toIsoDate,
} from '../../functions/domain/calendar.ts';
import { payForMinutes } from '../../functions/domain/money.ts';
import { settlementRulesFor } from '../../functions/domain/policy/policy.ts';
import { parseSettlementCase, type SettlementCaseInput } from '../../functions/domain/settlement/input.ts';
import { settleHours } from '../../functions/domain/settlement/settle.ts';
import type { HourStatement } from '../../functions/domain/settlement/types.ts';

const ACTIVITIES = ['work', 'education', 'leisure', 'social-inclusion', 'swimming'];
const RATES = {
  rates: [
    { from: '2019-01-01', centsPerHour: 433 },
    { from: '2021-07-01', centsPerHour: 450 },
    { from: '2023-04-01', centsPerHour: 511 },
  ],
};

/** A case-month: a month between 2019 and 2025 (both grant regimes), 1-3 assistants, entries with and without times. */
const caseMonths = fc
  .record({
    monthIndex: fc.integer({ min: 0, max: 83 }),
    weekly: fc.boolean(),
    grantHours: fc.integer({ min: 1, max: 120 }),
    maxHoursPerDay: fc.constantFrom(undefined, 8, 16),
    timesheets: fc.array(
      fc.array(
        fc.record({
          dayOffset: fc.integer({ min: -3, max: 33 }),
          quarterHours: fc.integer({ min: 1, max: 40 }),
          activity: fc.constantFrom(...ACTIVITIES),
          confirmed: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
          startQuarter: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
        }),
        { maxLength: 30 },
      ),
      { minLength: 1, maxLength: 3 },
    ),
    prior: fc.array(
      fc.record({
        back: fc.integer({ min: 1, max: 6 }),
        hours: fc.integer({ min: 1, max: 10 }),
        assistant: fc.integer({ min: 0, max: 2 }),
      }),
      { maxLength: 4 },
    ),
    emergency: fc.option(
      fc.record({
        from: fc.integer({ min: 0, max: 27 }),
        length: fc.integer({ min: 0, max: 10 }),
        average: fc.integer({ min: 0, max: 200 }),
      }),
      { nil: undefined },
    ),
  })
  .map((shape): SettlementCaseInput => {
    const month = addMonths('2019-01', shape.monthIndex);
    const { first, last } = monthSpan(month);
    const priorWeek = isoWeekMonday(first);
    const input: SettlementCaseInput = {
      participantId: 'P',
      month,
      grant: shape.weekly ? { hoursPerWeek: shape.grantHours } : { hoursPerMonth: shape.grantHours },
      policy: {
        ...RATES,
        ...(shape.maxHoursPerDay !== undefined && { maxHoursPerDay: shape.maxHoursPerDay }),
      },
      timesheets: shape.timesheets.map((entries, a) => ({
        assistantId: `A${a}`,
        entries: entries.map((e) => {
          const hours = e.quarterHours / 4;
          const base = {
            date: toIsoDate(first + e.dayOffset),
            hours,
            activity: e.activity,
            confirmed: e.confirmed,
          };
          if (e.startQuarter === undefined || e.startQuarter * 15 + hours * 60 > 1440) return base;
          return {
            ...base,
            start: formatClockTime(e.startQuarter * 15),
            end: formatClockTime(e.startQuarter * 15 + hours * 60),
          };
        }),
      })),
      priorEntries: shape.prior
        .filter((p) => first - p.back >= priorWeek)
        .map((p) => ({ date: toIsoDate(first - p.back), hours: p.hours, assistantId: `A${p.assistant}` })),
    };
    if (shape.emergency) {
      const from = Math.min(first + shape.emergency.from, last);
      input.emergency = {
        from: toIsoDate(from),
        to: toIsoDate(Math.min(from + shape.emergency.length, last)),
        assistantId: 'A0',
      };
      input.history = [{ month: addMonths(month, -1), hours: shape.emergency.average }];
    }
    return input;
  });

const settle = (input: SettlementCaseInput) => settleHours(parseSettlementCase(input));
const submittedMinutes = (input: SettlementCaseInput) =>
  parseSettlementCase(input).timesheets.reduce(
    (sum, t) => sum + t.entries.reduce((s, e) => s + e.minutes, 0),
    0,
  );

function sumBy<T>(items: readonly T[], key: (item: T) => string | number, value: (item: T) => number) {
  const sums = new Map<string | number, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
}

describe('settlement invariants', () => {
  it('never lets a day carry more than the daily maximum, nor pays outside the month', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        const statement = settle(input);
        const rules = settlementRulesFor(input.month, parseSettlementCase(input).policy);
        for (const minutes of sumBy(
          statement.lines,
          (l) => l.date,
          (l) => l.minutes,
        ).values()) {
          expect(minutes).toBeLessThanOrEqual(rules.maxMinutesPerDay);
        }
        const { first, last } = monthSpan(input.month);
        for (const line of statement.lines) {
          expect(toDayNumber(line.date)).toBeGreaterThanOrEqual(first);
          expect(toDayNumber(line.date)).toBeLessThanOrEqual(last);
          expect(line.minutes).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never pays more than a month grant', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        fc.pre(input.grant.hoursPerMonth !== undefined);
        expect(settle(input).paidMinutes).toBeLessThanOrEqual((input.grant.hoursPerMonth ?? 0) * 60);
      }),
      { numRuns: 300 },
    );
  });

  it('never pays more than a week grant in any ISO week, counting the prior entries of the first week', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        fc.pre(input.grant.hoursPerWeek !== undefined);
        const cap = (input.grant.hoursPerWeek ?? 0) * 60;
        const statement = settle(input);
        const paid = sumBy(
          statement.lines,
          (l) => isoWeekMonday(toDayNumber(l.date)),
          (l) => l.minutes,
        );
        const prior = sumBy(
          input.priorEntries ?? [],
          (p) => isoWeekMonday(toDayNumber(p.date)),
          (p) => p.hours * 60,
        );
        for (const [week, minutes] of paid) {
          // Prior entries are given, not decided: the month may only add what the cap leaves after them.
          expect(minutes).toBeLessThanOrEqual(Math.max(0, cap - (prior.get(week) ?? 0)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds each assistant to the policy’s weekly maximum where the policy sets one', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        const rules = settlementRulesFor(input.month, parseSettlementCase(input).policy);
        fc.pre(rules.maxMinutesPerWeekPerAssistant !== undefined);
        const statement = settle(input);
        const paid = sumBy(
          statement.lines,
          (l) => `${l.assistantId} ${isoWeekMonday(toDayNumber(l.date))}`,
          (l) => l.minutes,
        );
        const prior = sumBy(
          input.priorEntries ?? [],
          (p) => `${p.assistantId} ${isoWeekMonday(toDayNumber(p.date))}`,
          (p) => p.hours * 60,
        );
        for (const [key, minutes] of paid) {
          expect(minutes).toBeLessThanOrEqual(
            Math.max(0, (rules.maxMinutesPerWeekPerAssistant ?? 0) - (prior.get(key) ?? 0)),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accounts for every submitted minute: paid timesheet minutes plus rejected minutes equal what was submitted', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        const statement = settle(input);
        const paid = statement.lines
          .filter((l) => l.source === 'timesheet')
          .reduce((sum, l) => sum + l.minutes, 0);
        const rejected = statement.rejected.reduce((sum, r) => sum + r.minutes, 0);
        expect(paid + rejected).toBe(submittedMinutes(input));
        for (const item of statement.rejected) expect(item.minutes).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('adds money up: each line is its minutes at its rate, and the total is the sum of the lines', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        const statement = settle(input);
        let total = 0;
        for (const line of statement.lines) {
          expect(Number.isInteger(line.amountCents)).toBe(true);
          expect(line.amountCents).toBe(payForMinutes(line.minutes, line.centsPerHour));
          total += line.amountCents;
        }
        expect(statement.amountCents).toBe(total);
        expect(statement.paidMinutes).toBe(statement.lines.reduce((sum, l) => sum + l.minutes, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('spreads emergency hours only over emergency days, within the entitlement, as evenly as the caps allow', () => {
    fc.assert(
      fc.property(
        caseMonths.filter((input) => input.emergency !== undefined),
        (input) => {
          const statement = settle(input);
          const emergency = statement.emergency;
          expect(emergency).toBeDefined();
          if (!emergency || !input.emergency) return;
          const lines = statement.lines.filter((l) => l.source === 'emergency');
          for (const line of lines) {
            expect(line.date >= (input.emergency.from ?? '') && line.date <= (input.emergency.to ?? '')).toBe(
              true,
            );
          }
          const paid = lines.reduce((sum, l) => sum + l.minutes, 0);
          expect(paid).toBe(emergency.paidMinutes);
          if (!emergency.noUseFallback) {
            expect(paid + emergency.cappedMinutes).toBe(
              Math.max(0, emergency.entitledMinutes - emergency.deliveredDuringMinutes),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('spreads evenly, remainder to the earliest days, when no cap binds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 100 * 60 }), (days, wanted) => {
        const minutes = Math.min(wanted, days * 24 * 60);
        const statement = settle({
          participantId: 'P',
          month: '2023-02',
          grant: { hoursPerMonth: 744 },
          policy: { maxHoursPerDay: 24 },
          history: ['2022-11', '2022-12', '2023-01'].map((month) => ({ month, hours: minutes / 60 })),
          emergency: { from: '2023-02-01', to: toIsoDate(toDayNumber('2023-02-01') + days - 1) },
          timesheets: [{ assistantId: 'A', entries: [] }],
        });
        const given = statement.lines.map((l) => l.minutes);
        expect(given.reduce((a, b) => a + b, 0)).toBe(minutes);
        for (let i = 1; i < given.length; i++)
          expect((given[i - 1] ?? 0) - (given[i] ?? 0)).toBeGreaterThanOrEqual(0);
        if (given.length > 0) expect(Math.max(...given) - Math.min(...given)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('does not depend on the order of the timesheets when no two share a date', () => {
    const disjoint = caseMonths.map((input) => ({
      ...input,
      timesheets: input.timesheets.map((t, a) => ({
        ...t,
        entries: t.entries.filter((e) => toDayNumber(e.date) % input.timesheets.length === a),
      })),
    }));
    fc.assert(
      fc.property(disjoint, fc.nat(), (input, seed) => {
        const shuffled = [...input.timesheets].sort(
          (x, y) =>
            ((x.assistantId.charCodeAt(1) * 31 + seed) % 7) - ((y.assistantId.charCodeAt(1) * 31 + seed) % 7),
        );
        const a = comparable(settle(input));
        const b = comparable(settle({ ...input, timesheets: shuffled }));
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });

  it('pays the same total whatever the timesheet order when no cap binds and entries have no times', () => {
    fc.assert(
      fc.property(caseMonths, (input) => {
        const generous: SettlementCaseInput = {
          ...input,
          grant: { hoursPerMonth: 744 },
          policy: { ...RATES, maxHoursPerDay: 24 },
          timesheets: input.timesheets.map((t) => ({
            ...t,
            entries: t.entries.map(({ start: _s, end: _e, ...rest }) => rest),
          })),
        };
        delete generous.emergency;
        // No cap may bind: no day above 24 h, and no per-assistant weekly maximum (months from July 2021).
        const perDay = sumBy(
          generous.timesheets.flatMap((t) => t.entries),
          (e) => e.date,
          (e) => e.hours,
        );
        fc.pre(generous.month >= '2021-07' && [...perDay.values()].every((hours) => hours <= 24));
        const forward = settle(generous);
        const backward = settle({ ...generous, timesheets: [...generous.timesheets].reverse() });
        expect(backward.paidMinutes).toBe(forward.paidMinutes);
        expect(backward.amountCents).toBe(forward.amountCents);
      }),
      { numRuns: 200 },
    );
  });
});

/** A statement with the input positions left out, lines and rejections in a canonical order. */
function comparable(statement: HourStatement) {
  const key = (x: { date: string; assistantId: string; minutes: number }) =>
    `${x.date} ${x.assistantId} ${x.minutes}`;
  return {
    ...statement,
    lines: [...statement.lines].sort((x, y) => key(x).localeCompare(key(y))),
    rejected: statement.rejected
      .map(({ entry: _entry, ...rest }) => rest)
      .sort((x, y) => key(x).localeCompare(key(y)) || x.reason.localeCompare(y.reason)),
  };
}
