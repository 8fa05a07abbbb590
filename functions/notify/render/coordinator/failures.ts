/**
 * What failed for good and needs a person: an email that could not be delivered (the sender's own
 * alert) and a review cycle step that failed after its retries (the cycle is paused).
 */
import { z } from 'zod';
import { caseId, formatDate, isoDate, link, pick, type RenderContext, type Words } from '../format.ts';
import type { Language, RenderedEmail } from '../layout.ts';
import { caseWord, errorName, errorWord, staffEmail } from './common.ts';

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
  return staffEmail(
    context,
    {
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
      ],
    },
    data.caseLink,
  );
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
  return staffEmail(
    context,
    {
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
          caption: pick(language, {
            lv: 'Apturētais cikls',
            ru: 'Приостановленный цикл',
            en: 'Paused cycle',
          }),
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
      ],
    },
    data.caseLink,
  );
}
