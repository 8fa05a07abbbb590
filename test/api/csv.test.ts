/**
 * Reading the timesheet spreadsheet as CSV: RFC 4180 quoting, the separators a spreadsheet saves
 * with, Latvian headers and cells, and errors named by row (the header is row 1) and column.
 */
import { describe, expect, it } from 'vitest';
import { parseCsvRecords, timesheetFromCsv } from '../../functions/api/csv.ts';
import { ApiProblem } from '../../functions/api/problem.ts';

/** The errors of reading `csv`: a header refused at once, or the cells that could not be read. */
function errorsOf(csv: string) {
  let read: ReturnType<typeof timesheetFromCsv>;
  try {
    read = timesheetFromCsv(csv);
  } catch (error) {
    if (error instanceof ApiProblem) return error.errors;
    throw error;
  }
  if (read.errors.length === 0) throw new Error('expected the CSV to be refused');
  return read.errors;
}

describe('CSV records', () => {
  it('reads quotes, doubled quotes, separators and line breaks inside quotes, CRLF, and rows by the line they start on', () => {
    const text = 'a;b;c\r\n1;"x;y";"say ""hi"""\r\n2;"two\nlines";\r\n3;z;w';
    expect(parseCsvRecords(text, ';')).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['1', 'x;y', 'say "hi"'] },
      { row: 3, cells: ['2', 'two\nlines', ''] },
      { row: 5, cells: ['3', 'z', 'w'] },
    ]);
  });
});

describe('the timesheet CSV', () => {
  it('reads English headers with commas, a quoted decimal comma, a BOM, and minutes', () => {
    const csv =
      '\uFEFFdate,start,end,hours,minutes,activity,confirmed\n2024-03-04,08:00,,"3,5",,education,yes\n2024-03-05,,,,45,Leisure,no\n';
    const { value } = timesheetFromCsv(csv);
    expect(value.entries).toEqual([
      { date: '2024-03-04', start: '08:00', hours: 3.5, activity: 'education', confirmed: true },
      { date: '2024-03-05', minutes: 45, activity: 'leisure', confirmed: false },
    ]);
  });

  it('reads a tab-separated export, Latvian names, one-digit hours and dates, and skips blank rows', () => {
    const csv = 'Datums\tSākums\tBeigas\tAktivitāte\tApstiprināts\n\n4.3.2024\t8:00\t9:30\tDarbs\tJā\n';
    const { value, locate } = timesheetFromCsv(csv);
    expect(value.entries).toEqual([
      { date: '2024-03-04', start: '08:00', end: '09:30', activity: 'work', confirmed: true },
    ]);
    expect(locate(['entries', 0, 'hours'])).toEqual({ path: 'row 3, column hours', row: 3, column: 'hours' });
    expect(locate(['entries', 0, 'end'])).toEqual({ path: 'row 3, column Beigas', row: 3, column: 'Beigas' });
  });

  it('names a duration error at the column the file gives the time in', () => {
    const { locate } = timesheetFromCsv('datums;stundas;aktivitāte;apstiprināts\n01.03.2024;2;work;jā\n');
    expect(locate(['entries', 0, 'minutes'])).toEqual({
      path: 'row 2, column stundas',
      row: 2,
      column: 'stundas',
    });
  });

  it('refuses an unquoted decimal comma between comma-separated cells, naming the row', () => {
    expect(errorsOf('date,hours,activity,confirmed\n2024-03-04,3,5,education,yes\n')).toEqual([
      { path: 'row 2', row: 2, message: expect.stringContaining('more cells than the header') },
      {
        path: 'row 2, column activity',
        row: 2,
        column: 'activity',
        message: expect.stringContaining('activities'),
      },
      {
        path: 'row 2, column confirmed',
        row: 2,
        column: 'confirmed',
        message: 'must be yes or no (jā or nē)',
      },
    ]);
  });

  it('refuses a header with a column twice, or without a way to tell the time worked', () => {
    expect(errorsOf('date,date,activity,confirmed\n')).toEqual([
      { path: 'row 1, column date', row: 1, column: 'date', message: 'appears twice' },
      {
        path: 'row 1',
        row: 1,
        message: 'the header needs a minutes or an hours column, or both start and end',
      },
    ]);
    expect(errorsOf('   \n\n')).toEqual([
      { path: 'row 1', row: 1, message: expect.stringContaining('header row') },
    ]);
  });

  it('refuses whole minutes that are not whole, and impossible dates', () => {
    expect(
      errorsOf('date,minutes,activity,confirmed\n2024-02-30,90,work,yes\n2024-03-01,1.5,work,yes\n'),
    ).toEqual([
      {
        path: 'row 2, column date',
        row: 2,
        column: 'date',
        message: 'must be a date YYYY-MM-DD or DD.MM.YYYY',
      },
      {
        path: 'row 3, column minutes',
        row: 3,
        column: 'minutes',
        message: 'must be a whole number of minutes',
      },
    ]);
  });
});
