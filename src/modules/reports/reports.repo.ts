import { and, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { reports, trustedFlaggerMembers, trustedFlaggerOrgs } from './reports.schema.js';

export type ReportRow = typeof reports.$inferSelect;
export type OrgRow = typeof trustedFlaggerOrgs.$inferSelect;

export class ReportsRepo {
  /** Inserts, or when this reporter already reported on this case, counts a duplicate. */
  async insertOrCount(db: Queryable, row: typeof reports.$inferInsert): Promise<{ report: ReportRow; duplicate: boolean }> {
    const inserted = await db.insert(reports).values(row).onConflictDoNothing().returning();
    if (inserted[0]) return { report: inserted[0], duplicate: false };
    const [existing] = await db
      .update(reports)
      .set({ duplicates: sql`${reports.duplicates} + 1` })
      .where(and(eq(reports.caseId, row.caseId), eq(reports.reporterKey, row.reporterKey)))
      .returning();
    return { report: existing!, duplicate: true };
  }

  /** Reports this reporter filed since then, repeats included: a flood is refused even when it merges. */
  async recentBy(db: Queryable, reporterKey: string, since: Date): Promise<number> {
    const [row] = await db
      .select({ n: sql<number>`(count(*) + coalesce(sum(${reports.duplicates}), 0))::int` })
      .from(reports)
      .where(and(eq(reports.reporterKey, reporterKey), gt(reports.receivedAt, since)));
    return Number(row?.n ?? 0);
  }

  async byReceipt(db: Queryable, receiptCode: string): Promise<ReportRow | undefined> {
    const [row] = await db.select().from(reports).where(eq(reports.receiptCode, receiptCode));
    return row;
  }

  async forCase(db: Queryable, caseId: string): Promise<ReportRow[]> {
    return db.select().from(reports).where(eq(reports.caseId, caseId)).orderBy(reports.receivedAt);
  }

  /** The verified, unrevoked organisation this member flags for, if any. */
  async flaggerOrgOf(db: Queryable, memberExternalId: string): Promise<OrgRow | undefined> {
    const [row] = await db
      .select({ org: trustedFlaggerOrgs })
      .from(trustedFlaggerMembers)
      .innerJoin(trustedFlaggerOrgs, eq(trustedFlaggerOrgs.id, trustedFlaggerMembers.orgId))
      .where(and(eq(trustedFlaggerMembers.memberExternalId, memberExternalId), isNotNull(trustedFlaggerOrgs.verifiedAt), isNull(trustedFlaggerOrgs.revokedAt)));
    return row?.org;
  }

  async orgById(db: Queryable, id: string): Promise<OrgRow | undefined> {
    const [row] = await db.select().from(trustedFlaggerOrgs).where(eq(trustedFlaggerOrgs.id, id));
    return row;
  }

  async insertOrg(db: Queryable, row: typeof trustedFlaggerOrgs.$inferInsert): Promise<OrgRow> {
    const [inserted] = await db.insert(trustedFlaggerOrgs).values(row).returning();
    return inserted!;
  }

  async updateOrg(db: Queryable, id: string, changes: Partial<typeof trustedFlaggerOrgs.$inferInsert>): Promise<OrgRow | undefined> {
    const [row] = await db.update(trustedFlaggerOrgs).set(changes).where(eq(trustedFlaggerOrgs.id, id)).returning();
    return row;
  }

  async addMember(db: Queryable, orgId: string, memberExternalId: string, at: Date): Promise<boolean> {
    const inserted = await db.insert(trustedFlaggerMembers).values({ orgId, memberExternalId, verifiedAt: at }).onConflictDoNothing().returning();
    return inserted.length > 0;
  }

  /** Each organisation with its members and how its decided reports turned out (accuracy). */
  async orgsWithAccuracy(db: Queryable) {
    // Qualified by hand: Drizzle renders a lone column unqualified, which a subquery would bind to its own table.
    const org = sql.raw('"trusted_flagger_orgs"."id"');
    return db
      .select({
        org: trustedFlaggerOrgs,
        members: sql<number>`(SELECT count(*)::int FROM ${trustedFlaggerMembers} m WHERE m.org_id = ${org})`,
        reports: sql<number>`(SELECT count(*)::int FROM ${reports} r WHERE r.trusted_flagger_org_id = ${org})`,
        upheld: sql<number>`(SELECT count(*)::int FROM ${reports} r WHERE r.trusted_flagger_org_id = ${org} AND r.outcome = 'upheld')`,
        decided: sql<number>`(SELECT count(*)::int FROM ${reports} r WHERE r.trusted_flagger_org_id = ${org} AND r.outcome IS NOT NULL)`,
      })
      .from(trustedFlaggerOrgs)
      .orderBy(trustedFlaggerOrgs.name);
  }
}
