/**
 * The what-if's result as an analyst downloads it from the ministry's page: CSV in long form, a
 * line per scope (the country `LV`, each municipality, each case by id) and figure, with the
 * current and proposed values and the difference (cents, minutes), so every total can be summed
 * again from the case lines. Case ids and municipality ids only: no person.
 *
 * @example
 * const csv = whatIfCsv(whatIf(cohort, period, proposed)); // scope,id,municipality,figure,current,proposed,difference
 */
import { FIGURE_NAMES, type Figures } from '../domain/what-if/figures.ts';
import type { WhatIfResult } from '../domain/what-if/what-if.ts';

const HEADER = ['scope', 'id', 'municipality', 'figure', 'current', 'proposed', 'difference'];

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function whatIfCsv(result: WhatIfResult): string {
  const lines = [HEADER.join(',')];
  const add = (scope: string, id: string, municipality: string, current: Figures, proposed: Figures) => {
    for (const name of FIGURE_NAMES) {
      lines.push(
        [
          scope,
          id,
          municipality,
          name,
          String(current[name]),
          String(proposed[name]),
          String(proposed[name] - current[name]),
        ]
          .map(field)
          .join(','),
      );
    }
  };
  add('country', 'LV', '', result.total.current, result.total.proposed);
  for (const row of result.municipalities)
    add('municipality', row.municipality, row.municipality, row.current, row.proposed);
  for (const outcome of result.cases)
    add('case', outcome.caseId, outcome.municipality, outcome.current, outcome.proposed);
  return `${lines.join('\r\n')}\r\n`;
}
