/**
 * Errors a local Task state fails with. The library matches Retry and Catch on `name` and reads
 * `isRetryable`/`isCatchable` when present, so these carry the Step Functions error name.
 */

/** A task failure as Step Functions reports it: `name` is the error, `message` the cause. */
export class TaskFailure extends Error {
  constructor(error: string, cause = '') {
    super(cause);
    this.name = error;
  }
}

/** `States.Timeout`: the task outlived its TimeoutSeconds or missed a heartbeat. */
export class TaskTimeout extends TaskFailure {
  constructor(cause: string) {
    super('States.Timeout', cause);
  }
}

/**
 * The execution was stopped: the state neither retries nor is caught, so no handler runs for a
 * stopped execution.
 */
export class ExecutionStopped extends TaskFailure {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(executionArn: string) {
    super('States.Runtime', `execution ${executionArn} was stopped`);
  }
}

/** The definition asks for something this runtime cannot do; not retried, not caught. */
export class LocalRuntimeError extends TaskFailure {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super('States.Runtime', message);
  }
}
