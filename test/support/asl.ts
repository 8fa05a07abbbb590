/**
 * The check that what the local runtime executes is the ASL the template deploys: every literal
 * part of the template's `DefinitionString` verbatim and in order, and between them only the value
 * of a token (a Lambda ARN, the partition, the region, the account).
 */
import { expect } from 'vitest';

const TOKEN_VALUE = /^(?:aws|eu-north-1|000000000000|arn:aws:lambda:eu-north-1:000000000000:function:[\w-]+)/;

export function expectExecutedAsSynthesized(executed: string, parts: readonly unknown[]): void {
  expect(parts.some((part) => typeof part !== 'string')).toBe(true);
  let cursor = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      expect(executed.slice(cursor, cursor + part.length)).toBe(part);
      cursor += part.length;
    } else {
      const value = TOKEN_VALUE.exec(executed.slice(cursor));
      expect(value, `a token's value at ${cursor}`).not.toBeNull();
      cursor += value?.[0].length ?? 0;
    }
  }
  expect(cursor).toBe(executed.length);
}
