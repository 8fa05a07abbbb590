/**
 * Hours arrive as decimal numbers (timesheets say `1.5`); the domain counts whole minutes.
 *
 * Rule: hours are converted to minutes rounding to the nearest minute, halves up
 * (`0.33` h is 20 min). Hours shown back to people are minutes / 60 rounded to two decimals.
 */
export function hoursToMinutes(hours: number): number {
  // The epsilon absorbs binary noise such as 0.1 * 60 = 6.000000000000001 without moving a real half.
  return Math.floor(hours * 60 + 0.5 + 1e-9);
}

export function minutesToHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** `7 h 30 min` for people reading a statement. */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
