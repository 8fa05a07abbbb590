/**
 * Emails to coordinators (and the escalation to the municipality's supervisor). They name the
 * case by its id and link to it; the case itself, with any personal or health detail, stays
 * behind the sign-in. Each kind: a strict data schema (nothing unexpected reaches an email) and a
 * pure render function.
 *
 * @example
 * renderAssessmentDue({ caseId: 'c-17', dueDate: '2024-03-01', caseLink: 'https://atbalsts.example/cases/c-17' }, context)
 *   .subject // 'Jāveic vajadzību izvērtēšana: lieta c-17 līdz 01.03.2024.' (lv)
 */
import { z } from 'zod';
import {
  BUDGET_FIGURE_NAMES,
  caseId,
  cents,
  footerLines,
  formatDate,
  formatEuro,
  formatMinutes,
  formatMonth,
  formatPeriod,
  isoDate,
  label,
  labelIn,
  link,
  minutes,
  nameOf,
  pick,
  type RenderContext,
  type Words,
  yearMonth,
} from './format.ts';
import { type Block, composeEmail, type Language, type RenderedEmail } from './layout.ts';

const caseLinkBlock = (context: RenderContext, url: string | undefined): Block[] =>
  url === undefined
    ? []
    : [
        {
          kind: 'action',
          url,
          text: pick(context.language, { lv: 'Atvērt lietu', ru: 'Открыть дело', en: 'Open the case' }),
        },
      ];

const caseWord = (context: RenderContext) => pick(context.language, { lv: 'Lieta', ru: 'Дело', en: 'Case' });

const errorWord = (context: RenderContext) =>
  pick(context.language, { lv: 'Kļūda', ru: 'Ошибка', en: 'Error' });

/**
 * What failed, as an error name or code (`CaseDataError`, `Lambda.ServiceException`, `States.Timeout`):
 * one word, no spaces, so no message, stack trace or value from the case can ride along.
 */
export const errorName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\S+$/, 'must be an error name or code, without spaces');

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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
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
  blocks.push(...caseLinkBlock(context, data.caseLink));
  return composeEmail({
    language,
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
    footer: footerLines(context, 'staff'),
  });
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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
}

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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
}

// ---- plan awaiting approval -------------------------------------------------------------------

export const planAwaitingApprovalSchema = z.strictObject({
  caseId,
  period: z.strictObject({ start: isoDate, end: isoDate }),
  budgetCents: cents.nonnegative(),
  totalCents: cents.nonnegative(),
  unfundedServices: z.number().int().nonnegative(),
  warnings: z.number().int().nonnegative(),
  approvalLink: link,
  /** Set on the reminders the cycle sends while approval waits: 1 for the first reminder. */
  reminder: z.number().int().positive().optional(),
});
export type PlanAwaitingApprovalData = z.infer<typeof planAwaitingApprovalSchema>;

/**
 * A support plan is ready for the coordinator's approval; with `reminder`, a reminder that it still
 * waits (the subject and heading say which reminder).
 * @example
 * renderPlanAwaitingApproval({ caseId: 'c-17', period, budgetCents: 300000, totalCents: 287500, unfundedServices: 0, warnings: 1, approvalLink, reminder: 1 }, { ...context, language: 'en' })
 *   .subject // 'Reminder 1: plan awaiting your approval: case c-17'
 */
export function renderPlanAwaitingApproval(
  data: PlanAwaitingApprovalData,
  context: RenderContext,
): RenderedEmail {
  const { language } = context;
  const { caseId, reminder } = data;
  const reminderBlocks: Block[] =
    reminder === undefined
      ? []
      : [
          {
            kind: 'paragraph',
            text: pick(language, {
              lv: `Lietas ${caseId} atbalsta plāns joprojām gaida jūsu apstiprinājumu. Plāns stāsies spēkā tikai pēc tam, kad to apstiprināsiet.`,
              ru: `План поддержки по делу ${caseId} всё ещё ждёт вашего утверждения. План вступит в силу только после того, как вы его утвердите.`,
              en: `The support plan for case ${caseId} is still waiting for your approval. It takes effect only once you approve it.`,
            }),
          },
        ];
  return composeEmail({
    language,
    subject:
      reminder === undefined
        ? pick(language, {
            lv: `Atbalsta plāns gaida apstiprinājumu: lieta ${caseId}`,
            ru: `План поддержки ждёт утверждения: дело ${caseId}`,
            en: `Support plan awaiting approval: case ${caseId}`,
          })
        : pick(language, {
            lv: `${reminder}. atgādinājums: plāns gaida jūsu apstiprinājumu, lieta ${caseId}`,
            ru: `Напоминание № ${reminder}: план ждёт вашего утверждения, дело ${caseId}`,
            en: `Reminder ${reminder}: plan awaiting your approval: case ${caseId}`,
          }),
    heading:
      reminder === undefined
        ? pick(language, {
            lv: 'Plāns gaida jūsu apstiprinājumu',
            ru: 'План ждёт вашего утверждения',
            en: 'A plan awaits your approval',
          })
        : pick(language, {
            lv: `${reminder}. atgādinājums: plāns gaida jūsu apstiprinājumu`,
            ru: `Напоминание № ${reminder}: план ждёт вашего утверждения`,
            en: `Reminder ${reminder}: a plan awaits your approval`,
          }),
    blocks: [
      ...reminderBlocks,
      {
        kind: 'facts',
        caption: pick(language, { lv: 'Atbalsta plāns', ru: 'План поддержки', en: 'Support plan' }),
        rows: [
          [caseWord(context), data.caseId],
          [
            pick(language, { lv: 'Periods', ru: 'Период', en: 'Period' }),
            formatPeriod(data.period, language),
          ],
          [
            pick(language, {
              lv: 'Indikatīvais budžets',
              ru: 'Индикативный бюджет',
              en: 'Indicative budget',
            }),
            formatEuro(data.budgetCents, language),
          ],
          [
            pick(language, { lv: 'Plānā', ru: 'В плане', en: 'Planned' }),
            formatEuro(data.totalCents, language),
          ],
          [
            pick(language, {
              lv: 'Nefinansēti pakalpojumi',
              ru: 'Нефинансируемые услуги',
              en: 'Unfunded services',
            }),
            String(data.unfundedServices),
          ],
          [
            pick(language, { lv: 'Brīdinājumi', ru: 'Предупреждения', en: 'Warnings' }),
            String(data.warnings),
          ],
        ],
      },
      {
        kind: 'action',
        url: data.approvalLink,
        text: pick(language, {
          lv: 'Pārskatīt un apstiprināt',
          ru: 'Проверить и утвердить',
          en: 'Review and approve',
        }),
      },
    ],
    footer: footerLines(context, 'staff'),
  });
}

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
    ...caseLinkBlock(context, data.caseLink),
  ];
  return composeEmail({
    language,
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
    footer: footerLines(context, 'staff'),
  });
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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
}

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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
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
  return composeEmail({
    language,
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
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
}

// ---- missing timesheets -----------------------------------------------------------------------

export const timesheetsMissingSchema = z.strictObject({
  month: yearMonth,
  deadline: isoDate,
  missing: z.array(z.strictObject({ caseId, assistantId: z.string().min(1) })).min(1),
});
export type TimesheetsMissingData = z.infer<typeof timesheetsMissingSchema>;

/**
 * Timesheets still missing after the deadline, by case and assistant.
 * @example renderTimesheetsMissing({ month: '2024-03', deadline: '2024-04-05', missing: [{ caseId: 'c-17', assistantId: 'a-1' }] }, context)
 */
export function renderTimesheetsMissing(data: TimesheetsMissingData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Trūkst uzskaites lapu par ${monthFor} (${data.missing.length})`,
      ru: `Не поданы табели за ${month} (${data.missing.length})`,
      en: `Timesheets missing for ${month} (${data.missing.length})`,
    }),
    heading: pick(language, {
      lv: 'Trūkst uzskaites lapu',
      ru: 'Не хватает табелей',
      en: 'Timesheets are missing',
    }),
    blocks: [
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: `Termiņš (${formatDate(data.deadline, language)}) ir pagājis, bet šie asistenti nav iesnieguši uzskaites lapu par ${monthFor}. Bez tās stundas nevar apmaksāt.`,
          ru: `Срок (${formatDate(data.deadline, language)}) прошёл, но эти ассистенты не подали табель за ${month}, а без него часы не могут быть оплачены.`,
          en: `The deadline (${formatDate(data.deadline, language)}) has passed and these assistants have not submitted a timesheet for ${month}. Their hours cannot be paid without one.`,
        }),
      },
      {
        kind: 'table',
        caption: pick(language, {
          lv: 'Trūkstošās uzskaites lapas',
          ru: 'Недостающие табели',
          en: 'Missing timesheets',
        }),
        columns: [
          { label: caseWord(context) },
          { label: pick(language, { lv: 'Asistents', ru: 'Ассистент', en: 'Assistant' }) },
        ],
        rows: data.missing.map((entry) => [entry.caseId, nameOf(context, entry.assistantId)]),
      },
    ],
    footer: footerLines(context, 'staff'),
  });
}

// ---- monthly run anomalies --------------------------------------------------------------------

export const monthlyAnomaliesSchema = z.strictObject({
  month: yearMonth,
  casesSettled: z.number().int().nonnegative(),
  rejectedHours: z.array(z.strictObject({ caseId, minutes, entries: z.number().int().positive() })),
  overCapClaims: z.array(z.strictObject({ caseId, service: label, refusedCents: cents.nonnegative() })),
  budgetsRunningOut: z.array(
    /** Left to spend: planned - used so far (functions/domain/budget/figures.ts). */
    z.strictObject({ caseId, leftToSpendCents: cents, monthsLeft: z.number().int().nonnegative() }),
  ),
  /** Cases the run could not settle, with the error that stopped each; counted as anomalies. */
  failedCases: z.array(z.strictObject({ caseId, error: errorName })).optional(),
  runLink: link.optional(),
});
export type MonthlyAnomaliesData = z.infer<typeof monthlyAnomaliesSchema>;

/**
 * The monthly run's summary for a coordinator: cases it could not settle (only when there are
 * some), rejected hours, over-cap claims, budgets running out.
 * @example
 * renderMonthlyAnomalies({ month: '2024-03', casesSettled: 12, rejectedHours: [], overCapClaims: [], budgetsRunningOut: [], failedCases: [{ caseId: 'c-9', error: 'CaseDataError' }] }, { ...context, language: 'en' })
 *   .subject // 'Monthly run for March 2024: 1 anomalies'
 */
export function renderMonthlyAnomalies(data: MonthlyAnomaliesData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  const failedCases = data.failedCases ?? [];
  const count =
    failedCases.length +
    data.rejectedHours.length +
    data.overCapClaims.length +
    data.budgetsRunningOut.length;
  const none = pick(language, { lv: 'Nav.', ru: 'Нет.', en: 'None.' });
  const section = (heading: string, block: Block | undefined): Block[] => [
    { kind: 'heading', text: heading },
    block ?? { kind: 'paragraph', text: none },
  ];
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Mēneša aprēķins par ${monthFor}: ${count} novirzes`,
      ru: `Ежемесячный расчёт за ${month}: отклонений ${count}`,
      en: `Monthly run for ${month}: ${count} anomalies`,
    }),
    heading: pick(language, {
      lv: `Mēneša aprēķins: ${month}`,
      ru: `Ежемесячный расчёт: ${month}`,
      en: `Monthly run: ${month}`,
    }),
    blocks: [
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: `Aprēķinātas ${data.casesSettled} lietas. Zemāk ir tas, kam vajadzīga jūsu uzmanība.`,
          ru: `Рассчитано дел: ${data.casesSettled}. Ниже то, что требует вашего внимания.`,
          en: `${data.casesSettled} cases were settled. Below is what needs your attention.`,
        }),
      },
      ...(failedCases.length === 0
        ? []
        : [
            ...section(
              pick(language, {
                lv: 'Neaprēķinātās lietas',
                ru: 'Нерассчитанные дела',
                en: 'Cases not settled',
              }),
              {
                kind: 'table',
                caption: pick(language, {
                  lv: 'Lietas, kuras neizdevās aprēķināt',
                  ru: 'Дела, которые не удалось рассчитать',
                  en: 'Cases the run could not settle',
                }),
                columns: [{ label: caseWord(context) }, { label: errorWord(context) }],
                rows: failedCases.map((row) => [row.caseId, row.error]),
              },
            ),
            {
              kind: 'paragraph' as const,
              text: pick(language, {
                lv: 'Šīs lietas nav iekļautas šī aprēķina rezultātos. Lūdzu, pārbaudiet katras lietas datus.',
                ru: 'Эти дела не вошли в результаты этого расчёта. Пожалуйста, проверьте данные каждого дела.',
                en: 'These cases are not in this run’s figures. Please check each case’s data.',
              }),
            },
          ]),
      ...section(
        pick(language, { lv: 'Noraidītās stundas', ru: 'Отклонённые часы', en: 'Rejected hours' }),
        data.rejectedHours.length === 0
          ? undefined
          : {
              kind: 'table',
              caption: pick(language, {
                lv: 'Noraidītās stundas pa lietām',
                ru: 'Отклонённые часы по делам',
                en: 'Rejected hours by case',
              }),
              columns: [
                { label: caseWord(context) },
                { label: pick(language, { lv: 'Ieraksti', ru: 'Записей', en: 'Entries' }), numeric: true },
                { label: pick(language, { lv: 'Stundas', ru: 'Часы', en: 'Hours' }), numeric: true },
              ],
              rows: data.rejectedHours.map((row) => [
                row.caseId,
                String(row.entries),
                formatMinutes(row.minutes, language),
              ]),
            },
      ),
      ...section(
        pick(language, {
          lv: 'Pieprasījumi virs limita',
          ru: 'Счета сверх лимита',
          en: 'Claims over the cap',
        }),
        data.overCapClaims.length === 0
          ? undefined
          : {
              kind: 'table',
              caption: pick(language, {
                lv: 'Neapmaksātā daļa',
                ru: 'Неоплаченная часть',
                en: 'Amount not paid',
              }),
              columns: [
                { label: caseWord(context) },
                { label: pick(language, { lv: 'Pakalpojums', ru: 'Услуга', en: 'Service' }) },
                { label: pick(language, { lv: 'Summa', ru: 'Сумма', en: 'Amount' }), numeric: true },
              ],
              rows: data.overCapClaims.map((row) => [
                row.caseId,
                labelIn(row.service, language),
                formatEuro(row.refusedCents, language),
              ]),
            },
      ),
      ...section(
        pick(language, {
          lv: 'Budžets drīz beigsies',
          ru: 'Бюджет скоро закончится',
          en: 'Budgets running out',
        }),
        data.budgetsRunningOut.length === 0
          ? undefined
          : {
              kind: 'table',
              caption: pick(language, BUDGET_FIGURE_NAMES.leftToSpend),
              columns: [
                { label: caseWord(context) },
                { label: pick(language, BUDGET_FIGURE_NAMES.leftToSpend), numeric: true },
                {
                  label: pick(language, {
                    lv: 'Atlikušie mēneši',
                    ru: 'Осталось месяцев',
                    en: 'Months left',
                  }),
                  numeric: true,
                },
              ],
              rows: data.budgetsRunningOut.map((row) => [
                row.caseId,
                formatEuro(row.leftToSpendCents, language),
                String(row.monthsLeft),
              ]),
            },
      ),
      ...(data.runLink === undefined
        ? []
        : [
            {
              kind: 'action' as const,
              url: data.runLink,
              text: pick(language, {
                lv: 'Atvērt mēneša aprēķinu',
                ru: 'Открыть ежемесячный расчёт',
                en: 'Open the monthly run',
              }),
            },
          ]),
    ],
    footer: footerLines(context, 'staff'),
  });
}

// ---- delivery failed (the sender's own alert) -------------------------------------------------

export const deliveryFailedSchema = z.strictObject({
  caseId,
  /** The kind of the email that could not be delivered. */
  failedKind: z.string().min(1),
  recipientRole: z.enum(['legal-representative', 'assistant', 'coordinator', 'supervisor']),
  reason: z.enum(['address-rejected', 'no-address', 'gave-up']),
  caseLink: link.optional(),
});
export type DeliveryFailedData = z.infer<typeof deliveryFailedSchema>;

const ROLE_NAMES = {
  'legal-representative': {
    lv: 'likumiskajam pārstāvim',
    ru: 'законному представителю',
    en: 'the legal representative',
  },
  assistant: { lv: 'asistentam', ru: 'ассистенту', en: 'the assistant' },
  coordinator: { lv: 'koordinatoram', ru: 'координатору', en: 'the coordinator' },
  supervisor: { lv: 'vadītājam', ru: 'руководителю', en: 'the supervisor' },
} as const;

/**
 * Tells the coordinator an email to someone on their case could not be delivered, so they can
 * check the contact details. It names the role and the kind, never the address.
 * @example renderDeliveryFailed({ caseId: 'c-17', failedKind: 'monthly-statement', recipientRole: 'legal-representative', reason: 'address-rejected' }, context)
 */
export function renderDeliveryFailed(data: DeliveryFailedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const to = pick(language, ROLE_NAMES[data.recipientRole]);
  const why = pick(
    language,
    {
      'address-rejected': {
        lv: 'E-pasta adrese tika noraidīta.',
        ru: 'Адрес электронной почты был отклонён.',
        en: 'The email address was rejected.',
      },
      'no-address': {
        lv: 'Kontaktam nav e-pasta adreses.',
        ru: 'У контакта нет адреса электронной почты.',
        en: 'The contact has no email address.',
      },
      'gave-up': {
        lv: 'Pasta serviss atkārtoti nebija pieejams.',
        ru: 'Почтовый сервис неоднократно был недоступен.',
        en: 'The mail service kept failing.',
      },
    }[data.reason],
  );
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Vēstuli nevarēja nosūtīt: lieta ${data.caseId}`,
      ru: `Письмо не удалось доставить: дело ${data.caseId}`,
      en: `Email could not be delivered: case ${data.caseId}`,
    }),
    heading: pick(language, {
      lv: 'Vēstule netika piegādāta',
      ru: 'Письмо не доставлено',
      en: 'An email was not delivered',
    }),
    blocks: [
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: `Vēstuli (${data.failedKind}) ${to} lietā ${data.caseId} nevarēja piegādāt. ${why} Lūdzu, pārbaudiet kontaktinformāciju un sazinieties citā veidā.`,
          ru: `Письмо (${data.failedKind}) ${to} по делу ${data.caseId} не удалось доставить. ${why} Пожалуйста, проверьте контактные данные и свяжитесь другим способом.`,
          en: `An email (${data.failedKind}) to ${to} on case ${data.caseId} could not be delivered. ${why} Please check the contact details and get in touch another way.`,
        }),
      },
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
}

// ---- review cycle step failed for good --------------------------------------------------------

export const workflowFailedSchema = z.strictObject({
  caseId,
  /** The phase the case is paused at and can be resumed from, as the case records it (`draft-plan`). */
  phase: z
    .string()
    .max(64)
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code'),
  failedOn: isoDate,
  error: errorName,
  caseLink: link.optional(),
});
export type WorkflowFailedData = z.infer<typeof workflowFailedSchema>;

/** The review cycle's phases as a coordinator calls them; the workflow owns the codes. */
const PHASE_NAMES: Readonly<Record<string, Words>> = {
  'request-assessment': {
    lv: 'Vajadzību izvērtēšanas pieprasīšana',
    ru: 'Запрос оценки потребностей',
    en: 'Requesting the needs assessment',
  },
  'compute-budget': { lv: 'Budžeta aprēķināšana', ru: 'Расчёт бюджета', en: 'Computing the budget' },
  'request-ranking': {
    lv: 'Vecāku prioritāšu pieprasīšana',
    ru: 'Запрос приоритетов родителей',
    en: 'Asking the parents to rank services',
  },
  'draft-plan': {
    lv: 'Atbalsta plāna sagatavošana',
    ru: 'Составление плана поддержки',
    en: 'Drafting the support plan',
  },
  'await-approval': { lv: 'Plāna apstiprināšana', ru: 'Утверждение плана', en: 'Plan approval' },
  activate: { lv: 'Plāna stāšanās spēkā', ru: 'Вступление плана в силу', en: 'Putting the plan into effect' },
  active: { lv: 'Plāna darbības periods', ru: 'Период действия плана', en: 'Plan period under way' },
  'review-due': { lv: 'Plāna pārskatīšana', ru: 'Пересмотр плана', en: 'Plan review' },
  'close-cycle': { lv: 'Cikla noslēgšana', ru: 'Завершение цикла', en: 'Closing the cycle' },
};

/**
 * A review cycle phase in the reader's language; a code with no name yet is shown as it is.
 * @example phaseName('await-approval', 'lv') // 'Plāna apstiprināšana'
 */
export function phaseName(phase: string, language: Language): string {
  const words = Object.hasOwn(PHASE_NAMES, phase) ? PHASE_NAMES[phase] : undefined;
  return words === undefined ? phase : pick(language, words);
}

/**
 * Tells the coordinator that a step of a case's review cycle failed for good, after its retries:
 * the cycle is paused at a phase, nothing is lost, and it can be resumed from the case page once
 * the case data is checked. It carries the error's name only, never a message or a stack trace.
 * @example
 * renderWorkflowFailed({ caseId: 'c-17', phase: 'draft-plan', failedOn: '2024-03-20', error: 'CaseDataError' }, { ...context, language: 'en' })
 *   .subject // 'Support cycle paused: case c-17, Drafting the support plan'
 */
export function renderWorkflowFailed(data: WorkflowFailedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const phase = phaseName(data.phase, language);
  const on = formatDate(data.failedOn, language);
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Atbalsta cikls apturēts: lieta ${data.caseId}, ${phase}`,
      ru: `Цикл поддержки приостановлен: дело ${data.caseId}, ${phase}`,
      en: `Support cycle paused: case ${data.caseId}, ${phase}`,
    }),
    heading: pick(language, {
      lv: 'Atbalsta cikls ir apturēts',
      ru: 'Цикл поддержки приостановлен',
      en: 'The support cycle is paused',
    }),
    blocks: [
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: `Lietas ${data.caseId} atbalsta cikla solis ${on} neizdevās arī pēc vairākiem automātiskiem mēģinājumiem, tāpēc cikls ir apturēts posmā “${phase}”.`,
          ru: `Шаг цикла поддержки по делу ${data.caseId} не удалось выполнить ${on} даже после нескольких автоматических повторных попыток, поэтому цикл приостановлен на этапе «${phase}».`,
          en: `On ${on} a step of the support cycle for case ${data.caseId} failed, even after several automatic retries, so the cycle is paused at “${phase}”.`,
        }),
      },
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: 'Nekas nav zudis: lieta un viss līdz šim ierakstītais ir saglabāts.',
          ru: 'Ничего не потеряно: дело и всё, что было внесено до сих пор, сохранено.',
          en: 'Nothing was lost: the case and everything recorded so far are saved.',
        }),
      },
      {
        kind: 'facts',
        caption: pick(language, { lv: 'Apturētais cikls', ru: 'Приостановленный цикл', en: 'Paused cycle' }),
        rows: [
          [caseWord(context), data.caseId],
          [pick(language, { lv: 'Posms', ru: 'Этап', en: 'Phase' }), phase],
          [pick(language, { lv: 'Kļūmes datums', ru: 'Дата сбоя', en: 'Failed on' }), on],
          [errorWord(context), data.error],
        ],
      },
      { kind: 'heading', text: pick(language, { lv: 'Kas jādara', ru: 'Что сделать', en: 'What to do' }) },
      {
        kind: 'list',
        items: [
          pick(language, {
            lv: 'Pārbaudiet lietas datus un izlabojiet to, kas trūkst vai nesakrīt.',
            ru: 'Проверьте данные дела и исправьте то, чего не хватает или что не сходится.',
            en: 'Check the case data and correct anything missing or inconsistent.',
          }),
          pick(language, {
            lv: 'Lietas lapā atsāciet ciklu: tas turpināsies no posma, kurā apstājās.',
            ru: 'На странице дела возобновите цикл: он продолжится с этапа, на котором остановился.',
            en: 'Resume the cycle from the case page: it continues at the phase where it stopped.',
          }),
          pick(language, {
            lv: 'Ja cikls apstājas atkārtoti, pārsūtiet šo vēstuli sistēmas tehniskajam atbalstam.',
            ru: 'Если цикл снова остановится, перешлите это письмо в техническую поддержку системы.',
            en: 'If the cycle stops again, forward this email to the system’s technical support.',
          }),
        ],
      },
      ...caseLinkBlock(context, data.caseLink),
    ],
    footer: footerLines(context, 'staff'),
  });
}
