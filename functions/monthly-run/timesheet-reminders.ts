/**
 * The timesheet reminders, started by a schedule on the policy's `timesheetReminderDay` (the
 * first of the month, Europe/Riga): every assistant of every case active in the month just ended
 * who has not submitted that month's timesheet for that case gets a `timesheet-reminder` with the
 * deadline and the case it is for (its id, the reference the assistant submits against; never the
 * child's name), decided once per case and month (the outbox id is
 * `timesheet-reminder:<month>:assistant:<id>` in the case's partition), so a second start decides
 * nothing new. Assistants are found by id in the case's person item; nothing else of it is used.
 *
 * @example
 * await sendTimesheetReminders(context, { scheduledAt: '2024-03-31T22:00:00Z' });
 * // { month: '2024-03', deadline: '2024-04-05', cases: 120, reminders: 150, created: 150, submitted: 30, failed: 0 }
 */
import { z } from 'zod';
import { rigaDateOf, type YearMonth } from '../domain/calendar.ts';
import { logEvent } from '../event-log.ts';
import type { StepContext } from '../step-context.ts';
import type { AuditNote } from '../store/audit.ts';
import type { CaseRef } from '../store/keys.ts';
import { yearMonthSchema } from '../store/keys.ts';
import { errorNameOf } from '../store/runs.ts';
import { settledMonthOf, settlementDaysOf } from './run-month.ts';

/** Cases read per page of the active-cases index, and decided at once within a page. */
const PAGE_SIZE = 100;
const CASES_IN_FLIGHT = 10;

export const timesheetRemindersEventSchema = z.strictObject({
  scheduledAt: z.iso.datetime({ offset: true }),
  /** An operator's re-run for another month; the month before the Riga date of scheduledAt when absent. */
  month: yearMonthSchema.optional(),
});
export type TimesheetRemindersEvent = z.infer<typeof timesheetRemindersEventSchema>;

export interface TimesheetRemindersResult {
  month: YearMonth;
  deadline: string;
  /** Active cases of the month. */
  cases: number;
  /** Reminders decided (one per assistant of each case still owing the month), counting those decided before. */
  reminders: number;
  /** Reminders new with this call. */
  created: number;
  /** Assistants not reminded because their timesheet of the month for the case is in. */
  submitted: number;
  /** Cases whose reminders could not be decided (logged by error name). */
  failed: number;
  /** True when a scheduled start came before the (moved) reminder day: nothing was decided. */
  notDue?: true;
}

/**
 * Decide a reminder for each assistant of each case active in the month. A case that fails is
 * logged by its ids and error name, and the others go on.
 *
 * @example
 * const result = await sendTimesheetReminders(context, { scheduledAt: '2024-03-31T22:00:00Z' });
 * result.month // '2024-03'
 */
export async function sendTimesheetReminders(
  context: StepContext,
  event: TimesheetRemindersEvent,
): Promise<TimesheetRemindersResult> {
  const month = event.month ?? settledMonthOf(event.scheduledAt);
  const days = settlementDaysOf(month);
  const deadline = days.deadline;
  // The schedule fires on each day of a window; the reminders go out on the (moved) reminder day.
  if (event.month === undefined && rigaDateOf(event.scheduledAt) < days.reminder) {
    return { month, deadline, cases: 0, reminders: 0, created: 0, submitted: 0, failed: 0, notDue: true };
  }
  const note: AuditNote = {
    actor: { kind: 'system', id: 'timesheet-reminders' },
    action: 'timesheet-reminders-decided',
    at: context.clock.now().toISOString(),
  };
  const result: TimesheetRemindersResult = {
    month,
    deadline,
    cases: 0,
    reminders: 0,
    created: 0,
    submitted: 0,
    failed: 0,
  };
  let cursor: string | undefined;
  do {
    const page = await context.store.cases.activeForMonth(month, {
      limit: PAGE_SIZE,
      ...(cursor !== undefined && { cursor }),
    });
    for (let start = 0; start < page.items.length; start += CASES_IN_FLIGHT) {
      const decided = await Promise.all(
        page.items
          .slice(start, start + CASES_IN_FLIGHT)
          .map((ref) => remindAssistants(context, ref, month, deadline, note)),
      );
      for (const one of decided) {
        result.cases += 1;
        if (one === undefined) result.failed += 1;
        else {
          result.reminders += one.reminders;
          result.created += one.created;
          result.submitted += one.submitted;
        }
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return result;
}

async function remindAssistants(
  context: StepContext,
  ref: CaseRef,
  month: YearMonth,
  deadline: string,
  note: AuditNote,
): Promise<{ reminders: number; created: number; submitted: number } | undefined> {
  try {
    const [person, timesheets] = await Promise.all([
      context.store.cases.getPerson(ref),
      context.store.timesheets.forMonth(ref, month),
    ]);
    const assistants = new Set(
      (person?.contacts ?? []).filter((contact) => contact.role === 'assistant').map((contact) => contact.id),
    );
    const submitted = new Set(timesheets.map((timesheet) => timesheet.assistantId));
    const owing = [...assistants].filter((id) => !submitted.has(id)).sort();
    const alreadyIn = assistants.size - owing.length;
    if (owing.length === 0) return { reminders: 0, created: 0, submitted: alreadyIn };
    const created = await context.store.outbox.enqueue(
      ref,
      owing.map((assistantId) => ({
        kind: 'timesheet-reminder',
        scope: month,
        recipient: { role: 'assistant', id: assistantId },
        data: { month, deadline, caseId: ref.caseId },
      })),
      note,
    );
    // The coordinator's work queue lists each month not in yet until the assistant sends it.
    const current = await context.store.cases.get(ref);
    if (current) {
      await context.store.workQueue.expectTimesheets(
        ref,
        { coordinatorId: current.coordinatorId, month, deadline, assistantIds: owing },
        note,
      );
    }
    return { reminders: owing.length, created: created.length, submitted: alreadyIn };
  } catch (error) {
    logEvent(context, 'warn', 'timesheet-reminders-failed', {
      municipality: ref.municipality,
      caseId: ref.caseId,
      error: errorNameOf(error),
    });
    return undefined;
  }
}
