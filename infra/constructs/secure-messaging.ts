/**
 * Queues and topics as every Atbalsts one must be: encrypted with a customer-managed key and
 * refusing requests that are not over TLS. Used for the dead-letter queues, the alarm topic and
 * the SES event topic.
 *
 * @example
 * const dlq = deadLetterQueue(this, 'OutboxScheduleDlq', operationsKey);
 * const topic = encryptedTopic(this, 'Alarms', operationsKey, 'atbalsts-prod-alarms');
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A queue that holds what could not be delivered for 14 days (SQS's longest), for an operator
 * to inspect and redrive; an alarm watches it. It is itself the end of the line: no queue behind it.
 *
 * @example
 * const dlq = deadLetterQueue(this, 'MonthlyRunScheduleDlq', key);
 */
export function deadLetterQueue(scope: Construct, id: string, key: kms.IKey): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    dataKeyReuse: Duration.hours(1),
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.DESTROY,
  });
}

/**
 * An SNS topic encrypted with `key`, publishing only over TLS.
 *
 * @example
 * const alarms = encryptedTopic(this, 'AlarmTopic', key, 'atbalsts-prod-alarms');
 */
export function encryptedTopic(scope: Construct, id: string, key: kms.IKey, topicName: string): sns.Topic {
  return new sns.Topic(scope, id, { topicName, masterKey: key, enforceSSL: true });
}
