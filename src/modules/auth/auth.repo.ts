import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { staff, staffSessions } from '../staff/staff.schema.js';

export type SessionRow = typeof staffSessions.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;

export class SessionRepo {
  async insert(db: Queryable, row: typeof staffSessions.$inferInsert): Promise<void> {
    await db.insert(staffSessions).values(row);
  }

  async withStaff(db: Queryable, tokenHash: string): Promise<{ session: SessionRow; staff: StaffRow } | undefined> {
    const [row] = await db
      .select({ session: staffSessions, staff })
      .from(staffSessions)
      .innerJoin(staff, eq(staff.id, staffSessions.staffId))
      .where(eq(staffSessions.tokenHash, tokenHash));
    return row;
  }

  async update(db: Queryable, tokenHash: string, changes: Partial<typeof staffSessions.$inferInsert>): Promise<void> {
    await db.update(staffSessions).set(changes).where(eq(staffSessions.tokenHash, tokenHash));
  }

  async revokeAllFor(db: Queryable, staffId: string, at: Date): Promise<void> {
    await db
      .update(staffSessions)
      .set({ revokedAt: at })
      .where(and(eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)));
  }
}
