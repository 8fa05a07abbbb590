/**
 * Emails to assistants: the hours granted when a plan they work on takes effect, the reminder to
 * submit last month's timesheet, and the pay statement (paid hours by day and activity, rejected
 * hours with the reason, the amount). The statement is the settlement's own figures; nothing is
 * recomputed here. An assistant is told the case id and hours, never the child's name or health.
 *
 * @example
 * renderPayStatement(payStatementDataOf(statement, 'a-1', activities), context).subject
 *   // 'Atalgojuma pārskats par 2024. gada marts: EUR 245,28'
 */
import { z } from 'zod';
import { assistantPartOf } from '../../domain/settlement/assistant-part.ts';
import {
  type HourStatement,
  REJECTION_REASONS,
  type RejectionReason,
} from '../../domain/settlement/types.ts';
import { catalogueOf } from '../../i18n/catalogue.ts';
import type { Language } from '../../i18n/languages.ts';
import {
  caseId,
  cents,
  footerLines,
  formatDate,
  formatEuro,
  formatMinutes,
  formatMonth,
  formatPeriod,
  greeting,
  isoDate,
  label,
  labelIn,
  link,
  minutes,
  pick,
  type RenderContext,
  yearMonth,
} from './format.ts';
import { type Block, composeEmail, type RenderedEmail } from './layout.ts';

// ---- assignment started ---------------------------------------------------------------------

export const assistantAssignmentStartedSchema = z.strictObject({
  caseId,
  period: z.strictObject({ start: isoDate, end: isoDate }),
  /** The assistant hours the plan grants, per month or per week, in whole minutes. */
  grant: z.strictObject({ basis: z.enum(['month', 'week']), minutes: z.number().int().positive() }),
  timesheetLink: link.optional(),
});
export type AssistantAssignmentStartedData = z.infer<typeof assistantAssignmentStartedSchema>;

/**
 * Tells an assistant that the support plan of a case they work on is in force: the period, the
 * hours granted per month or week, that timesheets are due monthly and that hours above the
 * grant cannot be paid. It names the case by its id only.
 * @example
 * renderAssistantAssignmentStarted({ caseId: 'c-17', period: { start: '2024-04-01', end: '2024-09-30' }, grant: { basis: 'month', minutes: 4800 } }, { ...context, language: 'en' })
 *   .subject // 'Assistant hours: 80 h per month from 1 April 2024'
 */
export function renderAssistantAssignmentStarted(
  data: AssistantAssignmentStartedData,
  context: RenderContext,
): RenderedEmail {
  const { language } = context;
  const start = formatDate(data.period.start, language);
  const end = formatDate(data.period.end, language);
  const hours = formatMinutes(data.grant.minutes, language);
  const per = pick(
    language,
    {
      month: { lv: 'mēnesī', ru: 'в месяц', en: 'per month' },
      week: { lv: 'nedēļā', ru: 'в неделю', en: 'per week' },
    }[data.grant.basis],
  );
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(language) },
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `No ${start} līdz ${end} ir spēkā atbalsta plāns lietā ${data.caseId}, kurā strādājat kā asistents. Plāns jūsu darbam piešķir ${hours} ${per}.`,
        ru: `С ${start} по ${end} действует план поддержки по делу ${data.caseId}, по которому вы работаете ассистентом. План предоставляет для вашей работы ${hours} ${per}.`,
        en: `The support plan of case ${data.caseId}, on which you work as an assistant, is in force from ${start} to ${end}. It grants ${hours} ${per} for your work.`,
      }),
    },
    {
      kind: 'facts',
      caption: pick(language, { lv: 'Piešķirtās stundas', ru: 'Предоставленные часы', en: 'Hours granted' }),
      rows: [
        [pick(language, { lv: 'Lieta', ru: 'Дело', en: 'Case' }), data.caseId],
        [pick(language, { lv: 'Periods', ru: 'Период', en: 'Period' }), formatPeriod(data.period, language)],
        [
          pick(
            language,
            {
              month: { lv: 'Stundas mēnesī', ru: 'Часов в месяц', en: 'Hours per month' },
              week: { lv: 'Stundas nedēļā', ru: 'Часов в неделю', en: 'Hours per week' },
            }[data.grant.basis],
          ),
          hours,
        ],
      ],
    },
    {
      kind: 'list',
      items: [
        pick(language, {
          lv: 'Uzskaites lapu iesniedziet katru mēnesi par iepriekšējo mēnesi; mēs jums atgādināsim termiņu.',
          ru: 'Подавайте табель каждый месяц за предыдущий месяц; мы напомним вам о сроке.',
          en: 'Submit your timesheet every month for the month before; we will remind you of the deadline.',
        }),
        pick(language, {
          lv: `Stundas virs piešķirtajām (${hours} ${per}) apmaksāt nevar.`,
          ru: `Часы сверх предоставленных (${hours} ${per}) не могут быть оплачены.`,
          en: `Hours above the grant (${hours} ${per}) cannot be paid.`,
        }),
        pick(language, {
          lv: 'Apmaksājam tikai stundas, ko pakalpojuma saņēmējs vai viņa pārstāvis ir apstiprinājis.',
          ru: 'Оплачиваются только часы, подтверждённые получателем услуги или его представителем.',
          en: 'Only hours confirmed by the recipient or their representative are paid.',
        }),
      ],
    },
  ];
  if (data.timesheetLink !== undefined) {
    blocks.push({
      kind: 'action',
      url: data.timesheetLink,
      text: pick(language, {
        lv: 'Atvērt uzskaites lapas',
        ru: 'Открыть табели',
        en: 'Open your timesheets',
      }),
    });
  }
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Asistenta stundas: ${hours} ${per} no ${start}`,
      ru: `Часы ассистента: ${hours} ${per} с ${start}`,
      en: `Assistant hours: ${hours} ${per} from ${start}`,
    }),
    heading: pick(language, {
      lv: 'Jūsu piešķirtās asistenta stundas',
      ru: 'Предоставленные вам часы ассистента',
      en: 'Your granted assistant hours',
    }),
    blocks,
    footer: footerLines(context, 'client'),
  });
}

// ---- timesheet reminder -----------------------------------------------------------------------

export const timesheetReminderSchema = z.strictObject({
  month: yearMonth,
  deadline: isoDate,
  /** The case the timesheet is for: its id, which the assistant submits against (never the child's name). */
  caseId,
  timesheetLink: link.optional(),
});
export type TimesheetReminderData = z.infer<typeof timesheetReminderSchema>;

/**
 * Reminds an assistant to submit the past month's timesheet of one case, with the recipient's confirmations.
 * @example renderTimesheetReminder({ month: '2024-03', deadline: '2024-04-05', caseId: 'c-17' }, context)
 */
export function renderTimesheetReminder(data: TimesheetReminderData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  const deadline = formatDate(data.deadline, language);
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(language) },
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `Lūdzu, līdz ${deadline} iesniedziet uzskaites lapu par ${monthFor} lietā ${data.caseId}. Apmaksājam tikai stundas, ko pakalpojuma saņēmējs vai viņa pārstāvis ir apstiprinājis.`,
        ru: `Пожалуйста, подайте табель учёта за ${month} по делу ${data.caseId} до ${deadline}. Оплачиваются только часы, подтверждённые получателем услуги или его представителем.`,
        en: `Please submit your timesheet for ${month} for case ${data.caseId} by ${deadline}. Only hours confirmed by the recipient or their representative are paid.`,
      }),
    },
  ];
  if (data.timesheetLink !== undefined) {
    blocks.push({
      kind: 'action',
      url: data.timesheetLink,
      text: pick(language, {
        lv: 'Iesniegt uzskaites lapu',
        ru: 'Подать табель',
        en: 'Submit the timesheet',
      }),
    });
  }
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Atgādinājums: uzskaites lapa par ${monthFor}, lieta ${data.caseId}, līdz ${deadline}`,
      ru: `Напоминание: табель за ${month}, дело ${data.caseId}, до ${deadline}`,
      en: `Reminder: timesheet for ${month}, case ${data.caseId}, due ${deadline}`,
    }),
    heading: pick(language, {
      lv: 'Laiks iesniegt uzskaites lapu',
      ru: 'Пора подать табель',
      en: 'Time to submit your timesheet',
    }),
    blocks,
    footer: footerLines(context, 'client'),
  });
}

// ---- pay statement ----------------------------------------------------------------------------

/** Why hours were not paid, in the words the pages use too (functions/i18n); the settlement's codes stay internal. */
const reasonIn = (reason: RejectionReason, language: Language) => catalogueOf(language).rejections[reason];

export const payStatementSchema = z.strictObject({
  month: yearMonth,
  paid: z.array(
    z.strictObject({ date: isoDate, activity: label, minutes, amountCents: cents.nonnegative() }),
  ),
  rejected: z.array(
    z.strictObject({ date: isoDate, activity: label, minutes, reason: z.enum(REJECTION_REASONS) }),
  ),
  paidMinutes: minutes,
  amountCents: cents.nonnegative(),
  centsPerHour: cents.positive().optional(),
});
export type PayStatementData = z.infer<typeof payStatementSchema>;

/**
 * An assistant's pay for a month: paid hours by day and activity, rejected hours with the reason, the amount.
 * @example renderPayStatement({ month: '2024-03', paid, rejected: [], paidMinutes: 2880, amountCents: 24528 }, context)
 */
export function renderPayStatement(data: PayStatementData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  const dateColumn = { label: pick(language, { lv: 'Datums', ru: 'Дата', en: 'Date' }) };
  const activityColumn = {
    label: pick(language, { lv: 'Pasākums', ru: 'Вид деятельности', en: 'Activity' }),
  };
  const hoursColumn = { label: pick(language, { lv: 'Stundas', ru: 'Часы', en: 'Hours' }), numeric: true };
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(language) },
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `Šis ir jūsu atalgojuma pārskats par ${monthFor}.`,
        ru: `Это ваш отчёт об оплате за ${month} — подробности ниже.`,
        en: `This is your pay statement for ${month}.`,
      }),
    },
    {
      kind: 'facts',
      caption: pick(language, { lv: 'Kopsavilkums', ru: 'Итоги', en: 'Summary' }),
      rows: [
        [
          pick(language, { lv: 'Apmaksātās stundas', ru: 'Оплаченные часы', en: 'Hours paid' }),
          formatMinutes(data.paidMinutes, language),
        ],
        ...(data.centsPerHour === undefined
          ? []
          : [
              [
                pick(language, { lv: 'Stundas likme', ru: 'Почасовая ставка', en: 'Hourly rate' }),
                formatEuro(data.centsPerHour, language),
              ] as const,
            ]),
        [
          pick(language, {
            lv: 'Summa (ar nodokļiem)',
            ru: 'Сумма (с налогами)',
            en: 'Amount (taxes included)',
          }),
          formatEuro(data.amountCents, language),
        ],
      ],
    },
    data.paid.length === 0
      ? {
          kind: 'paragraph',
          text: pick(language, {
            lv: 'Šajā mēnesī apmaksātu stundu nav.',
            ru: 'В этом месяце оплаченных часов нет.',
            en: 'No hours were paid this month.',
          }),
        }
      : {
          kind: 'table',
          caption: pick(language, {
            lv: 'Apmaksātās stundas pa dienām',
            ru: 'Оплаченные часы по дням',
            en: 'Hours paid by day',
          }),
          columns: [
            dateColumn,
            activityColumn,
            hoursColumn,
            { label: pick(language, { lv: 'Summa', ru: 'Сумма', en: 'Amount' }), numeric: true },
          ],
          rows: data.paid.map((line) => [
            formatDate(line.date, language),
            labelIn(line.activity, language),
            formatMinutes(line.minutes, language),
            formatEuro(line.amountCents, language),
          ]),
          total: [
            pick(language, { lv: 'Kopā', ru: 'Итого', en: 'Total' }),
            '',
            formatMinutes(data.paidMinutes, language),
            formatEuro(data.amountCents, language),
          ],
        },
  ];
  if (data.rejected.length > 0) {
    blocks.push(
      {
        kind: 'table',
        caption: pick(language, {
          lv: 'Neapmaksātās stundas',
          ru: 'Неоплаченные часы',
          en: 'Hours not paid',
        }),
        columns: [
          dateColumn,
          activityColumn,
          hoursColumn,
          { label: pick(language, { lv: 'Iemesls', ru: 'Причина', en: 'Reason' }) },
        ],
        rows: data.rejected.map((line) => [
          formatDate(line.date, language),
          labelIn(line.activity, language),
          formatMinutes(line.minutes, language),
          reasonIn(line.reason, language),
        ]),
      },
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: 'Ja uzskatāt, ka stundas noraidītas kļūdaini, atbildiet uz šo vēstuli.',
          ru: 'Если вы считаете, что часы отклонены по ошибке, ответьте на это письмо.',
          en: 'If you think hours were rejected by mistake, reply to this email.',
        }),
      },
    );
  }
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Atalgojuma pārskats par ${monthFor}: ${formatEuro(data.amountCents, language)}`,
      ru: `Отчёт об оплате за ${month}: ${formatEuro(data.amountCents, language)}`,
      en: `Pay statement for ${month}: ${formatEuro(data.amountCents, language)}`,
    }),
    heading: pick(language, { lv: `Atalgojums: ${month}`, ru: `Оплата: ${month}`, en: `Pay: ${month}` }),
    blocks,
    footer: footerLines(context, 'client'),
  });
}

/**
 * One assistant's part of a settled month, in the shape the pay statement renders. Activity
 * names come from policy (the caller passes the policy's activities); an unknown code is shown
 * as it is.
 * @example payStatementDataOf(settleHours(month), 'a-1', policy.activities).amountCents
 */
export function payStatementDataOf(
  statement: HourStatement,
  assistantId: string,
  activities: readonly { code: string; name: { lv: string; en: string; ru?: string } }[],
): PayStatementData {
  const names = new Map(activities.map((activity) => [activity.code, activity.name]));
  const activityLabel = (code: string) => names.get(code) ?? { lv: code, en: code };
  const part = assistantPartOf(statement, assistantId);
  return {
    month: statement.month,
    paid: part.lines.map((line) => ({
      date: line.date,
      activity: activityLabel(line.activity),
      minutes: line.minutes,
      amountCents: line.amountCents,
    })),
    rejected: part.rejected.map((entry) => ({
      date: entry.date,
      activity: activityLabel(entry.activity),
      minutes: entry.minutes,
      reason: entry.reason,
    })),
    paidMinutes: part.paidMinutes,
    amountCents: part.amountCents,
    ...(part.centsPerHour !== undefined && { centsPerHour: part.centsPerHour }),
  };
}
