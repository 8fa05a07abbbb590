/**
 * The HTTP API: a JWT authorizer on the staff user pool as every route's default, the routes of
 * infra/routes.ts, CORS for the app's origin only, throttling on the default stage, and access
 * logs (JSON, no request bodies, no tokens) in a log group encrypted with the operations key.
 *
 * @example
 * const api = new AtbalstsApi(this, 'Api', { prefix, appUrl, userPool, userPoolClient, logKey, handlers: { health } });
 * api.url // https://abc123.execute-api.eu-north-1.amazonaws.com/
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type RouteDefinition, type RouteHandler } from './api-routes.ts';
import { DEFAULT_LOG_RETENTION } from './atbalsts-function.ts';

/** Requests per second across the API, and the burst above it: a country's staff, with room. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export interface AtbalstsApiProps {
  prefix: string;
  appUrl: string;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
  logKey: kms.IKey;
  handlers: Record<RouteHandler, lambda.IFunction>;
  routes?: readonly RouteDefinition[];
}

export class AtbalstsApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The routes open without a token, with the reason each is (infra/routes.ts). */
  readonly publicRoutes: { route: apigwv2.HttpRoute; reason: string }[] = [];

  constructor(scope: Construct, id: string, props: AtbalstsApiProps) {
    super(scope, id);
    const authorizer = new authorizers.HttpUserPoolAuthorizer('StaffAuthorizer', props.userPool, {
      authorizerName: `${props.prefix}-staff`,
      userPoolClients: [props.userPoolClient],
    });
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${props.prefix}-api`,
      description: 'Atbalsts: the staff and parents API',
      defaultAuthorizer: authorizer,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [new URL(props.appUrl).origin],
        allowHeaders: ['authorization', 'content-type'],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.PATCH,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        maxAge: Duration.hours(1),
      },
    });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: DEFAULT_LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Who called what and how it went; never the body, the query string or the token.
    const accessLogFormat = apigateway.AccessLogFormat.custom(
      JSON.stringify({
        requestId: '$context.requestId',
        requestTime: '$context.requestTime',
        sourceIp: '$context.identity.sourceIp',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLatency: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
        authorizerError: '$context.authorizer.error',
        user: '$context.authorizer.claims.sub',
      }),
    );
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: accessLogFormat,
      },
    });

    // One integration per function, however many routes it answers.
    const integrationsByHandler = new Map<RouteHandler, integrations.HttpLambdaIntegration>();
    for (const route of props.routes ?? ROUTES) {
      const open = route.access !== 'staff';
      if (open && !route.publicReason) {
        throw new Error(`route ${route.method} ${route.path} is public without a publicReason`);
      }
      const integration =
        integrationsByHandler.get(route.handler) ??
        new integrations.HttpLambdaIntegration(`${route.handler}-integration`, props.handlers[route.handler]);
      integrationsByHandler.set(route.handler, integration);
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        ...(open && { authorizer: new apigwv2.HttpNoneAuthorizer() }),
      });
      if (open) {
        for (const httpRoute of added)
          this.publicRoutes.push({ route: httpRoute, reason: route.publicReason ?? '' });
      }
    }
  }

  /** The API's base URL (the default stage). */
  get url(): string {
    return this.stage.url;
  }
}
