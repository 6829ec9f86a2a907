import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { caseItems, cases } from './cases.schema.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseItemRow = typeof caseItems.$inferSelect;

export const OPEN_STATUSES = ['open', 'in_review', 'escalated', 'waiting'];

export class CasesRepo {
  async openFor(db: Queryable, subjectType: string, subjectId: string): Promise<CaseRow | undefined> {
    const [row] = await db
      .select()
      .from(cases)
      .where(and(eq(cases.subjectType, subjectType), eq(cases.subjectId, subjectId), inArray(cases.status, OPEN_STATUSES)))
      .for('update');
    return row;
  }

  async insert(db: Queryable, row: typeof cases.$inferInsert): Promise<CaseRow> {
    const [inserted] = await db.insert(cases).values(row).returning();
    return inserted!;
  }

  async touch(db: Queryable, id: string, changes: Partial<typeof cases.$inferInsert>): Promise<void> {
    await db.update(cases).set(changes).where(eq(cases.id, id));
  }

  /** Adds an item unless one with the same dedupe key exists; true when added. */
  async addItem(db: Queryable, row: typeof caseItems.$inferInsert): Promise<boolean> {
    const inserted = await db.insert(caseItems).values(row).onConflictDoNothing().returning({ id: caseItems.id });
    return inserted.length > 0;
  }

  async itemsFor(db: Queryable, caseId: string): Promise<CaseItemRow[]> {
    return db.select().from(caseItems).where(eq(caseItems.caseId, caseId)).orderBy(caseItems.createdAt);
  }

  async forSubject(db: Queryable, subjectType: string, subjectId: string): Promise<CaseRow[]> {
    return db.select().from(cases).where(and(eq(cases.subjectType, subjectType), eq(cases.subjectId, subjectId))).orderBy(cases.openedAt);
  }
}
