/**
 * Who may get the assistant or the companion, and for how long (docs/policy.md, "Eligibility and
 * the grant's length"): a child from the 5th to the 18th birthday; a grant for the disability's
 * period but at most three years. Both are policy values of the regulation in force.
 *
 * @example
 * eligibilityIssues('2024-01-01', { birthDate: '2020-03-01' }, rules) // [{ path: 'participant.birthDate', message: '... under 5 ...' }]
 * grantUntil('2024-01-01', { disabilityUntil: '2025-06-30' }, rules) // '2025-06-30'
 */
import { addDays, type IsoDate } from '../calendar.ts';
import type { InputIssue } from '../errors.ts';
import type { AssistantRules } from '../policy/schema.ts';
import type { Participant } from './types.ts';

/** The date a person born on `birthDate` turns `years` (29 Feb birthdays count from 1 Mar in common years). */
export function birthdayAt(birthDate: IsoDate, years: number): IsoDate {
  const year = Number(birthDate.slice(0, 4)) + years;
  const monthDay = birthDate.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return monthDay === '02-29' && !leap ? `${year}-03-01` : `${year}-${monthDay}`;
}

/**
 * Why a child cannot be granted the service on `on` under the rules: too young, too old (the
 * service ends the day before the 18th birthday), or a disability that ended. Empty when eligible or
 * when the rules set no eligibility (No. 942: not confirmed here).
 */
export function eligibilityIssues(
  on: IsoDate,
  participant: Participant | undefined,
  rules: AssistantRules | undefined,
): InputIssue[] {
  const eligibility = rules?.eligibility;
  if (!eligibility || !participant) return [];
  const issues: InputIssue[] = [];
  const { birthDate, disabilityUntil } = participant;
  if (birthDate !== undefined) {
    const from = birthdayAt(birthDate, eligibility.childFromAge);
    const until = birthdayAt(birthDate, eligibility.childUntilAge);
    if (on < from) {
      issues.push({
        path: 'participant.birthDate',
        message: `the child is under ${eligibility.childFromAge} on ${on} (eligible from ${from}): ${eligibility.source}`,
      });
    } else if (on >= until) {
      issues.push({
        path: 'participant.birthDate',
        message: `the child is ${eligibility.childUntilAge} or older on ${on}: the child's service is for ages ${eligibility.childFromAge} to ${eligibility.childUntilAge - 1} (${eligibility.source})`,
      });
    }
  }
  if (disabilityUntil !== undefined && disabilityUntil < on) {
    issues.push({
      path: 'participant.disabilityUntil',
      message: `the disability ended on ${disabilityUntil}, before ${on}: no grant can start (${eligibility.source})`,
    });
  }
  return issues;
}

/**
 * The last day a grant starting on `start` may run: three years (policy) less a day, the day before
 * the 18th birthday, or the disability's last day, whichever comes first. Undefined when the rules
 * set no limit or nothing about the participant is known.
 */
export function grantUntil(
  start: IsoDate,
  participant: Participant | undefined,
  rules: AssistantRules | undefined,
): IsoDate | undefined {
  const eligibility = rules?.eligibility;
  if (!eligibility || !participant) return undefined;
  const limits = [addDays(birthdayAt(start, eligibility.maxGrantYears), -1)];
  if (participant.birthDate)
    limits.push(addDays(birthdayAt(participant.birthDate, eligibility.childUntilAge), -1));
  if (participant.disabilityUntil) limits.push(participant.disabilityUntil);
  return limits.sort()[0];
}
