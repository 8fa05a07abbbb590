import { afterEach, describe, expect, it, vi } from 'vitest';
import { type EventLog, logEvent } from '../functions/event-log.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('logging an event', () => {
  it('goes through the log the context hands in (Powertools on Lambda), with its level, name and fields', () => {
    const calls: Parameters<EventLog>[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    logEvent({ eventLog: (...call) => calls.push(call) }, 'warn', 'run-case-failed', {
      caseId: 'c-2',
      error: 'CaseDataError',
    });
    expect(calls).toEqual([['warn', 'run-case-failed', { caseId: 'c-2', error: 'CaseDataError' }]]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is one JSON line on the console at its level where the context has no log', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    logEvent({}, 'info', 'run-finished', { runId: '2024-03', summaries: 2 });
    expect(info.mock.calls).toEqual([
      [JSON.stringify({ event: 'run-finished', runId: '2024-03', summaries: 2 })],
    ]);
  });
});
