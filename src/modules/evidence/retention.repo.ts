import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { evidenceNcmecMarks, evidenceSchedules, legalHolds } from './holds.schema.js';

export type LegalHoldRow = typeof legalHolds.$inferSelect;
export type ScheduleRow = typeof evidenceSchedules.$inferSelect;

export interface RetentionRule {
  now: Date;
  days: number;
  ncmecDays: number;
}

export interface PurgeCounts {
  blobs: number;
  bytes: number;
  items: number;
  /** Items of deleted accounts kept past their retention because a hold covers them. */
  heldItems: number;
}

const rows = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** An item covered by an active hold: on its account (subject), or on its case. */
const held = (i: string): SQL => sql.raw(`EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND (
  (h.scope_type = 'account' AND ${i}.subject_type = 'account' AND h.scope_id = ${i}.subject_id)
  OR (h.scope_type = 'case' AND ${i}.case_id IS NOT NULL AND h.scope_id = ${i}.case_id::text)))`);

const reported = (i: string): SQL => sql.raw(`EXISTS (SELECT 1 FROM evidence_ncmec_marks m WHERE
  (m.scope_type = 'item' AND m.scope_id = ${i}.id::text)
  OR (m.scope_type = 'case' AND ${i}.case_id IS NOT NULL AND m.scope_id = ${i}.case_id::text))`);

/** Past retention: the item's account was deleted long enough ago (longer for NCMEC-reported material). */
const expired = (i: string, r: RetentionRule): SQL => sql`EXISTS (SELECT 1 FROM accounts a
  WHERE ${sql.raw(i)}.subject_type = 'account' AND a.external_id = ${sql.raw(i)}.subject_id AND a.deleted_at IS NOT NULL
    AND a.deleted_at + make_interval(days => CASE WHEN ${reported(i)} THEN greatest(${r.days}::int, ${r.ncmecDays}::int) ELSE ${r.days}::int END)
        <= ${r.now.toISOString()}::timestamptz)`;

/** What may be purged: an item past retention and under no active hold. */
const eligible = (i: string, r: RetentionRule): SQL => sql`(${expired(i, r)} AND NOT ${held(i)})`;

/** A blob is purged only when every item that references it is eligible (blobs are shared). */
const purgeable = (r: RetentionRule): SQL => sql`b.sealed IS NOT NULL
  AND EXISTS (SELECT 1 FROM evidence_items i WHERE i.blob_sha256 = b.sha256)
  AND NOT EXISTS (SELECT 1 FROM evidence_items i WHERE i.blob_sha256 = b.sha256 AND NOT ${eligible('i', r)})`;

export class RetentionRepo {
  async insertHold(db: Queryable, row: typeof legalHolds.$inferInsert): Promise<LegalHoldRow> {
    const [hold] = await db.insert(legalHolds).values(row).returning();
    return hold!;
  }

  async hold(db: Queryable, id: string, forUpdate = false): Promise<LegalHoldRow | undefined> {
    const q = db.select().from(legalHolds).where(eq(legalHolds.id, id));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row;
  }

  async releaseHold(db: Queryable, id: string, by: string, at: Date, reason: string): Promise<LegalHoldRow> {
    const [row] = await db.update(legalHolds).set({ releasedBy: by, releasedAt: at, releaseReason: reason }).where(eq(legalHolds.id, id)).returning();
    return row!;
  }

  async holds(db: Queryable, filter: { active?: boolean; scopeType?: string; scopeId?: string; limit: number; offset: number }): Promise<LegalHoldRow[]> {
    const where = and(
      filter.active === true ? isNull(legalHolds.releasedAt) : filter.active === false ? sql`${legalHolds.releasedAt} IS NOT NULL` : undefined,
      filter.scopeType ? eq(legalHolds.scopeType, filter.scopeType) : undefined,
      filter.scopeId ? eq(legalHolds.scopeId, filter.scopeId) : undefined,
    );
    return db.select().from(legalHolds).where(where).orderBy(desc(legalHolds.placedAt), desc(legalHolds.id)).limit(filter.limit).offset(filter.offset);
  }

  async activeHoldOn(db: Queryable, scopeType: string, scopeId: string): Promise<LegalHoldRow | undefined> {
    const [row] = await db.select().from(legalHolds)
      .where(and(eq(legalHolds.scopeType, scopeType), eq(legalHolds.scopeId, scopeId), isNull(legalHolds.releasedAt))).limit(1);
    return row;
  }

  /** Serialises placing holds on one scope, so two at once cannot both see "no hold yet". */
  async lockScope(db: Queryable, scopeType: string, scopeId: string): Promise<void> {
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`hold:${scopeType}:${scopeId}`}, 7210731009))`);
  }

  async insertMark(db: Queryable, row: typeof evidenceNcmecMarks.$inferInsert): Promise<void> {
    await db.insert(evidenceNcmecMarks).values(row);
  }

  /**
   * Purges in two statements: the first locks the candidate blobs (waiting for any transaction
   * that is preserving onto one of them), the second re-checks with a fresh snapshot, so an item
   * committed meanwhile (e.g. under a new hold) is seen. A later preservation of a purged blob
   * re-seals it (EvidenceRepo.insertBlob).
   */
  async purge(tx: Queryable, r: RetentionRule): Promise<PurgeCounts> {
    const candidates = rows<{ sha256: string }>(await tx.execute(sql`SELECT b.sha256 FROM evidence_blobs b WHERE ${purgeable(r)} FOR UPDATE OF b`));
    let purged: { sha256: string; size: number }[] = [];
    if (candidates.length) {
      const list = sql.join(candidates.map((c) => sql`${c.sha256}`), sql`, `);
      purged = rows(await tx.execute(sql`UPDATE evidence_blobs b SET sealed = NULL, purged_at = ${r.now.toISOString()}::timestamptz
        WHERE b.sha256 IN (${list}) AND ${purgeable(r)} RETURNING b.sha256, b.size`));
    }
    let items = 0;
    if (purged.length) {
      const list = sql.join(purged.map((c) => sql`${c.sha256}`), sql`, `);
      items = Number(rows<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM evidence_items WHERE blob_sha256 IN (${list})`))[0]?.n ?? 0);
    }
    const heldItems = Number(rows<{ n: number }>(await tx.execute(sql`SELECT count(*)::int AS n FROM evidence_items i
      JOIN evidence_blobs b ON b.sha256 = i.blob_sha256 WHERE b.sealed IS NOT NULL AND ${expired('i', r)} AND ${held('i')}`))[0]?.n ?? 0);
    return { blobs: purged.length, bytes: purged.reduce((n, p) => n + Number(p.size), 0), items, heldItems };
  }

  async schedule(db: Queryable, name: string): Promise<ScheduleRow | undefined> {
    const [row] = await db.select().from(evidenceSchedules).where(eq(evidenceSchedules.name, name)).for('update');
    return row;
  }

  async lockSchedules(db: Queryable): Promise<void> {
    await db.execute(sql`SELECT pg_advisory_xact_lock(7210731010)`);
  }

  async saveSchedule(db: Queryable, row: ScheduleRow): Promise<void> {
    await db.insert(evidenceSchedules).values(row).onConflictDoUpdate({
      target: evidenceSchedules.name, set: { jobId: row.jobId, nextRunAt: row.nextRunAt, lastRunAt: row.lastRunAt },
    });
  }
}
