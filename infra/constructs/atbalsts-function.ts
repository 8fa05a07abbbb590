/**
 * Every Atbalsts Lambda function, with the defaults a reviewer expects and nothing to remember:
 * arm64, Node.js 22, explicit memory and timeout, its own role (no AWS managed policy; it may
 * write only to its own log group), its own log group with a retention and encrypted with a
 * customer-managed key, JSON logs at INFO, Powertools for AWS Lambda settings (service name, log
 * level, metrics namespace; the event is never logged), X-Ray tracing, and an ESM bundle built by
 * the local esbuild (never Docker). Each default can be overridden through `functionProps`, in the
 * style of AWS Solutions Constructs; what a function may touch is granted by its caller.
 *
 * @example
 * const activate = new AtbalstsFunction(this, 'CycleActivate', {
 *   functionName: 'atbalsts-prod-cycle-activate',
 *   entry: HANDLER_ENTRIES.workflow,
 *   description: 'Review cycle: activate the approved plan',
 *   environment: { ATBALSTS_STEP: 'cycle-activate' },
 *   logKey: operationsKey,
 * });
 * table.grantReadWriteData(activate.function);
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantSendToEncryptedQueue } from './grants.ts';

/** The repository root: esbuild resolves imports and the lock file from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundles the functions are built from. */
export const HANDLER_ENTRIES = {
  /** Every workflow step and the timesheet reminders: one bundle, the step named in ATBALSTS_STEP. */
  workflow: path.join(PROJECT_ROOT, 'functions/handlers/index.ts'),
  outboxSender: path.join(PROJECT_ROOT, 'functions/handlers/outbox-sender.ts'),
  sesEvents: path.join(PROJECT_ROOT, 'functions/handlers/ses-events.ts'),
  api: path.join(PROJECT_ROOT, 'functions/handlers/api.ts'),
  health: path.join(PROJECT_ROOT, 'functions/handlers/health.ts'),
  session: path.join(PROJECT_ROOT, 'functions/handlers/session.ts'),
} as const;

/** Where Powertools metrics go (Embedded Metric Format in the log: no PutMetricData permission needed). */
export const METRICS_NAMESPACE = 'Atbalsts';

/** Log retention for every function, state machine and the API: a year of operational history. */
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

export interface AtbalstsFunctionProps {
  /** The function's physical name; the workflows find their functions by it (workflows/names.ts). */
  functionName: string;
  /** The TypeScript module whose `handler` export is the entry point. */
  entry: string;
  description: string;
  /** Added to the Powertools settings; never secrets (read those from Secrets Manager). */
  environment?: Record<string, string>;
  /** @default 512 MB */
  memorySize?: number;
  /** @default 30 seconds */
  timeout?: Duration;
  /** Encrypts the function's log group. */
  logKey: kms.IKey;
  /** @default one year */
  logRetention?: logs.RetentionDays;
  /** @default INFO */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** For functions invoked asynchronously (schedules, SNS): where an event goes after the retries. */
  deadLetterQueue?: { queue: sqs.IQueue; key: kms.IKey };
  /** Asynchronous retries before the dead-letter queue. @default 2 (Lambda's own default) */
  retryAttempts?: number;
  /** Any other NodejsFunction property; wins over the defaults above. */
  functionProps?: Partial<nodejs.NodejsFunctionProps>;
}

/** The esbuild settings every bundle shares. */
export const BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  // Prefer each package's ES module build; fall back to CommonJS.
  mainFields: ['module', 'main'],
  // A CommonJS dependency that calls require() still works inside an ES module bundle.
  banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  // Our pinned SDK, tested with this code, rather than whichever the runtime happens to carry.
  bundleAwsSDK: true,
  externalModules: [],
};

export class AtbalstsFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  /** Invoked asynchronously, with a dead-letter queue after Lambda's own retries. */
  readonly hasDeadLetterQueue: boolean;

  constructor(scope: Construct, id: string, props: AtbalstsFunctionProps) {
    super(scope, id);
    // Unnamed and retained: the logs outlive a replaced stateless stack until their retention
    // ends, and a redeployment never collides with a log group left behind.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? DEFAULT_LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Its own role with no managed policy: it may write its own log group and nothing else until
    // the caller grants more.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Runs ${props.functionName}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    const logLevel = props.logLevel ?? 'INFO';
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry: props.entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      ...(props.deadLetterQueue && { deadLetterQueue: props.deadLetterQueue.queue }),
      ...(props.retryAttempts !== undefined && { retryAttempts: props.retryAttempts }),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.functionName,
        POWERTOOLS_LOG_LEVEL: logLevel,
        // Events carry case ids and task tokens; never write them to the log.
        POWERTOOLS_LOGGER_LOG_EVENT: 'false',
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        ...props.environment,
      },
      bundling: BUNDLING,
      ...props.functionProps,
    });
    this.hasDeadLetterQueue = props.deadLetterQueue !== undefined;
    if (props.deadLetterQueue) {
      grantSendToEncryptedQueue(this.role, props.deadLetterQueue.queue, props.deadLetterQueue.key);
    }
  }
}
