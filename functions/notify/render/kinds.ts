/**
 * Every notification kind: who receives it, the schema of its data and its render function. The
 * sender looks an outbox item's `kind` up here, checks its data against the schema (a bad item
 * fails loudly instead of sending a broken email) and renders it in the recipient's language.
 *
 * @example
 * const email = renderNotification('timesheet-reminder', { month: '2024-03', deadline: '2024-04-05', caseId: 'c-17' },
 *   { language: 'ru', organisation: 'Rīgas Sociālais dienests' });
 * email.subject // 'Напоминание: табель за март 2024 г. до 05.04.2024'
 */
import type { z } from 'zod';
import { formatPath, InputError } from '../../domain/errors.ts';
import {
  assistantAssignmentStartedSchema,
  payStatementSchema,
  renderAssistantAssignmentStarted,
  renderPayStatement,
  renderTimesheetReminder,
  timesheetReminderSchema,
} from './assistant.ts';
import {
  assessmentDueSchema,
  assessmentEscalatedSchema,
  assessmentOverdueSchema,
  renderAssessmentDue,
  renderAssessmentEscalated,
  renderAssessmentOverdue,
} from './coordinator/assessment.ts';
import {
  deliveryFailedSchema,
  renderDeliveryFailed,
  renderWorkflowFailed,
  workflowFailedSchema,
} from './coordinator/failures.ts';
import {
  monthlyAnomaliesSchema,
  renderMonthlyAnomalies,
  renderTimesheetsMissing,
  timesheetsMissingSchema,
} from './coordinator/monthly-run.ts';
import {
  consentRefusedSchema,
  hoursDisputedSchema,
  renderConsentRefused,
  renderHoursDisputed,
} from './coordinator/parents-refusals.ts';
import { planAwaitingApprovalSchema, renderPlanAwaitingApproval } from './coordinator/plan-approval.ts';
import {
  rankingNotReceivedSchema,
  rankingReceivedSchema,
  renderRankingNotReceived,
  renderRankingReceived,
} from './coordinator/ranking.ts';
import {
  grantEndingSchema,
  renderGrantEnding,
  renderReviewDue,
  reviewDueSchema,
} from './coordinator/review-and-grant-ends.ts';
import type { RenderContext } from './format.ts';
import type { RenderedEmail } from './layout.ts';
import {
  hoursToConfirmSchema,
  parentStatementSchema,
  planActivatedSchema,
  planReadyForConsentSchema,
  rankingRequestedSchema,
  renderHoursToConfirm,
  renderParentStatement,
  renderPlanActivated,
  renderPlanReadyForConsent,
  renderRankingRequested,
} from './parent.ts';

export type RecipientRole = 'coordinator' | 'supervisor' | 'legal-representative' | 'assistant';

interface KindDefinition<T> {
  recipient: RecipientRole;
  schema: z.ZodType<T>;
  render: (data: T, context: RenderContext) => RenderedEmail;
}

const kind = <T>(
  recipient: RecipientRole,
  schema: z.ZodType<T>,
  render: KindDefinition<T>['render'],
): KindDefinition<T> => ({
  recipient,
  schema,
  render,
});

/** The kinds, by the code an outbox item carries. */
export const NOTIFICATION_KINDS = {
  'assessment-due': kind('coordinator', assessmentDueSchema, renderAssessmentDue),
  'assessment-overdue': kind('coordinator', assessmentOverdueSchema, renderAssessmentOverdue),
  'assessment-escalated': kind('supervisor', assessmentEscalatedSchema, renderAssessmentEscalated),
  'ranking-received': kind('coordinator', rankingReceivedSchema, renderRankingReceived),
  'ranking-not-received': kind('coordinator', rankingNotReceivedSchema, renderRankingNotReceived),
  'plan-awaiting-approval': kind('coordinator', planAwaitingApprovalSchema, renderPlanAwaitingApproval),
  'consent-refused': kind('coordinator', consentRefusedSchema, renderConsentRefused),
  'hours-disputed': kind('coordinator', hoursDisputedSchema, renderHoursDisputed),
  'review-due': kind('coordinator', reviewDueSchema, renderReviewDue),
  'grant-ending': kind('coordinator', grantEndingSchema, renderGrantEnding),
  'timesheets-missing': kind('coordinator', timesheetsMissingSchema, renderTimesheetsMissing),
  'monthly-anomalies': kind('coordinator', monthlyAnomaliesSchema, renderMonthlyAnomalies),
  'delivery-failed': kind('coordinator', deliveryFailedSchema, renderDeliveryFailed),
  'workflow-failed': kind('coordinator', workflowFailedSchema, renderWorkflowFailed),
  'ranking-requested': kind('legal-representative', rankingRequestedSchema, renderRankingRequested),
  'plan-ready-for-consent': kind(
    'legal-representative',
    planReadyForConsentSchema,
    renderPlanReadyForConsent,
  ),
  'plan-activated': kind('legal-representative', planActivatedSchema, renderPlanActivated),
  'monthly-statement': kind('legal-representative', parentStatementSchema, renderParentStatement),
  'hours-to-confirm': kind('legal-representative', hoursToConfirmSchema, renderHoursToConfirm),
  'assistant-assignment-started': kind(
    'assistant',
    assistantAssignmentStartedSchema,
    renderAssistantAssignmentStarted,
  ),
  'timesheet-reminder': kind('assistant', timesheetReminderSchema, renderTimesheetReminder),
  'pay-statement': kind('assistant', payStatementSchema, renderPayStatement),
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
/** The data each kind renders from. */
export type NotificationData<K extends NotificationKind> = z.infer<(typeof NOTIFICATION_KINDS)[K]['schema']>;

export function isNotificationKind(code: string): code is NotificationKind {
  return Object.hasOwn(NOTIFICATION_KINDS, code);
}

/** A kind no renderer knows: the item cannot be sent until code for it exists. */
export class UnknownNotificationKind extends Error {
  constructor(readonly kind: string) {
    super(`no renderer for notification kind ${kind}`);
    this.name = 'UnknownNotificationKind';
  }
}

/**
 * Check a notification's data against its kind and render it. Throws {@link InputError} naming
 * the bad fields (never their values) or {@link UnknownNotificationKind}.
 * @example renderNotification('review-due', { caseId: 'c-17', periodEnd: '2024-08-31' }, context).text
 */
export function renderNotification(code: string, data: unknown, context: RenderContext): RenderedEmail {
  if (!isNotificationKind(code)) throw new UnknownNotificationKind(code);
  const definition = NOTIFICATION_KINDS[code] as KindDefinition<unknown>;
  const parsed = definition.schema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((issue) => ({
        path: formatPath([code, ...issue.path]),
        message: issue.message,
      })),
    );
  }
  return definition.render(parsed.data, context);
}
