/**
 * One case's month in the monthly settlement run: load what the store knows, settle the
 * assistant hours and the providers' claims with the domain, and store one statement with its
 * notifications and the audit event, exactly once. The parts live in case-month/: what is in force
 * (in-force.ts), the hours (hours.ts), the services (services.ts), the notifications
 * (notifications.ts); this file stores the statement and answers.
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

import { monthOf, type YearMonth } from '../domain/calendar.ts';
import { statementDifference } from '../domain/settlement/difference.ts';
import type { HourStatement } from '../domain/settlement/types.ts';
import type { CycleContents } from '../store/cycles.ts';
import type { Actor, StoredStatement } from '../store/entities.ts';
import { contactIdsOf } from '../store/entities.ts';
import type { CaseRef } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { CaseDataError, fromStoredData } from './case-month/case-data-error.ts';
import { monthHours } from './case-month/hours.ts';
import {
  activePlanIn,
  assistantGrantIn,
  caseCycles,
  grantsEndingIn,
  type InForce,
} from './case-month/in-force.ts';
import { parentStatementDrafts, payStatementDrafts } from './case-month/notifications.ts';
import { asStoredPart, servicesBefore, settleServices } from './case-month/services.ts';

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
