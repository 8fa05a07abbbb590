/**
 * The three schedules, on EventBridge Scheduler in Europe/Riga time: the timesheet reminders on
 * the policy's reminder day, the monthly settlement run on the policy's settlement day (both at
 * the policy's `runAt`), and the outbox sender every five minutes. Each has a retry policy, its
 * own KMS-encrypted dead-letter queue for what Scheduler could not deliver, and its own role that
 * may start only its target.
 *
 * The days and the time are read from the workflow policy in force on the synth date
 * (`workflowRulesOn`), so they are fixed in the template: a policy version that changes the
 * settlement calendar takes effect with the next `cdk deploy` (docs/deploy.md).
 *
 * @example
 * new AtbalstsSchedules(this, 'Schedules', { prefix, calendar: workflowRulesOn('2026-11-23').settlement, ... });
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SettlementCalendar } from '../../functions/domain/policy/schema.ts';
import { grantSendToEncryptedQueue } from './grants.ts';
import { deadLetterQueue } from './secure-messaging.ts';

/** Days a calendar schedule fires on from its policy day: enough for the longest run of days off (e.g. 1-4 Jan). */
export const WORKING_DAY_WINDOW = 7;

/** How often the outbox is drained. */
export const OUTBOX_DRAIN_INTERVAL = Duration.minutes(5);

export type ScheduleName = 'timesheetReminders' | 'monthlyRun' | 'outboxSender';

export interface AtbalstsSchedulesProps {
  prefix: string;
  /** The settlement calendar of the workflow policy in force. */
  calendar: SettlementCalendar;
  timesheetReminders: lambda.IFunction;
  outboxSender: lambda.IFunction;
  monthlyRun: sfn.IStateMachine;
  key: kms.IKey;
}

export class AtbalstsSchedules extends Construct {
  readonly timesheetReminders: scheduler.Schedule;
  readonly monthlyRun: scheduler.Schedule;
  readonly outboxSender: scheduler.Schedule;
  /** Each schedule's dead-letter queue, by schedule. */
  readonly deadLetterQueues: Record<ScheduleName, sqs.Queue>;

  /** The role each schedule assumes to start its target, by schedule. */
  readonly roles: Partial<Record<ScheduleName, iam.Role>> = {};
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: AtbalstsSchedulesProps) {
    super(scope, id);
    this.key = props.key;
    const [hour, minute] = props.calendar.runAt.split(':');
    // A day that is not a working day moves to the next one (functions/domain/working-days.ts): the
    // schedule fires on each day of a week-long window and the target acts only on the moved day
    // (earlier starts do nothing; later ones find the month done).
    const atRunTime = (day: number) =>
      scheduler.ScheduleExpression.cron({
        minute: String(Number(minute)),
        hour: String(Number(hour)),
        day: `${day}-${Math.min(day + WORKING_DAY_WINDOW - 1, 31)}`,
        timeZone: TimeZone.EUROPE_RIGA,
      });
    // What the reminders and the run are told: the instant they were due, as the state machine expects.
    const scheduledAt = scheduler.ScheduleTargetInput.fromObject({
      scheduledAt: scheduler.ContextAttribute.scheduledTime,
    });

    this.deadLetterQueues = {
      timesheetReminders: deadLetterQueue(this, 'TimesheetRemindersDlq', props.key),
      monthlyRun: deadLetterQueue(this, 'MonthlyRunDlq', props.key),
      outboxSender: deadLetterQueue(this, 'OutboxSenderDlq', props.key),
    };

    this.timesheetReminders = new scheduler.Schedule(this, 'TimesheetReminders', {
      scheduleName: `${props.prefix}-timesheet-reminders`,
      description: `Timesheet reminders: day ${props.calendar.timesheetReminderDay} (or the next working day) at ${props.calendar.runAt} Europe/Riga (workflow policy)`,
      schedule: atRunTime(props.calendar.timesheetReminderDay),
      target: new targets.LambdaInvoke(props.timesheetReminders, {
        input: scheduledAt,
        role: this.roleFor('timesheetReminders'),
        deadLetterQueue: this.deadLetterQueues.timesheetReminders,
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
      }),
    });

    this.monthlyRun = new scheduler.Schedule(this, 'MonthlyRun', {
      scheduleName: `${props.prefix}-monthly-run`,
      description: `Monthly settlement run: day ${props.calendar.settlementDay} (or the next working day) at ${props.calendar.runAt} Europe/Riga (workflow policy)`,
      schedule: atRunTime(props.calendar.settlementDay),
      target: new targets.StepFunctionsStartExecution(props.monthlyRun, {
        input: scheduledAt,
        role: this.roleFor('monthlyRun'),
        deadLetterQueue: this.deadLetterQueues.monthlyRun,
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
      }),
    });

    this.outboxSender = new scheduler.Schedule(this, 'OutboxSender', {
      scheduleName: `${props.prefix}-outbox-sender`,
      description: 'Drain the outbox every five minutes',
      schedule: scheduler.ScheduleExpression.expression(
        `rate(${OUTBOX_DRAIN_INTERVAL.toMinutes()} minutes)`,
        TimeZone.EUROPE_RIGA,
      ),
      target: new targets.LambdaInvoke(props.outboxSender, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        role: this.roleFor('outboxSender'),
        deadLetterQueue: this.deadLetterQueues.outboxSender,
        // A late drain is worth nothing once the next one is due.
        retryAttempts: 2,
        maxEventAge: OUTBOX_DRAIN_INTERVAL,
      }),
    });
  }

  /** A role only Scheduler in this account may assume, able to use its dead-letter queue. */
  private roleFor(schedule: ScheduleName): iam.Role {
    const role = new iam.Role(this, `${schedule}Role`, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    grantSendToEncryptedQueue(role, this.deadLetterQueues[schedule], this.key);
    this.roles[schedule] = role;
    return role;
  }
}
