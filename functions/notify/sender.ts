/**
 * The sender drains the outbox: for each pending notification it claims the item (a conditional
 * update under a lease, so two senders never hold the same item), looks the recipient up in the
 * case's person item or, for supervisors, in configuration, renders the email in the recipient's
 * language, sends it with SES v1 `SendEmail`, and records the SES message id as it marks the
 * item sent.
 *
 * - Throttling, 5xx answers and network failures are retried here with exponential backoff and
 *   full jitter, a few times within the lease; if SES is still failing the item goes back to the
 *   pending list for the next drain, until `giveUpAfterAttempts` claims, then it fails.
 * - A rejected address fails the item at once, and the coordinator is told in the same
 *   transaction (a `delivery-failed` item), never by naming the address.
 * - Between SES accepting an email and the item being marked sent there is a short window: a
 *   sender that dies inside it leaves the item `sending`; when the lease runs out another sender
 *   sends it again. See docs/notifications.md.
 *
 * Logs carry kinds, ids and outcomes, never an address or a name.
 *
 * @example
 * const sender = new OutboxSender({ store, ses: createSesClient(), config, senderId: 'sender-1' });
 * const summary = await sender.drain(); // { sent: 3, failed: 0, released: 0, skipped: 0 }
 */
import { createHash, randomUUID } from 'node:crypto';
import { type MessageTag, SESClient, type SESClientConfig, SendEmailCommand } from '@aws-sdk/client-ses';
import { consoleEventLog } from '../event-log.ts';
import type { AuditNote } from '../store/audit.ts';
import type { OutboxDraft, StoredCase, StoredOutboxItem, StoredPerson } from '../store/entities.ts';
import { ConflictError } from '../store/errors.ts';
import type { CaseRef } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import type { RenderContext } from './render/format.ts';
import { renderNotification } from './render/kinds.ts';
import type { Language, RenderedEmail } from './render/layout.ts';

/** Where mail comes from and who the supervisors are: configuration, never code. */
export interface SenderConfig {
  /** The verified sender address, e.g. `Atbalsts <atbalsts@riga.example.lv>`. */
  from: string;
  /** Each municipality's social service as its clients know it, by municipality id. */
  organisations: Readonly<Record<string, string>>;
  /** Each municipality's supervisor contacts, by municipality id and supervisor id. */
  supervisors: Readonly<
    Record<string, Readonly<Record<string, { email: string; language: Language; name?: string }>>>
  >;
  /** Days a sent or failed item is kept before it expires. */
  retentionDays: number;
  /** How long a claim holds; longer than a send with all its retries. */
  leaseSeconds: number;
  /** Tries of one send within a claim. */
  sendAttempts: number;
  /** Claims after which an item that keeps failing transiently is failed. */
  giveUpAfterAttempts: number;
  /** Backoff between tries: the ceiling of the first wait and of any wait, in milliseconds. */
  backoff: { baseMs: number; maxMs: number };
  /** An SES configuration set (bounce and complaint events), when the account has one. */
  configurationSet?: string;
}

export const DEFAULT_DELIVERY = {
  retentionDays: 90,
  // A send with all its tries: 5 x the SES client's 10 s request timeout + at most 3 s of waits.
  leaseSeconds: 90,
  sendAttempts: 5,
  giveUpAfterAttempts: 6,
  backoff: { baseMs: 200, maxMs: 20_000 },
} as const satisfies Partial<SenderConfig>;

export interface SenderDependencies {
  store: Store;
  ses: SESClient;
  config: SenderConfig;
  /** Names this sender in its claims; unique per running sender. */
  senderId?: string;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Structured events; the default writes JSON lines to stdout. */
  log?: (event: Record<string, string | number>) => void;
  /**
   * What SES is known to have accepted for an outbox item, by its message tags: asked only about
   * an item a dead sender had started to send. The local system reads its local SES; on AWS there
   * is no such record, so such an item is sent again (at least once).
   */
  acceptedMessageIdOf?: (ref: CaseRef, notificationId: string) => Promise<string | undefined>;
}

export interface DrainSummary {
  sent: number;
  failed: number;
  released: number;
  /** Claimed by another sender, or already done. */
  skipped: number;
}

type Outcome = keyof DrainSummary;

/**
 * An SES client for the sender. The SDK's own retries are off: the sender retries itself, so the
 * waits are ours, bounded by the claim's lease, and tested.
 * @example const ses = createSesClient({ region: 'eu-north-1' });
 */
export function createSesClient(config: SESClientConfig = {}): SESClient {
  // Bounded tries, so one send with its retries fits in the claim's lease (DEFAULT_DELIVERY).
  return new SESClient({
    requestHandler: { requestTimeout: SES_REQUEST_TIMEOUT_MS, connectionTimeout: 3_000 },
    ...config,
    maxAttempts: 1,
  });
}

/** How long one SendEmail may take before it counts as a network failure. */
export const SES_REQUEST_TIMEOUT_MS = 10_000;

/** What to do about a failed SendEmail. */
export type SendFailure = 'transient' | 'address-rejected' | 'other';

const TRANSIENT_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'InternalFailure',
  'RequestTimeout',
]);
const REJECTED_CODES = new Set(['MessageRejected', 'InvalidParameterValue']);

/**
 * Sort an SES error: throttling, server errors and network failures are worth retrying; a
 * rejected message or an invalid address will fail the same way again.
 * @example classifySendError(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' })) // 'transient'
 */
export function classifySendError(error: unknown): SendFailure {
  if (!(error instanceof Error)) return 'other';
  if (TRANSIENT_CODES.has(error.name)) return 'transient';
  if (REJECTED_CODES.has(error.name)) return 'address-rejected';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined || status === 429 || status >= 500) return 'transient';
  return 'other';
}

/** Full jitter: a random wait up to an exponentially growing ceiling. */
export function backoffDelay(
  attempt: number,
  backoff: { baseMs: number; maxMs: number },
  random: () => number,
): number {
  return Math.floor(random() * Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt));
}

interface Recipient {
  email: string;
  language: Language;
}

/** The SES message tags that lead a bounce or complaint back to its outbox item. */
export const SES_TAG_NAMES = {
  notificationId: 'notificationId',
  municipality: 'municipality',
  caseId: 'caseId',
} as const;

/**
 * The tags a sent email carries: the outbox item's case and id, base64url-encoded because SES tag
 * values allow only letters, digits, `_` and `-` (ids carry `.`, notification ids `:`). Ids only.
 * @example sesMessageTags({ municipality: 'riga', caseId: 'c-1' }, 'monthly-statement:2024-03:legal-representative:p-1')
 */
export function sesMessageTags(ref: CaseRef, notificationId: string): MessageTag[] {
  const encode = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
  return [
    { Name: SES_TAG_NAMES.notificationId, Value: encode(notificationId) },
    { Name: SES_TAG_NAMES.municipality, Value: encode(ref.municipality) },
    { Name: SES_TAG_NAMES.caseId, Value: encode(ref.caseId) },
  ];
}

/**
 * The outbox item named by an SES event's tags (`mail.tags`: each name with a list of values),
 * or undefined when the email did not come from the outbox sender.
 * @example outboxItemOfSesTags({ notificationId: ['bW9udGhseQ'], municipality: ['cmlnYQ'], caseId: ['Yy0x'] })
 */
export function outboxItemOfSesTags(
  tags: Readonly<Record<string, readonly string[]>>,
): { ref: CaseRef; notificationId: string } | undefined {
  const decode = (name: string) => {
    const value = tags[name]?.[0];
    return value === undefined || !/^[A-Za-z0-9_-]+$/.test(value)
      ? undefined
      : Buffer.from(value, 'base64url').toString('utf8');
  };
  const notificationId = decode(SES_TAG_NAMES.notificationId);
  const municipality = decode(SES_TAG_NAMES.municipality);
  const caseId = decode(SES_TAG_NAMES.caseId);
  if (notificationId === undefined || municipality === undefined || caseId === undefined) return undefined;
  return { ref: { municipality, caseId }, notificationId };
}

/**
 * The coordinator's alert that a notification failed for good, or undefined for an alert itself
 * (an alert about an alert helps nobody). Its scope is derived from the failed item, so however
 * often or by whichever path the item fails (the sender, a bounce), the alert is decided once.
 *
 * @example
 * const alert = deliveryFailedAlert(item, 'u-7', 'address-rejected', { actorId: 'ses-events', at });
 * if (alert) await store.outbox.markBounced(ref, item.notificationId, bounce, alert);
 */
export function deliveryFailedAlert(
  item: Pick<StoredOutboxItem, 'caseId' | 'notificationId' | 'kind' | 'recipient'>,
  coordinatorId: string,
  reason: 'no-address' | 'address-rejected' | 'gave-up',
  by: { actorId: string; at: string },
): { draft: OutboxDraft; note: AuditNote } | undefined {
  if (item.kind === 'delivery-failed') return undefined;
  return {
    draft: {
      kind: 'delivery-failed',
      scope: `failed-${createHash('sha256').update(item.notificationId).digest('hex').slice(0, 20)}`,
      recipient: { role: 'coordinator', id: coordinatorId },
      data: { caseId: item.caseId, failedKind: item.kind, recipientRole: item.recipient.role, reason },
    },
    note: { actor: { kind: 'system', id: by.actorId }, action: 'delivery-failed', at: by.at },
  };
}

export class OutboxSender {
  private readonly senderId: string;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly log: (event: Record<string, string | number>) => void;

  constructor(private readonly dependencies: SenderDependencies) {
    this.senderId = dependencies.senderId ?? `sender-${randomUUID()}`;
    this.now = dependencies.now ?? (() => new Date());
    this.sleep = dependencies.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = dependencies.random ?? Math.random;
    this.log = dependencies.log ?? ((event) => consoleEventLog('info', 'outbox-sender', event));
  }

  private get store(): Store {
    return this.dependencies.store;
  }

  private get config(): SenderConfig {
    return this.dependencies.config;
  }

  private at(): string {
    return this.now().toISOString();
  }

  /**
   * Send every pending notification once, a page at a time.
   * @example const { sent, failed } = await sender.drain({ pageSize: 50 });
   */
  async drain(options: { pageSize?: number } = {}): Promise<DrainSummary> {
    const summary: DrainSummary = { sent: 0, failed: 0, released: 0, skipped: 0 };
    let cursor: string | undefined;
    do {
      const page = await this.store.outbox.pending({
        limit: options.pageSize ?? 25,
        ...(cursor !== undefined && { cursor }),
      });
      for (const item of page.items) summary[await this.deliver(item)] += 1;
      cursor = page.cursor;
    } while (cursor !== undefined);
    return summary;
  }

  /**
   * Claim one listed item and send it. Items another sender holds are skipped.
   * @example await sender.deliver(item) // 'sent'
   */
  async deliver(listed: StoredOutboxItem): Promise<Outcome> {
    const ref: CaseRef = { municipality: listed.municipality, caseId: listed.caseId };
    const item = await this.store.outbox.claim(ref, listed.notificationId, {
      by: this.senderId,
      at: this.at(),
      leaseSeconds: this.config.leaseSeconds,
    });
    if (!item) return 'skipped';
    const event = {
      notificationId: item.notificationId,
      kind: item.kind,
      municipality: ref.municipality,
      caseId: ref.caseId,
    };
    // A sender died after it started to send this (its lease ran out): SES may have it already.
    let uncertain = item.sendStartedAt !== undefined;
    const accepted = uncertain ? await this.acceptedMessageIdOf(ref, item) : undefined;
    if (accepted !== undefined)
      return await this.markSent(ref, item, accepted, { ...event, note: 'found-sent' });
    const [stored, person] = await Promise.all([
      this.store.cases.get(ref, true),
      this.store.cases.getPerson(ref),
    ]);
    const recipient = this.recipientOf(item, ref, person);
    if (!recipient) {
      this.log({ ...event, outcome: 'failed', reason: 'no-address' });
      await this.fail(ref, item, stored, 'no-address');
      return 'failed';
    }
    let email: RenderedEmail;
    try {
      email = renderNotification(
        item.kind,
        item.data,
        this.contextOf(ref, recipient.language, stored, person),
      );
    } catch (error) {
      // Bad data or an unknown kind is a bug to fix, not a contact to check: no alert.
      this.log({
        ...event,
        outcome: 'failed',
        reason: 'unrenderable',
        error: error instanceof Error ? error.name : 'unknown',
      });
      await this.fail(ref, item, stored, 'unrenderable');
      return 'failed';
    }
    const replyTo =
      item.recipient.role === 'coordinator' ? undefined : this.coordinatorOf(stored, person)?.email;
    for (let attempt = 0; ; attempt++) {
      if (!(await this.markSendStarted(ref, item, uncertain, event))) return 'skipped';
      try {
        const messageId = await this.send(
          recipient.email,
          email,
          replyTo,
          sesMessageTags(ref, item.notificationId),
        );
        return await this.markSent(ref, item, messageId, event);
      } catch (error) {
        // Without an answer from SES (a network failure) the email may have gone.
        uncertain =
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined;
        const next = await this.afterSendError(ref, item, stored, error, attempt, uncertain, event);
        if (next !== 'retry') return next;
      }
    }
  }

  /** Fail, wait and retry, or release an item after a failed SendEmail. */
  private async afterSendError(
    ref: CaseRef,
    item: StoredOutboxItem,
    stored: StoredCase | undefined,
    error: unknown,
    attempt: number,
    uncertain: boolean,
    event: Record<string, string>,
  ): Promise<Outcome | 'retry'> {
    const failure = classifySendError(error);
    const code = error instanceof Error ? error.name : 'unknown';
    if (failure === 'address-rejected') {
      this.log({ ...event, outcome: 'failed', reason: 'address-rejected', error: code });
      await this.fail(ref, item, stored, 'address-rejected');
      return 'failed';
    }
    const retry = failure === 'transient' && attempt + 1 < this.config.sendAttempts;
    this.log({ ...event, outcome: retry ? 'retrying' : 'send-error', error: code, attempt: attempt + 1 });
    if (retry) {
      await this.sleep(backoffDelay(attempt, this.config.backoff, this.random));
      return 'retry';
    }
    if (item.attempts >= this.config.giveUpAfterAttempts) {
      await this.fail(ref, item, stored, 'gave-up');
      return 'failed';
    }
    await this.store.outbox.release(
      ref,
      item.notificationId,
      { by: this.senderId, at: this.at() },
      code,
      uncertain,
    );
    return 'released';
  }

  /** What SES is known to have accepted for the item, when the sender has such a record. */
  private async acceptedMessageIdOf(ref: CaseRef, item: StoredOutboxItem): Promise<string | undefined> {
    return await this.dependencies.acceptedMessageIdOf?.(ref, item.notificationId);
  }

  /**
   * Mark, before SES is called, that a send begins, so whoever reclaims the item after a crash
   * knows; false when the lease was lost meanwhile (the item is someone else's now).
   */
  private async markSendStarted(
    ref: CaseRef,
    item: StoredOutboxItem,
    uncertain: boolean,
    event: Record<string, string>,
  ): Promise<boolean> {
    try {
      await this.store.outbox.markSendStarted(
        ref,
        item.notificationId,
        { by: this.senderId, at: this.at() },
        uncertain,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      this.log({ ...event, outcome: 'skipped', note: 'lease-lost' });
      return false;
    }
    if (uncertain) this.log({ ...event, outcome: 'resending', note: 'uncertain-after-crash' });
    return true;
  }

  private async send(
    to: string,
    email: RenderedEmail,
    replyTo: string | undefined,
    tags: MessageTag[],
  ): Promise<string> {
    const result = await this.dependencies.ses.send(
      new SendEmailCommand({
        Source: this.config.from,
        Destination: { ToAddresses: [to] },
        ...(replyTo !== undefined && { ReplyToAddresses: [replyTo] }),
        // SES hands these back in bounce and complaint events (functions/handlers/ses-events.ts).
        Tags: tags,
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
        ...(this.config.configurationSet !== undefined && {
          ConfigurationSetName: this.config.configurationSet,
        }),
      }),
    );
    if (!result.MessageId)
      throw Object.assign(new Error('SES answered without a message id'), { name: 'ServiceUnavailable' });
    return result.MessageId;
  }

  private async markSent(
    ref: CaseRef,
    item: StoredOutboxItem,
    messageId: string,
    event: Record<string, string>,
  ): Promise<Outcome> {
    try {
      await this.store.outbox.markSent(ref, item.notificationId, {
        messageId,
        at: this.at(),
        retentionDays: this.config.retentionDays,
      });
    } catch (error) {
      // Our lease ran out and another sender sent and marked it too: the window the docs describe.
      if (!(error instanceof ConflictError)) throw error;
      this.log({ ...event, outcome: 'sent', note: 'already-marked', messageId });
      return 'sent';
    }
    this.log({ ...event, outcome: 'sent', messageId });
    return 'sent';
  }

  /** Fail the item; tell the coordinator unless the item was already a message to them about a failure. */
  private async fail(
    ref: CaseRef,
    item: StoredOutboxItem,
    stored: StoredCase | undefined,
    reason: 'no-address' | 'address-rejected' | 'unrenderable' | 'gave-up',
  ): Promise<void> {
    const at = this.at();
    const failure = { by: this.senderId, at, reason, retentionDays: this.config.retentionDays };
    const alert =
      stored !== undefined && reason !== 'unrenderable'
        ? deliveryFailedAlert(item, stored.coordinatorId, reason, { actorId: 'outbox-sender', at })
        : undefined;
    try {
      await this.store.outbox.markFailed(ref, item.notificationId, failure, alert);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // Our lease ran out and another sender holds it now; it will decide.
    }
  }

  private recipientOf(
    item: StoredOutboxItem,
    ref: CaseRef,
    person: StoredPerson | undefined,
  ): Recipient | undefined {
    const contact = person?.contacts.find(
      (entry) => entry.role === item.recipient.role && entry.id === item.recipient.id,
    );
    if (contact?.email !== undefined) return { email: contact.email, language: contact.language };
    if (item.recipient.role === 'supervisor') {
      const supervisor = this.config.supervisors[ref.municipality]?.[item.recipient.id];
      if (supervisor) return { email: supervisor.email, language: supervisor.language };
    }
    return undefined;
  }

  private coordinatorOf(stored: StoredCase | undefined, person: StoredPerson | undefined) {
    if (!stored) return undefined;
    return person?.contacts.find(
      (entry) => entry.role === 'coordinator' && entry.id === stored.coordinatorId,
    );
  }

  private contextOf(
    ref: CaseRef,
    language: Language,
    stored: StoredCase | undefined,
    person: StoredPerson | undefined,
  ): RenderContext {
    const coordinator = this.coordinatorOf(stored, person);
    const names = Object.fromEntries(
      (person?.contacts ?? [])
        .filter((entry) => entry.role === 'assistant')
        .map((entry) => [entry.id, entry.name]),
    );
    return {
      language,
      organisation: this.config.organisations[ref.municipality] ?? ref.municipality,
      ...(coordinator && {
        coordinator: {
          name: coordinator.name,
          ...(coordinator.email !== undefined && { email: coordinator.email }),
        },
      }),
      names,
    };
  }
}
