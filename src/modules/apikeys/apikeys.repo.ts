import { desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { apiKeys } from './apikeys.schema.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export class ApiKeyRepo {
  async insert(db: Queryable, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
    const [inserted] = await db.insert(apiKeys).values(row).returning();
    return inserted!;
  }

  async byPrefix(db: Queryable, prefix: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix));
    return row;
  }

  async byId(db: Queryable, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    return row;
  }

  async list(db: Queryable, limit: number, offset: number): Promise<ApiKeyRow[]> {
    return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt)).limit(limit).offset(offset);
  }

  async update(db: Queryable, id: string, changes: Partial<typeof apiKeys.$inferInsert>): Promise<ApiKeyRow | undefined> {
    const [row] = await db.update(apiKeys).set(changes).where(eq(apiKeys.id, id)).returning();
    return row;
  }
}
