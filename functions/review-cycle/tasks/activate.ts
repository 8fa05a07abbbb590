/**
 * The task of the state Activate (`cycle-activate`): the approved plan's grants for the period,
 * the months marked for the monthly run, the previous cycle's grants ended the day before.
 */

import { budgetRulesFor } from '../../domain/budget/policy.ts';
import { addDays, addMonths, type IsoDate, monthOf, toDayNumber, toIsoDate } from '../../domain/calendar.ts';
import { activationChanges, handOverChanges } from '../../domain/indicators/deltas.ts';
import { workflowRulesOn } from '../../domain/policy/policy.ts';
import { nextWorkingDay } from '../../domain/working-days.ts';
import type { StepContext } from '../../step-context.ts';
import type { GrantData, OutboxDraft } from '../../store/entities.ts';
import type { CaseRef } from '../../store/keys.ts';
import {
  CycleDataError,
  contactIds,
  enterPhase,
  noteOf,
  openCaseInCycle,
  serviceLabel,
} from '../case-context.ts';
import { type PeriodWaits, periodWaits } from '../waits.ts';
import { type CycleRef, cycleScope, notify, refOf } from './shared.ts';

// ---- activation ------------------------------------------------------------------------------------

const monthsFrom = (from: IsoDate, to: IsoDate): string[] => {
  const months: string[] = [];
  for (let month = monthOf(from); month <= monthOf(to); month = addMonths(month, 1)) months.push(month);
  return months;
};

/**
 * The approved plan takes effect: it becomes the active plan, its grants run for the period (the
 * previous cycle's grants end the day before, so one grant is in force each day), the months are
 * marked for the monthly run, and the parents and assistants are told.
 */
export async function activate(context: StepContext, event: CycleRef): Promise<PeriodWaits> {
  const ref = refOf(event);
  await openCaseInCycle(context, ref, event.cycle);
  await enterPhase(context, ref, 'activate');
  const contents = await context.store.cycles.contents(ref, event.cycle);
  const approved = contents.plans.at(-1);
  if (!approved || (approved.status !== 'approved' && approved.status !== 'active')) {
    throw new CycleDataError(ref, `cycle ${event.cycle} has no approved plan`);
  }
  const { start, end } = approved.plan.period;
  const note = noteOf(context, 'plan-activated');
  if (approved.status === 'approved') {
    // Budget, planned spending, unfunded services and granted hours count once, as the plan takes
    // effect; so does the previous cycle's grant handed over to it (carried on or cut short).
    const previous =
      event.cycle > 0 ? (await context.store.cycles.contents(ref, event.cycle - 1)).grants : [];
    const counters = [
      ...activationChanges(approved.plan, monthsFrom(start, end)),
      ...handOverChanges(previous, start),
    ];
    await context.store.cycles.setPlanStatus(
      ref,
      event.cycle,
      approved.revision,
      'active',
      note,
      undefined,
      undefined,
      counters,
    );
  }
  const grants: GrantData[] = approved.plan.grants
    .filter((grant) => grant.hoursPerMonth > 0)
    .map((grant) => ({
      service: grant.service,
      basis: 'month',
      minutes: Math.round(grant.hoursPerMonth * 60),
      from: start,
      // A grant ends earlier when the disability or the child's age does (the plan's `until`).
      to: typeof grant['until'] === 'string' && grant['until'] < end ? grant['until'] : end,
    }));
  if (grants.length > 0) await context.store.cycles.recordGrants(ref, event.cycle, grants, note);
  const months = monthsFrom(start, end);
  if (event.cycle > 0)
    months.unshift(...(await handOverFromPreviousCycle(context, ref, event.cycle - 1, start)));
  await context.store.cases.markActiveMonths(ref, [...new Set(months)].sort(), note);

  const timing = workflowRulesOn(start).cycle;
  const reviewDue = nextWorkingDay(addDays(end, -timing.reviewDueDaysBeforeEnd));
  const updated = await enterPhase(context, ref, 'activate', {
    period: { start, end },
    reviewDue,
    reassessmentDue: addDays(end, 1),
  });

  const assistantGrant = grants.find((grant) => grant.service === 'assistant');
  const [parents, assistants] = await Promise.all([
    contactIds(context, ref, 'legal-representative'),
    contactIds(context, ref, 'assistant'),
  ]);
  const scope = cycleScope(event.cycle);
  const drafts: OutboxDraft[] = [];
  if (approved.plan.lines.length > 0) {
    const data = {
      period: { start, end },
      budgetCents: approved.plan.budget.cents,
      totalCents: approved.plan.totalCents,
      leftToPlanCents: approved.plan.leftToPlanCents,
      services: approved.plan.lines.map((line) => ({
        service: serviceLabel(line.service, start),
        unitsPerMonth: line.unitsPerMonth,
        unit: budgetRulesFor(start).services.get(line.service)?.unit ?? 'session',
        periodCents: line.periodCents,
      })),
      assistantHours: approved.plan.grants.map((grant) => ({
        service: serviceLabel(grant.service, start),
        hoursPerMonth: grant.hoursPerMonth,
      })),
    };
    for (const id of parents) {
      drafts.push({ kind: 'plan-activated', scope, recipient: { role: 'legal-representative', id }, data });
    }
  }
  if (assistantGrant) {
    for (const id of assistants) {
      drafts.push({
        kind: 'assistant-assignment-started',
        scope,
        recipient: { role: 'assistant', id },
        data: {
          caseId: updated.caseId,
          period: { start, end },
          grant: { basis: assistantGrant.basis, minutes: assistantGrant.minutes },
        },
      });
    }
  }
  await notify(context, ref, drafts, 'activation-sent');
  return periodWaits(context.clock.now(), reviewDue, end);
}

/**
 * The previous cycle's grants run until the day before the new period starts: cut short after an
 * early review, or carried on while a late review was decided (the plan stays in force until it
 * is replaced). Returns the months the carried-on grants add to the monthly runs.
 */
async function handOverFromPreviousCycle(
  context: StepContext,
  ref: CaseRef,
  previousCycle: number,
  newStart: IsoDate,
): Promise<string[]> {
  const { grants } = await context.store.cycles.contents(ref, previousCycle);
  const dayBefore = toIsoDate(toDayNumber(newStart) - 1);
  const changed = grants.filter((grant) => grant.to !== dayBefore);
  if (changed.length === 0) return [];
  await context.store.cycles.recordGrants(
    ref,
    previousCycle,
    changed.map(({ service, basis, minutes, from }) => ({
      service,
      basis,
      minutes,
      ...(from !== undefined && { from }),
      to: dayBefore,
    })),
    noteOf(context, 'grants-handed-over'),
  );
  const carriedFrom = changed
    .map((grant) => grant.to)
    .filter((to): to is string => to !== undefined && to < dayBefore)
    .sort()[0];
  return carriedFrom ? monthsFrom(addDays(carriedFrom, 1), dayBefore) : [];
}
