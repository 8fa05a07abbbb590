/**
 * The assistants' routes over HTTP on DynamoDB Local: a month's timesheet as JSON and as the CSV
 * of their spreadsheet (errors by row and column, nothing stored when a row is bad), the dry run
 * of the month's settlement, their pay statements (their own lines only), and every refusal.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '../../functions/api/problem.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { confirmAsParents, submitConfirmed } from '../support/store-fixtures.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  createApiWorld,
  MUNICIPALITY,
  openCaseOverHttp,
} from './support.ts';

let world: ApiWorld;
const ref = (caseId: string) => ({ municipality: MUNICIPALITY, caseId });
const sheetPath = (caseId: string, month = '2024-02') => `/assistant/cases/${caseId}/timesheets/${month}`;

beforeAll(async () => {
  world = await createApiWorld('api-assistant');
  await activeCaseOverHttp(world, 'c-a');
  await openCaseOverHttp(world, 'c-other');
  // Into February: a month's timesheet is taken once the month has started.
  await world.advanceDays(25);
}, 120_000);
afterAll(async () => {
  await world?.close();
});

const entries = [
  { date: '2024-02-05', start: '08:00', end: '11:30', activity: 'education', confirmed: true },
  { date: '2024-02-06', hours: 2.5, activity: 'leisure', confirmed: true },
  { date: '2024-02-07', minutes: 90, end: '17:00', activity: 'health-care', confirmed: false },
];

describe('sending a timesheet', () => {
  it('stores a month as JSON in minutes, and shows it back with HH:MM times', async () => {
    const response = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.assistant,
      json: { entries },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ caseId: 'c-a', month: '2024-02', assistantId: 'a-1' });
    expect(response.body.entries).toEqual([
      {
        date: '2024-02-05',
        start: '08:00',
        end: '11:30',
        minutes: 210,
        activity: 'education',
        confirmed: true,
      },
      { date: '2024-02-06', minutes: 150, activity: 'leisure', confirmed: true },
      {
        date: '2024-02-07',
        start: '15:30',
        end: '17:00',
        minutes: 90,
        activity: 'health-care',
        confirmed: false,
      },
    ]);
    const stored = await world.table.store.timesheets.get(ref('c-a'), '2024-02', 'a-1');
    expect(stored?.entries[0]).toEqual({
      date: '2024-02-05',
      minutes: 210,
      start: 480,
      end: 690,
      activity: 'education',
      confirmed: true,
    });
    const read = await world.call('GET', sheetPath('c-a'), { token: world.tokens.assistant });
    expect(read.body.entries).toEqual(response.body.entries);
  });

  it('writes nothing when the same entries are sent again', async () => {
    const before = await world.partition(ref('c-a'));
    const again = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.assistant,
      json: { entries },
    });
    expect(again.status).toBe(200);
    expect(again.body.unchanged).toBe(true);
    expect(await world.partition(ref('c-a'))).toEqual(before);
  });

  it('names every bad entry field, and stores nothing', async () => {
    const before = await world.partition(ref('c-a'));
    const response = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.assistant,
      json: {
        entries: [
          { date: '2024-03-01', hours: 2, activity: 'education', confirmed: true },
          { date: '2024-02-08', activity: 'dancing', confirmed: true },
          { date: '2024-02-09', start: '10:00', end: '09:00', activity: 'work', confirmed: true },
          { date: '2024-02-10', start: '10:00', end: '11:00', hours: 3, activity: 'work', confirmed: true },
          { date: '2024-02-11', minutes: 60, hours: 1, activity: 'work', confirmed: 'yes' },
        ],
      },
    });
    expect(response.status).toBe(422);
    // Every problem in the first answer: the field that is not a boolean and the rules across fields.
    expect(response.body.errors).toEqual([
      { path: 'body.entries[4].confirmed', message: expect.any(String) },
      { path: 'body.entries[0].date', message: 'must be a date in 2024-02' },
      { path: 'body.entries[1].activity', message: expect.stringContaining('education') },
      { path: 'body.entries[1].hours', message: 'is required: give minutes or hours, or both start and end' },
      {
        path: 'body.entries[2].end',
        message: 'must be after start; split work past midnight into two entries',
      },
      { path: 'body.entries[3].hours', message: 'is more than the time from 10:00 to 11:00' },
      { path: 'body.entries[4].hours', message: 'give minutes or hours, not both' },
    ]);
    const typed = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.assistant,
      json: {
        entries: [
          { date: '2024-03-01', hours: 2, activity: 'education', confirmed: true },
          { date: '2024-02-08', activity: 'dancing', confirmed: true },
          { date: '2024-02-09', start: '10:00', end: '09:00', activity: 'work', confirmed: true },
          { date: '2024-02-10', start: '10:00', end: '11:00', hours: 3, activity: 'work', confirmed: true },
          { date: '2024-02-11', minutes: 60, hours: 1, activity: 'work', confirmed: true },
        ],
      },
    });
    expect(typed.status).toBe(422);
    expect(typed.body.errors).toEqual([
      { path: 'body.entries[0].date', message: 'must be a date in 2024-02' },
      { path: 'body.entries[1].activity', message: expect.stringContaining('education') },
      { path: 'body.entries[1].hours', message: 'is required: give minutes or hours, or both start and end' },
      {
        path: 'body.entries[2].end',
        message: 'must be after start; split work past midnight into two entries',
      },
      { path: 'body.entries[3].hours', message: 'is more than the time from 10:00 to 11:00' },
      { path: 'body.entries[4].hours', message: 'give minutes or hours, not both' },
    ]);
    expect(await world.partition(ref('c-a'))).toEqual(before);
  });

  it('takes the spreadsheet as CSV: Latvian headers, semicolons, decimal commas, dates DD.MM.YYYY, activity names', async () => {
    // The example's month (March 2024) as January: a month's timesheet is taken once it has started.
    const csv = readFileSync(
      new URL('../../docs/examples/timesheet.csv', import.meta.url),
      'utf8',
    ).replaceAll('.03.2024', '.01.2024');
    const response = await world.call('PUT', sheetPath('c-a', '2024-01'), {
      token: world.tokens.assistant,
      csv,
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.entries.length).toBeGreaterThan(3);
    expect(response.body.entries[0]).toEqual({
      date: '2024-01-01',
      start: '08:00',
      end: '11:30',
      minutes: 210,
      activity: 'education',
      confirmed: true,
    });
    const stored = await world.table.store.timesheets.get(ref('c-a'), '2024-01', 'a-1');
    expect(stored?.entries).toHaveLength(response.body.entries.length);
    expect(JSON.stringify(stored)).not.toContain('piezīm');
  });

  it('names a bad CSV cell by its row and column, every one, and stores nothing', async () => {
    const before = await world.partition(ref('c-a'));
    const csv = [
      'datums;sākums;beigas;stundas;aktivitāte;apstiprināts;piezīmes',
      '01.01.2024;08:00;11:30;3,5;Izglītība;jā;',
      '02.01.2024;;;2;Brīvā laika pavadīšana;jā;',
      '03.01.2024;;;divas;Izglītība;jā;',
      '32.01.2024;;;2;Izglītība;varbūt;',
      '',
      '05.01.2024;9.00;;1;dejas;nē;',
    ].join('\r\n');
    const response = await world.call('PUT', sheetPath('c-a', '2024-01'), {
      token: world.tokens.assistant,
      csv,
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'row 4, column stundas', row: 4, column: 'stundas', message: 'must be a number' },
      {
        path: 'row 5, column datums',
        row: 5,
        column: 'datums',
        message: 'must be a date YYYY-MM-DD or DD.MM.YYYY',
      },
      {
        path: 'row 5, column apstiprināts',
        row: 5,
        column: 'apstiprināts',
        message: 'must be yes or no (jā or nē)',
      },
      { path: 'row 7, column sākums', row: 7, column: 'sākums', message: 'must be a time HH:MM' },
      {
        path: 'row 7, column aktivitāte',
        row: 7,
        column: 'aktivitāte',
        message: expect.stringContaining('education (Izglītība)'),
      },
    ]);
    expect(await world.partition(ref('c-a'))).toEqual(before);
  });

  it('names the row and column of an entry the month’s rules refuse, and a header it cannot read', async () => {
    const outside = 'date,hours,activity,confirmed\n2024-01-02,2,education,yes\n2024-02-01,2,education,yes\n';
    const response = await world.call('PUT', sheetPath('c-a', '2024-01'), {
      token: world.tokens.assistant,
      csv: outside,
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      { path: 'row 3, column date', row: 3, column: 'date', message: 'must be a date in 2024-01' },
    ]);
    const header = await world.call('PUT', sheetPath('c-a', '2024-01'), {
      token: world.tokens.assistant,
      csv: 'date,hours,colour,confirmed\n2024-01-02,2,red,yes\n',
    });
    expect(header.status).toBe(422);
    expect(header.body.errors).toEqual([
      {
        path: 'row 1, column colour',
        row: 1,
        column: 'colour',
        message: expect.stringContaining('not a column'),
      },
      { path: 'row 1', row: 1, message: 'the header has no activity column' },
    ]);
    const empty = await world.call('PUT', sheetPath('c-a', '2024-04'), {
      token: world.tokens.assistant,
      csv: '',
    });
    expect(empty.status).toBe(422);
    expect(await world.table.store.timesheets.get(ref('c-a'), '2024-04', 'a-1')).toBeUndefined();
    // A header and no entries is not a timesheet either: nothing is stored.
    const headerOnly = await world.call('PUT', sheetPath('c-a', '2024-02'), {
      token: world.tokens.assistant,
      csv: 'datums;stundas;aktivitāte;apstiprināts\n',
    });
    expect(headerOnly.status).toBe(422);
    expect(headerOnly.body.errors).toEqual([
      { path: 'rows', message: 'must hold at least one entry: a month without work needs no timesheet' },
    ]);
  });

  it('refuses in one answer a month not started, a day over 24 h, twin and overlapping entries; warns of a day over the policy’s hours', async () => {
    const before = await world.partition(ref('c-a'));
    const entry = { date: '2024-02-12', activity: 'education', confirmed: true };
    const refused = await world.call('PUT', sheetPath('c-a', '2999-01'), {
      token: world.tokens.assistant,
      json: { entries: [{ ...entry, date: '2999-01-04', minutes: 60 }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      { path: 'path.month', message: 'must be a month that has started (2024-02 or before)' },
    ]);
    const day = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.assistant,
      json: {
        entries: [
          { ...entry, start: '00:00', end: '24:00' },
          { ...entry, hours: 12 },
          { ...entry, date: '2024-02-13', minutes: 60 },
          { ...entry, date: '2024-02-13', minutes: 60 },
          { ...entry, date: '2024-02-14', start: '08:00', end: '12:00' },
          { ...entry, date: '2024-02-14', start: '11:00', end: '13:00' },
        ],
      },
    });
    expect(day.status).toBe(422);
    expect(day.body.errors).toEqual([
      {
        path: 'body.entries[1].date',
        message: 'the entries of this day add up to more than 24 h (36 h so far)',
      },
      { path: 'body.entries[3]', message: expect.stringContaining('is the same as body.entries[2]') },
      { path: 'body.entries[5].start', message: 'overlaps the time of body.entries[4]' },
    ]);
    expect(await world.partition(ref('c-a'))).toEqual(before);
    const long = await world.call('PUT', sheetPath('c-a', '2024-01'), {
      token: world.tokens.assistant,
      json: { entries: [{ ...entry, date: '2024-01-12', hours: 18 }] },
    });
    expect(long.status).toBe(200);
    expect(long.body.warnings).toEqual([{ date: '2024-01-12', message: expect.stringContaining('DAY_CAP') }]);
  });

  it('refuses other media types on the timesheet route', async () => {
    const response = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.assistant,
      raw: { body: 'date\thours', contentType: 'text/tab-separated-values' },
    });
    expect(response.status).toBe(415);
    expect(response.body.detail).toBe('send application/json or text/csv');
  });
});

describe('who may send and read', () => {
  it('refuses without a token, and refuses coordinators and supervisors on assistants’ routes', async () => {
    expect((await world.call('PUT', sheetPath('c-a'), { json: { entries } })).status).toBe(401);
    const coordinator = await world.call('PUT', sheetPath('c-a'), {
      token: world.tokens.coordinator,
      json: { entries },
    });
    expect(coordinator.status).toBe(403);
    expect(coordinator.body.type).toBe(problemType('forbidden'));
    expect((await world.call('GET', sheetPath('c-a'), { token: world.tokens.supervisor })).status).toBe(403);
  });

  it('answers an assistant who is not on the case as if the case did not exist, and writes nothing', async () => {
    const before = await world.partition(ref('c-a'));
    for (const [method, path] of [
      ['PUT', sheetPath('c-a')],
      ['GET', sheetPath('c-a')],
      ['GET', '/assistant/cases/c-a/months/2024-02/preview'],
      ['GET', '/assistant/cases/c-a/statements/2024-02'],
      ['GET', sheetPath('c-missing')],
    ] as const) {
      const response = await world.call(method, path, {
        token: world.tokens.otherAssistant,
        ...(method === 'PUT' && { json: { entries } }),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.detail).toMatch(/^case c-(a|missing) not found$/);
    }
    // A coordinator who is also an assistant elsewhere is an assistant only of their own cases.
    const both = await world.call('GET', sheetPath('c-a'), { token: world.tokens.coordinatorAndAssistant });
    expect(both.status).toBe(404);
    expect(await world.partition(ref('c-a'))).toEqual(before);
  });

  it('answers a month without a timesheet of yours with 404', async () => {
    const response = await world.call('GET', sheetPath('c-a', '2024-06'), { token: world.tokens.assistant });
    expect(response.status).toBe(404);
    expect(response.body.detail).toBe('no timesheet of yours for 2024-06');
  });
});

describe('before and after the run', () => {
  it('shows what the month would pay and refuse now, the assistant’s lines only, writing nothing', async () => {
    await submitConfirmed(
      world.table.store,
      ref('c-a'),
      '2024-02',
      {
        assistantId: 'a-3',
        entries: [{ date: '2024-02-12', minutes: 60, activity: 'work', confirmed: true }],
      },
      {
        actor: { kind: 'assistant', id: 'a-3' },
        action: 'timesheet-submitted',
        at: '2024-03-01T08:00:00.000Z',
      },
    );
    // The parents confirm what a-1 sent through the API (the entries a-1 marked confirmed).
    await confirmAsParents(world.table.store, ref('c-a'), '2024-02', 'a-1');
    const before = await world.partition(ref('c-a'));
    const response = await world.call('GET', '/assistant/cases/c-a/months/2024-02/preview', {
      token: world.tokens.assistant,
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      caseId: 'c-a',
      month: '2024-02',
      granted: true,
      settled: false,
      paidMinutes: 360,
      rejectedMinutes: 90,
    });
    expect(response.body.amountCents).toBe(
      response.body.lines.reduce((sum: number, line: { amountCents: number }) => sum + line.amountCents, 0),
    );
    expect(response.body.lines.every((line: { assistantId: string }) => line.assistantId === 'a-1')).toBe(
      true,
    );
    expect(response.body.rejected).toEqual([
      expect.objectContaining({ date: '2024-02-07', reason: 'UNCONFIRMED' }),
    ]);
    expect(await world.partition(ref('c-a'))).toEqual(before);
    const noGrant = await world.call('GET', '/assistant/cases/c-a/months/2024-01/preview', {
      token: world.tokens.assistant,
    });
    expect(noGrant.body).toMatchObject({ granted: false, paidMinutes: 0, lines: [] });
  });

  it('reads the pay statements of a month: the assistant’s lines and totals only', async () => {
    const none = await world.call('GET', '/assistant/cases/c-a/statements/2024-02', {
      token: world.tokens.assistant,
    });
    expect(none.body.statements).toEqual([]);
    await settleCaseMonth(world.table.store, ref('c-a'), '2024-02', {
      actor: { kind: 'system', id: 'monthly-run-2024-02' },
      at: '2024-03-10T06:00:00.000Z',
    });
    const response = await world.call('GET', '/assistant/cases/c-a/statements/2024-02', {
      token: world.tokens.assistant,
    });
    expect(response.status).toBe(200);
    expect(response.body.statements).toHaveLength(1);
    const [statement] = response.body.statements;
    expect(statement).toMatchObject({ sequence: 0, kind: 'original', paidMinutes: 360, rejectedMinutes: 90 });
    expect(statement.lines.map((line: { assistantId: string }) => line.assistantId)).toEqual(['a-1', 'a-1']);
    expect(JSON.stringify(response.body)).not.toContain('a-3');
    const preview = await world.call('GET', '/assistant/cases/c-a/months/2024-02/preview', {
      token: world.tokens.assistant,
    });
    expect(preview.body.settled).toBe(true);
  });

  it('answered every response with its documented schema', () => {
    expect(world.logs.filter((entry) => entry.status >= 500)).toEqual([]);
  });
});
