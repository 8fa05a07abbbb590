import { rigaDateOf } from '../../domain/calendar.ts';
import type { StepContext } from '../../step-context.ts';
import { caseLink, noteOf } from '../case-context.ts';
import type { CyclePhase } from '../phases.ts';
import { type CycleRef, cycleScope, notify, refOf } from './shared.ts';

// ---- failure -----------------------------------------------------------------------------------

/**
 * A step failed for good: record it on the case (the phase stays, so the cycle can be resumed
 * there) and alert the coordinator. Error names only, never causes: they may quote data.
 */
export async function recordFailure(
  context: StepContext,
  event: CycleRef & { error: string; execution: string },
): Promise<void> {
  const ref = refOf(event);
  const found = await context.store.cases.get(ref, true);
  // A closed case has nothing to resume; its execution was stopped on purpose.
  if (found?.status !== 'open') return;
  const now = context.clock.now();
  const at = now.toISOString();
  const phase: CyclePhase | string = found.phase;
  await context.store.cases.update(
    ref,
    found,
    { failure: { error: event.error.slice(0, 256), phase, at } },
    noteOf(context, 'cycle-failed'),
  );
  await notify(
    context,
    ref,
    [
      {
        kind: 'workflow-failed',
        scope: cycleScope(event.cycle, 'failed', at.replace(/[^0-9]/g, '').slice(0, 14)),
        recipient: { role: 'coordinator', id: found.coordinatorId },
        data: {
          caseId: found.caseId,
          phase,
          failedOn: rigaDateOf(now),
          error: event.error.slice(0, 128),
          caseLink: caseLink(context, ref),
        },
      },
    ],
    'failure-reported',
  );
}
