import { desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { policyVersions } from './policy.schema.js';

export type PolicyVersionRow = typeof policyVersions.$inferSelect;

/** Serialises policy saves so versions are gap-free and each diff is against its predecessor. */
const POLICY_LOCK_KEY = 7_210_731_003;

export class PolicyRepo {
  async latest(db: Queryable): Promise<PolicyVersionRow | undefined> {
    const [row] = await db.select().from(policyVersions).orderBy(desc(policyVersions.version)).limit(1);
    return row;
  }

  async byVersion(db: Queryable, version: number): Promise<PolicyVersionRow | undefined> {
    const [row] = await db.select().from(policyVersions).where(eq(policyVersions.version, version));
    return row;
  }

  async history(db: Queryable, limit: number, beforeVersion?: number): Promise<PolicyVersionRow[]> {
    return db
      .select()
      .from(policyVersions)
      .where(beforeVersion === undefined ? undefined : sql`${policyVersions.version} < ${beforeVersion}`)
      .orderBy(desc(policyVersions.version))
      .limit(limit);
  }

  async lockForSave(tx: Queryable): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${POLICY_LOCK_KEY})`);
  }

  async insert(tx: Queryable, row: typeof policyVersions.$inferInsert): Promise<PolicyVersionRow> {
    const [inserted] = await tx.insert(policyVersions).values(row).returning();
    return inserted!;
  }
}
