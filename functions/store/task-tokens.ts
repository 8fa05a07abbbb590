/**
 * Step Functions task tokens waiting on a case (`.waitForTaskToken`), one per phase. A spent
 * token is disposable: it keeps a short record for diagnosis, then expires by TTL.
 *
 * @example
 * await taskTokens.store(ref, 'await-approval', token, at);
 * const waiting = await taskTokens.get(ref, 'await-approval');
 * await taskTokens.spend(ref, 'await-approval', { at, retentionDays: 30 });
 */
import { z } from 'zod';
import type { TableClient } from './client.ts';
import { decodeItem, type StoredTaskToken, taskTokenEntity } from './entities.ts';
import { ConflictError, NotFoundError } from './errors.ts';
import { type CaseRef, checkCaseRef, taskTokenKey, validate } from './keys.ts';

const phaseSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case phase code');
const instantSchema = z.iso.datetime({ offset: true });

export class TaskTokenRepository {
  constructor(private readonly table: TableClient) {}

  /**
   * Store the token the workflow waits on in a phase (replacing a spent or older one).
   * @example
   * await taskTokens.store(ref, 'request-assessment', token, '2024-01-02T08:00:00Z');
   */
  async store(ref: CaseRef, phase: string, token: string, at: string): Promise<void> {
    checkCaseRef(ref);
    validate(phaseSchema, phase, 'phase');
    validate(z.string().min(1).max(2_048), token, 'token');
    validate(instantSchema, at, 'at');
    const stored: StoredTaskToken = { entity: 'TaskToken', schemaVersion: 1, phase, token, storedAt: at };
    await this.table.update({
      Key: taskTokenKey(ref, phase),
      UpdateExpression:
        'SET entity = :entity, schemaVersion = :version, phase = :phase, #token = :token, storedAt = :at REMOVE spentAt, expiresAt',
      ExpressionAttributeNames: { '#token': 'token' },
      ExpressionAttributeValues: {
        ':entity': stored.entity,
        ':version': 1,
        ':phase': phase,
        ':token': token,
        ':at': at,
      },
    });
  }

  /**
   * The phase's token, spent or not, or undefined.
   * @example
   * const waiting = await taskTokens.get(ref, 'request-assessment');
   * if (waiting && !waiting.spentAt) { ... send task success ... }
   */
  async get(ref: CaseRef, phase: string): Promise<StoredTaskToken | undefined> {
    checkCaseRef(ref);
    validate(phaseSchema, phase, 'phase');
    const item = await this.table.get(taskTokenKey(ref, phase), true);
    return item ? decodeItem(taskTokenEntity, item) : undefined;
  }

  /**
   * Mark the token used, once: a second spend is a {@link ConflictError} (someone else answered).
   * The item then expires after `retentionDays`.
   * @example
   * await taskTokens.spend(ref, 'request-assessment', { at, retentionDays: 30 });
   */
  async spend(ref: CaseRef, phase: string, spent: { at: string; retentionDays: number }): Promise<void> {
    checkCaseRef(ref);
    validate(phaseSchema, phase, 'phase');
    validate(z.strictObject({ at: instantSchema, retentionDays: z.number().int().min(1) }), spent, 'spent');
    const key = taskTokenKey(ref, phase);
    try {
      await this.table.update({
        Key: key,
        UpdateExpression: 'SET spentAt = :at, expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(spentAt)',
        ExpressionAttributeValues: {
          ':at': spent.at,
          ':expiresAt': Math.floor(Date.parse(spent.at) / 1000) + spent.retentionDays * 24 * 60 * 60,
        },
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        if (!(await this.get(ref, phase))) throw new NotFoundError(key, `task token of ${phase}`);
        throw new ConflictError(key, `task token of ${phase} was already spent`);
      }
      throw error;
    }
  }
}
