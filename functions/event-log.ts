/**
 * The one way the workflows' tasks and runs log an event: a name and fields that are ids, counts
 * and error names, never a person's name, address or anything about a child's health. On Lambda
 * the entries hand the Powertools logger in (functions/handlers/aws-context.ts); elsewhere (the
 * local system, tests, the CLI) an event is one JSON line on the console.
 *
 * @example
 * logEvent(context, 'warn', 'run-case-failed', { runId: '2024-03', caseId: 'c-2', error: 'CaseDataError' });
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | undefined>;
export type EventLog = (level: LogLevel, event: string, fields: LogFields) => void;

/** One JSON line on the console, `event` first: where no log is handed in. */
export const consoleEventLog: EventLog = (level, event, fields) =>
  console[level](JSON.stringify({ event, ...fields }));

/** Log through the context's log, or the console where it has none. */
export function logEvent(
  context: { eventLog?: EventLog | undefined },
  level: LogLevel,
  event: string,
  fields: LogFields,
): void {
  (context.eventLog ?? consoleEventLog)(level, event, fields);
}
