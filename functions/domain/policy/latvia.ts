/**
 * The built-in Latvian policy, as data. Sources: Cabinet Regulation No. 942 of 2012 and No. 316
 * of 2021 on the assistant service, and the Ministry of Welfare's guidance (see docs/policy.md).
 *
 * Rates before 2021-07-01 varied by month and are not known here: settling such a month needs
 * an inline rate, never a guess. Activity codes are this project's names for the activities
 * (pasākumi) that hours are reported under; the emergency rule of June 2020 reports under
 * social inclusion.
 */
import type { z } from 'zod';
import type { policyBookSchema } from './schema.ts';

const activities = [
  { code: 'work', name: { lv: 'Darbs', en: 'Work' } },
  { code: 'education', name: { lv: 'Izglītība', en: 'Education' } },
  { code: 'day-care', name: { lv: 'Dienas aprūpes centrs', en: 'Day-care centre' } },
  { code: 'social-services', name: { lv: 'Sociālie pakalpojumi', en: 'Social services' } },
  { code: 'health-care', name: { lv: 'Ārstniecības procedūras un rehabilitācija', en: 'Medical procedures and rehabilitation' } },
  { code: 'leisure', name: { lv: 'Brīvā laika pavadīšana', en: 'Leisure' } },
  { code: 'social-inclusion', name: { lv: 'Sociālās iekļaušanas pasākumi', en: 'Social inclusion' } },
];

export const LATVIAN_POLICY: z.input<typeof policyBookSchema> = {
  versions: [
    {
      id: 'LV-MK942-2012',
      revision: 1,
      from: '2013-01-01',
      source: 'Cabinet Regulation No. 942 of 18 Dec 2012: hours granted per week, at most 40 h a week per assistant',
      assistant: {
        grantBasis: 'week',
        maxHoursPerWeekPerAssistant: 40,
        maxHoursPerDay: 16,
        activities,
        emergencyActivity: 'social-inclusion',
      },
    },
    {
      id: 'LV-MK316-2021',
      revision: 1,
      from: '2021-07-01',
      source: 'Cabinet Regulation No. 316 of 2021: hours granted per month',
      assistant: {
        grantBasis: 'month',
        monthlyEntitlements: {
          childAssistant: 80,
          childAssistantWeeklyRehabilitation: 100,
          companion: 60,
          municipalCareService: 80,
          // The adult questionnaire places a person in a band; the goal and the support intensity pick the lower or higher figure.
          adultBands: [
            { code: 'band-1', lowerHoursPerMonth: 80, higherHoursPerMonth: 160 },
            { code: 'band-2', lowerHoursPerMonth: 60, higherHoursPerMonth: 120 },
            { code: 'band-3', lowerHoursPerMonth: 40, higherHoursPerMonth: 80 },
            { code: 'band-4', lowerHoursPerMonth: 50, higherHoursPerMonth: 100 },
            { code: 'band-5', lowerHoursPerMonth: 30, higherHoursPerMonth: 60 },
          ],
        },
        maxHoursPerDay: 16,
        activities,
        emergencyActivity: 'social-inclusion',
      },
    },
  ],
  rates: [
    { from: '2021-07-01', centsPerHour: 450 },
    { from: '2023-01-01', centsPerHour: 479 },
    { from: '2023-04-01', centsPerHour: 511 },
  ],
};
