/**
 * Everything that can be replaced freely: the functions, the two state machines, the schedules,
 * the API, the email configuration and the alarms. It holds no data of its own; it imports the
 * table, the data key, the link secret and the user pool from the stateful stack by props. Its
 * logs, and the key they are encrypted with, are retained when it is replaced.
 *
 * @example
 * const stateful = new StatefulStack(app, 'atbalsts-dev-stateful', { settings });
 * new StatelessStack(app, 'atbalsts-dev-stateless', { settings, stateful });
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type IsoDate, rigaDateOf } from '../functions/domain/calendar.ts';
import { workflowRulesOn } from '../functions/domain/policy/policy.ts';
import type { AppConfig } from '../functions/step-context.ts';
import { MonthlyRunWorkflow, type RunFunctions } from '../workflows/monthly-run.ts';
import {
  CYCLE_STEPS,
  type CycleStep,
  functionName,
  RUN_STEPS,
  type RunStep,
  type StateMachineKind,
  scheduledFunctionName,
  stateMachineName,
} from '../workflows/names.ts';
import { type CycleFunctions, ReviewCycleWorkflow } from '../workflows/review-cycle.ts';
import type { Settings } from './config.ts';
import { AtbalstsAlarms } from './constructs/alarms.ts';
import { AtbalstsApi } from './constructs/api.ts';
import { AtbalstsFunction, DEFAULT_LOG_RETENTION, HANDLER_ENTRIES } from './constructs/atbalsts-function.ts';
import { AtbalstsEmail } from './constructs/email.ts';
import { grantTableAccess } from './constructs/grants.ts';
import { AtbalstsSchedules } from './constructs/schedules.ts';
import { deadLetterQueue } from './constructs/secure-messaging.ts';
import type { StatefulStack } from './stateful-stack.ts';

/** What each workflow function is given beyond the defaults; every one of them writes to the table. */
interface StepFunctionSettings {
  description: string;
  memorySize?: number;
  timeout?: Duration;
}

export const CYCLE_FUNCTION_SETTINGS: Record<CycleStep, StepFunctionSettings> = {
  'cycle-prepare': {
    description: 'Review cycle: start or resume a cycle, put the policy waits in the state',
  },
  'cycle-await': { description: 'Review cycle: store the task token of a waiting phase and notify' },
  'cycle-remind': { description: 'Review cycle: reminders, escalation, review due' },
  'cycle-compute-budget': { description: 'Review cycle: the indicative budget from the assessment' },
  'cycle-draft-plan': { description: 'Review cycle: draft the support plan' },
  'cycle-activate': { description: 'Review cycle: activate the approved plan and its grants' },
  'cycle-close': { description: 'Review cycle: close the cycle, decide whether another follows' },
  'cycle-record-failure': {
    description: 'Review cycle: record a failed step on the case, alert the coordinator',
  },
};

export const RUN_FUNCTION_SETTINGS: Record<RunStep, StepFunctionSettings> = {
  'run-start': { description: 'Monthly run: begin or resume the run of a month' },
  'run-page': {
    description: "Monthly run: read a page of the month's active cases",
    timeout: Duration.minutes(1),
  },
  'run-settle-batch': {
    description: 'Monthly run: settle a batch of cases exactly once',
    memorySize: 1024,
    timeout: Duration.minutes(5),
  },
  'run-finish': {
    description: 'Monthly run: finish the run, the coordinators summaries',
    memorySize: 1024,
    timeout: Duration.minutes(5),
  },
};

export interface StatelessStackProps extends StackProps {
  settings: Settings;
  stateful: Pick<
    StatefulStack,
    | 'table'
    | 'dataKey'
    | 'linkSecret'
    | 'userPool'
    | 'userPoolClient'
    | 'senderIdentityName'
    | 'signInDomain'
    | 'sessionSecret'
  >;
  /** Whose workflow policy sets the schedules' days and time; the synth date in Riga by default. */
  policyDate?: IsoDate;
}

export class StatelessStack extends Stack {
  readonly operationsKey: kms.Key;
  readonly cycle: ReviewCycleWorkflow;
  readonly monthlyRun: MonthlyRunWorkflow;
  readonly functions: Record<string, AtbalstsFunction> = {};
  readonly api: AtbalstsApi;
  readonly email: AtbalstsEmail;
  readonly schedules: AtbalstsSchedules;
  readonly alarms: AtbalstsAlarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, stateful } = props;
    const { prefix } = settings;

    // Logs, queues, topics and the state machines' data: not the children's data, but still
    // encrypted with a key the account controls. Retained with the logs it protects.
    this.operationsKey = new kms.Key(this, 'OperationsKey', {
      alias: `alias/${prefix}-operations`,
      description: `${prefix}: logs, queues, topics and state machine data`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.operationsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': this.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    const key = this.operationsKey;

    // ---- the workflow functions: one bundle, the step in ATBALSTS_STEP -------------------------------
    const cycleStateMachineArn = this.stateMachineArnOf(prefix, 'review-cycle');
    const appConfig: Omit<AppConfig, 'linkSecret'> = {
      appUrl: settings.appUrl,
      supervisors: Object.fromEntries(
        Object.entries(settings.supervisors).map(([municipality, byId]) => [municipality, Object.keys(byId)]),
      ),
      cycleStateMachineArn,
    };
    const workflowFunction = (name: string, step: string, settingsOf: StepFunctionSettings, extra = {}) => {
      const fn = new AtbalstsFunction(this, step, {
        functionName: name,
        entry: HANDLER_ENTRIES.workflow,
        description: settingsOf.description,
        ...(settingsOf.memorySize !== undefined && { memorySize: settingsOf.memorySize }),
        ...(settingsOf.timeout !== undefined && { timeout: settingsOf.timeout }),
        logKey: key,
        environment: {
          ATBALSTS_STEP: step,
          ATBALSTS_TABLE: stateful.table.tableName,
          ATBALSTS_CONFIG: this.toJsonString(appConfig),
          ATBALSTS_LINK_SECRET_ARN: stateful.linkSecret.secretArn,
        },
        ...extra,
      });
      grantTableAccess(fn.role, stateful.table, stateful.dataKey, 'write');
      this.grantLinkSecret(fn, stateful);
      this.functions[step] = fn;
      return fn;
    };
    const cycleFunctions = {} as CycleFunctions;
    for (const step of CYCLE_STEPS) {
      cycleFunctions[step] = workflowFunction(
        functionName(prefix, step),
        step,
        CYCLE_FUNCTION_SETTINGS[step],
      ).function;
    }
    // The one step that answers a waiting task itself (an answer recorded while no token was live).
    cycleFunctions['cycle-await'].addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [cycleStateMachineArn] }),
    );
    const runFunctions = {} as RunFunctions;
    for (const step of RUN_STEPS) {
      runFunctions[step] = workflowFunction(
        functionName(prefix, step),
        step,
        RUN_FUNCTION_SETTINGS[step],
      ).function;
    }

    // Lambda's own asynchronous retries for the functions started by a schedule or SNS end here.
    const asyncFailures = deadLetterQueue(this, 'AsyncInvocationDlq', key);
    const timesheetReminders = workflowFunction(
      scheduledFunctionName(prefix, 'timesheet-reminders'),
      'timesheet-reminders',
      {
        description: "Remind every assistant of the month's active cases to hand in the timesheet",
        memorySize: 1024,
        timeout: Duration.minutes(15),
      },
      { deadLetterQueue: { queue: asyncFailures, key }, retryAttempts: 2 },
    );

    // ---- the state machines ---------------------------------------------------------------------
    const stateMachineProps = (machine: StateMachineKind): Partial<sfn.StateMachineProps> => ({
      logs: {
        // Unnamed and retained, like the functions' logs: a redeployed stack never collides with them.
        destination: new logs.LogGroup(this, `${machine}-logs`, {
          retention: DEFAULT_LOG_RETENTION,
          encryptionKey: key,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
        level: sfn.LogLevel.ALL,
        // The state carries ids only, but the history need not repeat even those.
        includeExecutionData: false,
      },
      tracingEnabled: true,
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(key, Duration.minutes(5)),
    });
    this.cycle = new ReviewCycleWorkflow(this, 'ReviewCycle', {
      prefix,
      functions: cycleFunctions,
      stateMachineProps: stateMachineProps('review-cycle'),
    });
    this.monthlyRun = new MonthlyRunWorkflow(this, 'MonthlyRun', {
      prefix,
      functions: runFunctions,
      stateMachineProps: stateMachineProps('monthly-run'),
    });

    // ---- email and the outbox -----------------------------------------------------------------------
    this.email = new AtbalstsEmail(this, 'Email', {
      prefix,
      identityName: stateful.senderIdentityName,
      key,
    });
    const outboxSender = new AtbalstsFunction(this, 'OutboxSender', {
      functionName: `${prefix}-outbox-sender`,
      entry: HANDLER_ENTRIES.outboxSender,
      description: 'Send the pending outbox notifications with SES',
      // Below the outbox lease (300 s) would cut a long drain short; a drain that outlives the next
      // schedule is safe, since two senders never claim the same item (docs/notifications.md).
      timeout: Duration.minutes(10),
      logKey: key,
      deadLetterQueue: { queue: asyncFailures, key },
      // The next drain, five minutes later, is the retry.
      retryAttempts: 0,
      environment: {
        ATBALSTS_TABLE: stateful.table.tableName,
        ATBALSTS_SENDER_CONFIG: JSON.stringify({
          from: `${settings.senderName} <${settings.senderAddress}>`,
          organisations: settings.organisations,
          supervisors: settings.supervisors,
          configurationSet: this.email.configurationSet.configurationSetName,
        }),
      },
    });
    grantTableAccess(outboxSender.role, stateful.table, stateful.dataKey, 'write');
    this.email.grantSend(outboxSender.function);
    this.functions['outbox-sender'] = outboxSender;

    const sesEvents = new AtbalstsFunction(this, 'SesEvents', {
      functionName: `${prefix}-ses-events`,
      entry: HANDLER_ENTRIES.sesEvents,
      description: 'Bounces and complaints: mark the outbox item failed, alert the coordinator',
      logKey: key,
      deadLetterQueue: { queue: asyncFailures, key },
      environment: {
        ATBALSTS_TABLE: stateful.table.tableName,
        ATBALSTS_RETENTION_DAYS: String(
          workflowRulesOn(props.policyDate ?? rigaDateOf(new Date())).retention.sentNotificationDays,
        ),
      },
    });
    grantTableAccess(sesEvents.role, stateful.table, stateful.dataKey, 'write');
    this.email.topic.addSubscription(new subscriptions.LambdaSubscription(sesEvents.function));
    this.functions['ses-events'] = sesEvents;

    // ---- schedules: the days and time of the workflow policy in force when synthesized ---------------
    // A policy version that moves the settlement calendar takes effect with the next deploy.
    const calendar = workflowRulesOn(props.policyDate ?? rigaDateOf(new Date())).settlement;
    this.schedules = new AtbalstsSchedules(this, 'Schedules', {
      prefix,
      calendar,
      timesheetReminders: timesheetReminders.function,
      outboxSender: outboxSender.function,
      monthlyRun: this.monthlyRun.stateMachine,
      key,
    });

    // ---- the API ---------------------------------------------------------------------------------------
    const health = new AtbalstsFunction(this, 'Health', {
      functionName: `${prefix}-api-health`,
      entry: HANDLER_ENTRIES.health,
      description: 'GET /health',
      memorySize: 256,
      timeout: Duration.seconds(5),
      logKey: key,
    });
    this.functions['api-health'] = health;
    const session = new AtbalstsFunction(this, 'Session', {
      functionName: `${prefix}-api-session`,
      entry: HANDLER_ENTRIES.session,
      description: 'GET /session: the caller as the JWT authorizer verified them',
      memorySize: 256,
      timeout: Duration.seconds(5),
      logKey: key,
    });
    this.functions['api-session'] = session;
    // The app (functions/api/): every case, assistant and link route, over the same step context
    // as the workflow steps. It answers waiting tasks, starts and stops cycles: only the cycle's.
    const apiFunction = new AtbalstsFunction(this, 'ApiApp', {
      functionName: `${prefix}-api`,
      entry: HANDLER_ENTRIES.api,
      description: "The Atbalsts API: coordinators, assistants and the parents' links",
      memorySize: 1024,
      timeout: Duration.seconds(29),
      logKey: key,
      environment: {
        ATBALSTS_TABLE: stateful.table.tableName,
        ATBALSTS_CONFIG: this.toJsonString(appConfig),
        ATBALSTS_LINK_SECRET_ARN: stateful.linkSecret.secretArn,
        // The pages' sign-in (functions/session/): the pool's managed login and the cookie's key.
        ATBALSTS_SESSION_SECRET_ARN: stateful.sessionSecret.secretArn,
        ATBALSTS_SIGN_IN: this.toJsonString({
          issuer: stateful.userPool.userPoolProviderUrl,
          clientId: stateful.userPoolClient.userPoolClientId,
          domain: stateful.signInDomain.baseUrl(),
        }),
      },
    });
    grantTableAccess(apiFunction.role, stateful.table, stateful.dataKey, 'write');
    this.grantLinkSecret(apiFunction, stateful);
    apiFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [stateful.sessionSecret.secretArn],
      }),
    );
    apiFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution', 'states:SendTaskSuccess', 'states:SendTaskFailure'],
        resources: [cycleStateMachineArn],
      }),
    );
    apiFunction.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StopExecution', 'states:DescribeExecution'],
        resources: [
          this.formatArn({
            service: 'states',
            resource: 'execution',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            resourceName: `${stateMachineName(prefix, 'review-cycle')}:*`,
          }),
        ],
      }),
    );
    this.functions['api'] = apiFunction;
    this.api = new AtbalstsApi(this, 'Api', {
      prefix,
      appUrl: settings.appUrl,
      userPool: stateful.userPool,
      userPoolClient: stateful.userPoolClient,
      logKey: key,
      handlers: { health: health.function, session: session.function, app: apiFunction.function },
    });

    // ---- alarms --------------------------------------------------------------------------------------
    this.alarms = new AtbalstsAlarms(this, 'Alarms', { prefix, email: settings.alarmEmail, key });
    this.alarms.onStateMachine('ReviewCycle', this.cycle.stateMachine, { includeAborted: false });
    this.alarms.onStateMachine('MonthlyRun', this.monthlyRun.stateMachine, { includeAborted: true });
    this.alarms.onDeadLetterQueue(
      'TimesheetRemindersScheduleDlq',
      this.schedules.deadLetterQueues.timesheetReminders,
    );
    this.alarms.onDeadLetterQueue('MonthlyRunScheduleDlq', this.schedules.deadLetterQueues.monthlyRun);
    this.alarms.onDeadLetterQueue('OutboxSenderScheduleDlq', this.schedules.deadLetterQueues.outboxSender);
    this.alarms.onDeadLetterQueue('AsyncInvocationDlq', asyncFailures);
    this.alarms.onAppMetric(
      'OutboxFailed',
      `${prefix}-outbox-sender`,
      'Outbox items failed (no address, rejected, gave up)',
    );
    this.alarms.onAppMetric('DeliveryBounced', `${prefix}-ses-events`, 'SES reported a bounce');
    this.alarms.onAppMetric('DeliveryComplained', `${prefix}-ses-events`, 'SES reported a complaint');
    for (const [name, fn] of Object.entries(this.functions)) this.alarms.onFunctionErrors(name, fn.function);

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'CycleStateMachineArn', { value: this.cycle.stateMachine.stateMachineArn });
    new CfnOutput(this, 'MonthlyRunStateMachineArn', { value: this.monthlyRun.stateMachine.stateMachineArn });
    new CfnOutput(this, 'SesConfigurationSet', { value: this.email.configurationSet.configurationSetName });
  }

  /**
   * Read the link secret, and decrypt it through Secrets Manager only. Granted on the function's
   * role (not on the key's policy, which lives in the stateful stack and must not name roles of
   * this replaceable stack).
   */
  private grantLinkSecret(fn: AtbalstsFunction, stateful: StatelessStackProps['stateful']): void {
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        resources: [stateful.linkSecret.secretArn],
      }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [stateful.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
      }),
    );
  }

  /**
   * A state machine's ARN from its fixed name, not from the resource: the functions it invokes
   * need it, and a reference to the resource would make a dependency cycle.
   */
  private stateMachineArnOf(prefix: string, machine: StateMachineKind): string {
    return this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      resourceName: stateMachineName(prefix, machine),
    });
  }
}
