/**
 * The task-token registry behind `.waitForTaskToken` locally. A token is issued when the ASL
 * reads `$$.Task.Token`; the task's handler receives it inside its payload and stores it (on the
 * case); the task then waits until `succeed`, `fail`, its timeout or a missed heartbeat, or until
 * its execution stops. An answer may arrive before the task starts waiting: it is kept.
 *
 * @example
 * const token = tokens.issue(executionArn);
 * const waiting = tokens.wait(token, { clock, timeoutMs: 14 * DAY_MS });
 * tokens.succeed(token, '{"assessmentId":"a-1"}'); // `waiting` resolves with the parsed output
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../functions/orchestrator/clock.ts';
import { OrchestratorError } from '../../functions/orchestrator/orchestrator.ts';
import { withResolvers } from './promise-with-resolvers.ts';
import { ExecutionStopped, TaskFailure, TaskTimeout } from './task-errors.ts';

type TokenStatus = 'issued' | 'waiting' | 'succeeded' | 'failed' | 'timed-out' | 'closed';

interface TokenRecord {
  executionArn: string;
  status: TokenStatus;
  answer: Promise<unknown>;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  /** Restarts the heartbeat deadline, while waiting with HeartbeatSeconds. */
  onHeartbeat?: () => void;
  /** When the task times out, once it waits with a timeout. */
  deadline?: { clock: Clock; at: number };
  cancelTimers: Array<() => void>;
}

export interface WaitOptions {
  clock: Clock;
  /** From the task's start: after this, `States.Timeout`. */
  timeoutMs?: number;
  /** Longest gap between heartbeats before `States.Timeout`. */
  heartbeatMs?: number;
}

const TOKEN_PREFIX = 'local-task-';

export class TaskTokenRegistry {
  readonly #records = new Map<string, TokenRecord>();

  /**
   * A new token for a task of the execution.
   *
   * @example
   * const token = tokens.issue('arn:aws:states:eu-north-1:000000000000:execution:demo:run-1');
   */
  issue(executionArn: string): string {
    const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const { promise, resolve, reject } = withResolvers<unknown>();
    // The task may fail or stop before anyone waits; the waiter sees the rejection, not Node.
    promise.catch(() => {});
    this.#records.set(token, {
      executionArn,
      status: 'issued',
      answer: promise,
      resolve,
      reject,
      cancelTimers: [],
    });
    return token;
  }

  /**
   * The tokens issued to the execution, still unanswered, that appear as a string in `payload`.
   *
   * @example
   * const [token] = tokens.findIn(executionArn, { caseId: 'c-1', token: 'local-task-…' });
   */
  findIn(executionArn: string, payload: unknown): string[] {
    const found = new Set<string>();
    const visit = (value: unknown): void => {
      if (typeof value === 'string') {
        const record = this.#records.get(value);
        if (record?.executionArn === executionArn && record.status === 'issued') found.add(value);
      } else if (Array.isArray(value)) {
        for (const item of value) visit(item);
      } else if (value !== null && typeof value === 'object') {
        for (const item of Object.values(value)) visit(item);
      }
    };
    visit(payload);
    return [...found];
  }

  /**
   * Wait for the token's answer, with the task's timeout and heartbeat on `clock`.
   * `startedAt` is when the task started, so time its handler took counts.
   *
   * @example
   * const output = await tokens.wait(token, { clock, timeoutMs: 60_000 });
   */
  wait(token: string, options: WaitOptions, startedAt = options.clock.now()): Promise<unknown> {
    const record = this.#records.get(token);
    if (!record) return Promise.reject(new OrchestratorError('TaskDoesNotExist', 'unknown task token'));
    if (record.status === 'issued') {
      record.status = 'waiting';
      const { clock, timeoutMs, heartbeatMs } = options;
      if (timeoutMs !== undefined) {
        const left = timeoutMs - (clock.now().getTime() - startedAt.getTime());
        record.deadline = { clock, at: startedAt.getTime() + timeoutMs };
        record.cancelTimers.push(
          clock.schedule(left, () => this.#timeOut(token, `no answer within ${timeoutMs / 1_000} s`)),
        );
      }
      if (heartbeatMs !== undefined) {
        let cancelHeartbeat = (): void => {};
        record.onHeartbeat = () => {
          cancelHeartbeat();
          cancelHeartbeat = clock.schedule(heartbeatMs, () =>
            this.#timeOut(token, `no heartbeat within ${heartbeatMs / 1_000} s`),
          );
        };
        record.onHeartbeat();
        record.cancelTimers.push(() => cancelHeartbeat());
      }
    }
    return record.answer;
  }

  /**
   * Answer the token: its task continues with `output` (JSON text).
   *
   * @example
   * tokens.succeed(token, JSON.stringify({ approved: true }));
   */
  succeed(token: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new OrchestratorError('InvalidOutput', 'the output is not JSON');
    }
    const record = this.#open(token);
    this.#finish(record, 'succeeded');
    record.resolve(parsed);
  }

  /**
   * Fail the token's task with `error` (what Retry and Catch match) and `cause`.
   *
   * @example
   * tokens.fail(token, 'Assessment.Rejected', 'the team withdrew it');
   */
  fail(token: string, error: string, cause = ''): void {
    const record = this.#open(token);
    this.#finish(record, 'failed');
    record.reject(new TaskFailure(error, cause));
  }

  /** Restart the heartbeat deadline of a waiting task. */
  heartbeat(token: string): void {
    this.#open(token).onHeartbeat?.();
  }

  /** The task failed or its execution stopped: its tokens take no more answers. */
  close(token: string, reason: Error): void {
    const record = this.#records.get(token);
    if (!record || (record.status !== 'issued' && record.status !== 'waiting')) return;
    this.#finish(record, isPastDeadline(record) ? 'timed-out' : 'closed');
    record.reject(reason);
  }

  /** Close every open token of a stopped or finished execution. */
  closeExecution(executionArn: string): void {
    for (const [token, record] of this.#records) {
      if (record.executionArn === executionArn) this.close(token, new ExecutionStopped(executionArn));
    }
  }

  /** Tokens still open, for diagnosis and teardown checks. */
  get openCount(): number {
    let open = 0;
    for (const record of this.#records.values()) {
      if (record.status === 'issued' || record.status === 'waiting') open += 1;
    }
    return open;
  }

  #open(token: string): TokenRecord {
    if (!token.startsWith(TOKEN_PREFIX)) throw new OrchestratorError('InvalidToken', 'not a task token');
    const record = this.#records.get(token);
    if (!record) throw new OrchestratorError('TaskDoesNotExist', 'unknown task token');
    // The library's own timer may have failed the task a moment before ours marks the token.
    if (record.status === 'waiting' && isPastDeadline(record)) this.#timeOut(token, 'the task timed out');
    if (record.status === 'timed-out') throw new OrchestratorError('TaskTimedOut', 'the task timed out');
    if (record.status !== 'issued' && record.status !== 'waiting') {
      throw new OrchestratorError('TaskDoesNotExist', `the task is ${record.status}`);
    }
    return record;
  }

  #timeOut(token: string, cause: string): void {
    const record = this.#records.get(token);
    if (record?.status !== 'waiting') return;
    this.#finish(record, 'timed-out');
    record.reject(new TaskTimeout(cause));
  }

  #finish(record: TokenRecord, status: TokenStatus): void {
    record.status = status;
    for (const cancel of record.cancelTimers) cancel();
    record.cancelTimers = [];
    delete record.onHeartbeat;
  }
}

function isPastDeadline(record: TokenRecord): boolean {
  return record.deadline !== undefined && record.deadline.clock.now().getTime() >= record.deadline.at;
}
