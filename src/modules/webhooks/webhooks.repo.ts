import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { jobRuns } from '../../jobs/jobs.schema.js';
import type { Queryable } from '../../storage/db.js';
import { outboundEmails, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookMessages } from './webhooks.schema.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;
export type MessageRow = typeof webhookMessages.$inferSelect;
export type EmailRow = typeof outboundEmails.$inferSelect;
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** A delivery with its message's event type, as the log lists it. */
export type DeliveryListRow = DeliveryRow & { eventType: string };

export interface DeliveryFilter {
  endpointId?: string;
  status?: DeliveryStatus;
  messageId?: string;
  /** Keyset cursor: rows strictly older than this (created_at, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  messageId: webhookDeliveries.messageId,
  endpointId: webhookDeliveries.endpointId,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  succeededAt: webhookDeliveries.succeededAt,
  createdAt: webhookDeliveries.createdAt,
  eventType: webhookMessages.eventType,
};

export class WebhooksRepo {
  // Endpoints

  async insertEndpoint(db: Queryable, row: typeof webhookEndpoints.$inferInsert): Promise<EndpointRow> {
    const [inserted] = await db.insert(webhookEndpoints).values(row).returning();
    return inserted!;
  }

  async endpointById(db: Queryable, id: string, forUpdate = false): Promise<EndpointRow | undefined> {
    const query = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async listEndpoints(db: Queryable, limit: number, offset: number): Promise<EndpointRow[]> {
    return db.select().from(webhookEndpoints).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id)).limit(limit).offset(offset);
  }

  async updateEndpoint(db: Queryable, id: string, changes: Partial<typeof webhookEndpoints.$inferInsert>): Promise<EndpointRow | undefined> {
    const [row] = await db.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, id)).returning();
    return row;
  }

  async deleteEndpoint(db: Queryable, id: string): Promise<void> {
    await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  }

  /** Ends an endpoint's pending deliveries (it was deleted); returns how many. */
  async failPendingOf(db: Queryable, endpointId: string, error: string): Promise<number> {
    const rows = await db
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lastError: error })
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')))
      .returning({ id: webhookDeliveries.id });
    return rows.length;
  }

  // Deliveries

  async deliveryById(db: Queryable, id: string, forUpdate = false): Promise<DeliveryRow | undefined> {
    const query = db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async deliveryWithType(db: Queryable, id: string): Promise<DeliveryListRow | undefined> {
    const [row] = await db
      .select(deliveryColumns)
      .from(webhookDeliveries)
      .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
      .where(eq(webhookDeliveries.id, id));
    return row;
  }

  /** Newest first, by (created_at, id): a keyset that stays fast at any depth. */
  async listDeliveries(db: Queryable, f: DeliveryFilter): Promise<DeliveryListRow[]> {
    const where: SQL[] = [];
    if (f.endpointId) where.push(eq(webhookDeliveries.endpointId, f.endpointId));
    if (f.status) where.push(eq(webhookDeliveries.status, f.status));
    if (f.messageId) where.push(eq(webhookDeliveries.messageId, f.messageId));
    if (f.before) {
      where.push(sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${f.before.createdAt}, ${f.before.id})`);
    }
    return db
      .select(deliveryColumns)
      .from(webhookDeliveries)
      .innerJoin(webhookMessages, eq(webhookMessages.id, webhookDeliveries.messageId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(f.limit);
  }

  async updateDelivery(db: Queryable, id: string, changes: Partial<typeof webhookDeliveries.$inferInsert>): Promise<void> {
    await db.update(webhookDeliveries).set(changes).where(eq(webhookDeliveries.id, id));
  }

  async insertAttempt(db: Queryable, row: typeof webhookAttempts.$inferInsert): Promise<void> {
    await db.insert(webhookAttempts).values(row);
  }

  /** Attempts of these deliveries, oldest first. */
  async attemptsOf(db: Queryable, deliveryIds: string[]): Promise<AttemptRow[]> {
    if (deliveryIds.length === 0) return [];
    return db
      .select()
      .from(webhookAttempts)
      .where(inArray(webhookAttempts.deliveryId, deliveryIds))
      .orderBy(asc(webhookAttempts.attemptedAt), asc(webhookAttempts.id));
  }

  async messageById(db: Queryable, id: string): Promise<MessageRow | undefined> {
    const [row] = await db.select().from(webhookMessages).where(eq(webhookMessages.id, id));
    return row;
  }

  // E-mails

  async emailById(db: Queryable, id: string, forUpdate = false): Promise<EmailRow | undefined> {
    const query = db.select().from(outboundEmails).where(eq(outboundEmails.id, id));
    const [row] = forUpdate ? await query.for('update') : await query;
    return row;
  }

  async updateEmail(db: Queryable, id: string, changes: Partial<typeof outboundEmails.$inferInsert>): Promise<void> {
    await db.update(outboundEmails).set(changes).where(eq(outboundEmails.id, id));
  }

  // Jobs

  /** Whether a job already committed its effects (runJobOnce's marker): then it must not send again. */
  async jobDone(db: Queryable, jobId: string): Promise<boolean> {
    const rows = await db.select({ jobId: jobRuns.jobId }).from(jobRuns).where(eq(jobRuns.jobId, jobId));
    return rows.length > 0;
  }
}
