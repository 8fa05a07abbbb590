import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { workflowRulesOn } from '../../functions/domain/policy/policy.ts';
import { functionName, stateMachineName } from '../../workflows/names.ts';
import { actionsOf, POLICY_DATE, propertyOf, resourcesOf, statementsOfRole, synthesized } from './synth.ts';

const PREFIX = 'atbalsts-dev';

describe('the state machines', () => {
  const { statelessTemplate: template } = synthesized();
  const machines = resourcesOf(template, 'AWS::StepFunctions::StateMachine');
  const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
  const byName = new Map(
    Object.entries(machines).map(([id, m]) => [m.Properties?.['StateMachineName'] as string, { id, m }]),
  );
  const roleOf = (name: string) =>
    propertyOf<{ 'Fn::GetAtt': [string] }>(byName.get(name)?.m, 'RoleArn')['Fn::GetAtt'][0];

  it('are the review cycle and the monthly run, by their names', () => {
    expect([...byName.keys()].sort()).toEqual([
      stateMachineName(PREFIX, 'monthly-run'),
      stateMachineName(PREFIX, 'review-cycle'),
    ]);
  });

  it('log every event without execution data to an encrypted log group, trace with X-Ray, encrypt with the operations key', () => {
    for (const [, { m }] of byName) {
      expect(m.Properties).toMatchObject({
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
        TracingConfiguration: { Enabled: true },
        EncryptionConfiguration: {
          Type: 'CUSTOMER_MANAGED_KMS_KEY',
          KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsKey/), 'Arn'] },
        },
      });
      const destination = propertyOf<{
        Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string] } } }[];
      }>(m, 'LoggingConfiguration').Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
      expect(logGroups[destination ?? '']?.Properties).toMatchObject({
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsKey/), 'Arn'] },
      });
    }
  });

  it('may start only themselves: the cycle its next cycle, the run its supplementary run', () => {
    for (const machine of ['review-cycle', 'monthly-run'] as const) {
      const starts = statementsOfRole(template, roleOf(stateMachineName(PREFIX, machine))).filter(
        (statement) => actionsOf(statement).includes('states:StartExecution'),
      );
      expect(starts).toHaveLength(1);
      expect(JSON.stringify(starts[0]?.['Resource'])).toMatch(
        new RegExp(`:stateMachine:${stateMachineName(PREFIX, machine)}"\\]\\]\\}$`),
      );
    }
  });

  it('invoke only their own functions', () => {
    const invoked = (machine: 'review-cycle' | 'monthly-run') =>
      statementsOfRole(template, roleOf(stateMachineName(PREFIX, machine)))
        .filter((statement) => actionsOf(statement).includes('lambda:InvokeFunction'))
        .flatMap((statement) => [statement['Resource']].flat())
        .map((resource) => JSON.stringify(resource));
    expect(invoked('review-cycle').every((arn) => /"cycle[a-z]+Function[0-9A-F]+"/.test(arn))).toBe(true);
    expect(invoked('monthly-run').every((arn) => /"run[a-z]+Function[0-9A-F]+"/.test(arn))).toBe(true);
  });

  it('call the deployed functions by the names workflows/names.ts gives them', () => {
    const definition = JSON.stringify(
      byName.get(stateMachineName(PREFIX, 'review-cycle'))?.m.Properties?.['DefinitionString'],
    );
    const fn = Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(
      ([, f]) => f.Properties?.['FunctionName'] === functionName(PREFIX, 'cycle-activate'),
    );
    expect(definition).toContain(`"${fn?.[0]}","Arn"`);
  });
});

describe('the schedules', () => {
  const { statelessTemplate: template } = synthesized();
  const calendar = workflowRulesOn(POLICY_DATE).settlement;
  const [hour, minute] = calendar.runAt.split(':').map(Number);
  const schedules = new Map(
    Object.values(resourcesOf(template, 'AWS::Scheduler::Schedule')).map((s) => [
      s.Properties?.['Name'] as string,
      s.Properties ?? {},
    ]),
  );
  const queues = resourcesOf(template, 'AWS::SQS::Queue');

  it('run in Europe/Riga on the days and at the time of the workflow policy in force', () => {
    expect(schedules.get(`${PREFIX}-timesheet-reminders`)).toMatchObject({
      // A week-long window from the policy day: the targets act on the next working day only.
      ScheduleExpression: `cron(${minute} ${hour} ${calendar.timesheetReminderDay}-${calendar.timesheetReminderDay + 6} * ? *)`,
      ScheduleExpressionTimezone: 'Europe/Riga',
      Target: { Input: '{"scheduledAt":"<aws.scheduler.scheduled-time>"}' },
    });
    expect(schedules.get(`${PREFIX}-monthly-run`)).toMatchObject({
      ScheduleExpression: `cron(${minute} ${hour} ${calendar.settlementDay}-${calendar.settlementDay + 6} * ? *)`,
      ScheduleExpressionTimezone: 'Europe/Riga',
      Target: {
        Arn: { Ref: expect.stringMatching(/^MonthlyRunStateMachine/) },
        Input: '{"scheduledAt":"<aws.scheduler.scheduled-time>"}',
      },
    });
    expect(schedules.get(`${PREFIX}-outbox-sender`)).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      ScheduleExpressionTimezone: 'Europe/Riga',
    });
  });

  it('each retry, then leave what they could not deliver in their own encrypted, TLS-only queue', () => {
    const deadLetters = new Set<string>();
    for (const [, schedule] of schedules) {
      const target = schedule['Target'] as {
        RetryPolicy: { MaximumRetryAttempts: number };
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [string] } };
      };
      expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      const queueId = target.DeadLetterConfig.Arn['Fn::GetAtt'][0];
      deadLetters.add(queueId);
      expect(queues[queueId]?.Properties).toMatchObject({
        KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsKey/), 'Arn'] },
        MessageRetentionPeriod: 1_209_600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
    expect(deadLetters.size).toBe(3);
  });

  it('assume roles only Scheduler of this account can, each able to start only its target', () => {
    for (const [name, schedule] of schedules) {
      const roleId = (schedule['Target'] as { RoleArn: { 'Fn::GetAtt': [string] } }).RoleArn['Fn::GetAtt'][0];
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'scheduler.amazonaws.com' },
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ],
        },
      });
      const actions = [...new Set(statementsOfRole(template, roleId).flatMap(actionsOf))].sort();
      const start = name.endsWith('monthly-run') ? 'states:StartExecution' : 'lambda:InvokeFunction';
      expect(actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', start, 'sqs:SendMessage'].sort());
    }
  });
});
