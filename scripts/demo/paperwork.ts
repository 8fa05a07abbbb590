/**
 * A month's paperwork of one child, planned on the 1st for the days to come: the assistant's
 * timesheet sent as both doors send it, the parents' answer on the link of their email, the
 * providers' claims.
 */
import { submitHoursDecision } from '../../functions/api/hours-decision.ts';
import type { ApiDeps } from '../../functions/api/route.ts';
import { claimsOf } from '../../functions/api/routes/links.ts';
import { sendTimesheet } from '../../functions/api/timesheet-submission.ts';
import { addMonths, rigaInstantOf, type YearMonth } from '../../functions/domain/calendar.ts';
import type { StoredTimesheet } from '../../functions/store/entities.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { LocalSystem } from '../../local/system.ts';
import { assistantDays, type Draw } from '../synthetic.ts';
import { type ChildState, lenient, planFor } from './children.ts';
import type { PilotChild } from './pilot.ts';

const ACTIVITIES: [string, number][] = [
  ['education', 0.4],
  ['health-care', 0.2],
  ['leisure', 0.15],
  ['social-services', 0.1],
  ['day-care', 0.1],
  ['social-inclusion', 0.05],
];

/** Plan the month's timesheet and claims of one child, by the assistant's and providers' habits. */
export function planMonthPaperwork(
  state: ChildState,
  month: YearMonth,
  plan: (date: string, action: () => Promise<void>) => void,
  running: LocalSystem,
  deps: ApiDeps,
): void {
  const found = planFor(state, month);
  if (!found) return;
  const { child, ref, draw } = state;
  const habits = child.timesheets;
  const next = addMonths(month, 1);
  const note = (actor: { kind: 'assistant' | 'provider'; id: string }, at: string) => ({
    actor,
    action: actor.kind === 'assistant' ? 'timesheet-submitted' : 'claim-submitted',
    at: rigaInstantOf(at, '12:00').toISOString(),
  });

  if (!draw.chance(habits.missingChance) && found.plan.assistantMinutes > 0) {
    const late = draw.chance(habits.lateChance);
    const day = late ? draw.int(12, 25) : draw.int(1, 5);
    const on = `${next}-${String(day).padStart(2, '0')}`;
    const entries = timesheetEntries(month, found.plan.assistantMinutes, habits, draw);
    // The parents confirm on the link their email holds: mostly within days, before the run on the
    // 10th; some after it (the supplementary run pays the difference); a few dispute a line.
    const confirmDay = draw.chance(habits.confirmLateChance)
      ? Math.max(day, draw.int(12, 28))
      : Math.min(day + draw.int(0, 3), Math.max(day, 8));
    const disputed = draw.chance(habits.disputeChance)
      ? { line: draw.int(0, Math.max(0, entries.length - 1)), reason: draw.pick(DISPUTE_REASONS) }
      : undefined;
    const confirmOn = `${next}-${String(confirmDay).padStart(2, '0')}`;
    plan(on, async () => {
      // The assistant sends the month as both doors do: the parents' link is written with it.
      const { timesheet } = await sendTimesheet(deps, ref, month, {
        assistantId: child.assistantId,
        entries,
      });
      const confirm = () => confirmByLink(deps, ref, timesheet, child.parentId, disputed);
      if (confirmOn === on) await confirm();
      else plan(confirmOn, confirm);
    });
  }
  if (!found.covers) return;
  for (const line of found.plan.lines) {
    if (line.funding !== 'individual-budget' || line.providerId === undefined || !draw.chance(0.9)) continue;
    const units = Math.max(1, Math.round(line.unitsPerMonth * child.claimShare * (0.8 + draw.next() * 0.4)));
    const on = `${next}-${String(draw.int(2, 8)).padStart(2, '0')}`;
    const claim = {
      claimId: `${month}-${line.service}`.slice(0, 64),
      date: `${month}-${String(draw.int(1, 28)).padStart(2, '0')}`,
      service: line.service,
      units,
      providerId: line.providerId,
      confirmed: !draw.chance(0.03),
    };
    const providerId = line.providerId;
    plan(on, () =>
      running.store.claims.submit(ref, claim, note({ kind: 'provider', id: providerId }, on)).then(() => {}),
    );
  }
}

/** What parents write when they dispute a line (short, in Latvian, as the page takes it). */
const DISPUTE_REASONS = [
  'Šajā dienā asistents nebija pie mums.',
  'Laiks nav pareizs: beidzām stundu agrāk.',
  'Bērns bija slims, nodarbība nenotika.',
] as const;

/**
 * The parents answer the `hours-to-confirm` email: the link it holds (read from the case's outbox,
 * as the email was rendered from it), the timesheet version they read, and the decision recorded
 * through the command the page's form posts to (functions/api/hours-decision.ts).
 */
async function confirmByLink(
  deps: ApiDeps,
  ref: CaseRef,
  sheet: StoredTimesheet,
  parentId: string,
  disputed: { line: number; reason: string } | undefined,
): Promise<void> {
  // Only the month's `hours-to-confirm` emails (their scope begins with the month), not the
  // case's whole outbox: that grows all year, and was read and decoded once per confirmation.
  const email = (await deps.store.outbox.ofKind(ref, 'hours-to-confirm', sheet.month))
    .filter(
      (item) =>
        item.kind === 'hours-to-confirm' &&
        item.recipient.id === parentId &&
        item.data['month'] === sheet.month &&
        item.data['assistantId'] === sheet.assistantId,
    )
    .at(-1);
  const token = /\/links\/([^/?#]+)/.exec(String(email?.data['confirmLink'] ?? ''))?.[1];
  if (!token) throw new Error(`no hours link for ${ref.caseId} ${sheet.month}`);
  const claims = claimsOf(deps, token, 'hours');
  const current = await deps.store.cases.require(ref);
  const entry = disputed === undefined ? undefined : sheet.entries[disputed.line];
  await lenient(async () => {
    await submitHoursDecision(deps, claims, {
      month: sheet.month,
      assistantId: sheet.assistantId,
      coordinatorId: current.coordinatorId,
      sheet,
      by: parentId,
      disputed: entry && disputed ? [{ entry, reason: disputed.reason }] : [],
    });
  });
}

/** A month of assistant days, by the assistant's habits; the assistant flags every day (the parents confirm). */
function timesheetEntries(
  month: YearMonth,
  grantMinutes: number,
  habits: PilotChild['timesheets'],
  draw: Draw,
) {
  return assistantDays(draw, month, grantMinutes, {
    overCapChance: habits.overCapChance,
    usage: habits.usage,
    activity: activityOf,
    // The assistant's own flag; what is paid is what the parents confirm on their link.
    confirmed: () => true,
  });
}

function activityOf(draw: Draw): string {
  let roll = draw.next();
  for (const [code, share] of ACTIVITIES) {
    roll -= share;
    if (roll < 0) return code;
  }
  return 'education';
}
