/**
 * The what-if on the store's cohort of a period, for the ministry's page and API alike: the
 * period's cases read as pseudonymous cohort entries (functions/store/cohort.ts), replayed under
 * the policy in force (or an example proposal as the baseline) and the proposal. Nothing is written.
 *
 * @example
 * const result = await runWhatIf(deps, { from: '2025-01', to: '2025-06' }, proposal);
 */
import type { YearMonth } from '../domain/calendar.ts';
import { parseCohort } from '../domain/what-if/cohort.ts';
import { type ProposedPolicy, parseProposedPolicy, resolvePolicy } from '../domain/what-if/proposal.ts';
import { type WhatIfResult, whatIf } from '../domain/what-if/what-if.ts';
import { readCohort } from '../store/cohort.ts';
import type { Store } from '../store/store.ts';
import { EXAMPLE_PROPOSALS, type ExampleId } from './what-if-examples.ts';

export interface WhatIfQuery {
  from: YearMonth;
  to: YearMonth;
  /** One municipality's cohort; the whole country when absent. */
  municipality?: string;
  /** An example proposal to compare with instead of the policy in force. */
  baseline?: ExampleId;
}

export async function runWhatIf(
  deps: { store: Store; planningRegions?: Readonly<Record<string, string>> | undefined },
  query: WhatIfQuery,
  proposal: ProposedPolicy,
): Promise<WhatIfResult> {
  const period = { from: query.from, to: query.to };
  const cohort = await readCohort(deps.store, {
    ...period,
    ...(query.municipality !== undefined && { municipality: query.municipality }),
    ...(deps.planningRegions !== undefined && { regions: deps.planningRegions }),
  });
  const baseline =
    query.baseline === undefined
      ? resolvePolicy()
      : resolvePolicy(parseProposedPolicy(EXAMPLE_PROPOSALS[query.baseline]));
  return whatIf(parseCohort(cohort), period, resolvePolicy(proposal), baseline);
}
