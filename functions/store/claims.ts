/**
 * Providers' claims for services delivered under a case's support plan, in the case's item
 * collection keyed by month, provider and the provider's own claim id
 * (`CLAIM#<YYYY-MM>#<providerId>#<claimId>`), so a month's claims, or every claim of a plan
 * period, is one query. A claim is what the domain's claims input takes for one claim
 * (functions/domain/claims/input.ts: date, service, units, providerId, confirmed) plus its id.
 *
 * A claim is written once. A resubmission of the same claim id by the same provider with the same
 * content writes nothing and returns the stored claim; with different content (another date,
 * service, number of units or confirmation) it is a {@link ConflictError}: a claim already paid
 * may not change under the statement that paid it. A small guard item per claim id
 * (`CLAIMID#<providerId>#<claimId>`, holding the claim's month) is written in the same
 * transaction, so the same id cannot be filed again under another month either.
 *
 * @example
 * const { created, claim } = await claims.submit(ref, {
 *   claimId: 'inv-2024-031', date: '2024-03-04', service: 'physiotherapy', units: 2,
 *   providerId: 'talsi-rehab', confirmed: true,
 * }, note);
 * const march = await claims.forMonth(ref, '2024-03');
 */
import { z } from 'zod';
import { monthOf, type YearMonth } from '../domain/calendar.ts';
import type { ServiceClaim } from '../domain/claims/types.ts';
import { isoDateSchema, serviceCodeSchema } from '../domain/policy/schema.ts';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { type TableClient, TransactionCancelled } from './client.ts';
import { decodeItem, type EntityDefinition } from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import {
  type CaseRef,
  caseKey,
  caseMonthsQuery,
  casePk,
  checkCaseRef,
  type ItemKey,
  idSchema,
  validate,
  yearMonthSchema,
} from './keys.ts';

const instantSchema = z.iso.datetime({ offset: true });

/**
 * One claim as a provider files it: the domain's claim (the same fields and limits, with the
 * provider id restricted to the store's id alphabet because it is part of the key) and the
 * provider's id for the claim.
 */
export const claimInputSchema = z.strictObject({
  claimId: idSchema,
  date: isoDateSchema,
  service: serviceCodeSchema,
  units: z.number().int().positive().max(744),
  providerId: idSchema,
  /** Confirmed by the parent. */
  confirmed: z.boolean(),
});
export type ClaimInput = z.infer<typeof claimInputSchema>;

export const claimSchema = z.object({
  ...claimInputSchema.shape,
  entity: z.literal('Claim'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
  submittedAt: instantSchema,
});
export type StoredClaim = z.infer<typeof claimSchema>;

/** The guard that keeps a provider's claim id unique in the case whatever month it is filed under. */
const claimIdSchema = z.object({
  entity: z.literal('ClaimId'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
});

export const claimEntity: EntityDefinition<StoredClaim> = { name: 'Claim', schema: claimSchema };
const claimIdEntity: EntityDefinition<z.infer<typeof claimIdSchema>> = {
  name: 'ClaimId',
  schema: claimIdSchema,
};

// ---- keys (only this file builds claim keys) ---------------------------------------------------

export const claimPrefix = (month: YearMonth) => `CLAIM#${month}#`;
export const claimKey = (ref: CaseRef, month: YearMonth, providerId: string, claimId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${claimPrefix(month)}${providerId}#${claimId}`,
});
export const claimIdKey = (ref: CaseRef, providerId: string, claimId: string): ItemKey => ({
  pk: casePk(ref),
  sk: `CLAIMID#${providerId}#${claimId}`,
});

/** The fields that make a claim's content; a resubmission must repeat them exactly. */
const CONTENT_FIELDS = ['date', 'service', 'units', 'providerId', 'confirmed'] as const;

export interface SubmitResult {
  /** True when this call stored the claim; false when the same claim was already stored. */
  created: boolean;
  claim: StoredClaim;
}

/**
 * The domain's claim (functions/domain/claims/types.ts ServiceClaim) of a stored claim.
 * @example
 * settleClaims(plan, (await claims.forMonth(ref, '2024-03')).map(toServiceClaim), '2024-03');
 */
export function toServiceClaim(claim: StoredClaim): ServiceClaim {
  return {
    date: claim.date,
    service: claim.service,
    units: claim.units,
    providerId: claim.providerId,
    confirmed: claim.confirmed,
  };
}

export class ClaimRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Store a provider's claim once, with an audit event naming its fields (never their values).
   * Bad input is an InputError naming each field (`claim.units`) and writes nothing; a case that
   * does not exist in the municipality is a NotFoundError; the same claim id with other content
   * is a ConflictError.
   * @example
   * await claims.submit(ref, { claimId: 'inv-31', date: '2024-03-04', service: 'physiotherapy', units: 1, providerId: 'talsi-rehab', confirmed: true }, note);
   */
  async submit(ref: CaseRef, claim: ClaimInput, note: AuditNote): Promise<SubmitResult> {
    checkCaseRef(ref);
    checkAuditNote(note);
    const checked = validate(claimInputSchema, claim, 'claim');
    const month = monthOf(checked.date);
    const stored: StoredClaim = {
      entity: 'Claim',
      schemaVersion: 1,
      ...checked,
      month,
      submittedAt: note.at,
    };
    const key = claimKey(ref, month, checked.providerId, checked.claimId);
    const guard = claimIdKey(ref, checked.providerId, checked.claimId);
    try {
      await this.table.transact([
        { ConditionCheck: { Key: caseKey(ref), ConditionExpression: 'attribute_exists(pk)' } },
        { Put: { Item: { ...key, ...stored }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            Item: { ...guard, entity: 'ClaimId', schemaVersion: 1, month },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        auditEventPut(ref, note, Object.keys(checked), key.sk),
      ]);
      return { created: true, claim: stored };
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      if (error.failedOn(0))
        throw new NotFoundError(caseKey(ref), `case ${ref.caseId} in ${ref.municipality}`);
      if (!error.failedOn(1) && !error.failedOn(2)) {
        throw new ConflictError(key, `claim ${checked.claimId} was being written by someone else; retry`);
      }
    }
    const existing = await this.existing(ref, guard, checked.providerId, checked.claimId);
    const differs = existing
      ? CONTENT_FIELDS.filter((field) => existing[field] !== checked[field])
      : [...CONTENT_FIELDS];
    if (existing && differs.length === 0) return { created: false, claim: existing };
    throw new ConflictError(
      key,
      `claim ${checked.claimId} of ${checked.providerId} is already stored with other ${differs.join(', ')}`,
    );
  }

  /** The claim stored under a provider's claim id, found through its guard. */
  private async existing(
    ref: CaseRef,
    guard: ItemKey,
    providerId: string,
    claimId: string,
  ): Promise<StoredClaim | undefined> {
    const guardItem = await this.table.get(guard, true);
    if (!guardItem) return undefined;
    const { month } = decodeItem(claimIdEntity, guardItem);
    const item = await this.table.get(claimKey(ref, month, providerId, claimId), true);
    return item ? decodeItem(claimEntity, item) : undefined;
  }

  /**
   * The case's claims dated in a month, by provider and claim id.
   * @example
   * const march = await claims.forMonth(ref, '2024-03');
   */
  async forMonth(ref: CaseRef, month: YearMonth): Promise<StoredClaim[]> {
    return await this.between(ref, month, month);
  }

  /**
   * The case's claims dated from the first day of `from` to the last day of `to` (a plan period
   * up to the month being settled), by month, provider and claim id: one query.
   * @example
   * const sinceStart = await claims.between(ref, '2024-01', '2024-03');
   */
  async between(ref: CaseRef, from: YearMonth, to: YearMonth): Promise<StoredClaim[]> {
    checkCaseRef(ref);
    validate(z.strictObject({ from: yearMonthSchema, to: yearMonthSchema }), { from, to }, 'months');
    if (from > to) return [];
    const items = await this.table.queryAll(caseMonthsQuery(ref, claimPrefix, from, to));
    return items.map((item) => decodeItem(claimEntity, item));
  }
}
