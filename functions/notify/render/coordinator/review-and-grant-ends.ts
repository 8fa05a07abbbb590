/** A support period or a grant coming to its end: time to review, or for the person to apply again. */
import { z } from 'zod';
import { caseId, formatDate, isoDate, link, pick, type RenderContext } from '../format.ts';
import type { RenderedEmail } from '../layout.ts';
import { caseWord, staffEmail } from './common.ts';

// ---- review due -------------------------------------------------------------------------------

export const reviewDueSchema = z.strictObject({ caseId, periodEnd: isoDate, caseLink: link.optional() });
export type ReviewDueData = z.infer<typeof reviewDueSchema>;

/**
 * Sent 30 days before a support period ends: time to review and re-assess.
 * @example renderReviewDue({ caseId: 'c-17', periodEnd: '2024-08-31' }, context)
 */
export function renderReviewDue(data: ReviewDueData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const end = formatDate(data.periodEnd, language);
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Plāna pārskatīšana: lietas ${data.caseId} periods beidzas ${end}`,
        ru: `Пересмотр плана: период по делу ${data.caseId} заканчивается ${end}`,
        en: `Plan review due: case ${data.caseId} period ends ${end}`,
      }),
      heading: pick(language, {
        lv: 'Tuvojas plāna pārskatīšana',
        ru: 'Приближается пересмотр плана',
        en: 'A plan review is coming up',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: `${end} beidzas atbalsta plāna periods. Lūdzu, kopā ar ģimeni un ārstu pārskatiet plānu un sāciet atkārtotu izvērtēšanu nākamajam periodam.`,
            ru: `Период плана поддержки заканчивается ${end}. Пожалуйста, вместе с семьёй и врачом пересмотрите план и начните повторную оценку на следующий период.`,
            en: `The support plan period ends on ${end}. Please review the plan with the family and the physician and start the re-assessment for the next period.`,
          }),
        },
        {
          kind: 'facts',
          caption: pick(language, { lv: 'Pārskatīšana', ru: 'Пересмотр', en: 'Review' }),
          rows: [
            [caseWord(context), data.caseId],
            [pick(language, { lv: 'Perioda beigas', ru: 'Конец периода', en: 'Period ends' }), end],
          ],
        },
      ],
    },
    data.caseLink,
  );
}

// ---- a grant ending ---------------------------------------------------------------------------

export const grantEndingSchema = z.strictObject({
  caseId,
  service: z.enum(['assistant', 'companion']),
  grantEnds: isoDate,
  caseLink: link.optional(),
});
export type GrantEndingData = z.infer<typeof grantEndingSchema>;

/**
 * Sent by the monthly run before an assistant or companion grant ends (workflow policy
 * `grants.endingReminderDays`): the person must apply again and the social service has a month to decide.
 * @example renderGrantEnding({ caseId: 'c-17', service: 'assistant', grantEnds: '2024-06-30' }, context)
 */
export function renderGrantEnding(data: GrantEndingData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const end = formatDate(data.grantEnds, language);
  const service = pick(
    language,
    data.service === 'assistant'
      ? { lv: 'asistenta pakalpojums', ru: 'услуга ассистента', en: 'assistant service' }
      : { lv: 'pavadoņa pakalpojums', ru: 'услуга сопровождающего', en: 'companion service' },
  );
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Lietā ${data.caseId} ${end} beidzas piešķirtais ${service}`,
        ru: `По делу ${data.caseId} ${end} заканчивается ${service}`,
        en: `Case ${data.caseId}: the ${service} granted ends on ${end}`,
      }),
      heading: pick(language, {
        lv: 'Tuvojas piešķīruma beigas',
        ru: 'Приближается конец назначения',
        en: 'A grant is coming to its end',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: `Piešķirtais ${service} beidzas ${end}. Lai pakalpojums turpinātos, personai jāiesniedz jauns iesniegums; sociālajam dienestam lēmums jāpieņem mēneša laikā.`,
            ru: `Назначенная ${service} заканчивается ${end}. Чтобы услуга продолжалась, нужно подать новое заявление; социальная служба принимает решение в течение месяца.`,
            en: `The ${service} granted ends on ${end}. For it to go on, the person must apply again; the social service has one month to decide.`,
          }),
        },
        {
          kind: 'facts',
          caption: pick(language, { lv: 'Piešķīrums', ru: 'Назначение', en: 'Grant' }),
          rows: [
            [caseWord(context), data.caseId],
            [pick(language, { lv: 'Beidzas', ru: 'Заканчивается', en: 'Ends' }), end],
          ],
        },
      ],
    },
    data.caseLink,
  );
}
