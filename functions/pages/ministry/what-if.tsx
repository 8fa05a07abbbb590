/**
 * The ministry's policy what-if page (`GET, POST /workspace/ministry/what-if`): a period, a cohort
 * (the whole country or one municipality, read from the store as `atbalsts what-if` reads it), a
 * proposed policy (an example shipped with the command line, or the analyst's own JSON file) and
 * what to compare it with; the form is checked with zod and every problem named in an error
 * summary linked to its field. The comparison is computed without writing anything
 * (functions/domain/what-if) and shown side by side: totals for the state and per municipality,
 * children whose figures go down or up and the distribution, services that become unfunded, the
 * most affected groups, and every child's figures, by case id only. The same form, its fields
 * carried in hidden inputs, downloads the result as CSV or JSON.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { z } from 'zod';
import type { ApiDeps } from '../../api/route.ts';
import { addMonths, isYearMonth, rigaDateOf } from '../../domain/calendar.ts';
import { InputError } from '../../domain/errors.ts';
import { GROUP_DIMENSIONS } from '../../domain/what-if/comparison.ts';
import { FIGURE_NAMES } from '../../domain/what-if/figures.ts';
import { type ProposedPolicy, parseProposedPolicy } from '../../domain/what-if/proposal.ts';
import type { WhatIfResult } from '../../domain/what-if/what-if.ts';
import { ministryPaths } from '../../domain/work-queue/paths.ts';
import { formatDuration, formatEuro, formatMonth, formatNumber } from '../../i18n/format.ts';
import { EXAMPLE_IDS, EXAMPLE_PROPOSALS, type ExampleId } from '../../monitoring/what-if-examples.ts';
import { whatIfCsv } from '../../monitoring/what-if-export.ts';
import { runWhatIf } from '../../monitoring/what-if-run.ts';
import { sessionOf } from '../../session/middleware.ts';
import { idSchema, yearMonthSchema } from '../../store/keys.ts';
import { Button, FileUpload, Radios, Select, TextInput } from '../components/fields.tsx';
import { ScrollTable } from '../components/table.tsx';
import { CsrfField, type FieldProblem, type PageContext, withLanguage } from '../layout.tsx';
import { pageOf, respond } from '../respond.tsx';
import { PAGE_HEADERS } from '../security.ts';
import { csrfFor, csrfOk, errorOf } from '../workspace/frame.tsx';
import { BarChart, MinistryPage, signed } from './frame.tsx';

const examples = EXAMPLE_IDS as [ExampleId, ...ExampleId[]];
/** The largest proposal file read (a proposal is a few hundred bytes; a rate table a few kB). */
const MAX_PROPOSAL_BYTES = 64 * 1024;

/** The form's fields, checked at the edge. */
export const whatIfFormSchema = z
  .object({
    from: yearMonthSchema,
    to: yearMonthSchema,
    municipality: z.union([z.literal(''), idSchema]),
    proposal: z.enum([...examples, 'upload']),
    baseline: z.union([z.literal(''), z.enum(examples)]),
    format: z.enum(['csv', 'json']).optional(),
  })
  .superRefine((form, ctx) => {
    // Only two months that are months can be the wrong way round.
    if (!isYearMonth(form.from) || !isYearMonth(form.to)) return;
    if (form.to < form.from || form.to > addMonths(form.from, 35))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'range' });
  });
type WhatIfForm = z.output<typeof whatIfFormSchema>;

/** The form's values as typed (for showing it again), and the proposal's text when uploaded. */
interface Submitted {
  values: Record<string, string>;
  policyText: string | undefined;
  fileTooLarge: boolean;
}

async function readSubmitted(c: Context): Promise<Submitted & { csrf: string | undefined }> {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const name of ['from', 'to', 'municipality', 'proposal', 'baseline', 'format', 'policyJson']) {
    const value = body[name];
    if (typeof value === 'string') values[name] = value.trim();
  }
  let policyText = values['policyJson'] || undefined;
  let fileTooLarge = false;
  const file = body['policyFile'];
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_PROPOSAL_BYTES) fileTooLarge = true;
    else policyText = await file.text();
  }
  return {
    values,
    policyText,
    fileTooLarge,
    csrf: typeof body['csrf'] === 'string' ? body['csrf'] : undefined,
  };
}

type Field = 'from' | 'to' | 'municipality' | 'proposal-budget-cut-10' | 'policyFile' | 'baseline';

function labelled(page: PageContext, field: Field, text: string): FieldProblem {
  const w = page.t.ministry.whatIf;
  const label: Record<Field, string> = {
    from: w.from,
    to: w.to,
    municipality: w.municipality,
    'proposal-budget-cut-10': w.proposal,
    policyFile: w.file,
    baseline: w.baseline,
  };
  return { field, text: `${label[field]}: ${text}` };
}

/** The proposal chosen or uploaded; a problem with the file is added to `problems`. */
function proposalOf(
  page: PageContext,
  submitted: Submitted,
  problems: FieldProblem[],
): ProposedPolicy | undefined {
  const p = page.t.ministry.problems;
  const asked = submitted.values['proposal'];
  if (asked !== undefined && asked in EXAMPLE_PROPOSALS)
    return parseProposedPolicy(EXAMPLE_PROPOSALS[asked as ExampleId]);
  if (asked !== 'upload') return undefined;
  if (submitted.fileTooLarge) problems.push(labelled(page, 'policyFile', p.fileTooLarge));
  else if (submitted.policyText === undefined) problems.push(labelled(page, 'policyFile', p.fileMissing));
  else {
    let json: unknown;
    try {
      json = JSON.parse(submitted.policyText);
    } catch {
      problems.push(labelled(page, 'policyFile', p.fileNotJson));
      return undefined;
    }
    try {
      return parseProposedPolicy(json);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const issue of error.issues)
        problems.push(labelled(page, 'policyFile', p.proposalField(issue.path)));
    }
  }
  return undefined;
}

/** The form checked, the proposal parsed: the inputs of the what-if, or every problem. */
export function checkForm(
  page: PageContext,
  submitted: Submitted,
): { form: WhatIfForm; proposal: ProposedPolicy } | { problems: FieldProblem[] } {
  const p = page.t.ministry.problems;
  const problems: FieldProblem[] = [];
  const parsed = whatIfFormSchema.safeParse(submitted.values);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
    const range = parsed.error.issues.some((issue) => issue.path[0] === 'to' && issue.message === 'range');
    const texts: [string, Field, string][] = [
      ['from', 'from', p.month],
      ['to', 'to', range ? p.whatIfRange : p.month],
      ['municipality', 'municipality', p.municipality],
      ['proposal', 'proposal-budget-cut-10', p.proposal],
      ['baseline', 'baseline', p.proposal],
    ];
    for (const [name, field, text] of texts) if (fields.has(name)) problems.push(labelled(page, field, text));
  }
  const proposal = proposalOf(page, submitted, problems);
  if (problems.length > 0 || !parsed.success || !proposal) return { problems };
  return { form: parsed.data, proposal };
}

/** Run the what-if on the store's cohort of the form's period: nothing is written. */
const compute = (deps: ApiDeps, form: WhatIfForm, proposal: ProposedPolicy): Promise<WhatIfResult> =>
  runWhatIf(
    deps,
    {
      from: form.from,
      to: form.to,
      ...(form.municipality !== '' && { municipality: form.municipality }),
      ...(form.baseline !== '' && { baseline: form.baseline as ExampleId }),
    },
    proposal,
  );

/** The municipalities to choose a cohort from: those the planning regions name. */
const municipalitiesOf = (deps: ApiDeps) => Object.keys(deps.planningRegions ?? {}).sort();

function defaults(deps: ApiDeps): Record<string, string> {
  const thisMonth = rigaDateOf(deps.clock.now()).slice(0, 7);
  return {
    from: addMonths(thisMonth, -6),
    to: addMonths(thisMonth, -1),
    municipality: '',
    proposal: 'budget-cut-10',
    baseline: '',
  };
}

function WhatIfFormView({
  page,
  deps,
  csrf,
  values,
  errors,
}: {
  page: PageContext;
  deps: ApiDeps;
  csrf: string;
  values: Record<string, string>;
  errors: readonly FieldProblem[];
}) {
  const w = page.t.ministry.whatIf;
  const month = (name: 'from' | 'to') => (
    <TextInput
      t={page.t}
      id={name}
      label={w[name]}
      hint={w.monthHint}
      error={errorOf(errors, name)}
      value={values[name]}
      width="govuk-input--width-5"
      inputmode="numeric"
    />
  );
  const choices = [...EXAMPLE_IDS, 'upload'];
  return (
    <form
      method="post"
      action={withLanguage(page, ministryPaths.whatIf())}
      enctype="multipart/form-data"
      novalidate
    >
      <CsrfField token={csrf} />
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{w.period}</legend>
        <div class="app-filter-row">
          {month('from')}
          {month('to')}
        </div>
      </fieldset>
      <Select
        t={page.t}
        id="municipality"
        label={w.municipality}
        labelSize="m"
        error={errorOf(errors, 'municipality')}
        options={[
          { value: '', text: page.t.ministry.country },
          ...municipalitiesOf(deps).map((id) => ({ value: id, text: id })),
        ]}
        selected={values['municipality']}
      />
      <Radios
        t={page.t}
        id="proposal"
        legend={w.proposal}
        hint={w.proposalHint}
        error={errorOf(errors, 'proposal-budget-cut-10')}
        choices={choices.map((choice) => ({
          id: `proposal-${choice}`,
          value: choice,
          label: choice === 'upload' ? w.upload : w.examples[choice],
        }))}
        checked={values['proposal']}
      />
      <FileUpload
        t={page.t}
        id="policyFile"
        label={w.file}
        hint={w.fileHint}
        error={errorOf(errors, 'policyFile')}
        accept="application/json,.json"
      />
      <Select
        t={page.t}
        id="baseline"
        label={w.baseline}
        labelSize="m"
        error={errorOf(errors, 'baseline')}
        options={[
          { value: '', text: w.currentPolicy },
          ...EXAMPLE_IDS.map((id) => ({ value: id, text: w.examples[id] })),
        ]}
        selected={values['baseline']}
      />
      <Button>{w.run}</Button>
    </form>
  );
}

/** Case ids behind a figure, folded away (ids only). */
function CaseIds({ page, ids }: { page: PageContext; ids: readonly string[] }) {
  if (ids.length === 0) return <>–</>;
  return (
    <details class="app-details app-case-ids">
      <summary class="govuk-link">
        {page.t.ministry.whatIf.showIds(formatNumber(ids.length, page.language))}
      </summary>
      <p class="govuk-body-s" data-case-ids>
        {ids.join(' ')}
      </p>
    </details>
  );
}

function groupName(page: PageContext, dimension: string, raw: string): string {
  const g = page.t.ministry.whatIf.groupNames;
  if (raw === 'unknown') return g.unknown;
  if (raw === 'no plan') return g.noPlan;
  if (dimension === 'ageBand') return g.age(raw.replace('-', '–'));
  if (dimension === 'scoreBand') return g.score(raw.replace('total score ', '').replace('-', '–'));
  if (raw === 'weekly rehabilitation') return g.weeklyRehabilitation;
  if (raw === 'no weekly rehabilitation') return g.noWeeklyRehabilitation;
  if (raw === 'needs a companion') return g.companion;
  if (raw.endsWith(' 3-4')) {
    const domain = raw.slice(0, -4);
    const key = domain === 'self-care' ? 'selfCare' : domain === 'family support' ? 'familySupport' : domain;
    return g.domainHigh(page.t.domains[key as keyof typeof page.t.domains] ?? domain);
  }
  return raw;
}

function Result({
  page,
  result,
  hidden,
  csrf,
}: {
  page: PageContext;
  result: WhatIfResult;
  hidden: Record<string, string>;
  csrf: string;
}) {
  const w = page.t.ministry.whatIf;
  const euro = (cents: number) => formatEuro(cents, page.language);
  const hours = (minutes: number) => formatDuration(minutes, page.language);
  const count = (n: number) => formatNumber(n, page.language);
  const isTime = (name: string) => name === 'grantedMinutes' || name === 'paidMinutes';
  const figure = (name: string, value: number) => (isTime(name) ? hours(value) : euro(value));
  const change = (name: string, value: number) => signed(value, figure(name, value));
  const month = (value: string) => formatMonth(value, page.language);
  const stateBands = result.changes.find((item) => item.measure === 'stateCents');
  const rowsOfIds = (ids: readonly string[]): Child => <CaseIds page={page} ids={ids} />;
  return (
    <section aria-labelledby="result-title" data-result>
      <h2 class="govuk-heading-l" id="result-title">
        {w.resultTitle}
      </h2>
      <dl class="govuk-summary-list">
        {[
          [w.proposed, `${result.policies.proposed.id}: ${result.policies.proposed.source}`],
          [
            w.comparedWith,
            result.policies.current.id === 'current'
              ? w.currentPolicy
              : `${result.policies.current.id}: ${result.policies.current.source}`,
          ],
          [w.period, `${month(result.period.from)} – ${month(result.period.to)}`],
          [w.cohort, w.cohortSize(count(result.cohort.cases), count(result.cohort.settledMonths))],
        ].map(([key, value]) => (
          <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      <form method="post" action={withLanguage(page, ministryPaths.whatIf())} class="app-no-print">
        <CsrfField token={csrf} />
        {Object.entries(hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <div class="govuk-button-group">
          <Button name="format" value="csv" variant="secondary">
            {w.downloadCsv}
          </Button>
          <Button name="format" value="json" variant="secondary">
            {w.downloadJson}
          </Button>
        </div>
      </form>
      {result.cohort.cases === 0 ? (
        <p class="govuk-body">{w.noCases}</p>
      ) : (
        <>
          <ScrollTable
            caption={w.totalCaption}
            head={[w.figure, w.current, w.proposed, w.difference]}
            numeric={[1, 2, 3]}
            rows={FIGURE_NAMES.map((name) => [
              w.figures[name] ?? name,
              figure(name, result.total.current[name]),
              figure(name, result.total.proposed[name]),
              <span data-total={name}>{change(name, result.total.difference[name])}</span>,
            ])}
          />
          <h2 class="govuk-heading-m">{w.municipalitiesTitle}</h2>
          <BarChart
            id="chart-municipalities"
            title={w.chartMunicipalities}
            description={page.t.ministry.chartNote}
            bars={result.municipalities.map((row) => ({
              label: row.municipality,
              value: row.difference.stateCents,
            }))}
            format={(cents) => signed(cents, euro(cents))}
            suppressedMark=""
          />
          <ScrollTable
            caption={w.municipalitiesCaption}
            head={[w.municipalityColumn, w.children, w.current, w.proposed, w.difference, w.hoursGranted]}
            numeric={[1, 2, 3, 4, 5]}
            rows={result.municipalities.map((row) => [
              row.municipality,
              count(row.cases),
              euro(row.current.stateCents),
              euro(row.proposed.stateCents),
              change('stateCents', row.difference.stateCents),
              change('grantedMinutes', row.difference.grantedMinutes),
            ])}
          />
          <h2 class="govuk-heading-m">{w.changesTitle}</h2>
          <ScrollTable
            caption={w.changesCaption}
            head={[w.measure, w.down, w.byTotal, w.up, w.byTotal, w.unchanged, w.largest]}
            numeric={[1, 2, 3, 4, 5]}
            rows={result.changes.map((item) => [
              w.measures[item.measure] ?? item.measure,
              count(item.down.cases),
              change(item.measure, item.down.total),
              count(item.up.cases),
              change(item.measure, item.up.total),
              count(item.unchanged),
              item.down.largest || item.up.largest
                ? [item.down.largest, item.up.largest]
                    .filter((largest) => largest !== null)
                    .map((largest) => `${largest.caseId}: ${change(item.measure, largest.by)}`)
                    .join('; ')
                : '–',
            ])}
          />
          {stateBands && (
            <>
              <h3 class="govuk-heading-s">{w.distributionTitle}</h3>
              <BarChart
                id="chart-distribution"
                title={w.distributionTitle}
                description={page.t.ministry.chartNote}
                bars={stateBands.distribution.map((band, index) => ({
                  label: w.bandsShort[index] ?? band.band,
                  value: band.cases,
                }))}
                format={count}
                suppressedMark=""
              />
              <ScrollTable
                caption={w.distributionCaption}
                head={[w.band, w.children, w.caseIds]}
                numeric={[1]}
                rows={stateBands.distribution.map((band, index) => [
                  w.bands[index] ?? band.band,
                  count(band.cases),
                  rowsOfIds(band.caseIds),
                ])}
              />
            </>
          )}
          <h2 class="govuk-heading-m">{w.servicesTitle}</h2>
          {result.services.length === 0 ? (
            <p class="govuk-body">{w.noServices}</p>
          ) : (
            <ScrollTable
              caption={w.servicesCaption}
              head={[w.service, w.becameUnfunded, w.becameFunded]}
              rows={result.services.map((service) => [
                page.t.services[service.service as keyof typeof page.t.services]?.name ?? service.service,
                <>
                  {count(service.becameUnfunded.cases)} {rowsOfIds(service.becameUnfunded.caseIds)}
                </>,
                <>
                  {count(service.becameFunded.cases)} {rowsOfIds(service.becameFunded.caseIds)}
                </>,
              ])}
            />
          )}
          <h2 class="govuk-heading-m">{w.groupsTitle}</h2>
          <p class="govuk-body">{w.groupsIntro}</p>
          {GROUP_DIMENSIONS.map((dimension) => (
            <ScrollTable
              caption={w.dimensions[dimension] ?? dimension}
              head={[w.group, w.children, w.meanState, w.meanHours, w.changed]}
              numeric={[1, 2, 3]}
              rows={result.groups[dimension].map((row) => [
                groupName(page, dimension, row.group),
                count(row.cases),
                change('stateCents', row.meanStateCentsChange),
                change('grantedMinutes', row.meanGrantedMinutesChange),
                rowsOfIds(row.changedCaseIds),
              ])}
            />
          ))}
          <details class="app-details">
            <summary class="govuk-link">{w.casesTitle}</summary>
            <ScrollTable
              caption={w.casesTitle}
              head={[w.caseColumn, w.municipalityColumn, w.current, w.proposed, w.difference]}
              numeric={[2, 3, 4]}
              rows={result.cases.map((outcome) => [
                outcome.caseId,
                outcome.municipality,
                euro(outcome.current.stateCents),
                euro(outcome.proposed.stateCents),
                change('stateCents', outcome.proposed.stateCents - outcome.current.stateCents),
              ])}
            />
          </details>
        </>
      )}
    </section>
  );
}

export async function whatIfPage(c: Context, deps: ApiDeps): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.ministry.whatIf;
  const csrf = csrfFor(deps, session);
  return respond(
    c,
    200,
    <MinistryPage page={page} session={session} csrf={csrf} title={w.title}>
      <h1 class="govuk-heading-xl">{w.title}</h1>
      <p class="govuk-body-l">{w.intro}</p>
      <WhatIfFormView page={page} deps={deps} csrf={csrf} values={defaults(deps)} errors={[]} />
    </MinistryPage>,
  );
}

export async function whatIfPost(c: Context, deps: ApiDeps): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c, undefined, ministryPaths.whatIf());
  const w = page.t.ministry.whatIf;
  const length = Number(c.req.header('content-length') ?? '0');
  const submitted =
    length > 4 * MAX_PROPOSAL_BYTES
      ? { values: {}, policyText: undefined, fileTooLarge: true, csrf: undefined }
      : await readSubmitted(c);
  const csrf = csrfFor(deps, session);
  const form = (status: number, errors: FieldProblem[], values: Record<string, string>, result?: Child) =>
    respond(
      c,
      status,
      <MinistryPage page={page} session={session} csrf={csrf} title={w.title} errors={errors}>
        <h1 class="govuk-heading-xl">{w.title}</h1>
        <p class="govuk-body-l">{w.intro}</p>
        {result}
        <WhatIfFormView page={page} deps={deps} csrf={csrf} values={values} errors={errors} />
      </MinistryPage>,
    );
  const values = { ...defaults(deps), ...submitted.values };
  // A stale or forged form: shown again with a fresh token, nothing computed.
  if (!csrfOk(c, deps, session, new URLSearchParams({ csrf: submitted.csrf ?? '' })))
    return form(403, [], values);
  const checked = checkForm(page, submitted);
  if ('problems' in checked) return form(422, checked.problems, values);
  let result: WhatIfResult;
  try {
    result = await compute(deps, checked.form, checked.proposal);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const p = page.t.ministry.problems;
    return form(
      422,
      error.issues.map((issue) =>
        labelled(
          page,
          checked.form.proposal === 'upload' ? 'policyFile' : 'proposal-budget-cut-10',
          p.proposalField(issue.path),
        ),
      ),
      values,
    );
  }
  const name =
    `atbalsts-what-if-${result.policies.proposed.id}-${checked.form.from}-${checked.form.to}${checked.form.municipality ? `-${checked.form.municipality}` : ''}`.replace(
      /[^A-Za-z0-9._-]/g,
      '-',
    );
  if (checked.form.format === 'csv')
    return new Response(whatIfCsv(result), {
      status: 200,
      headers: {
        ...PAGE_HEADERS,
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
      },
    });
  if (checked.form.format === 'json')
    return new Response(`${JSON.stringify(result, null, 2)}\n`, {
      status: 200,
      headers: {
        ...PAGE_HEADERS,
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.json"`,
      },
    });
  const hidden: Record<string, string> = {
    from: checked.form.from,
    to: checked.form.to,
    municipality: checked.form.municipality,
    proposal: checked.form.proposal,
    baseline: checked.form.baseline,
    ...(checked.form.proposal === 'upload' && { policyJson: JSON.stringify(checked.proposal) }),
  };
  return form(200, [], values, <Result page={page} result={result} hidden={hidden} csrf={csrf} />);
}
