/**
 * Make N support plans from generated assessments (six domains, 4-10 recommendations, parents'
 * ranking, providers), from their JSON text, beside the floor: parsing the same JSON text and
 * summing the assessment scores.
 */
import { parsePlanCase } from '../functions/domain/plan/input.ts';
import { makeSupportPlan } from '../functions/domain/plan/plan.ts';
import { measure, randomSource, type Suite } from './harness.ts';

const SERVICES = [
  'physiotherapy',
  'pool-physiotherapy',
  'occupational-therapy',
  'speech-therapy',
  'audio-speech-therapy',
  'psychologist-child',
  'psychologist-parents',
  'aba-therapy',
  'music-therapy',
  'canistherapy',
  'hippotherapy',
  'alternative-communication',
  'special-educator',
  'home-care',
  'respite-care',
  'day-care-centre',
  'support-person',
  'group-sessions',
  'transport',
];

/** One plausible plan case as JSON text: a child's scores, the team's list, the parents' list, providers near and far. */
export function generatePlanCase(random: ReturnType<typeof randomSource>, index: number): string {
  const pool = [...SERVICES];
  const count = random.int(4, 10);
  const chosen: string[] = [];
  for (let i = 0; i < count; i++) chosen.push(pool.splice(random.int(0, pool.length - 1), 1)[0] as string);
  const recommendations = chosen.map((service, i) => {
    const unitsPerMonth = random.int(1, 12);
    return {
      service,
      rank: i + 1,
      unitsPerMonth,
      minUnitsPerMonth: random.int(1, unitsPerMonth),
      essential: random.chance(0.2),
    };
  });
  const parentRanking = chosen.filter(() => random.chance(0.7)).sort(() => random.next() - 0.5);
  const providers = chosen
    .filter(() => random.chance(0.85))
    .map((service) => ({
      service,
      providerId: `${service}-${random.int(1, 50)}`,
      distanceKm: random.int(0, 600) / 10,
    }));
  const score = () => random.int(0, 4);
  return JSON.stringify({
    participantId: `P-${index}`,
    periodStart: `${random.int(2022, 2025)}-${String(random.int(1, 12)).padStart(2, '0')}-01`,
    months: 6,
    assessment: {
      mobility: score(),
      selfCare: score(),
      communication: score(),
      learning: score(),
      behaviour: score(),
      familySupport: score(),
      weeklyRehabilitation: random.chance(0.3),
      needsCompanion: random.chance(0.2),
    },
    recommendations,
    parentRanking,
    providers,
  });
}

export const planSuite: Suite = {
  name: 'plan',
  async run({ scale }) {
    const total = Math.round(100_000 * scale);
    const distinct = Math.min(total, 5_000);
    const random = randomSource(20_180_901);
    const inputs = Array.from({ length: distinct }, (_, i) => generatePlanCase(random, i));
    let sink = 0;
    const planAll = (count: number) => () => {
      for (let i = 0; i < count; i++) {
        const plan = makeSupportPlan(parsePlanCase(JSON.parse(inputs[i % distinct] as string)));
        sink += plan.totalCents;
      }
    };
    const floorAll = (count: number) => () => {
      for (let i = 0; i < count; i++) {
        const json = JSON.parse(inputs[i % distinct] as string) as {
          assessment: Record<string, number | boolean>;
        };
        for (const value of Object.values(json.assessment)) if (typeof value === 'number') sink += value;
      }
    };
    const floor = measure('JSON.parse and sum scores', total, floorAll(total), floorAll(distinct));
    const subject = measure(
      'parse, validate, budget, merge and allocate',
      total,
      planAll(total),
      planAll(distinct),
    );
    return {
      suite: `Support plans: ${total.toLocaleString('en-US')} assessments, 4-10 recommendations each`,
      unit: 'plans',
      subject,
      floor,
      notes: [`(checksum ${sink > 0 ? 'ok' : 'empty'})`],
    };
  },
};
