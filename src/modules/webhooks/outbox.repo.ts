import { and, arrayContains, eq } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { outboundEmails, webhookDeliveries, webhookEndpoints, webhookMessages } from './webhooks.schema.js';

export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export class OutboxRepo {
  async insertMessage(db: Queryable, row: typeof webhookMessages.$inferInsert): Promise<void> {
    await db.insert(webhookMessages).values(row);
  }

  async endpointsFor(db: Queryable, eventType: string): Promise<EndpointRow[]> {
    return db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), arrayContains(webhookEndpoints.eventTypes, [eventType])));
  }

  async insertDelivery(db: Queryable, row: typeof webhookDeliveries.$inferInsert): Promise<void> {
    await db.insert(webhookDeliveries).values(row);
  }

  async insertEmail(db: Queryable, row: typeof outboundEmails.$inferInsert): Promise<void> {
    await db.insert(outboundEmails).values(row);
  }
}
