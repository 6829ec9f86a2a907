import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { evidenceBlobs, evidenceItems } from './evidence.schema.js';

export type EvidenceItemRow = typeof evidenceItems.$inferSelect;
export type EvidenceBlobRow = typeof evidenceBlobs.$inferSelect;

export class EvidenceRepo {
  /** Content-addressed: the same bytes are stored once; a second preservation only adds an item. */
  async insertBlob(db: Queryable, row: typeof evidenceBlobs.$inferInsert): Promise<void> {
    await db.insert(evidenceBlobs).values(row).onConflictDoNothing();
  }

  async insertItem(db: Queryable, row: typeof evidenceItems.$inferInsert): Promise<EvidenceItemRow> {
    const [item] = await db.insert(evidenceItems).values(row).returning();
    return item!;
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

  async forCase(db: Queryable, caseId: string, limit = 200): Promise<EvidenceItemRow[]> {
    return db.select().from(evidenceItems).where(eq(evidenceItems.caseId, caseId)).orderBy(desc(evidenceItems.createdAt)).limit(limit);
  }
}
