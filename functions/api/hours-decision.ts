/**
 * The parents' decision on an assistant's month through their hours link (the "apliecinājums"),
 * the one way it is recorded: the page's form (functions/pages/links/hours.tsx) and the demo's
 * parents both answer through here. Once per link: the link is taken, the decision is stored for
 * the timesheet version the parent read (functions/store/hours-confirmations.ts), and disputed
 * lines write the coordinator's `hours-disputed` email in the same transaction.
 *
 * @example
 * await submitHoursDecision(deps, claims, { month: '2024-03', assistantId: 'a-1', coordinatorId: 'u-1', sheet, by: 'lr-1', disputed: [] });
 */
import { createHash } from 'node:crypto';
import type { YearMonth } from '../domain/calendar.ts';
import { policyVersionOn } from '../domain/policy/policy.ts';
import { caseLink } from '../review-cycle/case-context.ts';
import type { OutboxDraft, StoredTimesheet } from '../store/entities.ts';
import { entryKey, type HoursDecision } from '../store/hours-confirmations.ts';
import type { ApiDeps, Reply } from './route.ts';
import { answerOnce, type VerifiedLink } from './routes/links.ts';

type Entry = StoredTimesheet['entries'][number];

export interface HoursDecisionInput {
  month: YearMonth;
  assistantId: string;
  /** Who the `hours-disputed` email goes to: the case's coordinator. */
  coordinatorId: string;
  /** The timesheet as the parent read it. */
  sheet: StoredTimesheet;
  /** The legal representative who decides. */
  by: string;
  /** The lines disputed, each with the parent's reason; every other line is confirmed. */
  disputed: readonly { entry: Entry; reason: string }[];
}

/** The `hours-disputed` email to the case's coordinator, with the lines and the parents' reasons. */
function disputeDraft(deps: ApiDeps, claims: VerifiedLink, input: HoursDecisionInput): OutboxDraft {
  const activities = new Map(
    (policyVersionOn(`${input.month}-01`)?.assistant.activities ?? []).map((activity) => [
      activity.code,
      activity.name,
    ]),
  );
  const at = deps.clock.now().toISOString();
  return {
    kind: 'hours-disputed',
    scope: `${input.month}.${createHash('sha256').update(`${input.assistantId}\n${at}`).digest('hex').slice(0, 12)}`,
    recipient: { role: 'coordinator', id: input.coordinatorId },
    data: {
      caseId: claims.caseId,
      month: input.month,
      assistantId: input.assistantId,
      lines: input.disputed.map(({ entry, reason }) => {
        const name = activities.get(entry.activity);
        return {
          date: entry.date,
          minutes: entry.minutes,
          activity: { code: entry.activity, lv: name?.lv ?? entry.activity, en: name?.en ?? entry.activity },
          reason,
        };
      }),
      caseLink: caseLink(deps, claims.ref),
    },
  };
}

/**
 * Record the decision once through the link; the API's problems (410 used, 409 through a
 * {@link ConflictError} when the assistant sent a new version meanwhile) as {@link answerOnce} gives them.
 */
export async function submitHoursDecision(
  deps: ApiDeps,
  claims: VerifiedLink,
  input: HoursDecisionInput,
): Promise<Reply> {
  const disputedKeys = new Set(input.disputed.map((line) => entryKey(line.entry)));
  const decision: HoursDecision = {
    submittedAt: input.sheet.submittedAt,
    by: input.by,
    confirmed: [...new Set(input.sheet.entries.map(entryKey).filter((key) => !disputedKeys.has(key)))],
    disputed: input.disputed.map((line) => ({ entry: entryKey(line.entry), reason: line.reason })),
  };
  return answerOnce(
    deps,
    claims,
    {
      step: 'hours',
      representativeId: input.by,
      confirmed: decision.confirmed.length,
      disputed: decision.disputed.length,
    },
    async () => {
      await deps.store.hoursConfirmations.record(
        claims.ref,
        input.month,
        input.assistantId,
        decision,
        {
          actor: { kind: 'parent', id: input.by },
          action: 'hours-confirmed',
          at: deps.clock.now().toISOString(),
        },
        input.disputed.length > 0 ? [disputeDraft(deps, claims, input)] : [],
      );
      return { body: { recorded: 'hours', caseId: claims.caseId } };
    },
    decision,
  );
}
