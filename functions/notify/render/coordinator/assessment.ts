/**
 * The needs assessment: due, overdue (the coordinator's reminders) and, still overdue after them,
 * the escalation to the municipality's supervisor.
 *
 * @example
 * renderAssessmentDue({ caseId: 'c-17', dueDate: '2024-03-01', caseLink: 'https://atbalsts.example/cases/c-17' }, context)
 *   .subject // 'Jāveic vajadzību izvērtēšana: lieta c-17 līdz 01.03.2024.' (lv)
 */
import { z } from 'zod';
import { caseId, formatDate, isoDate, link, pick, type RenderContext } from '../format.ts';
import type { Block, RenderedEmail } from '../layout.ts';
import { caseWord, staffEmail } from './common.ts';

// ---- assessment due ---------------------------------------------------------------------------

export const assessmentDueSchema = z.strictObject({ caseId, dueDate: isoDate, caseLink: link.optional() });
export type AssessmentDueData = z.infer<typeof assessmentDueSchema>;

/**
 * A needs assessment is due for a case.
 * @example renderAssessmentDue({ caseId: 'c-17', dueDate: '2024-03-01' }, { language: 'en', organisation: 'Riga social service' })
 */
export function renderAssessmentDue(data: AssessmentDueData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const due = formatDate(data.dueDate, language);
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Jāveic vajadzību izvērtēšana: lieta ${data.caseId} līdz ${due}`,
        ru: `Требуется оценка потребностей: дело ${data.caseId} до ${due}`,
        en: `Needs assessment due: case ${data.caseId} by ${due}`,
      }),
      heading: pick(language, {
        lv: 'Jāveic vajadzību izvērtēšana',
        ru: 'Требуется оценка потребностей',
        en: 'A needs assessment is due',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: 'Lietai jāsāk jauns atbalsta cikls. Lūdzu, noorganizējiet izvērtēšanas komandas vajadzību izvērtēšanu un ierakstiet to sistēmā.',
            ru: 'Для дела начинается новый цикл поддержки. Пожалуйста, организуйте оценку потребностей командой специалистов и внесите её в систему.',
            en: 'A new support cycle is starting for this case. Please arrange the assessment team’s needs assessment and record it in the system.',
          }),
        },
        {
          kind: 'facts',
          caption: pick(language, { lv: 'Izvērtēšana', ru: 'Оценка', en: 'Assessment' }),
          rows: [
            [caseWord(context), data.caseId],
            [pick(language, { lv: 'Termiņš', ru: 'Срок', en: 'Due by' }), due],
          ],
        },
      ],
    },
    data.caseLink,
  );
}

// ---- assessment overdue (reminder) ------------------------------------------------------------

export const assessmentOverdueSchema = z.strictObject({
  caseId,
  dueDate: isoDate,
  daysOverdue: z.number().int().positive(),
  /** 1 for the first reminder. */
  reminder: z.number().int().positive(),
  /** When the supervisor will be told, if the assessment is still not recorded. */
  escalationOn: isoDate.optional(),
  caseLink: link.optional(),
});
export type AssessmentOverdueData = z.infer<typeof assessmentOverdueSchema>;

/**
 * A reminder that an assessment is past its due date.
 * @example renderAssessmentOverdue({ caseId: 'c-17', dueDate: '2024-03-01', daysOverdue: 7, reminder: 1 }, context)
 */
export function renderAssessmentOverdue(data: AssessmentOverdueData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const due = formatDate(data.dueDate, language);
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `Lietas ${data.caseId} vajadzību izvērtēšanas termiņš bija ${due}; izvērtēšana vēl nav ierakstīta.`,
        ru: `Срок оценки потребностей по делу ${data.caseId} истёк ${due}; оценка ещё не внесена.`,
        en: `The needs assessment for case ${data.caseId} was due on ${due} and has not been recorded yet.`,
      }),
    },
    {
      kind: 'facts',
      caption: pick(language, { lv: 'Atgādinājums', ru: 'Напоминание', en: 'Reminder' }),
      rows: [
        [caseWord(context), data.caseId],
        [pick(language, { lv: 'Termiņš', ru: 'Срок', en: 'Was due' }), due],
        [
          pick(language, { lv: 'Nokavētas dienas', ru: 'Дней просрочки', en: 'Days overdue' }),
          String(data.daysOverdue),
        ],
        [
          pick(language, { lv: 'Atgādinājums Nr.', ru: 'Напоминание №', en: 'Reminder no.' }),
          String(data.reminder),
        ],
      ],
    },
  ];
  if (data.escalationOn !== undefined) {
    const on = formatDate(data.escalationOn, language);
    blocks.push({
      kind: 'paragraph',
      text: pick(language, {
        lv: `Ja izvērtēšana netiks ierakstīta, ${on} par to tiks informēts pašvaldības atbildīgais vadītājs.`,
        ru: `Если оценка не будет внесена, ${on} об этом будет сообщено ответственному руководителю самоуправления.`,
        en: `If the assessment is still not recorded, the municipality’s supervisor will be told on ${on}.`,
      }),
    });
  }
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Atgādinājums: nokavēta vajadzību izvērtēšana, lieta ${data.caseId}`,
        ru: `Напоминание: просрочена оценка потребностей, дело ${data.caseId}`,
        en: `Reminder: needs assessment overdue, case ${data.caseId}`,
      }),
      heading: pick(language, {
        lv: 'Vajadzību izvērtēšana ir nokavēta',
        ru: 'Оценка потребностей просрочена',
        en: 'The needs assessment is overdue',
      }),
      blocks,
    },
    data.caseLink,
  );
}

// ---- escalation to the supervisor -------------------------------------------------------------

export const assessmentEscalatedSchema = z.strictObject({
  caseId,
  dueDate: isoDate,
  daysOverdue: z.number().int().positive(),
  remindersSent: z.number().int().nonnegative(),
  caseLink: link.optional(),
});
export type AssessmentEscalatedData = z.infer<typeof assessmentEscalatedSchema>;

/**
 * To the municipality's supervisor: an assessment is still overdue after the reminders. The
 * coordinator is named (from the case's contacts), since the supervisor follows it up with them.
 * @example renderAssessmentEscalated({ caseId: 'c-17', dueDate: '2024-03-01', daysOverdue: 21, remindersSent: 2 }, context)
 */
export function renderAssessmentEscalated(
  data: AssessmentEscalatedData,
  context: RenderContext,
): RenderedEmail {
  const { language } = context;
  const due = formatDate(data.dueDate, language);
  const coordinator =
    context.coordinator?.name ?? pick(language, { lv: 'nav norādīts', ru: 'не указан', en: 'not set' });
  return staffEmail(
    context,
    {
      subject: pick(language, {
        lv: `Eskalācija: lietas ${data.caseId} vajadzību izvērtēšana nokavēta par ${data.daysOverdue} dienām`,
        ru: `Эскалация: оценка потребностей по делу ${data.caseId} просрочена на ${data.daysOverdue} дн.`,
        en: `Escalation: needs assessment for case ${data.caseId} is ${data.daysOverdue} days overdue`,
      }),
      heading: pick(language, {
        lv: 'Vajadzību izvērtēšana joprojām nav veikta',
        ru: 'Оценка потребностей всё ещё не проведена',
        en: 'A needs assessment is still outstanding',
      }),
      blocks: [
        {
          kind: 'paragraph',
          text: pick(language, {
            lv: 'Jūs saņemat šo vēstuli kā pašvaldības atbildīgais vadītājs: pēc atgādinājumiem koordinatoram izvērtēšana joprojām nav ierakstīta.',
            ru: 'Вы получаете это письмо как ответственный руководитель самоуправления: после напоминаний координатору оценка всё ещё не внесена.',
            en: 'You receive this as the municipality’s supervisor: after reminders to the coordinator, the assessment has still not been recorded.',
          }),
        },
        {
          kind: 'facts',
          caption: pick(language, { lv: 'Eskalācija', ru: 'Эскалация', en: 'Escalation' }),
          rows: [
            [caseWord(context), data.caseId],
            [pick(language, { lv: 'Koordinators', ru: 'Координатор', en: 'Coordinator' }), coordinator],
            [pick(language, { lv: 'Termiņš', ru: 'Срок', en: 'Was due' }), due],
            [
              pick(language, { lv: 'Nokavētas dienas', ru: 'Дней просрочки', en: 'Days overdue' }),
              String(data.daysOverdue),
            ],
            [
              pick(language, {
                lv: 'Nosūtīti atgādinājumi',
                ru: 'Отправлено напоминаний',
                en: 'Reminders sent',
              }),
              String(data.remindersSent),
            ],
          ],
        },
      ],
    },
    data.caseLink,
  );
}
