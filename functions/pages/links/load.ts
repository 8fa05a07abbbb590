/**
 * Opening a parent's link for a page: the same checks as the API's link routes (a forged token
 * is not found, an expired or used link and a finished cycle are gone), plus what every page of
 * a link needs: the case's people (who may answer, the language they chose).
 *
 * @example
 * const opened = await openedOr(c, () => openAnswerLink(deps, token, 'ranking'));
 * if (opened instanceof Response) return opened; // the page that says why the link does not open
 */
import type { Context } from 'hono';
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { caseOfAnswerLink, claimsOf, GONE, type VerifiedLink } from '../../api/routes/links.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import type { StoredCase, StoredPerson } from '../../store/entities.ts';
import { linkProblemPage, pageOf } from '../respond.tsx';
import { type CsrfVerdict, checkCsrf, csrfToken } from '../security.ts';

export interface OpenedLink {
  claims: VerifiedLink;
  current: StoredCase;
  person: StoredPerson | undefined;
  /** The language the case's first legal representative chose. */
  preferred: Language | undefined;
  representatives: { id: string; name: string }[];
}

export function preferredLanguageOf(person: StoredPerson | undefined): Language | undefined {
  const language = person?.contacts.find((contact) => contact.role === 'legal-representative')?.language;
  return isLanguage(language) ? language : undefined;
}

/** An answer link (ranking, consent, hours) that can still be answered; throws the API's problems. */
export async function openAnswerLink(
  deps: ApiDeps,
  token: string,
  step: 'ranking' | 'consent' | 'hours',
  options: { allowUsed?: boolean } = {},
): Promise<OpenedLink> {
  const claims = claimsOf(deps, token, step);
  const current = await caseOfAnswerLink(deps, claims);
  if (!options.allowUsed) {
    const use = await deps.store.linkUses.get(claims.ref, claims.nonce);
    if (use?.status === 'used') throw new ApiProblem('gone', GONE.used);
  }
  return withPeople(deps, claims, current);
}

export async function withPeople(
  deps: ApiDeps,
  claims: VerifiedLink,
  current: StoredCase,
): Promise<OpenedLink> {
  const person = await deps.store.cases.getPerson(claims.ref);
  return {
    claims,
    current,
    person,
    preferred: preferredLanguageOf(person),
    representatives: (person?.contacts ?? [])
      .filter((contact) => contact.role === 'legal-representative')
      .map((contact) => ({ id: contact.id, name: contact.name })),
  };
}

/** A link whose answer may be recorded already (for its thank-you page): signed for `step`, its case still there. */
export async function openAnsweredLink(
  deps: ApiDeps,
  token: string,
  step: 'ranking' | 'consent',
): Promise<OpenedLink> {
  const claims = claimsOf(deps, token, step);
  const current = await deps.store.cases.get(claims.ref);
  if (!current) throw new ApiProblem('not-found', 'there is no such link');
  return withPeople(deps, claims, current);
}

/** The link opened by `open`, or the page that says why it does not open (not found, gone, used). */
export async function openedOr<T>(c: Context, open: () => Promise<T>): Promise<T | Response> {
  try {
    return await open();
  } catch (error) {
    return linkProblemPage(c, pageOf(c), error);
  }
}

/** A link's form carries a CSRF token bound to the link: it is taken back only by the same link. */
const csrfBinding = (token: string) => `link:${token}`;

export const linkCsrfToken = (deps: ApiDeps, token: string, now: Date): string =>
  csrfToken(deps.config.linkSecret, csrfBinding(token), now);

export const checkLinkCsrf = (
  c: Context,
  deps: ApiDeps,
  token: string,
  sent: string | null,
  now: Date,
): CsrfVerdict => checkCsrf(c, deps.config.linkSecret, csrfBinding(token), sent, now);

/** The field of the who-answers question, where its error points: the first representative's radio. */
export const whoField = (opened: OpenedLink): string => `who-${opened.representatives[0]?.id ?? ''}`;

/** Who answers: the case's one legal representative, or the one the form names; undefined when it names none of them. */
export function answeringRepresentative(
  opened: OpenedLink,
  chosen: string | null | undefined,
): string | undefined {
  const ids = opened.representatives.map((representative) => representative.id);
  return ids.length === 1 ? ids[0] : ids.find((id) => id === chosen);
}
