/**
 * A case whose stored data the month's settlement cannot take (two grants or two active plans in
 * one month, a plan or claim the domain refuses): the run lists the case and goes on.
 */
import { InputError } from '../../domain/errors.ts';
import type { CaseRef } from '../../store/keys.ts';

/** The case's data cannot be settled as it stands: the run lists the case and goes on. */
export class CaseDataError extends Error {
  constructor(
    readonly ref: CaseRef,
    message: string,
  ) {
    super(`case ${ref.caseId} in ${ref.municipality}: ${message}`);
    this.name = 'CaseDataError';
  }
}

/** Turn the domain's refusal of stored data into a {@link CaseDataError} naming the fields. */
export function fromStoredData<T>(ref: CaseRef, what: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new CaseDataError(
      ref,
      `${what} cannot be settled: ${error.issues.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('; ')}`,
    );
  }
}
