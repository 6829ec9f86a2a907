import { and, desc, eq, lt, ne, or } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { mediaChecks } from './media.schema.js';

export type MediaCheckRow = typeof mediaChecks.$inferSelect;

export class MediaRepo {
  async insertCheck(db: Queryable, row: typeof mediaChecks.$inferInsert): Promise<void> {
    await db.insert(mediaChecks).values(row);
  }

  /** The newest check of the platform's content id: its hashes feed the confirmed bank on removal. */
  async latestForContent(db: Queryable, contentId: string): Promise<MediaCheckRow | undefined> {
    const [row] = await db.select().from(mediaChecks).where(eq(mediaChecks.contentId, contentId)).orderBy(desc(mediaChecks.checkedAt)).limit(1);
    return row;
  }

  /** The match log: checks that matched a bank, newest first, keyset-paged by (checked_at, id). */
  async matches(db: Queryable, limit: number, before?: { at: Date; id: string }): Promise<MediaCheckRow[]> {
    const page = before
      ? or(lt(mediaChecks.checkedAt, before.at), and(eq(mediaChecks.checkedAt, before.at), lt(mediaChecks.id, before.id)))
      : undefined;
    return db.select().from(mediaChecks)
      .where(and(ne(mediaChecks.verdict, 'allow'), page))
      .orderBy(desc(mediaChecks.checkedAt), desc(mediaChecks.id)).limit(limit);
  }
}
