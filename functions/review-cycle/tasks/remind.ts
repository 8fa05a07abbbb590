/**
 * The task of the reminder states (RemindAssessment, RankingNotReceived, RemindApproval,
 * ReviewDue; `cycle-remind`): the reminder email, and from the second assessment reminder the
 * supervisors' escalation.
 */

import { addDays, daysBetween, type IsoDate } from '../../domain/calendar.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import { deadlineAfter } from '../../domain/working-days.ts';
import type { StepContext } from '../../step-context.ts';
import type { OutboxDraft } from '../../store/entities.ts';
import { CycleDataError, caseLink, enterPhase, openCaseInCycle, todayOf } from '../case-context.ts';
import { type PeriodWaits, periodWaits } from '../waits.ts';
import { approvalData, type CycleRef, cycleScope, notify, refOf } from './shared.ts';

// ---- reminders and timeouts -----------------------------------------------------------------------

export type RemindKind = 'assessment' | 'ranking' | 'approval' | 'review-due';

/**
 * What happens when a callback times out: a reminder (escalated to the supervisors after the
 * policy's number of reminders), the parents' ranking given up on, or the review falling due.
 * Returns the reminders sent so far, or for `review-due` the waits of the rest of the period.
 */
export async function remind(
  context: StepContext,
  event: CycleRef & { kind: RemindKind; sent: number; startedOn: IsoDate },
): Promise<number | PeriodWaits> {
  const ref = refOf(event);
  const current = await openCaseInCycle(context, ref, event.cycle);
  const today = todayOf(context);
  const timing = workflowRulesOn(today).cycle;
  const coordinator = { role: 'coordinator' as const, id: current.coordinatorId };
  const link = caseLink(context, ref);
  if (event.kind === 'assessment') {
    const reminder = event.sent + 1;
    const dueDate = deadlineAfter(event.startedOn, timing.assessmentReminderDays);
    const daysOverdue = Math.max(1, daysBetween(dueDate, today));
    const drafts: OutboxDraft[] = [
      {
        kind: 'assessment-overdue',
        scope: cycleScope(event.cycle, 'reminder', reminder),
        recipient: coordinator,
        data: { caseId: current.caseId, dueDate, daysOverdue, reminder, caseLink: link },
      },
    ];
    if (reminder >= timing.remindersBeforeEscalation) {
      for (const supervisor of context.config.supervisors[ref.municipality] ?? []) {
        drafts.push({
          kind: 'assessment-escalated',
          scope: cycleScope(event.cycle, 'escalation', reminder),
          recipient: { role: 'supervisor', id: supervisor },
          data: { caseId: current.caseId, dueDate, daysOverdue, remindersSent: reminder, caseLink: link },
        });
      }
    }
    await notify(context, ref, drafts, 'assessment-reminded');
    return reminder;
  }
  if (event.kind === 'ranking') {
    await notify(
      context,
      ref,
      [
        {
          kind: 'ranking-not-received',
          scope: cycleScope(event.cycle),
          recipient: coordinator,
          data: {
            caseId: current.caseId,
            requestedOn: addDays(today, -timing.rankingDays),
            deadline: today,
            caseLink: link,
          },
        },
      ],
      'ranking-not-received',
    );
    return 0;
  }
  if (event.kind === 'approval') {
    const reminder = event.sent + 1;
    const latest = (await context.store.cycles.contents(ref, event.cycle)).plans.at(-1);
    if (latest) {
      await notify(
        context,
        ref,
        [
          {
            kind: 'plan-awaiting-approval',
            scope: cycleScope(event.cycle, 'rev', latest.revision, 'reminder', reminder),
            recipient: coordinator,
            data: { ...approvalData(context, current, latest), reminder },
          },
        ],
        'approval-reminded',
      );
    }
    return reminder;
  }
  // The review falls due: the coordinator is told; the cycle waits for the period's end.
  if (!current.period || !current.reviewDue) throw new CycleDataError(ref, 'the case has no active period');
  const updated = await enterPhase(context, ref, 'review-due');
  await notify(
    context,
    ref,
    [
      {
        kind: 'review-due',
        scope: cycleScope(event.cycle),
        recipient: coordinator,
        data: { caseId: updated.caseId, periodEnd: current.period.end, caseLink: link },
      },
    ],
    'review-due',
  );
  return periodWaits(context.clock.now(), current.reviewDue, current.period.end);
}
