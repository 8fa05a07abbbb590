/**
 * The team's assessment (checked against the catalogue and the policy of its date beyond its
 * fields' types) and the parents' ranking recorded by the coordinator on their behalf.
 */
import { z } from 'zod';
import { COMPANION_RULE } from '../../../domain/budget/indicative.ts';
import { budgetRulesFor } from '../../../domain/budget/policy.ts';
import { addMonths, monthOf } from '../../../domain/calendar.ts';
import { InputError } from '../../../domain/errors.ts';
import { unitsSchema } from '../../../domain/plan/input.ts';
import { workflowRulesOn } from '../../../domain/policy/policy.ts';
import { isoDateSchema } from '../../../domain/policy/schema.ts';
import { recordRanking, submitAssessment } from '../../../review-cycle/commands.ts';
import { assessmentDataSchema } from '../../../store/entities.ts';
import type { FieldError } from '../../problem.ts';
import { type ApiDeps, defineRoute, type FieldLocator } from '../../route.ts';
import { caseIdParams } from '../../schemas.ts';
import {
  caseRefOf,
  checkRankedServices,
  requireCase,
  serviceErrors,
  staffActor,
  todayIn,
} from '../common.ts';
import { commandResponses, TAGS } from './responses.ts';

const assessmentBodySchema = assessmentDataSchema.extend({
  recommendations: assessmentDataSchema.shape.recommendations.unwrap().min(1).max(40),
});

/** The body's value at `key` when it is an object, else nothing (a check reads only what parses). */
const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value.slice(0, 100) : []);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Every problem of an assessment beyond its fields' types, from what of it parses: the date is
 * not in the future nor older than one plan period (policy), the services are the catalogue's of
 * that date, ranks are unique, the minimum is not above the units, the parents rank only
 * recommended services, once each.
 */
function assessmentProblems(body: unknown, deps: ApiDeps, locate: FieldLocator): FieldError[] {
  const errors: FieldError[] = [];
  const today = todayIn(deps);
  const assessedOn = isoDateSchema.safeParse(fieldOf(body, 'assessedOn')).data;
  let catalogue: Set<string> | undefined;
  if (assessedOn !== undefined) {
    const periodMonths = workflowRulesOn(today).cycle.periodMonths;
    const earliest = `${addMonths(monthOf(today), -periodMonths)}-01`;
    if (assessedOn > today) {
      errors.push({ ...locate(['assessedOn']), message: `must not be after today (${today} in Riga)` });
    } else if (assessedOn < earliest) {
      errors.push({
        ...locate(['assessedOn']),
        message: `must be ${earliest} or later: an assessment older than one plan period (${periodMonths} months) cannot be the basis of a new plan`,
      });
    } else {
      try {
        catalogue = new Set(budgetRulesFor(assessedOn).services.keys());
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.push({ ...locate(['assessedOn']), message: 'no service catalogue is in force on this date' });
      }
    }
  }
  const recommendations = listOf(fieldOf(body, 'recommendations'));
  const recommended = new Set<string>();
  const ranks = new Set<number>();
  recommendations.forEach((item, index) => {
    const service = textOf(fieldOf(item, 'service'));
    if (service !== undefined) {
      if (catalogue && !catalogue.has(service)) {
        errors.push({
          ...locate(['recommendations', index, 'service']),
          message: 'is not a service of the catalogue in force',
        });
      } else if (recommended.has(service)) {
        errors.push({ ...locate(['recommendations', index, 'service']), message: 'appears twice' });
      }
      recommended.add(service);
    }
    const rank = fieldOf(item, 'rank');
    if (typeof rank === 'number') {
      if (ranks.has(rank))
        errors.push({ ...locate(['recommendations', index, 'rank']), message: 'appears twice' });
      ranks.add(rank);
    }
    const units = unitsSchema.safeParse(fieldOf(item, 'unitsPerMonth')).data;
    const minimum = unitsSchema.safeParse(fieldOf(item, 'minUnitsPerMonth')).data;
    if (units !== undefined && minimum !== undefined && minimum > units) {
      errors.push({
        ...locate(['recommendations', index, 'minUnitsPerMonth']),
        message: 'must not be more than unitsPerMonth',
      });
    }
  });
  if (recommended.has('assistant') && recommended.has('companion')) {
    const services = recommendations.map((item) => textOf(fieldOf(item, 'service')));
    errors.push({
      ...locate([
        'recommendations',
        Math.max(services.indexOf('assistant'), services.indexOf('companion')),
        'service',
      ]),
      message: `recommends both the assistant and the companion: ${COMPANION_RULE}`,
    });
  }
  const ranked = listOf(fieldOf(body, 'parentRanking')).filter(
    (item): item is string => typeof item === 'string',
  );
  errors.push(
    ...serviceErrors(
      ranked,
      recommended,
      locate,
      ['parentRanking'],
      'is not one of the recommended services',
    ),
  );
  listOf(fieldOf(body, 'providers')).forEach((provider, index) => {
    const service = textOf(fieldOf(provider, 'service'));
    if (service !== undefined && catalogue && !catalogue.has(service)) {
      errors.push({
        ...locate(['providers', index, 'service']),
        message: 'is not a service of the catalogue in force',
      });
    }
  });
  return errors;
}

export const submitAssessmentRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/assessment',
  operationId: 'submitAssessment',
  summary: 'Submit the team’s assessment and recommendations; the cycle computes the budget next',
  description:
    '`assessedOn` is today or earlier, and at most one plan period (6 months) back; units per month are ' +
    'whole numbers from 1 to 744, as the plan engine takes them.',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: {
    schema: assessmentBodySchema,
    name: 'Assessment',
    check: (body, { deps, locate }) => assessmentProblems(body, deps, locate),
  },
  responses: commandResponses('Accepted; the cycle moves on'),
  handle: async ({ deps, staff, params, body }) => {
    const ref = caseRefOf(staff, params.caseId);
    await requireCase(deps, ref);
    await submitAssessment(deps, ref, body, staffActor(staff));
    return { status: 202, body: { caseId: ref.caseId, command: 'submit-assessment' } };
  },
});

const coordinatorRankingSchema = z.strictObject({
  /** The recommended services, most wanted first. */
  services: z.array(z.string().min(1).max(64)).min(1).max(40),
  /** When the parents gave the ranking; today when absent. */
  receivedOn: isoDateSchema.optional(),
});

export const recordRankingRoute = defineRoute({
  method: 'post',
  path: '/cases/{caseId}/ranking',
  operationId: 'recordRanking',
  summary: 'Record the parents’ ranking of the recommended services on their behalf',
  tags: TAGS,
  access: 'coordinator',
  params: caseIdParams,
  body: { schema: coordinatorRankingSchema, name: 'CoordinatorRanking' },
  responses: commandResponses('Accepted; the plan is drafted next'),
  handle: async ({ deps, staff, params, body, locate }) => {
    const ref = caseRefOf(staff, params.caseId);
    const current = await requireCase(deps, ref);
    await checkRankedServices(deps, ref, current.cycle, body.services, locate);
    await recordRanking(
      deps,
      ref,
      { services: body.services, rankedBy: 'coordinator', receivedOn: body.receivedOn ?? todayIn(deps) },
      staffActor(staff),
    );
    return { status: 202, body: { caseId: ref.caseId, command: 'record-ranking' } };
  },
});
