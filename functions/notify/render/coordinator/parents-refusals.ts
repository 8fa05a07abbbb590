/** What the parents refused through their links: consent to a plan, or some of an assistant's hours. */
import { z } from 'zod';
import {
  caseId,
  formatDate,
  formatMinutes,
  formatMonth,
  isoDate,
  label,
  labelIn,
  link,
  minutes,
  nameOf,
  pick,
  type RenderContext,
  yearMonth,
} from '../format.ts';
import type { Block, RenderedEmail } from '../layout.ts';
import { caseWord, staffEmail } from './common.ts';

// ---- parents refused consent / disputed hours ------------------------------------------------

export const consentRefusedSchema = z.strictObject({
  caseId,
  revision: z.number().int().positive(),
  refusedOn: isoDate,
  /** The parents' own words, as they wrote them on the consent page. */
  reason: z.string().min(1).max(1_000).optional(),
  caseLink: link.optional(),
});
export type ConsentRefusedData = z.infer<typeof consentRefusedSchema>;

/**
 * The parents refused consent to a drafted plan through their link, with their reason.
 * @example renderConsentRefused({ caseId: 'c-17', revision: 2, refusedOn: '2024-03-20', reason: 'Too far' }, context)
 */
export function renderConsentRefused(data: ConsentRefusedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const on = formatDate(data.refusedOn, language);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `Vecāki ${on} nepiekrita lietas ${data.caseId} atbalsta plāna ${data.revision}. redakcijai. Plāns paliek melnraksts: sazinieties ar ģimeni un lūdziet izmaiņas vai apstipriniet ar piekrišanu, kas saņemta tikšanās laikā.`,
        ru: `${on} родители не дали согласия на редакцию ${data.revision} плана поддержки по делу ${data.caseId}. План остаётся черновиком: свяжитесь с семьёй и запросите изменения или утвердите его с согласием, полученным на встрече.`,
        en: `On ${on} the parents refused consent to revision ${data.revision} of the support plan of case ${data.caseId}. The plan stays a draft: contact the family and ask for changes, or approve it with a consent given in a meeting.`,
      }),
    },
    {
      kind: 'facts',
      caption: pick(language, { lv: 'Atteikums', ru: 'Отказ', en: 'Refusal' }),
      rows: [
        [caseWord(context), data.caseId],
        [
          pick(language, { lv: 'Plāna redakcija', ru: 'Редакция плана', en: 'Plan revision' }),
          String(data.revision),
        ],
        [
          pick(language, { lv: 'Vecāku iemesls', ru: 'Причина родителей', en: 'The parents’ reason' }),
          data.reason ?? pick(language, { lv: 'nav norādīts', ru: 'не указана', en: 'not given' }),
        ],
      ],
    },
  ];
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Vecāki nepiekrīt plānam: lieta ${data.caseId}`,
        ru: `Родители не согласны с планом: дело ${data.caseId}`,
        en: `Parents refused the plan: case ${data.caseId}`,
      }),
      heading: pick(language, {
        lv: 'Vecāki nepiekrīt atbalsta plānam',
        ru: 'Родители не согласны с планом поддержки',
        en: 'The parents refused the support plan',
      }),
      blocks,
    },
    data.caseLink,
  );
}

export const hoursDisputedSchema = z.strictObject({
  caseId,
  month: yearMonth,
  assistantId: caseId,
  /** The lines the parents did not confirm, with their reason. */
  lines: z
    .array(
      z.strictObject({
        date: isoDate,
        minutes,
        activity: label,
        reason: z.string().min(1).max(500),
      }),
    )
    .min(1),
  caseLink: link.optional(),
});
export type HoursDisputedData = z.infer<typeof hoursDisputedSchema>;

/**
 * The parents did not confirm some of an assistant's hours; those lines are not paid until the
 * coordinator sorts them out with the family and the assistant.
 * @example renderHoursDisputed({ caseId: 'c-17', month: '2024-03', assistantId: 'a-1', lines }, context)
 */
export function renderHoursDisputed(data: HoursDisputedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Vecāki neapstiprina asistenta stundas: lieta ${data.caseId}, ${month}`,
        ru: `Родители не подтверждают часы ассистента: дело ${data.caseId}, ${month}`,
        en: `Parents dispute assistant hours: case ${data.caseId}, ${month}`,
      }),
      heading: pick(language, {
        lv: 'Vecāki neapstiprina stundas',
        ru: 'Родители не подтверждают часы',
        en: 'The parents dispute some hours',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: `Vecāki neapstiprināja daļu asistenta ${nameOf(context, data.assistantId)} stundu par ${monthFor}. Šīs stundas netiks apmaksātas, kamēr vecāki tās neapstiprinās; pārējās stundas tiks apmaksātas.`,
            ru: `Родители не подтвердили часть часов ассистента ${nameOf(context, data.assistantId)} за ${month}. Эти часы не будут оплачены, пока родители их не подтвердят; остальные часы будут оплачены.`,
            en: `The parents did not confirm some of the hours of the assistant ${nameOf(context, data.assistantId)} for ${month}. These hours are not paid until the parents confirm them; the other hours are paid.`,
          }),
        },
        {
          kind: 'table',
          caption: pick(language, {
            lv: 'Neapstiprinātās stundas',
            ru: 'Неподтверждённые часы',
            en: 'Disputed hours',
          }),
          columns: [
            { label: pick(language, { lv: 'Datums', ru: 'Дата', en: 'Date' }) },
            { label: pick(language, { lv: 'Pasākums', ru: 'Вид деятельности', en: 'Activity' }) },
            { label: pick(language, { lv: 'Stundas', ru: 'Часы', en: 'Hours' }), numeric: true },
            {
              label: pick(language, {
                lv: 'Vecāku iemesls',
                ru: 'Причина родителей',
                en: 'The parents’ reason',
              }),
            },
          ],
          rows: data.lines.map((line) => [
            formatDate(line.date, language),
            labelIn(line.activity, language),
            formatMinutes(line.minutes, language),
            line.reason,
          ]),
        },
      ],
    },
    data.caseLink,
  );
}
