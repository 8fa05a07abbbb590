/**
 * The indicators as an analyst loads them into SPOLIS or a spreadsheet: a CSV (one row per month,
 * municipality and indicator) and an Excel workbook (exceljs: one sheet per indicator group, a row
 * per month and municipality and the country, a column per indicator, and the definitions on a
 * sheet of their own). Both take the suppressed table only ({@link suppress}): a suppressed figure
 * is an empty value with its reason in the CSV and `x` in the workbook. Municipality ids, figures
 * and definitions only: no case, no person.
 *
 * @example
 * const csv = indicatorsCsv([suppress(table, 5)]);
 * const xlsx = await indicatorsWorkbook([suppress(table, 5)]); // a Buffer
 */
import ExcelJS from 'exceljs';
import {
  GROUP_TITLES,
  INDICATOR_GROUPS,
  INDICATORS,
  type IndicatorDefinition,
} from '../domain/indicators/definitions.ts';
import type { SafeMonthIndicators, SafeRow } from '../domain/indicators/table.ts';

const CSV_HEADER = ['month', 'municipality', 'group', 'indicator', 'unit', 'value', 'suppressed'];

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const rowsOf = (table: SafeMonthIndicators): SafeRow[] => [...table.rows, table.country];

/** The months' indicators as CSV, one line per month, municipality (and the country, `LV`) and indicator. */
export function indicatorsCsv(tables: readonly SafeMonthIndicators[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const table of tables) {
    for (const row of rowsOf(table)) {
      for (const indicator of INDICATORS) {
        const cell = row.cells[indicator.name];
        lines.push(
          [
            table.month,
            row.municipality,
            indicator.group,
            indicator.name,
            indicator.unit,
            cell?.value === null || cell?.value === undefined ? '' : String(cell.value),
            cell?.suppressed ?? '',
          ]
            .map(field)
            .join(','),
        );
      }
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

const SOURCE_TEXT: Record<IndicatorDefinition['source'], string> = {
  counter: 'counted as it happens (same transaction as the event)',
  'active-index': 'the month’s active cases',
  'case-index': 'the municipality’s case items',
  derived: 'computed from the other figures',
};

/** The months' indicators as an .xlsx workbook: a sheet per group, and Definitions. */
export async function indicatorsWorkbook(tables: readonly SafeMonthIndicators[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Atbalsts';
  // A fixed date keeps the same figures the same file.
  workbook.created = new Date(Date.UTC(2000, 0, 1));
  workbook.modified = workbook.created;
  for (const group of INDICATOR_GROUPS) {
    const indicators = INDICATORS.filter((indicator) => indicator.group === group);
    const sheet = workbook.addWorksheet(GROUP_TITLES[group].slice(0, 31));
    sheet.columns = [
      { header: 'Month', key: 'month', width: 9 },
      { header: 'Municipality', key: 'municipality', width: 16 },
      ...indicators.map((indicator) => ({ header: indicator.label, key: indicator.name, width: 16 })),
    ];
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];
    for (const table of tables) {
      for (const row of rowsOf(table)) {
        const values: Record<string, string | number> = {
          month: table.month,
          municipality: row.municipality,
        };
        for (const indicator of indicators) {
          const cell = row.cells[indicator.name];
          values[indicator.name] = cell?.value === null || cell?.value === undefined ? 'x' : cell.value;
        }
        sheet.addRow(values);
      }
    }
  }
  const definitions = workbook.addWorksheet('Definitions');
  definitions.columns = [
    { header: 'Indicator', key: 'name', width: 34 },
    { header: 'Sheet', key: 'sheet', width: 26 },
    { header: 'Label', key: 'label', width: 36 },
    { header: 'Unit', key: 'unit', width: 10 },
    { header: 'Source', key: 'source', width: 36 },
    { header: 'Counts children', key: 'children', width: 10 },
    { header: 'Definition', key: 'definition', width: 90 },
  ];
  definitions.getRow(1).font = { bold: true };
  for (const indicator of INDICATORS) {
    definitions.addRow({
      name: indicator.name,
      sheet: GROUP_TITLES[indicator.group],
      label: indicator.label,
      unit: indicator.unit,
      source: SOURCE_TEXT[indicator.source],
      children: indicator.countsChildren ? 'yes' : 'no',
      definition: indicator.definition,
    });
  }
  const threshold = tables[0]?.threshold ?? 5;
  definitions.addRow({});
  definitions.addRow({
    name: 'x',
    definition: `Suppressed: a figure about 1 to ${threshold - 1} children, every figure of a municipality serving 1 to ${threshold - 1} children, a sum or mean about the children of a suppressed count, and one more figure of a column where exactly one is suppressed (so it cannot be found by subtraction). Money in euro cents, time in minutes. LV is the whole country.`,
  });
  definitions.addRow({
    name: 'Snapshot',
    definition: `Cases by phase as read on ${tables[0]?.readOn ?? ''}, the same for every month.`,
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
