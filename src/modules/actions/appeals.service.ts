import { seal } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { TryggError, conflict, notFound } from '../../server/errors.js';
import type { Tx } from '../../storage/db.js';
import type { Actor } from '../audit/audit.types.js';
import type { ActionRow, AppealRow, CaseRow } from './actions.repo.js';
import { accountRestrictions, decidesCase, isChildSafety, strikingActions, type ActionType, type StoredStatement } from './actions.statement.js';
import type { ActionsDeps, ActionView, AppealView, Reviewer } from './actions.types.js';
import { actionView, actorOfReviewer, appealView, guardChildSafety } from './actions.views.js';
import { liftHides, recomputeRestriction } from './enforcement.js';
import { appealDecisionMail } from './member-mail.js';
import { memberAddress, tellReporters, unsealOrNull } from './notify.js';
import type { RecordsService } from './records.service.js';
import { isReporterAppeal, type ReporterAppealsService } from './reporter-appeals.service.js';

/** Appeals (DSA Art. 20) and the reversals they lead to. */
export class AppealsService {
  constructor(
    private readonly deps: ActionsDeps,
    private readonly records: RecordsService,
    private readonly reporterAppeals: ReporterAppealsService,
  ) {}

  /** The platform files an appeal on behalf of the affected member. */
  async appealByPlatform(actor: Actor, actionId: string, input: { memberExternalId: string; text: string }): Promise<AppealView> {
    return this.deps.database.db.transaction(async (tx) => {
      const row = await this.deps.repo.action(tx, actionId, true);
      if (!row) throw notFound('Action');
      if (row.affectedExternalId !== input.memberExternalId) {
        throw conflict('not-affected-member', 'Only the member the decision affects may appeal it');
      }
      return this.fileAppeal(tx, actor, row, input.text, { channel: 'platform', apiKeyId: actor.id ?? null });
    });
  }

  /** The affected member appeals on the public page reached with the statement's link. */
  async appealByToken(token: string, input: { text: string; contactEmail?: string }): Promise<AppealView> {
    return this.deps.database.db.transaction(async (tx) => {
      const row = await this.deps.repo.actionByToken(tx, token, true);
      if (!row || !row.statement) throw notFound('Statement');
      const details: Record<string, unknown> = { channel: 'public' };
      if (input.contactEmail) details.contactEmailSealed = seal(this.deps.emailKey, input.contactEmail);
      return this.fileAppeal(tx, { type: 'anonymous' }, row, input.text, details);
    });
  }

  async listAppeals(status: string | undefined, after: string | undefined, limit: number) {
    const rows = await this.deps.repo.listAppeals(this.deps.database.db, status, after, limit);
    const items = rows.map((r) => {
      const { text: _text, ...rest } = appealView(r.appeal);
      return {
        ...rest, action: r.action.action as ActionType, caseId: r.action.caseId, category: r.category, childSafety: isChildSafety(r.category),
        originalDeciderId: r.action.decidedBy,
      };
    });
    return { items, nextAfter: rows.length === limit ? rows[rows.length - 1]!.appeal.id : null };
  }

  async getAppeal(viewer: Reviewer, id: string) {
    const db = this.deps.database.db;
    const appeal = await this.deps.repo.appeal(db, id);
    if (!appeal) throw notFound('Appeal');
    const action = await this.records.getAction(viewer, appeal.actionId);
    return { ...appealView(appeal), action };
  }

  /**
   * A reviewer other than the decider (and, for child-safety categories, a senior moderator)
   * upholds or reverses. A reversal marks the action reversed, removes its strike, lifts the
   * account restriction it set, reopens or resolves the case and tells the platform to undo it.
   */
  async decideAppeal(
    reviewer: Reviewer,
    appealId: string,
    input: { outcome: 'upheld' | 'reversed'; reason: string; caseAfter?: 'resolve' | 'reopen' },
  ): Promise<{ appeal: AppealView; action: ActionView; case: { id: string; status: string; resolution: string | null } }> {
    return this.deps.database.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const appeal = await this.deps.repo.appeal(tx, appealId, true);
      if (!appeal) throw notFound('Appeal');
      if (appeal.status !== 'open') throw conflict('appeal-decided', `The appeal was already ${appeal.status}`);
      const row = (await this.deps.repo.action(tx, appeal.actionId, true))!;
      const c = (await this.deps.repo.lockCase(tx, row.caseId))!;
      const childSafe = isChildSafety(c.category);
      if (reviewer.id === row.decidedBy || reviewer.id === row.secondReviewerId) {
        throw new TryggError(403, 'appeal-reviewer-must-differ', 'An appeal is decided by someone who did not take the decision');
      }
      if (childSafe && reviewer.role !== 'senior_moderator') {
        throw new TryggError(403, 'senior-moderator-required', 'Appeals in child-safety categories are decided by a senior moderator');
      }
      guardChildSafety(reviewer, c.category);
      // A reporter contesting a decision not to act: same reviewer rules, its own consequences.
      if (isReporterAppeal(appeal)) return this.reporterAppeals.decide(tx, reviewer, appeal, row, c, input.outcome, input.reason, now);
      const actor = actorOfReviewer(reviewer);
      const rule = row.ruleId ? await this.deps.repo.rule(tx, row.ruleId) : undefined;
      const decidedAppeal = await this.deps.repo.updateAppeal(tx, appeal.id, {
        status: input.outcome, decidedBy: reviewer.id, decisionReason: input.reason, decidedAt: now,
      });
      let action = row;
      let caseState = { id: c.id, status: c.status, resolution: c.resolution };
      if (input.outcome === 'reversed') {
        action = await this.deps.repo.updateAction(tx, row.id, { status: 'reversed', reversedAt: now });
        const strikesRemoved = await this.deps.repo.removeStrikes(tx, row.id, now);
        if (row.affectedExternalId && row.action in accountRestrictions) await recomputeRestriction(this.deps, tx, row.affectedExternalId, now);
        caseState = await this.afterReversal(tx, actor, c, row, childSafe, input.caseAfter, now);
        await this.deps.audit.record(tx, {
          actor, type: 'action.reversed', subject: { type: 'case', id: c.id },
          payload: { actionId: row.id, action: row.action, appealId: appeal.id, reason: input.reason, strikesRemoved, caseStatus: caseState.status },
        });
        await this.deps.outbox.emit(tx, 'action.reversed', {
          actionId: row.id, caseId: c.id, action: row.action, subject: { type: row.subjectType, id: row.subjectId },
          member: row.affectedExternalId, reason: 'appeal', appealId: appeal.id, reversedAt: now.toISOString(),
        });
      }
      await this.deps.audit.record(tx, {
        actor, type: `appeal.${input.outcome}`, subject: { type: 'case', id: c.id },
        payload: { appealId: appeal.id, actionId: row.id, reason: input.reason },
      });
      await this.deps.outbox.emit(tx, 'statement.issued', {
        kind: 'appeal_decision', actionId: row.id, appealId: appeal.id, member: row.affectedExternalId, outcome: input.outcome,
        reason: input.reason, decidedAt: now.toISOString(), appealPath: `/appeal/${row.publicToken}`, appealUrl: this.deps.links.appeal(row.publicToken),
      });
      await this.tellAppellant(tx, appeal, row, input.outcome, input.reason);
      return { appeal: appealView(decidedAppeal), action: actionView(action, rule ?? null, now), case: caseState };
    });
  }

  /** E-mails the outcome to the address the appellant left, else to the member's own address if Trygg holds it. */
  private async tellAppellant(tx: Tx, appeal: AppealRow, row: ActionRow, outcome: 'upheld' | 'reversed', reason: string): Promise<void> {
    const member = row.affectedExternalId ? await memberAddress(this.deps, tx, row.affectedExternalId) : null;
    const sealed = (appeal.details as { contactEmailSealed?: string } | null)?.contactEmailSealed;
    const to = (sealed ? unsealOrNull(this.deps.emailKey, sealed) : null) ?? member?.to;
    if (!to) return;
    const mail = appealDecisionMail(member?.lang ?? 'en', outcome, reason, this.deps.links.appeal(row.publicToken));
    await this.deps.outbox.email(tx, { to, related: { type: 'appeal', id: appeal.id }, ...mail });
  }

  /** After a reversal: a child-safety case always goes back to the queue; others as the reviewer chose. */
  private async afterReversal(
    tx: Tx, actor: Actor, c: CaseRow, row: ActionRow, childSafe: boolean, caseAfter: 'resolve' | 'reopen' | undefined, now: Date,
  ): Promise<{ id: string; status: string; resolution: string | null }> {
    if (c.status !== 'resolved' || !decidesCase(row.action as ActionType)) return { id: c.id, status: c.status, resolution: c.resolution };
    // Another decision on the case still stands (e.g. the removal when only the suspension after it is reversed).
    const standing = (await this.deps.repo.actionsForCase(tx, c.id)).filter((a) => a.id !== row.id && a.status === 'active' && strikingActions.has(a.action as ActionType));
    const latest = standing[standing.length - 1];
    if (latest) {
      await this.deps.repo.updateCase(tx, c.id, { resolution: latest.action, updatedAt: now });
      return { id: c.id, status: 'resolved', resolution: latest.action };
    }
    const wanted = childSafe ? 'reopen' : (caseAfter ?? 'resolve');
    const otherOpen = wanted === 'reopen' ? await this.deps.repo.otherOpenCase(tx, c) : undefined;
    if (wanted === 'reopen' && !otherOpen) {
      await this.deps.repo.updateCase(tx, c.id, { status: 'open', resolution: null, resolvedAt: null, assigneeId: null, claimedAt: null, updatedAt: now });
      await this.deps.repo.setReportOutcome(tx, c.id, null);
      await this.deps.audit.record(tx, { actor, type: 'case.reopened', subject: { type: 'case', id: c.id }, payload: { cause: 'appeal', actionId: row.id } });
      return { id: c.id, status: 'open', resolution: null };
    }
    await this.deps.repo.updateCase(tx, c.id, { resolution: 'reversed_on_appeal', updatedAt: now });
    const lifted = await liftHides(this.deps, tx, c.id, 'decision reversed on appeal', now);
    await this.deps.audit.record(tx, {
      actor, type: 'case.resolved', subject: { type: 'case', id: c.id },
      payload: { cause: 'appeal', actionId: row.id, resolution: 'reversed_on_appeal', liftedHides: lifted, openCaseOnSubject: otherOpen ?? null },
    });
    await tellReporters(this.deps, tx, c, 'not_upheld', 'reversed', now);
    return { id: c.id, status: 'resolved', resolution: 'reversed_on_appeal' };
  }

  private async fileAppeal(tx: Tx, actor: Actor, row: ActionRow, text: string, details: Record<string, unknown>): Promise<AppealView> {
    const now = this.deps.clock.now();
    if (row.status === 'reversed') throw conflict('action-reversed', 'The decision was already reversed');
    if (!row.statement || row.status === 'pending_second_review' || row.status === 'rejected') {
      throw conflict('not-appealable', 'Only a decision with a statement of reasons can be appealed');
    }
    const deadline = new Date((row.statement as StoredStatement).redress.appealDeadline);
    if (now > deadline) {
      throw conflict('appeal-window-closed', `The appeal window for this decision closed at ${deadline.toISOString()}`);
    }
    if ((await this.deps.repo.appealsForAction(tx, row.id)).length > 0) throw conflict('already-appealed', 'This decision has already been appealed');
    const appeal = await this.deps.repo.insertAppeal(tx, {
      id: newId(), actionId: row.id, appellantExternalId: row.affectedExternalId, text, status: 'open', receivedAt: now, details,
    });
    await this.deps.audit.record(tx, {
      actor, type: 'appeal.received', subject: { type: 'case', id: row.caseId },
      payload: { appealId: appeal.id, actionId: row.id, channel: details.channel, deadline: deadline.toISOString() },
    });
    return appealView(appeal);
  }
}
