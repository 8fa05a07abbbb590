/**
 * A case's page (`GET /cases/{caseId}` for a browser; the API keeps the JSON) and a month of it
 * (`GET /cases/{caseId}/months/{month}`): the child, representatives and assistants, the cycle's
 * phases, what to do next, the plan in force with used and left per line, months paid, emails and
 * whether they went out, the record of what happened; and the month's timesheets as submitted,
 * statements with paid and refused lines and why, and the statement emails.
 */
import type { Context } from 'hono';
import type { ApiDeps } from '../../api/route.ts';
import { workspacePaths } from '../../domain/work-queue/paths.ts';
import type { ServiceCode } from '../../i18n/codes.ts';
import { formatDuration, formatEuro, formatMonth, formatPeriod } from '../../i18n/format.ts';
import { sessionOf } from '../../session/middleware.ts';
import type { StoredPerson } from '../../store/entities.ts';
import { readCaseMonth, readCaseView } from '../../workspace/case-view.ts';
import { Button } from '../components/fields.tsx';
import { Table } from '../components/table.tsx';
import { type PageContext, SummaryList, withLanguage } from '../layout.tsx';
import { pageOf, respond } from '../respond.tsx';
import { csrfFor, date, instant, isCoordinator, notFoundPage, phaseName, WorkspacePage } from './frame.tsx';

type Contact = StoredPerson['contacts'][number];

export const serviceName = (page: PageContext, code: string) =>
  (page.t.services as Record<string, { name: string } | undefined>)[code as ServiceCode]?.name ?? code;

const euro = (page: PageContext, cents: number) => formatEuro(cents, page.language);

function People({ page, title, people }: { page: PageContext; title: string; people: readonly Contact[] }) {
  const c = page.t.workspace.case;
  return (
    <>
      <h2 class="govuk-heading-m">{title}</h2>
      {people.length === 0 ? (
        <p class="govuk-body">{c.none}</p>
      ) : (
        <SummaryList
          rows={people.map((person) => ({
            key: `${person.name} (${person.id})`,
            value: [person.email, person.phone, person.language.toUpperCase()].filter(Boolean).join(' · '),
          }))}
        />
      )}
    </>
  );
}

/** What a command did and what happens next, after a form sent the browser back to the case. */
export function doneMessage(page: PageContext, caseId: string, done: string | undefined, phase: string) {
  const w = page.t.workspace;
  const messages: Record<string, { title: string; next: string }> = {
    opened: { title: w.newCase.done(caseId), next: w.newCase.next },
    assessment: { title: w.assessment.done, next: w.assessment.next },
    ranking: { title: w.ranking.done, next: w.ranking.next },
    approved: { title: w.plan.approved, next: w.plan.approvedNext },
    changes: { title: w.plan.changed, next: w.plan.changedNext },
    'early-review': { title: w.earlyReview.done, next: w.earlyReview.next },
    closed: { title: w.close.done, next: w.close.next },
    resumed: { title: w.resume.done, next: w.resume.next(phase) },
  };
  return done === undefined ? undefined : messages[done];
}

export async function casePage(c: Context, deps: ApiDeps, caseId: string): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const t = w.case;
  const view = await readCaseView(deps, { municipality: session.municipality, caseId });
  if (!view) return notFoundPage(c, page);
  const current = view.case;
  const coordinator = isCoordinator(session) && current.status === 'open';
  const actions: { href: string; text: string }[] = [];
  if (coordinator) {
    if (current.phase === 'request-assessment')
      actions.push({ href: workspacePaths.assessment(caseId), text: t.enterAssessment });
    if (current.phase === 'request-ranking' || current.phase === 'compute-budget')
      actions.push({ href: workspacePaths.ranking(caseId), text: t.rankForParents });
    if (view.draft)
      actions.push({
        href: workspacePaths.plan(caseId, view.draft.cycle, view.draft.revision),
        text: t.seePlan,
      });
    if (current.phase === 'active' || current.phase === 'review-due')
      actions.push({ href: `${workspacePaths.case(caseId)}/early-review`, text: t.earlyReview });
    actions.push({ href: `${workspacePaths.case(caseId)}/closure`, text: t.close });
  }
  const done = doneMessage(page, caseId, c.req.query('done'), phaseName(page, current.phase));
  return respond(
    c,
    200,
    <WorkspacePage page={page} session={session} csrf={csrfFor(deps, session)} title={t.title(caseId)}>
      {done && (
        <div class="govuk-panel govuk-panel--confirmation" role="status" data-done>
          <h2 class="govuk-panel__title">{done.title}</h2>
          <div class="govuk-panel__body">{done.next}</div>
        </div>
      )}
      <span class="govuk-caption-l">{`${t.cycle(current.cycle)} · ${t.status[current.status] ?? current.status}`}</span>
      <h1 class="govuk-heading-xl">{t.title(caseId)}</h1>
      {current.failure && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">{page.t.common.warning}</span>
            {t.failure(phaseName(page, current.failure.phase), current.failure.error)}
          </strong>
        </div>
      )}
      {(actions.length > 0 || (coordinator && current.failure)) && (
        <>
          <h2 class="govuk-heading-m">{t.actions}</h2>
          <ul class="govuk-list" data-actions>
            {actions.map((action) => (
              <li>
                <a class="govuk-link" href={withLanguage(page, action.href)}>
                  {action.text}
                </a>
              </li>
            ))}
          </ul>
          {coordinator && current.failure && (
            <form method="post" action={withLanguage(page, `${workspacePaths.case(caseId)}/resume`)}>
              <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
              <Button>{t.resume}</Button>
            </form>
          )}
        </>
      )}
      <h2 class="govuk-heading-m">{t.phase}</h2>
      <ol class="govuk-list govuk-list--number app-phases" data-phases>
        {view.phases.map((step) => (
          <li data-state={step.state}>
            {step.state === 'current' ? (
              <strong>{phaseName(page, step.phase)}</strong>
            ) : (
              phaseName(page, step.phase)
            )}
            {' – '}
            {w.phaseState[step.state]}
            {step.at !== undefined && ` (${date(page, step.at)})`}
          </li>
        ))}
      </ol>
      <h2 class="govuk-heading-m">{t.child}</h2>
      {view.child ? (
        <SummaryList
          rows={[
            { key: t.name, value: view.child.name },
            ...(view.child.birthDate !== undefined
              ? [
                  { key: t.birthDate, value: date(page, view.child.birthDate) },
                  { key: t.age, value: t.years(view.child.age ?? 0) },
                ]
              : []),
          ]}
        />
      ) : (
        <p class="govuk-body">{t.none}</p>
      )}
      <People page={page} title={t.representatives} people={view.representatives} />
      <People page={page} title={t.assistants} people={view.assistants} />
      <h2 class="govuk-heading-m">{t.plan}</h2>
      {view.plan ? (
        <>
          <SummaryList
            rows={[
              { key: t.planPeriod, value: formatPeriod(view.plan.period, page.language) },
              { key: t.budget, value: euro(page, view.plan.budgetCents) },
              { key: t.planned, value: euro(page, view.plan.plannedCents) },
              { key: t.leftToPlan, value: euro(page, view.plan.leftToPlanCents) },
              { key: t.used, value: euro(page, view.plan.usedCents) },
              { key: t.leftToSpend, value: euro(page, view.plan.leftToSpendCents) },
            ]}
          />
          <Table
            caption={t.lineCaption}
            head={[w.assessment.service, w.plan.perMonth, w.plan.period, t.used, t.left]}
            numeric={[1, 2, 3, 4]}
            rows={view.plan.lines.map((line) => [
              serviceName(page, line.service),
              String(line.unitsPerMonth),
              euro(page, line.periodCents),
              euro(page, line.usedCents),
              euro(page, line.leftCents),
            ])}
          />
          {view.plan.settledThrough !== undefined && (
            <p class="govuk-body-s">
              {t.settledThrough(formatMonth(view.plan.settledThrough, page.language))}
            </p>
          )}
        </>
      ) : (
        <p class="govuk-body">{t.noPlan}</p>
      )}
      <h2 class="govuk-heading-m">{t.months}</h2>
      {view.months.length === 0 ? (
        <p class="govuk-body">{t.noMonths}</p>
      ) : (
        <Table
          caption={t.monthsCaption}
          head={[w.runs.month, t.paid, t.euros, t.refused, t.statements]}
          numeric={[1, 2, 3, 4]}
          rows={view.months.map((month) => [
            <a class="govuk-link" href={withLanguage(page, workspacePaths.month(caseId, month.month))}>
              {formatMonth(month.month, page.language)}
            </a>,
            formatDuration(month.paidMinutes, page.language),
            euro(page, month.amountCents + (month.servicesCents ?? 0)),
            formatDuration(month.rejectedMinutes, page.language),
            String(month.statements),
          ])}
        />
      )}
      <h2 class="govuk-heading-m">{t.emails}</h2>
      {view.emails.some((email) => email.status === 'failed') && (
        <p class="govuk-body" data-undelivered>
          <strong class="govuk-tag govuk-tag--red">{t.emailStatus['failed']}</strong>{' '}
          {view.emails.filter((email) => email.status === 'failed').length}
        </p>
      )}
      {view.emails.length === 0 ? (
        <p class="govuk-body">{t.noEmails}</p>
      ) : (
        <details class="app-details">
          <summary class="govuk-link">{`${t.emailsCaption} (${view.emails.length})`}</summary>
          <Table
            caption={t.emailsCaption}
            head={[t.decided, t.kind, t.to, page.t.workspace.queue.why]}
            rows={view.emails.map((email) => [
              instant(page, email.createdAt),
              email.kind,
              `${t.roles[email.recipient.role] ?? email.recipient.role} ${email.recipient.id}`,
              email.status === 'failed' ? (
                <strong class="govuk-tag govuk-tag--red">{t.emailStatus[email.status]}</strong>
              ) : (
                (t.emailStatus[email.status] ?? email.status)
              ),
            ])}
          />
        </details>
      )}
      <h2 class="govuk-heading-m">{t.timeline}</h2>
      <details class="app-details">
        <summary class="govuk-link">{`${t.timelineCaption} (${view.timeline.length})`}</summary>
        <Table
          caption={t.timelineCaption}
          head={[t.when, t.what, t.who]}
          rows={view.timeline.map((event) => [
            instant(page, event.at),
            event.action.startsWith('phase-') ? phaseName(page, event.action.slice(6)) : event.action,
            `${t.actors[event.actor.kind] ?? event.actor.kind} ${event.actor.id}`,
          ])}
        />
      </details>
    </WorkspacePage>,
  );
}

export async function monthPage(c: Context, deps: ApiDeps, caseId: string, month: string): Promise<Response> {
  const session = sessionOf(c);
  const page = pageOf(c);
  const w = page.t.workspace;
  const m = w.month;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return notFoundPage(c, page);
  const view = await readCaseMonth(deps, { municipality: session.municipality, caseId }, month);
  if (!view) return notFoundPage(c, page);
  const nameOf = (id: string) => view.assistants.find((assistant) => assistant.id === id)?.name ?? id;
  const activity = (code: string) => (page.t.activities as Record<string, string>)[code] ?? code;
  const rejection = (code: string) => (page.t.rejections as Record<string, string>)[code] ?? code;
  const title = m.title(caseId, formatMonth(month, page.language));
  return respond(
    c,
    200,
    <WorkspacePage page={page} session={session} csrf={csrfFor(deps, session)} title={title}>
      <a class="govuk-back-link" href={withLanguage(page, workspacePaths.case(caseId))}>
        {w.common.backToCase}
      </a>
      {c.req.query('done') === 'resolved' && (
        <div class="govuk-panel govuk-panel--confirmation" role="status" data-done>
          <h2 class="govuk-panel__title">{m.resolved}</h2>
        </div>
      )}
      <h1 class="govuk-heading-xl">{title}</h1>
      <h2 class="govuk-heading-m">{m.timesheets}</h2>
      {view.missing.map((id) => (
        <p class="govuk-body" data-missing={id}>
          {m.missing(`${nameOf(id)} (${id})`)}
        </p>
      ))}
      {view.timesheets.length === 0 && <p class="govuk-body">{m.noTimesheets}</p>}
      {view.timesheets.map((sheet) => (
        <>
          <Table
            caption={`${m.timesheetCaption(`${nameOf(sheet.assistantId)} (${sheet.assistantId})`)} · ${m.submitted(instant(page, sheet.submittedAt))}`}
            head={[page.t.common.date, m.start, m.end, page.t.common.activity, page.t.common.hours]}
            numeric={[4]}
            rows={sheet.entries.map((entry) => [
              date(page, entry.date),
              entry.start !== undefined
                ? `${String(Math.floor(entry.start / 60)).padStart(2, '0')}:${String(entry.start % 60).padStart(2, '0')}`
                : '',
              entry.end !== undefined
                ? `${String(Math.floor(entry.end / 60)).padStart(2, '0')}:${String(entry.end % 60).padStart(2, '0')}`
                : '',
              activity(entry.activity),
              formatDuration(entry.minutes, page.language),
            ])}
          />
        </>
      ))}
      <h2 class="govuk-heading-m">{m.disputes}</h2>
      {view.confirmations.length === 0 && <p class="govuk-body">{m.noConfirmation}</p>}
      {view.confirmations.map((confirmation) => (
        <div data-confirmation={confirmation.assistantId}>
          <p class="govuk-body">
            {m.confirmedBy(
              `${nameOf(confirmation.assistantId)} (${confirmation.assistantId})`,
              confirmation.by,
              instant(page, confirmation.decidedAt),
              confirmation.confirmed.length,
              confirmation.disputed.length,
            )}
          </p>
          {confirmation.disputed.length > 0 && (
            <Table
              caption={m.disputedCaption}
              head={[page.t.common.date, page.t.common.activity, page.t.common.hours, m.reason]}
              numeric={[2]}
              rows={confirmation.disputed.map((line) => {
                const [day = '', , , minutes = '0', code = ''] = line.entry.split('|');
                return [
                  date(page, day),
                  activity(code),
                  formatDuration(Number(minutes), page.language),
                  line.reason,
                ];
              })}
            />
          )}
          {confirmation.disputed.length > 0 &&
            (confirmation.resolved ? (
              <p class="govuk-body" data-resolved>
                {m.resolvedBy(confirmation.resolved.by, instant(page, confirmation.resolved.at))}
              </p>
            ) : (
              isCoordinator(session) && (
                <form
                  method="post"
                  action={withLanguage(
                    page,
                    `${workspacePaths.month(caseId, month)}/disputes/${confirmation.assistantId}/resolution`,
                  )}
                >
                  <input type="hidden" name="csrf" value={csrfFor(deps, session)} />
                  <input type="hidden" name="decidedAt" value={confirmation.decidedAt} />
                  <p class="govuk-body">{m.resolveHint}</p>
                  <Button variant="secondary">{m.resolve}</Button>
                </form>
              )
            ))}
        </div>
      ))}
      <h2 class="govuk-heading-m">{m.statements}</h2>
      {view.statements.length === 0 && <p class="govuk-body">{m.notSettled}</p>}
      {view.statements.map((stored) => (
        <>
          <h3 class="govuk-heading-s">
            {stored.sequence === 0 ? m.original : m.supplementary(stored.sequence)}
          </h3>
          <SummaryList
            rows={[
              { key: w.case.paid, value: formatDuration(stored.statement.paidMinutes, page.language) },
              { key: w.case.euros, value: euro(page, stored.statement.amountCents) },
            ]}
          />
          {stored.statement.lines.length > 0 && (
            <Table
              caption={m.paidCaption}
              head={[
                page.t.common.date,
                w.queue.assistant,
                page.t.common.activity,
                page.t.common.hours,
                page.t.common.amount,
              ]}
              numeric={[3, 4]}
              rows={stored.statement.lines.map((line) => [
                date(page, line.date),
                line.assistantId,
                activity(line.activity),
                formatDuration(line.minutes, page.language),
                euro(page, line.amountCents),
              ])}
            />
          )}
          {stored.statement.rejected.length === 0 ? (
            <p class="govuk-body">{m.noRefused}</p>
          ) : (
            <Table
              caption={m.refusedCaption}
              head={[page.t.common.date, w.queue.assistant, page.t.common.hours, m.reason]}
              numeric={[2]}
              rows={stored.statement.rejected.map((line) => [
                date(page, line.date),
                line.assistantId,
                formatDuration(line.minutes, page.language),
                rejection(line.reason),
              ])}
            />
          )}
        </>
      ))}
      <h2 class="govuk-heading-m">{m.emails}</h2>
      {view.emails.length === 0 ? (
        <p class="govuk-body">{w.case.noEmails}</p>
      ) : (
        <Table
          caption={m.emails}
          head={[w.case.decided, w.case.kind, w.case.to, w.queue.why]}
          rows={view.emails.map((email) => [
            instant(page, email.createdAt),
            email.kind,
            `${w.case.roles[email.recipient.role] ?? email.recipient.role} ${email.recipient.id}`,
            w.case.emailStatus[email.status] ?? email.status,
          ])}
        />
      )}
    </WorkspacePage>,
  );
}
