import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_DEFINITION } from '../../functions/store/table.ts';
import { STAFF_GROUPS } from '../../infra/stateful-stack.ts';
import { resourcesOf, synthesized } from './synth.ts';

describe('the stateful stack', () => {
  const { statefulTemplate: template, stateful } = synthesized();
  const [tableId, table] = Object.entries(resourcesOf(template, 'AWS::DynamoDB::Table'))[0] ?? [];
  const properties = table?.Properties ?? {};
  const keyId = Object.keys(resourcesOf(template, 'AWS::KMS::Key'))[0];

  it('holds one table, built from TABLE_DEFINITION: keys, every index with its projection, TTL', () => {
    expect(Object.keys(resourcesOf(template, 'AWS::DynamoDB::Table'))).toHaveLength(1);
    expect(properties['TableName']).toBe('atbalsts-dev');
    expect(properties['KeySchema']).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const indexes = properties['GlobalSecondaryIndexes'] as Record<string, unknown>[];
    expect(indexes).toEqual(
      TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection:
          index.projection === 'ALL'
            ? { ProjectionType: 'ALL' }
            : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] },
      })),
    );
    expect(properties['TimeToLiveSpecification']).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('bills on demand, keeps 35 days of point-in-time recovery, refuses deletion and is retained', () => {
    expect(properties['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(properties['PointInTimeRecoverySpecification']).toEqual({
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: 35,
    });
    expect(properties['DeletionProtectionEnabled']).toBe(true);
    expect(table?.DeletionPolicy).toBe('Retain');
    expect(table?.UpdateReplacePolicy).toBe('Retain');
    expect(tableId).toBeDefined();
  });

  it('encrypts the table with its customer-managed key, which rotates and is retained', () => {
    expect(properties['SSESpecification']).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  it('backs the table up daily into a vault encrypted with the same key, kept 35 days', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [tableId, 'Arn'] }] }),
    });
  });

  it('generates the link secret, encrypted with the data key, and retains it', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      }),
      DeletionPolicy: 'Retain',
    });
    expect(stateful.linkSecret.secretValue).toBeDefined();
  });

  it('keeps staff in a user pool: no sign-up, immutable municipality, strong passwords, MFA, threat protection', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        DeletionProtection: 'ACTIVE',
        Policies: {
          PasswordPolicy: {
            MinimumLength: 14,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 3,
            PasswordHistorySize: 5,
          },
        },
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'municipality', Mutable: false, AttributeDataType: 'String' }),
        ]),
      }),
      DeletionPolicy: 'Retain',
    });
    const groups = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolGroup')).map(
      (group) => group.Properties?.['GroupName'],
    );
    expect(groups.sort()).toEqual([...STAFF_GROUPS].sort());
  });

  it('lets the web client sign in by code flow only, with openid, email and profile, back to appUrl', () => {
    const [client] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
    const properties = client?.Properties ?? {};
    expect(properties['AllowedOAuthFlows']).toEqual(['code']);
    expect(properties['AllowedOAuthFlowsUserPoolClient']).toBe(true);
    expect([...(properties['AllowedOAuthScopes'] as string[])].sort()).toEqual([
      'email',
      'openid',
      'profile',
    ]);
    expect(properties['CallbackURLs']).toEqual(['https://atbalsts.example.lv/sign-in/callback']);
    expect(properties['LogoutURLs']).toEqual(['https://atbalsts.example.lv/signed-out']);
    expect(properties['SupportedIdentityProviders']).toEqual(['COGNITO']);
    expect(JSON.stringify(properties)).not.toMatch(/example\.com|aws\.cognito\.signin\.user\.admin|implicit/);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('keeps the session secret beside the link secret, encrypted with the data key and retained', () => {
    template.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        Name: Match.stringLikeRegexp('/session-secret$'),
        KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the web client read the municipality but never write it', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      ReadAttributes: Match.arrayWith(['custom:municipality']),
      WriteAttributes: ['name'],
    });
  });

  it('names the user pool, its web client and the table in its outputs', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(
      expect.arrayContaining(['UserPoolId', 'UserPoolClientId', 'TableName', 'LinkSecretName']),
    );
  });
});
