import { App } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build.ts';
import { REASONS } from '../../infra/nag.ts';
import { CDK_CONTEXT, POLICY_DATE, synthesized, temporaryOutdir } from './synth.ts';

/** `AwsSolutions-IAM5[Resource::<cycleactivateFunction21CAB4BB.Arn>:*]` -> `AwsSolutions-IAM5[Resource::<function>:*]` */
const ruleFamily = (ruleName: string) => ruleName.replace(/<[A-Za-z0-9]+\.Arn>/, '<function>');

describe('cdk-nag: AWS Solutions and HIPAA Security', () => {
  const { report } = synthesized();

  it('runs both packs and leaves no finding unacknowledged, warnings included', () => {
    expect(report.pluginReports.map((plugin) => plugin.pluginName).sort()).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
    ]);
    for (const plugin of report.pluginReports) {
      expect(plugin.conclusion).toBe('success');
      expect(plugin.violations).toEqual([]);
    }
  });

  it('acknowledges only these findings, each with its reason', () => {
    const acknowledged = new Map<string, Set<string>>();
    for (const plugin of report.pluginReports) {
      for (const violation of plugin.suppressedViolations ?? []) {
        const family = ruleFamily(violation.ruleName);
        const reasons = acknowledged.get(family) ?? new Set();
        reasons.add(violation.reason);
        acknowledged.set(family, reasons);
      }
    }
    expect([...acknowledged.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<function>:*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:atbalsts-dev-review-cycle:*]',
        'AwsSolutions-L1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
        'HIPAA.Security-IAMNoInlinePolicy',
        'HIPAA.Security-LambdaConcurrency',
        'HIPAA.Security-LambdaDLQ',
        'HIPAA.Security-LambdaInsideVPC',
        'HIPAA.Security-SecretsManagerRotationEnabled',
      ].sort(),
    );
    const known = new Set<string>(Object.values(REASONS));
    for (const [family, reasons] of acknowledged) {
      for (const reason of reasons) {
        if (family === 'AwsSolutions-APIG4') expect(reason).toMatch(/^Public by design: .{20,}/);
        else expect(known.has(reason), `${family}: ${reason}`).toBe(true);
      }
    }
  });

  it('acknowledges the API finding for /health, /openapi.json, the parents’ links and pages and the session pages only; every other route needs a token', () => {
    const publicRoutes = report.pluginReports
      .flatMap((plugin) => plugin.suppressedViolations ?? [])
      .filter((violation) => violation.ruleName === 'AwsSolutions-APIG4')
      .flatMap((violation) => violation.violatingConstructs.map((c) => c.constructPath));
    expect(publicRoutes.map((path) => /\/(GET|POST|ANY)--[^/]+\//.exec(path)?.[0]).sort()).toEqual(
      [
        '/GET--health/',
        '/GET--openapi.json/',
        '/GET--links--{token}/',
        '/GET--links--{token}--statements--{month}/',
        '/POST--links--{token}--consent/',
        '/POST--links--{token}--ranking/',
        // The parents' pages without an API twin (functions/pages/public-routes.ts).
        '/GET--assets--{file}/',
        '/GET--accessibility/',
        '/GET--links--{token}--ranking--sent/',
        '/GET--links--{token}--consent--sent/',
        '/POST--links--{token}--hours/',
        '/GET--links--{token}--hours--sent/',
        // The pages behind the app's own session cookie (functions/session/routes.ts).
        '/GET--sign-in/',
        '/GET--sign-in--callback/',
        '/POST--sign-out/',
        '/GET--signed-out/',
        '/ANY--hours/',
        '/ANY--hours--{proxy+}/',
        '/ANY--workspace/',
        '/ANY--workspace--{proxy+}/',
      ].sort(),
    );
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const app = new App({
      outdir: temporaryOutdir(),
      context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] },
    });
    const { stateless } = buildApp(app, { policyDate: POLICY_DATE });
    new sqs.Queue(stateless, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4|AwsSolutions-SQS3/);
  });
});
