/**
 * Emails to parents (legal representatives). They say what was decided and paid and what the
 * parents are asked to do, with a link for each request. They carry no assessment scores,
 * diagnosis or other health detail: only services, hours and money.
 *
 * @example
 * renderPlanActivated(data, { language: 'lv', organisation: 'Rīgas Sociālais dienests' }).subject
 *   // 'Atbalsta plāns ir spēkā no 01.03.2024.'
 */
import { z } from 'zod';
import { SERVICE_UNITS, type ServiceUnit } from '../../domain/policy/schema.ts';
import { formatCount, formatPerMonth } from '../../i18n/format.ts';
import {
  BUDGET_FIGURE_NAMES,
  cents,
  footerLines,
  formatDate,
  formatEuro,
  formatMinutes,
  formatMonth,
  formatNumber,
  formatPeriod,
  greeting,
  isoDate,
  label,
  labelIn,
  link,
  minutes,
  nameOf,
  pick,
  type RenderContext,
  yearMonth,
} from './format.ts';
import { type Block, composeEmail, type RenderedEmail } from './layout.ts';

const period = z.strictObject({ start: isoDate, end: isoDate });
const unit = z.enum(SERVICE_UNITS);

const perMonth = (units: number, which: ServiceUnit, context: RenderContext) =>
  formatPerMonth(units, which, context.language);

// ---- request to rank --------------------------------------------------------------------------

export const rankingRequestedSchema = z.strictObject({
  /** The team's recommended services, in the team's order; the parents give their own. */
  services: z.array(label).min(1),
  deadline: isoDate,
  rankingLink: link,
});
export type RankingRequestedData = z.infer<typeof rankingRequestedSchema>;

/**
 * Asks the parents to put the recommended services in their order of importance.
 * @example renderRankingRequested({ services: [{ lv: 'Fizioterapija', en: 'Physiotherapy' }], deadline: '2024-03-15', rankingLink: 'https://atbalsts.example/r/abc' }, context)
 */
export function renderRankingRequested(data: RankingRequestedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const deadline = formatDate(data.deadline, language);
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Lūdzam sarindot ieteiktos pakalpojumus līdz ${deadline}`,
      ru: `Пожалуйста, расставьте приоритеты рекомендованных услуг до ${deadline}`,
      en: `Please rank the recommended services by ${deadline}`,
    }),
    heading: pick(language, {
      lv: 'Kuri pakalpojumi jūsu bērnam ir svarīgākie?',
      ru: 'Какие услуги важнее всего для вашего ребёнка?',
      en: 'Which services matter most for your child?',
    }),
    blocks: [
      { kind: 'paragraph', text: greeting(language) },
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: 'Izvērtēšanas komanda ir ieteikusi šos pakalpojumus. Lūdzu, sakārtojiet tos pēc tā, cik svarīgi tie ir jums un jūsu bērnam. Jūsu secība kopā ar komandas secību noteiks, kas tiks iekļauts atbalsta plānā.',
          ru: 'Команда специалистов рекомендовала эти услуги. Пожалуйста, расположите их по тому, насколько они важны для вас и вашего ребёнка. Ваш порядок вместе с порядком команды определит, что войдёт в план поддержки.',
          en: 'The assessment team has recommended these services. Please put them in the order that matters most to you and your child. Your order, together with the team’s, decides what goes into the support plan.',
        }),
      },
      {
        kind: 'heading',
        text: pick(language, {
          lv: 'Ieteiktie pakalpojumi',
          ru: 'Рекомендованные услуги',
          en: 'Recommended services',
        }),
      },
      { kind: 'list', items: data.services.map((service) => labelIn(service, language)) },
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: `Termiņš: ${deadline}`,
          ru: `Срок: ${deadline}.`,
          en: `Please answer by ${deadline}.`,
        }),
      },
      {
        kind: 'action',
        url: data.rankingLink,
        text: pick(language, {
          lv: 'Sarindot pakalpojumus',
          ru: 'Расставить приоритеты',
          en: 'Rank the services',
        }),
      },
    ],
    footer: footerLines(context, 'client'),
  });
}

// ---- plan ready for consent -------------------------------------------------------------------

export const planReadyForConsentSchema = z.strictObject({
  period,
  totalCents: cents.nonnegative(),
  services: z.number().int().nonnegative(),
  consentLink: link,
  respondBy: isoDate.optional(),
});
export type PlanReadyForConsentData = z.infer<typeof planReadyForConsentSchema>;

/**
 * The support plan is ready; the parents are asked to read it and consent.
 * @example renderPlanReadyForConsent({ period, totalCents: 287500, services: 4, consentLink: 'https://atbalsts.example/p/abc' }, context)
 */
export function renderPlanReadyForConsent(
  data: PlanReadyForConsentData,
  context: RenderContext,
): RenderedEmail {
  const { language } = context;
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(language) },
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: 'Jūsu bērna atbalsta plāns ir sagatavots. Lūdzu, izlasiet to un apstipriniet savu piekrišanu. Ja kaut kas neatbilst jūsu ģimenes vajadzībām, rakstiet mums pirms piekrišanas.',
        ru: 'План поддержки вашего ребёнка готов. Пожалуйста, прочитайте его и подтвердите своё согласие. Если что-то не подходит вашей семье, напишите нам до того, как дать согласие.',
        en: 'Your child’s support plan is ready. Please read it and give your consent. If anything does not suit your family, write to us before you consent.',
      }),
    },
    {
      kind: 'facts',
      caption: pick(language, { lv: 'Atbalsta plāns', ru: 'План поддержки', en: 'Support plan' }),
      rows: [
        [pick(language, { lv: 'Periods', ru: 'Период', en: 'Period' }), formatPeriod(data.period, language)],
        [pick(language, { lv: 'Pakalpojumi', ru: 'Услуги', en: 'Services' }), String(data.services)],
        [
          pick(language, { lv: 'Plāna summa', ru: 'Сумма плана', en: 'Plan total' }),
          formatEuro(data.totalCents, language),
        ],
      ],
    },
  ];
  if (data.respondBy !== undefined) {
    const by = formatDate(data.respondBy, language);
    blocks.push({
      kind: 'paragraph',
      text: pick(language, {
        lv: `Lūdzam atbildēt līdz ${by}`,
        ru: `Пожалуйста, ответьте до ${by}.`,
        en: `Please answer by ${by}.`,
      }),
    });
  }
  blocks.push({
    kind: 'action',
    url: data.consentLink,
    text: pick(language, {
      lv: 'Izlasīt plānu un piekrist',
      ru: 'Прочитать план и дать согласие',
      en: 'Read the plan and consent',
    }),
  });
  return composeEmail({
    language,
    subject: pick(language, {
      lv: 'Atbalsta plāns gatavs: lūdzam jūsu piekrišanu',
      ru: 'План поддержки готов: просим вашего согласия',
      en: 'Support plan ready: your consent is needed',
    }),
    heading: pick(language, {
      lv: 'Atbalsta plāns ir gatavs',
      ru: 'План поддержки готов',
      en: 'The support plan is ready',
    }),
    blocks,
    footer: footerLines(context, 'client'),
  });
}

// ---- plan activated ---------------------------------------------------------------------------

export const planActivatedSchema = z.strictObject({
  period,
  budgetCents: cents.nonnegative(),
  /** Planned: what the plan takes from the budget. */
  totalCents: cents.nonnegative(),
  /** Budget - planned (functions/domain/budget/figures.ts). */
  leftToPlanCents: cents,
  services: z
    .array(
      z.strictObject({
        service: label,
        unitsPerMonth: z.number().nonnegative(),
        unit,
        periodCents: cents.nonnegative(),
        provider: z.string().min(1).max(200).optional(),
      }),
    )
    .min(1),
  assistantHours: z.array(z.strictObject({ service: label, hoursPerMonth: z.number().nonnegative() })),
});
export type PlanActivatedData = z.infer<typeof planActivatedSchema>;

/**
 * The plan is in force: its services and intensities, the budget, and the assistant hours granted.
 * @example renderPlanActivated({ period, budgetCents: 300000, totalCents: 287500, leftToPlanCents: 12500, services, assistantHours }, context)
 */
export function renderPlanActivated(data: PlanActivatedData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const from = formatDate(data.period.start, language);
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(language) },
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `No ${from} līdz ${formatDate(data.period.end, language)} ir spēkā jūsu bērna atbalsta plāns. Zemāk ir pakalpojumi, to biežums un budžets.`,
        ru: `План поддержки вашего ребёнка действует в период ${formatPeriod(data.period, language)}. Ниже перечислены услуги, их частота и бюджет.`,
        en: `Your child’s support plan is in force for ${formatPeriod(data.period, language)}. Below are the services, how often they take place, and the budget.`,
      }),
    },
    {
      kind: 'table',
      caption: pick(language, { lv: 'Pakalpojumi plānā', ru: 'Услуги в плане', en: 'Services in the plan' }),
      columns: [
        { label: pick(language, { lv: 'Pakalpojums', ru: 'Услуга', en: 'Service' }) },
        { label: pick(language, { lv: 'Biežums', ru: 'Частота', en: 'How often' }) },
        { label: pick(language, { lv: 'Periodā', ru: 'За период', en: 'For the period' }), numeric: true },
      ],
      rows: data.services.map((line) => [
        line.provider === undefined
          ? labelIn(line.service, language)
          : `${labelIn(line.service, language)} (${line.provider})`,
        perMonth(line.unitsPerMonth, line.unit, context),
        formatEuro(line.periodCents, language),
      ]),
      total: [
        pick(language, { lv: 'Kopā', ru: 'Итого', en: 'Total' }),
        '',
        formatEuro(data.totalCents, language),
      ],
    },
    {
      kind: 'facts',
      caption: pick(language, { lv: 'Budžets', ru: 'Бюджет', en: 'Budget' }),
      rows: [
        [pick(language, BUDGET_FIGURE_NAMES.budget), formatEuro(data.budgetCents, language)],
        [pick(language, BUDGET_FIGURE_NAMES.planned), formatEuro(data.totalCents, language)],
        [pick(language, BUDGET_FIGURE_NAMES.leftToPlan), formatEuro(data.leftToPlanCents, language)],
      ],
    },
  ];
  if (data.assistantHours.length > 0) {
    blocks.push({
      kind: 'table',
      caption: pick(language, {
        lv: 'Piešķirtās asistenta stundas',
        ru: 'Предоставленные часы ассистента',
        en: 'Assistant hours granted',
      }),
      columns: [
        { label: pick(language, { lv: 'Pakalpojums', ru: 'Услуга', en: 'Service' }) },
        {
          label: pick(language, { lv: 'Stundas mēnesī', ru: 'Часов в месяц', en: 'Hours a month' }),
          numeric: true,
        },
      ],
      rows: data.assistantHours.map((grant) => [
        labelIn(grant.service, language),
        formatNumber(grant.hoursPerMonth, language),
      ]),
    });
  }
  blocks.push({
    kind: 'paragraph',
    text: pick(language, {
      lv: 'Ja bērnam slodze kļūst par lielu vai kaut kas mainās, lūdzu, pastāstiet sociālajam darbiniekam: plānu var pārskatīt jebkurā laikā.',
      ru: 'Если нагрузка становится слишком большой или что-то меняется, пожалуйста, сообщите социальному работнику: план можно пересмотреть в любое время.',
      en: 'If the load becomes too much for your child or something changes, please tell your social worker: the plan can be reviewed at any time.',
    }),
  });
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Atbalsta plāns ir spēkā no ${from}`,
      ru: `План поддержки действует с ${from}`,
      en: `Support plan in force from ${from}`,
    }),
    heading: pick(language, {
      lv: 'Atbalsta plāns ir spēkā',
      ru: 'План поддержки вступил в силу',
      en: 'The support plan is in force',
    }),
    blocks,
    footer: footerLines(context, 'client'),
  });
}

// ---- assistant's hours to confirm ------------------------------------------------------------

export const hoursToConfirmSchema = z.strictObject({
  month: yearMonth,
  /** The assistant whose month it is; the email names them from the case's contacts. */
  assistantId: z.string().min(1).max(64),
  entries: z.number().int().positive(),
  minutes,
  confirmLink: link,
  respondBy: isoDate.optional(),
});
export type HoursToConfirmData = z.infer<typeof hoursToConfirmSchema>;

/**
 * An assistant sent a month's hours: the parents are asked to confirm them (only confirmed hours
 * are paid) or say which they dispute.
 * @example renderHoursToConfirm({ month: '2024-03', assistantId: 'a-1', entries: 12, minutes: 2400, confirmLink }, context)
 */
export function renderHoursToConfirm(data: HoursToConfirmData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  const assistant = nameOf(context, data.assistantId);
  const total = formatMinutes(data.minutes, language);
  const blocks: Block[] = [
    { kind: 'paragraph', text: greeting(language) },
    {
      kind: 'paragraph',
      text: pick(language, {
        lv: `Asistents ${assistant} ir iesniedzis stundas par ${monthFor}: ${data.entries} ieraksti, kopā ${total}. Lūdzu, pārbaudiet katru dienu un apstipriniet stundas. Samaksāts tiks tikai par stundām, ko jūs apstiprināsiet; ja kāds ieraksts nav pareizs, atzīmējiet to un īsi uzrakstiet, kāpēc.`,
        ru: `Ассистент ${assistant} подал часы за ${month}: записей ${data.entries}, всего ${total}. Пожалуйста, проверьте каждый день и подтвердите часы. Оплачены будут только часы, которые вы подтвердите; если какая-то запись неверна, отметьте её и коротко напишите почему.`,
        en: `The assistant ${assistant} has sent the hours for ${month}: ${data.entries} entries, ${total} in all. Please check each day and confirm the hours. Only the hours you confirm are paid; if an entry is wrong, mark it and briefly say why.`,
      }),
    },
  ];
  if (data.respondBy !== undefined) {
    const by = formatDate(data.respondBy, language);
    blocks.push({
      kind: 'paragraph',
      text: pick(language, {
        lv: `Lūdzam atbildēt līdz ${by}, lai stundas tiktu samaksātas laikā.`,
        ru: `Пожалуйста, ответьте до ${by}, чтобы часы были оплачены вовремя.`,
        en: `Please answer by ${by} so the hours are paid on time.`,
      }),
    });
  }
  blocks.push({
    kind: 'action',
    url: data.confirmLink,
    text: pick(language, {
      lv: 'Pārbaudīt un apstiprināt stundas',
      ru: 'Проверить и подтвердить часы',
      en: 'Check and confirm the hours',
    }),
  });
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Lūdzam apstiprināt asistenta stundas par ${monthFor}`,
      ru: `Пожалуйста, подтвердите часы ассистента за ${month}`,
      en: `Please confirm the assistant’s hours for ${month}`,
    }),
    heading: pick(language, {
      lv: 'Apstipriniet asistenta stundas',
      ru: 'Подтвердите часы ассистента',
      en: 'Confirm the assistant’s hours',
    }),
    blocks,
    footer: footerLines(context, 'client'),
  });
}

// ---- monthly statement ------------------------------------------------------------------------

export const parentStatementSchema = z.strictObject({
  month: yearMonth,
  assistantMinutesPaid: minutes,
  assistantCents: cents.nonnegative(),
  services: z.array(
    z.strictObject({ service: label, units: z.number().nonnegative(), unit, paidCents: cents.nonnegative() }),
  ),
  /** The budget's standing after the month, each figure as functions/domain/budget/figures.ts defines it. */
  budget: z
    .strictObject({
      budgetCents: cents.nonnegative(),
      plannedCents: cents.nonnegative(),
      usedCents: cents.nonnegative(),
      leftToPlanCents: cents,
      leftToSpendCents: cents,
    })
    .refine((figures) => figures.leftToPlanCents === figures.budgetCents - figures.plannedCents, {
      path: ['leftToPlanCents'],
      message: 'must be budgetCents - plannedCents',
    })
    .refine((figures) => figures.leftToSpendCents === figures.plannedCents - figures.usedCents, {
      path: ['leftToSpendCents'],
      message: 'must be plannedCents - usedCents',
    }),
});
export type ParentStatementData = z.infer<typeof parentStatementSchema>;

/**
 * What was used and paid in a month, and what is left of the individual budget.
 * @example renderParentStatement({ month: '2024-03', assistantMinutesPaid: 4800, assistantCents: 24528, services, budget: budgetStanding({ budgetCents, plannedCents, usedCents }) }, context)
 */
export function renderParentStatement(data: ParentStatementData, context: RenderContext): RenderedEmail {
  const { language } = context;
  const month = formatMonth(data.month, language);
  const monthFor = formatMonth(data.month, language, 'par');
  const servicesTotal = data.services.reduce((sum, line) => sum + line.paidCents, 0);
  return composeEmail({
    language,
    subject: pick(language, {
      lv: `Mēneša pārskats par ${monthFor}`,
      ru: `Ежемесячный отчёт за ${month}`,
      en: `Monthly statement for ${month}`,
    }),
    heading: pick(language, { lv: `Pārskats: ${month}`, ru: `Отчёт: ${month}`, en: `Statement: ${month}` }),
    blocks: [
      { kind: 'paragraph', text: greeting(language) },
      {
        kind: 'paragraph',
        text: pick(language, {
          lv: `Šis ir jūsu bērna atbalsta pārskats par ${monthFor}: apmaksātās asistenta stundas, izmantotie pakalpojumi un tas, cik budžeta vēl var izmantot pēc plāna.`,
          ru: `Это отчёт о поддержке вашего ребёнка за ${month}: оплаченные часы ассистента, использованные услуги и то, сколько бюджета ещё можно использовать по плану.`,
          en: `This is your child’s support statement for ${month}: assistant hours paid, services used, and what the plan can still spend from the budget.`,
        }),
      },
      {
        kind: 'facts',
        caption: pick(language, {
          lv: 'Asistenta pakalpojums',
          ru: 'Услуга ассистента',
          en: 'Assistant service',
        }),
        rows: [
          [
            pick(language, { lv: 'Apmaksātās stundas', ru: 'Оплаченные часы', en: 'Hours paid' }),
            formatMinutes(data.assistantMinutesPaid, language),
          ],
          [
            pick(language, { lv: 'Summa', ru: 'Сумма', en: 'Amount' }),
            formatEuro(data.assistantCents, language),
          ],
        ],
      },
      data.services.length === 0
        ? {
            kind: 'paragraph',
            text: pick(language, {
              lv: 'Šajā mēnesī no budžeta netika apmaksāti pakalpojumi.',
              ru: 'В этом месяце услуги из бюджета не оплачивались.',
              en: 'No services were paid from the budget this month.',
            }),
          }
        : {
            kind: 'table',
            caption: pick(language, {
              lv: 'Izmantotie pakalpojumi',
              ru: 'Использованные услуги',
              en: 'Services used',
            }),
            columns: [
              { label: pick(language, { lv: 'Pakalpojums', ru: 'Услуга', en: 'Service' }) },
              { label: pick(language, { lv: 'Apjoms', ru: 'Объём', en: 'Used' }), numeric: true },
              { label: pick(language, { lv: 'Apmaksāts', ru: 'Оплачено', en: 'Paid' }), numeric: true },
            ],
            rows: data.services.map((line) => [
              labelIn(line.service, language),
              formatCount(line.units, line.unit, language),
              formatEuro(line.paidCents, language),
            ]),
            total: [
              pick(language, { lv: 'Kopā', ru: 'Итого', en: 'Total' }),
              '',
              formatEuro(servicesTotal, language),
            ],
          },
      {
        kind: 'facts',
        caption: pick(language, {
          lv: 'Individuālais budžets',
          ru: 'Индивидуальный бюджет',
          en: 'Individual budget',
        }),
        rows: [
          [pick(language, BUDGET_FIGURE_NAMES.budget), formatEuro(data.budget.budgetCents, language)],
          [pick(language, BUDGET_FIGURE_NAMES.planned), formatEuro(data.budget.plannedCents, language)],
          [pick(language, BUDGET_FIGURE_NAMES.used), formatEuro(data.budget.usedCents, language)],
          [
            pick(language, BUDGET_FIGURE_NAMES.leftToSpend),
            formatEuro(data.budget.leftToSpendCents, language),
          ],
          [pick(language, BUDGET_FIGURE_NAMES.leftToPlan), formatEuro(data.budget.leftToPlanCents, language)],
        ],
      },
    ],
    footer: footerLines(context, 'client'),
  });
}
