/**
 * The example proposals shipped with the command line (docs/examples/what-if-*.json), offered by
 * the what-if page: bundled with the app, so the page reads no file at run time.
 */
import budgetCut from '../../docs/examples/what-if-budget-cut-10.json' with { type: 'json' };
import ratePlus from '../../docs/examples/what-if-rate-plus-10.json' with { type: 'json' };
import rehabilitation80 from '../../docs/examples/what-if-rehabilitation-80h.json' with { type: 'json' };
import rehabilitation100 from '../../docs/examples/what-if-rehabilitation-100h.json' with { type: 'json' };

export const EXAMPLE_PROPOSALS = {
  'budget-cut-10': budgetCut,
  'rate-plus-10': ratePlus,
  'rehabilitation-100h': rehabilitation100,
  'rehabilitation-80h': rehabilitation80,
} as const satisfies Record<string, unknown>;

export const EXAMPLE_IDS = Object.keys(EXAMPLE_PROPOSALS) as (keyof typeof EXAMPLE_PROPOSALS)[];
export type ExampleId = keyof typeof EXAMPLE_PROPOSALS;
