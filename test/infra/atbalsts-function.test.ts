import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { AtbalstsFunction, BUNDLING, HANDLER_ENTRIES } from '../../infra/constructs/atbalsts-function.ts';
import { temporaryOutdir } from './synth.ts';

function build(props: Partial<ConstructorParameters<typeof AtbalstsFunction>[2]> = {}) {
  const app = new App({ outdir: temporaryOutdir(), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'FunctionCheck');
  new AtbalstsFunction(stack, 'Health', {
    functionName: 'check-health',
    entry: HANDLER_ENTRIES.health,
    description: 'check',
    logKey: new kms.Key(stack, 'Key'),
    ...props,
  });
  return Template.fromStack(stack);
}

describe('AtbalstsFunction', () => {
  it('bundles ES modules with the local esbuild, never Docker, with the SDK pinned in the bundle', () => {
    expect(BUNDLING).toMatchObject({
      forceDockerBundling: false,
      format: 'esm',
      target: 'node22',
      bundleAwsSDK: true,
    });
  });

  it('gives safe defaults: 512 MB, 30 s, Node.js 22 on arm64, INFO logs', () => {
    build().hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 30,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('lets a caller override any default, and its own log level', () => {
    const template = build({
      memorySize: 1024,
      timeout: Duration.minutes(2),
      logLevel: 'DEBUG',
      functionProps: { runtime: lambda.Runtime.NODEJS_24_X, reservedConcurrentExecutions: 2 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 1024,
      Timeout: 120,
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 2,
      LoggingConfig: { ApplicationLogLevel: 'DEBUG' },
      Environment: { Variables: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } },
    });
  });

  it('may write only to its own log group until granted more', () => {
    const template = build();
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    const statements = policy?.['Properties'].PolicyDocument.Statement as {
      Action: string[];
      Resource: unknown;
    }[];
    const logs = statements.find((statement) => [statement.Action].flat().includes('logs:PutLogEvents'));
    expect(logs?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HealthLogs/), 'Arn'] });
    expect(statements.flatMap((statement) => [statement.Action].flat()).sort()).toEqual(
      [
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });
});
