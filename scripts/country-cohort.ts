/**
 * A synthetic cohort of the whole country for the policy what-if: children in Latvia's 43
 * municipalities (weighted roughly by population, in their planning regions), each with a plan
 * (assessment scores following one of four profiles, the team's recommendations, the parents'
 * ranking, providers near and far, some services with no provider) and months of assistant
 * timesheets (weekdays, 2-6 hours, some unconfirmed, some over the grant; each case's own
 * assistant, except that one case in 40 shares the assistant of the case before, and one in 50
 * has a five-day hospital stay in the second month). Seeded: the same
 * options give the same cohort, byte for byte. Ids only; no names.
 *
 *   npx tsx scripts/country-cohort.ts --cases 20000 --from 2025-01 --months 6 --out cohort.json
 *   npx tsx scripts/country-cohort.ts --cases 6 --months 2 --pretty --out docs/examples/what-if-cohort.json
 *
 * @example
 * const cohort = generateCohort({ cases: 20_000, seed: 2025, from: '2025-01', months: 6 });
 * cohort.cases.length // 20_000
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addMonths, type YearMonth } from '../functions/domain/calendar.ts';
import type { CohortInput } from '../functions/domain/what-if/cohort.ts';
import { assistantDays, Draw, providersOf, recommendationsOf } from './synthetic.ts';

/** The municipalities since the 2022 reform, with a rough weight (children served) and their planning region. */
const MUNICIPALITIES: [string, string, number][] = [
  ['riga', 'Rīga', 300],
  ['adazi', 'Rīga', 12],
  ['kekava', 'Rīga', 18],
  ['marupe', 'Rīga', 20],
  ['olaine', 'Rīga', 10],
  ['ropazi', 'Rīga', 12],
  ['salaspils', 'Rīga', 12],
  ['saulkrasti', 'Rīga', 4],
  ['sigulda', 'Rīga', 14],
  ['jurmala', 'Rīga', 28],
  ['ogre', 'Rīga', 28],
  ['limbazi', 'Vidzeme', 12],
  ['aluksne', 'Vidzeme', 6],
  ['cesis', 'Vidzeme', 16],
  ['gulbene', 'Vidzeme', 8],
  ['madona', 'Vidzeme', 14],
  ['smiltene', 'Vidzeme', 8],
  ['valka', 'Vidzeme', 4],
  ['valmiera', 'Vidzeme', 24],
  ['varaklani', 'Vidzeme', 2],
  ['liepaja', 'Kurzeme', 32],
  ['ventspils', 'Kurzeme', 16],
  ['dienvidkurzeme', 'Kurzeme', 14],
  ['kuldiga', 'Kurzeme', 12],
  ['saldus', 'Kurzeme', 12],
  ['talsi', 'Kurzeme', 14],
  ['tukums', 'Kurzeme', 18],
  ['ventspils-novads', 'Kurzeme', 5],
  ['jelgava', 'Zemgale', 25],
  ['jelgavas-novads', 'Zemgale', 12],
  ['aizkraukle', 'Zemgale', 12],
  ['bauska', 'Zemgale', 16],
  ['dobele', 'Zemgale', 12],
  ['jekabpils', 'Zemgale', 16],
  ['daugavpils', 'Latgale', 32],
  ['augsdaugava', 'Latgale', 10],
  ['balvi', 'Latgale', 7],
  ['kraslava', 'Latgale', 7],
  ['livani', 'Latgale', 4],
  ['ludza', 'Latgale', 8],
  ['preili', 'Latgale', 7],
  ['rezekne', 'Latgale', 14],
  ['rezeknes-novads', 'Latgale', 11],
];

const DISTANCE_KM: Record<string, [number, number]> = {
  Rīga: [1, 15],
  Vidzeme: [2, 35],
  Kurzeme: [2, 45],
  Zemgale: [2, 30],
  Latgale: [3, 60],
};

const PROFILES: {
  scores: [number, number][];
  services: string[];
  rehabilitation: number;
  companion: number;
}[] = [
  {
    // motor
    scores: [
      [3, 4],
      [2, 4],
      [0, 2],
      [0, 2],
      [0, 1],
      [1, 3],
    ],
    services: [
      'physiotherapy',
      'pool-physiotherapy',
      'occupational-therapy',
      'hippotherapy',
      'support-person',
    ],
    rehabilitation: 0.7,
    companion: 0.1,
  },
  {
    // autism spectrum
    scores: [
      [0, 1],
      [1, 3],
      [2, 4],
      [2, 3],
      [2, 4],
      [2, 4],
    ],
    services: [
      'aba-therapy',
      'speech-therapy',
      'psychologist-child',
      'alternative-communication',
      'special-educator',
    ],
    rehabilitation: 0.2,
    companion: 0.05,
  },
  {
    // intellectual
    scores: [
      [0, 2],
      [1, 3],
      [1, 3],
      [3, 4],
      [1, 2],
      [1, 3],
    ],
    services: [
      'special-educator',
      'speech-therapy',
      'occupational-therapy',
      'music-therapy',
      'group-sessions',
    ],
    rehabilitation: 0.2,
    companion: 0.05,
  },
  {
    // multiple
    scores: [
      [3, 4],
      [3, 4],
      [3, 4],
      [2, 4],
      [1, 3],
      [2, 4],
    ],
    services: [
      'physiotherapy',
      'occupational-therapy',
      'speech-therapy',
      'micro-speech-therapy',
      'respite-care',
      'home-care',
    ],
    rehabilitation: 0.7,
    companion: 0.3,
  },
];
const UNITS: Record<string, [number, number]> = {
  'aba-therapy': [8, 16],
  'respite-care': [1, 3],
  'support-person': [4, 10],
  'home-care': [8, 20],
  'group-sessions': [2, 4],
};
const ACTIVITIES = [
  'education',
  'education',
  'health-care',
  'leisure',
  'social-services',
  'day-care',
  'social-inclusion',
];
const AGE_BANDS = ['0-4', '5-9', '5-9', '10-14', '10-14', '15-17'];
const DOMAINS = ['mobility', 'selfCare', 'communication', 'learning', 'behaviour', 'familySupport'] as const;

export interface CohortOptions {
  cases: number;
  seed: number;
  /** The first month with hours. */
  from: YearMonth;
  /** Months of hours from `from`. */
  months: number;
}

type CaseInput = CohortInput['cases'][number];
type PlanInput = CaseInput['plans'][number];

function planOf(
  draw: Draw,
  periodStart: string,
  region: string,
  municipality: string,
  profileIndex: number,
): PlanInput {
  const profile = PROFILES[profileIndex] ?? PROFILES[0];
  if (!profile) throw new Error('no profiles');
  const services = draw.shuffle(profile.services).slice(0, draw.int(3, 5));
  if (draw.chance(0.3) && !services.includes('psychologist-parents')) services.push('psychologist-parents');
  const recommendations = recommendationsOf(draw, services, UNITS, (index) => index === 0);
  const assessment: Record<string, number | boolean> = {};
  DOMAINS.forEach((domain, index) => {
    const [low, high] = profile.scores[index] ?? [0, 4];
    assessment[domain] = draw.int(low, high);
  });
  assessment['weeklyRehabilitation'] = draw.chance(profile.rehabilitation);
  assessment['needsCompanion'] = draw.chance(profile.companion);
  return {
    periodStart,
    months: 6,
    assessment,
    recommendations,
    parentRanking: draw.chance(0.85) ? (draw.chance(0.5) ? draw.shuffle(services) : services) : [],
    providers: providersOf(draw, services, municipality, DISTANCE_KM[region] ?? [1, 20], 0.06),
  };
}

/** A month of assistant days on weekdays, about `usage` of the grant; sometimes over it. */
function monthOf(
  draw: Draw,
  month: YearMonth,
  grantMinutes: number,
  usage: number,
  sheet: { assistantId: string; submittedAt: string },
) {
  const entries = assistantDays(draw, month, grantMinutes, {
    overCapChance: 0.05,
    usage,
    activity: (each) => each.pick(ACTIVITIES),
    confirmed: (each) => !each.chance(0.01),
  });
  return { month, timesheets: [{ ...sheet, entries }] };
}

/** The municipality whose share of the total weight holds `roll`. */
function pickWeighted(roll: number): [string, string] {
  let left = roll;
  for (const [municipality, region, weight] of MUNICIPALITIES) {
    left -= weight;
    if (left < 0) return [municipality, region];
  }
  return ['riga', 'Rīga'];
}

/**
 * The cohort for the options. Each child's first plan starts up to five months before `from`
 * (cycles do not start together), the next follows it; hours are reported for every month of
 * the span under the plan in force, by most assistants, with a few months missing.
 */
export function generateCohort(options: CohortOptions): CohortInput {
  const draw = new Draw(options.seed);
  const weights = MUNICIPALITIES.reduce((sum, [, , weight]) => sum + weight, 0);
  const cases: CaseInput[] = [];
  for (let index = 0; index < options.cases; index += 1) {
    const [municipality, region] = pickWeighted(draw.int(0, weights - 1));
    const profile = draw.int(0, PROFILES.length - 1);
    const firstStart = addMonths(options.from, -draw.int(0, 5));
    const plans: PlanInput[] = [];
    for (
      let start = firstStart;
      start < addMonths(options.from, options.months);
      start = addMonths(start, 6)
    ) {
      plans.push(planOf(draw, `${start}-01`, region, municipality, profile));
    }
    const usage = 0.6 + draw.next() * 0.4;
    const assistantId = `A${index % 40 === 3 ? index : index + 1}`;
    const months = [];
    for (let back = 0; back < options.months; back += 1) {
      const month = addMonths(options.from, back);
      if (draw.chance(0.03)) continue;
      const plan = plans.filter((candidate) => `${month}-01` >= String(candidate.periodStart)).at(-1);
      const rehabilitation = (plan?.assessment as { weeklyRehabilitation?: boolean } | undefined)
        ?.weeklyRehabilitation;
      // Submitted early in the month after, at an hour of its own (no draw: the seed's cohort stays).
      const submittedAt = `${addMonths(month, 1)}-0${1 + (index % 5)}T${String(index % 24).padStart(2, '0')}:00:00Z`;
      months.push(
        monthOf(draw, month, (rehabilitation ? 100 : 80) * 60, usage, { assistantId, submittedAt }),
      );
    }
    const stayMonth = addMonths(options.from, 1);
    cases.push({
      caseId: `c-${String(index + 1).padStart(6, '0')}`,
      municipality,
      region,
      ageBand: draw.pick(AGE_BANDS),
      plans,
      months,
      ...(index % 50 === 2 && {
        stays: [{ kind: 'hospital' as const, from: `${stayMonth}-10`, to: `${stayMonth}-14` }],
      }),
    });
  }
  return {
    description: `Synthetic cohort of the whole country: ${options.cases} children, ${options.months} months of hours from ${options.from}, seed ${options.seed}`,
    cases,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '20000' },
      seed: { type: 'string', default: '2025' },
      from: { type: 'string', default: '2025-01' },
      months: { type: 'string', default: '6' },
      out: { type: 'string' },
      pretty: { type: 'boolean' },
    },
  });
  const cohort = generateCohort({
    cases: Number(values.cases),
    seed: Number(values.seed),
    from: values.from,
    months: Number(values.months),
  });
  // One timesheet entry a line keeps a small example readable.
  const text = values.pretty
    ? JSON.stringify(cohort, null, 2).replace(
        /\{\n\s+("date"[^{}]*?)\n\s+\}/g,
        (_whole, inner: string) => `{ ${inner.replace(/\n\s+/g, ' ')} }`,
      )
    : JSON.stringify(cohort);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(`${text}\n`);
}
