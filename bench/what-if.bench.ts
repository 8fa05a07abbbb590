/**
 * The policy what-if on the whole country's cohort: 20,000 generated children (scripts/
 * country-cohort.ts, seeded), six months of assistant hours each, replayed from the cohort's JSON
 * text under the current policy and a proposal that changes the budget, the rates and an hour
 * band (so every plan and every case-month is computed twice), beside the floor: parsing the same
 * text and summing its hours. Aim: the subject under a minute on the 2-core machine.
 */
import { performance } from 'node:perf_hooks';
import { parseCohort } from '../functions/domain/what-if/cohort.ts';
import { parseProposedPolicy, resolvePolicy } from '../functions/domain/what-if/proposal.ts';
import { whatIf } from '../functions/domain/what-if/what-if.ts';
import { generateCohort } from '../scripts/country-cohort.ts';
import { measure, type Suite } from './harness.ts';

const PERIOD = { from: '2025-01', to: '2025-06' } as const;

export const PROPOSAL = parseProposedPolicy({
  id: 'BENCH',
  source: 'budget 10 % lower, rate 10 % higher, 110 h with weekly rehabilitation',
  budget: { baseCents: 90_000, pointCents: 4_500, maxCents: 360_000 },
  rates: [
    { from: '2021-07-01', centsPerHour: 450 },
    { from: '2023-01-01', centsPerHour: 479 },
    { from: '2023-04-01', centsPerHour: 562 },
  ],
  entitlements: { childAssistantWeeklyProcedures: 110 },
});

interface CohortJson {
  cases: { months: { timesheets: { entries: { minutes: number }[] }[] }[] }[];
}

export const whatIfSuite: Suite = {
  name: 'what-if',
  async run({ scale }) {
    const cases = Math.round(20_000 * scale);
    const text = JSON.stringify(generateCohort({ cases, seed: 2025, from: PERIOD.from, months: 6 }));
    const warmUpText = JSON.stringify(generateCohort({ cases: 300, seed: 7, from: PERIOD.from, months: 6 }));
    const proposed = resolvePolicy(PROPOSAL);
    let minutes = 0;
    /** Entries of the last cohort read (the measured one, after the warm-up). */
    let entries = 0;
    const floorOf = (json: string) => () => {
      const cohort = JSON.parse(json) as CohortJson;
      let count = 0;
      for (const item of cohort.cases)
        for (const month of item.months)
          for (const sheet of month.timesheets)
            for (const entry of sheet.entries) {
              minutes += entry.minutes;
              count += 1;
            }
      entries = count;
    };
    const phases = { parse: 0, validate: 0, replay: 0 };
    let difference = 0;
    let settledMonths = 0;
    const subjectOf = (json: string, timed: boolean) => () => {
      const start = performance.now();
      const raw: unknown = JSON.parse(json);
      const parsed = performance.now();
      const cohort = parseCohort(raw);
      const validated = performance.now();
      const result = whatIf(cohort, PERIOD, proposed);
      if (timed) {
        phases.parse = (parsed - start) / 1000;
        phases.validate = (validated - parsed) / 1000;
        phases.replay = (performance.now() - validated) / 1000;
        difference = result.total.difference.stateCents;
        settledMonths = result.cohort.settledMonths;
      }
    };
    const floor = measure(
      'JSON.parse the cohort and sum its hours',
      cases,
      floorOf(text),
      floorOf(warmUpText),
    );
    const subject = measure(
      'parse, validate, plan and settle under both policies, compare',
      cases,
      subjectOf(text, true),
      subjectOf(warmUpText, false),
    );
    return {
      suite: `Policy what-if: ${cases.toLocaleString('en-US')} children, six months of hours (${(text.length / 1e6).toFixed(0)} MB of JSON)`,
      unit: 'children',
      subject,
      floor,
      notes: [
        `subject in phases: JSON.parse ${phases.parse.toFixed(1)} s, validate ${phases.validate.toFixed(1)} s, replay and compare ${phases.replay.toFixed(1)} s`,
        `${settledMonths.toLocaleString('en-US')} case-months settled twice; ${entries.toLocaleString('en-US')} timesheet entries; state cost difference ${difference} cents`,
        `aim: the subject under 60 s: ${subject.seconds < 60 ? 'met' : 'missed'} (${subject.seconds.toFixed(1)} s)`,
        `(checksum ${minutes > 0 ? 'ok' : 'empty'})`,
      ],
    };
  },
};
