/** Typed failures of the store, so callers can retry a lost race and report a broken item by its key. */
import type { ItemKey } from './keys.ts';

/**
 * An optimistic lock or an exactly-once condition lost a race: someone else changed the item
 * first. Re-read and try again.
 */
export class ConflictError extends Error {
  readonly retryable = true;

  constructor(
    readonly key: ItemKey,
    message: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/**
 * Nothing under this key for this municipality. Deliberately the same whether the item does not
 * exist at all or belongs to another municipality, so the message never tells the difference.
 */
export class NotFoundError extends Error {
  constructor(
    readonly key: ItemKey,
    what: string,
  ) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

export interface DecodeIssue {
  path: string;
  message: string;
}

/**
 * A stored item does not match its entity's schema (a bad migration, a hand edit, a newer schema
 * version): reported with the item's key at the store boundary, never deep inside business logic.
 * The message names the key and the fields, never the values.
 */
export class ItemDecodeError extends Error {
  constructor(
    readonly key: ItemKey,
    readonly entity: string,
    readonly issues: readonly DecodeIssue[],
  ) {
    super(
      `item pk=${key.pk} sk=${key.sk} is not a valid ${entity}: ${issues.map((i) => `${i.path || '(item)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'ItemDecodeError';
  }
}

/**
 * A command's write found the case no longer where the command read it (another cycle, another
 * phase, closed): nothing was written. `phase` is where the case is now.
 */
export class CaseMovedError extends ConflictError {
  constructor(
    key: ItemKey,
    readonly phase: string,
    message: string,
  ) {
    super(key, message);
    this.name = 'CaseMovedError';
  }
}
