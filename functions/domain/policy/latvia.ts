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
import type { policyBookSchema, serviceSchema } from './schema.ts';

const activities = [
  { code: 'work', name: { lv: 'Darbs', en: 'Work' } },
  { code: 'education', name: { lv: 'Izglītība', en: 'Education' } },
  { code: 'day-care', name: { lv: 'Dienas aprūpes centrs', en: 'Day-care centre' } },
  { code: 'social-services', name: { lv: 'Sociālie pakalpojumi', en: 'Social services' } },
  {
    code: 'health-care',
    name: { lv: 'Ārstniecības procedūras un rehabilitācija', en: 'Medical procedures and rehabilitation' },
  },
  { code: 'leisure', name: { lv: 'Brīvā laika pavadīšana', en: 'Leisure' } },
  { code: 'social-inclusion', name: { lv: 'Sociālās iekļaušanas pasākumi', en: 'Social inclusion' } },
];

/**
 * The services seen in the pilot plans (seed 001). Prices are illustrative; the assistant and the
 * companion are state-funded and priced at the 2023 hourly rate for information only (their pay
 * follows the rate table above).
 */
const budgetServices: z.input<typeof serviceSchema>[] = [
  {
    code: 'physiotherapy',
    name: { lv: 'Fizioterapija', en: 'Physiotherapy' },
    unit: 'session',
    unitCents: 2_500,
    funding: 'individual-budget',
  },
  {
    code: 'pool-physiotherapy',
    name: { lv: 'Fizioterapija baseinā', en: 'Pool physiotherapy' },
    unit: 'session',
    unitCents: 3_000,
    funding: 'individual-budget',
  },
  {
    code: 'occupational-therapy',
    name: { lv: 'Ergoterapija', en: 'Occupational therapy' },
    unit: 'session',
    unitCents: 2_500,
    funding: 'individual-budget',
  },
  {
    code: 'speech-therapy',
    name: { lv: 'Logopēds', en: 'Speech therapy' },
    unit: 'session',
    unitCents: 2_500,
    funding: 'individual-budget',
  },
  {
    code: 'audio-speech-therapy',
    name: { lv: 'Audiologopēds', en: 'Audio speech therapy' },
    unit: 'session',
    unitCents: 2_800,
    funding: 'individual-budget',
  },
  {
    code: 'micro-speech-therapy',
    name: { lv: 'Mikrologopēds', en: 'Micro speech therapy' },
    unit: 'session',
    unitCents: 2_800,
    funding: 'individual-budget',
  },
  {
    code: 'psychologist-child',
    name: { lv: 'Psihologs bērnam', en: 'Psychologist for the child' },
    unit: 'session',
    unitCents: 3_000,
    funding: 'individual-budget',
  },
  {
    code: 'psychologist-parents',
    name: { lv: 'Psihologs vecākiem', en: 'Psychologist for the parents' },
    unit: 'session',
    unitCents: 3_000,
    funding: 'individual-budget',
  },
  {
    code: 'aba-therapy',
    name: { lv: 'ABA terapija', en: 'ABA therapy' },
    unit: 'hour',
    unitCents: 3_500,
    funding: 'individual-budget',
  },
  {
    code: 'music-therapy',
    name: { lv: 'Mūzikas terapija', en: 'Music therapy' },
    unit: 'session',
    unitCents: 2_500,
    funding: 'individual-budget',
  },
  {
    code: 'canistherapy',
    name: { lv: 'Kanisterapija', en: 'Canistherapy' },
    unit: 'session',
    unitCents: 2_500,
    funding: 'individual-budget',
  },
  {
    code: 'hippotherapy',
    name: { lv: 'Hipoterapija', en: 'Hippotherapy' },
    unit: 'session',
    unitCents: 3_500,
    funding: 'individual-budget',
  },
  {
    code: 'alternative-communication',
    name: {
      lv: 'Alternatīvās komunikācijas speciālista konsultācija',
      en: 'Alternative-communication consultation',
    },
    unit: 'session',
    unitCents: 3_500,
    funding: 'individual-budget',
  },
  {
    code: 'special-educator',
    name: { lv: 'Speciālais pedagogs', en: 'Special educator' },
    unit: 'session',
    unitCents: 2_000,
    funding: 'individual-budget',
  },
  {
    code: 'assistant',
    name: { lv: 'Asistents', en: 'Assistant' },
    unit: 'hour',
    unitCents: 511,
    funding: 'state',
  },
  {
    code: 'companion',
    name: { lv: 'Pavadonis', en: 'Companion' },
    unit: 'hour',
    unitCents: 511,
    funding: 'state',
  },
  {
    code: 'home-care',
    name: { lv: 'Aprūpe mājās', en: 'Home care' },
    unit: 'hour',
    unitCents: 700,
    funding: 'municipality',
  },
  {
    code: 'respite-care',
    name: { lv: 'Atelpas brīdis', en: 'Respite care' },
    unit: 'day',
    unitCents: 4_500,
    funding: 'individual-budget',
  },
  {
    code: 'day-care-centre',
    name: { lv: 'Dienas aprūpes centrs', en: 'Day-care centre' },
    unit: 'day',
    unitCents: 2_000,
    funding: 'individual-budget',
  },
  {
    code: 'support-person',
    name: { lv: 'Atbalsta persona', en: 'Support person' },
    unit: 'hour',
    unitCents: 1_000,
    funding: 'individual-budget',
  },
  {
    code: 'group-sessions',
    name: { lv: 'Grupu nodarbības', en: 'Group sessions' },
    unit: 'session',
    unitCents: 1_500,
    funding: 'individual-budget',
  },
  {
    code: 'relatives-support-group',
    name: { lv: 'Atbalsta grupa tuviniekiem', en: 'Support group for relatives' },
    unit: 'session',
    unitCents: 1_000,
    funding: 'individual-budget',
  },
  {
    code: 'transport',
    name: { lv: 'Transporta izmaksas', en: 'Transport costs' },
    unit: 'trip',
    unitCents: 1_000,
    funding: 'individual-budget',
  },
  {
    code: 'group-home',
    name: { lv: 'Grupu māja', en: 'Group home' },
    unit: 'month',
    unitCents: 60_000,
    funding: 'municipality',
  },
];

export const LATVIAN_POLICY: z.input<typeof policyBookSchema> = {
  versions: [
    {
      id: 'LV-MK942-2012',
      revision: 1,
      from: '2013-01-01',
      source:
        'Cabinet Regulation No. 942 of 18 Dec 2012: hours granted per week, at most 40 h a week per assistant',
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
  individualBudget: [
    {
      id: 'LV-IB-ILLUSTRATIVE',
      revision: 1,
      from: '2018-09-01',
      // The pilot published no formula: these figures are an illustrative default for the model's
      // shape (docs/budget-model.md), to be replaced by the municipality's or the ministry's own.
      source:
        'Illustrative default for the individual budget model (ESF project 9.2.2.2/16/I/001); not published rates',
      budget: {
        baseCents: 100_000,
        pointCents: 5_000,
        maxCents: 400_000,
        weights: { mobility: 3, selfCare: 3, communication: 3, learning: 2, behaviour: 3, familySupport: 2 },
        unusedShareWarning: 0.2,
      },
      services: budgetServices,
      travel: { thresholdKm: 10, centsPerKm: 10 },
      merge: { teamWeight: 0.5, parentWeight: 0.5 },
      // Like the Dutch PGB: a month may use more than its share, the period may not.
      claims: { monthlyFlexibility: null },
    },
  ],
  workflow: [
    {
      id: 'LV-WORKFLOW-DEFAULT',
      revision: 1,
      from: '2018-09-01',
      // The pilot's cycle was six months (seed 001); the waits and the settlement calendar are the
      // service's own working rules, set by the municipality, not by regulation.
      source:
        'Six-month cycle of the individual budget pilot (ESF 9.2.2.2/16/I/001); waits and settlement calendar are working defaults',
      cycle: {
        periodMonths: 6,
        assessmentReminderDays: 14,
        remindersBeforeEscalation: 2,
        rankingDays: 14,
        approvalReminderDays: 7,
        reviewDueDaysBeforeEnd: 30,
      },
      settlement: { timesheetReminderDay: 1, timesheetDeadlineDay: 5, settlementDay: 10, runAt: '06:00' },
      retention: { spentTaskTokenDays: 30, sentNotificationDays: 90 },
    },
  ],
  monitoring: [
    {
      id: 'LV-MONITORING-DEFAULT',
      revision: 1,
      from: '2018-09-01',
      // Statistical disclosure control as official statistics practise it: no published figure may
      // be about so few children that a reader could tell who they are.
      source:
        'Ministry of Welfare monitoring (SPOLIS) exports: counts of fewer than 5 children are not published',
      suppressBelowChildren: 5,
    },
  ],
};
