/** One case's month of the monthly run, against DynamoDB Local: settled once, reruns write nothing, late timesheets supplement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../functions/domain/errors.ts';
import { renderNotification } from '../../functions/notify/render/kinds.ts';
import { CaseDataError, settleCaseMonth } from '../../functions/runs/settle-case-month.ts';
import { NotFoundError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, system } from '../support/store-fixtures.ts';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable('runs');
});
afterAll(async () => {
  await table?.drop();
});

const run = (at: string) => ({ actor: system, at });
const hours = (date: string, h: number, activity = 'education') => ({
  date,
  minutes: h * 60,
  activity,
  confirmed: true,
});

async function caseWithMonth(caseId: string, grantHours = 10): Promise<CaseRef> {
  const ref = { municipality: 'talsi', caseId };
  await openCase(table.store, ref, { phase: 'active', cycle: 1 });
  await table.store.cycles.recordGrants(
    ref,
    1,
    [
      {
        service: 'assistant',
        basis: 'month',
        minutes: grantHours * 60,
        from: '2024-01-01',
        to: '2024-06-30',
      },
    ],
    note('grants-recorded'),
  );
  await table.store.timesheets.submit(
    ref,
    '2024-03',
    {
      assistantId: 'a-1',
      entries: [hours('2024-03-04', 4), hours('2024-03-05', 4), hours('2024-03-06', 4, 'leisure')],
    },
    note('timesheet-submitted'),
  );
  return ref;
}

describe('settling one case-month from the store', () => {
  it('settles the month from the stored grant and timesheets, with the assistant’s pay statement in the outbox', async () => {
    const ref = await caseWithMonth('c-1');
    const result = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    expect(result).toMatchObject({
      status: 'settled',
      sequence: 0,
      paidMinutes: 600,
      amountCents: 5110,
      rejectedMinutes: 120,
    });

    const [statement] = await table.store.statements.forMonth(ref, '2024-03');
    expect(statement?.statement.rejected.map((item) => [item.date, item.reason, item.minutes])).toEqual([
      ['2024-03-06', 'MONTH_CAP', 120],
    ]);
    const pay = await table.store.outbox.get(ref, 'pay-statement:2024-03:assistant:a-1');
    expect(pay?.status).toBe('pending');
    // What the outbox holds renders with the real template: figures and policy names, no personal data.
    const email = renderNotification('pay-statement', pay?.data, {
      language: 'lv',
      organisation: 'Talsu novada Sociālais dienests',
    });
    expect(email.text).toContain('EUR 51,10');
    expect(email.text).toContain('Izglītība');
    expect(JSON.stringify(pay?.data)).not.toContain('Bērziņa');
  });

  it('writes nothing when the month is settled again', async () => {
    const ref = await caseWithMonth('c-2');
    await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    const again = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:05:00.000Z'));
    expect(again).toMatchObject({ status: 'already-settled', sequence: 0, paidMinutes: 600 });
    expect(await table.store.statements.forMonth(ref, '2024-03')).toHaveLength(1);
    const trail = await table.store.audit.trail(ref);
    expect(trail.events.filter((event) => event.action === 'month-settled')).toHaveLength(1);
  });

  it('settles a timesheet that arrives late as a supplementary statement carrying only the difference', async () => {
    const ref = await caseWithMonth('c-3', 20);
    await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    await table.store.timesheets.submit(
      ref,
      '2024-03',
      { assistantId: 'a-2', entries: [hours('2024-03-20', 3)] },
      note('timesheet-submitted'),
    );
    const late = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-20T06:00:00.000Z'));
    expect(late).toMatchObject({ status: 'supplementary', sequence: 1, paidMinutes: 180, amountCents: 1533 });
    expect(await table.store.outbox.get(ref, 'pay-statement:2024-03.1:assistant:a-2')).toBeDefined();
  });

  it('uses the paid entries of the week that began in the previous month and the paid history', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-4' };
    await openCase(table.store, ref, { phase: 'active', cycle: 1 });
    await table.store.cycles.recordGrants(
      ref,
      1,
      [{ service: 'assistant', basis: 'week', minutes: 10 * 60 }],
      note('grants-recorded'),
    );
    // April 2024 starts on a Monday: March's last week is whole in March. May 2024 starts on a Wednesday.
    await table.store.timesheets.submit(
      ref,
      '2024-04',
      { assistantId: 'a-1', entries: [hours('2024-04-29', 8)] },
      note('timesheet-submitted'),
    );
    await settleCaseMonth(table.store, ref, '2024-04', run('2024-05-10T06:00:00.000Z'));
    await table.store.timesheets.submit(
      ref,
      '2024-05',
      { assistantId: 'a-1', entries: [hours('2024-05-02', 5)] },
      note('timesheet-submitted'),
    );
    const may = await settleCaseMonth(table.store, ref, '2024-05', run('2024-06-10T06:00:00.000Z'));
    expect(may).toMatchObject({ status: 'settled', paidMinutes: 120, rejectedMinutes: 180 });
  });

  it('reports a case without an assistant grant for the month and writes nothing', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-5' };
    await openCase(table.store, ref, { phase: 'active', cycle: 1 });
    const result = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    expect(result.status).toBe('no-grant');
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });

  it('takes the grant of the previous cycle for a month settled after a new cycle began', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-6' };
    await openCase(table.store, ref, { phase: 'active', cycle: 2 });
    await table.store.cycles.recordGrants(
      ref,
      1,
      [{ service: 'assistant', basis: 'month', minutes: 300, to: '2024-03-31' }],
      note('grants-recorded'),
    );
    await table.store.cycles.recordGrants(
      ref,
      2,
      [{ service: 'assistant', basis: 'month', minutes: 6000, from: '2024-04-01' }],
      note('grants-recorded'),
    );
    await table.store.timesheets.submit(
      ref,
      '2024-03',
      { assistantId: 'a-1', entries: [hours('2024-03-04', 8)] },
      note('timesheet-submitted'),
    );
    const result = await settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z'));
    expect(result).toMatchObject({ status: 'settled', paidMinutes: 300, rejectedMinutes: 180 });
  });

  it('refuses to guess between two assistant grants overlapping the month, and writes nothing', async () => {
    const ref = { municipality: 'talsi', caseId: 'c-8' };
    await openCase(table.store, ref, { phase: 'active', cycle: 2 });
    await table.store.cycles.recordGrants(
      ref,
      1,
      [{ service: 'assistant', basis: 'month', minutes: 4800, to: '2024-03-20' }],
      note('grants-recorded'),
    );
    await table.store.cycles.recordGrants(
      ref,
      2,
      [{ service: 'assistant', basis: 'month', minutes: 6000, from: '2024-03-15' }],
      note('grants-recorded'),
    );
    await expect(
      settleCaseMonth(table.store, ref, '2024-03', run('2024-04-10T06:00:00.000Z')),
    ).rejects.toThrow(CaseDataError);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });

  it('refuses a month that is not YYYY-MM, naming it, and writes nothing', async () => {
    const ref = await caseWithMonth('c-9');
    const refusal = settleCaseMonth(table.store, ref, '2024-3', run('2024-04-10T06:00:00.000Z'));
    await expect(refusal).rejects.toThrow(InputError);
    await expect(refusal).rejects.toThrow(/month/);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });

  it('finds nothing with the wrong municipality', async () => {
    const ref = await caseWithMonth('c-7');
    await expect(
      settleCaseMonth(
        table.store,
        { ...ref, municipality: 'riga' },
        '2024-03',
        run('2024-04-10T06:00:00.000Z'),
      ),
    ).rejects.toThrow(NotFoundError);
    expect(await table.store.statements.forMonth(ref, '2024-03')).toEqual([]);
  });
});
