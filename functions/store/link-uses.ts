/**
 * The parents' signed links are single use: the first answer given through a link records the
 * link's nonce in the case's partition (`LINKUSE#<nonce>`, one conditional write), and every
 * later answer through the same link is refused. The record keeps what was answered (codes and
 * ids: the step, the decision, the plan revision) and the response that was sent, so a parent's
 * browser that retries the very same answer gets the same response, while a different answer
 * through a used link is refused. An attempt that did not get through (the case had moved on, a
 * failure) releases the record, so the link can be used again until it expires.
 *
 * A record expires (TTL) a week after its link does: by then the link is refused as expired anyway.
 * Keys are built here, not in keys.ts: only this repository addresses these items.
 *
 * @example
 * const claimed = await linkUses.claim(ref, { nonce, step: 'ranking', cycle: 1, linkExpiresAt }, fingerprint, at);
 * if (claimed.state === 'claimed') await linkUses.complete(ref, nonce, fingerprint, { answer: { step: 'ranking' }, response });
 */
import { z } from 'zod';
import { type AuditNote, auditEventPut, checkAuditNote } from './audit.ts';
import { isConditionFailure, type TableClient, TransactionCancelled } from './client.ts';
import { decodeItem, type EntityDefinition, type OutboxDraft } from './entities.ts';
import { type CaseRef, casePk, checkCaseRef, type ItemKey, idSchema, validate } from './keys.ts';
import { outboxPut } from './outbox.ts';

const int = z.number().int();
const instantSchema = z.iso.datetime({ offset: true });
const fingerprintSchema = z.string().regex(/^[a-f0-9]{64}$/, 'must be a SHA-256 in hex');
const nonceSchema = z.string().min(1).max(64);

/** What was answered through a link: codes and ids only. */
export const linkAnswerSchema = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('ranking'), representativeId: idSchema.exactOptional() }),
  z.strictObject({
    step: z.literal('consent'),
    decision: z.enum(['given', 'refused']),
    revision: int.positive(),
    representativeId: idSchema,
  }),
  z.strictObject({
    step: z.literal('hours'),
    representativeId: idSchema,
    confirmed: int.nonnegative(),
    disputed: int.nonnegative(),
  }),
]);
export type LinkAnswer = z.infer<typeof linkAnswerSchema>;

const linkResponseSchema = z.strictObject({
  status: int.min(200).max(299),
  body: z.string().max(100_000),
});
export type LinkResponse = z.infer<typeof linkResponseSchema>;

const linkUseSchema = z.object({
  entity: z.literal('LinkUse'),
  schemaVersion: z.literal(1),
  nonce: nonceSchema,
  step: z.enum(['ranking', 'consent', 'hours']),
  cycle: int.nonnegative(),
  status: z.enum(['in-progress', 'used']),
  fingerprint: fingerprintSchema,
  claimedAt: instantSchema,
  usedAt: instantSchema.exactOptional(),
  answer: linkAnswerSchema.exactOptional(),
  response: linkResponseSchema.exactOptional(),
  /** TTL, epoch seconds. */
  expiresAt: int,
});
export type StoredLinkUse = z.infer<typeof linkUseSchema>;
const linkUseEntity: EntityDefinition<StoredLinkUse> = { name: 'LinkUse', schema: linkUseSchema };

const claimSchema = z.strictObject({
  nonce: nonceSchema,
  step: z.enum(['ranking', 'consent', 'hours']),
  cycle: int.nonnegative(),
  /** The link's own expiry, epoch seconds. */
  linkExpiresAt: int.positive(),
});

export type ClaimResult =
  | { state: 'claimed' }
  | { state: 'replay'; response: LinkResponse }
  | { state: 'used' }
  | { state: 'in-progress' };

/** How long a use is remembered after its link expired. */
const RETENTION_AFTER_EXPIRY_SECONDS = 7 * 86_400;
const LINK_USE_PREFIX = 'LINKUSE#';
const STEP_ORDER = { ranking: 0, consent: 1, hours: 2 } as const;

/** The nonce is the signer's text; encoded so no character of it can shape the key. */
export const linkUseKey = (ref: CaseRef, nonce: string): ItemKey => ({
  pk: casePk(ref),
  sk: `${LINK_USE_PREFIX}${Buffer.from(nonce).toString('base64url')}`,
});

export class LinkUseRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Take the link for an answer with `fingerprint` (a hash of the answer), or say why not.
   * @example
   * const claimed = await linkUses.claim(ref, { nonce: '1-ranking-x', step: 'ranking', cycle: 1, linkExpiresAt }, fingerprint, at);
   */
  async claim(
    ref: CaseRef,
    link: z.input<typeof claimSchema>,
    fingerprint: string,
    at: string,
  ): Promise<ClaimResult> {
    checkCaseRef(ref);
    const checked = validate(claimSchema, link, 'link');
    validate(fingerprintSchema, fingerprint, 'fingerprint');
    validate(instantSchema, at, 'at');
    const key = linkUseKey(ref, checked.nonce);
    try {
      await this.table.update({
        Key: key,
        UpdateExpression:
          'SET #entity = :entity, #version = :version, #nonce = :nonce, #step = :step, #cycle = :cycle, #status = :inProgress, #fingerprint = :fingerprint, #claimedAt = :at, #expiresAt = :expiresAt',
        ConditionExpression: 'attribute_not_exists(pk)',
        // Every name aliased: several (status, cycle, step) are DynamoDB reserved words.
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#version': 'schemaVersion',
          '#nonce': 'nonce',
          '#step': 'step',
          '#cycle': 'cycle',
          '#status': 'status',
          '#fingerprint': 'fingerprint',
          '#claimedAt': 'claimedAt',
          '#expiresAt': 'expiresAt',
        },
        ExpressionAttributeValues: {
          ':entity': 'LinkUse',
          ':version': 1,
          ':nonce': checked.nonce,
          ':step': checked.step,
          ':cycle': checked.cycle,
          ':inProgress': 'in-progress',
          ':fingerprint': fingerprint,
          ':at': at,
          ':expiresAt': checked.linkExpiresAt + RETENTION_AFTER_EXPIRY_SECONDS,
        },
      });
      return { state: 'claimed' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.get(ref, checked.nonce);
    if (!existing) return { state: 'in-progress' };
    if (existing.fingerprint !== fingerprint) return { state: 'used' };
    if (existing.status === 'used' && existing.response)
      return { state: 'replay', response: existing.response };
    return { state: 'in-progress' };
  }

  /**
   * Mark the link used with what was answered and the response sent; with `audit`, an audit event,
   * and with `outbox`, the notifications the answer decides, in the same transaction (for an answer
   * no command records, such as a refused consent).
   * @example
   * await linkUses.complete(ref, nonce, fingerprint, { at, answer: { step: 'ranking' }, response: { status: 200, body: '{}' } });
   */
  async complete(
    ref: CaseRef,
    nonce: string,
    fingerprint: string,
    use: {
      at: string;
      answer: LinkAnswer;
      response: LinkResponse;
      audit?: AuditNote;
      outbox?: OutboxDraft[];
    },
  ): Promise<void> {
    checkCaseRef(ref);
    validate(nonceSchema, nonce, 'nonce');
    validate(instantSchema, use.at, 'at');
    const answer = validate(linkAnswerSchema, use.answer, 'answer');
    const response = validate(linkResponseSchema, use.response, 'response');
    const key = linkUseKey(ref, nonce);
    const changed = Object.keys(answer).map((field) => `answer.${field}`);
    try {
      await this.table.transact([
        {
          Update: {
            Key: key,
            UpdateExpression: 'SET #status = :used, #usedAt = :at, #answer = :answer, #response = :response',
            ConditionExpression: '#fingerprint = :fingerprint AND #status = :inProgress',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#usedAt': 'usedAt',
              '#answer': 'answer',
              '#response': 'response',
              '#fingerprint': 'fingerprint',
            },
            ExpressionAttributeValues: {
              ':used': 'used',
              ':inProgress': 'in-progress',
              ':at': use.at,
              ':answer': answer,
              ':response': response,
              ':fingerprint': fingerprint,
            },
          },
        },
        ...(use.audit ? [auditEventPut(ref, checkAuditNote(use.audit), changed, key.sk)] : []),
        // Notifications the answer decides (a refusal tells the coordinator), once with the answer.
        ...(use.outbox ?? []).map((draft) => outboxPut(ref, draft, use.at)),
      ]);
    } catch (error) {
      if (!(error instanceof TransactionCancelled)) throw error;
      // The claim is this attempt's by its fingerprint; losing it means it was released meanwhile.
    }
  }

  /**
   * Give the link back after an answer that did not get through.
   * @example
   * await linkUses.release(ref, nonce, fingerprint);
   */
  async release(ref: CaseRef, nonce: string, fingerprint: string): Promise<void> {
    checkCaseRef(ref);
    validate(nonceSchema, nonce, 'nonce');
    try {
      await this.table.transact([
        {
          Delete: {
            Key: linkUseKey(ref, nonce),
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
   * The use of one link, or undefined (read consistently).
   * @example
   * const use = await linkUses.get(ref, nonce);
   */
  async get(ref: CaseRef, nonce: string): Promise<StoredLinkUse | undefined> {
    checkCaseRef(ref);
    validate(nonceSchema, nonce, 'nonce');
    const item = await this.table.get(linkUseKey(ref, nonce), true);
    return item ? decodeItem(linkUseEntity, item) : undefined;
  }

  /**
   * Every link of the case that was used, in the order they were claimed, in one query.
   * @example
   * const answered = (await linkUses.forCase(ref)).filter((use) => use.cycle === 2);
   */
  async forCase(ref: CaseRef): Promise<StoredLinkUse[]> {
    checkCaseRef(ref);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': LINK_USE_PREFIX },
      ConsistentRead: true,
    });
    return items
      .map((item) => decodeItem(linkUseEntity, item))
      .filter((use) => use.status === 'used')
      .sort(
        (a, b) =>
          a.claimedAt.localeCompare(b.claimedAt) ||
          a.cycle - b.cycle ||
          // Within one instant (a virtual clock), a cycle's ranking comes before its consent.
          STEP_ORDER[a.step] - STEP_ORDER[b.step],
      );
  }
}
