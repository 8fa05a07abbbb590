/**
 * The municipalities the local system knows out of the box: the ten of the children's pilot as
 * `npm run demo` replays it, two in each of Latvia's five planning regions. Each has its social
 * service's name (how emails sign off) and one supervisor, who is told when an assessment is
 * escalated. Ids are the store's municipality ids; addresses are example.lv, which the local SES
 * accepts and nothing outside ever receives.
 *
 * @example
 * const { organisations, supervisorIds, supervisorContacts } = municipalityConfig(LOCAL_MUNICIPALITIES);
 */
import type { Language } from '../functions/notify/render/layout.ts';

export const PLANNING_REGIONS = ['Rīga', 'Vidzeme', 'Kurzeme', 'Zemgale', 'Latgale'] as const;
export type PlanningRegion = (typeof PLANNING_REGIONS)[number];

export interface LocalMunicipality {
  id: string;
  /** As people write it. */
  name: string;
  region: PlanningRegion;
  /** The social service, as its clients know it. */
  organisation: string;
}

export const LOCAL_MUNICIPALITIES: readonly LocalMunicipality[] = [
  { id: 'riga', name: 'Rīga', region: 'Rīga', organisation: 'Rīgas Sociālais dienests' },
  { id: 'jurmala', name: 'Jūrmala', region: 'Rīga', organisation: 'Jūrmalas Sociālais dienests' },
  {
    id: 'valmiera',
    name: 'Valmiera',
    region: 'Vidzeme',
    organisation: 'Valmieras novada Sociālais dienests',
  },
  { id: 'cesis', name: 'Cēsis', region: 'Vidzeme', organisation: 'Cēsu novada Sociālais dienests' },
  { id: 'talsi', name: 'Talsi', region: 'Kurzeme', organisation: 'Talsu novada Sociālais dienests' },
  { id: 'kuldiga', name: 'Kuldīga', region: 'Kurzeme', organisation: 'Kuldīgas novada Sociālais dienests' },
  { id: 'jelgava', name: 'Jelgava', region: 'Zemgale', organisation: 'Jelgavas Sociālo lietu pārvalde' },
  { id: 'bauska', name: 'Bauska', region: 'Zemgale', organisation: 'Bauskas novada Sociālais dienests' },
  {
    id: 'daugavpils',
    name: 'Daugavpils',
    region: 'Latgale',
    organisation: 'Daugavpils pilsētas Sociālais dienests',
  },
  { id: 'rezekne', name: 'Rēzekne', region: 'Latgale', organisation: 'Rēzeknes novada Sociālais dienests' },
];

export interface MunicipalityConfig {
  /** For the sender: each municipality's social service. */
  organisations: Record<string, string>;
  /** For the cycle: who is escalated to, by municipality (ids). */
  supervisorIds: Record<string, string[]>;
  /** For the sender: how to reach each supervisor. */
  supervisorContacts: Record<string, Record<string, { email: string; language: Language; name: string }>>;
}

/** The supervisor of a local municipality, e.g. `s-talsi`. */
export const supervisorIdOf = (municipality: string): string => `s-${municipality}`;

/**
 * The settings the cycle and the sender need for these municipalities.
 *
 * @example
 * municipalityConfig(LOCAL_MUNICIPALITIES).supervisorIds['talsi'] // ['s-talsi']
 */
export function municipalityConfig(municipalities: readonly LocalMunicipality[]): MunicipalityConfig {
  const config: MunicipalityConfig = { organisations: {}, supervisorIds: {}, supervisorContacts: {} };
  for (const municipality of municipalities) {
    const supervisor = supervisorIdOf(municipality.id);
    config.organisations[municipality.id] = municipality.organisation;
    config.supervisorIds[municipality.id] = [supervisor];
    config.supervisorContacts[municipality.id] = {
      [supervisor]: {
        email: `vaditaja@${municipality.id}.example.lv`,
        language: 'lv',
        name: `${municipality.organisation}, vadītāja`,
      },
    };
  }
  return config;
}
