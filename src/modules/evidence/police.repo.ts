import { desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { policeRequestExports, policeRequests } from './holds.schema.js';

export type PoliceRequestRow = typeof policeRequests.$inferSelect;
export type PoliceExportRow = typeof policeRequestExports.$inferSelect;

export class PoliceRepo {
  async insert(db: Queryable, row: typeof policeRequests.$inferInsert): Promise<PoliceRequestRow> {
    const [inserted] = await db.insert(policeRequests).values(row).returning();
    return inserted!;
  }

  async byId(db: Queryable, id: string, forUpdate = false): Promise<PoliceRequestRow | undefined> {
    const q = db.select().from(policeRequests).where(eq(policeRequests.id, id));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row;
  }

  async update(db: Queryable, id: string, changes: Partial<typeof policeRequests.$inferInsert>): Promise<PoliceRequestRow> {
    const [row] = await db.update(policeRequests).set(changes).where(eq(policeRequests.id, id)).returning();
    return row!;
  }

  async list(db: Queryable, filter: { status?: string; limit: number; offset: number }): Promise<PoliceRequestRow[]> {
    return db.select().from(policeRequests)
      .where(filter.status ? eq(policeRequests.status, filter.status) : undefined)
      .orderBy(desc(policeRequests.receivedAt), desc(policeRequests.id)).limit(filter.limit).offset(filter.offset);
  }

  async insertExport(db: Queryable, row: typeof policeRequestExports.$inferInsert): Promise<void> {
    await db.insert(policeRequestExports).values(row);
  }

  /** The exports of these requests, oldest first. */
  async exportsFor(db: Queryable, requestIds: string[]): Promise<PoliceExportRow[]> {
    if (!requestIds.length) return [];
    return db.select().from(policeRequestExports).where(inArray(policeRequestExports.requestId, requestIds))
      .orderBy(policeRequestExports.exportedAt, policeRequestExports.id);
  }
}
