/**
 * The children's pilot as it was shaped, in synthetic data: ten municipalities, two in each of
 * Latvia's five planning regions, ten children in each (twenty per region, a hundred in all).
 * Every child gets a plausible assessment (ICF qualifiers 0-4 that follow one of four profiles),
 * the team's recommendations from the policy's service catalogue, providers with their distance
 * from home (some beyond the travel threshold, some services with no provider at all, the
 * pilot's known risks), parents who rank in time or do not, an assistant, and the habits that
 * make the months differ: late assessments, slow approvals, late or over-cap timesheets,
 * parents who confirm the hours late or dispute a line, providers' claims.
 *
 * Everything comes from one seeded generator, so the same seed gives the same pilot, byte for
 * byte. Names are made up from common Latvian and Russian names; addresses are example.lv.
 *
 * @example
 * const pilot = generatePilot(2018);
 * pilot.children.length // 100
 */
import type { AssessmentData, PersonData } from '../../functions/store/entities.ts';
import { LOCAL_MUNICIPALITIES, type LocalMunicipality } from '../../local/municipalities.ts';
import { Draw, providersOf, recommendationsOf } from '../synthetic.ts';

/** How a child's needs are shaped: which domains are hardest and which services the team reaches for. */
const PROFILES = {
  motor: {
    label: 'physical (motor)',
    scores: {
      mobility: [3, 4],
      selfCare: [2, 4],
      communication: [0, 2],
      learning: [0, 2],
      behaviour: [0, 1],
      familySupport: [1, 3],
    },
    services: [
      'physiotherapy',
      'pool-physiotherapy',
      'occupational-therapy',
      'hippotherapy',
      'support-person',
    ],
  },
  autism: {
    label: 'autism spectrum',
    scores: {
      mobility: [0, 1],
      selfCare: [1, 3],
      communication: [2, 4],
      learning: [2, 3],
      behaviour: [2, 4],
      familySupport: [2, 4],
    },
    services: [
      'aba-therapy',
      'speech-therapy',
      'psychologist-child',
      'alternative-communication',
      'special-educator',
      'canistherapy',
    ],
  },
  intellectual: {
    label: 'intellectual',
    scores: {
      mobility: [0, 2],
      selfCare: [1, 3],
      communication: [1, 3],
      learning: [3, 4],
      behaviour: [1, 2],
      familySupport: [1, 3],
    },
    services: [
      'special-educator',
      'speech-therapy',
      'occupational-therapy',
      'music-therapy',
      'group-sessions',
    ],
  },
  multiple: {
    label: 'multiple',
    scores: {
      mobility: [3, 4],
      selfCare: [3, 4],
      communication: [3, 4],
      learning: [2, 4],
      behaviour: [1, 3],
      familySupport: [2, 4],
    },
    services: [
      'physiotherapy',
      'occupational-therapy',
      'speech-therapy',
      'alternative-communication',
      'micro-speech-therapy',
      'respite-care',
    ],
  },
} as const;
export type Profile = keyof typeof PROFILES;
export const PROFILE_LABELS: Record<Profile, string> = Object.fromEntries(
  Object.entries(PROFILES).map(([key, profile]) => [key, profile.label]),
) as Record<Profile, string>;

/** Services the team adds for the family whatever the profile. */
const FAMILY_SERVICES = ['psychologist-parents', 'relatives-support-group', 'respite-care'] as const;

/** Per session (or hour, day, trip) a month, as teams recommended them. */
const UNITS_PER_MONTH: Record<string, [number, number]> = {
  'aba-therapy': [8, 16],
  'respite-care': [1, 3],
  'support-person': [4, 10],
  'group-sessions': [2, 4],
  'relatives-support-group': [1, 2],
  'psychologist-parents': [1, 2],
};

const GIRLS = ['Anna', 'Elza', 'Sofija', 'Marta', 'Emīlija', 'Alise', 'Paula', 'Katrīna', 'Laura', 'Madara'];
const BOYS = [
  'Roberts',
  'Markuss',
  'Gustavs',
  'Kārlis',
  'Daniels',
  'Ralfs',
  'Toms',
  'Emīls',
  'Jēkabs',
  'Artūrs',
];
const SURNAMES: [string, string][] = [
  ['Bērziņš', 'Bērziņa'],
  ['Kalniņš', 'Kalniņa'],
  ['Ozoliņš', 'Ozoliņa'],
  ['Liepiņš', 'Liepiņa'],
  ['Krūmiņš', 'Krūmiņa'],
  ['Zariņš', 'Zariņa'],
  ['Pētersons', 'Pētersone'],
  ['Vītols', 'Vītola'],
  ['Jansons', 'Jansone'],
  ['Kļaviņš', 'Kļaviņa'],
];
const RUSSIAN_GIRLS = ['Anastasija', 'Darja', 'Viktorija', 'Polina'];
const RUSSIAN_BOYS = ['Artjoms', 'Maksims', 'Nikita', 'Kirils'];
const RUSSIAN_SURNAMES: [string, string][] = [
  ['Ivanovs', 'Ivanova'],
  ['Petrovs', 'Petrova'],
  ['Smirnovs', 'Smirnova'],
  ['Kuzņecovs', 'Kuzņecova'],
];
const MOTHERS = ['Ilze', 'Inese', 'Kristīne', 'Līga', 'Sanita', 'Dace', 'Zane', 'Agnese'];
const FATHERS = ['Jānis', 'Andris', 'Mārtiņš', 'Edgars', 'Raimonds', 'Aivars'];
const RUSSIAN_MOTHERS = ['Olga', 'Jeļena', 'Tatjana', 'Natālija'];
const ASSISTANTS = [
  'Oksana',
  'Vija',
  'Ligita',
  'Aija',
  'Gunta',
  'Sandra',
  'Irina',
  'Baiba',
  'Silvija',
  'Ieva',
  'Edīte',
  'Valda',
];

/** How far providers are in each region: the countryside of Latgale and Kurzeme is farther from a therapist. */
const DISTANCE_KM: Record<LocalMunicipality['region'], [number, number]> = {
  Rīga: [1, 12],
  Vidzeme: [2, 30],
  Kurzeme: [2, 45],
  Zemgale: [2, 25],
  Latgale: [3, 60],
};

/** What a child's family and team do in one cycle: how long each answer takes, or that it does not come. */
export interface CycleHabits {
  /** Days after the assessment is asked for until the team submits it (over 14: reminders, over 28: escalation). */
  assessmentDays: number;
  /** Days until the parents rank, or null: they do not (the plan follows the team's order). */
  rankingDays: number | null;
  /** The parents rank one service the team did not recommend. */
  ranksUnrecommended: boolean;
  /** Days until the coordinator decides on a draft. */
  approvalDays: number;
  /** The coordinator asks for changes to the first draft (a nearer provider, fewer sessions). */
  requestsChanges: boolean;
}

/** The assistant's habits with timesheets. */
export interface TimesheetHabits {
  /** Share of the granted hours usually reported. */
  usage: number;
  /** In a month, the chance the timesheet comes after the settlement day (paid as a difference a month later). */
  lateChance: number;
  /** In a month, the chance of reporting more than the grant (the excess is rejected: MONTH_CAP). */
  overCapChance: number;
  /** In a month, the chance that no timesheet comes at all. */
  missingChance: number;
  /**
   * In a month, the chance the parents confirm the hours only after the monthly run (the
   * supplementary run of the month after pays them as a difference).
   */
  confirmLateChance: number;
  /** In a month, the chance the parents dispute a line with a short reason (it is not paid; the coordinator hears). */
  disputeChance: number;
}

export interface PilotChild {
  municipality: string;
  region: LocalMunicipality['region'];
  caseId: string;
  participantId: string;
  coordinatorId: string;
  assistantId: string;
  parentId: string;
  profile: Profile;
  person: PersonData;
  /** The assessment of each cycle, without its date (the driver dates it). */
  assessments: [Omit<AssessmentData, 'assessedOn'>, Omit<AssessmentData, 'assessedOn'>];
  /** The parents' order of the recommended services, most wanted first, per cycle. */
  rankings: [string[], string[]];
  habits: [CycleHabits, CycleHabits];
  timesheets: TimesheetHabits;
  /** Share of the planned sessions the providers claim in a month. */
  claimShare: number;
}

export interface Pilot {
  seed: number;
  municipalities: readonly LocalMunicipality[];
  children: PilotChild[];
}

export const CHILDREN_PER_MUNICIPALITY = 10;

function scoresOf(draw: Draw, profile: Profile, drift: number): AssessmentData['scores'] {
  const ranges = PROFILES[profile].scores;
  const score = ([low, high]: readonly [number, number]) =>
    Math.max(0, Math.min(4, draw.int(low, high) + drift));
  return {
    mobility: score(ranges.mobility),
    selfCare: score(ranges.selfCare),
    communication: score(ranges.communication),
    learning: score(ranges.learning),
    behaviour: score(ranges.behaviour),
    familySupport: score(ranges.familySupport),
  };
}

function assessmentOf(
  draw: Draw,
  profile: Profile,
  region: LocalMunicipality['region'],
  municipality: string,
  drift: number,
): Omit<AssessmentData, 'assessedOn'> {
  const services: string[] = draw.shuffle<string>(PROFILES[profile].services).slice(0, draw.int(3, 5));
  if (draw.chance(0.4)) {
    const family = draw.pick(FAMILY_SERVICES);
    if (!services.includes(family)) services.push(family);
  }
  const recommendations = recommendationsOf(
    draw,
    services,
    UNITS_PER_MONTH,
    (index) => index === 0 || (index === 1 && draw.chance(0.3)),
  );
  // The pilot's known risk: for some services no provider could be found at all.
  const providers = providersOf(draw, services, municipality, DISTANCE_KM[region], 0.08);
  return {
    scores: scoresOf(draw, profile, drift),
    weeklyRehabilitation: profile === 'motor' || profile === 'multiple' ? draw.chance(0.7) : draw.chance(0.2),
    needsCompanion: profile === 'multiple' && draw.chance(0.3),
    recommendations,
    providers,
  };
}

function habitsOf(draw: Draw): CycleHabits {
  const late = draw.chance(0.12);
  return {
    assessmentDays: late ? draw.int(16, 34) : draw.int(2, 11),
    rankingDays: draw.chance(0.15) ? null : draw.int(1, 9),
    ranksUnrecommended: draw.chance(0.05),
    approvalDays: draw.chance(0.1) ? draw.int(8, 16) : draw.int(1, 5),
    requestsChanges: draw.chance(0.12),
  };
}

/** The parents' order: mostly the team's, with their own priorities moved up. */
function rankingOf(
  draw: Draw,
  assessment: Omit<AssessmentData, 'assessedOn'>,
  unrecommended: boolean,
): string[] {
  const services = (assessment.recommendations ?? []).map((recommendation) => recommendation.service);
  const ranked = draw.chance(0.5) ? draw.shuffle(services) : services;
  if (unrecommended) {
    const extra = draw.pick(['hippotherapy', 'canistherapy', 'music-therapy', 'pool-physiotherapy']);
    if (!ranked.includes(extra)) ranked.splice(draw.int(0, ranked.length), 0, extra);
  }
  return ranked;
}

function personOf(
  draw: Draw,
  municipality: string,
  number: number,
  ids: { participantId: string; parentId: string; assistantId: string; coordinatorId: string },
  coordinatorName: string,
  startYear: number,
): PersonData {
  const language = draw.chance(0.25) ? 'ru' : draw.chance(0.05) ? 'en' : 'lv';
  const girl = draw.chance(0.45);
  const russian = language === 'ru';
  const [masculine, feminine] = draw.pick(russian ? RUSSIAN_SURNAMES : SURNAMES);
  const first = draw.pick(russian ? (girl ? RUSSIAN_GIRLS : RUSSIAN_BOYS) : girl ? GIRLS : BOYS);
  const age = draw.int(2, 15);
  const birthDate = `${startYear - age}-${String(draw.int(1, 12)).padStart(2, '0')}-${String(draw.int(1, 28)).padStart(2, '0')}`;
  const mother = draw.pick(russian ? RUSSIAN_MOTHERS : MOTHERS);
  const assistant = draw.pick(ASSISTANTS);
  const domain = `${municipality}.example.lv`;
  const contacts: PersonData['contacts'] = [
    {
      role: 'legal-representative',
      id: ids.parentId,
      name: `${mother} ${feminine}`,
      email: `vecaks-${number}@${domain}`,
      language,
    },
    {
      role: 'assistant',
      id: ids.assistantId,
      name: `${assistant} ${draw.pick(SURNAMES)[1]}`,
      email: `asistents-${number}@${domain}`,
      language: draw.chance(0.2) ? 'ru' : 'lv',
    },
    {
      role: 'coordinator',
      id: ids.coordinatorId,
      name: coordinatorName,
      email: `${ids.coordinatorId}@${domain}`,
      language: 'lv',
    },
  ];
  if (draw.chance(0.35)) {
    contacts.splice(1, 0, {
      role: 'legal-representative',
      id: `${ids.parentId}-2`,
      name: `${draw.pick(FATHERS)} ${masculine}`,
      email: `vecaks-${number}-2@${domain}`,
      language,
    });
  }
  return { participant: { name: `${first} ${girl ? feminine : masculine}`, birthDate }, contacts };
}

/**
 * The pilot for a seed: the same seed, the same children, habits and figures.
 *
 * @example
 * generatePilot(2018).children.filter((child) => child.region === 'Latgale').length // 20
 */
export function generatePilot(seed: number, startYear = 2024): Pilot {
  const draw = new Draw(seed);
  const children: PilotChild[] = [];
  let number = 0;
  for (const municipality of LOCAL_MUNICIPALITIES) {
    const coordinators = [1, 2].map((n) => ({
      id: `u-${municipality.id}-${n}`,
      name: `${draw.pick(MOTHERS)} ${draw.pick(SURNAMES)[1]}`,
    }));
    for (let index = 0; index < CHILDREN_PER_MUNICIPALITY; index += 1) {
      number += 1;
      const serial = String(number).padStart(3, '0');
      const coordinator = coordinators[index % coordinators.length] ?? coordinators[0];
      if (!coordinator) throw new Error('no coordinator');
      const ids = {
        participantId: `p-${serial}`,
        parentId: `lr-${serial}`,
        assistantId: `a-${serial}`,
        coordinatorId: coordinator.id,
      };
      const profile = draw.pick(Object.keys(PROFILES) as Profile[]);
      const person = personOf(draw, municipality.id, number, ids, coordinator.name, startYear);
      const first = assessmentOf(draw, profile, municipality.region, municipality.id, 0);
      // Six months on, most children are assessed much the same; some a little better or worse.
      const second = assessmentOf(
        draw,
        profile,
        municipality.region,
        municipality.id,
        draw.pick([-1, 0, 0, 0, 1]),
      );
      const habits: [CycleHabits, CycleHabits] = [habitsOf(draw), habitsOf(draw)];
      children.push({
        municipality: municipality.id,
        region: municipality.region,
        caseId: `c-${serial}`,
        ...ids,
        profile,
        person,
        assessments: [first, second],
        rankings: [
          rankingOf(draw, first, habits[0].ranksUnrecommended),
          rankingOf(draw, second, habits[1].ranksUnrecommended),
        ],
        habits,
        timesheets: {
          usage: 0.65 + draw.next() * 0.35,
          lateChance: draw.chance(0.3) ? 0.25 : 0.04,
          overCapChance: draw.chance(0.2) ? 0.35 : 0.03,
          missingChance: draw.chance(0.1) ? 0.2 : 0.01,
          confirmLateChance: draw.chance(0.2) ? 0.3 : 0.04,
          disputeChance: draw.chance(0.15) ? 0.2 : 0.01,
        },
        claimShare: 0.6 + draw.next() * 0.45,
      });
    }
  }
  return { seed, municipalities: LOCAL_MUNICIPALITIES, children };
}
