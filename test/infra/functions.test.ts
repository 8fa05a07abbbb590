import { describe, expect, it } from 'vitest';
import { appConfigSchema } from '../../functions/step-context.ts';
import { CYCLE_STEPS, functionName, RUN_STEPS, scheduledFunctionName } from '../../workflows/names.ts';
import { actionsOf, propertyOf, resourcesOf, statementsOfRole, synthesized } from './synth.ts';

const PREFIX = 'atbalsts-dev';

describe('every function', () => {
  const { statelessTemplate: template } = synthesized();
  const functions = Object.entries(resourcesOf(template, 'AWS::Lambda::Function'));
  const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
  const roles = resourcesOf(template, 'AWS::IAM::Role');
  const byName = new Map(
    functions.map(([id, fn]) => [fn.Properties?.['FunctionName'] as string, { id, fn }]),
  );
  const roleIdOf = (name: string) =>
    propertyOf<{ 'Fn::GetAtt': [string] }>(byName.get(name)?.fn, 'Role')['Fn::GetAtt'][0];

  it('is named as workflows/names.ts says, one per step, plus the sender, the SES events and the API', () => {
    expect([...byName.keys()].sort()).toEqual(
      [
        ...CYCLE_STEPS.map((step) => functionName(PREFIX, step)),
        ...RUN_STEPS.map((step) => functionName(PREFIX, step)),
        scheduledFunctionName(PREFIX, 'timesheet-reminders'),
        `${PREFIX}-outbox-sender`,
        `${PREFIX}-ses-events`,
        `${PREFIX}-api-health`,
        `${PREFIX}-api-session`,
        `${PREFIX}-api`,
      ].sort(),
    );
  });

  it('runs Node.js 22 on arm64 with explicit memory and timeout, JSON logs and X-Ray', () => {
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: expect.any(Number),
        Timeout: expect.any(Number),
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'WARN' },
      });
    }
  });

  it('writes to its own log group, encrypted with the operations key, kept a year and retained', () => {
    const seen = new Set<string>();
    for (const [, fn] of functions) {
      const logGroupId = propertyOf<{ LogGroup: { Ref: string } }>(fn, 'LoggingConfig').LogGroup.Ref;
      expect(seen.has(logGroupId)).toBe(false);
      seen.add(logGroupId);
      const logGroup = logGroups[logGroupId];
      expect(logGroup?.Properties).toMatchObject({
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsKey/), 'Arn'] },
      });
      expect(logGroup?.DeletionPolicy).toBe('Retain');
    }
  });

  it('carries the Powertools settings and never logs the event', () => {
    for (const [name, { fn }] of byName) {
      expect(propertyOf<{ Variables: Record<string, unknown> }>(fn, 'Environment').Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: name,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        POWERTOOLS_METRICS_NAMESPACE: 'Atbalsts',
      });
    }
  });

  it('gives each workflow step its name, the table, the settings and the secret ARN, never the secret', () => {
    for (const step of [...CYCLE_STEPS, ...RUN_STEPS, 'timesheet-reminders'] as const) {
      const name =
        step === 'timesheet-reminders' ? scheduledFunctionName(PREFIX, step) : functionName(PREFIX, step);
      const variables = propertyOf<{ Variables: Record<string, unknown> }>(
        byName.get(name)?.fn,
        'Environment',
      ).Variables;
      expect(variables['ATBALSTS_STEP']).toBe(step);
      expect(variables['ATBALSTS_TABLE']).toBeDefined();
      expect(variables['ATBALSTS_LINK_SECRET_ARN']).toBeDefined();
      // The settings, with the ARN's tokens as a deployment resolves them: valid without a link secret.
      const [, parts] = (variables['ATBALSTS_CONFIG'] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      const json = parts.map((part) => (typeof part === 'string' ? part : 'x')).join('');
      const config = JSON.parse(json);
      expect(appConfigSchema.omit({ linkSecret: true }).parse(config)).toEqual({
        appUrl: 'https://atbalsts.example.lv',
        supervisors: { riga: ['s-riga-1'] },
        cycleStateMachineArn: 'arn:x:states:x:x:stateMachine:atbalsts-dev-review-cycle',
      });
    }
    // The settings' key for the secret appears nowhere in the template.
    expect(JSON.stringify(template.toJSON())).not.toContain('\\"linkSecret\\"');
  });

  it('has its own role, no AWS managed policy, assumable by Lambda of this account only', () => {
    const functionRoleIds = [...byName.keys()].map(roleIdOf);
    expect(new Set(functionRoleIds).size).toBe(functionRoleIds.length);
    for (const roleId of functionRoleIds) {
      const role = roles[roleId]?.Properties ?? {};
      expect(role['ManagedPolicyArns']).toBeUndefined();
      expect(role['AssumeRolePolicyDocument']).toMatchObject({
        Statement: [
          {
            Principal: { Service: 'lambda.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      });
    }
  });

  it('has "*" resources only for X-Ray, whose actions take no resource', () => {
    for (const name of byName.keys()) {
      for (const statement of statementsOfRole(template, roleIdOf(name))) {
        if (statement['Resource'] === '*') {
          expect(actionsOf(statement).every((action) => action.startsWith('xray:'))).toBe(true);
        }
      }
    }
  });

  it('uses the table with the store’s actions only (never Scan), on the table and its indexes by name', () => {
    const tableActions = (name: string) =>
      statementsOfRole(template, roleIdOf(name))
        .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')))
        .flatMap((statement) => {
          const resources = [statement['Resource']].flat().map((resource) => JSON.stringify(resource));
          expect(
            resources.every((resource) => !resource.endsWith('/index/*"]}') && !resource.includes('index/*')),
          ).toBe(true);
          return actionsOf(statement);
        });
    for (const name of byName.keys()) {
      const actions = tableActions(name);
      expect(actions).not.toContain('dynamodb:Scan');
      expect(actions.some((action) => action.includes('*'))).toBe(false);
    }
    expect(tableActions(`${PREFIX}-api-health`)).toEqual([]);
    expect(tableActions(`${PREFIX}-api-session`)).toEqual([]);
    expect(tableActions(functionName(PREFIX, 'cycle-activate')).sort()).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('uses the data key only through DynamoDB and Secrets Manager', () => {
    for (const name of byName.keys()) {
      for (const statement of statementsOfRole(template, roleIdOf(name))) {
        if (!actionsOf(statement).some((action) => action.startsWith('kms:'))) continue;
        const via = (statement['Condition'] as { StringEquals?: Record<string, unknown> } | undefined)
          ?.StringEquals?.['kms:ViaService'];
        expect(JSON.stringify(via)).toMatch(/^\{"Fn::Join":\["",\["(dynamodb|secretsmanager|sqs)\./);
      }
    }
  });

  it('answers waiting tasks only from cycle-await and the API, only on the review cycle', () => {
    for (const name of byName.keys()) {
      const states = statementsOfRole(template, roleIdOf(name)).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('states:')),
      );
      if (name === `${PREFIX}-api`) {
        // The API starts, answers, stops and reads the review cycle's executions, and nothing else.
        expect(states.map((statement) => [...actionsOf(statement)].sort())).toEqual([
          ['states:SendTaskFailure', 'states:SendTaskSuccess', 'states:StartExecution'],
          ['states:DescribeExecution', 'states:StopExecution'],
        ]);
        expect(JSON.stringify(states[0]?.['Resource'])).toContain(':stateMachine:atbalsts-dev-review-cycle');
        expect(JSON.stringify(states[1]?.['Resource'])).toContain(':execution:atbalsts-dev-review-cycle:*');
        continue;
      }
      if (name !== functionName(PREFIX, 'cycle-await')) {
        expect(states).toEqual([]);
        continue;
      }
      expect(states).toHaveLength(1);
      expect(actionsOf(states[0] ?? {})).toEqual(['states:SendTaskSuccess']);
      expect(JSON.stringify(states[0]?.['Resource'])).toContain(':stateMachine:atbalsts-dev-review-cycle');
    }
  });

  it('sends email only from the outbox sender, only as the sender identity with the configuration set', () => {
    for (const name of byName.keys()) {
      const ses = statementsOfRole(template, roleIdOf(name)).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('ses:')),
      );
      if (name !== `${PREFIX}-outbox-sender`) {
        expect(ses).toEqual([]);
        continue;
      }
      expect(actionsOf(ses[0] ?? {})).toEqual(['ses:SendEmail']);
      const resources = JSON.stringify(ses[0]?.['Resource']);
      expect(resources).toContain(':identity/atbalsts@example.lv');
      expect(resources).toMatch(/:configuration-set\/",\{"Ref":"EmailConfigurationSet[0-9A-F]+"\}/);
    }
  });

  it('sends asynchronous failures of the scheduled and SNS-invoked functions to a dead-letter queue', () => {
    const asynchronous = [
      scheduledFunctionName(PREFIX, 'timesheet-reminders'),
      `${PREFIX}-outbox-sender`,
      `${PREFIX}-ses-events`,
    ];
    for (const [name, { fn }] of byName) {
      const deadLetter = fn.Properties?.['DeadLetterConfig'];
      if (asynchronous.includes(name))
        expect(deadLetter).toEqual({
          TargetArn: { 'Fn::GetAtt': [expect.stringMatching(/^AsyncInvocationDlq/), 'Arn'] },
        });
      else expect(deadLetter).toBeUndefined();
    }
  });
});
