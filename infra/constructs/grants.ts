/**
 * Least-privilege grants written out, where CDK's own grant methods would give more than a
 * function uses: the store's DynamoDB actions on the table and its indexes by name (never Scan,
 * never `index/*`), the table key's actions through DynamoDB only, and sending to an encrypted
 * queue with the two key actions SQS needs.
 *
 * @example
 * grantTableAccess(fn.role, stateful.table, stateful.dataKey, 'write');
 * grantSendToEncryptedQueue(role, dlq, key);
 */
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { TABLE_DEFINITION } from '../../functions/store/table.ts';

/** What the store sends: GetItem and Query to read; UpdateItem and TransactWriteItems (Put, Update, Delete, ConditionCheck) to write. */
export const TABLE_ACTIONS = {
  read: ['dynamodb:GetItem', 'dynamodb:Query'],
  write: [
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const;

/** The key actions DynamoDB performs for a caller of a table encrypted with a customer-managed key. */
export const TABLE_KEY_ACTIONS = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  write: [
    'kms:Decrypt',
    'kms:DescribeKey',
    'kms:Encrypt',
    'kms:GenerateDataKey',
    'kms:GenerateDataKeyWithoutPlaintext',
    'kms:ReEncryptFrom',
    'kms:ReEncryptTo',
  ],
} as const;

/**
 * Read, or read and write, the table and its indexes (each by name); its key only through DynamoDB.
 *
 * @example
 * grantTableAccess(fn.role, table, dataKey, 'read');
 */
export function grantTableAccess(
  grantee: iam.IGrantable,
  table: dynamodb.Table,
  key: kms.IKey,
  access: 'read' | 'write',
): void {
  const region = Stack.of(table).region;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...TABLE_ACTIONS[access]],
      resources: [
        table.tableArn,
        ...TABLE_DEFINITION.globalSecondaryIndexes.map(
          (index) => `${table.tableArn}/index/${index.indexName}`,
        ),
      ],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...TABLE_KEY_ACTIONS[access]],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${region}.amazonaws.com` } },
    }),
  );
}

/**
 * Send messages to an SSE-KMS queue: `sqs:SendMessage`, and the data key SQS asks KMS for.
 *
 * @example
 * grantSendToEncryptedQueue(schedulerRole, dlq, key);
 */
export function grantSendToEncryptedQueue(grantee: iam.IGrantable, queue: sqs.IQueue, key: kms.IKey): void {
  const region = Stack.of(queue).region;
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sqs.${region}.amazonaws.com` } },
    }),
  );
}
