/**
 * What the table holds, one zod schema per entity, each stamped with its `entity` name and a
 * `schemaVersion`. Every item read is decoded here: a bad item is an {@link ItemDecodeError}
 * naming its key, at the store's edge. Personal data (names, contacts, the child's details)
 * lives only in the {@link personSchema} item of a case; every other entity holds ids, dates,
 * codes and numbers, so erasing or exporting a person touches one item.
 *
 * @example
 * const stored = decodeItem(caseEntity, item); // throws ItemDecodeError naming item.pk/item.sk
 */
import { z } from 'zod';
import { formatPath } from '../domain/errors.ts';
import { unitsSchema } from '../domain/plan/input.ts';
import { isoDateSchema } from '../domain/policy/schema.ts';
import { type HourStatement, REJECTION_REASONS } from '../domain/settlement/types.ts';
import { ItemDecodeError } from './errors.ts';
import { type ItemKey, idSchema, yearMonthSchema } from './keys.ts';

const int = z.number().int();
const nonNegativeInt = int.nonnegative();
const instantSchema = z.iso.datetime({ offset: true });
const codeSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case code');
/** The most services one assessment recommends. */
const MAX_RECOMMENDATIONS = 40;

/**
 * An email address a message can be sent to: RFC 5321 allows at most 64 characters before the
 * `@` and 254 in all.
 */
export const emailSchema = z
  .email()
  .max(254)
  .refine((address) => address.lastIndexOf('@') <= 64, {
    message: 'must have at most 64 characters before the @ (RFC 5321)',
  });

export const actorSchema = z.strictObject({
  kind: z.enum(['coordinator', 'supervisor', 'parent', 'assistant', 'provider', 'system']),
  id: idSchema,
});
export type Actor = z.infer<typeof actorSchema>;

// ---- case ---------------------------------------------------------------------------------

/** The case's own state; no personal data, only a pseudonymous participant id. */
export const caseSchema = z.object({
  entity: z.literal('Case'),
  schemaVersion: z.literal(1),
  municipality: idSchema,
  caseId: idSchema,
  participantId: idSchema,
  coordinatorId: idSchema,
  status: z.enum(['open', 'closed']),
  /** Where the review cycle stands, e.g. `request-assessment`, `active`; the workflow owns the names. */
  phase: codeSchema,
  /** When the case entered `phase` (set by the store whenever the phase changes): the work queue's "since". */
  phaseSince: instantSchema.exactOptional(),
  cycle: nonNegativeInt,
  period: z.strictObject({ start: isoDateSchema, end: isoDateSchema }).exactOptional(),
  reviewDue: isoDateSchema.exactOptional(),
  reassessmentDue: isoDateSchema.exactOptional(),
  closedReason: codeSchema.exactOptional(),
  /** A coordinator asked for an early review on this date; cleared when the next cycle starts. */
  reviewRequested: isoDateSchema.exactOptional(),
  /** Why the early review was asked for (a code of EARLY_REVIEW_REASONS); cleared with `reviewRequested`. */
  reviewReason: codeSchema.exactOptional(),
  /** The date the current cycle started, i.e. asked for its assessment (for the assessments-on-time indicator). */
  cycleStartedOn: isoDateSchema.exactOptional(),
  /** The review cycle's execution running for the case (its ARN), so closing the case can stop it. */
  execution: z.string().min(1).max(2_048).exactOptional(),
  /** The last step that failed for good; the case can be resumed at `phase`. Error names only. */
  failure: z
    .strictObject({ error: z.string().min(1).max(256), phase: codeSchema, at: instantSchema })
    .exactOptional(),
  version: int.positive(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
export type StoredCase = z.infer<typeof caseSchema>;

/** The fields a caller may change; keys, version and timestamps are the store's. */
export const caseChangesSchema = caseSchema
  .pick({
    participantId: true,
    coordinatorId: true,
    status: true,
    phase: true,
    cycle: true,
    period: true,
    reviewDue: true,
    reassessmentDue: true,
    closedReason: true,
    execution: true,
    failure: true,
    reviewRequested: true,
    reviewReason: true,
    cycleStartedOn: true,
  })
  .partial()
  .strict();
/** A change; `undefined` removes an optional field. */
export type CaseChanges = {
  [K in keyof z.infer<typeof caseChangesSchema>]?: z.infer<typeof caseChangesSchema>[K] | undefined;
};

/** The due dates that the casesByDueDate index lists, by the case field that holds each. */
export const DUE_FIELDS = { review: 'reviewDue', reassessment: 'reassessmentDue' } as const;
export type DueKind = keyof typeof DUE_FIELDS;

export const dueIndexSchema = z.object({
  municipality: idSchema,
  caseId: idSchema,
  dueKind: z.enum(['review', 'reassessment']),
  dueDate: isoDateSchema,
});
export const activeIndexSchema = z.object({ municipality: idSchema, caseId: idSchema });

// ---- person (the only personal data) ---------------------------------------------------------

export const languageSchema = z.enum(['lv', 'ru', 'en']);
export const contactSchema = z.strictObject({
  role: z.enum(['legal-representative', 'assistant', 'coordinator', 'supervisor']),
  id: idSchema,
  name: z.string().min(1).max(200),
  email: emailSchema.exactOptional(),
  phone: z.string().min(3).max(32).exactOptional(),
  language: languageSchema,
});
export const personDataSchema = z.strictObject({
  participant: z.strictObject({
    name: z.string().min(1).max(200),
    birthDate: isoDateSchema.exactOptional(),
    personalCode: z.string().min(1).max(32).exactOptional(),
  }),
  contacts: z.array(contactSchema),
});
export type PersonData = z.infer<typeof personDataSchema>;
export const personSchema = z.object({
  ...personDataSchema.shape,
  entity: z.literal('Person'),
  schemaVersion: z.literal(1),
  updatedAt: instantSchema,
});
export type StoredPerson = z.infer<typeof personSchema>;
export type StoredContact = z.infer<typeof contactSchema>;

/**
 * A case's contacts in one role, in the person item's order: the one place that reads who the
 * legal representatives (or assistants, coordinators) of a case are.
 * @example contactIdsOf(person, 'legal-representative') // ['lr-1', 'lr-2']
 */
export function contactsOf(person: StoredPerson | undefined, role: StoredContact['role']): StoredContact[] {
  return (person?.contacts ?? []).filter((contact) => contact.role === role);
}

export const contactIdsOf = (person: StoredPerson | undefined, role: StoredContact['role']): string[] =>
  contactsOf(person, role).map((contact) => contact.id);

// ---- cycle: assessments, plans, grants --------------------------------------------------------

const scoreSchema = int.min(0).max(4);
export const assessmentDataSchema = z.strictObject({
  assessedOn: isoDateSchema,
  scores: z.strictObject({
    mobility: scoreSchema,
    selfCare: scoreSchema,
    communication: scoreSchema,
    learning: scoreSchema,
    behaviour: scoreSchema,
    familySupport: scoreSchema,
  }),
  weeklyRehabilitation: z.boolean(),
  needsCompanion: z.boolean(),
  /** In the ranges the plan engine takes, so an accepted assessment can always be planned. */
  recommendations: z
    .array(
      z.strictObject({
        service: codeSchema,
        rank: int.min(1).max(MAX_RECOMMENDATIONS),
        unitsPerMonth: unitsSchema,
        minUnitsPerMonth: unitsSchema,
        essential: z.boolean(),
      }),
    )
    .max(MAX_RECOMMENDATIONS)
    .exactOptional(),
  parentRanking: z.array(codeSchema).max(MAX_RECOMMENDATIONS).exactOptional(),
  /** The providers the social worker and the parents chose, with their distance from home. */
  providers: z
    .array(
      z.strictObject({
        service: codeSchema,
        providerId: idSchema,
        distanceKm: z.number().nonnegative().max(10_000),
      }),
    )
    .exactOptional(),
});
export type AssessmentData = z.infer<typeof assessmentDataSchema>;
/** Stored recommendations are read as they were written, before the ranges were enforced. */
const storedRecommendationsSchema = z
  .array(
    z.object({
      service: codeSchema,
      rank: int.positive(),
      unitsPerMonth: z.number().positive(),
      minUnitsPerMonth: z.number().nonnegative(),
      essential: z.boolean(),
    }),
  )
  .exactOptional();
export const assessmentSchema = z.object({
  ...assessmentDataSchema.shape,
  recommendations: storedRecommendationsSchema,
  parentRanking: z.array(codeSchema).exactOptional(),
  entity: z.literal('Assessment'),
  schemaVersion: z.literal(1),
  cycle: nonNegativeInt,
  recordedAt: instantSchema,
});
export type StoredAssessment = z.infer<typeof assessmentSchema>;

/** Issue 3's `atbalsts plan` output; loose objects keep fields the plan engine may add. */
export const planContractSchema = z.looseObject({
  participantId: z.string().min(1),
  period: z.looseObject({ start: isoDateSchema, end: isoDateSchema }),
  budget: z.looseObject({ cents: nonNegativeInt, terms: z.array(z.looseObject({})) }),
  grants: z.array(z.looseObject({ service: z.string().min(1), hoursPerMonth: z.number().nonnegative() })),
  lines: z.array(
    z.looseObject({
      service: z.string().min(1),
      order: int.positive(),
      unitsPerMonth: z.number().nonnegative(),
      unitCents: nonNegativeInt,
      travelCents: nonNegativeInt,
      periodCents: nonNegativeInt,
      funding: z.enum(['individual-budget', 'state', 'municipality']),
    }),
  ),
  unfunded: z.array(z.looseObject({ service: z.string().min(1), reason: z.string() })),
  /** Planned: what the plan's budget lines take (functions/domain/budget/figures.ts). */
  totalCents: nonNegativeInt,
  /** Budget - planned. */
  leftToPlanCents: int,
  warnings: z.array(
    z.looseObject({ code: z.string().min(1), service: z.string().exactOptional(), message: z.string() }),
  ),
});
export type PlanContract = z.infer<typeof planContractSchema>;
export const planStatusSchema = z.enum(['draft', 'approved', 'active', 'superseded']);
export const consentSchema = z.strictObject({
  by: idSchema,
  on: isoDateSchema,
  via: z.enum(['link', 'coordinator']),
});
export type Consent = z.infer<typeof consentSchema>;
export const planSchema = z.object({
  entity: z.literal('Plan'),
  schemaVersion: z.literal(1),
  cycle: nonNegativeInt,
  revision: int.positive(),
  status: planStatusSchema,
  plan: planContractSchema,
  recordedAt: instantSchema,
  /** The parents' consent to this revision: which legal representative, when, and how it was given. */
  consent: consentSchema.exactOptional(),
});
export type StoredPlan = z.infer<typeof planSchema>;

/** A granted volume in the settlement's terms (see functions/domain/settlement/types.ts Grant). */
export const grantDataSchema = z.strictObject({
  service: codeSchema,
  basis: z.enum(['week', 'month']),
  minutes: int.positive(),
  from: isoDateSchema.exactOptional(),
  to: isoDateSchema.exactOptional(),
  /** The regulation the agreement was made under, when it is not the one in force (MK942 to 31.12.2021). */
  regulation: z.enum(['MK942', 'MK316']).exactOptional(),
});
export type GrantData = z.infer<typeof grantDataSchema>;
export const grantSchema = z.object({
  ...grantDataSchema.shape,
  entity: z.literal('Grant'),
  schemaVersion: z.literal(1),
  cycle: nonNegativeInt,
});
export type StoredGrant = z.infer<typeof grantSchema>;

/** The indicative budget and the assistant grants a cycle's assessment yields (the budget engine). */
export const budgetSchema = z.object({
  entity: z.literal('Budget'),
  schemaVersion: z.literal(1),
  cycle: nonNegativeInt,
  assessedOn: isoDateSchema,
  cents: nonNegativeInt,
  terms: z.array(z.looseObject({})),
  assistantGrants: z.array(z.looseObject({ service: z.string().min(1) })),
  policy: z.strictObject({ id: z.string().min(1), revision: int.positive() }),
  computedAt: instantSchema,
});
export type StoredBudget = z.infer<typeof budgetSchema>;

/** The parents' order of the recommended services, most wanted first. */
export const rankingDataSchema = z.strictObject({
  services: z.array(codeSchema).min(1).max(40),
  /** The parents through their link, or the coordinator on their behalf. */
  rankedBy: z.enum(['parents', 'coordinator']),
  receivedOn: isoDateSchema,
});
export type RankingData = z.infer<typeof rankingDataSchema>;
export const rankingSchema = z.object({
  ...rankingDataSchema.shape,
  entity: z.literal('Ranking'),
  schemaVersion: z.literal(1),
  cycle: nonNegativeInt,
  recordedAt: instantSchema,
});
export type StoredRanking = z.infer<typeof rankingSchema>;

/** The changes a coordinator asks for before approving: what replaces the assessment's parts. */
export const changeRequestDataSchema = z.strictObject({
  recommendations: assessmentDataSchema.shape.recommendations,
  parentRanking: assessmentDataSchema.shape.parentRanking,
  providers: assessmentDataSchema.shape.providers,
  /** Which plan revision the changes are to. */
  toRevision: int.positive(),
});
export type ChangeRequestData = z.infer<typeof changeRequestDataSchema>;
export const changeRequestSchema = z.object({
  ...changeRequestDataSchema.shape,
  recommendations: storedRecommendationsSchema,
  parentRanking: z.array(codeSchema).exactOptional(),
  entity: z.literal('ChangeRequest'),
  schemaVersion: z.literal(1),
  cycle: nonNegativeInt,
  sequence: int.positive(),
  recordedAt: instantSchema,
});
export type StoredChangeRequest = z.infer<typeof changeRequestSchema>;

// ---- timesheets and statements ------------------------------------------------------------------

const minuteOfDay = int.min(0).max(24 * 60);
export const timesheetEntrySchema = z.strictObject({
  date: isoDateSchema,
  minutes: int.positive().max(24 * 60),
  activity: z.string().min(1),
  confirmed: z.boolean(),
  start: minuteOfDay.exactOptional(),
  end: minuteOfDay.exactOptional(),
});
export const timesheetSchema = z.object({
  entity: z.literal('Timesheet'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
  assistantId: idSchema,
  entries: z.array(timesheetEntrySchema),
  submittedAt: instantSchema,
  /** 1 for the first submission, one more for each that replaced it (a conditional write's guard). */
  revision: int.positive().exactOptional(),
});
export type StoredTimesheet = z.infer<typeof timesheetSchema>;

/** A stay in hospital or long-term care: no assistant hours are paid on its days (both inclusive). */
export const stayDataSchema = z
  .strictObject({
    kind: z.enum(['hospital', 'long-term-care']),
    from: isoDateSchema,
    to: isoDateSchema,
  })
  .refine((stay) => stay.from <= stay.to, { path: ['to'], message: 'must not be before from' });
export type StayData = z.infer<typeof stayDataSchema>;
export const staySchema = z.object({
  entity: z.literal('Stay'),
  schemaVersion: z.literal(1),
  stayId: idSchema,
  kind: z.enum(['hospital', 'long-term-care']),
  from: isoDateSchema,
  to: isoDateSchema,
  recordedAt: instantSchema,
});
export type StoredStay = z.infer<typeof staySchema>;

const statementLineSchema = z.object({
  date: isoDateSchema,
  assistantId: z.string().min(1),
  activity: z.string().min(1),
  minutes: int,
  hours: z.number(),
  centsPerHour: nonNegativeInt,
  amountCents: int,
  source: z.enum(['timesheet', 'emergency']),
});
const rejectedSchema = z.object({
  date: isoDateSchema,
  assistantId: z.string(),
  activity: z.string(),
  minutes: int,
  hours: z.number(),
  reason: z.enum(REJECTION_REASONS),
  detail: z.string(),
  entry: z.string(),
});
const emergencySummarySchema = z.object({
  from: isoDateSchema,
  to: isoDateSchema,
  averageMinutes: int,
  usedBeforeMinutes: int.exactOptional(),
  usedAfterMinutes: int,
  entitledMinutes: int,
  noUseFallback: z.boolean().exactOptional(),
  deliveredDuringMinutes: int,
  paidMinutes: int,
  cappedMinutes: int,
});
/**
 * The domain's HourStatement, plus room for the `services` part the plan/claims settlement adds.
 * In a supplementary statement every figure is a difference, so minutes and cents may be negative.
 */
export const hourStatementSchema = z.object({
  participantId: z.string().min(1),
  month: yearMonthSchema,
  policy: z.object({ id: z.string().min(1), revision: int }),
  paidMinutes: int,
  paidHours: z.number(),
  amountCents: int,
  lines: z.array(statementLineSchema),
  rejected: z.array(rejectedSchema),
  emergency: emergencySummarySchema.exactOptional(),
  services: z.looseObject({}).exactOptional(),
});
export type StatementBody = HourStatement & { services?: Record<string, unknown> };

export const statementSchema = z.object({
  entity: z.literal('Statement'),
  schemaVersion: z.literal(1),
  month: yearMonthSchema,
  /** 0 for the month's statement, 1, 2, ... for supplementary ones. */
  sequence: nonNegativeInt,
  kind: z.enum(['original', 'supplementary']),
  settledAt: instantSchema,
  statement: hourStatementSchema,
});
export type StoredStatement = Omit<z.infer<typeof statementSchema>, 'statement'> & {
  statement: StatementBody;
};

// ---- outbox, audit, task tokens ----------------------------------------------------------------

export const recipientSchema = z.strictObject({
  role: z.enum(['legal-representative', 'assistant', 'coordinator', 'supervisor']),
  id: idSchema,
});
/** What code that decides a notification hands over: ids and figures, never addresses or names. */
export const outboxDraftSchema = z.strictObject({
  kind: codeSchema,
  /** What the notification is about within the case, e.g. the month `2024-03` or cycle `cycle-3`. */
  scope: idSchema,
  recipient: recipientSchema,
  data: z.record(z.string(), z.unknown()).default({}),
});
export type OutboxDraft = z.input<typeof outboxDraftSchema>;
export const outboxSchema = z.object({
  entity: z.literal('Outbox'),
  schemaVersion: z.literal(1),
  municipality: idSchema,
  caseId: idSchema,
  notificationId: z.string().min(1),
  kind: codeSchema,
  scope: idSchema,
  recipient: recipientSchema,
  data: z.record(z.string(), z.unknown()),
  status: z.enum(['pending', 'sending', 'sent', 'failed']),
  attempts: nonNegativeInt,
  createdAt: instantSchema,
  sentAt: instantSchema.exactOptional(),
  messageId: z.string().min(1).exactOptional(),
  expiresAt: int.exactOptional(),
  /**
   * When the holder was about to call SES: set before `SendEmail`, cleared by a release. Found on
   * an item reclaimed after its lease ran out, it says a sender died not knowing whether SES took it.
   */
  sendStartedAt: instantSchema.exactOptional(),
  /** Sends made again after such a death: each may have delivered the email a second time. */
  uncertainResends: nonNegativeInt.exactOptional(),
});
export type StoredOutboxItem = z.infer<typeof outboxSchema>;

export const auditSchema = z.object({
  entity: z.literal('Audit'),
  schemaVersion: z.literal(1),
  at: instantSchema,
  actor: actorSchema,
  action: codeSchema,
  /** Names of the fields that changed (`phase`, `contacts[0].email`), never their values. */
  changedFields: z.array(z.string()),
  /** The item the change was made to, when it is not the case itself (`STATEMENT#2024-03#000`). */
  subject: z.string().exactOptional(),
});
export type StoredAuditEvent = z.infer<typeof auditSchema>;

export const taskTokenSchema = z.object({
  entity: z.literal('TaskToken'),
  schemaVersion: z.literal(1),
  phase: codeSchema,
  token: z.string().min(1),
  storedAt: instantSchema,
  spentAt: instantSchema.exactOptional(),
  expiresAt: int.exactOptional(),
});
export type StoredTaskToken = z.infer<typeof taskTokenSchema>;

// ---- decoding ---------------------------------------------------------------------------------

export interface EntityDefinition<T> {
  name: string;
  schema: z.ZodType<T>;
}
const entity = <T>(name: string, schema: z.ZodType<T>): EntityDefinition<T> => ({ name, schema });

export const caseEntity = entity('Case', caseSchema);
export const personEntity = entity('Person', personSchema);
export const assessmentEntity = entity('Assessment', assessmentSchema);
/** Plans recorded before the budget's figures had one name each called `leftToPlanCents` `remainingCents`. */
const planOfAnyAge = z.preprocess((item) => {
  const plan = (item as { plan?: Record<string, unknown> } | null)?.plan;
  if (!plan || 'leftToPlanCents' in plan || !('remainingCents' in plan)) return item;
  const { remainingCents, ...rest } = plan;
  return { ...(item as object), plan: { ...rest, leftToPlanCents: remainingCents } };
}, planSchema);
export const planEntity = entity('Plan', planOfAnyAge);
export const grantEntity = entity('Grant', grantSchema);
export const budgetEntity = entity('Budget', budgetSchema);
export const rankingEntity = entity('Ranking', rankingSchema);
export const changeRequestEntity = entity('ChangeRequest', changeRequestSchema);
export const timesheetEntity = entity('Timesheet', timesheetSchema);
export const stayEntity = entity('Stay', staySchema);
export const statementEntity = entity('Statement', statementSchema as unknown as z.ZodType<StoredStatement>);
export const outboxEntity = entity('Outbox', outboxSchema);
export const auditEntity = entity('Audit', auditSchema);
export const taskTokenEntity = entity('TaskToken', taskTokenSchema);
export const dueIndexEntity = entity('casesByDueDate entry', dueIndexSchema);
export const activeIndexEntity = entity('activeCasesByMonth entry', activeIndexSchema);

function keyOf(item: Record<string, unknown>): ItemKey {
  return { pk: String(item['pk'] ?? '?'), sk: String(item['sk'] ?? '?') };
}

/**
 * Decode one stored item; throws {@link ItemDecodeError} naming its key and the bad fields.
 * Entity schemas are plain (not strict) objects, so keys and index attributes are ignored.
 */
export function decodeItem<T>(definition: EntityDefinition<T>, item: Record<string, unknown>): T {
  const parsed = definition.schema.safeParse(item);
  if (parsed.success) return parsed.data;
  throw new ItemDecodeError(
    keyOf(item),
    definition.name,
    parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  );
}

/**
 * The names of the fields that differ between two values, as paths (`contacts[1].email`), for the
 * audit trail. Objects are compared field by field and arrays item by item, to `depth` levels.
 */
export function changedFieldNames(
  before: unknown,
  after: unknown,
  depth = 3,
  path: PropertyKey[] = [],
): string[] {
  if (Object.is(before, after)) return [];
  const bothObjects =
    typeof before === 'object' && before !== null && typeof after === 'object' && after !== null;
  if (!bothObjects || depth === 0) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [formatPath(path) || '(all)'];
  }
  const names: string[] = [];
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      names.push(...changedFieldNames(before[i], after[i], depth - 1, [...path, i]));
    }
    return names;
  }
  const left = before as Record<string, unknown>;
  const right = after as Record<string, unknown>;
  for (const field of new Set([...Object.keys(left), ...Object.keys(right)])) {
    names.push(...changedFieldNames(left[field], right[field], depth - 1, [...path, field]));
  }
  return names;
}
