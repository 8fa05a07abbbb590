/**
 * Idempotency records for the API's writes: a client that retries a request with the same
 * `Idempotency-Key` gets the first response again, and nothing is done twice. One item per
 * principal and key, in a partition of the principal's own (`IDEM#<principal>`), so two users'
 * keys never meet. The item holds a fingerprint of the request (a hash, never the body), the
 * status of the first attempt and, once it finished, its response (status, content type, body).
 *
 * - `begin` is one conditional UpdateItem that creates the record: it succeeds when the key is
 *   new, when an old record has passed its expiry (TTL deletes lazily), or when an attempt with
 *   the same fingerprint was left in progress past its lease (a crashed Lambda). Otherwise it
 *   reads the record and says why: a finished response to replay, a different request under the
 *   same key, or an attempt still running.
 * - `complete` stores the response, only on the record this attempt began (same fingerprint, in
 *   progress); `release` deletes it, so a failed attempt (a 5xx) can be retried.
 *
 * Keys are built here, not in keys.ts: nothing else addresses these partitions.
 *
 * @example
 * const begun = await idempotency.begin('M#talsi#coordinator#u-7', 'a1b2', fingerprint, { at, ttlSeconds: 86_400, leaseSeconds: 60 });
 * if (begun.state === 'started') await idempotency.complete('M#talsi#coordinator#u-7', 'a1b2', fingerprint, response);
 */
import { z } from 'zod';
import { isConditionFailure, type TableClient, TransactionCancelled } from './client.ts';
import { decodeItem, type EntityDefinition } from './entities.ts';
import { type ItemKey, validate } from './keys.ts';

const instantSchema = z.iso.datetime({ offset: true });

/** A principal as the API names it: ids joined by `#`, e.g. `M#talsi#coordinator#u-7`. */
export const principalKeySchema = z.string().regex(/^[A-Za-z0-9._#-]{1,200}$/, 'must be ids joined by #');
/** What a client may send as `Idempotency-Key`: a UUID or any token of 1-128 safe characters. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1-128 letters, digits, "-" or "_" (a UUID fits)');
const fingerprintSchema = z.string().regex(/^[a-f0-9]{64}$/, 'must be a SHA-256 in hex');

export const storedResponseSchema = z.strictObject({
  status: z.number().int().min(200).max(499),
  contentType: z.string().min(1).max(200),
  /** The body as sent; responses of writes are small (ids, codes, figures). */
  body: z.string().max(300_000),
});
export type StoredResponse = z.infer<typeof storedResponseSchema>;

const idempotencyRecordSchema = z.object({
  entity: z.literal('IdempotencyRecord'),
  schemaVersion: z.literal(1),
  fingerprint: fingerprintSchema,
  status: z.enum(['in-progress', 'completed']),
  createdAt: instantSchema,
  /** Epoch milliseconds until which an attempt in progress holds the key. */
  lockedUntil: z.number().int(),
  /** TTL, epoch seconds. */
  expiresAt: z.number().int(),
  response: storedResponseSchema.exactOptional(),
});
export type IdempotencyRecord = z.infer<typeof idempotencyRecordSchema>;
const idempotencyEntity: EntityDefinition<IdempotencyRecord> = {
  name: 'IdempotencyRecord',
  schema: idempotencyRecordSchema,
};

const beginOptionsSchema = z.strictObject({
  at: instantSchema,
  /** How long a key is remembered. */
  ttlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 86_400),
  /** How long an attempt in progress holds the key before a retry may take it over. */
  leaseSeconds: z.number().int().min(1).max(3_600),
});

export type BeginResult =
  | { state: 'started' }
  | { state: 'replay'; response: StoredResponse }
  | { state: 'mismatch' }
  | { state: 'in-progress' };

export const idempotencyKey = (principal: string, key: string): ItemKey => ({
  pk: `IDEM#${principal}`,
  sk: `KEY#${key}`,
});

export class IdempotencyRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Claim `key` for a request with `fingerprint`, or say what the key already stands for.
   * @example
   * const begun = await idempotency.begin(principal, key, fingerprint, { at, ttlSeconds: 86_400, leaseSeconds: 60 });
   * if (begun.state === 'replay') return begun.response;
   */
  async begin(
    principal: string,
    key: string,
    fingerprint: string,
    options: z.input<typeof beginOptionsSchema>,
  ): Promise<BeginResult> {
    validate(principalKeySchema, principal, 'principal');
    validate(idempotencyKeySchema, key, 'idempotencyKey');
    validate(fingerprintSchema, fingerprint, 'fingerprint');
    const { at, ttlSeconds, leaseSeconds } = validate(beginOptionsSchema, options, 'options');
    const nowMs = Date.parse(at);
    const itemKey = idempotencyKey(principal, key);
    try {
      await this.table.update({
        Key: itemKey,
        UpdateExpression:
          'SET #entity = :entity, #version = :version, #fingerprint = :fingerprint, #status = :inProgress, #createdAt = :at, #lockedUntil = :lockedUntil, #expiresAt = :expiresAt REMOVE #response',
        ConditionExpression:
          'attribute_not_exists(pk) OR #expiresAt < :nowSeconds OR (#status = :inProgress AND #lockedUntil < :nowMs AND #fingerprint = :fingerprint)',
        // Every name aliased: `status` and others are DynamoDB reserved words.
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#version': 'schemaVersion',
          '#fingerprint': 'fingerprint',
          '#status': 'status',
          '#createdAt': 'createdAt',
          '#lockedUntil': 'lockedUntil',
          '#expiresAt': 'expiresAt',
          '#response': 'response',
        },
        ExpressionAttributeValues: {
          ':entity': 'IdempotencyRecord',
          ':version': 1,
          ':fingerprint': fingerprint,
          ':inProgress': 'in-progress',
          ':at': at,
          ':lockedUntil': nowMs + leaseSeconds * 1_000,
          ':expiresAt': Math.floor(nowMs / 1_000) + ttlSeconds,
          ':nowSeconds': Math.floor(nowMs / 1_000),
          ':nowMs': nowMs,
        },
      });
      return { state: 'started' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.get(principal, key);
    // Gone between the write and the read (released by a failed attempt): the client may retry.
    if (!existing) return { state: 'in-progress' };
    if (existing.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (existing.status === 'completed' && existing.response) {
      return { state: 'replay', response: existing.response };
    }
    return { state: 'in-progress' };
  }

  /**
   * Store the response of the attempt that began the key (same fingerprint, still in progress).
   * @example
   * await idempotency.complete(principal, key, fingerprint, { status: 201, contentType: 'application/json', body: '{}' });
   */
  async complete(
    principal: string,
    key: string,
    fingerprint: string,
    response: StoredResponse,
  ): Promise<void> {
    validate(principalKeySchema, principal, 'principal');
    validate(idempotencyKeySchema, key, 'idempotencyKey');
    const checked = validate(storedResponseSchema, response, 'response');
    try {
      await this.table.update({
        Key: idempotencyKey(principal, key),
        UpdateExpression: 'SET #status = :completed, #response = :response',
        ConditionExpression: '#fingerprint = :fingerprint AND #status = :inProgress',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#response': 'response',
          '#fingerprint': 'fingerprint',
        },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':inProgress': 'in-progress',
          ':fingerprint': fingerprint,
          ':response': checked,
        },
      });
    } catch (error) {
      // Another attempt took the key over after this one's lease ran out; its response stands.
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Forget an attempt that failed, so the same key can be tried again.
   * @example
   * await idempotency.release(principal, key, fingerprint);
   */
  async release(principal: string, key: string, fingerprint: string): Promise<void> {
    validate(principalKeySchema, principal, 'principal');
    validate(idempotencyKeySchema, key, 'idempotencyKey');
    try {
      await this.table.transact([
        {
          Delete: {
            Key: idempotencyKey(principal, key),
            ConditionExpression: '#fingerprint = :fingerprint AND #status = :inProgress',
            ExpressionAttributeNames: { '#status': 'status', '#fingerprint': 'fingerprint' },
            ExpressionAttributeValues: { ':fingerprint': fingerprint, ':inProgress': 'in-progress' },
          },
        },
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
    }
  }

  /**
   * The record of a key, or undefined (read consistently).
   * @example
   * const record = await idempotency.get(principal, key);
   */
  async get(principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    validate(principalKeySchema, principal, 'principal');
    validate(idempotencyKeySchema, key, 'idempotencyKey');
    const item = await this.table.get(idempotencyKey(principal, key), true);
    return item ? decodeItem(idempotencyEntity, item) : undefined;
  }
}
