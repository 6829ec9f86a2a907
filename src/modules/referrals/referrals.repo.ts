import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { jobRuns } from '../../jobs/jobs.schema.js';
import type { Queryable } from '../../storage/db.js';
import { accountLogins, accounts } from '../community/community.schema.js';
import { referralResponses, referrals } from './referrals.schema.js';

export type ReferralRow = typeof referrals.$inferSelect;
export type ReferralResponseRow = typeof referralResponses.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type LoginRow = typeof accountLogins.$inferSelect;

/** How much login history a report or package carries. */
const LOGIN_HISTORY = 200;

export class ReferralsRepo {
  async insert(db: Queryable, row: typeof referrals.$inferInsert): Promise<ReferralRow> {
    const [inserted] = await db.insert(referrals).values(row).returning();
    return inserted!;
  }

  async byId(db: Queryable, id: string, forUpdate = false): Promise<ReferralRow | undefined> {
    const q = db.select().from(referrals).where(eq(referrals.id, id));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row;
  }

  async update(db: Queryable, id: string, changes: Partial<typeof referrals.$inferInsert>): Promise<ReferralRow> {
    const [row] = await db.update(referrals).set(changes).where(eq(referrals.id, id)).returning();
    return row!;
  }

  /** Most recently changed first, keyset-paged by (updated_at, id) after `before`. */
  async list(db: Queryable, f: { caseId?: string; status?: string; kind?: string; limit: number; before?: { at: Date; id: string } }): Promise<ReferralRow[]> {
    const where: SQL[] = [];
    if (f.caseId) where.push(eq(referrals.caseId, f.caseId));
    if (f.status) where.push(eq(referrals.status, f.status));
    if (f.kind) where.push(eq(referrals.kind, f.kind));
    if (f.before) where.push(or(lt(referrals.updatedAt, f.before.at), and(eq(referrals.updatedAt, f.before.at), lt(referrals.id, f.before.id)))!);
    return db.select().from(referrals).where(where.length ? and(...where) : undefined)
      .orderBy(desc(referrals.updatedAt), desc(referrals.id)).limit(f.limit);
  }

  async insertResponse(db: Queryable, row: typeof referralResponses.$inferInsert): Promise<void> {
    await db.insert(referralResponses).values(row);
  }

  async responses(db: Queryable, referralId: string): Promise<ReferralResponseRow[]> {
    return db.select().from(referralResponses).where(eq(referralResponses.referralId, referralId)).orderBy(referralResponses.at, referralResponses.id);
  }

  /** Whether a job's effects already committed (runJobOnce's marker). */
  async jobDone(db: Queryable, jobId: string): Promise<boolean> {
    const [row] = await db.select({ jobId: jobRuns.jobId }).from(jobRuns).where(eq(jobRuns.jobId, jobId));
    return Boolean(row);
  }

  async account(db: Queryable, externalId: string): Promise<AccountRow | undefined> {
    const [row] = await db.select().from(accounts).where(eq(accounts.externalId, externalId));
    return row;
  }

  /** Newest first. */
  async logins(db: Queryable, accountId: string): Promise<LoginRow[]> {
    return db.select().from(accountLogins).where(eq(accountLogins.accountId, accountId)).orderBy(desc(accountLogins.occurredAt)).limit(LOGIN_HISTORY);
  }
}
