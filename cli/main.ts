/**
 * `atbalsts <command>`: the command line over the domain.
 *
 *   atbalsts settle [--input FILE]   settle one participant's month (JSON on stdin or FILE)
 *   atbalsts plan [--input FILE]     make a support plan inside the indicative budget
 *   atbalsts example                 settle the examples in docs/examples/ and print them as tables
 *   atbalsts clock [advance 30d]     read or move the running local system's clock (npm start)
 *   atbalsts what-if --period ... --policy FILE   a proposed policy replayed on a period's cohort
 *   atbalsts indicators --month 2026-11           the ministry's monitoring indicators from the store
 *
 * Output is JSON on stdout and exit code 0. Malformed input gets exit code 2 and a JSON error on
 * stderr naming each bad field; nothing is computed. docs/cli.md has the contract and examples.
 */
import { parseArgs } from 'node:util';
import { parsePlanCase } from '../functions/domain/plan/input.ts';
import { makeSupportPlan } from '../functions/domain/plan/plan.ts';
import { parseMonthlyCase, settleMonth } from '../functions/domain/statement/monthly.ts';
import { clockCommand } from './clock.ts';
import { printExamples } from './example.ts';
import { indicatorsCommand } from './indicators.ts';
import { EXIT_OK, EXIT_USAGE, exitCodeOf, readJsonInput } from './io.ts';
import { whatIfCommand } from './what-if.ts';

export interface CliStreams {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `Usage: atbalsts <command> [--input FILE]

Commands:
  settle   settle one participant's month of assistant hours (and, with plan and claims, of
           service claims); prints the statement as JSON
  plan     make a six-month support plan inside the indicative budget; prints the plan as JSON
  example  settle the example cases in docs/examples/ and print each statement as a table
  clock    read the running local system's clock (npm start), or move it: clock advance 30d
  what-if  replay a period's cohort under a proposed policy beside the current one:
           what-if --period 2025-01..2025-06 --policy FILE [--cohort FILE] (what-if --help)
  indicators  the ministry's monitoring indicators of a month from the store, small counts
           suppressed: indicators --month 2026-11 [--format text|json|csv|xlsx] (indicators --help)

The case is read as JSON from stdin, or from --input FILE. See docs/cli.md.
`;

const commands: Record<string, (json: unknown) => unknown> = {
  settle: (json) => settleMonth(parseMonthlyCase(json)),
  plan: (json) => makeSupportPlan(parsePlanCase(json)),
};

/** Commands with arguments of their own, which read no case. */
const ownArgumentCommands: Record<string, (argv: readonly string[], streams: CliStreams) => Promise<number>> =
  {
    clock: (argv, streams) => clockCommand(argv, streams),
    'what-if': (argv, streams) => whatIfCommand(argv, streams),
    indicators: (argv, streams) => indicatorsCommand(argv, streams),
    example: async (argv, streams) => {
      if (argv.length > 0) {
        streams.stderr.write(`Unexpected argument: ${argv[0]}\n\n${USAGE}`);
        return EXIT_USAGE;
      }
      return printExamples(streams);
    },
  };

export async function main(
  argv: readonly string[],
  streams: CliStreams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const own = argv[0] === undefined ? undefined : ownArgumentCommands[argv[0]];
  if (own) return own(argv.slice(1), streams);
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    streams.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.help) {
    streams.stdout.write(USAGE);
    return EXIT_OK;
  }
  const run = parsed.command === undefined ? undefined : commands[parsed.command];
  if (!run) {
    streams.stderr.write(`${parsed.command ? `Unknown command: ${parsed.command}\n\n` : ''}${USAGE}`);
    return EXIT_USAGE;
  }
  return exitCodeOf(streams.stderr, async () => {
    const result = run(await readJsonInput(parsed.input, streams.stdin));
    streams.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT_OK;
  });
}

function parseCommandLine(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { input: { type: 'string', short: 'i' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new Error(`Unexpected argument: ${positionals[1]}`);
  return { command: positionals[0], input: values.input, help: values.help === true };
}
