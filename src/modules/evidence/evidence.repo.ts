import { and, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { evidenceBlobs, evidenceItems } from './evidence.schema.js';

export type EvidenceItemRow = typeof evidenceItems.$inferSelect;
export type EvidenceBlobRow = typeof evidenceBlobs.$inferSelect;

export class EvidenceRepo {
  /**
   * Content-addressed: the same bytes are stored once; a second preservation only adds an item.
   * Bytes preserved again after their blob was purged are sealed again: the new item needs them.
   */
  async insertBlob(db: Queryable, row: typeof evidenceBlobs.$inferInsert): Promise<void> {
    await db.insert(evidenceBlobs).values(row).onConflictDoUpdate({
      target: evidenceBlobs.sha256,
      set: { sealed: sql`excluded.sealed`, keyId: sql`excluded.key_id`, purgedAt: null },
      where: isNull(evidenceBlobs.sealed),
    });
  }

  async insertItem(db: Queryable, row: typeof evidenceItems.$inferInsert): Promise<EvidenceItemRow> {
    const [item] = await db.insert(evidenceItems).values(row).returning();
    return item!;
  }

  /** Sealed blobs under another key than the current one, locked, for re-sealing after a rotation. */
  async sealedUnderOtherKeys(db: Queryable, currentKeyId: string, limit: number): Promise<EvidenceBlobRow[]> {
    return db.select().from(evidenceBlobs)
      .where(and(sql`${evidenceBlobs.sealed} IS NOT NULL`, sql`${evidenceBlobs.keyId} <> ${currentKeyId}`))
      .orderBy(evidenceBlobs.sha256).limit(limit).for('update', { skipLocked: true });
  }

  async reseal(db: Queryable, sha256: string, keyId: string, sealed: Buffer): Promise<void> {
    await db.update(evidenceBlobs).set({ keyId, sealed }).where(and(eq(evidenceBlobs.sha256, sha256), sql`${evidenceBlobs.sealed} IS NOT NULL`));
  }

  async item(db: Queryable, id: string): Promise<EvidenceItemRow | undefined> {
    const [row] = await db.select().from(evidenceItems).where(eq(evidenceItems.id, id));
    return row;
  }

  async blob(db: Queryable, sha256: string): Promise<EvidenceBlobRow | undefined> {
    const [row] = await db.select().from(evidenceBlobs).where(eq(evidenceBlobs.sha256, sha256));
    return row;
  }

  async forSubject(db: Queryable, subjectType: string, subjectId: string, limit = 200): Promise<EvidenceItemRow[]> {
    return db.select().from(evidenceItems)
      .where(and(eq(evidenceItems.subjectType, subjectType), eq(evidenceItems.subjectId, subjectId)))
      .orderBy(desc(evidenceItems.createdAt)).limit(limit);
  }

  /** A police request's items: about its accounts or in its cases, preserved within the range. */
  async forScope(db: Queryable, scope: { accounts: string[]; cases: string[]; from?: Date | null; to?: Date | null }, limit: number): Promise<EvidenceItemRow[]> {
    const about = or(
      scope.accounts.length ? and(eq(evidenceItems.subjectType, 'account'), inArray(evidenceItems.subjectId, scope.accounts)) : undefined,
      scope.cases.length ? inArray(evidenceItems.caseId, scope.cases) : undefined,
    );
    if (!about) return [];
    return db.select().from(evidenceItems)
      .where(and(about, scope.from ? gte(evidenceItems.createdAt, scope.from) : undefined, scope.to ? lte(evidenceItems.createdAt, scope.to) : undefined))
      .orderBy(evidenceItems.createdAt, evidenceItems.id).limit(limit);
  }

  async forCase(db: Queryable, caseId: string, limit = 200): Promise<EvidenceItemRow[]> {
    return db.select().from(evidenceItems).where(eq(evidenceItems.caseId, caseId)).orderBy(desc(evidenceItems.createdAt)).limit(limit);
  }
}
