/** `--keep-running`: the replayed pilot left running to browse, until Ctrl-C. */
import type { LocalSystem } from '../../local/system.ts';
import type { Pilot } from './pilot.ts';
import { say } from './timeline.ts';

/** Print where the workspace is and who can sign in, then wait for Ctrl-C (or SIGTERM). */
export async function browse(system: LocalSystem, replayed: Pilot): Promise<void> {
  const base = system.urls.http ?? '';
  const coordinators = new Map<string, Set<string>>();
  for (const child of replayed.children) {
    const ids = coordinators.get(child.municipality) ?? new Set<string>();
    ids.add(child.coordinatorId);
    coordinators.set(child.municipality, ids);
  }
  say('');
  say("The system keeps running (Ctrl-C stops it). The coordinators' workspace, with the pilot's 100 cases:");
  say(`  Sign in         ${base}/sign-in?next=${encodeURIComponent('/workspace')}`);
  say(`  Work queue      ${base}/workspace`);
  say(`  Monthly runs    ${base}/runs`);
  say(`  Emails (SES)    ${system.urls.sesViewer}`);
  say('  Coordinators, by municipality (the development sign-in lists them):');
  for (const [municipality, ids] of [...coordinators].sort(([a], [b]) => a.localeCompare(b))) {
    say(`    ${municipality.padEnd(12)} ${[...ids].sort().join(', ')}`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  say('Stopping.');
}
