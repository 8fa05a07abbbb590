/** Realistic data for every notification kind, used by the snapshots, the screenshots and the sender tests. */
import type { RenderContext } from '../functions/notify/render/format.ts';
import type { NotificationData, NotificationKind } from '../functions/notify/render/kinds.ts';
import type { Language } from '../functions/notify/render/layout.ts';

const physiotherapy = { lv: 'Fizioterapija', en: 'Physiotherapy', ru: 'Физиотерапия' };
const speech = { lv: 'Logopēds', en: 'Speech therapy', ru: 'Логопед' };
const music = { lv: 'Mūzikas terapija', en: 'Music therapy' };
const respite = { lv: 'Atelpas brīdis', en: 'Respite care', ru: 'Передышка' };
const assistant = { lv: 'Asistents', en: 'Assistant', ru: 'Ассистент' };
const education = { lv: 'Izglītība', en: 'Education', ru: 'Образование' };
const leisure = { lv: 'Brīvā laika pavadīšana', en: 'Leisure' };

const portal = 'https://atbalsts.example.lv';

export const sampleData: { [K in NotificationKind]: NotificationData<K> } = {
  'assessment-due': { caseId: 'c-17', dueDate: '2024-03-01', caseLink: `${portal}/cases/c-17` },
  'assessment-overdue': {
    caseId: 'c-17',
    dueDate: '2024-03-01',
    daysOverdue: 7,
    reminder: 1,
    escalationOn: '2024-03-22',
    caseLink: `${portal}/cases/c-17`,
  },
  'assessment-escalated': {
    caseId: 'c-17',
    dueDate: '2024-03-01',
    daysOverdue: 21,
    remindersSent: 2,
    caseLink: `${portal}/cases/c-17`,
  },
  'ranking-received': { caseId: 'c-17', receivedOn: '2024-03-08', services: [speech, physiotherapy, music] },
  'ranking-not-received': {
    caseId: 'c-17',
    requestedOn: '2024-03-01',
    deadline: '2024-03-15',
    caseLink: `${portal}/cases/c-17`,
  },
  'plan-awaiting-approval': {
    caseId: 'c-17',
    period: { start: '2024-04-01', end: '2024-09-30' },
    budgetCents: 300_000,
    totalCents: 287_550,
    unfundedServices: 1,
    warnings: 2,
    approvalLink: `${portal}/cases/c-17/plans/2`,
  },
  'consent-refused': {
    caseId: 'c-17',
    revision: 2,
    refusedOn: '2024-03-20',
    reason: 'Hipoterapija ir 60 km no mājām; mēs to nevaram apmeklēt.',
    caseLink: `${portal}/cases/c-17`,
  },
  'hours-disputed': {
    caseId: 'c-17',
    month: '2024-03',
    assistantId: 'a-1',
    lines: [
      { date: '2024-03-12', minutes: 210, activity: education, reason: 'Asistents tajā dienā nebija.' },
    ],
    caseLink: `${portal}/cases/c-17`,
  },
  'hours-to-confirm': {
    month: '2024-03',
    assistantId: 'a-1',
    entries: 12,
    minutes: 2_430,
    confirmLink: `${portal}/links/eyJoIjoiaG91cnMifQ.c2lnbmF0dXJl`,
    respondBy: '2024-04-07',
  },
  'review-due': { caseId: 'c-17', periodEnd: '2024-09-30', caseLink: `${portal}/cases/c-17` },
  'grant-ending': {
    caseId: 'c-17',
    service: 'assistant',
    grantEnds: '2024-06-30',
    caseLink: `${portal}/cases/c-17`,
  },
  'timesheets-missing': {
    month: '2024-03',
    deadline: '2024-04-05',
    missing: [
      { caseId: 'c-17', assistantId: 'a-1' },
      { caseId: 'c-23', assistantId: 'a-4' },
    ],
  },
  'monthly-anomalies': {
    month: '2024-03',
    casesSettled: 42,
    rejectedHours: [
      { caseId: 'c-17', minutes: 270, entries: 3 },
      { caseId: 'c-31', minutes: 60, entries: 1 },
    ],
    overCapClaims: [{ caseId: 'c-23', service: music, refusedCents: 4_500 }],
    budgetsRunningOut: [{ caseId: 'c-8', leftToSpendCents: 123_450, monthsLeft: 3 }],
    failedCases: [{ caseId: 'c-40', error: 'CaseDataError' }],
    runLink: `${portal}/runs/2024-03`,
  },
  'delivery-failed': {
    caseId: 'c-17',
    failedKind: 'monthly-statement',
    recipientRole: 'legal-representative',
    reason: 'address-rejected',
  },
  'workflow-failed': {
    caseId: 'c-17',
    phase: 'draft-plan',
    failedOn: '2024-03-20',
    error: 'CaseDataError',
    caseLink: `${portal}/cases/c-17`,
  },
  'ranking-requested': {
    services: [physiotherapy, speech, music, respite],
    deadline: '2024-03-15',
    rankingLink: `${portal}/r/7f3a9c`,
  },
  'plan-ready-for-consent': {
    period: { start: '2024-04-01', end: '2024-09-30' },
    totalCents: 287_550,
    services: 4,
    consentLink: `${portal}/p/7f3a9c`,
    respondBy: '2024-03-29',
  },
  'plan-activated': {
    period: { start: '2024-04-01', end: '2024-09-30' },
    budgetCents: 300_000,
    totalCents: 287_550,
    leftToPlanCents: 12_450,
    services: [
      {
        service: physiotherapy,
        unitsPerMonth: 8,
        unit: 'session',
        periodCents: 124_800,
        provider: 'Rehabilitācijas centrs “Saule”',
      },
      { service: speech, unitsPerMonth: 4, unit: 'session', periodCents: 72_000 },
      { service: music, unitsPerMonth: 2, unit: 'session', periodCents: 30_000 },
      { service: respite, unitsPerMonth: 1.5, unit: 'day', periodCents: 60_750 },
    ],
    assistantHours: [{ service: assistant, hoursPerMonth: 80 }],
  },
  'monthly-statement': {
    month: '2024-03',
    assistantMinutesPaid: 4_650,
    assistantCents: 39_603,
    services: [
      { service: physiotherapy, units: 8, unit: 'session', paidCents: 20_800 },
      { service: speech, units: 3, unit: 'session', paidCents: 9_000 },
    ],
    budget: {
      budgetCents: 300_000,
      plannedCents: 287_550,
      usedCents: 164_100,
      leftToPlanCents: 12_450,
      leftToSpendCents: 123_450,
    },
  },
  'assistant-assignment-started': {
    caseId: 'c-17',
    period: { start: '2024-04-01', end: '2024-09-30' },
    grant: { basis: 'month', minutes: 4_800 },
    timesheetLink: `${portal}/timesheets`,
  },
  'timesheet-reminder': {
    month: '2024-03',
    deadline: '2024-04-05',
    caseId: 'c-17',
    timesheetLink: `${portal}/timesheets/2024-03`,
  },
  'pay-statement': {
    month: '2024-03',
    paid: [
      { date: '2024-03-04', activity: education, minutes: 240, amountCents: 2_044 },
      { date: '2024-03-05', activity: education, minutes: 270, amountCents: 2_300 },
      { date: '2024-03-09', activity: leisure, minutes: 120, amountCents: 1_022 },
    ],
    rejected: [
      { date: '2024-03-06', activity: education, minutes: 180, reason: 'UNCONFIRMED' },
      { date: '2024-03-09', activity: leisure, minutes: 30, reason: 'DAY_CAP' },
    ],
    paidMinutes: 630,
    amountCents: 5_366,
    centsPerHour: 511,
  },
};

export function sampleContext(language: Language): RenderContext {
  return {
    language,
    organisation: 'Rīgas valstspilsētas pašvaldības Sociālais dienests',
    coordinator: { name: 'Marta Kalniņa', email: 'marta.kalnina@example.lv' },
    names: { 'a-1': 'Oksana Petrova', 'a-4': 'Jānis Ozols' },
  };
}
