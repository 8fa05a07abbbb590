/** A drafted support plan waits for the coordinator's approval (and the reminders while it waits). */
import { z } from 'zod';
import {
  caseId,
  cents,
  formatEuro,
  formatPeriod,
  isoDate,
  link,
  pick,
  type RenderContext,
} from '../format.ts';
import type { Block, RenderedEmail } from '../layout.ts';
import { caseWord, staffEmail } from './common.ts';

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
  return staffEmail(context, {
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
  });
}
