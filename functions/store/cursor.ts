/** Opaque page cursors: a DynamoDB start key as base64url JSON, checked when it comes back. */
import { z } from 'zod';
import { InputError } from '../domain/errors.ts';

const startKeySchema = z.record(z.string(), z.union([z.string(), z.number()]));

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decode a cursor made by {@link encodeCursor}; a tampered one is an InputError on `cursor`. */
export function decodeCursor(cursor: string): Record<string, string | number>;
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T;
export function decodeCursor(cursor: string, schema: z.ZodType = startKeySchema): unknown {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InputError([{ path: 'cursor', message: 'is not a cursor this store handed out' }]);
  }
}
