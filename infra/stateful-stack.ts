/**
 * What must survive any deployment: the one table (built from the store's single definition),
 * its customer-managed key, its backups, the secret that signs parents' links, the user pool
 * holding the staff accounts, and the SES sender identity (its verification and DKIM records). Everything here is retained when the stack or a resource is
 * removed, and the table and the user pool refuse deletion. The stateless stack imports these
 * by props and can be replaced freely.
 *
 * @example
 * const stateful = new StatefulStack(app, 'atbalsts-dev-stateful', { settings });
 * new StatelessStack(app, 'atbalsts-dev-stateless', { settings, stateful });
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../functions/store/table.ts';
import type { Settings } from './config.ts';

/** The staff roles (the ministry's reads every municipality's indicators only); the API reads them from the token's `cognito:groups` claim. */
export const STAFF_GROUPS = ['coordinators', 'supervisors', 'assistants', 'ministry'] as const;

/** Ties a user to one municipality for good: the API scopes every request by it. */
export const MUNICIPALITY_ATTRIBUTE = 'municipality';
/** `custom:assistantId`: which assistant of the cases an assistant's account is (functions/api/auth.ts). */
export const ASSISTANT_ID_ATTRIBUTE = 'assistantId';

export interface StatefulStackProps extends StackProps {
  settings: Settings;
}

export class StatefulStack extends Stack {
  readonly dataKey: kms.Key;
  readonly table: dynamodb.Table;
  readonly linkSecret: secretsmanager.Secret;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** The managed login's domain (`https://<prefix>.auth.<region>.amazoncognito.com`), where staff sign in. */
  readonly signInDomain: cognito.UserPoolDomain;
  /** Encrypts the app's session cookies (functions/session/session.ts). */
  readonly sessionSecret: secretsmanager.Secret;
  readonly senderIdentity: ses.EmailIdentity;
  /** The identity SES checks a send against: the sender domain, or the sender address. */
  readonly senderIdentityName: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { prefix } = props.settings;

    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/${prefix}-data`,
      description: `${prefix}: the table, its backups and the link secret (children's personal data)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = tableFromDefinition(this, prefix, this.dataKey);

    // AWS Backup keeps copies outside the table (point-in-time recovery lives with the table).
    // 35 days, the same window as point-in-time recovery, so a person's erasure
    // (cases.erasePerson) has left every backup within 35 days.
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: `${prefix}-backups`,
      encryptionKey: this.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: `${prefix}-daily`,
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily-35-days',
          scheduleExpression: events.Schedule.cron({ hour: '1', minute: '30' }),
          deleteAfter: Duration.days(35),
        }),
      ],
    });
    plan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(this.table)] });

    // Generated here, never seen by anyone, read by the functions at cold start.
    this.linkSecret = new secretsmanager.Secret(this, 'LinkSecret', {
      secretName: `${prefix}/link-secret`,
      description:
        "Signs parents' links (functions/links/signed-link.ts); rotating it invalidates links in flight",
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${prefix}-staff`,
      // Staff accounts are created by an administrator (docs/deploy.md), never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [MUNICIPALITY_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
        // The assistant's id as the cases name it. Mutable so an administrator can correct a typo;
        // the web client may not write it (below), so only administrators can.
        [ASSISTANT_ID_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // Staff see children's health data: a second factor always, by authenticator app (no SMS costs or SIM swaps).
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of STAFF_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `Atbalsts ${group}`,
      });
    }
    // The web app signs people in through the managed login, OAuth 2.0 code flow with PKCE
    // (functions/session/cognito.ts): the code grant only (no implicit flow), the openid, email and
    // profile scopes only (no admin scope), and back to this deployment's appUrl only. The app
    // never signs in with a password itself, so no SRP or password flow is allowed (CDK keeps the
    // refresh-token flow, which the app does not use).
    const appUrl = props.settings.appUrl.replace(/\/$/, '');
    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `${prefix}-web`,
      generateSecret: false,
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${appUrl}/sign-in/callback`],
        logoutUrls: [`${appUrl}/signed-out`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(15),
      idTokenValidity: Duration.minutes(15),
      refreshTokenValidity: Duration.hours(1),
      // Users may read their municipality but never write it (it is also immutable in the pool).
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(MUNICIPALITY_ATTRIBUTE, ASSISTANT_ID_ATTRIBUTE),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    // The managed login (the newer version, with Cognito's own look) on a Cognito domain.
    this.signInDomain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: props.settings.signInDomainPrefix ?? prefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new cognito.CfnManagedLoginBranding(this, 'SignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.userPoolClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // Sessions last hours: a new value (by hand, or by replacing the secret) only signs everyone out.
    this.sessionSecret = new secretsmanager.Secret(this, 'SessionSecret', {
      secretName: `${prefix}/session-secret`,
      description:
        "Encrypts the app's session cookies (functions/session/session.ts); a new value signs everyone out",
      encryptionKey: this.dataKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Retained: deleting and creating it again would mean new DKIM records in the domain's DNS.
    // Sends name the configuration set (stateless stack) themselves, so none is attached here.
    const { senderAddress, senderDomain } = props.settings;
    this.senderIdentityName = senderDomain ?? senderAddress;
    this.senderIdentity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: senderDomain ? ses.Identity.domain(senderDomain) : ses.Identity.email(senderAddress),
    });
    this.senderIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);

    // For docs/deploy.md (the first coordinator) and the web app's configuration.
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: this.signInDomain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'LinkSecretName', { value: `${prefix}/link-secret` });
  }
}

/**
 * The table as functions/store/table.ts defines it: keys, every sparse index with its projection,
 * TTL, on-demand billing; encrypted with the data key, point-in-time recovery, deletion
 * protection, retained.
 *
 * @example
 * const table = tableFromDefinition(stack, 'atbalsts-prod', key);
 */
export function tableFromDefinition(scope: Construct, tableName: string, key: kms.IKey): dynamodb.Table {
  const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
  const table = new dynamodb.Table(scope, 'Table', {
    tableName,
    partitionKey: attribute(TABLE_DEFINITION.partitionKey.name),
    sortKey: attribute(TABLE_DEFINITION.sortKey.name),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: 35 },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
    const projection =
      index.projection === 'ALL'
        ? { projectionType: dynamodb.ProjectionType.ALL }
        : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] };
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey.name),
      sortKey: attribute(index.sortKey.name),
      ...projection,
    });
  }
  return table;
}
