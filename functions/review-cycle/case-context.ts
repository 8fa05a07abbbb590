/**
 * What the cycle's steps and commands share: reading the case they act on (open, in the cycle the
 * execution runs), audit notes, the recipients of a case by role (ids only), policy labels and
 * the links that go into emails.
 *
 * @example
 * const current = await openCaseInCycle(context, ref, 2);
 * const parents = await contactIds(context, ref, 'legal-representative');
 */

import { budgetRulesFor } from '../domain/budget/policy.ts';
import { addDays, addMonths, type IsoDate, monthOf, rigaDateOf, rigaStartOf } from '../domain/calendar.ts';
import { workspacePaths } from '../domain/work-queue/paths.ts';
import { deadlineAfter } from '../domain/working-days.ts';
import { signLink } from '../links/signed-link.ts';
import type { StepContext } from '../step-context.ts';
import type { AuditNote } from '../store/audit.ts';
import { type Actor, contactIdsOf, type StoredCase } from '../store/entities.ts';
import { NotFoundError } from '../store/errors.ts';
import { type CaseRef, caseKey } from '../store/keys.ts';

/** The cycle's own actor in the audit trail. */
export const CYCLE_ACTOR: Actor = { kind: 'system', id: 'review-cycle' };

/** The case is closed: the cycle has nothing more to do. */
export class CaseClosedError extends Error {
  constructor(readonly ref: CaseRef) {
    super(`case ${ref.caseId} in ${ref.municipality} is closed`);
    this.name = 'CaseClosedError';
  }
}

/** The execution runs a cycle the case is no longer in (an old execution still running). */
export class CycleMismatchError extends Error {
  constructor(
    readonly ref: CaseRef,
    expected: number,
    actual: number,
  ) {
    super(`case ${ref.caseId} is in cycle ${actual}, not ${expected}`);
    this.name = 'CycleMismatchError';
  }
}

/** The case's data does not allow the step (e.g. no assessment recorded); the coordinator must fix it. */
export class CycleDataError extends Error {
  constructor(
    readonly ref: CaseRef,
    message: string,
  ) {
    super(`case ${ref.caseId} in ${ref.municipality}: ${message}`);
    this.name = 'CycleDataError';
  }
}

export function noteOf(context: StepContext, action: string, actor: Actor = CYCLE_ACTOR): AuditNote {
  return { actor, action, at: context.clock.now().toISOString() };
}

export const todayOf = (context: StepContext): IsoDate => rigaDateOf(context.clock.now());

/** The case, which must exist and be open. */
export async function readOpenCase(context: StepContext, ref: CaseRef): Promise<StoredCase> {
  const found = await context.store.cases.get(ref, true);
  if (!found) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
  if (found.status !== 'open') throw new CaseClosedError(ref);
  return found;
}

/** The case, open and in `cycle`. */
export async function openCaseInCycle(
  context: StepContext,
  ref: CaseRef,
  cycle: number,
): Promise<StoredCase> {
  const found = await readOpenCase(context, ref);
  if (found.cycle !== cycle) throw new CycleMismatchError(ref, cycle, found.cycle);
  return found;
}

/** Record the phase the case is in (nothing is written when it is already there). */
export async function enterPhase(
  context: StepContext,
  ref: CaseRef,
  phase: string,
  extra: Partial<Pick<StoredCase, 'period' | 'reviewDue' | 'reassessmentDue'>> = {},
): Promise<StoredCase> {
  return context.store.cases.modify(ref, () => ({ phase, ...extra }), noteOf(context, `phase-${phase}`));
}

/** The ids of the case's contacts in a role (never names or addresses). */
export async function contactIds(
  context: StepContext,
  ref: CaseRef,
  role: 'legal-representative' | 'assistant' | 'coordinator',
): Promise<string[]> {
  return contactIdsOf(await context.store.cases.getPerson(ref), role);
}

/** A service's name from the catalogue in force on `date`; its code when the catalogue has none. */
export function serviceLabel(code: string, date: IsoDate): { lv: string; en: string } {
  const service = budgetRulesFor(date).services.get(code);
  return service ? { lv: service.name.lv, en: service.name.en } : { lv: code, en: code };
}

/** The first day of the month after `date`: a plan period starts there. */
export const firstOfNextMonth = (date: IsoDate): IsoDate => `${addMonths(monthOf(date), 1)}-01`;

/** The case's page in the coordinators' workspace (the signed-in session decides the municipality). */
export const caseLink = (context: StepContext, ref: CaseRef): string =>
  `${context.config.appUrl}${workspacePaths.case(ref.caseId)}`;

/**
 * A signed link for the parents to confirm an assistant's month (`hours`), valid for `days`; its
 * nonce is new for every timesheet sent, so each version is confirmed through its own link.
 * @example hoursLink(context, ref, 2, { month: '2024-03', assistantId: 'a-1' }, 45)
 */
export function hoursLink(
  context: StepContext,
  ref: CaseRef,
  cycle: number,
  of: { month: string; assistantId: string },
  days: number,
): string {
  const now = context.clock.now();
  const token = signLink(context.config.linkSecret, {
    municipality: ref.municipality,
    caseId: ref.caseId,
    cycle,
    step: 'hours',
    expiresAt: Math.floor(now.getTime() / 1_000) + days * 86_400,
    nonce: `hours-${of.month}-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    month: of.month,
    assistantId: of.assistantId,
  });
  return `${context.config.appUrl}/links/${token}`;
}

/**
 * A signed link for the parents to answer one step of one cycle, valid until `expires`.
 * @example parentLink(context, ref, 2, 'ranking', new Date('2024-03-15T08:00:00Z'))
 */
export function parentLink(
  context: StepContext,
  ref: CaseRef,
  cycle: number,
  step: 'ranking' | 'consent',
  expires: Date,
): string {
  const now = context.clock.now();
  const token = signLink(context.config.linkSecret, {
    municipality: ref.municipality,
    caseId: ref.caseId,
    cycle,
    step,
    expiresAt: Math.floor(expires.getTime() / 1_000),
    nonce: `${cycle}-${step}-${now.getTime().toString(36)}`,
  });
  return `${context.config.appUrl}/links/${token}`;
}

/**
 * The parents' deadline to answer, `days` after today (Riga), and the instant their link
 * expires: the end of that day. The email's date and the link's expiry are this one value.
 * @example answerWindow(context, 14) // { deadline: '2026-12-14', expires: 2026-12-14T22:00:00.000Z }
 */
export function answerWindow(context: StepContext, days: number): { deadline: IsoDate; expires: Date } {
  // A deadline on a day off moves to the next working day; the link lasts to the end of that day.
  const deadline = deadlineAfter(todayOf(context), days);
  return { deadline, expires: rigaStartOf(addDays(deadline, 1)) };
}
