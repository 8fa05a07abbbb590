/**
 * `npm run demo`: the children's pilot replayed on the local system. A hundred synthetic children
 * in ten municipalities (pilot.ts, seeded) are taken in on 11 December 2024; then
 * the clock runs, day by day, to 13 January 2026. Coordinators, parents, assistants and providers
 * act through the same commands the API and the pages call (functions/review-cycle/commands.ts, the
 * month sent as both doors send it, the parents' hours link answered as its page answers it, the
 * store's claims), in-process, and everything else happens by itself on the clock: reminders,
 * escalations, the parents' deadlines, plans taking effect, reviews, the next cycle, the
 * timesheet reminders and the monthly runs on their schedules, the emails every five minutes.
 * Each child goes through two full cycles; twelve months of support (January to December 2025)
 * are settled by the monthly runs of 10 February 2025 to 12 January 2026 (the 10th, or the next
 * working day; the run of 10 January 2025 finds December with no plan yet in force).
 *
 * It runs on its own DynamoDB Local (in memory), local SES and runtime, on a virtual clock, on
 * random ports, so it can run beside `npm start`. It prints a line per month, a summary at the
 * end, and writes `.atbalsts/demo/report.html` (copied to docs/demo/report.html) and, when
 * Debian's `chromium` is there, its screenshot docs/demo/report.png.
 *
 * The phases, a file each in scripts/demo/: pilot.ts (the children and their people's habits),
 * children.ts (what the replay remembers of each), replay.ts (the days, the people's reactions to
 * their case's phases), paperwork.ts (each month's timesheets, the parents' answers on their link,
 * the providers' claims), collect.ts (what happened, read back from the store), results.ts (the
 * summary, the report and the ministry's files), report.ts (the report's HTML), browse.ts
 * (--keep-running).
 *
 *   npm run demo                       the pilot of seed 2018
 *   npm run demo -- --seed 7 --no-docs another pilot; leave docs/demo/ alone
 *   npm run demo -- --keep-running     keep the system running after the report, with the API and
 *                                      the pages on 127.0.0.1, and print a sign-in link to the
 *                                      coordinators' workspace with its 100 cases; Ctrl-C stops it
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rigaInstantOf } from '../../functions/domain/calendar.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';
import { startLocalSystem } from '../../local/system.ts';
import { browse } from './browse.ts';
import { childStates } from './children.ts';
import { collect } from './collect.ts';
import { generatePilot } from './pilot.ts';
import { replay, watch } from './replay.ts';
import { printSummary, writeMinistryFiles, writeReport } from './results.ts';
import { DAY_STARTS_AT, DEMO_START, elapsed, say } from './timeline.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, 'no-docs': { type: 'boolean' }, 'keep-running': { type: 'boolean' } },
});
const seed = Number(values.seed ?? 2018);
const keepRunning = values['keep-running'] === true;
const repository = path.resolve(import.meta.dirname, '..', '..');
const outputDirectory = path.join(repository, '.atbalsts', 'demo');
const docsDirectory = path.join(repository, 'docs', 'demo');

// The steps log a JSON event per finished run for the operators' logs; the demo tells the months
// in its own words. Anything else (warnings, failures) still shows.
for (const level of ['log', 'info'] as const) {
  const operatorsLog = console[level];
  console[level] = (...parts: unknown[]) => {
    if (typeof parts[0] === 'string' && parts[0].startsWith('{"event":')) return;
    operatorsLog(...parts);
  };
}

const pilot = generatePilot(seed);
const systemDirectory = mkdtempSync(path.join(tmpdir(), 'atbalsts-demo-'));

/** Start the system, replay the pilot, report; the system is stopped whatever happens. */
async function main(): Promise<void> {
  say(
    `Atbalsts demo: the children's pilot, seed ${seed}, ${pilot.children.length} children in ${pilot.municipalities.length} municipalities`,
  );
  const system = await startLocalSystem({
    dataDirectory: systemDirectory,
    inMemory: true,
    http: keepRunning,
    ports: { http: 0, ses: 0, dynamodb: 0 },
    clock: new VirtualClock(rigaInstantOf(DEMO_START, DAY_STARTS_AT)),
    wrapStep: watch,
    log: (line) => {
      if (/failed|could not/.test(line)) say(`  ! ${line}`);
    },
  });

  let exitCode = 0;
  try {
    const states = childStates(pilot, seed);
    await replay(system, states);
    const report = await collect(system, pilot, states);
    printSummary(report);
    writeReport(report, outputDirectory, values['no-docs'] ? undefined : docsDirectory);
    await writeMinistryFiles(system, pilot, outputDirectory);
    say(`  Took            ${elapsed()}`);
    if (keepRunning) await browse(system, pilot);
  } catch (error) {
    exitCode = 1;
    process.stderr.write(`The demo failed: ${(error as Error).stack ?? String(error)}\n`);
  } finally {
    await system.stop();
    rmSync(systemDirectory, { recursive: true, force: true });
  }
  process.exitCode = exitCode;
}

await main();
