/** The `atbalsts settle` contract, run as a user runs it: a separate process, JSON in, JSON out. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { atbalsts, projectRoot as root } from './run-cli.ts';

describe('atbalsts settle', () => {
  it('settles the shipped example from stdin and from --input alike', () => {
    const example = readFileSync(path.join(root, 'docs/examples/settle-case.json'), 'utf8');
    const fromStdin = atbalsts(['settle'], example);
    expect(fromStdin.stderr).toBe('');
    expect(fromStdin.code).toBe(0);
    const statement = JSON.parse(fromStdin.stdout);
    expect(Object.keys(statement)).toEqual([
      'participantId',
      'month',
      'policy',
      'paidMinutes',
      'paidHours',
      'amountCents',
      'lines',
      'rejected',
    ]);
    expect(statement.paidMinutes).toBe(80 * 60);
    expect(statement.lines[0]).toEqual({
      date: '2024-03-01',
      assistantId: 'A-ilze',
      activity: 'education',
      minutes: 210,
      hours: 3.5,
      centsPerHour: 511,
      amountCents: 1789,
      source: 'timesheet',
    });
    expect(new Set(statement.rejected.map((item: { reason: string }) => item.reason))).toEqual(
      new Set(['DUPLICATE', 'OVERLAP', 'MONTH_CAP', 'UNCONFIRMED', 'OUTSIDE_MONTH']),
    );
    const fromFile = atbalsts(['settle', '--input', 'docs/examples/settle-case.json']);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toEqual(statement);
  });

  it('exits 2 with a JSON error naming each bad field, and prints nothing on stdout', () => {
    const result = atbalsts(
      ['settle'],
      JSON.stringify({
        participantId: 'P-1',
        month: '2024-3',
        grant: { hoursPerMonth: 80 },
        timesheets: [
          {
            assistantId: 'A',
            entries: [{ date: '2024-02-30', hours: -2, activity: 'work', confirmed: true }],
          },
        ],
      }),
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const error = JSON.parse(result.stderr);
    expect(error.error).toBe('invalid-input');
    expect(error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual([
      'month',
      'timesheets[0].entries[0].date',
      'timesheets[0].entries[0].hours',
    ]);
  });

  it('exits 2 on text that is not JSON', () => {
    const result = atbalsts(['settle'], '{"participantId": ');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr).issues[0].message).toMatch(/not valid JSON/);
  });

  it('exits 2 when no rate is known for the month, rather than guessing', () => {
    const result = atbalsts(
      ['settle'],
      JSON.stringify({
        participantId: 'P-1',
        month: '2020-06',
        grant: { hoursPerWeek: 20 },
        timesheets: [
          {
            assistantId: 'A',
            entries: [{ date: '2020-06-02', hours: 2, activity: 'work', confirmed: true }],
          },
        ],
      }),
    );
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stderr).issues[0].path).toBe('policy.rates');
  });

  it('exits 2 for a missing input file, and 64 for an unknown command', () => {
    const missing = atbalsts(['settle', '--input', 'no/such/file.json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stderr).issues[0].path).toBe('--input');
    const unknown = atbalsts(['pay']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('Unknown command: pay');
    expect(atbalsts(['--help']).stdout).toContain('Usage: atbalsts');
  });
});
