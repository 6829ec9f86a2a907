import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { moderationActions } from '../actions/actions.schema.js';
import { cases } from './cases.schema.js';
import { OPEN_STATUSES, type CaseRow } from './cases.repo.js';

export interface QueueFilter {
  statuses: string[];
  categories?: string[];
  /** A staff id, or 'none' for unassigned. */
  assignee?: string;
  overdueAt?: Date;
  after?: { queueKey: Date; id: string };
  limit: number;
}

export class QueueRepo {
  /** One page of the queue in priority order; keyset-paged on (queue_key, id), which is indexed. */
  async page(db: Queryable, f: QueueFilter): Promise<CaseRow[]> {
    const where: SQL[] = [inArray(cases.status, f.statuses)];
    if (f.categories?.length) where.push(inArray(cases.category, f.categories));
    if (f.assignee === 'none') where.push(isNull(cases.assigneeId));
    else if (f.assignee) where.push(eq(cases.assigneeId, f.assignee));
    if (f.overdueAt) where.push(lt(cases.slaDueAt, f.overdueAt));
    if (f.after) {
      where.push(or(gt(cases.queueKey, f.after.queueKey), and(eq(cases.queueKey, f.after.queueKey), gt(cases.id, f.after.id)))!);
    }
    return db.select().from(cases).where(and(...where)).orderBy(asc(cases.queueKey), asc(cases.id)).limit(f.limit);
  }

  /** Takes the case for `staffId` unless someone else holds it: the update is the lock. */
  async claim(db: Queryable, id: string, staffId: string, at: Date): Promise<CaseRow | undefined> {
    const [row] = await db
      .update(cases)
      .set({ assigneeId: staffId, claimedAt: at, status: sql`CASE WHEN ${cases.status} = 'open' THEN 'in_review' ELSE ${cases.status} END`, updatedAt: at })
      .where(and(eq(cases.id, id), inArray(cases.status, OPEN_STATUSES), or(isNull(cases.assigneeId), eq(cases.assigneeId, staffId))))
      .returning();
    return row;
  }

  /**
   * The most urgent unassigned open case, claimed for `staffId`. SKIP LOCKED lets many moderators
   * pull at once without waiting on each other or ever getting the same case.
   */
  async claimNext(db: Queryable, staffId: string, at: Date, categories?: string[]): Promise<CaseRow | undefined> {
    const categoryFilter = categories?.length ? sql`AND category IN (${sql.join(categories.map((c) => sql`${c}`), sql`, `)})` : sql``;
    const picked = await db.execute(sql`
      SELECT id FROM cases
       WHERE status = 'open' AND assignee_id IS NULL ${categoryFilter}
       ORDER BY queue_key, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED`);
    const id = (picked as unknown as { rows: { id: string }[] }).rows[0]?.id;
    return id ? this.claim(db, id, staffId, at) : undefined;
  }

  async actionsFor(db: Queryable, caseId: string) {
    return db.select().from(moderationActions).where(eq(moderationActions.caseId, caseId)).orderBy(moderationActions.decidedAt);
  }
}
