/**
 * `npm start` until the local system arrives: settle the example cases in docs/examples/ and
 * print each statement as a table.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../domain/errors.ts';
import { parseSettlementCase } from '../domain/settlement/input.ts';
import { settleHours } from '../domain/settlement/settle.ts';
import { renderStatement } from './statement-table.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples');

for (const file of (await readdir(examples))
  .filter((name) => name.startsWith('settle-') && name.endsWith('.json'))
  .sort()) {
  const json: unknown = JSON.parse(await readFile(path.join(examples, file), 'utf8'));
  try {
    process.stdout.write(
      `== docs/examples/${file}\n${renderStatement(settleHours(parseSettlementCase(json)))}\n`,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`docs/examples/${file}: ${error.message}\n`);
    process.exitCode = 2;
  }
}
