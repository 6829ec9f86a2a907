import { asc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { staff } from './staff.schema.js';

export type StaffRow = typeof staff.$inferSelect;
export type NewStaffRow = typeof staff.$inferInsert;

export class StaffRepo {
  async insert(db: Queryable, row: NewStaffRow): Promise<StaffRow> {
    const [inserted] = await db.insert(staff).values(row).returning();
    return inserted!;
  }

  async byId(db: Queryable, id: string): Promise<StaffRow | undefined> {
    const [row] = await db.select().from(staff).where(eq(staff.id, id));
    return row;
  }

  async byEmail(db: Queryable, email: string): Promise<StaffRow | undefined> {
    const [row] = await db.select().from(staff).where(eq(staff.email, email));
    return row;
  }

  /** Locks the row for the rest of the transaction (sign-in counters, role changes). */
  async byIdForUpdate(db: Queryable, id: string): Promise<StaffRow | undefined> {
    const [row] = await db.select().from(staff).where(eq(staff.id, id)).for('update');
    return row;
  }

  async list(db: Queryable, limit: number, offset: number): Promise<StaffRow[]> {
    return db.select().from(staff).orderBy(asc(staff.email)).limit(limit).offset(offset);
  }

  async update(db: Queryable, id: string, changes: Partial<NewStaffRow>): Promise<StaffRow | undefined> {
    const [row] = await db.update(staff).set(changes).where(eq(staff.id, id)).returning();
    return row;
  }

  async countActiveByRole(db: Queryable, role: string): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(staff)
      .where(sql`${staff.role} = ${role} AND ${staff.status} = 'active'`);
    return row?.n ?? 0;
  }
}
