/**
 * The monthly run's Lambda steps and the scheduled timesheet reminders, as thin adapters: each
 * checks its event with zod (a bad event is an InputError naming the fields, and nothing runs)
 * and calls the run's logic in functions/monthly-run/. The Lambda entry and the local system bind these
 * by the names in workflows/names.ts.
 *
 * @example
 * sfn.bindFunction(functionName(prefix, 'run-page'), (event) => RUN_STEP_HANDLERS['run-page'](event, context));
 */

import type { RunStep, ScheduledFunction } from '../../workflows/names.ts';
import { finishRun, finishRunEventSchema } from '../monthly-run/tasks/finish.ts';
import { readRunPage, readRunPageEventSchema } from '../monthly-run/tasks/read-page.ts';
import { settleRunBatch, settleRunBatchEventSchema } from '../monthly-run/tasks/settle-batch.ts';
import { startRun, startRunEventSchema } from '../monthly-run/tasks/start.ts';
import { sendTimesheetReminders, timesheetRemindersEventSchema } from '../monthly-run/timesheet-reminders.ts';
import { defineStep, type Step } from '../step-context.ts';

/** The steps of workflows/monthly-run.ts, by step name. */
export const RUN_STEP_HANDLERS: Record<RunStep, Step> = {
  'run-start': defineStep(startRunEventSchema, (event, context) => startRun(context, event)),
  'run-page': defineStep(readRunPageEventSchema, (event, context) => readRunPage(context, event)),
  'run-settle-batch': defineStep(settleRunBatchEventSchema, (event, context) =>
    settleRunBatch(context, event),
  ),
  'run-finish': defineStep(finishRunEventSchema, (event, context) => finishRun(context, event)),
};

/**
 * Functions a schedule invokes directly; the event is `{ "scheduledAt": "<aws.scheduler.scheduled-time>" }`
 * (and optionally `month` for an operator's re-run).
 */
export const SCHEDULED_HANDLERS: Record<ScheduledFunction, Step> = {
  'timesheet-reminders': defineStep(timesheetRemindersEventSchema, (event, context) =>
    sendTimesheetReminders(context, event),
  ),
};
