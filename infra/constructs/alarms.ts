/**
 * The alarms, each to one KMS-encrypted SNS topic with the operators' email subscribed: failed,
 * timed-out and aborted executions of the state machines, messages in any dead-letter queue,
 * outbox items failed (the sender's `OutboxFailed` metric), bounces and complaints reported by
 * SES, and errors of any function. Every alarm treats missing data as "not breaching": quiet
 * months stay quiet.
 *
 * @example
 * const alarms = new AtbalstsAlarms(this, 'Alarms', { prefix, email: 'ops@pasvaldiba.lv', key });
 * alarms.onStateMachine('ReviewCycle', cycle.stateMachine, { includeAborted: false });
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from './atbalsts-function.ts';
import { encryptedTopic } from './secure-messaging.ts';

export interface AtbalstsAlarmsProps {
  prefix: string;
  email: string;
  key: kms.IKey;
}

const PERIOD = Duration.minutes(5);

export class AtbalstsAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: AtbalstsAlarmsProps) {
    super(scope, id);
    this.prefix = props.prefix;
    this.topic = encryptedTopic(this, 'Topic', props.key, `${props.prefix}-alarms`);
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    // CloudWatch publishes alarm notifications to the encrypted topic, from this account's alarms only.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchPublishesAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
  }

  /**
   * Any failed or timed-out execution, and aborted ones when `includeAborted` (closing a case
   * stops its review cycle on purpose, so the cycle's aborts are not alarms).
   *
   * @example
   * alarms.onStateMachine('MonthlyRun', run.stateMachine, { includeAborted: true });
   */
  onStateMachine(name: string, stateMachine: sfn.IStateMachine, options: { includeAborted: boolean }): void {
    const metrics: Record<string, cloudwatch.IMetric> = {
      failed: stateMachine.metricFailed({ period: PERIOD }),
      timedOut: stateMachine.metricTimedOut({ period: PERIOD }),
      ...(options.includeAborted && { aborted: stateMachine.metricAborted({ period: PERIOD }) }),
    };
    const expression = new cloudwatch.MathExpression({
      expression: Object.keys(metrics)
        .map((key) => `FILL(${key}, 0)`)
        .join(' + '),
      usingMetrics: metrics,
      period: PERIOD,
      label: options.includeAborted ? 'failed + timed out + aborted' : 'failed + timed out',
    });
    this.add(
      `${name}Executions`,
      expression,
      `${name}: an execution failed, timed out${options.includeAborted ? ' or was aborted' : ''}`,
    );
  }

  /**
   * Anything in a dead-letter queue: something could not be delivered and waits for an operator.
   *
   * @example
   * alarms.onDeadLetterQueue('OutboxScheduleDlq', queue);
   */
  onDeadLetterQueue(name: string, queue: sqs.IQueue): void {
    this.add(
      name,
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
      `${name}: messages are waiting in a dead-letter queue`,
    );
  }

  /**
   * Any error of the function (after which Step Functions or Lambda retries, or the step fails).
   *
   * @example
   * alarms.onFunctionErrors('cycle-activate', fn);
   */
  onFunctionErrors(name: string, fn: lambda.IFunction): void {
    this.add(`${name}Errors`, fn.metricErrors({ period: PERIOD }), `${name}: the function failed`);
  }

  /**
   * A count the functions publish with Powertools Metrics (Embedded Metric Format), per service.
   *
   * @example
   * alarms.onAppMetric('OutboxFailed', 'atbalsts-prod-outbox-sender', 'outbox items failed');
   */
  onAppMetric(metricName: string, service: string, description: string): void {
    this.add(
      metricName,
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service },
        statistic: 'Sum',
        period: PERIOD,
      }),
      description,
    );
  }

  private add(id: string, metric: cloudwatch.IMetric, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
