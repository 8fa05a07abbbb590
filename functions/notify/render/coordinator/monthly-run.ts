/** What the monthly run tells coordinators: timesheets still missing, and its summary of anomalies. */
import { z } from 'zod';
import {
  BUDGET_FIGURE_NAMES,
  caseId,
  cents,
  formatDate,
  formatEuro,
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
import { caseWord, errorName, errorWord, staffEmail } from './common.ts';

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
  return staffEmail(context, {
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
  return staffEmail(context, {
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
  });
}
