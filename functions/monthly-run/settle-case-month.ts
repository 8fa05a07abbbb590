/**
 * One case's month in the monthly settlement run: load what the store knows, settle the
 * assistant hours and the providers' claims with the domain, and store one statement with its
 * notifications and the audit event, exactly once.
 *
 * - Hours: the assistant grant in force (current or previous cycle), the month's timesheets with
 *   the parents' confirmation of each entry (only entries the parents confirmed are paid), the
 *   paid entries of the week that began in the previous month, the paid hours of the three
 *   months before (functions/domain/settlement).
 * - Services: the support plan in force (the revision with status `active` whose period covers
 *   the month, current or previous cycle) and every claim of the plan period up to the end of
 *   the month, so earlier months establish what is used (functions/domain/claims). The stored
 *   statement's `services` part is the domain's services statement, with each paid or refused
 *   claim named by its claim id instead of its place in the input.
 * - Notifications: one `pay-statement` per assistant with paid or refused hours, and one
 *   `monthly-statement` per legal representative when a plan is in force (docs/settlement.md,
 *   "Parents' monthly statement"). Outbox items carry ids and figures only; the sender finds
 *   addresses in the case's person item.
 *
 * A rerun (a retried Lambda, a second start of the run) writes nothing and reports the month as
 * already settled; a timesheet or claim that arrived after the month was settled yields a
 * supplementary statement carrying only the difference, and its notifications carry only the
 * difference too.
 *
 * The notifications are built here from the statement this call expects to write (the month's
 * statements are read consistently just before) and handed to statements.settle, which writes
 * them in the statement's transaction. Should another writer store a statement of the same month
 * between that read and the write, with different data, the notifications written would describe
 * the difference to the statements this call read; a settle that built its drafts from the
 * statement it actually writes would close that window.
 *
 * @example
 * const result = await settleCaseMonth(store, { municipality: 'talsi', caseId: 'c-1' }, '2024-03', {
 *   actor: { kind: 'system', id: 'monthly-run-2024-03' },
 *   at: '2024-04-10T06:00:00.000Z',
 * });
 * result.status // 'settled', 'already-settled', 'supplementary' or 'no-grant'
 */

import { z } from 'zod';
import { budgetStanding } from '../domain/budget/figures.ts';
import { budgetRulesFor } from '../domain/budget/policy.ts';
import {
  addDays,
  addMonths,
  isoWeekMonday,
  isYearMonth,
  monthOf,
  monthSpan,
  toIsoDate,
  type YearMonth,
} from '../domain/calendar.ts';
import { parseServicesPart } from '../domain/claims/input.ts';
import { settleClaims } from '../domain/claims/settle-claims.ts';
import type { ServicesStatement } from '../domain/claims/types.ts';
import { InputError } from '../domain/errors.ts';
import { policyVersionOn, settlementRulesFor } from '../domain/policy/policy.ts';
import { SERVICE_UNITS, type ServiceUnit } from '../domain/policy/schema.ts';
import { statementDifference } from '../domain/settlement/difference.ts';
import { settleHours } from '../domain/settlement/settle.ts';
import type { HourStatement, OtherCaseEntry, SettlementCase } from '../domain/settlement/types.ts';
import { payStatementDataOf } from '../notify/render/assistant.ts';
import type { ParentStatementData } from '../notify/render/parent.ts';
import { type StoredClaim, toServiceClaim } from '../store/claims.ts';
import type { CycleContents } from '../store/cycles.ts';
import type {
  Actor,
  OutboxDraft,
  StatementBody,
  StoredGrant,
  StoredPlan,
  StoredStatement,
  StoredTimesheet,
} from '../store/entities.ts';
import { contactIdsOf } from '../store/entities.ts';
import { NotFoundError } from '../store/errors.ts';
import { confirmedEntries, entryKey } from '../store/hours-confirmations.ts';
import { type CaseRef, caseKey } from '../store/keys.ts';
import type { Store } from '../store/store.ts';

/** The service whose grant the hour settlement pays. */
export const ASSISTANT_SERVICE = 'assistant';

export interface CaseMonthResult {
  municipality: string;
  caseId: string;
  month: YearMonth;
  /** `no-grant`: neither an assistant grant nor a support plan is in force in the month; nothing is written. */
  status: 'settled' | 'already-settled' | 'supplementary' | 'no-grant';
  /** Sequence of the statement written or found (0 is the original). */
  sequence?: number;
  /** Hours of the statement written or found (a supplementary one carries differences). */
  paidMinutes: number;
  amountCents: number;
  rejectedMinutes: number;
  /** Individual-budget money paid for the month's claims, the whole month as settled now; when a plan is in force. */
  servicesCents?: number;
  /** Units of the month's claims refused (caps, not in the plan, unconfirmed, duplicates), as settled now. */
  rejectedClaimUnits?: number;
  /** Claims dated in the month while no support plan was in force: not paid; the coordinator should look. */
  claimsWithoutPlan?: number;
  /** Assistant or companion grants ending inside `run.grantsEndingWithin` and not followed by another (when asked). */
  grantsEnding?: { service: 'assistant' | 'companion'; to: string }[];
  /**
   * Notifications not written with this statement because a figure of the difference is below
   * zero (hours or services taken back), which no email template can show; ids as the outbox
   * names them (`monthly-statement:2024-03.1:legal-representative:p-1`). The run lists them for
   * the coordinator.
   */
  withheldNotifications?: string[];
}

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

/**
 * Settle one case's month from the store and store the statement with its notifications once.
 * Throws InputError for a malformed month (nothing read), NotFoundError for a case that is not in
 * the municipality, and {@link CaseDataError} when the stored data cannot be settled (two grants
 * or two active plans in one month, a plan or claim the domain refuses); nothing is written then.
 *
 * @example
 * const result = await settleCaseMonth(store, ref, '2024-03', { actor, at: '2024-04-10T06:00:00.000Z' });
 * if (result.status === 'supplementary') console.log(`statement ${result.sequence} written`);
 */
export async function settleCaseMonth(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  run: { actor: Actor; at: string; grantsEndingWithin?: { from: string; to: string } },
): Promise<CaseMonthResult> {
  const { participantId, cycles } = await caseCycles(store, ref, month);
  const ending = run.grantsEndingWithin ? grantsEndingIn(cycles, run.grantsEndingWithin) : [];
  const result = await settleCaseMonthIn(store, ref, month, run, participantId, cycles);
  return ending.length > 0 ? { ...result, grantsEnding: ending } : result;
}

/**
 * The assistant and companion grants of the loaded cycles that end between two dates (both
 * inclusive) and are not followed by a grant of the same service from the next day.
 */
function grantsEndingIn(
  cycles: readonly CycleContents[],
  within: { from: string; to: string },
): { service: 'assistant' | 'companion'; to: string }[] {
  const grants = cycles.flatMap((content) => content.grants);
  const ending: { service: 'assistant' | 'companion'; to: string }[] = [];
  for (const grant of grants) {
    if (grant.service !== 'assistant' && grant.service !== 'companion') continue;
    const to = grant.to;
    if (to === undefined || to < within.from || to > within.to) continue;
    const dayAfter = addDays(to, 1);
    if (grants.some((next) => next.service === grant.service && next.from === dayAfter)) continue;
    ending.push({ service: grant.service, to });
  }
  return ending;
}

async function settleCaseMonthIn(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  run: { actor: Actor; at: string },
  participantId: string,
  cycles: CycleContents[],
): Promise<CaseMonthResult> {
  const inForce: InForce = {
    participantId,
    grant: assistantGrantIn(ref, cycles, month),
    plan: activePlanIn(ref, cycles, month),
  };
  if (!inForce.grant && !inForce.plan) {
    const unplanned = (await store.claims.forMonth(ref, month)).length;
    return {
      municipality: ref.municipality,
      caseId: ref.caseId,
      month,
      status: 'no-grant',
      paidMinutes: 0,
      amountCents: 0,
      rejectedMinutes: 0,
      ...(unplanned > 0 && { claimsWithoutPlan: unplanned }),
    };
  }
  return await settleInForce(store, ref, month, run, inForce);
}

/** What a settlement of the month's assistant hours would pay now, computed without writing. */
export interface CaseMonthPreview {
  month: YearMonth;
  /** False when no assistant grant is in force in the month: no hours would be paid. */
  granted: boolean;
  /** The whole month's hours as they would be settled now (never a difference). */
  statement: HourStatement;
  /** How many statements of the month are stored already (0: the month is not settled yet). */
  storedStatements: number;
}

/**
 * A dry run of the month's hour settlement: the same grant, timesheets, prior-week entries and
 * history as {@link settleCaseMonth} loads, settled by the same domain, and nothing written. For
 * assistants who want to see what will be paid and what refused before the run. Throws like
 * settleCaseMonth (InputError, NotFoundError, {@link CaseDataError}).
 *
 * @example
 * const preview = await previewCaseMonth(store, ref, '2024-03');
 * preview.statement.rejected // [{ date: '2024-03-26', reason: 'MONTH_CAP', ... }]
 */
export async function previewCaseMonth(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
): Promise<CaseMonthPreview> {
  const { participantId, cycles } = await caseCycles(store, ref, month);
  const grant = assistantGrantIn(ref, cycles, month);
  const [statement, stored] = await Promise.all([
    monthHours(store, ref, month, participantId, grant),
    store.statements.forMonth(ref, month),
  ]);
  return { month, granted: grant !== undefined, statement, storedStatements: stored.length };
}

/**
 * The assistant grant in force in the month (current or previous cycle), or undefined: what the
 * timesheet page shows as granted, read the same way the settlement reads it. Throws like
 * {@link settleCaseMonth} (InputError, NotFoundError, {@link CaseDataError}).
 *
 * @example
 * await assistantGrantOf(store, ref, '2026-02') // { service: 'assistant', basis: 'month', minutes: 4800, ... }
 */
export async function assistantGrantOf(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
): Promise<StoredGrant | undefined> {
  const { cycles } = await caseCycles(store, ref, month);
  return assistantGrantIn(ref, cycles, month);
}

/**
 * The case's participant and its current and previous cycle (a month settled just after a new
 * cycle began belongs to the old one). Throws InputError for a malformed month, nothing read, and
 * NotFoundError for a case that is not in the municipality.
 */
async function caseCycles(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
): Promise<{ participantId: string; cycles: CycleContents[] }> {
  if (!isYearMonth(month)) throw new InputError([{ path: 'month', message: 'must be a month YYYY-MM' }]);
  const found = await store.cases.get(ref, true);
  if (!found) throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
  const cycles = await Promise.all(
    (found.cycle > 0 ? [found.cycle, found.cycle - 1] : [found.cycle]).map((number) =>
      store.cycles.contents(ref, number),
    ),
  );
  return { participantId: found.participantId, cycles };
}

/** The month's hours settled under `grant`: its timesheets, the prior week's entries, the history. */
async function monthHours(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  participantId: string,
  grant: StoredGrant | undefined,
): Promise<HourStatement> {
  if (!grant) return noHours(participantId, month);
  const { firstDay, lastDay } = dateRangeOf(month);
  const [sent, confirmations, priorEntries, history, stays] = await Promise.all([
    store.timesheets.forMonth(ref, month),
    store.hoursConfirmations.forMonth(ref, month),
    store.statements.paidEntriesOfPriorWeek(ref, month),
    store.statements.paidHistory(ref, month),
    store.stays.overlapping(ref, firstDay, lastDay),
  ]);
  const timesheets = confirmedByParents(sent, confirmedEntries(confirmations));
  const otherCases = await otherCasesFirst(store, ref, month, timesheets);
  return fromStoredData(ref, 'the hour settlement', () =>
    settleHours(
      hourCase(participantId, month, grant, {
        timesheets,
        priorEntries,
        history,
        noPayPeriods: stays.map(({ kind, from, to }) => ({ kind, from, to })),
        otherCases,
      }),
    ),
  );
}

/**
 * The entries this case's assistants reported in other cases (other children, other
 * municipalities) that come first, from the timesheetsByAssistantMonth index: the month and, when
 * the month's first ISO week began in the month before, that week's days too (for the weekly
 * maximum per assistant). A case comes first when its timesheet was submitted earlier (then by
 * municipality and case id), so whichever case the run settles first, the same time is paid in
 * the same one case. Only confirmed entries count: nothing else is paid anywhere.
 */
async function otherCasesFirst(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  timesheets: readonly StoredTimesheet[],
): Promise<OtherCaseEntry[]> {
  const { first } = monthSpan(month);
  const weekStart = toIsoDate(isoWeekMonday(first));
  const months = weekStart < `${month}-01` ? [addMonths(month, -1), month] : [month];
  const order = (sheet: StoredTimesheet, other: CaseRef) =>
    `${sheet.submittedAt}#${other.municipality}#${other.caseId}`;
  const result: OtherCaseEntry[] = [];
  for (const mine of timesheets) {
    const ours = order(mine, ref);
    const found = (
      await Promise.all(months.map((each) => store.timesheets.byAssistantMonth(mine.assistantId, each)))
    ).flat();
    for (const { ref: other, timesheet: sent } of found) {
      if (other.municipality === ref.municipality && other.caseId === ref.caseId) continue;
      if (order(sent, other) > ours) continue;
      // What is paid there is what that case's parents confirmed, as here.
      const confirmations = await store.hoursConfirmations.forMonth(other, sent.month);
      const [timesheet] = confirmedByParents([sent], confirmedEntries(confirmations));
      if (timesheet === undefined) continue;
      for (const entry of timesheet.entries) {
        if (!entry.confirmed || entry.date < weekStart || entry.date > toIsoDate(monthSpan(month).last))
          continue;
        result.push({
          caseId: other.caseId,
          assistantId: timesheet.assistantId,
          date: entry.date,
          minutes: entry.minutes,
          ...(entry.start !== undefined && { start: entry.start }),
          ...(entry.end !== undefined && { end: entry.end }),
        });
      }
    }
  }
  return result;
}

/**
 * The timesheets as the settlement reads them: an entry is confirmed when the parents confirmed
 * it (functions/store/hours-confirmations.ts), whatever the assistant's own flag says. Entries
 * the parents have not confirmed yet, or disputed, are refused as UNCONFIRMED; confirmed after
 * the run, they are paid by the supplementary run as a difference.
 */
export function confirmedByParents(
  timesheets: readonly StoredTimesheet[],
  confirmed: ReadonlyMap<string, ReadonlySet<string>>,
): StoredTimesheet[] {
  return timesheets.map((timesheet) => ({
    ...timesheet,
    entries: timesheet.entries.map((entry) => ({
      ...entry,
      confirmed: confirmed.get(timesheet.assistantId)?.has(entryKey(entry)) ?? false,
    })),
  }));
}

/** What the month is settled under: the participant, the assistant grant and the support plan in force. */
interface InForce {
  participantId: string;
  grant: StoredGrant | undefined;
  plan: StoredPlan | undefined;
}

/** Load the month, settle hours and services, and store the statement with its notifications. */
async function settleInForce(
  store: Store,
  ref: CaseRef,
  month: YearMonth,
  run: { actor: Actor; at: string },
  { participantId, grant, plan }: InForce,
): Promise<CaseMonthResult> {
  const periodStart = plan ? monthOf(plan.plan.period.start) : month;
  const [hours, claims, stored, person] = await Promise.all([
    monthHours(store, ref, month, participantId, grant),
    store.claims.between(ref, periodStart, month),
    store.statements.forMonth(ref, month, true),
    plan ? store.cases.getPerson(ref) : undefined,
  ]);

  const services = plan
    ? fromStoredData(ref, `the claims against plan revision ${plan.revision} of cycle ${plan.cycle}`, () =>
        settleServices(plan, claims, month),
      )
    : undefined;
  const previous = stored.map((statement) => statement.statement);
  const body = services ? { ...hours, services: asStoredPart(services) } : hours;
  const base = {
    municipality: ref.municipality,
    caseId: ref.caseId,
    month,
    ...(services && {
      servicesCents: services.monthCents,
      rejectedClaimUnits: services.rejected
        .filter((claim) => monthOf(claim.date) === month)
        .reduce((sum, claim) => sum + claim.units, 0),
    }),
    ...(!plan && claims.length > 0 && { claimsWithoutPlan: claims.length }),
  };

  // What settle will write: the whole month first, then only the difference (the store's rule).
  const latest = stored.at(-1);
  const candidate = latest ? statementDifference(previous, body) : body;
  if (!candidate) return resultOf(base, latest as StoredStatement, 'already-settled', []);
  const sequence = latest ? latest.sequence + 1 : 0;

  const pay = payStatementDrafts(candidate);
  const parents =
    plan && services
      ? parentStatementDrafts(ref, {
          candidate,
          sequence,
          plan,
          services,
          before: servicesBefore(ref, previous),
          recipients: [...new Set(contactIdsOf(person, 'legal-representative'))].sort(),
        })
      : { drafts: [], withheld: [] };
  const settled = await store.statements.settle(ref, body, {
    outbox: [...pay.drafts, ...parents.drafts],
    note: { actor: run.actor, action: 'month-settled', at: run.at },
  });
  if (!settled.created) return resultOf(base, settled.statement, 'already-settled', []);
  const suffix = sequence === 0 ? '' : `.${sequence}`;
  const withheld = [...pay.withheld, ...parents.withheld].map(
    (draft) => `${draft.kind}:${draft.scope}${suffix}:${draft.recipient.role}:${draft.recipient.id}`,
  );
  return resultOf(
    base,
    settled.statement,
    settled.statement.sequence === 0 ? 'settled' : 'supplementary',
    withheld,
  );
}

/** The result of a month that has a statement, written now or found. */
function resultOf(
  base: Pick<CaseMonthResult, 'municipality' | 'caseId' | 'month'> & Partial<CaseMonthResult>,
  statement: StoredStatement,
  status: CaseMonthResult['status'],
  withheld: readonly string[],
): CaseMonthResult {
  return {
    ...base,
    status,
    sequence: statement.sequence,
    paidMinutes: statement.statement.paidMinutes,
    amountCents: statement.statement.amountCents,
    rejectedMinutes: statement.statement.rejected.reduce((sum, item) => sum + item.minutes, 0),
    ...(withheld.length > 0 && { withheldNotifications: [...withheld] }),
  };
}

/** Turn the domain's refusal of stored data into a {@link CaseDataError} naming the fields. */
function fromStoredData<T>(ref: CaseRef, what: string, compute: () => T): T {
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

/** The hour settlement's input from the stored grant and the month's loaded items. */
function hourCase(
  participantId: string,
  month: YearMonth,
  grant: StoredGrant,
  loaded: Pick<SettlementCase, 'priorEntries' | 'history' | 'noPayPeriods' | 'otherCases'> & {
    timesheets: readonly StoredTimesheet[];
  },
): SettlementCase {
  return {
    participantId,
    month,
    grant: {
      basis: grant.basis,
      minutes: grant.minutes,
      ...(grant.from !== undefined && { from: grant.from }),
      ...(grant.to !== undefined && { to: grant.to }),
      ...(grant.regulation !== undefined && { regulation: grant.regulation }),
    },
    ...(loaded.noPayPeriods && loaded.noPayPeriods.length > 0 && { noPayPeriods: loaded.noPayPeriods }),
    ...(loaded.otherCases && loaded.otherCases.length > 0 && { otherCases: loaded.otherCases }),
    timesheets: loaded.timesheets.map((timesheet) => ({
      assistantId: timesheet.assistantId,
      entries: timesheet.entries,
    })),
    priorEntries: loaded.priorEntries,
    history: loaded.history,
  };
}

const dateRangeOf = (month: YearMonth) => {
  const { first, last } = monthSpan(month);
  return { firstDay: toIsoDate(first), lastDay: toIsoDate(last) };
};

/**
 * The assistant grant in force in the month, from the case's current cycle or the one before
 * (a month settled just after a new cycle began belongs to the old one). Two grants overlapping
 * one month are not guessed between: that is a {@link CaseDataError} for the coordinator.
 */
function assistantGrantIn(
  ref: CaseRef,
  cycles: readonly CycleContents[],
  month: YearMonth,
): StoredGrant | undefined {
  const { firstDay, lastDay } = dateRangeOf(month);
  const overlapping = cycles
    .flatMap((content) => content.grants)
    .filter((grant) => grant.service === ASSISTANT_SERVICE)
    .filter((grant) => (grant.from ?? firstDay) <= lastDay && (grant.to ?? lastDay) >= firstDay);
  if (overlapping.length > 1) {
    throw new CaseDataError(
      ref,
      `${overlapping.length} assistant grants overlap ${month}; one grant per month can be settled`,
    );
  }
  return overlapping[0];
}

/**
 * The support plan in force in the month: the revision with status `active` whose period covers
 * the month, from the current cycle or the one before. Two active revisions covering one month
 * are not guessed between: that is a {@link CaseDataError}.
 */
function activePlanIn(
  ref: CaseRef,
  cycles: readonly CycleContents[],
  month: YearMonth,
): StoredPlan | undefined {
  const { firstDay, lastDay } = dateRangeOf(month);
  const active = cycles
    .flatMap((content) => content.plans)
    .filter((plan) => plan.status === 'active')
    .filter((plan) => plan.plan.period.start <= lastDay && plan.plan.period.end >= firstDay);
  if (active.length > 1) {
    const revisions = active.map((plan) => `cycle ${plan.cycle} revision ${plan.revision}`).join(', ');
    throw new CaseDataError(
      ref,
      `${active.length} active plans cover ${month} (${revisions}); one can be settled`,
    );
  }
  return active[0];
}

/** The hour part of a month without an assistant grant: nothing paid, under the policy of the month. */
function noHours(participantId: string, month: YearMonth): HourStatement {
  const rules = settlementRulesFor(month);
  return {
    participantId,
    month,
    policy: { id: rules.policyId, revision: rules.policyRevision },
    paidMinutes: 0,
    paidHours: 0,
    amountCents: 0,
    lines: [],
    rejected: [],
  };
}

/**
 * Settle the claims of the plan period up to the end of the month against the plan, with the
 * domain's rules (docs/budget-model.md section 4). Claims come in key order (month, provider,
 * claim id), which the domain keeps within a date, so a rerun settles them the same way; the
 * result names claims by claim id instead of `claims[i]`.
 */
function settleServices(
  plan: StoredPlan,
  claims: readonly StoredClaim[],
  month: YearMonth,
): ServicesStatement {
  const part = parseServicesPart({
    plan: { ...plan.plan, period: { start: plan.plan.period.start, end: plan.plan.period.end } },
    claims: claims.map(toServiceClaim),
  });
  const statement = settleClaims(part.plan, part.claims, month);
  const idOf = (position: string) => {
    const index = /^claims\[(\d+)\]$/.exec(position)?.[1];
    return (index === undefined ? undefined : claims[Number(index)]?.claimId) ?? position;
  };
  return {
    ...statement,
    lines: statement.lines.map((line) => ({
      ...line,
      paid: line.paid.map((paid) => ({ ...paid, claim: idOf(paid.claim) })),
    })),
    rejected: statement.rejected.map((rejected) => ({ ...rejected, claim: idOf(rejected.claim) })),
  };
}

/** The services statement as the stored statement's open `services` part. */
const asStoredPart = (services: ServicesStatement): Record<string, unknown> => ({ ...services });

/** What the parents' statement reads of a stored services part. */
const storedServicesSchema = z.object({
  monthCents: z.number().int(),
  lines: z.array(
    z.object({
      service: z.string(),
      funding: z.string(),
      monthUnits: z.number().int(),
      monthCents: z.number().int(),
    }),
  ),
});

function readServices(ref: CaseRef, statement: StatementBody, what: string) {
  const parsed = storedServicesSchema.safeParse(statement.services);
  if (!parsed.success) {
    throw new CaseDataError(
      ref,
      `the services part of ${what} is not readable: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
    );
  }
  return parsed.data;
}

/** The individual-budget lines of the month as last stored (the latest services part), for a difference. */
function servicesBefore(ref: CaseRef, previous: readonly StatementBody[]) {
  const last = previous.findLast((statement) => statement.services !== undefined);
  if (!last) return [];
  return readServices(ref, last, `the statement of ${last.month}`).lines.filter(
    (line) => line.funding === 'individual-budget',
  );
}

interface Drafts {
  drafts: OutboxDraft[];
  /** Drafts not written because a figure would be below zero. */
  withheld: OutboxDraft[];
}

const labelSchema = z.object({ lv: z.string().min(1), en: z.string().min(1) });

/**
 * One `monthly-statement` per legal representative, with the data of
 * functions/notify/render/parent.ts `parentStatementSchema`. On the original statement: the month's
 * assistant hours and pay, and every individual-budget service paid in the month. On a
 * supplementary one: the difference only (the hours and pay it adds, each service's units and
 * cents beyond what the month's latest stored services part paid), and no email at all when
 * nothing paid changed. The budget figures are the standing after this month in both cases, each
 * as functions/domain/budget/figures.ts defines it and from the same services statement the
 * coordinator reads: planned (its budget lines), used so far (since the period began, through this
 * month), left to spend (planned - used, its `leftToSpendCents`), left to plan (budget - planned).
 */
function parentStatementDrafts(
  ref: CaseRef,
  input: {
    candidate: StatementBody;
    sequence: number;
    plan: StoredPlan;
    services: ServicesStatement;
    before: readonly { service: string; monthUnits: number; monthCents: number }[];
    recipients: readonly string[];
  },
): Drafts {
  const { candidate, plan, services } = input;
  let catalogue: ReturnType<typeof budgetRulesFor>['services'] = new Map();
  try {
    catalogue = budgetRulesFor(plan.plan.period.start).services;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  const planLines = new Map(plan.plan.lines.map((line) => [line.service, line]));
  const describe = (
    service: string,
  ): { service: ParentStatementData['services'][number]['service']; unit: ServiceUnit } => {
    const known = catalogue.get(service);
    const line = planLines.get(service);
    const name = known?.name ?? labelSchema.safeParse(line?.['name']).data ?? { lv: service, en: service };
    const unit = known?.unit ?? z.enum(SERVICE_UNITS).safeParse(line?.['unit']).data;
    if (unit === undefined) {
      throw new CaseDataError(ref, `no unit is known for the service ${service} (policy or plan line)`);
    }
    return { service: { lv: name.lv, en: name.en }, unit };
  };

  const now = new Map(
    services.lines
      .filter((line) => line.funding === 'individual-budget')
      .map((line) => [line.service, { units: line.monthUnits, cents: line.monthCents }]),
  );
  const then = new Map(
    input.before.map((line) => [line.service, { units: line.monthUnits, cents: line.monthCents }]),
  );
  const lines: ParentStatementData['services'] = [];
  for (const service of new Set([...now.keys(), ...then.keys()])) {
    const units = (now.get(service)?.units ?? 0) - (then.get(service)?.units ?? 0);
    const paidCents = (now.get(service)?.cents ?? 0) - (then.get(service)?.cents ?? 0);
    if (units === 0 && paidCents === 0) continue;
    lines.push({ ...describe(service), units, paidCents });
  }
  if (
    input.sequence > 0 &&
    lines.length === 0 &&
    candidate.paidMinutes === 0 &&
    candidate.amountCents === 0
  ) {
    return { drafts: [], withheld: [] };
  }
  // The same figures as the statement's services part the coordinator reads: planned and used
  // from the services statement's budget lines, so left to spend is its own leftToSpendCents.
  const plannedCents = services.lines
    .filter((line) => line.funding === 'individual-budget')
    .reduce((sum, line) => sum + line.periodCents, 0);
  const data = {
    month: candidate.month,
    assistantMinutesPaid: candidate.paidMinutes,
    assistantCents: candidate.amountCents,
    services: lines,
    budget: budgetStanding({
      budgetCents: plan.plan.budget.cents,
      plannedCents,
      usedCents: services.usedCents,
    }),
  } satisfies ParentStatementData;
  const negative =
    data.assistantMinutesPaid < 0 ||
    data.assistantCents < 0 ||
    lines.some((line) => line.units < 0 || line.paidCents < 0);
  const drafts = input.recipients.map(
    (id): OutboxDraft => ({
      kind: 'monthly-statement',
      scope: candidate.month,
      recipient: { role: 'legal-representative', id },
      data,
    }),
  );
  return negative ? { drafts: [], withheld: drafts } : { drafts, withheld: [] };
}

/**
 * One pay statement per assistant with paid or refused hours in `statement` (the whole month, or
 * a supplementary statement's difference): ids and figures, names of activities from policy.
 */
function payStatementDrafts(statement: HourStatement): Drafts {
  const activities = policyVersionOn(`${statement.month}-01`)?.assistant.activities ?? [];
  const assistants = new Set([...statement.lines, ...statement.rejected].map((item) => item.assistantId));
  const result: Drafts = { drafts: [], withheld: [] };
  for (const assistantId of [...assistants].sort()) {
    const data = payStatementDataOf(statement, assistantId, activities);
    const draft: OutboxDraft = {
      kind: 'pay-statement',
      scope: statement.month,
      recipient: { role: 'assistant', id: assistantId },
      data,
    };
    const negative = data.paid.some((line) => line.minutes < 0 || line.amountCents < 0);
    (negative ? result.withheld : result.drafts).push(draft);
  }
  return result;
}
