/**
 * Email: the SES configuration set every email is sent with (TLS required, reputation metrics,
 * the account's suppression list for bounces and complaints), whose bounce and complaint events
 * go through a KMS-encrypted SNS topic to the ses-events function, the outbox's failure path after
 * SES accepted an email. The sender identity itself is in the stateful stack (its verification
 * and DKIM records must survive a replaced stateless stack); here it is known by name.
 *
 * @example
 * const email = new AtbalstsEmail(this, 'Email', { prefix, identityName: 'pasvaldiba.lv', key: operationsKey });
 * email.topic.addSubscription(new subscriptions.LambdaSubscription(sesEvents.function));
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { encryptedTopic } from './secure-messaging.ts';

export interface AtbalstsEmailProps {
  prefix: string;
  /** The verified SES identity mail is sent as: the sender domain, or the sender address. */
  identityName: string;
  /** Encrypts the event topic. */
  key: kms.IKey;
}

export class AtbalstsEmail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly topic: sns.Topic;
  /** The identity SES checks a send against: the domain, or the address. */
  readonly identityName: string;

  constructor(scope: Construct, id: string, props: AtbalstsEmailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.prefix,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.identityName = props.identityName;

    this.topic = encryptedTopic(this, 'EventTopic', props.key, `${props.prefix}-ses-events`);
    // SES publishes to the encrypted topic with the key, for this account's configuration set only.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SesPublishesDeliveryEvents',
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      configurationSetEventDestinationName: 'bounces-and-complaints',
      destination: ses.EventDestination.snsTopic(this.topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }

  /**
   * Let `grantee` send as the sender identity with this configuration set, and nothing else.
   *
   * @example
   * email.grantSend(outboxSender.role);
   */
  grantSend(grantee: iam.IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identityName }),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }
}
