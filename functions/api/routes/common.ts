/**
 * What several routes need: the case of the caller's municipality (404 otherwise, the same
 * whether it does not exist or belongs to another municipality), the caller as an audit actor,
 * today's date in Riga on the system's clock, and checks of services against the catalogue.
 *
 * @example
 * const current = await requireCase(deps, { municipality: staff.municipality, caseId });
 */
import { budgetRulesFor } from '../../domain/budget/policy.ts';
import { type IsoDate, rigaDateOf } from '../../domain/calendar.ts';
import { InputError } from '../../domain/errors.ts';
import type { Actor, StoredCase } from '../../store/entities.ts';
import type { CaseRef } from '../../store/keys.ts';
import type { AssistantPrincipal, StaffPrincipal } from '../auth.ts';
import { ApiProblem, type FieldError } from '../problem.ts';
import type { ApiDeps, FieldLocator } from '../route.ts';

export const notFound = (ref: CaseRef) => new ApiProblem('not-found', `case ${ref.caseId} not found`);

/** The case, or a 404 problem. */
export async function requireCase(deps: ApiDeps, ref: CaseRef): Promise<StoredCase> {
  const found = await deps.store.cases.get(ref, true);
  if (!found) throw notFound(ref);
  return found;
}

export const caseRefOf = (principal: StaffPrincipal | AssistantPrincipal, caseId: string): CaseRef => ({
  municipality: principal.municipality,
  caseId,
});

export const staffActor = (staff: StaffPrincipal): Actor => ({ kind: staff.role, id: staff.userId });

export const todayIn = (deps: ApiDeps): IsoDate => rigaDateOf(deps.clock.now());

/** A 422 naming the fields, or nothing when `errors` is empty. */
export function throwIfInvalid(errors: readonly FieldError[]): void {
  if (errors.length > 0)
    throw new ApiProblem('invalid-input', 'Some fields are not valid; see errors.', errors);
}

/**
 * Run a command whose input fields are the body's own (its `consent.by` is the body's
 * `body.consent.by`): the bad input it finds is answered as a 422 naming the body's fields.
 *
 * @example
 * await asBodyFields(approvePlan(deps, ref, { revision, consent: body.consent }, actor));
 */
export async function asBodyFields<T>(command: Promise<T>): Promise<T> {
  try {
    return await command;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new ApiProblem(
      'invalid-input',
      'Some fields are not valid; see errors.',
      error.issues.map((issue) => ({ path: `body.${issue.path}`, message: issue.message })),
    );
  }
}

/**
 * The services of the catalogue in force on `date`; a date no policy covers is a 422 on `dateField`.
 */
export function catalogueOn(
  date: IsoDate,
  locate: FieldLocator,
  dateField: readonly PropertyKey[],
): Set<string> {
  try {
    return new Set(budgetRulesFor(date).services.keys());
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new ApiProblem('invalid-input', 'Some fields are not valid; see errors.', [
      { ...locate(dateField), message: 'no service catalogue is in force on this date' },
    ]);
  }
}

/**
 * Errors for a list of service codes that must each be in `allowed` and appear once.
 *
 * @example
 * serviceErrors(['physiotherapy', 'physiotherapy'], allowed, locate, ['services'], 'is not recommended')
 */
/**
 * Refuse a ranking that names a service the team did not recommend in the case's latest
 * assessment of `cycle`, or names one twice; the errors point into `body.services`.
 *
 * @example
 * await checkRankedServices(deps, ref, current.cycle, body.services, locate);
 */
export async function checkRankedServices(
  deps: ApiDeps,
  ref: CaseRef,
  cycle: number,
  services: readonly string[],
  locate: FieldLocator,
): Promise<void> {
  const { assessments } = await deps.store.cycles.contents(ref, cycle);
  const recommended = new Set((assessments.at(-1)?.recommendations ?? []).map((item) => item.service));
  throwIfInvalid(
    serviceErrors(services, recommended, locate, ['services'], 'is not one of the recommended services'),
  );
}

export function serviceErrors(
  services: readonly string[],
  allowed: ReadonlySet<string>,
  locate: FieldLocator,
  at: readonly PropertyKey[],
  unknownMessage: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  services.forEach((service, index) => {
    if (!allowed.has(service)) errors.push({ ...locate([...at, index]), message: unknownMessage });
    else if (seen.has(service)) errors.push({ ...locate([...at, index]), message: 'appears twice' });
    seen.add(service);
  });
  return errors;
}
