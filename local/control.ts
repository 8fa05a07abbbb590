/**
 * The local system's control routes, beside the API on the same port and only there (AWS has no
 * such thing): read the system's clock and move it ahead, and send the outbox now.
 *
 *   GET  /_local/clock                 { now, riga, offsetMs, next: { timesheet-reminders, monthly-run } }
 *   POST /_local/clock/advance         { "days": 30 } | { "hours": 6 } | { "minutes": 5 } | { "to": "<instant>" }
 *   POST /_local/outbox/drain          { sent, failed, released, skipped }
 *
 * An advance answers once the system has caught up: every Wait, timeout and schedule due on the
 * way has fired in order and every step and drain it caused has finished.
 *
 * @example
 * // curl -s -X POST http://127.0.0.1:8080/_local/clock/advance -d '{"days":30}'
 * if (await handleControlRequest(system, request, response)) return;
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { RIGA_TIME_ZONE } from '../functions/domain/calendar.ts';
import { formatPath } from '../functions/domain/errors.ts';
import type { DrainSummary } from '../functions/notify/sender.ts';
import type { LocalSchedules } from './schedules.ts';

/** What the control routes need of the running system. */
export interface ControlledSystem {
  clock: { now(): Date };
  schedules: Pick<LocalSchedules, 'next'>;
  advanceTo(instant: Date | string): Promise<void>;
  deliver(): Promise<DrainSummary>;
}

export const CONTROL_PREFIX = '/_local/';

/** The longest single advance: ten years is more than any cycle or run needs, and bounds a mistake. */
const MAX_ADVANCE_DAYS = 3_660;

/** One way of saying how far; exactly one field. */
export const advanceRequestSchema = z
  .strictObject({
    days: z.number().positive().max(MAX_ADVANCE_DAYS).optional(),
    hours: z
      .number()
      .positive()
      .max(MAX_ADVANCE_DAYS * 24)
      .optional(),
    minutes: z
      .number()
      .positive()
      .max(MAX_ADVANCE_DAYS * 24 * 60)
      .optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((request) => Object.keys(request).length === 1, {
    message: 'give exactly one of days, hours, minutes or to',
  });
export type AdvanceRequest = z.infer<typeof advanceRequestSchema>;

/**
 * The instant an advance request moves the clock to.
 *
 * @example
 * advanceTarget({ days: 30 }, new Date('2025-01-01T00:00:00Z')).toISOString() // '2025-01-31T00:00:00.000Z'
 */
export function advanceTarget(request: AdvanceRequest, now: Date): Date {
  if (request.to !== undefined) return new Date(request.to);
  const minutes = (request.days ?? 0) * 1_440 + (request.hours ?? 0) * 60 + (request.minutes ?? 0);
  return new Date(now.getTime() + Math.round(minutes * 60_000));
}

/** The clock as the routes show it: the instant, and the same instant on a Riga wall clock. */
export function clockView(system: ControlledSystem): Record<string, unknown> {
  const now = system.clock.now();
  const offsetMs = (system.clock as { offsetMs?: number }).offsetMs;
  return {
    now: now.toISOString(),
    riga: Temporal.Instant.fromEpochMilliseconds(now.getTime())
      .toZonedDateTimeISO(RIGA_TIME_ZONE)
      .toPlainDateTime()
      .toString({ smallestUnit: 'minute' }),
    ...(offsetMs !== undefined && { offsetMs }),
    next: system.schedules.next(),
  };
}

/**
 * Answer a control request; false when the path is not a control route (the API's turn).
 *
 * @example
 * const handled = await handleControlRequest(system, request, response);
 */
export async function handleControlRequest(
  system: ControlledSystem,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
  const route = `${request.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'GET /_local/clock':
      json(response, 200, clockView(system));
      return true;
    case 'POST /_local/clock/advance': {
      const body = await readJson(request);
      const parsed = advanceRequestSchema.safeParse(body);
      if (!parsed.success) {
        problem(response, 400, 'the advance request is not valid', {
          errors: parsed.error.issues.map((issue) => ({
            path: formatPath(issue.path) || '(body)',
            message: issue.message,
          })),
        });
        return true;
      }
      const target = advanceTarget(parsed.data, system.clock.now());
      if (target.getTime() < system.clock.now().getTime()) {
        problem(response, 409, 'the clock only moves forward', { now: system.clock.now().toISOString() });
        return true;
      }
      await system.advanceTo(target);
      json(response, 200, clockView(system));
      return true;
    }
    case 'POST /_local/outbox/drain':
      json(response, 200, await system.deliver());
      return true;
    default:
      problem(response, 404, `no control route ${route}`, {
        routes: ['GET /_local/clock', 'POST /_local/clock/advance', 'POST /_local/outbox/drain'],
      });
      return true;
  }
}

/** The request's body as JSON; undefined when empty or not JSON (the schema then names the problem). */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16_384) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}

function problem(
  response: ServerResponse,
  status: number,
  title: string,
  extra: Record<string, unknown> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/problem+json' });
  response.end(`${JSON.stringify({ type: 'about:blank', status, title, ...extra }, null, 2)}\n`);
}
