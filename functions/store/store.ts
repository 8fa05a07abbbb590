/**
 * The store: every repository over one table, sharing one client.
 *
 * @example
 * const store = createStore({ tableName: 'atbalsts', clientConfig: localClientConfig(endpoint) });
 * const found = await store.cases.get({ municipality: 'riga', caseId: 'c-1' });
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AssistantCaseRepository } from './assistant-cases.ts';
import { AuditRepository } from './audit.ts';
import { CaseRepository } from './cases.ts';
import { ClaimRepository } from './claims.ts';
import { type CapacityUsage, createDocumentClient, TableClient } from './client.ts';
import { CycleRepository } from './cycles.ts';
import { HoursConfirmationRepository } from './hours-confirmations.ts';
import { IdempotencyRepository } from './idempotency.ts';
import { IndicatorRepository } from './indicators.ts';
import { LinkUseRepository } from './link-uses.ts';
import { OutboxRepository } from './outbox.ts';
import { RunRepository } from './runs.ts';
import { StatementRepository } from './statements.ts';
import { StayRepository } from './stays.ts';
import { TaskTokenRepository } from './task-tokens.ts';
import { TimesheetDraftRepository } from './timesheet-drafts.ts';
import { TimesheetRepository } from './timesheets.ts';
import { WorkQueueRepository } from './work-queue.ts';

export interface StoreOptions {
  tableName: string;
  /** An existing document client, or the config to make one. */
  documents?: DynamoDBDocumentClient;
  clientConfig?: DynamoDBClientConfig;
  /** Told the consumed capacity of every request (asks DynamoDB for it only when set). */
  onCapacity?: (usage: CapacityUsage) => void;
}

export interface Store {
  table: TableClient;
  cases: CaseRepository;
  cycles: CycleRepository;
  timesheets: TimesheetRepository;
  statements: StatementRepository;
  stays: StayRepository;
  claims: ClaimRepository;
  outbox: OutboxRepository;
  audit: AuditRepository;
  taskTokens: TaskTokenRepository;
  runs: RunRepository;
  idempotency: IdempotencyRepository;
  linkUses: LinkUseRepository;
  workQueue: WorkQueueRepository;
  /** Assistants' unsent timesheets (the timesheet page). */
  timesheetDrafts: TimesheetDraftRepository;
  /** Which cases an assistant works on. */
  assistantCases: AssistantCaseRepository;
  hoursConfirmations: HoursConfirmationRepository;
  indicators: IndicatorRepository;
}

export function createStore(options: StoreOptions): Store {
  const documents = options.documents ?? createDocumentClient(options.clientConfig);
  const table = new TableClient(documents, options.tableName, options.onCapacity);
  return {
    table,
    cases: new CaseRepository(table),
    cycles: new CycleRepository(table),
    timesheets: new TimesheetRepository(table),
    statements: new StatementRepository(table),
    stays: new StayRepository(table),
    claims: new ClaimRepository(table),
    outbox: new OutboxRepository(table),
    audit: new AuditRepository(table),
    taskTokens: new TaskTokenRepository(table),
    runs: new RunRepository(table),
    idempotency: new IdempotencyRepository(table),
    linkUses: new LinkUseRepository(table),
    workQueue: new WorkQueueRepository(table),
    timesheetDrafts: new TimesheetDraftRepository(table),
    assistantCases: new AssistantCaseRepository(table),
    hoursConfirmations: new HoursConfirmationRepository(table),
    indicators: new IndicatorRepository(table),
  };
}
