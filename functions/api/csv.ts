/**
 * A month's timesheet as the spreadsheet assistants keep it, uploaded as CSV (`text/csv`). The
 * first row names the columns, in English or Latvian, in any order:
 *
 * | column | Latvian | cell |
 * |---|---|---|
 * | `date` | `datums` | `2024-03-04` or `04.03.2024` |
 * | `start` | `sākums`, `no` | `08:00` (optional) |
 * | `end` | `beigas`, `līdz` | `11:30` (optional) |
 * | `minutes` | `minūtes` | whole minutes, or give `hours` |
 * | `hours` | `stundas` | `3.5` or `3,5` |
 * | `activity` | `aktivitāte`, `pasākums` | a code (`education`) or its name (`Izglītība`, `Education`) |
 * | `confirmed` | `apstiprināts` | `yes`/`no`, `jā`/`nē`, `true`/`false`, `1`/`0` |
 * | `notes` | `piezīmes` | ignored, never stored |
 *
 * Commas or semicolons separate the cells (a Latvian spreadsheet saves CSV with `;`, its decimal
 * separator being the comma); quotes as in RFC 4180; blank rows are skipped. A problem is named by
 * its row (the header is row 1, as the spreadsheet numbers them) and its column as the header
 * spells it: `row 4, column stundas: must be a number`. One bad row and nothing is stored.
 *
 * @example
 * const { value, locate } = timesheetFromCsv('date;hours;activity;confirmed\n2024-03-04;3,5;education;jā\n');
 * value // { entries: [{ date: '2024-03-04', hours: 3.5, activity: 'education', confirmed: true }] }
 */
import { isClockTime, isIsoDate } from '../domain/calendar.ts';
import { ApiProblem, type FieldError } from './problem.ts';
import type { CsvBody, FieldLocator } from './route.ts';
import { activitiesOn, storedEntriesOf, type TimesheetEntryInput } from './timesheet-input.ts';

type Field = 'date' | 'start' | 'end' | 'minutes' | 'hours' | 'activity' | 'confirmed' | 'notes';

/** Header names (lower case) and the field each stands for. */
const HEADER_ALIASES: Record<string, Field> = {
  date: 'date',
  datums: 'date',
  start: 'start',
  sākums: 'start',
  no: 'start',
  end: 'end',
  beigas: 'end',
  līdz: 'end',
  minutes: 'minutes',
  minūtes: 'minutes',
  hours: 'hours',
  stundas: 'hours',
  activity: 'activity',
  aktivitāte: 'activity',
  pasākums: 'activity',
  confirmed: 'confirmed',
  apstiprināts: 'confirmed',
  notes: 'notes',
  piezīmes: 'notes',
};

const YES = new Set(['yes', 'y', 'jā', 'ja', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'nē', 'ne', 'false', '0']);

/** The column layout the OpenAPI document describes. */
export const TIMESHEET_CSV_DESCRIPTION =
  'A header row naming the columns (English or Latvian): date (datums), start (sākums), end (beigas), ' +
  'minutes (minūtes) or hours (stundas), activity (aktivitāte), confirmed (apstiprināts), and an ignored ' +
  'notes (piezīmes). Cells separated by "," or ";"; dates YYYY-MM-DD or DD.MM.YYYY; times HH:MM; hours ' +
  'with "." or ","; confirmed yes/no or jā/nē. Errors name the row (header = row 1) and the column.';

/** One record of the file with the row it starts on. */
interface CsvRecord {
  row: number;
  cells: string[];
}

/** The separator the header uses: the one of `;`, `,` and tab it has most of (outside quotes). */
function separatorOf(headerLine: string): string {
  const counts = new Map<string, number>([
    [';', 0],
    [',', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && counts.has(character)) counts.set(character, (counts.get(character) ?? 0) + 1);
  }
  let best = ',';
  let most = 0;
  for (const [separator, count] of counts) {
    if (count > most) {
      best = separator;
      most = count;
    }
  }
  return best;
}

/**
 * One cell from `start`: quoted (RFC 4180, `""` for a quote, line breaks kept) or plain, up to the
 * next separator or line break; `end` is where that terminator is, `newlines` how many line breaks
 * the cell itself held.
 */
function readCell(
  text: string,
  start: number,
  separator: string,
): { value: string; end: number; newlines: number } {
  let i = start;
  while (text[i] === ' ') i++;
  if (text[i] !== '"') {
    let end = start;
    while (end < text.length && text[end] !== separator && text[end] !== '\n' && text[end] !== '\r') end++;
    return { value: text.slice(start, end), end, newlines: 0 };
  }
  let value = '';
  let newlines = 0;
  for (i++; i < text.length; i++) {
    if (text[i] === '"' && text[i + 1] === '"') {
      value += '"';
      i++;
    } else if (text[i] === '"') {
      break;
    } else {
      if (text[i] === '\n') newlines++;
      value += text[i];
    }
  }
  // Anything after the closing quote up to the terminator belongs to the cell too.
  let end = i + 1;
  while (end < text.length && text[end] !== separator && text[end] !== '\n' && text[end] !== '\r') {
    value += text[end];
    end++;
  }
  return { value, end: Math.min(end, text.length), newlines };
}

/**
 * The records of a CSV text (RFC 4180 quoting, CRLF or LF), each with its row number. A quoted
 * cell may hold a line break; the row of a record is the line it starts on.
 *
 * @example
 * parseCsvRecords('a;b\n1;"x;y"\n', ';') // [{ row: 1, cells: ['a', 'b'] }, { row: 2, cells: ['1', 'x;y'] }]
 */
export function parseCsvRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let line = 1;
  let recordRow = 1;
  let i = 0;
  while (i < text.length) {
    const cell = readCell(text, i, separator);
    cells.push(cell.value);
    line += cell.newlines;
    i = cell.end;
    if (text[i] === separator) {
      i++;
      // A separator at the very end leaves one empty cell to close the record with.
      if (i < text.length) continue;
      cells.push('');
    }
    records.push({ row: recordRow, cells });
    cells = [];
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    recordRow = line;
  }
  return records;
}

const isBlank = (record: CsvRecord) => record.cells.every((cell) => cell.trim() === '');

/** `04.03.2024` as `2024-03-04`; ISO dates as they are. */
function dateOf(cell: string): string | undefined {
  if (isIsoDate(cell)) return cell;
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(cell);
  if (!match) return undefined;
  const iso = `${match[3]}-${(match[2] as string).padStart(2, '0')}-${(match[1] as string).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** `8:00` as `08:00`. */
function timeOf(cell: string): string | undefined {
  const padded = /^\d:\d\d$/.test(cell) ? `0${cell}` : cell;
  return isClockTime(padded) ? padded : undefined;
}

/** The activity's code from a code or a name in Latvian or English, as the policy of the date has them. */
function activityOf(cell: string, date: string): string | undefined {
  const wanted = cell.toLocaleLowerCase('lv');
  return activitiesOn(date).find(
    (activity) =>
      activity.code === wanted ||
      activity.name.lv.toLocaleLowerCase('lv') === wanted ||
      activity.name.en.toLocaleLowerCase('en') === wanted,
  )?.code;
}

const located = (row: number, column: string, message: string): FieldError => ({
  path: `row ${row}, column ${column}`,
  row,
  column,
  message,
});

/**
 * The header's columns: which field each is, and the errors of a header that cannot be read.
 */
function readHeader(header: CsvRecord): {
  fields: (Field | undefined)[];
  names: string[];
  errors: FieldError[];
} {
  const names = header.cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
  const errors: FieldError[] = [];
  const fields = names.map((name, index) => {
    const field = HEADER_ALIASES[name.toLocaleLowerCase('lv')];
    if (!field) {
      errors.push(
        located(
          header.row,
          name || `#${index + 1}`,
          'is not a column of the timesheet: use date, start, end, minutes or hours, activity, confirmed, notes',
        ),
      );
    }
    return field;
  });
  const seen = new Set<Field>();
  fields.forEach((field, index) => {
    if (field && seen.has(field)) errors.push(located(header.row, names[index] as string, 'appears twice'));
    if (field) seen.add(field);
  });
  for (const required of ['date', 'activity', 'confirmed'] as const) {
    if (!seen.has(required)) {
      errors.push({
        path: `row ${header.row}`,
        row: header.row,
        message: `the header has no ${required} column`,
      });
    }
  }
  if (!seen.has('minutes') && !seen.has('hours') && !(seen.has('start') && seen.has('end'))) {
    errors.push({
      path: `row ${header.row}`,
      row: header.row,
      message: 'the header needs a minutes or an hours column, or both start and end',
    });
  }
  return { fields, names, errors };
}

/** Reads one cell into the entry; answers what is wrong with it, or nothing. */
type CellReader = (cell: string, entry: Record<string, unknown>) => string | undefined;

const optional =
  (read: CellReader): CellReader =>
  (cell, entry) =>
    cell === '' ? undefined : read(cell, entry);

const timeReader =
  (field: 'start' | 'end'): CellReader =>
  (cell, entry) => {
    const time = timeOf(cell);
    if (time === undefined) return 'must be a time HH:MM';
    entry[field] = time;
    return undefined;
  };

const today = () => new Date().toISOString().slice(0, 10);

/** The readers in the order they run: the activity is looked up in the policy of the row's date. */
const CELL_READERS: [Field, CellReader][] = [
  [
    'date',
    (cell, entry) => {
      const iso = dateOf(cell);
      if (iso === undefined) return 'must be a date YYYY-MM-DD or DD.MM.YYYY';
      entry['date'] = iso;
      return undefined;
    },
  ],
  ['start', optional(timeReader('start'))],
  ['end', optional(timeReader('end'))],
  [
    'minutes',
    optional((cell, entry) => {
      if (!/^\d+$/.test(cell)) return 'must be a whole number of minutes';
      entry['minutes'] = Number(cell);
      return undefined;
    }),
  ],
  [
    'hours',
    optional((cell, entry) => {
      // A decimal comma (3,5) reads as a point; with "," between cells it must be quoted.
      const text = cell.replace(',', '.');
      if (!/^\d+(\.\d+)?$/.test(text)) return 'must be a number';
      entry['hours'] = Number(text);
      return undefined;
    }),
  ],
  [
    'activity',
    (cell, entry) => {
      const date = (entry['date'] as string | undefined) ?? today();
      const code = cell === '' ? undefined : activityOf(cell, date);
      if (code !== undefined) {
        entry['activity'] = code;
        return undefined;
      }
      return `must be one of the activities: ${activitiesOn(date)
        .map((activity) => `${activity.code} (${activity.name.lv})`)
        .join(', ')}`;
    },
  ],
  [
    'confirmed',
    (cell, entry) => {
      const answer = cell.toLocaleLowerCase('lv');
      if (YES.has(answer)) entry['confirmed'] = true;
      else if (NO.has(answer)) entry['confirmed'] = false;
      else return 'must be yes or no (jā or nē)';
      return undefined;
    },
  ],
];

/** One row as an entry of the JSON body, with the errors of its cells. */
function readRow(
  record: CsvRecord,
  header: { fields: (Field | undefined)[]; names: string[] },
): { entry: Record<string, unknown>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const entry: Record<string, unknown> = {};
  if (record.cells.length > header.fields.length) {
    errors.push({
      path: `row ${record.row}`,
      row: record.row,
      message:
        'has more cells than the header has columns (quote a decimal comma, or separate cells with ";")',
    });
  }
  for (const [field, read] of CELL_READERS) {
    const index = header.fields.indexOf(field);
    if (index < 0) continue;
    const problem = read((record.cells[index] ?? '').trim(), entry);
    if (problem !== undefined) errors.push(located(record.row, header.names[index] as string, problem));
  }
  return { entry, errors };
}

/**
 * The timesheet body (`{ entries }`) from a CSV text, where each entry's fields are in the file,
 * and every cell that cannot be read (left out of its entry); a header that cannot be read is a
 * 422 problem at once.
 *
 * @example
 * timesheetFromCsv('date,hours,activity,confirmed\n2024-03-04,x,education,yes\n').errors
 * // [{ path: 'row 2, column hours', message: 'must be a number', row: 2, column: 'hours' }]
 */
export function timesheetFromCsv(text: string): {
  value: { entries: Partial<TimesheetEntryInput>[] };
  locate: FieldLocator;
  errors: FieldError[];
} {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const separator = separatorOf(firstLine);
  const records = parseCsvRecords(text, separator);
  const header = records.find((record) => !isBlank(record));
  if (!header) {
    throw new ApiProblem('invalid-input', 'The file is empty.', [
      { path: 'row 1', row: 1, message: 'the file needs a header row and a row per entry' },
    ]);
  }
  const columns = readHeader(header);
  if (columns.errors.length > 0) {
    throw new ApiProblem('invalid-input', 'The header row cannot be read; see errors.', columns.errors);
  }
  const rows = records.filter((record) => record.row > header.row && !isBlank(record));
  const errors: FieldError[] = [];
  const entries = rows.map((record) => {
    const read = readRow(record, columns);
    errors.push(...read.errors);
    return read.entry as Partial<TimesheetEntryInput>;
  });
  const columnOf = (field: string): string => {
    const index = columns.fields.indexOf(field as Field);
    if (index >= 0) return columns.names[index] as string;
    // A duration error is named at the column the file gives the time in.
    if (field === 'hours' || field === 'minutes') {
      const duration = columns.fields.findIndex((each) => each === 'hours' || each === 'minutes');
      if (duration >= 0) return columns.names[duration] as string;
    }
    return field;
  };
  const locate: FieldLocator = (path) => {
    const [first, index, field] = path;
    const record = typeof index === 'number' ? rows[index] : undefined;
    if (first !== 'entries' || !record) return { path: 'rows' };
    if (field === undefined) return { path: `row ${record.row}`, row: record.row };
    const column = columnOf(String(field));
    return { path: `row ${record.row}, column ${column}`, row: record.row, column };
  };
  // Bad cells are left out of the entries and reported here; the route's checks of the rest run too.
  return { value: { entries }, locate, errors };
}

/** The timesheet routes' CSV body. */
export const timesheetCsvBody: CsvBody = {
  parse: timesheetFromCsv,
  description: TIMESHEET_CSV_DESCRIPTION,
};

/** A row of an uploaded timesheet that cannot be used, and why. */
export interface CsvRowProblem {
  row: number;
  column?: string;
  message: string;
}

/**
 * The timesheet page's upload: every row that can be read becomes an entry of the month, and
 * every one that cannot is listed with its row, column and reason, so the good rows are not lost
 * with one bad cell. Each row passes the same checks as the JSON and CSV API (cells, then the
 * entry's rules: month, activity, time). The `confirmed` column may be left out: on the page the
 * parents confirm the hours, and an entry from a file is not confirmed until they do. A header
 * that cannot be read leaves no entries and lists what is wrong with it.
 *
 * @example
 * timesheetRowsFromCsv('datums;no;līdz;pasākums\n02.02.2026;08:00;11:30;education\n03.02.2026;8;;x\n', '2026-02')
 * // { entries: [{ date: '2026-02-02', minutes: 210, ... }], problems: [{ row: 3, column: 'no', message: 'must be a time HH:MM' }, ...] }
 */
export function timesheetRowsFromCsv(
  text: string,
  month: string,
): { entries: ReturnType<typeof storedEntriesOf>; problems: CsvRowProblem[] } {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const records = parseCsvRecords(text, separatorOf(firstLine));
  const header = records.find((record) => !isBlank(record));
  if (!header) {
    return {
      entries: [],
      problems: [{ row: 1, message: 'the file needs a header row and a row per entry' }],
    };
  }
  const columns = readHeader(header);
  const hasConfirmed = columns.fields.includes('confirmed');
  const headerProblems = columns.errors.filter(
    (error) => hasConfirmed || !/no confirmed column/.test(error.message),
  );
  if (headerProblems.length > 0) return { entries: [], problems: headerProblems.map(rowProblemOf) };
  const columnOf = (field: string): string | undefined => {
    const index = columns.fields.indexOf(field as Field);
    if (index >= 0) return columns.names[index];
    const duration = columns.fields.findIndex((each) => each === 'hours' || each === 'minutes');
    if ((field === 'hours' || field === 'minutes') && duration >= 0) return columns.names[duration];
    return undefined;
  };
  const entries: ReturnType<typeof storedEntriesOf> = [];
  const problems: CsvRowProblem[] = [];
  for (const record of records.filter((each) => each.row > header.row && !isBlank(each))) {
    const read = readRow(record, columns);
    if (read.errors.length > 0) {
      problems.push(...read.errors.map(rowProblemOf));
      continue;
    }
    const entry = { ...read.entry, confirmed: false };
    try {
      entries.push(
        ...storedEntriesOf([entry as TimesheetEntryInput], month, (path) => {
          const column = columnOf(String(path[2] ?? ''));
          return {
            path: `row ${record.row}${column ? `, column ${column}` : ''}`,
            row: record.row,
            ...(column !== undefined && { column }),
          };
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      problems.push(...(error.errors ?? []).map(rowProblemOf));
    }
  }
  return { entries, problems: problems.sort((a, b) => a.row - b.row) };
}

function rowProblemOf(error: FieldError): CsvRowProblem {
  return {
    row: error.row ?? 1,
    ...(error.column !== undefined && { column: error.column }),
    message: error.message,
  };
}
