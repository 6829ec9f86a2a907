import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { caseItems, cases } from '../cases/cases.schema.js';
import { accounts } from '../community/community.schema.js';
import { reports } from '../reports/reports.schema.js';
import { appeals, communityRules, moderationActions, strikes } from './actions.schema.js';

export type RuleRow = typeof communityRules.$inferSelect;
export type ActionRow = typeof moderationActions.$inferSelect;
export type StrikeRow = typeof strikes.$inferSelect;
export type AppealRow = typeof appeals.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type ReportRow = typeof reports.$inferSelect;

/** The parts of a report a decision needs: where it came from and how to tell its reporter. */
export interface ReportForOutcome {
  id: string;
  source: string;
  reporterExternalId: string | null;
  reporterEmailSealed: string | null;
  receiptCode: string;
}

const OPEN_CASE_STATUSES = ['open', 'in_review', 'escalated', 'waiting'];

/**
 * Every query of the decisions module. The cases, reports and accounts tables belong to other
 * modules; this repository reads a case and sets its status and resolution, sets reports'
 * outcome, and sets an account's restriction, always in the caller's transaction.
 */
export class ActionsRepo {
  // ---- community rules

  listRules(db: Queryable, includeRetired: boolean): Promise<RuleRow[]> {
    return db
      .select()
      .from(communityRules)
      .where(includeRetired ? undefined : isNull(communityRules.retiredAt))
      .orderBy(asc(communityRules.code));
  }

  async rule(db: Queryable, id: string): Promise<RuleRow | undefined> {
    const [row] = await db.select().from(communityRules).where(eq(communityRules.id, id));
    return row;
  }

  async insertRule(db: Queryable, row: typeof communityRules.$inferInsert): Promise<RuleRow | undefined> {
    const [inserted] = await db.insert(communityRules).values(row).onConflictDoNothing().returning();
    return inserted;
  }

  async updateRule(db: Queryable, id: string, changes: Partial<typeof communityRules.$inferInsert>): Promise<RuleRow> {
    const [row] = await db.update(communityRules).set(changes).where(eq(communityRules.id, id)).returning();
    return row!;
  }

  // ---- cases and reports (other modules' tables)

  async lockCase(tx: Queryable, id: string): Promise<CaseRow | undefined> {
    const [row] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
    return row;
  }

  async caseById(db: Queryable, id: string): Promise<CaseRow | undefined> {
    const [row] = await db.select().from(cases).where(eq(cases.id, id));
    return row;
  }

  async updateCase(tx: Queryable, id: string, changes: Partial<typeof cases.$inferInsert>): Promise<void> {
    await tx.update(cases).set(changes).where(eq(cases.id, id));
  }

  /** Another open case on the same subject (one open case per subject: a reopen must not make two). */
  async otherOpenCase(tx: Queryable, c: CaseRow): Promise<string | undefined> {
    const [row] = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.subjectType, c.subjectType), eq(cases.subjectId, c.subjectId), inArray(cases.status, OPEN_CASE_STATUSES), ne(cases.id, c.id)))
      .limit(1);
    return row?.id;
  }

  async caseItemCount(tx: Queryable, caseId: string): Promise<number> {
    const [row] = await tx.select({ n: count() }).from(caseItems).where(eq(caseItems.caseId, caseId));
    return Number(row?.n ?? 0);
  }

  reportsFor(tx: Queryable, caseId: string): Promise<ReportForOutcome[]> {
    return tx
      .select({
        id: reports.id, source: reports.source, reporterExternalId: reports.reporterExternalId,
        reporterEmailSealed: reports.reporterEmailSealed, receiptCode: reports.receiptCode,
      })
      .from(reports)
      .where(eq(reports.caseId, caseId))
      .orderBy(asc(reports.receivedAt));
  }

  /** A report by its id or its receipt code. */
  async report(db: Queryable, by: { id: string } | { receiptCode: string }): Promise<ReportRow | undefined> {
    const [row] = await db.select().from(reports).where('id' in by ? eq(reports.id, by.id) : eq(reports.receiptCode, by.receiptCode));
    return row;
  }

  /** The decision not to act that stands on a case (the one a reporter may appeal), locked when asked. */
  async standingDismissal(db: Queryable, caseId: string, lock = false): Promise<ActionRow | undefined> {
    const q = db
      .select()
      .from(moderationActions)
      .where(and(eq(moderationActions.caseId, caseId), eq(moderationActions.action, 'dismiss'), eq(moderationActions.status, 'active')))
      .orderBy(desc(moderationActions.decidedAt))
      .limit(1);
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  /** Appeals of the dismissals on a case (where reporters' appeals are), oldest first. */
  async appealsOfDismissals(db: Queryable, caseId: string): Promise<AppealRow[]> {
    const dismissal = and(eq(moderationActions.caseId, caseId), eq(moderationActions.action, 'dismiss'));
    const rows = await db.select({ appeal: appeals }).from(appeals).innerJoin(moderationActions, eq(moderationActions.id, appeals.actionId)).where(dismissal).orderBy(asc(appeals.receivedAt));
    return rows.map((r) => r.appeal);
  }

  async setReportOutcome(tx: Queryable, caseId: string, outcome: string | null): Promise<void> {
    await tx.update(reports).set({ outcome }).where(eq(reports.caseId, caseId));
  }

  /** Sets the member's restriction, which contact decisions read; no-op for an account Trygg has not seen. */
  async setAccountRestriction(tx: Queryable, externalId: string, restriction: string | null, until: Date | null, now: Date): Promise<void> {
    await tx.update(accounts).set({ restriction, restrictedUntil: until, updatedAt: now }).where(eq(accounts.externalId, externalId));
  }

  /** How to reach a member by e-mail: the sealed address and language, if Trygg holds them (never for a deleted account). */
  async memberContact(db: Queryable, externalId: string): Promise<{ emailSealed: string; locale: string | null } | undefined> {
    const held = and(eq(accounts.externalId, externalId), isNull(accounts.deletedAt), isNotNull(accounts.emailSealed));
    const [row] = await db.select({ emailSealed: accounts.emailSealed, locale: accounts.locale }).from(accounts).where(held);
    return row?.emailSealed ? { emailSealed: row.emailSealed, locale: row.locale } : undefined;
  }

  // ---- actions

  async insertAction(tx: Queryable, row: typeof moderationActions.$inferInsert): Promise<ActionRow> {
    const [inserted] = await tx.insert(moderationActions).values(row).returning();
    return inserted!;
  }

  async updateAction(tx: Queryable, id: string, changes: Partial<typeof moderationActions.$inferInsert>): Promise<ActionRow> {
    const [row] = await tx.update(moderationActions).set(changes).where(eq(moderationActions.id, id)).returning();
    return row!;
  }

  async action(db: Queryable, id: string, lock = false): Promise<ActionRow | undefined> {
    const q = db.select().from(moderationActions).where(eq(moderationActions.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  async actionByToken(db: Queryable, token: string, lock = false): Promise<ActionRow | undefined> {
    const q = db.select().from(moderationActions).where(eq(moderationActions.publicToken, token));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  actionsForCase(db: Queryable, caseId: string): Promise<ActionRow[]> {
    return db.select().from(moderationActions).where(eq(moderationActions.caseId, caseId)).orderBy(asc(moderationActions.decidedAt), asc(moderationActions.id));
  }

  async pendingReviewFor(tx: Queryable, caseId: string): Promise<ActionRow | undefined> {
    const [row] = await tx
      .select()
      .from(moderationActions)
      .where(and(eq(moderationActions.caseId, caseId), eq(moderationActions.status, 'pending_second_review')));
    return row;
  }

  /** Dismissals waiting for a second reviewer, oldest first, with the case's category. */
  pendingReviews(db: Queryable, limit: number) {
    return db
      .select({ action: moderationActions, category: cases.category, caseStatus: cases.status })
      .from(moderationActions)
      .innerJoin(cases, eq(cases.id, moderationActions.caseId))
      .where(eq(moderationActions.status, 'pending_second_review'))
      .orderBy(asc(moderationActions.decidedAt))
      .limit(limit);
  }

  activeHidesFor(tx: Queryable, caseId: string): Promise<ActionRow[]> {
    return tx
      .select()
      .from(moderationActions)
      .where(and(eq(moderationActions.caseId, caseId), eq(moderationActions.action, 'hide'), eq(moderationActions.status, 'active')));
  }

  /** The member's restrictions in force: active restrict_minors, suspend and ban actions not yet ended. */
  restrictionsInForce(tx: Queryable, member: string, now: Date): Promise<ActionRow[]> {
    return tx
      .select()
      .from(moderationActions)
      .where(
        and(
          eq(moderationActions.affectedExternalId, member),
          eq(moderationActions.status, 'active'),
          inArray(moderationActions.action, ['restrict_minors', 'suspend', 'ban']),
          or(isNull(moderationActions.endsAt), gt(moderationActions.endsAt, now)),
        ),
      );
  }

  actionsForMember(db: Queryable, member: string, limit: number): Promise<ActionRow[]> {
    return db
      .select()
      .from(moderationActions)
      .where(eq(moderationActions.affectedExternalId, member))
      .orderBy(desc(moderationActions.decidedAt))
      .limit(limit);
  }

  /** Issued statements in action-id order (UUIDv7: decision order), after a cursor. */
  statementsPage(db: Queryable, after: string | undefined, limit: number, from?: Date, to?: Date): Promise<ActionRow[]> {
    const where: SQL[] = [isNotNull(moderationActions.statement)];
    if (after) where.push(gt(moderationActions.id, after));
    if (from) where.push(gte(moderationActions.decidedAt, from));
    if (to) where.push(lt(moderationActions.decidedAt, to));
    return db.select().from(moderationActions).where(and(...where)).orderBy(asc(moderationActions.id)).limit(limit);
  }

  // ---- strikes

  /** Serialises strike counting per member, so two decisions at once both see each other's strike. */
  async lockMember(tx: Queryable, member: string): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`strikes:${member}`}, 0))`);
  }

  async insertStrike(tx: Queryable, row: typeof strikes.$inferInsert): Promise<void> {
    await tx.insert(strikes).values(row);
  }

  async activeStrikeWeight(tx: Queryable, member: string, now: Date): Promise<number> {
    const [row] = await tx
      .select({ total: sql<string | null>`sum(${strikes.weight})` })
      .from(strikes)
      .where(and(eq(strikes.memberExternalId, member), isNull(strikes.removedAt), or(isNull(strikes.expiresAt), gt(strikes.expiresAt, now))));
    return Number(row?.total ?? 0);
  }

  strikesFor(db: Queryable, member: string, limit: number) {
    return db
      .select({ strike: strikes, action: moderationActions.action })
      .from(strikes)
      .leftJoin(moderationActions, eq(moderationActions.id, strikes.actionId))
      .where(eq(strikes.memberExternalId, member))
      .orderBy(desc(strikes.createdAt), desc(strikes.id))
      .limit(limit);
  }

  async removeStrikes(tx: Queryable, actionId: string, now: Date): Promise<number> {
    const removed = await tx
      .update(strikes)
      .set({ removedAt: now })
      .where(and(eq(strikes.actionId, actionId), isNull(strikes.removedAt)))
      .returning({ id: strikes.id });
    return removed.length;
  }

  // ---- appeals

  async insertAppeal(tx: Queryable, row: typeof appeals.$inferInsert): Promise<AppealRow> {
    const [inserted] = await tx.insert(appeals).values(row).returning();
    return inserted!;
  }

  async appeal(db: Queryable, id: string, lock = false): Promise<AppealRow | undefined> {
    const q = db.select().from(appeals).where(eq(appeals.id, id));
    const [row] = lock ? await q.for('update') : await q;
    return row;
  }

  appealsForAction(db: Queryable, actionId: string): Promise<AppealRow[]> {
    return db.select().from(appeals).where(eq(appeals.actionId, actionId)).orderBy(asc(appeals.receivedAt));
  }

  async updateAppeal(tx: Queryable, id: string, changes: Partial<typeof appeals.$inferInsert>): Promise<AppealRow> {
    const [row] = await tx.update(appeals).set(changes).where(eq(appeals.id, id)).returning();
    return row!;
  }

  /** Appeals with their action and the case's category, oldest first after a cursor (appeal ids are UUIDv7). */
  listAppeals(db: Queryable, status: string | undefined, after: string | undefined, limit: number) {
    const where: SQL[] = [];
    if (status) where.push(eq(appeals.status, status));
    if (after) where.push(gt(appeals.id, after));
    return db
      .select({ appeal: appeals, action: moderationActions, category: cases.category })
      .from(appeals)
      .innerJoin(moderationActions, eq(moderationActions.id, appeals.actionId))
      .innerJoin(cases, eq(cases.id, moderationActions.caseId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(asc(appeals.id))
      .limit(limit);
  }
}
