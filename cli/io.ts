/** Reading a JSON case and reporting input errors the same way for every command. */
import { readFile } from 'node:fs/promises';
import { InputError, type InputIssue } from '../functions/domain/errors.ts';

export const EXIT_OK = 0;
export const EXIT_USAGE = 64;
/** Malformed input: nothing was computed. */
export const EXIT_INVALID_INPUT = 2;

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON document from `--input FILE`, or from stdin. Throws {@link InputError} for bad JSON. */
export async function readJsonInput(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
): Promise<unknown> {
  let text: string;
  try {
    text = file === undefined ? await readAll(stdin) : await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError([
      {
        path: '--input',
        message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError([{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

export interface ErrorReport {
  error: 'invalid-input';
  message: string;
  issues: readonly InputIssue[];
}

export function errorReport(error: InputError): ErrorReport {
  return {
    error: 'invalid-input',
    message: `The input has ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}; nothing was computed.`,
    issues: error.issues,
  };
}
