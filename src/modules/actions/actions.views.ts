import { TryggError } from '../../server/errors.js';
import type { Actor } from '../audit/audit.types.js';
import type { ActionRow, AppealRow, RuleRow } from './actions.repo.js';
import { isChildSafety, type ActionType, type DecisionGround, type StoredStatement } from './actions.statement.js';
import type { ActionStatus, ActionsDeps, ActionView, AppealStatus, AppealView, PublicAppeal, Reviewer, RuleView } from './actions.types.js';

// What the use cases of decisions share to show rows and to guard child safety. The columns are
// text; only the services write them, with the typed values the casts below name.

export const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
export const actorOfReviewer = (r: Reviewer): Actor => ({ type: 'staff', id: r.id });

export const ruleView = (r: RuleRow): RuleView => ({
  id: r.id, code: r.code, title: r.title, description: r.description, ground: r.ground as DecisionGround, legalGround: r.legalGround,
  retiredAt: iso(r.retiredAt), createdAt: r.createdAt.toISOString(),
});

export function guardChildSafety(viewer: Reviewer | null, category: string): void {
  if (viewer && !viewer.twoFactor && isChildSafety(category)) {
    throw new TryggError(403, 'two-factor-required', 'Child-safety cases need a two-factor session: enrol in two-factor and sign in again');
  }
}

export async function rulesById(deps: ActionsDeps, rows: ActionRow[]): Promise<Map<string, RuleRow>> {
  const ids = [...new Set(rows.map((r) => r.ruleId).filter((id): id is string => id !== null))];
  const rules = await Promise.all(ids.map((id) => deps.repo.rule(deps.database.db, id)));
  return new Map(rules.filter((r): r is RuleRow => r !== undefined).map((r) => [r.id, r]));
}

export function actionView(row: ActionRow, rule: RuleRow | null, now: Date): ActionView {
  return {
    id: row.id, caseId: row.caseId, subject: { type: row.subjectType, id: row.subjectId }, affectedExternalId: row.affectedExternalId,
    action: row.action as ActionType, status: effectiveStatus(row, now), rule: rule ? { id: rule.id, code: rule.code, title: rule.title } : null,
    reason: row.reason, endsAt: iso(row.endsAt), decidedBy: row.decidedBy, secondReviewerId: row.secondReviewerId,
    decidedAt: row.decidedAt.toISOString(), reversedAt: iso(row.reversedAt), statement: (row.statement as StoredStatement | null) ?? null,
  };
}

export function effectiveStatus(row: ActionRow, now: Date): ActionStatus {
  return row.status === 'active' && row.endsAt && row.endsAt <= now ? 'expired' : (row.status as ActionStatus);
}

/** What the public pages (a statement, a report's status) show of an appeal: no text, no names. */
export const publicAppealView = (a: AppealRow): PublicAppeal => ({
  status: a.status as AppealStatus, receivedAt: a.receivedAt.toISOString(), decidedAt: iso(a.decidedAt), decisionReason: a.decisionReason,
});

export function appealView(a: AppealRow): AppealView {
  return {
    id: a.id, actionId: a.actionId, appellantExternalId: a.appellantExternalId,
    channel: String((a.details as { channel?: string } | null)?.channel ?? 'unknown'),
    appellant: (a.details as { appellant?: string } | null)?.appellant === 'reporter' ? 'reporter' : 'member', text: a.text, status: a.status as AppealStatus,
    decidedBy: a.decidedBy, decisionReason: a.decisionReason, receivedAt: a.receivedAt.toISOString(), decidedAt: iso(a.decidedAt),
  };
}
