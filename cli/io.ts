/** Reading a JSON case or a command's options, and reporting errors the same way for every command. */
import { readFile } from 'node:fs/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError, type InputIssue } from '../functions/domain/errors.ts';

export const EXIT_OK = 0;
export const EXIT_USAGE = 64;
/** Malformed input: nothing was computed. */
export const EXIT_INVALID_INPUT = 2;
/** The store (or the running local system) cannot be reached. */
export const EXIT_UNAVAILABLE = 69;

type OutStreams = { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };

/**
 * A command's own options (`--help` among them): the values, or the exit code once a usage error
 * or the help has been written.
 */
export function ownOptions(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
  streams: OutStreams,
): Record<string, string | boolean | undefined> | number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options }) as {
      values: Record<string, string | boolean | undefined>;
    });
  } catch (error) {
    streams.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (values['help']) {
    streams.stdout.write(usage);
    return EXIT_OK;
  }
  return values;
}

/** The store could not be read; the message says what and why. */
export class StoreUnavailable extends Error {}

/** What `read` gets from the store; a failure other than bad input becomes {@link StoreUnavailable}. */
export async function readFromStore<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new StoreUnavailable(
      `cannot read ${what} from the store: ${(error as Error).name}: ${(error as Error).message}`,
    );
  }
}

/**
 * A command's work, its exit code: bad input answered with the JSON error report on stderr (2), a
 * store that cannot be read with its message (69).
 */
export async function exitCodeOf(
  stderr: NodeJS.WritableStream,
  work: () => Promise<number>,
): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputError) {
      stderr.write(`${JSON.stringify(errorReport(error), null, 2)}\n`);
      return EXIT_INVALID_INPUT;
    }
    if (error instanceof StoreUnavailable) {
      stderr.write(`${error.message}\n`);
      return EXIT_UNAVAILABLE;
    }
    throw error;
  }
}

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
