/**
 * `atbalsts clock`: read or move the running local system's clock (`npm start`), through its
 * control routes (local/control.ts). Time only moves forward; every schedule, Wait and reminder
 * due on the way fires in order before the command returns.
 *
 *   atbalsts clock                      the system's time, in UTC and in Riga, and the next schedules
 *   atbalsts clock advance 30d          30 days ahead (also 12h, 90m, 2w)
 *   atbalsts clock advance 2025-03-10T06:00:00+02:00
 *
 * `--url` (or ATBALSTS_URL) names the system; http://127.0.0.1:8080 when absent.
 *
 * @example
 * await clockCommand(['advance', '30d'], streams); // prints the clock after the advance, as JSON
 */
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE } from './io.ts';

export const CLOCK_USAGE = `Usage: atbalsts clock [advance <30d|12h|90m|2w|instant>] [--url URL]

Reads the running local system's clock (npm start), or moves it ahead: the schedules, waits
and reminders due on the way fire in order. --url (or ATBALSTS_URL) defaults to
http://127.0.0.1:8080.
`;

const UNIT_FIELDS = { m: 'minutes', h: 'hours', d: 'days' } as const;

/**
 * The control request body for a duration or an instant.
 *
 * @example
 * advanceBodyOf('30d') // { days: 30 }
 * advanceBodyOf('2w') // { days: 14 }
 * advanceBodyOf('2025-03-10T06:00:00+02:00') // { to: '2025-03-10T06:00:00+02:00' }
 */
export function advanceBodyOf(text: string): Record<string, number | string> {
  const duration = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(text.trim());
  if (duration) {
    const amount = Number(duration[1]);
    const unit = duration[2] as 'm' | 'h' | 'd' | 'w';
    return unit === 'w' ? { days: amount * 7 } : { [UNIT_FIELDS[unit]]: amount };
  }
  if (!Number.isNaN(Date.parse(text)) && /T/.test(text)) return { to: text };
  throw new Error(`not a duration (30d, 12h, 90m, 2w) or an instant with a time zone: ${text}`);
}

function parseClockArgs(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
}

/** Run `atbalsts clock ...`; the exit code. */
export async function clockCommand(
  argv: readonly string[],
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  let parsed: ReturnType<typeof parseClockArgs>;
  try {
    parsed = parseClockArgs(argv);
  } catch (error) {
    streams.stderr.write(`${(error as Error).message}\n\n${CLOCK_USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    streams.stdout.write(CLOCK_USAGE);
    return EXIT_OK;
  }
  const base = (parsed.values.url ?? process.env['ATBALSTS_URL'] ?? 'http://127.0.0.1:8080').replace(
    /\/$/,
    '',
  );
  const [action, amount, extra] = parsed.positionals;
  let request: { path: string; init: RequestInit };
  if (action === undefined) {
    request = { path: '/_local/clock', init: { method: 'GET' } };
  } else if (action === 'advance' && amount !== undefined && extra === undefined) {
    let body: Record<string, number | string>;
    try {
      body = advanceBodyOf(amount);
    } catch (error) {
      streams.stderr.write(`${(error as Error).message}\n\n${CLOCK_USAGE}`);
      return EXIT_USAGE;
    }
    request = {
      path: '/_local/clock/advance',
      init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    };
  } else {
    streams.stderr.write(CLOCK_USAGE);
    return EXIT_USAGE;
  }
  let response: Response;
  try {
    response = await fetch(`${base}${request.path}`, request.init);
  } catch {
    streams.stderr.write(`no local system answers at ${base}; start it with npm start\n`);
    return EXIT_UNAVAILABLE;
  }
  const text = await response.text();
  (response.ok ? streams.stdout : streams.stderr).write(text.endsWith('\n') ? text : `${text}\n`);
  return response.ok ? EXIT_OK : EXIT_UNAVAILABLE;
}
