/**
 * The parents' routes, reached without an account through the signed links in their emails
 * (`<appUrl>/links/<token>`, functions/links/signed-link.ts): say what a link is for, rank the
 * recommended services, give or refuse consent to the drafted plan, read the monthly statements.
 *
 * A link answers for its own case, cycle and step only. A token that is malformed or badly signed
 * is not found (404), the same answer as a link used on another step's route, so nothing tells a
 * forger which; an expired link, a link of a cycle the case has left and a link already used are
 * gone (410). Answer links are single use: the answer takes the link's nonce with a conditional
 * write before it is recorded (functions/store/link-uses.ts); the same answer sent again (a
 * browser retrying) gets the first response, another answer through a used link a 410. An answer
 * that does not get through (the case has moved on: 409) leaves the link usable. Reading
 * (`GET`) never uses a link up: mail scanners open links too.
 *
 * Nothing shown names other people: services and figures, the case id, and for consent the ids and
 * names of the legal representatives the link was sent to.
 *
 * @example
 * app.request(`/links/${token}/ranking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"services":["physiotherapy"]}' });
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { IsoDate } from '../../domain/calendar.ts';
import { isoDateSchema } from '../../domain/policy/schema.ts';
import { type LinkClaims, LinkRefused, verifyLink } from '../../links/signed-link.ts';
import { caseLink, serviceLabel } from '../../review-cycle/case-context.ts';
import { PhaseConflict, recordConsent, recordRanking } from '../../review-cycle/commands.ts';
import {
  type Actor,
  contactIdsOf,
  contactsOf,
  hourStatementSchema,
  type OutboxDraft,
  type StoredCase,
} from '../../store/entities.ts';
import { ConflictError } from '../../store/errors.ts';
import { type CaseRef, caseKey, idSchema, yearMonthSchema } from '../../store/keys.ts';
import type { LinkAnswer } from '../../store/link-uses.ts';
import { ApiProblem } from '../problem.ts';
import { type ApiDeps, defineRoute, type FieldLocator, type Reply } from '../route.ts';
import { checkRankedServices, throwIfInvalid, todayIn } from './common.ts';

const TAGS = ['parents (links)'];
const tokenParams = z.strictObject({ token: z.string().min(1).max(2_048) });
const linkProblems = {
  404: { description: 'No such link (or a link for another step)' },
  410: { description: 'The link has expired, was used, or its cycle is over' },
};

/** Why a link is gone, as the problem's detail says it; the pages tell each apart by these. */
export const GONE = {
  expired: 'this link has expired; ask your coordinator for a new one',
  used: 'this link was used already; thank you for your answer',
  over: 'this link belongs to a review cycle that is over',
} as const;

const noSuchLink = () => new ApiProblem('not-found', 'there is no such link');
const gone = (detail: string) => new ApiProblem('gone', detail);

export type VerifiedLink = LinkClaims & { ref: CaseRef };

/** The link's claims, verified on the system's clock; 404 for a bad token, 410 when expired. */
export function verifiedClaims(deps: ApiDeps, token: string): LinkClaims & { ref: CaseRef } {
  let claims: LinkClaims;
  try {
    claims = verifyLink(deps.config.linkSecret, token, deps.clock.now());
  } catch (error) {
    if (!(error instanceof LinkRefused)) throw error;
    if (error.reason === 'expired') throw gone(GONE.expired);
    throw noSuchLink();
  }
  const ref = { municipality: claims.municipality, caseId: claims.caseId };
  if (!idSchema.safeParse(ref.municipality).success || !idSchema.safeParse(ref.caseId).success)
    throw noSuchLink();
  return { ...claims, ref };
}

/** The claims of a link for `step`; a link for another step is not found here. */
export function claimsOf(deps: ApiDeps, token: string, step: LinkClaims['step']): VerifiedLink {
  const claims = verifiedClaims(deps, token);
  if (claims.step !== step) throw noSuchLink();
  return claims;
}

/** The case of an answer link: open and still in the link's cycle (410 otherwise). */
export async function caseOfAnswerLink(
  deps: ApiDeps,
  claims: LinkClaims & { ref: CaseRef },
): Promise<StoredCase> {
  const current = await deps.store.cases.get(claims.ref, true);
  if (!current) throw noSuchLink();
  if (current.status !== 'open' || current.cycle !== claims.cycle) {
    throw gone(GONE.over);
  }
  return current;
}

const expiresAtOf = (claims: LinkClaims) => new Date(claims.expiresAt * 1_000).toISOString();

// ---- what a link is for ---------------------------------------------------------------------------

const labelSchema = z.object({ lv: z.string(), en: z.string() });
const rankingLinkSchema = z.object({
  step: z.literal('ranking'),
  caseId: idSchema,
  cycle: z.number().int(),
  expiresAt: z.string(),
  /** The case is waiting for the ranking now. */
  answerable: z.boolean(),
  /** The services the team recommends, in the team's order; rank them by sending their codes. */
  services: z.array(z.object({ code: z.string(), name: labelSchema, teamRank: z.number().int() })),
});
const consentLinkSchema = z.object({
  step: z.literal('consent'),
  caseId: idSchema,
  cycle: z.number().int(),
  expiresAt: z.string(),
  /** The plan revision awaits your consent now. */
  answerable: z.boolean(),
  plan: z
    .object({
      revision: z.number().int(),
      period: z.object({ start: isoDateSchema, end: isoDateSchema }),
      budgetCents: z.number().int(),
      totalCents: z.number().int(),
      /** Budget - planned (docs/budget-model.md, the figures of a budget). */
      leftToPlanCents: z.number().int(),
      lines: z.array(
        z.object({
          service: z.string(),
          name: labelSchema,
          unitsPerMonth: z.number(),
          periodCents: z.number().int(),
          funding: z.string(),
        }),
      ),
      unfunded: z.array(z.object({ service: z.string(), name: labelSchema, reason: z.string() })),
      /** Codes of the plan's warnings, e.g. PARENTS_DID_NOT_RANK. */
      warnings: z.array(z.string()),
    })
    .optional(),
  /** The legal representatives the link was sent to; the answer names which of them gives it. */
  representatives: z.array(z.object({ id: idSchema, name: z.string() })),
});
const statementLinkSchema = z.object({
  step: z.literal('statement'),
  caseId: idSchema,
  expiresAt: z.string(),
});
const linkViewSchema = z.discriminatedUnion('step', [
  rankingLinkSchema,
  consentLinkSchema,
  statementLinkSchema,
]);

export const getLinkRoute = defineRoute({
  method: 'get',
  path: '/links/{token}',
  operationId: 'getLink',
  summary: 'What a link from an email is for: the services to rank, the plan to consent to, or statements',
  description: 'Reading never uses a link up.',
  tags: TAGS,
  access: 'link',
  params: tokenParams,
  responses: {
    200: { description: 'The link’s step and what it is about', schema: linkViewSchema, name: 'LinkView' },
    ...linkProblems,
  },
  handle: async ({ deps, params }) => {
    const verified = verifiedClaims(deps, params.token);
    if (verified.step === 'statement') {
      if (!(await deps.store.cases.get(verified.ref))) throw noSuchLink();
      return {
        status: 200,
        body: { step: 'statement', caseId: verified.caseId, expiresAt: expiresAtOf(verified) },
      };
    }
    const current = await caseOfAnswerLink(deps, verified);
    const use = await deps.store.linkUses.get(verified.ref, verified.nonce);
    if (use?.status === 'used') throw gone(GONE.used);
    const contents = await deps.store.cycles.contents(verified.ref, current.cycle);
    const today = todayIn(deps);
    const base = { caseId: verified.caseId, cycle: verified.cycle, expiresAt: expiresAtOf(verified) };
    if (verified.step === 'ranking') {
      const recommendations = [...(contents.assessments.at(-1)?.recommendations ?? [])].sort(
        (a, b) => a.rank - b.rank,
      );
      return {
        status: 200,
        body: {
          step: 'ranking',
          ...base,
          answerable: current.phase === 'compute-budget' || current.phase === 'request-ranking',
          services: recommendations.map((item) => ({
            code: item.service,
            name: serviceLabel(item.service, today),
            teamRank: item.rank,
          })),
        },
      };
    }
    const latest = contents.plans.at(-1);
    const person = await deps.store.cases.getPerson(verified.ref);
    const start = latest?.plan.period.start ?? today;
    return {
      status: 200,
      body: {
        step: 'consent',
        ...base,
        answerable: current.phase === 'await-approval' && latest?.status === 'draft',
        ...(latest && {
          plan: {
            revision: latest.revision,
            period: { start: latest.plan.period.start, end: latest.plan.period.end },
            budgetCents: latest.plan.budget.cents,
            totalCents: latest.plan.totalCents,
            leftToPlanCents: latest.plan.leftToPlanCents,
            lines: latest.plan.lines.map((line) => ({
              service: line.service,
              name: serviceLabel(line.service, start),
              unitsPerMonth: line.unitsPerMonth,
              periodCents: line.periodCents,
              funding: line.funding,
            })),
            unfunded: latest.plan.unfunded.map((item) => ({
              service: item.service,
              name: serviceLabel(item.service, start),
              reason: item.reason,
            })),
            warnings: latest.plan.warnings.map((warning) => warning.code),
          },
        }),
        representatives: contactsOf(person, 'legal-representative').map(({ id, name }) => ({ id, name })),
      },
    };
  },
});

// ---- answers --------------------------------------------------------------------------------------

/**
 * Take the link for `answer`, run `record`, and remember the response; the same answer again gets
 * that response, another a 410; an answer that fails gives the link back.
 */
export async function answerOnce(
  deps: ApiDeps,
  claims: LinkClaims & { ref: CaseRef },
  answer: LinkAnswer,
  record: () => Promise<{ body: unknown; audit?: { actor: Actor; action: string }; outbox?: OutboxDraft[] }>,
  /** What else makes two answers the same answer (a ranking's order), kept out of the stored answer. */
  content: unknown = null,
): Promise<Reply> {
  if (claims.step === 'statement') throw noSuchLink();
  const step = claims.step;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([answer, content]))
    .digest('hex');
  const at = deps.clock.now().toISOString();
  const claimed = await deps.store.linkUses.claim(
    claims.ref,
    { nonce: claims.nonce, step, cycle: claims.cycle, linkExpiresAt: claims.expiresAt },
    fingerprint,
    at,
  );
  if (claimed.state === 'replay') {
    return { status: claimed.response.status, body: JSON.parse(claimed.response.body) as unknown };
  }
  if (claimed.state === 'used') throw gone(GONE.used);
  if (claimed.state === 'in-progress') {
    throw new ApiProblem(
      'request-in-progress',
      'your answer is being recorded; try again in a moment',
      undefined,
      {
        headers: { 'Retry-After': '2' },
      },
    );
  }
  let recorded: Awaited<ReturnType<typeof record>>;
  try {
    recorded = await record();
  } catch (error) {
    await deps.store.linkUses.release(claims.ref, claims.nonce, fingerprint);
    throw error;
  }
  const response = { status: 200, body: JSON.stringify(recorded.body) };
  await deps.store.linkUses.complete(claims.ref, claims.nonce, fingerprint, {
    at,
    answer,
    response,
    ...(recorded.audit && { audit: { ...recorded.audit, at } }),
    ...(recorded.outbox && { outbox: recorded.outbox }),
  });
  return { status: 200, body: recorded.body };
}

/**
 * Which legal representative answers: the one named, which must be one of the case's, or the only
 * one; a 422 naming `representativeId` otherwise.
 */
export async function representativeOf(
  deps: ApiDeps,
  ref: CaseRef,
  named: string | undefined,
  required: boolean,
): Promise<string | undefined> {
  const ids = contactIdsOf(await deps.store.cases.getPerson(ref), 'legal-representative');
  if (named !== undefined) {
    throwIfInvalid(
      ids.includes(named)
        ? []
        : [
            {
              path: 'body.representativeId',
              message: 'must be one of the legal representatives the link was sent to',
            },
          ],
    );
    return named;
  }
  if (ids.length === 1) return ids[0];
  if (!required) return undefined;
  throwIfInvalid([
    {
      path: 'body.representativeId',
      message: `is required: the case has ${ids.length} legal representatives; say which of you answers`,
    },
  ]);
  return undefined;
}

const parentActor = (representativeId: string | undefined): Actor => ({
  kind: 'parent',
  id: representativeId ?? 'parents-link',
});

const linkRankingSchema = z.strictObject({
  /** The recommended services' codes, most wanted first. */
  services: z.array(z.string().min(1).max(64)).min(1).max(40),
  /** Which legal representative answers (the link's GET lists them); optional. */
  representativeId: idSchema.optional(),
});
const answerRecordedSchema = z.object({
  recorded: z.enum(['ranking', 'consent-given', 'consent-refused']),
  caseId: idSchema,
});

export const rankByLinkRoute = defineRoute({
  method: 'post',
  path: '/links/{token}/ranking',
  operationId: 'rankByLink',
  summary: 'Rank the recommended services, most wanted first (once per link)',
  tags: TAGS,
  access: 'link',
  params: tokenParams,
  guard: ({ deps, params }) => void claimsOf(deps, params.token, 'ranking'),
  body: { schema: linkRankingSchema, name: 'LinkRanking' },
  responses: {
    200: { description: 'Your ranking is recorded', schema: answerRecordedSchema, name: 'AnswerRecorded' },
    ...linkProblems,
    409: { description: 'The plan is being drafted already; your coordinator can still take your wishes' },
  },
  handle: async ({ deps, params, body, locate }) => {
    const claims = claimsOf(deps, params.token, 'ranking');
    return submitRanking(deps, claims, body, locate);
  },
});

/**
 * The parents' ranking through a ranking link, once: the services checked against the team's
 * recommendations, the representative named or the only one. The API route and the ranking page
 * both answer through here.
 */
export async function submitRanking(
  deps: ApiDeps,
  claims: VerifiedLink,
  body: { services: string[]; representativeId?: string | undefined },
  locate: FieldLocator,
): Promise<Reply> {
  const current = await caseOfAnswerLink(deps, claims);
  await checkRankedServices(deps, claims.ref, current.cycle, body.services, locate);
  const representativeId = await representativeOf(deps, claims.ref, body.representativeId, false);
  return answerOnce(
    deps,
    claims,
    { step: 'ranking', ...(representativeId !== undefined && { representativeId }) },
    async () => {
      await recordRanking(
        deps,
        claims.ref,
        { services: body.services, rankedBy: 'parents', receivedOn: todayIn(deps) },
        parentActor(representativeId),
      );
      return { body: { recorded: 'ranking', caseId: claims.caseId } };
    },
    body.services,
  );
}

/** The longest reason for a refusal a parent may write. */
export const CONSENT_REASON_MAX = 1_000;

const linkConsentSchema = z.strictObject({
  decision: z.enum(['given', 'refused']),
  /** The plan revision you read (the link's GET shows it); a newer draft needs a new answer. */
  revision: z.number().int().min(1).max(9_999),
  /** Which legal representative answers; required when the case has more than one. */
  representativeId: idSchema.optional(),
  /** Why the parents refuse, in their words; it goes to the coordinator by email. Only with `refused`. */
  reason: z.string().trim().min(1).max(CONSENT_REASON_MAX).optional(),
});

export const consentByLinkRoute = defineRoute({
  method: 'post',
  path: '/links/{token}/consent',
  operationId: 'consentByLink',
  summary: 'Give or refuse consent to the drafted plan (once per link); the coordinator then decides',
  description:
    'Consent given is recorded on the plan revision, and the coordinator’s approval relies on it. A refusal ' +
    'is recorded with the link and shown to the coordinator; the plan stays a draft.',
  tags: TAGS,
  access: 'link',
  params: tokenParams,
  guard: ({ deps, params }) => void claimsOf(deps, params.token, 'consent'),
  body: { schema: linkConsentSchema, name: 'LinkConsent' },
  responses: {
    200: { description: 'Your answer is recorded', schema: answerRecordedSchema, name: 'AnswerRecorded' },
    ...linkProblems,
    409: { description: 'This revision no longer awaits consent (it was decided, or a newer draft exists)' },
  },
  handle: async ({ deps, params, body }) => {
    const claims = claimsOf(deps, params.token, 'consent');
    return submitConsent(deps, claims, body);
  },
});

/**
 * Consent given or refused through a consent link, once. A refusal records the link's use with an
 * audit event and, in the same transaction, a `consent-refused` email to the case's coordinator
 * carrying the parents' reason. The API route and the consent page both answer through here.
 */
export async function submitConsent(
  deps: ApiDeps,
  claims: VerifiedLink,
  body: {
    decision: 'given' | 'refused';
    revision: number;
    representativeId?: string | undefined;
    reason?: string | undefined;
  },
): Promise<Reply> {
  const current = await caseOfAnswerLink(deps, claims);
  if (body.reason !== undefined && body.decision !== 'refused') {
    throwIfInvalid([{ path: 'body.reason', message: 'is only taken with decision refused' }]);
  }
  const representativeId = (await representativeOf(deps, claims.ref, body.representativeId, true)) as string;
  const today: IsoDate = todayIn(deps);
  return answerOnce(
    deps,
    claims,
    { step: 'consent', decision: body.decision, revision: body.revision, representativeId },
    async () => {
      if (body.decision === 'given') {
        await recordConsent(
          deps,
          claims.ref,
          { revision: body.revision, consent: { by: representativeId, on: today, via: 'link' } },
          parentActor(representativeId),
        );
        return { body: { recorded: 'consent-given', caseId: claims.caseId } };
      }
      // A refusal changes no plan; it is checked like a consent and recorded with the link.
      if (current.phase !== 'await-approval')
        throw new PhaseConflict(claims.ref, current.phase, ['await-approval']);
      const latest = (await deps.store.cycles.contents(claims.ref, current.cycle)).plans.at(-1);
      if (!latest || latest.revision !== body.revision || latest.status !== 'draft') {
        throw new ConflictError(
          caseKey(claims.ref),
          `plan revision ${body.revision} is not the draft awaiting consent`,
        );
      }
      return {
        body: { recorded: 'consent-refused', caseId: claims.caseId },
        audit: { actor: parentActor(representativeId), action: 'consent-refused' },
        outbox: [
          {
            kind: 'consent-refused',
            scope: `cycle-${current.cycle}.${body.revision}`,
            recipient: { role: 'coordinator', id: current.coordinatorId },
            data: {
              caseId: claims.caseId,
              revision: body.revision,
              refusedOn: today,
              ...(body.reason !== undefined && { reason: body.reason }),
              caseLink: caseLink(deps, claims.ref),
            },
          },
        ],
      };
    },
    // The reason is part of the answer: the same refusal with other words is another answer.
    body.reason ?? null,
  );
}

// ---- statements -----------------------------------------------------------------------------------

const parentStatementsSchema = z.object({
  caseId: idSchema,
  month: yearMonthSchema,
  statements: z.array(
    z.object({
      sequence: z.number().int(),
      kind: z.enum(['original', 'supplementary']),
      settledAt: z.string(),
      paidMinutes: z.number().int(),
      amountCents: z.number().int(),
      lines: z.array(
        z.object({
          date: isoDateSchema,
          activity: z.string(),
          minutes: z.number().int(),
          amountCents: z.number().int(),
          source: z.string(),
        }),
      ),
      rejected: z.array(
        z.object({
          date: isoDateSchema,
          activity: z.string(),
          minutes: z.number().int(),
          reason: z.string(),
        }),
      ),
      /** The services paid from the individual budget and the budget's standing, when a plan is in force. */
      services: hourStatementSchema.shape.services,
    }),
  ),
});

export const statementsByLinkRoute = defineRoute({
  method: 'get',
  path: '/links/{token}/statements/{month}',
  operationId: 'statementsByLink',
  summary: 'The case’s statements of a month, as the parents read them',
  tags: TAGS,
  access: 'link',
  params: tokenParams.extend({ month: yearMonthSchema }),
  responses: {
    200: {
      description: 'The month’s statements (none before the run)',
      schema: parentStatementsSchema,
      name: 'ParentStatements',
    },
    ...linkProblems,
  },
  handle: async ({ deps, params }) => {
    const claims = claimsOf(deps, params.token, 'statement');
    if (!(await deps.store.cases.get(claims.ref))) throw noSuchLink();
    const statements = await deps.store.statements.forMonth(claims.ref, params.month);
    return {
      status: 200,
      body: {
        caseId: claims.caseId,
        month: params.month,
        statements: statements.map((stored) => ({
          sequence: stored.sequence,
          kind: stored.kind,
          settledAt: stored.settledAt,
          paidMinutes: stored.statement.paidMinutes,
          amountCents: stored.statement.amountCents,
          // Assistants are named by pseudonymous ids; the parents' view leaves them out.
          lines: stored.statement.lines.map((line) => ({
            date: line.date,
            activity: line.activity,
            minutes: line.minutes,
            amountCents: line.amountCents,
            source: line.source,
          })),
          rejected: stored.statement.rejected.map((item) => ({
            date: item.date,
            activity: item.activity,
            minutes: item.minutes,
            reason: item.reason,
          })),
          ...(stored.statement.services !== undefined && { services: stored.statement.services }),
        })),
      },
    };
  },
});

export const linkRoutes = [getLinkRoute, rankByLinkRoute, consentByLinkRoute, statementsByLinkRoute];
