/**
 * The what-if's comparison, side by side: totals for the country and per municipality, the
 * children whose budget, hours or pay go down or up (how many, by how much, in bands of relative
 * change), services that become unfunded (or funded), and groups (age band, planning region,
 * domain scores, needs) ordered by how much they are affected. Every figure names the cases
 * behind it by id only: a band, a service or a group lists the case ids that moved.
 *
 * Integer arithmetic only: relative bands compare `difference x 100` with `percent x before`,
 * means are rounded half away from zero, groups are ordered by cross-multiplied means.
 */
import { ASSESSMENT_DOMAINS, type AssessmentDomain } from '../policy/schema.ts';
import type { Cohort, CohortCase } from './cohort.ts';
import { addFigures, type CaseOutcome, FIGURE_NAMES, type Figures, zeroFigures } from './figures.ts';

export interface SideBySide {
  current: Figures;
  proposed: Figures;
  difference: Figures;
}

export interface MunicipalityComparison extends SideBySide {
  municipality: string;
  cases: number;
}

/** The figures a change of a child is told by. */
export const MEASURES = ['budgetCents', 'grantedMinutes', 'paidCents', 'stateCents'] as const;
export type Measure = (typeof MEASURES)[number];

export interface Movement {
  cases: number;
  /** The sum of the changes (below zero for decreases). */
  total: number;
  /** Per case, rounded half away from zero. */
  mean: number;
  /** The largest change and its case. */
  largest: { caseId: string; by: number } | null;
}

export interface Band {
  band: string;
  cases: number;
  caseIds: string[];
}

export interface MeasureChange {
  measure: Measure;
  down: Movement;
  up: Movement;
  unchanged: number;
  /** Relative change per child, in bands; every child is in exactly one. */
  distribution: Band[];
}

export interface ServiceChange {
  service: string;
  /** Cases in which the service is unfunded under the proposal but funded now. */
  becameUnfunded: { cases: number; caseIds: string[] };
  /** Cases in which it is funded under the proposal but unfunded now. */
  becameFunded: { cases: number; caseIds: string[] };
}

export const GROUP_DIMENSIONS = ['ageBand', 'region', 'scoreBand', 'need'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export interface GroupComparison extends SideBySide {
  dimension: GroupDimension;
  group: string;
  cases: number;
  /** Mean change per case of what the state pays, rounded half away from zero. */
  meanStateCentsChange: number;
  meanGrantedMinutesChange: number;
  down: Record<Measure, number>;
  up: Record<Measure, number>;
  /** The cases of the group whose figures changed. */
  changedCaseIds: string[];
}

export interface Comparison {
  cohort: { cases: number; settledMonths: number; casesWithoutPlan: string[] };
  total: SideBySide;
  municipalities: MunicipalityComparison[];
  changes: MeasureChange[];
  services: ServiceChange[];
  /** Per dimension, the groups most affected first. */
  groups: Record<GroupDimension, GroupComparison[]>;
  cases: CaseOutcome[];
}

const difference = (current: Figures, proposed: Figures): Figures =>
  addFigures(addFigures(zeroFigures(), proposed), current, -1);

function sideBySide(outcomes: readonly CaseOutcome[]): SideBySide {
  const current = zeroFigures();
  const proposed = zeroFigures();
  for (const outcome of outcomes) {
    addFigures(current, outcome.current);
    addFigures(proposed, outcome.proposed);
  }
  return { current, proposed, difference: difference(current, proposed) };
}

/** `total / count` rounded half away from zero, in integers. */
export function roundedMean(total: number, count: number): number {
  if (count === 0) return 0;
  const magnitude = Math.floor((2 * Math.abs(total) + count) / (2 * count));
  return total < 0 ? -magnitude : magnitude;
}

const BANDS: { band: string; holds: (change: number, before: number) => boolean }[] = [
  { band: 'down 20 % or more', holds: (d, b) => d < 0 && -d * 100 >= 20 * b },
  { band: 'down 10 % to 20 %', holds: (d, b) => d < 0 && -d * 100 >= 10 * b },
  { band: 'down less than 10 %', holds: (d) => d < 0 },
  { band: 'unchanged', holds: (d) => d === 0 },
  { band: 'up less than 10 %', holds: (d, b) => d * 100 < 10 * b },
  { band: 'up 10 % to 20 %', holds: (d, b) => d * 100 < 20 * b },
  { band: 'up 20 % or more (or from nothing)', holds: () => true },
];

function movement(changes: readonly { caseId: string; by: number }[]): Movement {
  let total = 0;
  let largest: Movement['largest'] = null;
  for (const change of changes) {
    total += change.by;
    if (!largest || Math.abs(change.by) > Math.abs(largest.by)) largest = change;
  }
  return { cases: changes.length, total, mean: roundedMean(total, changes.length), largest };
}

function measureChange(measure: Measure, outcomes: readonly CaseOutcome[]): MeasureChange {
  const down: { caseId: string; by: number }[] = [];
  const up: { caseId: string; by: number }[] = [];
  const bands = BANDS.map(({ band }) => ({ band, cases: 0, caseIds: [] as string[] }));
  for (const outcome of outcomes) {
    const before = outcome.current[measure];
    const by = outcome.proposed[measure] - before;
    if (by < 0) down.push({ caseId: outcome.caseId, by });
    else if (by > 0) up.push({ caseId: outcome.caseId, by });
    const index = BANDS.findIndex((band) => band.holds(by, before));
    const band = bands[index];
    if (band) {
      band.cases += 1;
      band.caseIds.push(outcome.caseId);
    }
  }
  return {
    measure,
    down: movement(down),
    up: movement(up),
    unchanged: outcomes.length - down.length - up.length,
    distribution: bands,
  };
}

function serviceChanges(outcomes: readonly CaseOutcome[]): ServiceChange[] {
  const byService = new Map<string, ServiceChange>();
  const entry = (service: string) => {
    let found = byService.get(service);
    if (!found) {
      found = { service, becameUnfunded: { cases: 0, caseIds: [] }, becameFunded: { cases: 0, caseIds: [] } };
      byService.set(service, found);
    }
    return found;
  };
  for (const outcome of outcomes) {
    const now = new Set(outcome.unfunded.current);
    const then = new Set(outcome.unfunded.proposed);
    for (const service of then) {
      if (now.has(service)) continue;
      const change = entry(service).becameUnfunded;
      change.cases += 1;
      change.caseIds.push(outcome.caseId);
    }
    for (const service of now) {
      if (then.has(service)) continue;
      const change = entry(service).becameFunded;
      change.cases += 1;
      change.caseIds.push(outcome.caseId);
    }
  }
  return [...byService.values()].sort(
    (a, b) =>
      b.becameUnfunded.cases - a.becameUnfunded.cases ||
      b.becameFunded.cases - a.becameFunded.cases ||
      (a.service < b.service ? -1 : 1),
  );
}

const SCORE_BANDS: [number, string][] = [
  [5, 'total score 0-5'],
  [11, 'total score 6-11'],
  [17, 'total score 12-17'],
  [24, 'total score 18-24'],
];

/** The groups a case belongs to, by its latest plan's assessment in the cohort. */
function groupsOf(item: CohortCase): [GroupDimension, string][] {
  const groups: [GroupDimension, string][] = [
    ['ageBand', item.ageBand ?? 'unknown'],
    ['region', item.region ?? 'unknown'],
  ];
  const assessment = item.plans.at(-1)?.plan.assessment;
  if (!assessment) return [...groups, ['scoreBand', 'no plan']];
  const total = ASSESSMENT_DOMAINS.reduce((sum, domain) => sum + assessment.scores[domain], 0);
  groups.push(['scoreBand', SCORE_BANDS.find(([most]) => total <= most)?.[1] ?? 'total score 18-24']);
  for (const domain of ASSESSMENT_DOMAINS) {
    if (assessment.scores[domain] >= 3) groups.push(['need', `${domainLabel(domain)} 3-4`]);
  }
  groups.push([
    'need',
    assessment.weeklyRehabilitation ? 'weekly rehabilitation' : 'no weekly rehabilitation',
  ]);
  if (assessment.needsCompanion) groups.push(['need', 'needs a companion']);
  return groups;
}

const domainLabel = (domain: AssessmentDomain) =>
  domain === 'selfCare' ? 'self-care' : domain === 'familySupport' ? 'family support' : domain;

const changed = (outcome: CaseOutcome) =>
  FIGURE_NAMES.some((name) => outcome.current[name] !== outcome.proposed[name]);

function groupComparisons(
  cohort: Cohort,
  outcomes: readonly CaseOutcome[],
): Record<GroupDimension, GroupComparison[]> {
  const members = new Map<string, { dimension: GroupDimension; group: string; outcomes: CaseOutcome[] }>();
  cohort.cases.forEach((item, index) => {
    const outcome = outcomes[index];
    if (!outcome) return;
    for (const [dimension, group] of groupsOf(item)) {
      const key = `${dimension}\u0000${group}`;
      let found = members.get(key);
      if (!found) {
        found = { dimension, group, outcomes: [] };
        members.set(key, found);
      }
      found.outcomes.push(outcome);
    }
  });
  const result = Object.fromEntries(
    GROUP_DIMENSIONS.map((dimension) => [dimension, [] as GroupComparison[]]),
  ) as Record<GroupDimension, GroupComparison[]>;
  for (const { dimension, group, outcomes: inGroup } of members.values()) {
    const figures = sideBySide(inGroup);
    const count = (pick: (by: number) => boolean) =>
      Object.fromEntries(
        MEASURES.map((measure) => [
          measure,
          inGroup.filter((outcome) => pick(outcome.proposed[measure] - outcome.current[measure])).length,
        ]),
      ) as Record<Measure, number>;
    result[dimension].push({
      dimension,
      group,
      cases: inGroup.length,
      ...figures,
      meanStateCentsChange: roundedMean(figures.difference.stateCents, inGroup.length),
      meanGrantedMinutesChange: roundedMean(figures.difference.grantedMinutes, inGroup.length),
      down: count((by) => by < 0),
      up: count((by) => by > 0),
      changedCaseIds: inGroup.filter(changed).map((outcome) => outcome.caseId),
    });
  }
  // Most affected first: the larger mean change per case (compared without division), then the larger group.
  const byImpact = (a: GroupComparison, b: GroupComparison) =>
    Math.abs(b.difference.stateCents) * a.cases - Math.abs(a.difference.stateCents) * b.cases ||
    Math.abs(b.difference.grantedMinutes) * a.cases - Math.abs(a.difference.grantedMinutes) * b.cases ||
    b.cases - a.cases ||
    (a.group < b.group ? -1 : 1);
  for (const dimension of GROUP_DIMENSIONS) result[dimension].sort(byImpact);
  return result;
}

/** Compare the cohort's outcomes under the two policies. `outcomes[i]` is `cohort.cases[i]`'s. */
export function compare(cohort: Cohort, outcomes: readonly CaseOutcome[]): Comparison {
  const byMunicipality = new Map<string, CaseOutcome[]>();
  for (const outcome of outcomes) {
    const list = byMunicipality.get(outcome.municipality) ?? [];
    list.push(outcome);
    byMunicipality.set(outcome.municipality, list);
  }
  return {
    cohort: {
      cases: outcomes.length,
      settledMonths: outcomes.reduce((sum, outcome) => sum + outcome.settledMonths, 0),
      casesWithoutPlan: cohort.cases.filter((item) => item.plans.length === 0).map((item) => item.caseId),
    },
    total: sideBySide(outcomes),
    municipalities: [...byMunicipality.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([municipality, list]) => ({ municipality, cases: list.length, ...sideBySide(list) })),
    changes: MEASURES.map((measure) => measureChange(measure, outcomes)),
    services: serviceChanges(outcomes),
    groups: groupComparisons(cohort, outcomes),
    cases: [...outcomes],
  };
}
