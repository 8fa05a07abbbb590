/**
 * The task of the state ReadPage (`run-page`): a page of the month's active cases from the
 * sharded index, cut into batches for the Map state, and where paging stands recorded on the run.
 */
import { z } from 'zod';
import type { StepContext } from '../../step-context.ts';
import { type CaseRef, idSchema, yearMonthSchema } from '../../store/keys.ts';
import { RUN_BATCH_SIZE } from './settle-batch.ts';

/** Case refs read from the active-cases index per page (one run-page step). */
export const RUN_PAGE_SIZE = 100;
/** Where paging stands, as the state machine carries it between pages: a cursor and two counts. */
export interface PagePosition {
  /** The cursor of the page to read next; null for the first page and after the last one. */
  cursor: string | null;
  /** Pages read so far. */
  number: number;
  /** Case refs listed so far. */
  listed: number;
}

// ---- run-page -------------------------------------------------------------------------------------

export const readRunPageEventSchema = z.strictObject({
  runId: idSchema,
  month: yearMonthSchema,
  cursor: z.string().min(1).nullable(),
  number: z.number().int().nonnegative(),
  listed: z.number().int().nonnegative(),
});
export type ReadRunPageEvent = z.infer<typeof readRunPageEventSchema>;

/**
 * Read one page of the month's active cases and cut it into batches; the run remembers where
 * the page began, so a later start resumes there.
 *
 * @example
 * const page = await readRunPage(context, { runId: '2024-03', month: '2024-03', cursor: null, number: 0, listed: 0 });
 * page.batches // [[{ municipality: 'talsi', caseId: 'c-1' }, ...], ...]; page.cursor is null after the last page
 */
export async function readRunPage(
  context: StepContext,
  event: ReadRunPageEvent,
): Promise<PagePosition & { batches: CaseRef[][] }> {
  const at = context.clock.now().toISOString();
  await context.store.runs.notePage(
    event.runId,
    {
      ...(event.cursor !== null && { cursor: event.cursor }),
      pages: event.number,
      listed: event.listed,
    },
    at,
  );
  const page = await context.store.cases.activeForMonth(event.month, {
    limit: RUN_PAGE_SIZE,
    ...(event.cursor !== null && { cursor: event.cursor }),
  });
  const batches: CaseRef[][] = [];
  for (let start = 0; start < page.items.length; start += RUN_BATCH_SIZE) {
    batches.push(page.items.slice(start, start + RUN_BATCH_SIZE));
  }
  return {
    cursor: page.cursor ?? null,
    number: event.number + 1,
    listed: event.listed + page.items.length,
    batches,
  };
}
