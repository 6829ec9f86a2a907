import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { seal } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { Queryable } from '../../storage/db.js';
import type { OutboxRepo } from './outbox.repo.js';

/** What the platform can subscribe to. Payloads name members by the platform's own ids. */
export const webhookEventTypes = [
  'action.taken', // hide, remove, restrict_minors, suspend, ban, warn: the platform enforces it
  'action.reversed', // an appeal or a second review undid it: the platform restores
  'statement.issued', // the statement of reasons for the affected member
  'report.outcome', // what became of a member's report, for the platform to relay
  'report.appeal_decided', // the reporter's appeal of a decision not to act was decided
  'media.matched', // an upload matched a hash bank: blocked or flagged (the check's answer said so too)
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const DELIVER_WEBHOOK_QUEUE = 'webhooks.deliver';
export const SEND_EMAIL_QUEUE = 'email.send';

export interface OutboundEmail {
  to: string;
  subject: string;
  body: string;
  related?: { type: string; id: string };
}

/**
 * Side effects leave through here, inside the transaction of the change that causes them:
 * a webhook message per subscribed endpoint and e-mails are recorded and their delivery jobs
 * enqueued in that transaction, so they go out after commit, and never for a rolled-back change.
 */
export class Outbox {
  constructor(
    private readonly repo: OutboxRepo,
    private readonly clock: Clock,
    private readonly emailKey: Buffer,
    private readonly jobs?: JobQueue,
  ) {}

  /** Records the event for every enabled endpoint subscribed to its type; returns its webhook-id. */
  async emit(tx: Queryable, type: WebhookEventType, payload: Record<string, unknown>): Promise<string> {
    const now = this.clock.now();
    const messageId = `msg_${newId().replaceAll('-', '')}`;
    await this.repo.insertMessage(tx, { id: messageId, eventType: type, payload, createdAt: now });
    const endpoints = await this.repo.endpointsFor(tx, type);
    for (const endpoint of endpoints) {
      const deliveryId = newId();
      await this.repo.insertDelivery(tx, {
        id: deliveryId, messageId, endpointId: endpoint.id, status: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now,
      });
      await this.jobs?.enqueue(tx, DELIVER_WEBHOOK_QUEUE, { deliveryId });
    }
    return messageId;
  }

  /** Queues an e-mail; the address is stored sealed and the message sent by a job after commit. */
  async email(tx: Queryable, message: OutboundEmail): Promise<string> {
    const id = newId();
    await this.repo.insertEmail(tx, {
      id, toSealed: seal(this.emailKey, message.to), subject: message.subject, body: message.body, status: 'pending',
      relatedType: message.related?.type ?? null, relatedId: message.related?.id ?? null, createdAt: this.clock.now(),
    });
    await this.jobs?.enqueue(tx, SEND_EMAIL_QUEUE, { emailId: id });
    return id;
  }
}
