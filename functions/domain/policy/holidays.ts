/**
 * Latvia's public holidays and the Cabinet's moved working days, as data (docs/policy.md,
 * "Public holidays and working days"). The rules that compute a year's days are in
 * functions/domain/working-days.ts; what is political (one-off days off, the Song and Dance
 * Festival's closing day, the Cabinet's transfers) is listed here year by year.
 *
 * Sources: the law "Par svētku, atceres un atzīmējamām dienām" art. 1 (consolidated text), its
 * amendment in force 26.06.2007 (24 Dec; 4 May and 18 Nov move to the next working day when on a
 * weekend), its amendment in force 22.10.2014 (the festival's closing day, date likely), the
 * one-off amendments of 2018 and 2023, and the Cabinet's orders under Darba likums art. 133(4).
 */
import { z } from 'zod';
import { isoDateSchema } from './schema.ts';

const monthDaySchema = z.strictObject({
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  name: z.string().min(1),
  /** The first date the holiday exists in law, when it was added after 2007. */
  from: isoDateSchema.optional(),
});

export const holidayCalendarSchema = z.strictObject({
  source: z.string().min(1),
  fixed: z.array(monthDaySchema).min(1),
  /** Days counted from Western Easter Sunday (Good Friday is -2). */
  easter: z.array(z.strictObject({ offset: z.number().int(), name: z.string().min(1) })),
  /** Holidays that give the next working day off when they fall on a Saturday or Sunday. */
  weekendRule: z.strictObject({ from: isoDateSchema, days: z.array(z.string().regex(/^\d{2}-\d{2}$/)) }),
  /** The General Song and Dance Festival's closing days (a holiday since the rule's `from`, with the weekend rule). */
  songFestivalClosingDays: z.strictObject({
    from: isoDateSchema,
    dates: z.array(isoDateSchema),
    source: z.string().min(1),
  }),
  /** Days off made by a one-off amendment of the law. */
  oneOff: z.array(
    z.strictObject({ date: isoDateSchema, name: z.string().min(1), source: z.string().min(1) }),
  ),
  /** The Cabinet's transfers: `dayOff` is not worked, `workedOn` (a Saturday) is. */
  cabinetTransfers: z.array(
    z.strictObject({ dayOff: isoDateSchema, workedOn: isoDateSchema, source: z.string().min(1) }),
  ),
  /** Years whose transfers were looked for and none found or none ordered (the rest are unknown). */
  yearsWithoutKnownTransfers: z.array(z.strictObject({ year: z.number().int(), note: z.string().min(1) })),
});
export type HolidayCalendar = z.infer<typeof holidayCalendarSchema>;

const LAW = 'Par svētku, atceres un atzīmējamām dienām, art. 1';

export const LATVIAN_HOLIDAY_CALENDAR: z.input<typeof holidayCalendarSchema> = {
  source: `${LAW} (consolidated text)`,
  fixed: [
    { month: 1, day: 1, name: 'Jaunais gads' },
    { month: 5, day: 1, name: 'Darba svētki, Satversmes sapulces sasaukšanas diena' },
    { month: 5, day: 4, name: 'Neatkarības atjaunošanas diena' },
    { month: 6, day: 23, name: 'Līgo diena' },
    { month: 6, day: 24, name: 'Jāņi' },
    { month: 11, day: 18, name: 'Latvijas Republikas proklamēšanas diena' },
    { month: 12, day: 24, name: 'Ziemassvētku vakars', from: '2007-06-26' },
    { month: 12, day: 25, name: 'Ziemassvētki' },
    { month: 12, day: 26, name: 'Otrie Ziemassvētki' },
    { month: 12, day: 31, name: 'Vecgada vakars' },
  ],
  easter: [
    { offset: -2, name: 'Lielā Piektdiena' },
    { offset: 0, name: 'Lieldienas' },
    { offset: 1, name: 'Otrās Lieldienas' },
    { offset: 49, name: 'Vasarsvētki' },
  ],
  weekendRule: { from: '2007-06-26', days: ['05-04', '11-18'] },
  songFestivalClosingDays: {
    from: '2014-10-22',
    // 2028's dates are not known yet; add them when the festival is announced.
    dates: ['2018-07-08', '2023-07-09'],
    source: `${LAW}, amendment of 02.10.2014 (in force date likely 22.10.2014); closing days 8.7.2018 (likely) and 9.7.2023 (confirmed)`,
  },
  oneOff: [
    {
      date: '2018-09-24',
      name: 'Pāvesta Franciska vizīte',
      source: `${LAW}, amendment passed by the Saeima 21.06.2018`,
    },
    {
      date: '2023-05-29',
      name: 'Hokeja pasaules čempionāta bronzas medaļa',
      source: `${LAW}, amendment passed by the Saeima 28.05.2023`,
    },
  ],
  cabinetTransfers: [
    { dayOff: '2014-05-02', workedOn: '2014-05-10', source: 'Cabinet order for 2014 (press)' },
    { dayOff: '2014-11-17', workedOn: '2014-11-22', source: 'Cabinet order for 2014 (press)' },
    {
      dayOff: '2015-06-22',
      workedOn: '2015-06-27',
      source: 'Cabinet order for 2015 (likely; Ministry spokesperson)',
    },
    { dayOff: '2017-05-05', workedOn: '2017-05-13', source: 'Cabinet order for 2017' },
    { dayOff: '2018-04-30', workedOn: '2018-04-21', source: 'Cabinet order No. 211 (2018)' },
    { dayOff: '2021-05-03', workedOn: '2021-05-08', source: 'Cabinet order for 2021' },
    { dayOff: '2021-06-25', workedOn: '2021-06-19', source: 'Cabinet order for 2021' },
    { dayOff: '2021-11-19', workedOn: '2021-11-13', source: 'Cabinet order for 2021' },
    { dayOff: '2023-05-05', workedOn: '2023-05-20', source: 'Cabinet order for 2023' },
    { dayOff: '2024-12-23', workedOn: '2024-12-14', source: 'Cabinet order for 2024' },
    { dayOff: '2024-12-30', workedOn: '2024-12-28', source: 'Cabinet order for 2024' },
    { dayOff: '2025-05-02', workedOn: '2025-05-10', source: 'Cabinet order for 2025' },
    { dayOff: '2025-11-17', workedOn: '2025-11-08', source: 'Cabinet order for 2025' },
    { dayOff: '2026-01-02', workedOn: '2026-01-17', source: 'Cabinet order for 2026' },
    { dayOff: '2026-06-22', workedOn: '2026-06-27', source: 'Cabinet order for 2026' },
  ],
  yearsWithoutKnownTransfers: [
    { year: 2013, note: 'not found (bridges 23.12 and 30.12 were possible)' },
    { year: 2016, note: 'none expected: no bridge days' },
    { year: 2019, note: 'no order was issued' },
    { year: 2020, note: 'not found (22.06 bridge possible)' },
    { year: 2022, note: 'none expected: no bridge days' },
    { year: 2027, note: 'unknown: the order is due by 1.7.2026 and was not found' },
    { year: 2028, note: 'unknown' },
    { year: 2029, note: 'unknown' },
    { year: 2030, note: 'unknown' },
  ],
};
