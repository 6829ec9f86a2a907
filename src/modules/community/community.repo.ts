import { desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { accountLogins, accounts } from './community.schema.js';

export type AccountRow = typeof accounts.$inferSelect;
export type LoginRow = typeof accountLogins.$inferSelect;

export class CommunityRepo {
  async byExternalId(db: Queryable, externalId: string): Promise<AccountRow | undefined> {
    const [row] = await db.select().from(accounts).where(eq(accounts.externalId, externalId));
    return row;
  }

  async recentLogins(db: Queryable, accountId: string, limit: number): Promise<LoginRow[]> {
    return db.select().from(accountLogins).where(eq(accountLogins.accountId, accountId)).orderBy(desc(accountLogins.occurredAt)).limit(limit);
  }

  /** Inserts the accounts not already known; returns the ids of those inserted. */
  async insertAccounts(db: Queryable, rows: (typeof accounts.$inferInsert)[]): Promise<string[]> {
    if (!rows.length) return [];
    const inserted = await db.insert(accounts).values(rows).onConflictDoNothing().returning({ id: accounts.id });
    return inserted.map((r) => r.id);
  }

  async insertLogins(db: Queryable, rows: (typeof accountLogins.$inferInsert)[]): Promise<void> {
    if (rows.length) await db.insert(accountLogins).values(rows).onConflictDoNothing();
  }

  async count(db: Queryable): Promise<number> {
    return db.$count(accounts);
  }
}
