import { randomToken } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { notFound } from '../../server/errors.js';
import type { Tx } from '../../storage/db.js';
import type { Actor } from '../audit/audit.types.js';
import type { ActionRow, CaseRow } from './actions.repo.js';
import { addMonths, buildStatement, type ActionType, type ContentType, type RuleForStatement } from './actions.statement.js';
import type { ActionsDeps } from './actions.types.js';
import { applyDecision } from './decide.service.js';

/** Who decided an action no person took (a precautionary hide on a victim's request): the nil uuid. */
export const SYSTEM_DECIDER = '00000000-0000-0000-0000-000000000000';

export interface ContentItem {
  type: string;
  id: string;
}

export interface ContentDecision {
  /** The uploader, when known: strikes and account actions land on them. */
  member: string | null;
  /** The rule the statement of reasons cites (configured with the takedown texts, not a stored rule). */
  rule: RuleForStatement;
  reason: string;
  contentTypes?: ContentType[];
}

/**
 * Actions on named content taken inside another module's transaction (victim takedown requests,
 * capability 6): each is an ordinary action with its statement of reasons, moderation event and
 * `action.taken` webhook, through the same `applyDecision` as a moderator's.
 */
export class ContentActions {
  constructor(private readonly deps: ActionsDeps) {}

  /**
   * Call before opening the transaction: the policy (strike weights, appeal window) is read through
   * the pool, which inside a transaction on PGlite's single connection would wait forever.
   */
  async ready(): Promise<void> {
    await this.deps.policies.current();
  }

  /** A precautionary hide of each item at once, pending review; the case stays open. Returns the action ids. */
  async hide(tx: Tx, actor: Actor, caseId: string, items: ContentItem[], d: ContentDecision): Promise<string[]> {
    const c = await this.lock(tx, caseId);
    const rows: string[] = [];
    for (const item of items) {
      const row = await this.insert(tx, c, 'hide', item, d, SYSTEM_DECIDER, true);
      await applyDecision(this.deps, tx, actor, c, row, null, { followUp: false, keepOpen: true });
      rows.push(row.id);
    }
    return rows;
  }

  /**
   * Removes each item and, per policy, acts on the uploader (ban or suspend; otherwise the removals'
   * strikes count). The last action decides the case.
   */
  async remove(tx: Tx, actor: Actor, reviewerId: string, caseId: string, items: ContentItem[], d: ContentDecision & { uploaderAction: 'ban' | 'suspend' | 'strike' }): Promise<string[]> {
    const c = await this.lock(tx, caseId);
    const followUp = c.status === 'resolved';
    const account = d.member && d.uploaderAction !== 'strike' ? d.uploaderAction : null;
    const ids: string[] = [];
    for (const [i, item] of items.entries()) {
      const row = await this.insert(tx, c, 'remove', item, d, reviewerId, false);
      await applyDecision(this.deps, tx, actor, c, row, null, { followUp, keepOpen: account !== null || i < items.length - 1 });
      ids.push(row.id);
    }
    if (account) {
      const row = await this.insert(tx, c, account, { type: 'account', id: d.member! }, d, reviewerId, false);
      await applyDecision(this.deps, tx, actor, c, row, null, { followUp, keepOpen: false });
      ids.push(row.id);
    }
    return ids;
  }

  /** Lifts the given hides (the platform restores the content) and, if still open, closes the case as no violation. */
  async withdrawHides(tx: Tx, actor: Actor, caseId: string, hideIds: string[], reason: string): Promise<void> {
    const c = await this.lock(tx, caseId);
    const now = this.deps.clock.now();
    for (const id of hideIds) {
      const h = await this.deps.repo.action(tx, id, true);
      if (!h || h.status !== 'active') continue;
      await this.deps.repo.updateAction(tx, h.id, { status: 'reversed', reversedAt: now });
      await this.deps.outbox.emit(tx, 'action.reversed', {
        actionId: h.id, caseId, action: 'hide', subject: { type: h.subjectType, id: h.subjectId }, member: h.affectedExternalId,
        reason, reversedAt: now.toISOString(),
      });
    }
    if (c.status !== 'resolved') await this.deps.repo.updateCase(tx, c.id, { status: 'resolved', resolution: 'no_violation', resolvedAt: now, updatedAt: now });
    await this.deps.audit.record(tx, { actor, type: 'action.hides_lifted', subject: { type: 'case', id: c.id }, payload: { actionIds: hideIds, reason } });
  }

  private async lock(tx: Tx, caseId: string): Promise<CaseRow> {
    const c = await this.deps.repo.lockCase(tx, caseId);
    if (!c) throw notFound('Case');
    return c;
  }

  private async insert(tx: Tx, c: CaseRow, action: ActionType, item: ContentItem, d: ContentDecision, decidedBy: string, automated: boolean): Promise<ActionRow> {
    const now = this.deps.clock.now();
    const { enforcement } = (await this.deps.policies.current()).document;
    const id = newId();
    const publicToken = randomToken(24);
    const endsAt = action === 'suspend' ? new Date(now.getTime() + enforcement.suspensionDefaultDays * 86_400_000) : null;
    const statement = buildStatement({
      actionId: id, action, category: c.category, subjectType: item.type, rule: d.rule, reason: d.reason, decidedAt: now, endsAt,
      contentDate: c.openedAt, contentTypes: item.type === 'account' ? undefined : d.contentTypes, reportSources: ['public'], automatedDetection: false,
      publicToken, appealUrl: this.deps.links.appeal(publicToken), appealDeadline: addMonths(now, enforcement.appealWindowMonths),
      appealWindowMonths: enforcement.appealWindowMonths,
    });
    if (statement && automated) {
      // No person decided the hide: it follows the request at once, until a senior moderator reviews it.
      statement.dsa.automated_decision = 'AUTOMATED_DECISION_FULLY';
      statement.dsa.decision_facts = `After a notice (DSA Art. 16) from a person depicted or their representative, the content was hidden at once as a precaution while a moderator reviews it. ${d.reason}`.slice(0, 5000);
    }
    return this.deps.repo.insertAction(tx, {
      id, caseId: c.id, subjectType: item.type, subjectId: item.id, affectedExternalId: d.member, action, ruleId: null, reason: d.reason,
      status: 'active', endsAt, decidedBy, statement, publicToken, decidedAt: now,
    });
  }
}
