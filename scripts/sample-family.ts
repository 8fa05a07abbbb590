/**
 * The family of the scripted worlds and the end-to-end tests: Anna, the child; Ilze, her mother
 * and legal representative (Latvian); Oksana, her assistant (Russian); Marta, the coordinator in
 * Talsi. Each world gives them its own ids; the people are the same.
 *
 * @example
 * const person = sampleFamily({ parent: 'p-1', assistant: 'a-1', coordinator: 'u-7' });
 * await call('POST', '/cases', { caseId: 'c-1', participantId: 'p-c-1', person });
 */
import type { PersonData } from '../functions/store/entities.ts';

export function sampleFamily(
  ids: { parent: string; assistant: string; coordinator: string },
  birthDate = '2014-05-02',
): PersonData {
  return {
    participant: { name: 'Anna Bērziņa', birthDate },
    contacts: [
      {
        role: 'legal-representative',
        id: ids.parent,
        name: 'Ilze Bērziņa',
        email: 'ilze@example.lv',
        language: 'lv',
      },
      {
        role: 'assistant',
        id: ids.assistant,
        name: 'Oksana Petrova',
        email: 'oksana@example.lv',
        language: 'ru',
      },
      {
        role: 'coordinator',
        id: ids.coordinator,
        name: 'Marta Kalniņa',
        email: 'marta@talsi.example.lv',
        language: 'lv',
      },
    ],
  };
}

/** Anna's assessment by the team, with two services near home, as the soak and the end-to-end test submit it. */
export function sampleAssessment(assessedOn: string) {
  return {
    assessedOn,
    scores: { mobility: 3, selfCare: 2, communication: 3, learning: 2, behaviour: 1, familySupport: 2 },
    weeklyRehabilitation: true,
    needsCompanion: false,
    recommendations: [
      { service: 'physiotherapy', rank: 1, unitsPerMonth: 8, minUnitsPerMonth: 4, essential: true },
      { service: 'speech-therapy', rank: 2, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: false },
    ],
    providers: [
      { service: 'physiotherapy', providerId: 'talsi-rehab', distanceKm: 4 },
      { service: 'speech-therapy', providerId: 'talsi-logo', distanceKm: 14 },
    ],
  };
}
