/**
 * `npm run bench [-- --scale 0.1] [-- suite ...]`: run the benchmark suites and print each
 * subject beside its same-run floor. Figures are recorded in docs/benchmarks.md.
 */
import { parseArgs } from 'node:util';
import { formatResult, type Suite } from './harness.ts';
import { pageSuites } from './pages.bench.ts';
import { planSuite } from './plan.bench.ts';
import { settleSuite } from './settle.bench.ts';
import { storeSuite } from './store.bench.ts';
import { timesheetPageSuite } from './timesheet-page.bench.ts';
import { whatIfSuite } from './what-if.bench.ts';
import { workspaceSuite } from './workspace.bench.ts';

const suites: Suite[] = [
  settleSuite,
  planSuite,
  storeSuite,
  ...pageSuites,
  workspaceSuite('queue'),
  workspaceSuite('case'),
  whatIfSuite,
  timesheetPageSuite,
];

const { values, positionals } = parseArgs({
  options: { scale: { type: 'string', default: '1' } },
  allowPositionals: true,
});
const scale = Number(values.scale);
if (!(scale > 0)) throw new Error('--scale must be a positive number');
const chosen = positionals.length === 0 ? suites : suites.filter((suite) => positionals.includes(suite.name));
if (chosen.length === 0)
  throw new Error(`no suite named ${positionals.join(', ')}; have ${suites.map((s) => s.name).join(', ')}`);

console.log(`node ${process.version}, ${process.arch}, scale ${scale}\n`);
for (const suite of chosen) console.log(`${formatResult(await suite.run({ scale }))}\n`);
