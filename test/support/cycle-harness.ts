/**
 * One scenario's world: a fresh table on DynamoDB Local, the local SES, the synthesized state
 * machines in the local runtime on a virtual clock, the outbox sender, and the people of a case.
 * Scenarios drive it the way the API would (functions/review-cycle/commands.ts), move the clock, and
 * read back the case, its statements, its outbox and the emails the local SES received.
 */
import type { SESClient } from '@aws-sdk/client-ses';
import { createSesClient, DEFAULT_DELIVERY, OutboxSender } from '../../functions/notify/sender.ts';
import { DAY_MS } from '../../functions/orchestrator/clock.ts';
import type { Step } from '../../functions/step-context.ts';
import {
  decodeItem,
  outboxEntity,
  type PersonData,
  type StoredOutboxItem,
} from '../../functions/store/entities.ts';
import { type CaseRef, casePk } from '../../functions/store/keys.ts';
import { localSesClientConfig, type RunningLocalSes } from '../../local/ses.ts';
import { VirtualClock } from '../../local/stepfunctions/virtual-clock.ts';
import { type LocalWorkflows, startLocalWorkflows } from '../../local/workflows.ts';
import { sampleFamily } from '../../scripts/sample-family.ts';
import type { WorkflowStep } from '../../workflows/names.ts';
import type { TestTable } from './store.ts';

export const APP_URL = 'https://atbalsts.example.lv';

export const actors = {
  coordinator: { kind: 'coordinator', id: 'u-7' },
  parent: { kind: 'parent', id: 'p-1' },
} as const;

/** The people of a case, with addresses the sender can reach (the local SES takes any). */
export const casePerson: PersonData = sampleFamily({ parent: 'p-1', assistant: 'a-1', coordinator: 'u-7' });

/** A complete assessment with the team's recommendations, as the coordinator submits it. */
export function assessmentOn(assessedOn: string) {
  return {
    assessedOn,
    scores: { mobility: 3, selfCare: 2, communication: 3, learning: 2, behaviour: 1, familySupport: 2 },
    weeklyRehabilitation: true,
    needsCompanion: false,
    recommendations: [
      { service: 'physiotherapy', rank: 1, unitsPerMonth: 8, minUnitsPerMonth: 4, essential: true },
      { service: 'speech-therapy', rank: 2, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: false },
      { service: 'music-therapy', rank: 3, unitsPerMonth: 4, minUnitsPerMonth: 2, essential: false },
    ],
    providers: [
      { service: 'physiotherapy', providerId: 'talsi-rehab', distanceKm: 4 },
      { service: 'speech-therapy', providerId: 'talsi-logo', distanceKm: 3.5 },
      { service: 'music-therapy', providerId: 'talsi-music', distanceKm: 2 },
    ],
  };
}

export interface World extends LocalWorkflows {
  clock: VirtualClock;
  table: TestTable;
  /** Send what the outbox holds through the local SES; returns how many were sent. */
  deliver(): Promise<number>;
  /** The case's notifications, by kind, with their status. */
  outbox(ref: CaseRef): Promise<StoredOutboxItem[]>;
  /** Move the virtual clock by whole days, letting every execution catch up. */
  advanceDays(days: number): Promise<void>;
  advanceTo(instant: string): Promise<void>;
  close(): Promise<void>;
}

export async function createWorld(options: {
  table: TestTable;
  ses: RunningLocalSes;
  start: string;
  supervisors?: Record<string, string[]>;
  wrapStep?: (name: WorkflowStep, step: Step) => Step;
}): Promise<World> {
  const clock = new VirtualClock(options.start);
  const workflows = startLocalWorkflows({
    store: options.table.store,
    clock,
    config: {
      appUrl: APP_URL,
      linkSecret: 'a-test-secret-that-is-long-enough-1234',
      supervisors: options.supervisors ?? {},
    },
    ...(options.wrapStep && { wrapStep: options.wrapStep }),
  });
  const ses: SESClient = createSesClient(localSesClientConfig(options.ses.endpoint));
  const sender = new OutboxSender({
    store: options.table.store,
    ses,
    config: {
      ...DEFAULT_DELIVERY,
      from: 'Atbalsts <atbalsts@talsi.example.lv>',
      organisations: { talsi: 'Talsu novada Sociālais dienests' },
      supervisors: { talsi: { 's-1': { email: 'vaditaja@talsi.example.lv', language: 'lv' } } },
    },
    now: () => clock.now(),
    log: () => {},
  });
  return {
    ...workflows,
    clock,
    table: options.table,
    async deliver() {
      await workflows.sfn.idle();
      return (await sender.drain()).sent;
    },
    async outbox(ref) {
      const items = await options.table.store.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': casePk(ref), ':prefix': 'OUTBOX#' },
        ConsistentRead: true,
      });
      return items.map((item) => decodeItem(outboxEntity, item));
    },
    async advanceDays(days) {
      await workflows.sfn.idle();
      await clock.advance(days * DAY_MS);
      await workflows.sfn.idle();
    },
    async advanceTo(instant) {
      await workflows.sfn.idle();
      await clock.advanceTo(new Date(instant));
      await workflows.sfn.idle();
    },
    async close() {
      await workflows.sfn.close();
      ses.destroy();
    },
  };
}

/** How many notifications of each kind, e.g. `{ 'assessment-due': 1, 'plan-activated': 1 }`. */
export function countByKind(items: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}
