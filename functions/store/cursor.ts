/**
 * Opaque page cursors: a DynamoDB start key as base64url JSON, checked when it comes back against
 * the partition being read. DynamoDB refuses a start key that names other attributes or another
 * partition with a server error, so a tampered cursor is caught here, as the caller's mistake.
 *
 * @example
 * const start = decodeStartKey(cursor, { partition: ['pk', casePk(ref)], sort: ['sk', 'AUDIT#'] });
 */
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';

/** A cursor that this store did not hand out for the list being read; the API answers 400. */
export class CursorError extends InputError {
  constructor() {
    super([{ path: 'cursor', message: 'is not a cursor of this list: start again without it' }]);
    this.name = 'CursorError';
  }
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decode a cursor made by {@link encodeCursor} with `schema`; a tampered one is a {@link CursorError}. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CursorError();
  return parsed.data;
}

/** The keys a start key of a query holds: the partition's (with its value) and the sort key's. */
export interface StartKeyShape {
  /** The partition key's attribute and the value the query reads. */
  partition: readonly [name: string, value: string];
  /** The sort key's attribute, with the prefix (or the range) the query's key condition keeps. */
  sort: readonly [name: string, within?: string | { from: string; to: string }];
  /** On an index, the table's own keys come with the index's. */
  tableKeys?: boolean;
}

const keyText = z.string().min(1).max(1_024);

/** The zod schema of a start key of `shape`: exactly its attributes, in its partition and range. */
export function startKeySchema(shape: StartKeyShape): z.ZodType<Record<string, string>> {
  const [partitionName, partitionValue] = shape.partition;
  const [sortName, within] = shape.sort;
  const sortValue =
    within === undefined
      ? keyText
      : typeof within === 'string'
        ? keyText.refine((value) => value.startsWith(within))
        : keyText.refine((value) => value >= within.from && value <= within.to);
  const fields: Record<string, z.ZodType<string>> = {
    [partitionName]: z.literal(partitionValue),
    [sortName]: sortValue,
  };
  if (shape.tableKeys) {
    fields['pk'] ??= keyText;
    fields['sk'] ??= keyText;
  }
  return z.strictObject(fields) as unknown as z.ZodType<Record<string, string>>;
}

/**
 * The start key in `cursor`, which must be one of a page of the query `shape` describes.
 *
 * @example
 * decodeStartKey('e30', { partition: ['pk', 'M#talsi#C#c-1'], sort: ['sk', 'AUDIT#'] }) // throws CursorError
 */
export function decodeStartKey(cursor: string, shape: StartKeyShape): Record<string, string> {
  return decodeCursor(cursor, startKeySchema(shape));
}
