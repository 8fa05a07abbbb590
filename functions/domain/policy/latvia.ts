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
import type { adultBandSchema, policyBookSchema, serviceSchema } from './schema.ts';

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

const MK942 = 'Cabinet Regulation No. 942 of 18 Dec 2012';
const MK316 = 'Cabinet Regulation No. 316 of 18 May 2021';
const MK315 = 'Cabinet Regulation No. 315 of 24 May 2022 amending No. 316 (annotation 22-TA-290)';

/** The adult bands of No. 316 (annex 1) that No. 315 left as they were. */
const ADULT_BANDS_SINCE_2021: z.input<typeof adultBandSchema>[] = [
  {
    code: 'work-study',
    description: 'paid work, business, higher education, Paralympic sport',
    lowerHoursPerMonth: 80,
    higherHoursPerMonth: 160,
  },
  {
    code: 'school-board',
    description: 'pupil in basic, secondary or vocational school; NGO or company board member',
    lowerHoursPerMonth: 60,
    higherHoursPerMonth: 120,
  },
  {
    code: 'volunteer-day-care',
    description: 'volunteering, day-care centre, specialised workshop, regular dialysis or chemotherapy',
    lowerHoursPerMonth: 40,
    higherHoursPerMonth: 80,
  },
];

export const LATVIAN_POLICY: z.input<typeof policyBookSchema> = {
  versions: [
    {
      id: 'LV-MK942-2012',
      // 2: the emergency rule as the regulation has it (p. 11.1: three calendar months, a month without
      // paid hours counts as zero, use before and after the emergency, 10 h a week without any use).
      revision: 2,
      from: '2013-01-01',
      source: `${MK942}: hours granted per week; at most 40 h a week per assistant over all recipients (Ministry of Welfare, "Atalgojums asistentam"); p. 11.1 emergency rule in force 18.03.2020`,
      assistant: {
        regulation: 'MK942',
        grantBasis: 'week',
        maxHoursPerWeekPerAssistant: 40,
        maxHoursPerDay: 16,
        activities,
        emergencyActivity: 'social-inclusion',
        emergency: {
          precedingMonths: 3,
          noUseHoursPerWeek: 10,
          source: `${MK942} p. 11.1 (in force 18.03.2020); Ministry of Welfare guidance of March and 12 June 2020`,
        },
      },
    },
    {
      id: 'LV-MK316-2021',
      // 2: agreements under No. 942 keep its rules to 31.12.2021 (p. 47); ages and the longest grant
      // period; the monthly hours moved to the day-dated entitlements below.
      revision: 2,
      from: '2021-07-01',
      source: `${MK316}: hours granted per month; no limit per assistant over several recipients was found`,
      assistant: {
        regulation: 'MK316',
        grantBasis: 'month',
        maxHoursPerDay: 16,
        activities,
        emergencyActivity: 'social-inclusion',
        transition: {
          previous: 'MK942',
          until: '2021-12-31',
          source: `${MK316} p. 47 (agreements under No. 942 run on as made, to the decision's end, at the latest 31.12.2021)`,
        },
        eligibility: {
          childFromAge: 5,
          childUntilAge: 18,
          maxGrantYears: 3,
          source:
            'Ministry of Welfare (children 5-18 with a special-care or a companion opinion); annotation to No. 316: granted for the disability period, at most 3 years (point numbers not confirmed)',
        },
      },
    },
  ],
  rates: [
    {
      from: '2014-01-01',
      centsPerHour: 171,
      regulation: 'MK942',
      source: 'Ministry of Welfare, changes from 1 Jan 2014: LVL 1.20 an hour became EUR 1.71 with the euro',
    },
    {
      // From MK 592 of 13.10.2015 the pay followed the minimum wage over the month's working hours:
      // a rate per month (and per adult or minor recipient) that is not known here.
      from: '2016-01-01',
      centsPerHour: null,
      regulation: 'MK942',
      source:
        'No. 942 as amended by MK 592 of 13.10.2015 (start likely 2016, not confirmed): monthly rate not known',
    },
    { from: '2021-07-01', centsPerHour: 450, regulation: 'MK316', source: `${MK316} (original)` },
    {
      from: '2023-01-01',
      centsPerHour: 479,
      regulation: 'MK316',
      source: 'Amendment of No. 316 (minimum wage EUR 620 from 1.1.2023)',
    },
    {
      from: '2023-04-01',
      centsPerHour: 511,
      regulation: 'MK316',
      source: 'Amendment of No. 316, annotation 23-TA-336, in force 01.04.2023; no later rate found',
    },
  ],
  entitlements: [
    {
      id: 'LV-MK316-2021-HOURS',
      revision: 1,
      from: '2021-07-01',
      source: `${MK316} and annex 1 (the questionnaire)`,
      childAssistant: 80,
      companion: 60,
      municipalCareService: 80,
      // The questionnaire places an adult in a band; the support intensity picks the lower or higher figure.
      adultBands: [
        ...ADULT_BANDS_SINCE_2021,
        {
          code: 'group1-childhood-day-care',
          description:
            'group I from childhood with a special-care opinion: day-care centre or specialised workshop',
          lowerHoursPerMonth: 40,
          higherHoursPerMonth: 80,
        },
        {
          code: 'group1-childhood-other',
          description: 'group I from childhood with a special-care opinion: other activities',
          lowerHoursPerMonth: 15,
          higherHoursPerMonth: 30,
        },
      ],
    },
    {
      id: 'LV-MK315-2022-HOURS',
      revision: 1,
      // Published 26.05.2022 with no date of its own: in force the day after (likely; docs/policy.md).
      from: '2022-05-27',
      source: `${MK315}: p. 10.1 (100 h with procedures or rehabilitation at least weekly) and the group I from childhood bands`,
      childAssistant: 80,
      childAssistantWeeklyProcedures: 100,
      companion: 60,
      municipalCareService: 80,
      adultBands: [
        ...ADULT_BANDS_SINCE_2021,
        {
          code: 'group1-childhood-day-care',
          description:
            'group I from childhood with a special-care opinion: day-care centre or specialised workshop',
          lowerHoursPerMonth: 50,
          higherHoursPerMonth: 100,
        },
        {
          code: 'group1-childhood-other',
          description: 'group I from childhood with a special-care opinion: other activities',
          lowerHoursPerMonth: 30,
          higherHoursPerMonth: 60,
        },
      ],
    },
  ],
  emergencyPeriods: [
    {
      from: '2020-03-12',
      to: '2020-06-09',
      regulation: 'MK942',
      source:
        'Cabinet order No. 103 of 12.03.2020, extended; Ministry of Welfare guidance (from 12.03.2020; last day 9.06.2020)',
    },
    {
      from: '2020-11-09',
      to: '2021-04-06',
      regulation: 'MK942',
      source: 'Cabinet order No. 655 of 6.11.2020, extended; No. 942 p. 11.1 applied again',
    },
    {
      // Declared to 11.01.2022; the relief (MK 662 p. 73-74) reached only agreements under No. 942,
      // which ended by 31.12.2021 (No. 316 p. 47).
      from: '2021-10-11',
      to: '2021-12-31',
      regulation: 'MK942',
      source:
        'Cabinet order No. 720 of 9.10.2021; MK 662 of 28.09.2021 p. 73-74 for agreements under No. 942',
    },
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
        consentDays: 14,
        reviewDueDaysBeforeEnd: 30,
      },
      settlement: { timesheetReminderDay: 1, timesheetDeadlineDay: 5, settlementDay: 10, runAt: '06:00' },
      retention: { spentTaskTokenDays: 30, sentNotificationDays: 90 },
      // No rule obliges a reminder; 42 days leave the one month the social service has to decide a new application.
      grants: { endingReminderDays: 42 },
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
