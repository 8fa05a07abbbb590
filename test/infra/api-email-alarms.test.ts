import { App, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { API_THROTTLE, AtbalstsApi } from '../../infra/constructs/api.ts';
import { ROUTES } from '../../infra/constructs/api-routes.ts';
import { propertyOf, resourcesOf, synthesized, temporaryOutdir } from './synth.ts';

const PREFIX = 'atbalsts-dev';

describe('the API', () => {
  const { statelessTemplate: template } = synthesized();

  it('authorizes with a JWT from the staff user pool, for the web client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [Match.anyValue()],
        Issuer: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['https://cognito-idp.'])] }),
      },
    });
  });

  it('has the routes of infra/routes.ts; only the public ones and the session pages go without the JWT', () => {
    const routes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties ?? {},
    );
    expect(routes.map((route) => route['RouteKey']).sort()).toEqual(
      ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const route of routes) {
      const definition = ROUTES.find((r) => `${r.method} ${r.path}` === route['RouteKey']);
      expect(route['AuthorizationType']).toBe(definition?.access === 'staff' ? 'JWT' : 'NONE');
    }
  });

  it('throttles the default stage and logs every request to an encrypted log group, without bodies or tokens', () => {
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: API_THROTTLE.rateLimit,
        ThrottlingBurstLimit: API_THROTTLE.burstLimit,
      },
    });
    const accessLog = stage?.Properties?.['AccessLogSettings'] as {
      DestinationArn: { 'Fn::GetAtt': [string] };
      Format: string;
    };
    expect(Object.keys(JSON.parse(accessLog.Format))).toEqual(
      expect.arrayContaining(['requestId', 'routeKey', 'status', 'user']),
    );
    expect(accessLog.Format).not.toMatch(/body|authorization|querystring/i);
    expect(
      resourcesOf(template, 'AWS::Logs::LogGroup')[accessLog.DestinationArn['Fn::GetAtt'][0]]?.Properties,
    ).toMatchObject({
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^OperationsKey/), 'Arn'] },
      RetentionInDays: 365,
    });
  });

  it("allows cross-origin calls from the app's origin only", () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://atbalsts.example.lv'] }),
    });
  });

  it('refuses a public route without a reason', () => {
    const stack = new Stack(new App({ outdir: temporaryOutdir() }), 'ApiCheck');
    const pool = new cognito.UserPool(stack, 'Pool');
    const health = new lambda.Function(stack, 'Health', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const props = {
      prefix: 'check',
      appUrl: 'https://atbalsts.example.lv',
      userPool: pool,
      userPoolClient: pool.addClient('Web'),
      logKey: new kms.Key(stack, 'Key'),
      handlers: { health, session: health, app: health },
    };
    expect(
      () =>
        new AtbalstsApi(stack, 'Api', {
          ...props,
          routes: [{ method: 'GET', path: '/open', handler: 'health', access: 'public' }],
        }),
    ).toThrow('public without a publicReason');
  });
});

describe('email', () => {
  const { statelessTemplate: template } = synthesized();

  it('sends through a configuration set that requires TLS, publishes reputation metrics and suppresses bounced addresses', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: PREFIX,
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    // The identity is in the stateful stack, retained (its verification and DKIM records survive).
    synthesized().statefulTemplate.hasResource('AWS::SES::EmailIdentity', {
      Properties: { EmailIdentity: 'atbalsts@example.lv' },
      DeletionPolicy: 'Retain',
    });
    expect(Object.keys(resourcesOf(template, 'AWS::SES::EmailIdentity'))).toEqual([]);
  });

  it('sends bounces and complaints through an encrypted topic to the ses-events function', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^EmailEventTopic') } },
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: `${PREFIX}-ses-events`,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OperationsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: Match.stringLikeRegexp('^EmailEventTopic') },
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SesEventsFunction'), 'Arn'] },
    });
  });

  it('lets SES and CloudWatch use the operations key only for this account', () => {
    const [key] = Object.values(resourcesOf(template, 'AWS::KMS::Key'));
    const statements = propertyOf<{ Statement: Record<string, unknown>[] }>(key, 'KeyPolicy').Statement;
    for (const service of ['ses.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      expect(statements).toContainEqual(
        expect.objectContaining({
          Principal: { Service: service },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }),
      );
    }
  });
});

describe('alarms', () => {
  const { statelessTemplate: template, stateless } = synthesized();
  const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(
    (alarm) => alarm.Properties ?? {},
  );
  const named = (name: string) => alarms.find((alarm) => alarm['AlarmName'] === `${PREFIX}-${name}`);

  it('go to an encrypted topic with the alarm email subscribed, when raised and when cleared', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: `${PREFIX}-alarms`,
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OperationsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'atbalsts-alarms@example.lv',
    });
    for (const alarm of alarms) {
      expect(alarm['AlarmActions']).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(alarm['OKActions']).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      expect(alarm['TreatMissingData']).toBe('notBreaching');
    }
  });

  it('watch failed and timed-out executions of both machines, and aborted ones of the monthly run', () => {
    const metricsOf = (alarm: Record<string, unknown> | undefined) =>
      ((alarm?.['Metrics'] ?? []) as { MetricStat?: { Metric: { MetricName: string } } }[])
        .flatMap((metric) => (metric.MetricStat ? [metric.MetricStat.Metric.MetricName] : []))
        .sort();
    expect(metricsOf(named('ReviewCycleExecutions'))).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut']);
    expect(metricsOf(named('MonthlyRunExecutions'))).toEqual([
      'ExecutionsAborted',
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
  });

  it('watch every dead-letter queue, the failed outbox items, bounces, complaints and every function', () => {
    const queueAlarms = alarms.filter(
      (alarm) => alarm['MetricName'] === 'ApproximateNumberOfMessagesVisible',
    );
    expect(queueAlarms).toHaveLength(Object.keys(resourcesOf(template, 'AWS::SQS::Queue')).length);
    expect(named('OutboxFailed')).toMatchObject({
      Namespace: 'Atbalsts',
      MetricName: 'OutboxFailed',
      Dimensions: [{ Name: 'service', Value: `${PREFIX}-outbox-sender` }],
      Threshold: 1,
    });
    expect(named('DeliveryBounced')).toMatchObject({
      Dimensions: [{ Name: 'service', Value: `${PREFIX}-ses-events` }],
    });
    expect(named('DeliveryComplained')).toBeDefined();
    const errorAlarms = alarms.filter(
      (alarm) => alarm['MetricName'] === 'Errors' && alarm['Namespace'] === 'AWS/Lambda',
    );
    expect(errorAlarms).toHaveLength(Object.keys(stateless.functions).length);
  });
});
