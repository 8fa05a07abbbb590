/**
 * Money is integer euro cents; durations are integer minutes. Nothing here uses floating point
 * for an amount: every division is an integer division with a written-down rounding rule.
 *
 * Rounding rule for pay: `round half up(minutes x cents per hour / 60)`, per statement line.
 * The total of a statement is the sum of its lines, never recomputed from a total of minutes.
 */

/** `round(numerator / denominator)`, halves rounded up; both non-negative integers. */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (numerator < 0 || denominator <= 0)
    throw new RangeError('divideRoundHalfUp takes numerator >= 0 and denominator > 0');
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * Pay for a number of minutes at an hourly rate in cents.
 * @example payForMinutes(90, 511) // 767 (766.5 rounded half up)
 */
export function payForMinutes(minutes: number, centsPerHour: number): number {
  return divideRoundHalfUp(minutes * centsPerHour, 60);
}

/**
 * An amount in cents as Latvian-style text: `EUR 1 234,50` (a space groups thousands).
 * @example formatEuro(123450) // 'EUR 1 234,50'
 */
export function formatEuro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = Math.floor(absolute / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `EUR ${sign}${euros},${String(absolute % 100).padStart(2, '0')}`;
}
