import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinutes, hoursToMinutes, minutesToHours } from '../../functions/domain/duration.ts';
import { divideRoundHalfUp, formatEuro, payForMinutes } from '../../functions/domain/money.ts';

describe('money in integer cents', () => {
  it('rounds halves up', () => {
    expect(divideRoundHalfUp(5, 2)).toBe(3);
    expect(divideRoundHalfUp(7, 2)).toBe(4);
    expect(divideRoundHalfUp(4, 3)).toBe(1);
    expect(divideRoundHalfUp(5, 3)).toBe(2);
    expect(divideRoundHalfUp(0, 7)).toBe(0);
    expect(() => divideRoundHalfUp(-1, 2)).toThrow(RangeError);
    expect(() => divideRoundHalfUp(1, 0)).toThrow(RangeError);
  });

  it('pays minutes at an hourly rate, rounding the line half up', () => {
    expect(payForMinutes(60, 511)).toBe(511);
    expect(payForMinutes(90, 511)).toBe(767); // 766.5
    expect(payForMinutes(20, 450)).toBe(150);
    expect(payForMinutes(1, 479)).toBe(8); // 7.983...
    expect(payForMinutes(0, 511)).toBe(0);
  });

  it('agrees with exact rational arithmetic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 744 * 60 }),
        fc.integer({ min: 1, max: 100_000 }),
        (minutes, rate) => {
          const exact = BigInt(minutes) * BigInt(rate);
          const expected = (exact * 2n + 60n) / 120n; // floor(x / 60 + 1/2)
          expect(BigInt(payForMinutes(minutes, rate))).toBe(expected);
        },
      ),
    );
  });

  it('formats euros Latvian-style', () => {
    expect(formatEuro(123450)).toBe('EUR 1 234,50');
    expect(formatEuro(5)).toBe('EUR 0,05');
    expect(formatEuro(100_000_000)).toBe('EUR 1 000 000,00');
    expect(formatEuro(-2550)).toBe('EUR -25,50');
  });
});

describe('durations in whole minutes', () => {
  it('turns decimal hours into minutes, rounding to the nearest minute', () => {
    expect(hoursToMinutes(1.5)).toBe(90);
    expect(hoursToMinutes(0.1)).toBe(6);
    expect(hoursToMinutes(0.33)).toBe(20);
    expect(hoursToMinutes(0.125)).toBe(8); // 7.5 minutes, half up
    expect(hoursToMinutes(24)).toBe(1440);
  });

  it('round-trips every whole number of minutes written as hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 744 * 60 }), (minutes) => {
        expect(hoursToMinutes(minutes / 60)).toBe(minutes);
      }),
    );
  });

  it('shows minutes back as hours', () => {
    expect(minutesToHours(90)).toBe(1.5);
    expect(minutesToHours(20)).toBe(0.33);
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(960)).toBe('16 h');
  });
});
