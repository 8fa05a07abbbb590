/** The parents' ranking of the recommended services: received, or not received by the deadline. */
import { z } from 'zod';
import { caseId, formatDate, isoDate, label, labelIn, link, pick, type RenderContext } from '../format.ts';
import type { RenderedEmail } from '../layout.ts';
import { caseWord, staffEmail } from './common.ts';

// ---- parents' ranking received / not received -------------------------------------------------

export const rankingReceivedSchema = z.strictObject({
  caseId,
  receivedOn: isoDate,
  /** The parents' order, most wanted first. */
  services: z.array(label).min(1),
  caseLink: link.optional(),
});
export type RankingReceivedData = z.infer<typeof rankingReceivedSchema>;

/**
 * The parents ranked the recommended services; the plan can be made.
 * @example renderRankingReceived({ caseId: 'c-17', receivedOn: '2024-03-08', services: [{ lv: 'Fizioterapija', en: 'Physiotherapy' }] }, context)
 */
export function renderRankingReceived(data: RankingReceivedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Vecāki sarindojuši pakalpojumus: lieta ${data.caseId}`,
        ru: `Родители расставили приоритеты услуг: дело ${data.caseId}`,
        en: `Parents’ ranking received: case ${data.caseId}`,
      }),
      heading: pick(language, {
        lv: 'Vecāku prioritātes saņemtas',
        ru: 'Приоритеты родителей получены',
        en: 'The parents’ ranking is in',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: `Lietā ${data.caseId} vecāki ${formatDate(data.receivedOn, language)} sarindoja ieteiktos pakalpojumus. Tagad var sagatavot atbalsta plānu.`,
            ru: `По делу ${data.caseId} родители ${formatDate(data.receivedOn, language)} расставили приоритеты рекомендованных услуг. Теперь можно составить план поддержки.`,
            en: `On ${formatDate(data.receivedOn, language)} the parents ranked the recommended services for case ${data.caseId}. The support plan can now be made.`,
          }),
        },
        {
          kind: 'heading',
          text: pick(language, { lv: 'Vecāku secība', ru: 'Порядок родителей', en: 'The parents’ order' }),
        },
        {
          kind: 'list',
          items: data.services.map((service, index) => `${index + 1}. ${labelIn(service, language)}`),
        },
      ],
    },
    data.caseLink,
  );
}

export const rankingNotReceivedSchema = z.strictObject({
  caseId,
  requestedOn: isoDate,
  deadline: isoDate,
  caseLink: link.optional(),
});
export type RankingNotReceivedData = z.infer<typeof rankingNotReceivedSchema>;

/**
 * The parents did not rank the services by the deadline.
 * @example renderRankingNotReceived({ caseId: 'c-17', requestedOn: '2024-03-01', deadline: '2024-03-15' }, context)
 */
export function renderRankingNotReceived(
  data: RankingNotReceivedData,
  context: RenderContext,
): RenderedEmail {
  const { language } = context;
  const deadline = formatDate(data.deadline, language);
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Vecāki nav sarindojuši pakalpojumus līdz ${deadline}: lieta ${data.caseId}`,
        ru: `Родители не расставили приоритеты услуг до ${deadline}: дело ${data.caseId}`,
        en: `Parents’ ranking not received by ${deadline}: case ${data.caseId}`,
      }),
      heading: pick(language, {
        lv: 'Vecāku prioritātes nav saņemtas',
        ru: 'Приоритеты родителей не получены',
        en: 'No ranking from the parents',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: 'Vecāki termiņā nav sarindojuši ieteiktos pakalpojumus. Lūdzu, sazinieties ar ģimeni: vecāku līdzdalība ir modeļa pamatā, tāpēc plānu bez viņu viedokļa negatavojiet.',
            ru: 'Родители не расставили приоритеты рекомендованных услуг в срок. Пожалуйста, свяжитесь с семьёй: участие родителей лежит в основе модели, поэтому не составляйте план без их мнения.',
            en: 'The parents have not ranked the recommended services in time. Please contact the family: parents taking part is at the heart of the model, so do not make the plan without their view.',
          }),
        },
        {
          kind: 'facts',
          caption: pick(language, {
            lv: 'Prioritāšu pieprasījums',
            ru: 'Запрос приоритетов',
            en: 'Ranking request',
          }),
          rows: [
            [caseWord(context), data.caseId],
            [
              pick(language, { lv: 'Pieprasīts', ru: 'Запрошено', en: 'Requested on' }),
              formatDate(data.requestedOn, language),
            ],
            [pick(language, { lv: 'Termiņš', ru: 'Срок', en: 'Deadline' }), deadline],
          ],
        },
      ],
    },
    data.caseLink,
  );
}
