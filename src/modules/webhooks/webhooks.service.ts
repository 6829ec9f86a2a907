import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { deriveKey } from '../../lib/crypto.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { badRequest, conflict, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { WebhookDeliverer, type DeliverJob, type DeliveryConfig } from './deliver.js';
import { EmailSender, smtpTransport, type EmailConfig, type MailTransport } from './email.js';
import { DELIVER_WEBHOOK_QUEUE, webhookEventTypes, type WebhookEventType } from './outbox.js';
import { ROTATION_GRACE_MS, generateSecret, openSecrets, sealSecrets } from './signing.js';
import type { AttemptRow, DeliveryListRow, DeliveryStatus, EndpointRow, WebhooksRepo } from './webhooks.repo.js';

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const satisfies readonly DeliveryStatus[];

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  createdBy: string | null;
  createdAt: string;
  /** After a rotation the previous secret still signs (a second signature) until this time. */
  previousSecretValidUntil: string | null;
}

export interface AttemptView {
  id: string;
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

export interface DeliveryView {
  id: string;
  /** The webhook-id header: the same on every attempt and redelivery of this message. */
  messageId: string;
  endpointId: string;
  eventType: string;
  status: DeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  succeededAt: string | null;
  createdAt: string;
  attempts: AttemptView[];
}

export interface DeliveryDetail extends DeliveryView {
  message: { id: string; type: string; timestamp: string; data: unknown };
}

export interface NewEndpoint {
  url: string;
  description?: string | null;
  eventTypes: WebhookEventType[];
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
  enabled?: boolean;
}

export interface DeliveryQuery {
  endpointId?: string;
  status?: DeliveryStatus;
  messageId?: string;
  before?: string;
  limit: number;
}

const MAX_URL_LENGTH = 2000;

/**
 * An endpoint URL Trygg will POST to: absolute http(s), no credentials (they would sit in logs
 * and lists; the signature authenticates Trygg instead), no fragment. Returns it normalised.
 */
export function validateEndpointUrl(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.length > MAX_URL_LENGTH) throw badRequest('url', `at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw badRequest('url', 'must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('url', 'must use http or https');
  if (url.username || url.password) throw badRequest('url', 'must not contain credentials (user:password@); the signature authenticates Trygg');
  if (!url.hostname) throw badRequest('url', 'must name a host');
  if (url.hash) throw badRequest('url', 'must not contain a fragment (#…)');
  return url.toString();
}

/** The URL as the audit log keeps it: without query (it may hold a token of the platform's). */
const auditUrl = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

const attemptView = (a: AttemptRow): AttemptView => ({
  id: a.id, attemptedAt: a.attemptedAt.toISOString(), statusCode: a.statusCode, durationMs: a.durationMs, error: a.error,
});

const deliveryView = (d: DeliveryListRow, attempts: AttemptRow[]): DeliveryView => ({
  id: d.id, messageId: d.messageId, endpointId: d.endpointId, eventType: d.eventType, status: d.status as DeliveryStatus,
  attemptCount: d.attempts, nextAttemptAt: iso(d.nextAttemptAt), lastAttemptAt: iso(d.lastAttemptAt),
  lastStatusCode: d.lastStatusCode, lastError: d.lastError, succeededAt: iso(d.succeededAt), createdAt: d.createdAt.toISOString(),
  attempts: attempts.map(attemptView),
});

/** Keyset cursor for the delivery log: the last row's (created_at, id), opaque to callers. */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return encodeTimeCursor(row.createdAt, row.id);
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const position = decodeTimeCursor(cursor);
  if (!position) throw badRequest('before', 'not a cursor from this list (use nextBefore)');
  return { createdAt: position.at, id: position.id };
}

/**
 * Webhook endpoints (admin), the delivery log and redelivery; and the factories of the two
 * background senders (webhooks.deliver, email.send), which share its keys and repository.
 */
export class WebhooksService {
  private readonly secretKey: Buffer;
  private readonly emailKey: Buffer;

  constructor(
    private readonly database: Database,
    private readonly repo: WebhooksRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    installationKey: Buffer,
    private readonly jobs?: JobQueue,
  ) {
    this.secretKey = deriveKey(installationKey, 'webhook-secrets');
    // The same sub-key the Outbox seals addresses with.
    this.emailKey = deriveKey(installationKey, 'email-addresses');
  }

  private endpointView(row: EndpointRow): EndpointView {
    let previousUntil: string | null = null;
    try {
      const secrets = openSecrets(this.secretKey, row.secretSealed);
      if (secrets.previous && secrets.previousUntil && Date.parse(secrets.previousUntil) > this.clock.now().getTime()) {
        previousUntil = secrets.previousUntil;
      }
    } catch {
      // A secret sealed under another installation key: the list still shows the endpoint.
    }
    return {
      id: row.id, url: row.url, description: row.description, eventTypes: row.eventTypes as WebhookEventType[], enabled: row.enabled,
      createdBy: row.createdBy, createdAt: row.createdAt.toISOString(), previousSecretValidUntil: previousUntil,
    };
  }

  /** Creates an endpoint; its signing secret is returned here only. */
  async createEndpoint(actor: Actor, input: NewEndpoint): Promise<{ endpoint: EndpointView; secret: string }> {
    const url = validateEndpointUrl(input.url);
    const eventTypes = normaliseTypes(input.eventTypes);
    const secret = generateSecret();
    const row = await this.database.db.transaction(async (tx) => {
      const created = await this.repo.insertEndpoint(tx, {
        id: newId(), url, description: input.description?.trim() || null, secretSealed: sealSecrets(this.secretKey, { current: secret }),
        eventTypes, enabled: true, createdBy: actor.id ?? null, createdAt: this.clock.now(),
      });
      await this.audit.record(tx, {
        actor, type: 'webhook_endpoint.created', subject: { type: 'webhook_endpoint', id: created.id },
        payload: { url: auditUrl(url), eventTypes },
      });
      return created;
    });
    return { endpoint: this.endpointView(row), secret };
  }

  async listEndpoints(limit: number, offset: number): Promise<EndpointView[]> {
    return (await this.repo.listEndpoints(this.database.db, limit, offset)).map((r) => this.endpointView(r));
  }

  async getEndpoint(id: string): Promise<EndpointView> {
    const row = await this.repo.endpointById(this.database.db, id);
    if (!row) throw notFound('Webhook endpoint');
    return this.endpointView(row);
  }

  /** Changes apply to the next attempt (URL, enabled) or the next event (event types). */
  async updateEndpoint(actor: Actor, id: string, changes: EndpointChanges): Promise<EndpointView> {
    const set: Partial<EndpointRow> = {};
    if (changes.url !== undefined) set.url = validateEndpointUrl(changes.url);
    if (changes.eventTypes !== undefined) set.eventTypes = normaliseTypes(changes.eventTypes);
    if (changes.enabled !== undefined) set.enabled = changes.enabled;
    if (changes.description !== undefined) set.description = changes.description?.trim() || null;
    const row = await this.database.db.transaction(async (tx) => {
      const existing = await this.repo.endpointById(tx, id, true);
      if (!existing) throw notFound('Webhook endpoint');
      const updated = (await this.repo.updateEndpoint(tx, id, set))!;
      const diff: Record<string, { before: unknown; after: unknown }> = {};
      if (set.url !== undefined && set.url !== existing.url) diff.url = { before: auditUrl(existing.url), after: auditUrl(set.url) };
      if (set.eventTypes !== undefined && set.eventTypes.join() !== existing.eventTypes.join()) {
        diff.eventTypes = { before: existing.eventTypes, after: set.eventTypes };
      }
      if (set.enabled !== undefined && set.enabled !== existing.enabled) diff.enabled = { before: existing.enabled, after: set.enabled };
      if (set.description !== undefined && set.description !== existing.description) {
        diff.description = { before: existing.description, after: set.description };
      }
      await this.audit.record(tx, {
        actor, type: 'webhook_endpoint.updated', subject: { type: 'webhook_endpoint', id }, payload: { changes: diff },
      });
      return updated;
    });
    return this.endpointView(row);
  }

  /**
   * A new secret, returned once. The previous one keeps signing beside it (a second `v1,…` in
   * webhook-signature) for 24 hours, so the platform can switch without losing a message.
   */
  async rotateSecret(actor: Actor, id: string): Promise<{ endpoint: EndpointView; secret: string }> {
    const secret = generateSecret();
    const row = await this.database.db.transaction(async (tx) => {
      const existing = await this.repo.endpointById(tx, id, true);
      if (!existing) throw notFound('Webhook endpoint');
      let previous: string | undefined;
      try {
        previous = openSecrets(this.secretKey, existing.secretSealed).current;
      } catch {
        previous = undefined;
      }
      const until = new Date(this.clock.now().getTime() + ROTATION_GRACE_MS).toISOString();
      const secretSealed = sealSecrets(this.secretKey, previous ? { current: secret, previous, previousUntil: until } : { current: secret });
      const updated = (await this.repo.updateEndpoint(tx, id, { secretSealed }))!;
      await this.audit.record(tx, {
        actor, type: 'webhook_endpoint.secret_rotated', subject: { type: 'webhook_endpoint', id },
        payload: { previousValidUntil: previous ? until : null },
      });
      return updated;
    });
    return { endpoint: this.endpointView(row), secret };
  }

  /**
   * Removes the endpoint. Its delivery log stays; deliveries still pending end `failed`
   * ("endpoint deleted"). To stop deliveries for a while, disable it instead.
   */
  async deleteEndpoint(actor: Actor, id: string): Promise<EndpointView> {
    const row = await this.database.db.transaction(async (tx) => {
      const existing = await this.repo.endpointById(tx, id, true);
      if (!existing) throw notFound('Webhook endpoint');
      const ended = await this.repo.failPendingOf(tx, id, 'endpoint deleted');
      await this.repo.deleteEndpoint(tx, id);
      await this.audit.record(tx, {
        actor, type: 'webhook_endpoint.deleted', subject: { type: 'webhook_endpoint', id },
        payload: { url: auditUrl(existing.url), eventTypes: existing.eventTypes, pendingDeliveriesEnded: ended },
      });
      return existing;
    });
    return this.endpointView(row);
  }

  /** The delivery log, newest first, each delivery with its attempts. */
  async listDeliveries(q: DeliveryQuery): Promise<{ items: DeliveryView[]; nextBefore: string | null }> {
    const before = q.before === undefined ? undefined : decodeCursor(q.before);
    const rows = await this.repo.listDeliveries(this.database.db, { endpointId: q.endpointId, status: q.status, messageId: q.messageId, before, limit: q.limit });
    const attempts = await this.repo.attemptsOf(this.database.db, rows.map((r) => r.id));
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
    const last = rows[rows.length - 1];
    return {
      items: rows.map((r) => deliveryView(r, byDelivery.get(r.id) ?? [])),
      nextBefore: rows.length === q.limit && last ? encodeCursor(last) : null,
    };
  }

  /** One endpoint's log (404 for an unknown endpoint; the overall log still lists a deleted one's). */
  async listEndpointDeliveries(endpointId: string, q: Omit<DeliveryQuery, 'endpointId'>): Promise<{ items: DeliveryView[]; nextBefore: string | null }> {
    if (!(await this.repo.endpointById(this.database.db, endpointId))) throw notFound('Webhook endpoint');
    return this.listDeliveries({ ...q, endpointId });
  }

  async getDelivery(id: string): Promise<DeliveryDetail> {
    const row = await this.repo.deliveryWithType(this.database.db, id);
    if (!row) throw notFound('Webhook delivery');
    const attempts = await this.repo.attemptsOf(this.database.db, [id]);
    const message = await this.repo.messageById(this.database.db, row.messageId);
    return {
      ...deliveryView(row, attempts),
      message: { id: row.messageId, type: row.eventType, timestamp: iso(message?.createdAt ?? null) ?? '', data: message?.payload ?? null },
    };
  }

  /**
   * Sends a delivery again, with the same webhook-id, through a fresh retry schedule. Not while
   * it is still pending (its own schedule is running), nor to a disabled or deleted endpoint.
   */
  async redeliver(actor: Actor, id: string): Promise<DeliveryView> {
    await this.database.db.transaction(async (tx) => {
      const delivery = await this.repo.deliveryById(tx, id, true);
      if (!delivery) throw notFound('Webhook delivery');
      if (delivery.status === 'pending') throw conflict('delivery-pending', 'This delivery is still being attempted; wait for it to succeed or fail');
      const endpoint = await this.repo.endpointById(tx, delivery.endpointId);
      if (!endpoint) throw conflict('endpoint-deleted', 'The endpoint of this delivery was deleted');
      if (!endpoint.enabled) throw conflict('endpoint-disabled', 'The endpoint is disabled; enable it first');
      await this.repo.updateDelivery(tx, id, { status: 'pending', nextAttemptAt: this.clock.now() });
      await this.jobs?.enqueue<DeliverJob>(tx, DELIVER_WEBHOOK_QUEUE, { deliveryId: id, attempt: 1 });
      await this.audit.record(tx, {
        actor, type: 'webhook_delivery.redelivered', subject: { type: 'webhook_delivery', id },
        payload: { messageId: delivery.messageId, endpointId: delivery.endpointId, previousStatus: delivery.status },
      });
    });
    const row = (await this.repo.deliveryWithType(this.database.db, id))!;
    return deliveryView(row, await this.repo.attemptsOf(this.database.db, [id]));
  }

  /** The webhooks.deliver handler's worker, configured (timeout, retry schedule). */
  deliverer(jobs: JobQueue, config: DeliveryConfig, fetchFn?: typeof fetch): WebhookDeliverer {
    return new WebhookDeliverer(this.database, this.repo, this.clock, this.secretKey, jobs, config, fetchFn);
  }

  /** The email.send handler's worker; requires config.smtpUrl unless a transport is given. */
  mailer(jobs: JobQueue, config: EmailConfig, transport: MailTransport = smtpTransport(config)): EmailSender {
    return new EmailSender(this.database, this.repo, this.clock, this.emailKey, jobs, config, transport);
  }
}

function normaliseTypes(types: readonly string[]): WebhookEventType[] {
  const unique = [...new Set(types)];
  const unknown = unique.filter((t) => !(webhookEventTypes as readonly string[]).includes(t));
  if (unknown.length) throw badRequest('eventTypes', `unknown event type ${unknown.join(', ')}`);
  if (unique.length === 0) throw badRequest('eventTypes', 'choose at least one event type');
  return (unique as WebhookEventType[]).sort();
}
