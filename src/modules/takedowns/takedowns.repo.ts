import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { takedownRequests } from './takedowns.schema.js';

export type TakedownRow = typeof takedownRequests.$inferSelect;

export class TakedownsRepo {
  async insert(db: Queryable, row: typeof takedownRequests.$inferInsert): Promise<TakedownRow> {
    const [inserted] = await db.insert(takedownRequests).values(row).returning();
    return inserted!;
  }

  async byDigest(db: Queryable, codeDigest: string): Promise<TakedownRow | undefined> {
    const [row] = await db.select().from(takedownRequests).where(eq(takedownRequests.codeDigest, codeDigest));
    return row;
  }

  async byId(db: Queryable, id: string, lock = false): Promise<TakedownRow | undefined> {
    const q = db.select().from(takedownRequests).where(eq(takedownRequests.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  async update(db: Queryable, id: string, changes: Partial<typeof takedownRequests.$inferInsert>): Promise<TakedownRow> {
    const [row] = await db.update(takedownRequests).set(changes).where(eq(takedownRequests.id, id)).returning();
    return row!;
  }

  /** Open ones first, by priority, then the oldest. */
  async list(db: Queryable, statuses: string[] | undefined, limit: number, offset: number): Promise<TakedownRow[]> {
    return db.select().from(takedownRequests)
      .where(statuses ? and(inArray(takedownRequests.status, statuses)) : undefined)
      .orderBy(desc(takedownRequests.priority), takedownRequests.receivedAt, takedownRequests.id)
      .limit(limit).offset(offset);
  }
}
