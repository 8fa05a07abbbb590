/**
 * The parents' confirmation decides what is paid (the "apliecinājums"), against DynamoDB Local:
 * an assistant's own `confirmed` flag pays nothing; the entries the parents confirm are paid by
 * the monthly run; disputed ones are not; entries confirmed after the run are paid by the next
 * settlement of the month as a supplementary statement carrying only the difference; a corrected
 * timesheet keeps the confirmation of the entries it leaves unchanged; a decision on a version
 * the assistant has replaced is refused.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payForMinutes } from '../../functions/domain/money.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { settleRunBatch } from '../../functions/monthly-run/tasks/settle-batch.ts';
import type { StepContext } from '../../functions/step-context.ts';
import { ConflictError } from '../../functions/store/errors.ts';
import { entryKey } from '../../functions/store/hours-confirmations.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, system } from '../support/store-fixtures.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('confirm');
}, 120_000);
afterAll(async () => {
  await table?.drop();
});

/** The rate in force in March 2024 (cents an hour). */
const RATE = 511;
const run = (at: string) => ({ actor: system, at });
const day = (date: string, minutes: number, activity = 'education') => ({
  date,
  minutes,
  activity,
  confirmed: true,
});
const parent = { kind: 'parent', id: 'p-1' } as const;

async function caseWithGrant(caseId: string): Promise<CaseRef> {
  const ref = { municipality: 'talsi', caseId };
  await openCase(table.store, ref, { phase: 'active', cycle: 1 });
  await table.store.cycles.recordGrants(
    ref,
    1,
    [{ service: 'assistant', basis: 'month', minutes: 80 * 60, from: '2024-01-01', to: '2024-06-30' }],
    note('grants-recorded'),
  );
  return ref;
}

async function submit(ref: CaseRef, entries: ReturnType<typeof day>[], at: string) {
  return table.store.timesheets.submit(
    ref,
    '2024-03',
    { assistantId: 'a-1', entries },
    {
      actor: { kind: 'assistant', id: 'a-1' },
      action: 'timesheet-submitted',
      at,
    },
  );
}

async function decide(
  ref: CaseRef,
  submittedAt: string,
  confirmed: ReturnType<typeof day>[],
  disputed: ReturnType<typeof day>[],
  at: string,
) {
  return table.store.hoursConfirmations.record(
    ref,
    '2024-03',
    'a-1',
    {
      submittedAt,
      by: 'p-1',
      confirmed: confirmed.map(entryKey),
      disputed: disputed.map((entry) => ({ entry: entryKey(entry), reason: 'the assistant was not there' })),
    },
    { actor: parent, action: 'hours-confirmed', at },
  );
}

describe('only the hours the parents confirmed are paid', () => {
  it('pays nothing for hours only the assistant marked confirmed', async () => {
    const ref = await caseWithGrant('pc-1');
    await submit(ref, [day('2024-03-04', 240), day('2024-03-05', 180)], '2024-04-02T09:00:00.000Z');
    const result = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    expect(result).toMatchObject({ status: 'settled', paidMinutes: 0, amountCents: 0, rejectedMinutes: 420 });
    const [statement] = await table.store.statements.forMonth(ref, '2024-03');
    expect(statement?.statement.rejected.map((item) => item.reason)).toEqual(['UNCONFIRMED', 'UNCONFIRMED']);
  });

  it('pays the confirmed entries, not the disputed one; a late confirmation is paid as a difference', async () => {
    const ref = await caseWithGrant('pc-2');
    const [monday, tuesday, wednesday] = [
      day('2024-03-04', 240),
      day('2024-03-05', 180),
      day('2024-03-06', 60, 'leisure'),
    ];
    const sheet = await submit(ref, [monday, tuesday, wednesday], '2024-04-02T09:00:00.000Z');
    await decide(ref, sheet.submittedAt, [monday, tuesday], [wednesday], '2024-04-03T18:00:00.000Z');

    const first = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    expect(first).toMatchObject({ status: 'settled', paidMinutes: 420, rejectedMinutes: 60 });
    expect(first.amountCents).toBe(payForMinutes(240, RATE) + payForMinutes(180, RATE));

    // The coordinator sorts the dispute out; the parents confirm Wednesday after the run.
    await decide(ref, sheet.submittedAt, [monday, tuesday, wednesday], [], '2024-04-20T10:00:00.000Z');
    const second = await settleCaseMonth(table.store, ref, '2024-03', run('2024-05-10T06:00:00.000Z'));
    expect(second).toMatchObject({ status: 'supplementary', sequence: 1, paidMinutes: 60 });
    expect(second.amountCents).toBe(payForMinutes(60, RATE));
    // Nothing changed since: the next settlement writes nothing.
    const third = await settleCaseMonth(table.store, ref, '2024-03', run('2024-06-10T06:00:00.000Z'));
    expect(third.status).toBe('already-settled');
  });

  it('keeps the confirmation of unchanged entries when the assistant corrects the timesheet', async () => {
    const ref = await caseWithGrant('pc-3');
    const [monday, tuesday] = [day('2024-03-04', 240), day('2024-03-05', 180)];
    const first = await submit(ref, [monday, tuesday], '2024-04-02T09:00:00.000Z');
    await decide(ref, first.submittedAt, [monday, tuesday], [], '2024-04-03T09:00:00.000Z');
    const corrected = day('2024-03-05', 120);
    await submit(ref, [monday, corrected], '2024-04-04T09:00:00.000Z');
    const result = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    expect(result).toMatchObject({ paidMinutes: 240, rejectedMinutes: 120 });
  });

  it('refuses a decision on a timesheet version the assistant has replaced, and writes nothing', async () => {
    const ref = await caseWithGrant('pc-4');
    const first = await submit(ref, [day('2024-03-04', 240)], '2024-04-02T09:00:00.000Z');
    await submit(ref, [day('2024-03-04', 300)], '2024-04-02T10:00:00.000Z');
    await expect(
      decide(ref, first.submittedAt, [day('2024-03-04', 240)], [], '2024-04-03T09:00:00.000Z'),
    ).rejects.toThrow(ConflictError);
    expect(await table.store.hoursConfirmations.get(ref, '2024-03', 'a-1')).toBeUndefined();
  });

  it('pays exactly the confirmed minutes, whatever subset of days the parents confirm (property)', async () => {
    const days = Array.from({ length: 8 }, (_, index) =>
      day(`2024-03-${String(index + 4).padStart(2, '0')}`, 60 + index * 15),
    );
    let run_ = 0;
    await fc.assert(
      fc.asyncProperty(fc.subarray(days), async (chosen) => {
        run_ += 1;
        const ref = await caseWithGrant(`pc-p${run_}`);
        const sheet = await submit(ref, days, '2024-04-02T09:00:00.000Z');
        await decide(ref, sheet.submittedAt, chosen, [], '2024-04-03T09:00:00.000Z');
        const result = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
        const minutes = chosen.reduce((sum, entry) => sum + entry.minutes, 0);
        expect(result.paidMinutes).toBe(minutes);
        expect(result.amountCents).toBe(
          chosen.reduce((sum, entry) => sum + payForMinutes(entry.minutes, RATE), 0),
        );
        expect(result.rejectedMinutes).toBe(days.reduce((sum, entry) => sum + entry.minutes, 0) - minutes);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});

describe('hours confirmed after the month’s supplementary run', () => {
  /** The run's step for one case, as the monthly run's Map calls it at `at`. */
  const runStep = (
    ref: CaseRef,
    runId: string,
    month: string,
    kind: 'regular' | 'supplementary',
    at: string,
  ) =>
    settleRunBatch({ store: table.store, clock: { now: () => new Date(at) } } as unknown as StepContext, {
      runId,
      month,
      kind,
      cases: [ref],
    });

  it('are paid by the next run as a difference of their month, once, and the mark is cleared', async () => {
    const ref = await caseWithGrant('pc-late');
    const [monday, tuesday] = [day('2024-03-04', 240), day('2024-03-05', 180)];
    const sheet = await submit(ref, [monday, tuesday], '2024-04-02T09:00:00.000Z');
    await runStep(ref, '2024-03', '2024-03', 'regular', '2024-04-10T06:00:00.000Z');
    await runStep(
      ref,
      '2024-03-supplementary-2024-05-10-0900',
      '2024-03',
      'supplementary',
      '2024-05-10T06:00:00.000Z',
    );
    expect(
      (await table.store.statements.forMonth(ref, '2024-03')).map((s) => s.statement.paidMinutes),
    ).toEqual([0]);

    // The parents answer on 20 May, after March's supplementary run: nothing scheduled settles March again.
    await decide(ref, sheet.submittedAt, [monday, tuesday], [], '2024-05-20T18:00:00.000Z');
    expect(await table.store.hoursConfirmations.unsettledMonths(ref)).toEqual([
      { month: '2024-03', since: '2024-05-20T18:00:00.000Z' },
    ]);

    // The May run's step for the case settles March's difference too.
    await runStep(ref, '2024-05', '2024-05', 'regular', '2024-06-10T06:00:00.000Z');
    const march = await table.store.statements.forMonth(ref, '2024-03');
    expect(march.map((s) => [s.sequence, s.statement.paidMinutes])).toEqual([
      [0, 0],
      [1, 420],
    ]);
    expect(march[1]?.statement.amountCents).toBe(payForMinutes(240, RATE) + payForMinutes(180, RATE));
    expect(await table.store.outbox.get(ref, 'pay-statement:2024-03.1:assistant:a-1')).toBeDefined();
    expect(await table.store.hoursConfirmations.unsettledMonths(ref)).toEqual([]);

    // The June run finds nothing new for March: nothing more is written.
    await runStep(ref, '2024-06', '2024-06', 'regular', '2024-07-10T06:00:00.000Z');
    expect(await table.store.statements.forMonth(ref, '2024-03')).toHaveLength(2);
  });

  it('leaves a month the run has not reached yet for its own run, and keeps the mark of a decision made while the run read', async () => {
    const ref = await caseWithGrant('pc-early');
    const sheet = await submit(ref, [day('2024-03-04', 240)], '2024-04-02T09:00:00.000Z');
    await decide(ref, sheet.submittedAt, [day('2024-03-04', 240)], [], '2024-04-03T18:00:00.000Z');
    // February's supplementary run, before March's run: March is not settled early.
    await runStep(
      ref,
      '2024-02-supplementary-2024-04-10-0900',
      '2024-02',
      'supplementary',
      '2024-04-10T05:00:00.000Z',
    );
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
    const [mark] = await table.store.hoursConfirmations.unsettledMonths(ref);
    expect(mark?.month).toBe('2024-03');
    // A newer decision replaced the mark after it was read: clearing the old one keeps the new.
    await decide(ref, sheet.submittedAt, [day('2024-03-04', 240)], [], '2024-04-05T18:00:00.000Z');
    await table.store.hoursConfirmations.clearUnsettled(ref, mark as NonNullable<typeof mark>);
    expect(await table.store.hoursConfirmations.unsettledMonths(ref)).toEqual([
      { month: '2024-03', since: '2024-04-05T18:00:00.000Z' },
    ]);
    // March's own run settles it and clears the mark.
    await runStep(ref, '2024-03', '2024-03', 'regular', '2024-04-10T06:00:00.000Z');
    expect(
      (await table.store.statements.forMonth(ref, '2024-03')).map((s) => s.statement.paidMinutes),
    ).toEqual([240]);
    expect(await table.store.hoursConfirmations.unsettledMonths(ref)).toEqual([]);
  });

  it('leaves the month before a regular run’s own to the supplementary run that follows it', async () => {
    const ref = await caseWithGrant('pc-next');
    const sheet = await submit(ref, [day('2024-03-04', 240)], '2024-04-02T09:00:00.000Z');
    await runStep(ref, '2024-03', '2024-03', 'regular', '2024-04-10T06:00:00.000Z');
    await decide(ref, sheet.submittedAt, [day('2024-03-04', 240)], [], '2024-05-05T18:00:00.000Z');
    // April's run on 10 May: March is the supplementary run's, a moment later.
    await runStep(ref, '2024-04', '2024-04', 'regular', '2024-05-10T06:00:00.000Z');
    expect(await table.store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    await runStep(
      ref,
      '2024-03-supplementary-2024-05-10-0900',
      '2024-03',
      'supplementary',
      '2024-05-10T06:05:00.000Z',
    );
    const march = await table.store.statements.forMonth(ref, '2024-03');
    expect(march.map((s) => [s.sequence, s.statement.paidMinutes])).toEqual([
      [0, 0],
      [1, 240],
    ]);
    expect(await table.store.hoursConfirmations.unsettledMonths(ref)).toEqual([]);
  });
});
