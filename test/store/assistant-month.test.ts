/**
 * The two store parts of the assistants' pages on DynamoDB Local: which cases name an assistant
 * (following the person item as contacts come and go, and its erasure), and the month's draft
 * (versioned: a save from a stale page is a conflict; never read by the settlement).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../functions/store/errors.ts';
import type { CaseRef } from '../../functions/store/keys.ts';
import type { Store } from '../../functions/store/store.ts';
import { createTestTable, type TestTable } from '../support/store.ts';
import { note, openCase, person } from '../support/store-fixtures.ts';

let table: TestTable;
let store: Store;
beforeAll(async () => {
  table = await createTestTable('assistant-month');
  store = table.store;
});
afterAll(async () => {
  await table.drop();
});

const talsi = (caseId: string): CaseRef => ({ municipality: 'talsi', caseId });
const assistant = (id: string) => ({
  role: 'assistant' as const,
  id,
  name: `Asistents ${id}`,
  language: 'lv' as const,
});
const entry = {
  date: '2024-02-05',
  minutes: 210,
  start: 480,
  end: 690,
  activity: 'education',
  confirmed: false,
};

describe("an assistant's cases", () => {
  it('lists the cases whose person item names the assistant, in that municipality only', async () => {
    await store.cases.create(
      { ...talsi('ac-1'), participantId: 'p-1', coordinatorId: 'u-7', phase: 'request-assessment' },
      { ...person, contacts: [...person.contacts, assistant('a-list')] },
      note('case-opened'),
    );
    await openCase(store, talsi('ac-2'));
    await store.cases.putPerson(
      talsi('ac-2'),
      { ...person, contacts: [...person.contacts, assistant('a-list')] },
      note('person-changed'),
    );
    await openCase(store, { municipality: 'riga', caseId: 'ac-3' });
    await store.cases.putPerson(
      { municipality: 'riga', caseId: 'ac-3' },
      { ...person, contacts: [assistant('a-list')] },
      note('person-changed'),
    );
    expect(await store.assistantCases.list('talsi', 'a-list')).toEqual(['ac-1', 'ac-2']);
    expect(await store.assistantCases.list('riga', 'a-list')).toEqual(['ac-3']);
    expect(await store.assistantCases.list('talsi', 'a-nobody')).toEqual([]);
  });

  it('drops a case when the assistant leaves its contacts, or its personal data is erased', async () => {
    await store.cases.putPerson(talsi('ac-1'), person, note('person-changed'));
    await store.cases.erasePerson(talsi('ac-2'), note('person-erased'));
    expect(await store.assistantCases.list('talsi', 'a-list')).toEqual([]);
  });
});

describe("the month's draft", () => {
  it('is saved version by version, and a save from a stale version is a conflict', async () => {
    const ref = talsi('draft-1');
    await openCase(store, ref);
    const first = await store.timesheetDrafts.save(
      ref,
      '2024-02',
      'a-1',
      { entries: [entry], rowProblems: [], source: 'form' },
      0,
      note('timesheet-draft-saved'),
    );
    expect(first.version).toBe(1);
    const second = await store.timesheetDrafts.save(
      ref,
      '2024-02',
      'a-1',
      {
        entries: [],
        rowProblems: [{ row: 3, column: 'no', message: 'must be a time HH:MM' }],
        source: 'csv',
      },
      1,
      note('timesheet-draft-saved'),
    );
    expect(second.version).toBe(2);
    await expect(
      store.timesheetDrafts.save(
        ref,
        '2024-02',
        'a-1',
        { entries: [entry], rowProblems: [], source: 'form' },
        1,
        note('timesheet-draft-saved'),
      ),
    ).rejects.toThrow(ConflictError);
    await expect(
      store.timesheetDrafts.save(
        ref,
        '2024-02',
        'a-1',
        { entries: [entry], rowProblems: [], source: 'form' },
        0,
        note('timesheet-draft-saved'),
      ),
    ).rejects.toThrow(ConflictError);
    expect(await store.timesheetDrafts.get(ref, '2024-02', 'a-1')).toMatchObject({
      version: 2,
      source: 'csv',
      entries: [],
    });
  });

  it('is never a timesheet the settlement reads, and goes when discarded', async () => {
    const ref = talsi('draft-1');
    expect(await store.timesheets.forMonth(ref, '2024-02')).toEqual([]);
    await store.timesheetDrafts.discard(ref, '2024-02', 'a-1');
    expect(await store.timesheetDrafts.get(ref, '2024-02', 'a-1')).toBeUndefined();
  });

  it('is refused for a case that is not in the municipality', async () => {
    await expect(
      store.timesheetDrafts.save(
        { municipality: 'riga', caseId: 'draft-1' },
        '2024-02',
        'a-1',
        { entries: [], rowProblems: [], source: 'form' },
        0,
        note('timesheet-draft-saved'),
      ),
    ).rejects.toThrow(NotFoundError);
  });
});
