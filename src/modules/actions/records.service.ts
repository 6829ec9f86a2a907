import { notFound } from '../../server/errors.js';
import type { ActionType, DsaStatement, StoredStatement } from './actions.statement.js';
import type { ActionsDeps, ActionView, AppealView, Reviewer } from './actions.types.js';
import { actionView, appealView, effectiveStatus, guardChildSafety, iso, publicAppealView, rulesById } from './actions.views.js';

/** What the records show: a case's actions, one action, a member's strikes, and statements of reasons. */
export class RecordsService {
  constructor(private readonly deps: ActionsDeps) {}

  /** A case's actions, oldest first, and whether its strikes suggest a suspension not yet taken. */
  async caseActions(viewer: Reviewer | null, caseId: string): Promise<{ items: ActionView[]; suspensionSuggested: boolean }> {
    const db = this.deps.database.db;
    const c = await this.deps.repo.caseById(db, caseId);
    if (!c) throw notFound('Case');
    guardChildSafety(viewer, c.category);
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.actionsForCase(db, caseId);
    const rules = await rulesById(this.deps, rows);
    const items = rows.map((r) => actionView(r, rules.get(r.ruleId ?? '') ?? null, now));
    const [flag] = await this.deps.audit.list({ subjectType: 'case', subjectId: caseId, type: 'case.suspension_suggested', limit: 1 });
    const suspendedSince = flag && rows.some((r) => ['suspend', 'ban'].includes(r.action) && r.status === 'active' && r.decidedAt >= flag.occurredAt);
    return { items, suspensionSuggested: Boolean(flag) && !suspendedSince };
  }

  async getAction(viewer: Reviewer | null, actionId: string): Promise<ActionView & { category: string; appeals: AppealView[] }> {
    const db = this.deps.database.db;
    const row = await this.deps.repo.action(db, actionId);
    if (!row) throw notFound('Action');
    const c = await this.deps.repo.caseById(db, row.caseId);
    guardChildSafety(viewer, c?.category ?? 'other');
    const rule = row.ruleId ? await this.deps.repo.rule(db, row.ruleId) : undefined;
    const appeals = await this.deps.repo.appealsForAction(db, row.id);
    return { ...actionView(row, rule ?? null, this.deps.clock.now()), category: c?.category ?? 'other', appeals: appeals.map(appealView) };
  }

  /** A member's strikes (active and past) and the thresholds in force. */
  async memberStrikes(member: string) {
    const db = this.deps.database.db;
    const now = this.deps.clock.now();
    const { enforcement } = (await this.deps.policies.current()).document;
    const rows = await this.deps.repo.strikesFor(db, member, 200);
    const items = rows.map(({ strike, action }) => ({
      actionId: strike.actionId, action: action ?? 'unknown', weight: strike.weight, createdAt: strike.createdAt.toISOString(),
      expiresAt: iso(strike.expiresAt), removedAt: iso(strike.removedAt),
      active: strike.removedAt === null && (strike.expiresAt === null || strike.expiresAt > now),
    }));
    const restrictions = await this.deps.repo.restrictionsInForce(db, member, now);
    const activeStrikes = items.filter((i) => i.active).reduce((sum, i) => sum + i.weight, 0);
    const thresholds = [...enforcement.strikeThresholds].sort((a, b) => a - b);
    return {
      member, activeStrikes, thresholds, strikes: items,
      restrictionsInForce: restrictions.map((r) => ({ actionId: r.id, action: r.action, endsAt: iso(r.endsAt) })),
      // Trygg suggests, a person decides: the flag stays until a suspension or ban is in force.
      suspensionSuggested: thresholds.length > 0 && activeStrikes >= thresholds[0]! && !restrictions.some((r) => r.action === 'suspend' || r.action === 'ban'),
    };
  }

  /** What the public page shows: the decision, its statement and how to appeal; no personal data. */
  async publicStatement(token: string) {
    const db = this.deps.database.db;
    const row = await this.deps.repo.actionByToken(db, token);
    if (!row || !row.statement) throw notFound('Statement');
    const now = this.deps.clock.now();
    const statement = row.statement as StoredStatement;
    const [appeal] = await this.deps.repo.appealsForAction(db, row.id);
    const status = effectiveStatus(row, now);
    return {
      decision: { action: row.action as ActionType, status, decidedAt: row.decidedAt.toISOString(), endsAt: iso(row.endsAt) },
      statement: statement.dsa,
      redress: statement.redress,
      appeal: appeal ? publicAppealView(appeal) : null,
      canAppeal: !appeal && row.status !== 'reversed' && now <= new Date(statement.redress.appealDeadline),
    };
  }

  /** Statements in the DSA Transparency Database request shape, a page at a time. */
  async exportStatements(after: string | undefined, limit: number, from?: Date, to?: Date): Promise<{ statements: DsaStatement[]; nextAfter: string | null }> {
    const rows = await this.deps.repo.statementsPage(this.deps.database.db, after, limit, from, to);
    return {
      statements: rows.map((r) => (r.statement as StoredStatement).dsa),
      nextAfter: rows.length === limit ? rows[rows.length - 1]!.id : null,
    };
  }
}
