/**
 * The notifications a statement is stored with: one `pay-statement` per assistant with paid or
 * refused hours, and one `monthly-statement` per legal representative when a plan is in force
 * (docs/settlement.md, "Parents' monthly statement"). Outbox items carry ids and figures only; a
 * draft with a figure below zero (hours or services taken back) is withheld, since no email can
 * show it.
 */
import { z } from 'zod';
import { budgetStanding } from '../../domain/budget/figures.ts';
import { budgetRulesFor } from '../../domain/budget/policy.ts';
import type { ServicesStatement } from '../../domain/claims/types.ts';
import { InputError } from '../../domain/errors.ts';
import { policyVersionOn } from '../../domain/policy/policy.ts';
import { SERVICE_UNITS, type ServiceUnit } from '../../domain/policy/schema.ts';
import type { HourStatement } from '../../domain/settlement/types.ts';
import { payStatementDataOf } from '../../notify/render/assistant.ts';
import type { ParentStatementData } from '../../notify/render/parent.ts';
import type { OutboxDraft, StatementBody, StoredPlan } from '../../store/entities.ts';
import type { CaseRef } from '../../store/keys.ts';
import { CaseDataError } from './case-data-error.ts';

interface Drafts {
  drafts: OutboxDraft[];
  /** Drafts not written because a figure would be below zero. */
  withheld: OutboxDraft[];
}

const labelSchema = z.object({ lv: z.string().min(1), en: z.string().min(1) });

/**
 * One `monthly-statement` per legal representative, with the data of
 * functions/notify/render/parent.ts `parentStatementSchema`. On the original statement: the month's
 * assistant hours and pay, and every individual-budget service paid in the month. On a
 * supplementary one: the difference only (the hours and pay it adds, each service's units and
 * cents beyond what the month's latest stored services part paid), and no email at all when
 * nothing paid changed. The budget figures are the standing after this month in both cases, each
 * as functions/domain/budget/figures.ts defines it and from the same services statement the
 * coordinator reads: planned (its budget lines), used so far (since the period began, through this
 * month), left to spend (planned - used, its `leftToSpendCents`), left to plan (budget - planned).
 */
export function parentStatementDrafts(
  ref: CaseRef,
  input: {
    candidate: StatementBody;
    sequence: number;
    plan: StoredPlan;
    services: ServicesStatement;
    before: readonly { service: string; monthUnits: number; monthCents: number }[];
    recipients: readonly string[];
  },
): Drafts {
  const { candidate, plan, services } = input;
  let catalogue: ReturnType<typeof budgetRulesFor>['services'] = new Map();
  try {
    catalogue = budgetRulesFor(plan.plan.period.start).services;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  const planLines = new Map(plan.plan.lines.map((line) => [line.service, line]));
  const describe = (
    service: string,
  ): { service: ParentStatementData['services'][number]['service']; unit: ServiceUnit } => {
    const known = catalogue.get(service);
    const line = planLines.get(service);
    const name = known?.name ?? labelSchema.safeParse(line?.['name']).data ?? { lv: service, en: service };
    const unit = known?.unit ?? z.enum(SERVICE_UNITS).safeParse(line?.['unit']).data;
    if (unit === undefined) {
      throw new CaseDataError(ref, `no unit is known for the service ${service} (policy or plan line)`);
    }
    return { service: { lv: name.lv, en: name.en }, unit };
  };

  const now = new Map(
    services.lines
      .filter((line) => line.funding === 'individual-budget')
      .map((line) => [line.service, { units: line.monthUnits, cents: line.monthCents }]),
  );
  const then = new Map(
    input.before.map((line) => [line.service, { units: line.monthUnits, cents: line.monthCents }]),
  );
  const lines: ParentStatementData['services'] = [];
  for (const service of new Set([...now.keys(), ...then.keys()])) {
    const units = (now.get(service)?.units ?? 0) - (then.get(service)?.units ?? 0);
    const paidCents = (now.get(service)?.cents ?? 0) - (then.get(service)?.cents ?? 0);
    if (units === 0 && paidCents === 0) continue;
    lines.push({ ...describe(service), units, paidCents });
  }
  if (
    input.sequence > 0 &&
    lines.length === 0 &&
    candidate.paidMinutes === 0 &&
    candidate.amountCents === 0
  ) {
    return { drafts: [], withheld: [] };
  }
  // The same figures as the statement's services part the coordinator reads: planned and used
  // from the services statement's budget lines, so left to spend is its own leftToSpendCents.
  const plannedCents = services.lines
    .filter((line) => line.funding === 'individual-budget')
    .reduce((sum, line) => sum + line.periodCents, 0);
  const data = {
    month: candidate.month,
    assistantMinutesPaid: candidate.paidMinutes,
    assistantCents: candidate.amountCents,
    services: lines,
    budget: budgetStanding({
      budgetCents: plan.plan.budget.cents,
      plannedCents,
      usedCents: services.usedCents,
    }),
  } satisfies ParentStatementData;
  const negative =
    data.assistantMinutesPaid < 0 ||
    data.assistantCents < 0 ||
    lines.some((line) => line.units < 0 || line.paidCents < 0);
  const drafts = input.recipients.map(
    (id): OutboxDraft => ({
      kind: 'monthly-statement',
      scope: candidate.month,
      recipient: { role: 'legal-representative', id },
      data,
    }),
  );
  return negative ? { drafts: [], withheld: drafts } : { drafts, withheld: [] };
}

/**
 * One pay statement per assistant with paid or refused hours in `statement` (the whole month, or
 * a supplementary statement's difference): ids and figures, names of activities from policy.
 */
export function payStatementDrafts(statement: HourStatement): Drafts {
  const activities = policyVersionOn(`${statement.month}-01`)?.assistant.activities ?? [];
  const assistants = new Set([...statement.lines, ...statement.rejected].map((item) => item.assistantId));
  const result: Drafts = { drafts: [], withheld: [] };
  for (const assistantId of [...assistants].sort()) {
    const data = payStatementDataOf(statement, assistantId, activities);
    const draft: OutboxDraft = {
      kind: 'pay-statement',
      scope: statement.month,
      recipient: { role: 'assistant', id: assistantId },
      data,
    };
    const negative = data.paid.some((line) => line.minutes < 0 || line.amountCents < 0);
    (negative ? result.withheld : result.drafts).push(draft);
  }
  return result;
}
