/**
 * `atbalsts example`: settle the example cases in docs/examples/ and print each statement as a
 * table (what `npm start` did before the local system arrived). Exit code 2 when an example is
 * malformed.
 *
 * @example
 * const code = await printExamples({ stdout: process.stdout, stderr: process.stderr });
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../functions/domain/errors.ts';
import { parseSettlementCase } from '../functions/domain/settlement/input.ts';
import { settleHours } from '../functions/domain/settlement/settle.ts';
import { EXIT_INVALID_INPUT, EXIT_OK } from './io.ts';
import { renderStatement } from './statement-table.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/examples');

/** Print every `docs/examples/settle-*.json` statement; the exit code. */
export async function printExamples(streams: {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}): Promise<number> {
  let code = EXIT_OK;
  for (const file of (await readdir(examples))
    .filter((name) => name.startsWith('settle-') && name.endsWith('.json'))
    .sort()) {
    const json: unknown = JSON.parse(await readFile(path.join(examples, file), 'utf8'));
    try {
      streams.stdout.write(
        `== docs/examples/${file}\n${renderStatement(settleHours(parseSettlementCase(json)))}\n`,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      streams.stderr.write(`docs/examples/${file}: ${error.message}\n`);
      code = EXIT_INVALID_INPUT;
    }
  }
  return code;
}
