/**
 * The cohort of a period read from the store for the policy what-if (functions/domain/what-if):
 * every case active in a month of the period (index activeCasesByMonth, one query per month and
 * shard, narrowed to one municipality by the index's sort key; never a Scan), and for each case
 * its cycles in one query, its timesheets and the parents' confirmations of them (one query
 * each) from three months before the period (which the replay settles first, as the runs did, for
 * the week that began in the month before and the paid history) to its end, its stays in
 * hospital or care (one query) and, for the age band only, the participant's birth date (a
 * projection of the person item). Nothing else of the person is read, and the cohort holds ids,
 * codes and figures only: the birth date becomes an age band, and each assistant `A1`, `A2`, ...
 * in the order this read meets them, the same in every case of the cohort (so the replay sees one
 * assistant's time across cases) and made again by every read (so it leads to no person and
 * links no two exports). A timesheet keeps the instant it was submitted, which orders the cases
 * one assistant works in.
 *
 * Each cycle's active plan is given with the inputs it was drafted from, as the review cycle
 * drafts it (functions/review-cycle/tasks/draft-plan.ts): the cycle's latest assessment, the change
 * request that led to the revision (its recommendations, ranking and providers) or else the
 * assessment's and the parents' ranking, and the assistant grant's dates.
 *
 * @example
 * const cohort = await readCohort(store, { from: '2025-01', to: '2025-06', municipality: 'talsi' });
 * parseCohort(cohort).cases.length
 */
import { addMonths, type YearMonth } from '../domain/calendar.ts';
import { ageBandOn, type CohortInput } from '../domain/what-if/cohort.ts';
import { activeCaseRefs } from './active-cases.ts';
import type { CycleContents } from './cycles.ts';
import type { StoredTimesheet } from './entities.ts';
import { entryKey, type StoredHoursConfirmation } from './hours-confirmations.ts';
import { type CaseRef, idSchema, validate, yearMonthSchema } from './keys.ts';
import type { Store } from './store.ts';

export interface CohortQuery {
  from: YearMonth;
  to: YearMonth;
  /** One municipality's cases; every municipality's when absent. */
  municipality?: string;
  /** Planning region by municipality id, for grouping. */
  regions?: Readonly<Record<string, string>>;
  /** Cases read at once. */
  concurrency?: number;
}

type CohortCaseInput = CohortInput['cases'][number];

/** Months before the period read and settled first: the paid history the settlement reads is three months. */
export const LEAD_IN_MONTHS = 3;

/** Assistant pseudonyms of one read: `A1`, `A2`, ... in the order met. */
type Pseudonyms = Map<string, string>;

const monthsBetween = (start: string, end: string) =>
  (Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
  Number(end.slice(5, 7)) -
  Number(start.slice(5, 7)) +
  1;

/** The cycle's active plan with the inputs it was drafted from, or undefined when none took effect. */
function planOfCycle(contents: CycleContents): CohortCaseInput['plans'][number] | undefined {
  const active = contents.plans.findLast((plan) => plan.status === 'active');
  const assessment = contents.assessments.at(-1);
  if (!active || !assessment) return undefined;
  const changes = contents.changeRequests.find((request) => request.sequence === active.revision - 1);
  const grant = contents.grants.find((candidate) => candidate.service === 'assistant');
  const { start, end } = active.plan.period;
  return {
    periodStart: start,
    months: monthsBetween(start, end),
    assessment: {
      ...assessment.scores,
      weeklyRehabilitation: assessment.weeklyRehabilitation,
      needsCompanion: assessment.needsCompanion,
    },
    recommendations: changes?.recommendations ?? assessment.recommendations ?? [],
    parentRanking: changes?.parentRanking ?? contents.ranking?.services ?? [],
    providers: changes?.providers ?? assessment.providers ?? [],
    ...(grant?.from !== undefined && { grantFrom: grant.from }),
    ...(grant?.to !== undefined && { grantTo: grant.to }),
  };
}

/**
 * The months' timesheets with assistants under the read's pseudonyms (a new one for an assistant
 * not met yet), each with the instant it was submitted. An
 * entry is `confirmed` when the parents confirmed it, whatever the assistant's own flag says, as
 * the monthly run reads it (functions/monthly-run/case-month/hours.ts confirmedByParents).
 */
function pseudonymousMonths(
  timesheets: readonly StoredTimesheet[],
  confirmations: readonly StoredHoursConfirmation[],
  pseudonyms: Pseudonyms,
): CohortCaseInput['months'] {
  const confirmed = new Map(
    confirmations.map((item) => [`${item.month}#${item.assistantId}`, new Set(item.confirmed)]),
  );
  const byMonth = new Map<string, CohortCaseInput['months'][number]>();
  for (const sheet of timesheets) {
    let assistantId = pseudonyms.get(sheet.assistantId);
    if (!assistantId) {
      assistantId = `A${pseudonyms.size + 1}`;
      pseudonyms.set(sheet.assistantId, assistantId);
    }
    const byParents = confirmed.get(`${sheet.month}#${sheet.assistantId}`);
    const month = byMonth.get(sheet.month) ?? { month: sheet.month, timesheets: [] };
    month.timesheets.push({
      assistantId,
      submittedAt: sheet.submittedAt,
      entries: sheet.entries.map((entry) => ({
        ...entry,
        confirmed: byParents?.has(entryKey(entry)) ?? false,
      })),
    });
    byMonth.set(sheet.month, month);
  }
  return [...byMonth.values()];
}

async function readCase(
  store: Store,
  ref: CaseRef,
  query: CohortQuery,
  pseudonyms: Pseudonyms,
): Promise<CohortCaseInput> {
  const leadIn = addMonths(query.from, -LEAD_IN_MONTHS);
  const [cycles, timesheets, confirmations, stays, birthDate] = await Promise.all([
    store.cycles.everyCycle(ref),
    store.timesheets.between(ref, leadIn, query.to),
    store.hoursConfirmations.between(ref, leadIn, query.to),
    store.stays.all(ref),
    store.cases.birthDateOf(ref),
  ]);
  const first = `${leadIn}-01`;
  const last = `${query.to}-31`;
  const region = query.regions?.[ref.municipality];
  return {
    caseId: ref.caseId,
    municipality: ref.municipality,
    ...(region !== undefined && { region }),
    ...(birthDate !== undefined && { ageBand: ageBandOn(birthDate, `${query.from}-01`) }),
    plans: cycles.flatMap(({ contents }) => planOfCycle(contents) ?? []),
    months: pseudonymousMonths(timesheets, confirmations, pseudonyms),
    stays: stays
      .filter((stay) => stay.from <= last && stay.to >= first)
      .map(({ kind, from, to }) => ({ kind, from, to })),
  };
}

/**
 * The cohort of the period, for {@link parseCohort}: the cases active in any of its months, one
 * municipality's or all. Throws InputError for a malformed query (nothing read).
 */
export async function readCohort(store: Store, query: CohortQuery): Promise<CohortInput> {
  validate(yearMonthSchema, query.from, 'from');
  validate(yearMonthSchema, query.to, 'to');
  if (query.municipality !== undefined) validate(idSchema, query.municipality, 'municipality');
  const refs = await activeCaseRefs(store.table, query.from, query.to, query.municipality);
  const cases: CohortCaseInput[] = new Array(refs.length);
  const pseudonyms: Pseudonyms = new Map();
  let next = 0;
  const worker = async () => {
    while (next < refs.length) {
      const index = next++;
      const ref = refs[index];
      if (ref) cases[index] = await readCase(store, ref, query, pseudonyms);
    }
  };
  await Promise.all(Array.from({ length: Math.min(query.concurrency ?? 16, refs.length) }, worker));
  return {
    description: `Cases active from ${query.from} to ${query.to}${query.municipality ? ` in ${query.municipality}` : ''}, read from the store`,
    cases,
  };
}
