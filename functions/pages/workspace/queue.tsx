/**
 * The work queue page (`GET /workspace`, the first page after a staff sign-in): counts at the
 * top, the stage filter as links, the coordinator filter as a form that works without script,
 * and a table of rows, most urgent first, each saying why, since when and by when, and linking to
 * the one page where it is dealt with. Coordinators see their own queue first and can look at
 * anyone's in their municipality; supervisors see the whole team, with each coordinator's share
 * and the escalations.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { workspacePaths } from '../../domain/work-queue/paths.ts';
import { QUEUE_STAGES, type QueueRow, type QueueStage } from '../../domain/work-queue/queue.ts';
import { formatMonth } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import { readWorkQueue, type WorkQueueView } from '../../workspace/work-queue.ts';
import { Button, Radios } from '../components/fields.tsx';
import { type PageContext, withLanguage } from '../layout.tsx';
import { pageOf, respond } from '../respond.tsx';
import { csrfFor, date, isCoordinator, WorkspacePage } from './frame.tsx';

const isStage = (value: string | undefined): value is QueueStage =>
  value !== undefined && (QUEUE_STAGES as readonly string[]).includes(value);

function queueHref(page: PageContext, stage: QueueStage | undefined, coordinator: string | undefined) {
  const query = new URLSearchParams();
  if (stage) query.set('stage', stage);
  if (coordinator) query.set('coordinator', coordinator);
  const text = query.toString();
  return withLanguage(page, `${workspacePaths.queue()}${text ? `?${text}` : ''}`);
}

function RowWhy({ page, row }: { page: PageContext; row: QueueRow }) {
  const w = page.t.workspace;
  const details = [
    row.month !== undefined ? formatMonth(row.month, page.language) : undefined,
    row.assistantId !== undefined ? `${w.queue.assistant} ${row.assistantId}` : undefined,
    row.error,
  ].filter((part) => part !== undefined);
  return (
    <>
      <a class="govuk-link" href={withLanguage(page, row.href)}>
        {w.reasons[row.reason]}
      </a>
      {details.length > 0 && <span class="govuk-body-s govuk-!-display-block">{details.join(' · ')}</span>}
      {row.escalated && <strong class="govuk-tag govuk-tag--red">{w.queue.escalatedTag}</strong>}
    </>
  );
}

function QueueTable({ page, queue }: { page: PageContext; queue: WorkQueueView }) {
  const w = page.t.workspace;
  if (queue.rows.length === 0) return <p class="govuk-body govuk-!-font-weight-bold">{w.queue.empty}</p>;
  return (
    <table class="govuk-table" data-queue>
      <caption class="govuk-table__caption govuk-table__caption--m">{w.queue.caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            {w.queue.case}
          </th>
          <th scope="col" class="govuk-table__header">
            {w.queue.why}
          </th>
          <th scope="col" class="govuk-table__header">
            {w.queue.since}
          </th>
          <th scope="col" class="govuk-table__header">
            {w.queue.due}
          </th>
          <th scope="col" class="govuk-table__header">
            {w.queue.waitingOn}
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {queue.rows.map((row) => (
          <tr class="govuk-table__row" data-reason={row.reason} data-case={row.caseId}>
            <th scope="row" class="govuk-table__header">
              <a class="govuk-link" href={withLanguage(page, workspacePaths.case(row.caseId))}>
                {row.caseId}
              </a>
            </th>
            <td class="govuk-table__cell">
              <RowWhy page={page} row={row} />
            </td>
            <td class="govuk-table__cell">{date(page, row.since)}</td>
            <td class="govuk-table__cell">
              {date(page, row.dueOn)}
              {row.overdueDays > 0 && (
                <strong class="govuk-tag govuk-tag--orange govuk-!-display-block">
                  {w.queue.overdueDays(row.overdueDays)}
                </strong>
              )}
            </td>
            <td class="govuk-table__cell">{w.waitingOn[row.waitingOn]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export async function queuePage(c: Context, deps: ApiDeps): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const stageParam = c.req.query('stage');
  const stage = isStage(stageParam) ? stageParam : undefined;
  // Coordinators start with their own queue; supervisors with the whole team's.
  const asked = c.req.query('coordinator');
  const coordinator =
    asked === 'all'
      ? undefined
      : asked && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(asked)
        ? asked
        : isCoordinator(session)
          ? session.sub
          : undefined;
  const queue = await readWorkQueue(
    deps,
    { municipality: session.municipality, ...(coordinator !== undefined && { coordinatorId: coordinator }) },
    stage === undefined ? {} : { stage },
  );
  const scope = coordinator ?? 'all';
  const teamIds = [
    ...new Set([
      ...(isCoordinator(session) ? [session.sub] : []),
      ...queue.team.map((member) => member.coordinatorId),
    ]),
  ].filter((id) => id !== '-');
  return respond(
    c,
    200,
    <WorkspacePage page={page} session={session} csrf={csrfFor(deps, session)} title={w.queue.title}>
      <h1 class="govuk-heading-xl">{w.queue.title}</h1>
      <p class="govuk-body-l">{w.queue.intro}</p>
      <dl class="govuk-summary-list govuk-summary-list--no-border app-queue-counts" data-counts>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">{w.queue.total}</dt>
          <dd class="govuk-summary-list__value" data-count="total">
            {queue.counts.total}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">{w.queue.overdue}</dt>
          <dd class="govuk-summary-list__value" data-count="overdue">
            {queue.counts.overdue}
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">{w.queue.escalated}</dt>
          <dd class="govuk-summary-list__value" data-count="escalated">
            {queue.counts.escalated}
          </dd>
        </div>
      </dl>
      <nav aria-label={w.queue.filterLegend}>
        <ul class="govuk-list app-stage-filter">
          <li>
            {stage === undefined ? (
              <strong aria-current="page">{`${w.queue.allStages} (${queue.counts.total})`}</strong>
            ) : (
              <a
                class="govuk-link"
                href={queueHref(page, undefined, scope)}
              >{`${w.queue.allStages} (${queue.counts.total})`}</a>
            )}
          </li>
          {QUEUE_STAGES.map((each) => (
            <li>
              {each === stage ? (
                <strong aria-current="page">{`${w.stages[each]} (${queue.counts.byStage[each]})`}</strong>
              ) : (
                <a
                  class="govuk-link"
                  href={queueHref(page, each, scope)}
                >{`${w.stages[each]} (${queue.counts.byStage[each]})`}</a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={workspacePaths.queue()} class="govuk-!-margin-bottom-6">
        <input type="hidden" name="lang" value={page.language} />
        {stage !== undefined && <input type="hidden" name="stage" value={stage} />}
        <Radios
          t={page.t}
          id="coordinator"
          legend={w.queue.coordinatorLabel}
          legendSize="s"
          modifiers="govuk-radios--small govuk-radios--inline"
          error={undefined}
          choices={['all', ...teamIds].map((id, index) => ({
            id: `coordinator-${index}`,
            value: id,
            label: id === 'all' ? w.queue.everyone : id === session.sub ? `${w.queue.me} (${id})` : id,
          }))}
          checked={scope}
        />
        <Button variant="secondary">{w.queue.apply}</Button>
      </form>
      <QueueTable page={page} queue={queue} />
      {queue.lastRun && (
        <p class="govuk-body-s">{w.queue.lastRun(formatMonth(queue.lastRun.month, page.language))}</p>
      )}
      {coordinator === undefined && queue.team.length > 0 && (
        <table class="govuk-table" data-team>
          <caption class="govuk-table__caption govuk-table__caption--m">{w.queue.teamCaption}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                {w.queue.coordinatorLabel}
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                {w.queue.total}
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                {w.queue.overdue}
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                {w.queue.escalated}
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {queue.team.map((member) => (
              <tr class="govuk-table__row">
                <th scope="row" class="govuk-table__header">
                  <a class="govuk-link" href={queueHref(page, stage, member.coordinatorId)}>
                    {member.coordinatorId}
                  </a>
                </th>
                <td class="govuk-table__cell govuk-table__cell--numeric">{member.total}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{member.overdue}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{member.escalated}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </WorkspacePage>,
  );
}
