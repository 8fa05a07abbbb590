/**
 * The control routes and `atbalsts clock` over them, on a virtual clock behind a real HTTP server:
 * reading the clock, moving it by a duration or to an instant, refusing bad requests and going
 * back, leaving other paths to the API; the command's durations, output and exit codes.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceBodyOf, clockCommand } from '../../cli/clock.ts';
import { EXIT_UNAVAILABLE } from '../../cli/io.ts';
import { advanceTarget, type ControlledSystem, handleControlRequest } from '../../local/control.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';

const clock = new VirtualClock('2025-01-15T10:00:00Z');
let drains = 0;
const system: ControlledSystem = {
  clock,
  schedules: {
    next: () => ({
      'timesheet-reminders': '2025-02-01T04:00:00.000Z',
      'monthly-run': '2025-02-10T04:00:00.000Z',
    }),
  },
  advanceTo: (instant) => clock.advanceTo(instant),
  deliver: async () => {
    drains += 1;
    return { sent: 2, failed: 0, released: 0, skipped: 0 };
  },
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    void handleControlRequest(system, request, response).then((handled) => {
      if (!handled) {
        response.writeHead(418);
        response.end('the API');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('the control routes', () => {
  it('show the clock in UTC and on a Riga wall clock, with the next schedules', async () => {
    const body = (await (await fetch(`${base}/_local/clock`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      now: '2025-01-15T10:00:00.000Z',
      riga: '2025-01-15T12:00',
      next: { 'monthly-run': '2025-02-10T04:00:00.000Z' },
    });
  });

  it('move the clock by days, hours or minutes, or to an instant, and answer with where it is', async () => {
    expect((await post('/_local/clock/advance', { days: 1 })).body['now']).toBe('2025-01-16T10:00:00.000Z');
    expect((await post('/_local/clock/advance', { hours: 2 })).body['now']).toBe('2025-01-16T12:00:00.000Z');
    expect((await post('/_local/clock/advance', { minutes: 30 })).body['now']).toBe(
      '2025-01-16T12:30:00.000Z',
    );
    const moved = await post('/_local/clock/advance', { to: '2025-01-20T08:00:00+02:00' });
    expect(moved).toMatchObject({
      status: 200,
      body: { now: '2025-01-20T06:00:00.000Z', riga: '2025-01-20T08:00' },
    });
  });

  it('refuse a bad request naming the field, two ways at once, and going back', async () => {
    const negative = await post('/_local/clock/advance', { days: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body['errors']).toEqual([{ path: 'days', message: expect.any(String) }]);
    expect((await post('/_local/clock/advance', { days: 1, hours: 1 })).status).toBe(400);
    expect((await post('/_local/clock/advance', { weeks: 1 })).status).toBe(400);
    const back = await post('/_local/clock/advance', { to: '2025-01-01T00:00:00Z' });
    expect(back).toMatchObject({ status: 409, body: { title: 'the clock only moves forward' } });
    const notJson = await fetch(`${base}/_local/clock/advance`, { method: 'POST', body: 'thirty days' });
    expect(notJson.status).toBe(400);
  });

  it('send the outbox on request, name their routes for an unknown one, and leave other paths to the API', async () => {
    expect(await post('/_local/outbox/drain', {})).toMatchObject({ status: 200, body: { sent: 2 } });
    expect(drains).toBe(1);
    const unknown = await fetch(`${base}/_local/nothing`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { routes: string[] }).routes).toContain('POST /_local/clock/advance');
    expect((await fetch(`${base}/cases`)).status).toBe(418);
  });

  it('compute the target of a request', () => {
    const now = new Date('2025-01-01T00:00:00Z');
    expect(advanceTarget({ days: 1.5 }, now).toISOString()).toBe('2025-01-02T12:00:00.000Z');
    expect(advanceTarget({ to: '2025-03-01T00:00:00Z' }, now).toISOString()).toBe('2025-03-01T00:00:00.000Z');
  });
});

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('atbalsts clock', () => {
  it('reads durations and instants', () => {
    expect(advanceBodyOf('30d')).toEqual({ days: 30 });
    expect(advanceBodyOf('2w')).toEqual({ days: 14 });
    expect(advanceBodyOf('12h')).toEqual({ hours: 12 });
    expect(advanceBodyOf('90m')).toEqual({ minutes: 90 });
    expect(advanceBodyOf('2025-03-10T06:00:00+02:00')).toEqual({ to: '2025-03-10T06:00:00+02:00' });
    expect(() => advanceBodyOf('soon')).toThrow(/not a duration/);
  });

  it('moves the running system’s clock and prints where it is', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await clockCommand(['advance', '1d', '--url', base], {
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout.text())).toMatchObject({ now: '2025-01-21T06:00:00.000Z' });
    const shown = capture();
    expect(await clockCommand(['--url', base], { stdout: shown.stream, stderr: stderr.stream })).toBe(0);
    expect(JSON.parse(shown.text())['riga']).toBe('2025-01-21T08:00');
  });

  it('says what is wrong: usage, a refused move, nothing listening', async () => {
    const out = capture();
    const err = capture();
    const streams = { stdout: out.stream, stderr: err.stream };
    expect(await clockCommand(['advance'], streams)).toBe(64);
    expect(await clockCommand(['advance', 'soon'], streams)).toBe(64);
    expect(await clockCommand(['advance', '2024-01-01T00:00:00Z', '--url', base], streams)).toBe(
      EXIT_UNAVAILABLE,
    );
    expect(err.text()).toContain('the clock only moves forward');
    expect(await clockCommand(['--url', 'http://127.0.0.1:9'], streams)).toBe(EXIT_UNAVAILABLE);
    expect(err.text()).toContain('no local system answers at http://127.0.0.1:9');
  });
});
