/**
 * The coordinators' work queue and case page with 1,000 cases in one municipality (the demo's
 * pilot scaled: most cases in their active period, the rest assessing, ranking, awaiting
 * approval, due for review or failed; timesheets reminded; a run with anomalies), served by the
 * app over DynamoDB Local, beside the same-run floor: a Hono page that renders a constant string.
 * Per page: server time, and the DynamoDB requests and items it read (counted on the client).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import type { ApiDeps } from '../functions/api/route.ts';
import { addMonths } from '../functions/domain/calendar.ts';
import { workspacePaths } from '../functions/domain/work-queue/paths.ts';
import { createWebApp } from '../functions/pages/app.ts';
import { sealSession, sessionCookieName } from '../functions/session/session.ts';
import { auditEventPut } from '../functions/store/audit.ts';
import { caseItem } from '../functions/store/cases.ts';
import { createDocumentClient, type Item, localClientConfig } from '../functions/store/client.ts';
import type { StoredCase } from '../functions/store/entities.ts';
import {
  assessmentKey,
  budgetKey,
  type CaseRef,
  personKey,
  planKey,
  statementKey,
  workQueuePk,
} from '../functions/store/keys.ts';
import { outboxItem } from '../functions/store/outbox.ts';
import { createStore } from '../functions/store/store.ts';
import { ensureTable } from '../functions/store/table.ts';
import { expectedTimesheetKey } from '../functions/store/work-queue.ts';
import { startDynamoDbLocal } from '../local/dynamodb.ts';
import { sampleFamily } from '../scripts/sample-family.ts';
import { measureAsync, randomSource, type Suite, type SuiteResult } from './harness.ts';

const MUNICIPALITY = 'talsi';
const TABLE = 'bench-workspace';
const SECRET = 'bench-token-secret-that-is-long-enough-0001';
const NOW = new Date('2025-03-12T09:00:00Z');
const AT = '2025-03-01T08:00:00.000Z';
const COORDINATORS = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6', 'u-7', 'u-8', 'u-9', 'u-10'];
const CASE_PAGE = 'c-0001';

/** Counts what the app's store reads: requests, items returned, read units. */
interface ReadCount {
  requests: number;
  items: number;
  units: number;
}

function planContract(participantId: string) {
  const lines = ['physiotherapy', 'speech-therapy', 'music-therapy', 'respite-care'].map((service, i) => ({
    service,
    order: i + 1,
    unitsPerMonth: 4,
    unitCents: 2_500,
    travelCents: 0,
    periodCents: 60_000,
    funding: 'individual-budget' as const,
  }));
  return {
    participantId,
    period: { start: '2025-01-01', end: '2025-06-30' },
    budget: { cents: 300_000, terms: [] },
    grants: [{ service: 'assistant', hoursPerMonth: 80 }],
    lines,
    unfunded: [{ service: 'hippotherapy', reason: 'NO_PROVIDER' }],
    totalCents: 240_000,
    remainingCents: 60_000,
    warnings: [{ code: 'FAR_PROVIDER', service: 'physiotherapy', message: 'the provider is 42 km away' }],
  };
}

/** The first cycle's first plan of a case, drafted or in force. */
function planItem(ref: CaseRef, status: 'draft' | 'active', participantId: string): Item {
  return {
    ...planKey(ref, 1, 1),
    entity: 'Plan',
    schemaVersion: 1,
    cycle: 1,
    revision: 1,
    status,
    plan: planContract(participantId),
    recordedAt: AT,
  };
}

function statementOf(participantId: string, month: string, monthIndex: number) {
  const lines = Array.from({ length: 20 }, (_, day) => ({
    date: `${month}-${String(day + 1).padStart(2, '0')}`,
    assistantId: 'a-1',
    activity: 'education',
    minutes: 240,
    hours: 4,
    centsPerHour: 511,
    amountCents: 2_044,
    source: 'timesheet',
  }));
  return {
    participantId,
    month,
    policy: { id: 'LV-ASSISTANT', revision: 1 },
    paidMinutes: 4_800,
    paidHours: 80,
    amountCents: 40_880,
    lines,
    rejected: [],
    services: {
      month,
      monthCents: 40_000,
      usedCents: 40_000 * (monthIndex + 1),
      remainingCents: 240_000 - 40_000 * (monthIndex + 1),
      lines: planContract(participantId).lines.map((line) => ({
        service: line.service,
        usedCents: 10_000 * (monthIndex + 1),
        remainingCents: 60_000 - 10_000 * (monthIndex + 1),
      })),
    },
  };
}

const PHASES: [number, string][] = [
  [0.7, 'active'],
  [0.78, 'request-assessment'],
  [0.83, 'request-ranking'],
  [0.9, 'await-approval'],
  [0.96, 'review-due'],
  [1, 'draft-plan'],
];

/** One case of the municipality and what the queue reads of it. */
function caseItems(i: number, random: ReturnType<typeof randomSource>): Item[] {
  const caseId = `c-${String(i).padStart(4, '0')}`;
  const ref: CaseRef = { municipality: MUNICIPALITY, caseId };
  const roll = random.next();
  const phase = i === 1 ? 'active' : (PHASES.find(([below]) => roll < below)?.[1] ?? 'active');
  const failed = phase === 'draft-plan' && random.chance(0.5);
  const stored: StoredCase = {
    entity: 'Case',
    schemaVersion: 1,
    ...ref,
    participantId: `p-${caseId}`,
    coordinatorId: COORDINATORS[i % COORDINATORS.length] as string,
    status: 'open',
    phase,
    phaseSince: `2025-0${random.int(1, 3)}-0${random.int(1, 9)}T08:00:00.000Z`,
    cycle: 1,
    period: { start: '2025-01-01', end: '2025-06-30' },
    reviewDue: '2025-05-31',
    ...(failed && { failure: { error: 'CaseDataError', phase, at: AT } }),
    version: 3,
    createdAt: AT,
    updatedAt: AT,
  };
  const items: Item[] = [caseItem(stored)];
  if (phase === 'await-approval') {
    items.push(planItem(ref, 'draft', stored.participantId));
  }
  if (phase === 'active' && random.chance(0.06)) {
    items.push({
      ...expectedTimesheetKey(ref, '2025-02', 'a-1'),
      entity: 'TimesheetExpected',
      schemaVersion: 1,
      municipality: MUNICIPALITY,
      caseId,
      coordinatorId: stored.coordinatorId,
      month: '2025-02',
      assistantId: 'a-1',
      deadline: '2025-03-05',
      remindedAt: AT,
      workQueuePk: workQueuePk(MUNICIPALITY),
      workQueueSk: `U#${stored.coordinatorId}#C#${caseId}#T#2025-02#A#a-1`,
    });
  }
  return items;
}

/** The municipality's 1,000 cases and what hangs off them, as items. */
function seedItems(total: number): Item[] {
  const random = randomSource(20_250_312);
  const items: Item[] = Array.from({ length: total }, (_, i) => caseItems(i + 1, random)).flat();
  return [...items, ...casePageItems()];
}

/** The case page's case, in full: people, the cycle, months paid, its emails and trail. */
function casePageItems(): Item[] {
  const items: Item[] = [];
  const ref: CaseRef = { municipality: MUNICIPALITY, caseId: CASE_PAGE };
  items.push({
    ...personKey(ref),
    entity: 'Person',
    schemaVersion: 1,
    ...sampleFamily({ parent: 'p-1', assistant: 'a-1', coordinator: 'u-1' }),
    updatedAt: AT,
  });
  items.push({
    ...assessmentKey(ref, 1, '2024-12-02'),
    entity: 'Assessment',
    schemaVersion: 1,
    cycle: 1,
    assessedOn: '2024-12-02',
    scores: { mobility: 2, selfCare: 2, communication: 3, learning: 2, behaviour: 1, familySupport: 2 },
    weeklyRehabilitation: true,
    needsCompanion: false,
    recommendations: planContract('p').lines.map((line) => ({
      service: line.service,
      rank: line.order,
      unitsPerMonth: 4,
      minUnitsPerMonth: 2,
      essential: line.order === 1,
    })),
    recordedAt: AT,
  });
  items.push({
    ...budgetKey(ref, 1),
    entity: 'Budget',
    schemaVersion: 1,
    cycle: 1,
    assessedOn: '2024-12-02',
    cents: 300_000,
    terms: [],
    assistantGrants: [{ service: 'assistant' }],
    policy: { id: 'LV-BUDGET', revision: 1 },
    computedAt: AT,
  });
  items.push({
    ...planItem(ref, 'active', 'p-c-0001'),
    consent: { by: 'p-1', on: '2024-12-20', via: 'link' },
  });
  for (let m = 0; m < 2; m++) {
    const month = addMonths('2025-01', m);
    items.push({
      ...statementKey(ref, month, 0),
      entity: 'Statement',
      schemaVersion: 1,
      month,
      sequence: 0,
      kind: 'original',
      settledAt: AT,
      statement: statementOf('p-c-0001', month, m),
    });
  }
  const kinds = ['assessment-due', 'ranking-requested', 'plan-ready-for-consent', 'plan-awaiting-approval'];
  for (let n = 0; n < 30; n++) {
    const { item } = outboxItem(
      ref,
      {
        kind: kinds[n % kinds.length] as string,
        scope: `cycle-${n}`,
        recipient: { role: 'coordinator', id: 'u-1' },
      },
      AT,
    );
    items.push({ ...item, status: 'sent', sentAt: AT, messageId: `m-${n}` });
  }
  for (let n = 0; n < 60; n++) {
    const put = auditEventPut(
      ref,
      {
        actor: { kind: 'system', id: 'review-cycle' },
        action: n % 5 === 0 ? 'phase-active' : 'case-updated',
        at: AT,
      },
      ['phase'],
    );
    items.push(put.Put?.Item as Item);
  }
  return items;
}

async function batchWrite(documents: ReturnType<typeof createDocumentClient>, items: readonly Item[]) {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
      requests = (result.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
    }
  }
}

interface Subject {
  label: string;
  path: string;
  /** Rows (or lines) the page shows, to compare with the items it read. */
  shown: (body: string) => number;
}

async function serve(app: Hono, path: string, headers: Record<string, string>): Promise<string> {
  const response = await app.request(path, { headers });
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  return response.text();
}

export function workspaceSuite(subject: 'queue' | 'case'): Suite {
  return {
    name: `workspace-${subject}`,
    async run({ scale }): Promise<SuiteResult> {
      const cases = Math.max(50, Math.round(1_000 * scale));
      const requests = Math.max(5, Math.round(50 * scale));
      const dynamo = await startDynamoDbLocal();
      try {
        const config = localClientConfig(dynamo.endpoint);
        const raw = new DynamoDBClient(config);
        await ensureTable(raw, TABLE);
        const documents = createDocumentClient(config);
        await batchWrite(documents, seedItems(cases));
        const count: ReadCount = { requests: 0, items: 0, units: 0 };
        // Count every item a response carries back, on the client the app uses.
        const counted = createDocumentClient(config);
        counted.middlewareStack.add(
          (next) => async (args) => {
            const result = await next(args);
            const output = result.output as { Items?: unknown[]; Item?: unknown };
            count.requests += 1;
            count.items += output.Items?.length ?? (output.Item ? 1 : 0);
            return result;
          },
          { step: 'initialize', name: 'countReads' },
        );
        const store = createStore({
          tableName: TABLE,
          documents: counted,
          onCapacity: (usage) => {
            count.units += usage.readUnits;
          },
        });
        const deps = {
          store,
          clock: { now: () => NOW },
          orchestrator: {} as ApiDeps['orchestrator'],
          config: {
            appUrl: 'https://atbalsts.example',
            linkSecret: 'x'.repeat(32),
            supervisors: {},
            cycleStateMachineArn: 'unused',
          },
          auth: { localSecret: SECRET },
          session: { secret: SECRET, appUrl: 'http://127.0.0.1', signIn: { kind: 'development', users: [] } },
        } as unknown as ApiDeps;
        const app = createWebApp(deps);
        const sealed = await sealSession(
          { secret: SECRET, appUrl: 'http://127.0.0.1' },
          { sub: 'u-1', groups: ['coordinators'], municipality: MUNICIPALITY },
          new Date(),
        );
        const headers = {
          accept: 'text/html',
          cookie: `${sessionCookieName({ appUrl: 'http://127.0.0.1' })}=${sealed.value}`,
        };
        const chosen: Subject =
          subject === 'queue'
            ? {
                label: `work queue page of one coordinator of ${cases.toLocaleString('en-US')} cases`,
                path: `${workspacePaths.queue()}?coordinator=u-1`,
                shown: (body) => (body.match(/data-reason=/g) ?? []).length,
              }
            : {
                label: 'case page of a case in its active period',
                path: workspacePaths.case(CASE_PAGE),
                // Items behind what the page shows: case, person, the cycle's 4, trail, 2 statements, emails.
                shown: (body) => 2 + 4 + 2 + (body.match(/<tr class="govuk-table__row">/g) ?? []).length - 6,
              };
        const body = await serve(app, chosen.path, headers); // warm-up
        count.requests = 0;
        count.items = 0;
        count.units = 0;
        await serve(app, chosen.path, headers);
        const once = { ...count };
        const subjectTime = await measureAsync(chosen.label, requests, async () => {
          for (let i = 0; i < requests; i++) await serve(app, chosen.path, headers);
        });
        const floorApp = new Hono();
        floorApp.get('/floor', (c) => c.html('<!doctype html><title>floor</title><p>floor</p>'));
        await serve(floorApp, '/floor', {});
        const floor = await measureAsync('a Hono page rendering a constant string', requests, async () => {
          for (let i = 0; i < requests; i++) await serve(floorApp, '/floor', {});
        });
        raw.destroy();
        documents.destroy();
        counted.destroy();
        return {
          suite: `Workspace: ${chosen.label}, over DynamoDB Local (in memory)`,
          unit: 'pages',
          subject: subjectTime,
          floor,
          notes: [
            `server time per page: ${((subjectTime.seconds / requests) * 1000).toFixed(1)} ms (floor ${((floor.seconds / requests) * 1000).toFixed(2)} ms)`,
            `DynamoDB per page: ${once.requests} requests, ${once.items} items read, ${once.units.toFixed(1)} RCU; items shown: ${chosen.shown(body)}`,
          ],
        };
      } finally {
        await dynamo.stop();
      }
    },
  };
}
