/**
 * Opening a parent's link for a page: the same checks as the API's link routes (a forged token
 * is not found, an expired or used link and a finished cycle are gone), plus what every page of
 * a link needs: the case's people (who may answer, the language they chose).
 *
 * @example
 * const opened = await openAnswerLink(deps, token, 'ranking'); // throws the API's problems
 */
import { ApiProblem } from '../../api/problem.ts';
import type { ApiDeps } from '../../api/route.ts';
import { caseOfAnswerLink, claimsOf, GONE, type VerifiedLink } from '../../api/routes/links.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import type { StoredCase, StoredPerson } from '../../store/entities.ts';

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
