/**
 * The what-if's replay of the policy in force pays, case by case, exactly what the monthly runs
 * paid (the sum of every statement, supplementary ones included), on DynamoDB Local: two cases in
 * two municipalities sharing one assistant whose times overlap (the case whose timesheet was
 * submitted first is paid, and that flips between months), a second assistant over the month's
 * grant, a hospital stay, months whose first week began in the month before, and a confirmation
 * that came after the month's run (paid by the supplementary run). A confirmation that came after
 * the supplementary run is never paid by the runs: the what-if counts it (the hours as the parents
 * finally confirmed them), and the difference is that entry alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../../functions/domain/calendar.ts';
import { parsePlanCase } from '../../functions/domain/plan/input.ts';
import { makeSupportPlan } from '../../functions/domain/plan/plan.ts';
import { type CohortInput, parseCohort } from '../../functions/domain/what-if/cohort.ts';
import { resolvePolicy } from '../../functions/domain/what-if/proposal.ts';
import { whatIf } from '../../functions/domain/what-if/what-if.ts';
import { settleCaseMonth } from '../../functions/monthly-run/settle-case-month.ts';
import { readCohort } from '../../functions/store/cohort.ts';
import type { PlanContract } from '../../functions/store/entities.ts';
import { entryKey } from '../../functions/store/hours-confirmations.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { assessAndRank, note, openCase, system } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;

const first: CaseRef = { municipality: 'talsi', caseId: 'w-1' };
const second: CaseRef = { municipality: 'kuldiga', caseId: 'w-2' };
const MONTHS = ['2025-01', '2025-02', '2025-03'] as const;
const period = { from: '2025-01', to: '2025-03' };

const scores = { mobility: 3, selfCare: 2, communication: 3, learning: 2, behaviour: 1, familySupport: 2 };
const recommendations = [
  { service: 'physiotherapy', rank: 1, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: true },
];
const providers = [{ service: 'physiotherapy', providerId: 'rehab', distanceKm: 4 }];

/** A case with its cycle's plan active from January for six months and its assistant grant (100 h with weekly rehabilitation). */
async function activeCase(ref: CaseRef): Promise<void> {
  await openCase(store, ref, { phase: 'active', cycle: 1 });
  await assessAndRank(store, ref, { scores, recommendations, providers }, ['physiotherapy']);
  const plan = makeSupportPlan(
    parsePlanCase({
      participantId: `p-${ref.caseId}`,
      periodStart: '2025-01-01',
      months: 6,
      assessment: { ...scores, weeklyRehabilitation: true },
      recommendations,
      parentRanking: ['physiotherapy'],
      providers,
    }),
  );
  await store.cycles.recordPlan(ref, 1, plan as unknown as PlanContract, note('plan-drafted'));
  await store.cycles.setPlanStatus(ref, 1, 1, 'active', note('plan-activated'));
  const hours = plan.grants.find((grant) => grant.service === 'assistant')?.hoursPerMonth ?? 0;
  await store.cycles.recordGrants(
    ref,
    1,
    [{ service: 'assistant', basis: 'month', minutes: hours * 60, from: '2025-01-01', to: '2025-06-30' }],
    note('grants'),
  );
  await store.cases.markActiveMonths(
    ref,
    ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'],
    note('marked'),
  );
}

type Entry = {
  date: string;
  minutes: number;
  activity: string;
  confirmed: boolean;
  start: number;
  end: number;
};

/** The month's days on the given ISO weekdays (1 Monday ... 7 Sunday), `from` to `to` o'clock. */
function days(month: string, weekdays: readonly number[], from: number, to: number): Entry[] {
  const entries: Entry[] = [];
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  for (let day = 1; day <= last; day += 1) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (!weekdays.includes(weekday)) continue;
    entries.push({
      date,
      minutes: (to - from) * 60,
      activity: 'education',
      confirmed: true,
      start: from * 60,
      end: to * 60,
    });
  }
  return entries;
}

/** The assistant's month sent at `at`; the parents confirm at once every entry but `later`. */
async function send(
  ref: CaseRef,
  month: string,
  assistantId: string,
  entries: Entry[],
  at: string,
  later: readonly string[] = [],
): Promise<void> {
  await store.timesheets.submit(ref, month, { assistantId, entries }, { ...note('timesheet'), at });
  await confirm(ref, month, assistantId, at, (entry) => !later.includes(entry.date));
}

/** The parents' decision on the month: the entries `which` picks are confirmed. */
async function confirm(
  ref: CaseRef,
  month: string,
  assistantId: string,
  at: string,
  which: (entry: Entry) => boolean,
): Promise<void> {
  const [sheet] = (await store.timesheets.forMonth(ref, month)).filter(
    (item) => item.assistantId === assistantId,
  );
  if (!sheet) throw new Error(`no timesheet of ${assistantId} in ${month}`);
  await store.hoursConfirmations.record(
    ref,
    month,
    assistantId,
    {
      submittedAt: sheet.submittedAt,
      by: 'p-1',
      confirmed: (sheet.entries as Entry[]).filter(which).map(entryKey),
      disputed: [],
    },
    { actor: { kind: 'parent', id: 'p-1' }, action: 'hours-confirmed', at },
  );
}

/**
 * The month's timesheets: Ilze in Talsi 08:00-12:00 on weekdays and in Kuldīga 11:00-14:00 on
 * Monday to Wednesday (an hour of overlap), Marta in Kuldīga 08:00-11:00 Monday to Saturday.
 * `sendsFirst`'s timesheets go on the 1st of the month after, the other case's on the 2nd;
 * Talsi's `late` days are confirmed later.
 */
async function sendMonth(month: string, sendsFirst: CaseRef, late: readonly string[] = []): Promise<void> {
  const on = (ref: CaseRef, hour: string) =>
    `${addMonths(month, 1)}-0${ref === sendsFirst ? 1 : 2}T${hour}:00:00.000Z`;
  const talsi = () => send(first, month, 'ilze', days(month, [1, 2, 3, 4, 5], 8, 12), on(first, '08'), late);
  const kuldiga = async () => {
    await send(second, month, 'ilze', days(month, [1, 2, 3], 11, 14), on(second, '08'));
    await send(second, month, 'marta', days(month, [1, 2, 3, 4, 5, 6], 8, 11), on(second, '09'));
  };
  if (sendsFirst === first) {
    await talsi();
    await kuldiga();
  } else {
    await kuldiga();
    await talsi();
  }
}

/** The regular run of `month` on the 10th of the month after, then the supplementary run of the month before. */
async function runs(month: string): Promise<void> {
  const at = `${addMonths(month, 1)}-10T06:00:00.000Z`;
  const supplementaryAt = `${addMonths(month, 1)}-10T07:00:00.000Z`;
  for (const ref of [first, second]) await settleCaseMonth(store, ref, month, { actor: system, at });
  for (const ref of [first, second])
    await settleCaseMonth(store, ref, addMonths(month, -1), { actor: system, at: supplementaryAt });
}

/** What the runs paid the case over the months: every statement of each, supplementary ones included. */
async function paidByRuns(ref: CaseRef): Promise<{ paidMinutes: number; paidCents: number }> {
  let paidMinutes = 0;
  let paidCents = 0;
  for (const month of MONTHS)
    for (const { statement } of await store.statements.forMonth(ref, month)) {
      paidMinutes += statement.paidMinutes;
      paidCents += statement.amountCents;
    }
  return { paidMinutes, paidCents };
}

async function replay(cohort?: CohortInput) {
  const result = whatIf(parseCohort(cohort ?? (await readCohort(store, period))), period, resolvePolicy());
  const of = (ref: CaseRef) => result.cases.find((outcome) => outcome.caseId === ref.caseId)?.current;
  return { first: of(first), second: of(second), result };
}

beforeAll(async () => {
  table = await createTestTable('what-if-replay');
  store = table.store;
  await activeCase(first);
  await activeCase(second);
  await store.stays.record(
    first,
    'stay-1',
    { kind: 'hospital', from: '2025-02-10', to: '2025-02-14' },
    note('stay-recorded'),
  );
  // January: Ilze sends Talsi's month first, so Talsi's case is paid the hour her days overlap.
  await sendMonth('2025-01', first);
  await runs('2025-01');
  // February: Kuldīga's month is sent first now; one Talsi day is confirmed after February's run.
  await sendMonth('2025-02', second, ['2025-02-27']);
  await runs('2025-02');
  await confirm(first, '2025-02', 'ilze', '2025-03-20T10:00:00.000Z', () => true);
  // March: Talsi first again; two Talsi days are confirmed after March's run.
  await sendMonth('2025-03', first, ['2025-03-27', '2025-03-28']);
  await runs('2025-03');
  // 27 March is confirmed before the supplementary run of March (on April's run), 28 March after it.
  await confirm(first, '2025-03', 'ilze', '2025-04-20T10:00:00.000Z', (entry) => entry.date !== '2025-03-28');
  await runs('2025-04');
}, 120_000);
afterAll(async () => {
  await table?.drop();
});

describe('the what-if replays the current policy as the monthly runs paid it', () => {
  it('the runs refused what the law refuses: the stay, the other case’s time, the month’s grant', async () => {
    const reasons = async (ref: CaseRef) => {
      const found = new Set<string>();
      for (const month of MONTHS)
        for (const { statement } of await store.statements.forMonth(ref, month))
          for (const refused of statement.rejected) found.add(`${month} ${refused.reason}`);
      return [...found].sort();
    };
    expect(await reasons(first)).toEqual(
      expect.arrayContaining(['2025-02 NO_PAY_PERIOD', '2025-02 OTHER_CASE', '2025-03 UNCONFIRMED']),
    );
    expect(await reasons(second)).toEqual(
      expect.arrayContaining(['2025-01 OTHER_CASE', '2025-03 OTHER_CASE', '2025-02 MONTH_CAP']),
    );
    // The late confirmations of February and of 27 March were paid by supplementary statements.
    expect((await store.statements.forMonth(first, '2025-02')).length).toBe(2);
    expect((await store.statements.forMonth(first, '2025-03')).length).toBe(2);
  });

  it('pays each case exactly the minutes and cents of its statements, until a confirmation comes after the supplementary run', async () => {
    const before = await replay();
    expect(before.first).toMatchObject(await paidByRuns(first));
    expect(before.second).toMatchObject(await paidByRuns(second));

    // 28 March confirmed after March's supplementary run: no run pays it, the what-if counts it.
    await confirm(first, '2025-03', 'ilze', '2025-05-20T10:00:00.000Z', () => true);
    const after = await replay();
    const runsPaid = await paidByRuns(first);
    expect(after.first?.paidMinutes).toBe(runsPaid.paidMinutes + 240);
    expect(after.first?.paidCents).toBe(runsPaid.paidCents + 2_044);
    expect(after.second).toMatchObject(await paidByRuns(second));
  });

  it('would not, without the stays and one assistant across cases (the replay before this fix)', async () => {
    const cohort = await readCohort(store, period);
    let next = 0;
    const apart = {
      ...cohort,
      cases: cohort.cases.map(({ stays: _stays, ...item }) => ({
        ...item,
        months: item.months.map((month) => ({
          ...month,
          timesheets: month.timesheets.map((sheet) => ({ ...sheet, assistantId: `X${++next}` })),
        })),
      })),
    };
    const { first: blind } = await replay(apart);
    expect(blind?.paidMinutes).toBeGreaterThan((await paidByRuns(first)).paidMinutes + 240);
  });
});
