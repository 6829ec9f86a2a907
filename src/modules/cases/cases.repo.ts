import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { reports } from '../reports/reports.schema.js';
import { caseItems, caseNotes, cases } from './cases.schema.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseItemRow = typeof caseItems.$inferSelect;
export type CaseNoteRow = typeof caseNotes.$inferSelect;

export const caseStatuses = ['open', 'in_review', 'escalated', 'waiting', 'resolved'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const OPEN_STATUSES: string[] = ['open', 'in_review', 'escalated', 'waiting'];

export class CasesRepo {
  /** The subject's open case, locked for the rest of the transaction (merging is serialised). */
  async openFor(db: Queryable, subjectType: string, subjectId: string): Promise<CaseRow | undefined> {
    const [row] = await db
      .select()
      .from(cases)
      .where(and(eq(cases.subjectType, subjectType), eq(cases.subjectId, subjectId), inArray(cases.status, OPEN_STATUSES)))
      .for('update');
    return row;
  }

  /** Serialises case creation per subject, so two first reports at once still make one case. */
  async lockSubject(db: Queryable, subjectType: string, subjectId: string): Promise<void> {
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${subjectType}:${subjectId}`}, 7210731004))`);
  }

  async byId(db: Queryable, id: string, forUpdate = false): Promise<CaseRow | undefined> {
    const q = db.select().from(cases).where(eq(cases.id, id));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row;
  }

  async insert(db: Queryable, row: typeof cases.$inferInsert): Promise<CaseRow> {
    const [inserted] = await db.insert(cases).values(row).returning();
    return inserted!;
  }

  async update(db: Queryable, id: string, changes: Partial<typeof cases.$inferInsert>): Promise<CaseRow> {
    const [row] = await db.update(cases).set(changes).where(eq(cases.id, id)).returning();
    return row!;
  }

  /** Of these dedupe keys, the ones an item already has, with that item's case. */
  async itemsWithKeys(db: Queryable, keys: string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map();
    const rows = await db.select({ key: caseItems.dedupeKey, caseId: caseItems.caseId }).from(caseItems).where(inArray(caseItems.dedupeKey, keys));
    return new Map(rows.map((r) => [r.key, r.caseId]));
  }

  /** Adds an item unless one with the same dedupe key exists; true when added. */
  async addItem(db: Queryable, row: typeof caseItems.$inferInsert): Promise<boolean> {
    const inserted = await db.insert(caseItems).values(row).onConflictDoNothing().returning({ id: caseItems.id });
    return inserted.length > 0;
  }

  async counts(db: Queryable, caseId: string): Promise<{ reporters: number; signals: number }> {
    const [row] = await db.select({
      reporters: sql<number>`(SELECT count(*)::int FROM ${reports} WHERE ${reports.caseId} = ${caseId})`,
      signals: sql<number>`(SELECT count(*)::int FROM ${caseItems} WHERE ${caseItems.caseId} = ${caseId})`,
    }).from(sql`(SELECT 1) AS one`);
    return { reporters: Number(row!.reporters), signals: Number(row!.signals) };
  }

  async itemsFor(db: Queryable, caseId: string): Promise<CaseItemRow[]> {
    return db.select().from(caseItems).where(eq(caseItems.caseId, caseId)).orderBy(caseItems.createdAt);
  }

  async notesFor(db: Queryable, caseId: string): Promise<CaseNoteRow[]> {
    return db.select().from(caseNotes).where(eq(caseNotes.caseId, caseId)).orderBy(caseNotes.createdAt);
  }

  async insertNote(db: Queryable, row: typeof caseNotes.$inferInsert): Promise<CaseNoteRow> {
    const [inserted] = await db.insert(caseNotes).values(row).returning();
    return inserted!;
  }

  async forSubject(db: Queryable, subjectType: string, subjectId: string): Promise<CaseRow[]> {
    return db.select().from(cases).where(and(eq(cases.subjectType, subjectType), eq(cases.subjectId, subjectId))).orderBy(cases.openedAt);
  }
}
