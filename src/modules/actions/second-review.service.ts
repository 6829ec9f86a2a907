import { TryggError, conflict, notFound } from '../../server/errors.js';
import type { Tx } from '../../storage/db.js';
import type { ActionRow, CaseRow } from './actions.repo.js';
import type { ActionResult, ActionsDeps, Reviewer } from './actions.types.js';
import { actionView, actorOfReviewer, guardChildSafety, rulesById } from './actions.views.js';
import { applyDecision } from './decide.service.js';

/** Four eyes: a child-safety dismissal waits for a second, different senior moderator. */
export class SecondReviewService {
  constructor(private readonly deps: ActionsDeps) {}

  /** A second, different senior moderator confirms a child-safety dismissal: the case resolves. */
  async confirmDismissal(reviewer: Reviewer, actionId: string, note?: string): Promise<ActionResult> {
    return this.deps.database.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const { row, c } = await this.pendingForSecondReview(tx, reviewer, actionId);
      const confirmed = await this.deps.repo.updateAction(tx, row.id, { status: 'active', secondReviewerId: reviewer.id });
      await this.deps.audit.record(tx, {
        actor: actorOfReviewer(reviewer), type: 'action.second_review_confirmed', subject: { type: 'case', id: c.id },
        payload: { actionId: row.id, firstReviewer: row.decidedBy, note: note ?? null },
      });
      const rule = row.ruleId ? await this.deps.repo.rule(tx, row.ruleId) : undefined;
      const decided = await applyDecision(this.deps, tx, actorOfReviewer(reviewer), c, confirmed, rule ?? null, { followUp: false, keepOpen: false });
      return { action: actionView(confirmed, rule ?? null, now), ...decided, secondReviewRequired: false };
    });
  }

  /** The second reviewer disagrees: the dismissal is rejected and the case goes back to open. */
  async rejectDismissal(reviewer: Reviewer, actionId: string, reason: string): Promise<ActionResult> {
    return this.deps.database.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const { row, c } = await this.pendingForSecondReview(tx, reviewer, actionId);
      const rejected = await this.deps.repo.updateAction(tx, row.id, { status: 'rejected', secondReviewerId: reviewer.id });
      await this.deps.repo.updateCase(tx, c.id, { status: 'open', updatedAt: now });
      await this.deps.audit.record(tx, {
        actor: actorOfReviewer(reviewer), type: 'action.second_review_rejected', subject: { type: 'case', id: c.id },
        payload: { actionId: row.id, firstReviewer: row.decidedBy, reason },
      });
      const rule = row.ruleId ? await this.deps.repo.rule(tx, row.ruleId) : undefined;
      return {
        action: actionView(rejected, rule ?? null, now), case: { id: c.id, status: 'open', resolution: c.resolution },
        secondReviewRequired: false, strikes: null, suspensionSuggested: false,
      };
    });
  }

  async pendingSecondReviews(limit: number) {
    const now = this.deps.clock.now();
    const rows = await this.deps.repo.pendingReviews(this.deps.database.db, limit);
    const rules = await rulesById(this.deps, rows.map((r) => r.action));
    return rows.map((r) => ({ ...actionView(r.action, rules.get(r.action.ruleId ?? '') ?? null, now), category: r.category, caseStatus: r.caseStatus }));
  }

  private async pendingForSecondReview(tx: Tx, reviewer: Reviewer, actionId: string): Promise<{ row: ActionRow; c: CaseRow }> {
    const row = await this.deps.repo.action(tx, actionId, true);
    if (!row) throw notFound('Action');
    if (row.status !== 'pending_second_review') throw conflict('not-pending', `The action is ${row.status}, not waiting for a second review`);
    if (reviewer.role !== 'senior_moderator') {
      throw new TryggError(403, 'senior-moderator-required', 'A second review is done by a senior moderator');
    }
    if (reviewer.id === row.decidedBy) {
      throw new TryggError(403, 'four-eyes-same-reviewer', 'The second review must be done by someone other than the first reviewer');
    }
    const c = (await this.deps.repo.lockCase(tx, row.caseId))!;
    guardChildSafety(reviewer, c.category);
    return { row, c };
  }
}
