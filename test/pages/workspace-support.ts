/**
 * The coordinators' workspace in tests: the API world's app made again with a staff session
 * configuration, and session cookies for the people of the test (a coordinator and a supervisor
 * of the municipality, a coordinator of another one, an assistant), sealed the way sign-in seals
 * them.
 */
import { createWebApp } from '../../functions/pages/app.ts';
import type { SessionConfig } from '../../functions/session/middleware.ts';
import { type SessionIdentity, sealSession, sessionCookieName } from '../../functions/session/session.ts';
import { type ApiWorld, LOCAL_SECRET, MUNICIPALITY } from '../api/support.ts';

export const SESSION_SECRET = 'a-test-session-secret-that-is-long-enough-9012';

export const PEOPLE = {
  coordinator: { sub: 'u-7', groups: ['coordinators'], municipality: MUNICIPALITY },
  supervisor: { sub: 's-1', groups: ['supervisors'], municipality: MUNICIPALITY },
  otherCoordinator: { sub: 'u-9', groups: ['coordinators'], municipality: 'riga' },
  assistant: { sub: 'a-1', groups: ['assistants'], municipality: MUNICIPALITY, assistantId: 'a-1' },
  ministry: { sub: 'lm-1', groups: ['ministry'], municipality: '' },
} as const satisfies Record<string, SessionIdentity>;
export type Person = keyof typeof PEOPLE;

export function sessionConfigOf(appUrl: string): SessionConfig {
  return { secret: SESSION_SECRET, appUrl, signIn: { kind: 'development', users: [] } };
}

/** The world's app with the staff session switched on. */
export function workspaceApp(world: ApiWorld, appUrl: string) {
  return createWebApp({
    ...world.context,
    auth: { localSecret: LOCAL_SECRET },
    checkResponses: true,
    session: sessionConfigOf(appUrl),
  });
}

/** A session cookie (name and value) for one of the people. */
export async function sessionCookie(
  person: Person,
  appUrl: string,
): Promise<{ name: string; value: string }> {
  const config = sessionConfigOf(appUrl);
  const { value } = await sealSession(config, PEOPLE[person], new Date());
  return { name: sessionCookieName(config), value };
}
