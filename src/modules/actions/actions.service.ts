import type { Clock } from '../../lib/clock.js';
import { randomToken, seal, unseal } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import type { Role } from '../../server/access.js';
import { TryggError, badRequest, conflict, notFound } from '../../server/errors.js';
import type { Database, Tx } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { PolicyService } from '../policy/policy.service.js';
import type { Outbox } from '../webhooks/outbox.js';
import type { ActionRow, ActionsRepo, AppealRow, CaseRow, RuleRow } from './actions.repo.js';
import {
  accountRestrictions,
  addMonths,
  buildStatement,
  decidesCase,
  isChildSafety,
  strikingActions,
  type ActionType,
  type ContentType,
  type DecisionGround,
  type DsaStatement,
  type StoredStatement,
} from './actions.statement.js';

/** A staff member deciding: who, in which role, and whether the session passed two-factor. */
export interface Reviewer {
  id: string;
  role: Role;
  twoFactor: boolean;
}

export interface RuleInput {
  code: string;
  title: string;
  description: string;
  ground: DecisionGround;
  legalGround?: string | null;
}

export interface ActionInput {
  action: ActionType;
  ruleId: string;
  reason: string;
  endsAt?: string;
  affectedExternalId?: string;
  contentDate?: string;
  contentTypes?: ContentType[];
  territorialScope?: string[];
  /** Take the action but leave the case undecided (e.g. remove now, suspend next). */
  keepOpen?: boolean;
}

export interface RuleView {
  id: string;
  code: string;
  title: string;
  description: string;
  ground: string;
  legalGround: string | null;
  retiredAt: string | null;
  createdAt: string;
}

export interface ActionView {
  id: string;
  caseId: string;
  subject: { type: string; id: string };
  affectedExternalId: string | null;
  action: string;
  /** pending_second_review | active | expired (a suspension or restriction past its end) | rejected | reversed */
  status: string;
  rule: { id: string; code: string; title: string } | null;
  reason: string;
  endsAt: string | null;
  decidedBy: string;
  secondReviewerId: string | null;
  decidedAt: string;
  reversedAt: string | null;
  statement: StoredStatement | null;
}

export interface StrikeSummary {
  member: string;
  added: number;
  active: number;
  thresholds: number[];
  /** The highest threshold this action's strike crossed, if any. */
  thresholdCrossed: number | null;
}

export interface ActionResult {
  action: ActionView;
  case: { id: string; status: string; resolution: string | null };
  secondReviewRequired: boolean;
  strikes: StrikeSummary | null;
  suspensionSuggested: boolean;
}

export interface AppealView {
  id: string;
  actionId: string;
  appellantExternalId: string | null;
  channel: string;
  text: string;
  status: string;
  decidedBy: string | null;
  decisionReason: string | null;
  receivedAt: string;
  decidedAt: string | null;
}

const EMAIL_IN_TEXT = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
const DAY = 86_400_000;
const RESTRICTION_RANK: Record<string, number> = { ban: 3, suspend: 2, restrict_minors: 1 };
const caseResolution = (action: ActionType) => (action === 'dismiss' ? 'no_violation' : action);

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
const actorOfReviewer = (r: Reviewer): Actor => ({ type: 'staff', id: r.id });

const ruleView = (r: RuleRow): RuleView => ({
  id: r.id, code: r.code, title: r.title, description: r.description, ground: r.ground, legalGround: r.legalGround,
  retiredAt: iso(r.retiredAt), createdAt: r.createdAt.toISOString(),
});

/** Every decision, second review and appeal: community rules, actions with statements, strikes, appeals. */
export class ActionsService {
  constructor(
    private readonly database: Database,
    private readonly repo: ActionsRepo,
    private readonly audit: AuditService,
    private readonly policies: PolicyService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    /** The key reporters' and appellants' e-mail addresses are sealed with (purpose 'email-addresses'). */
    private readonly emailKey: Buffer,
  ) {}

  // ======================================================================== community rules

  async listRules(includeRetired: boolean): Promise<RuleView[]> {
    return (await this.repo.listRules(this.database.db, includeRetired)).map(ruleView);
  }

  async getRule(id: string): Promise<RuleView> {
    const row = await this.repo.rule(this.database.db, id);
    if (!row) throw notFound('Rule');
    return ruleView(row);
  }

  async createRule(actor: Actor, input: RuleInput): Promise<RuleView> {
    const legalGround = checkGround(input.ground, input.legalGround);
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.insertRule(tx, {
        id: newId(), code: input.code, title: input.title, description: input.description, ground: input.ground, legalGround,
        createdAt: this.clock.now(),
      });
      if (!row) throw conflict('rule-exists', `A rule with the code ${input.code} exists (retired rules keep their code)`);
      await this.audit.record(tx, { actor, type: 'rule.created', subject: { type: 'rule', id: row.id }, payload: { code: row.code, ground: row.ground } });
      return ruleView(row);
    });
  }

  async updateRule(actor: Actor, id: string, patch: Partial<Omit<RuleInput, 'code'>>): Promise<RuleView> {
    return this.database.db.transaction(async (tx) => {
      const current = await this.repo.rule(tx, id);
      if (!current) throw notFound('Rule');
      if (current.retiredAt) throw conflict('rule-retired', 'A retired rule cannot change');
      const ground = patch.ground ?? (current.ground as DecisionGround);
      const legalGround = checkGround(ground, patch.legalGround === undefined ? (patch.ground === 'DECISION_GROUND_INCOMPATIBLE_CONTENT' ? null : current.legalGround) : patch.legalGround);
      const row = await this.repo.updateRule(tx, id, {
        title: patch.title ?? current.title, description: patch.description ?? current.description, ground, legalGround,
      });
      const changed = (['title', 'description', 'ground', 'legalGround'] as const).filter((k) => row[k] !== current[k]);
      await this.audit.record(tx, { actor, type: 'rule.updated', subject: { type: 'rule', id }, payload: { code: row.code, changed } });
      return ruleView(row);
    });
  }

  /** Rules are never deleted: past statements cite them. A retired rule cannot be cited again. */
  async retireRule(actor: Actor, id: string): Promise<RuleView> {
    return this.database.db.transaction(async (tx) => {
      const current = await this.repo.rule(tx, id);
      if (!current) throw notFound('Rule');
      if (current.retiredAt) throw conflict('rule-retired', 'The rule is already retired');
      const row = await this.repo.updateRule(tx, id, { retiredAt: this.clock.now() });
      await this.audit.record(tx, { actor, type: 'rule.retired', subject: { type: 'rule', id }, payload: { code: row.code } });
      return ruleView(row);
    });
  }

  // ======================================================================== actions

  /**
   * Acts on a case, in one transaction: the action and its statement of reasons, the case's status,
   * strikes, the account's restriction, the moderation events, the webhooks and the reporters'
   * outcome. A dismissal in a child-safety category only waits for a second senior moderator.
   */
  async takeAction(reviewer: Reviewer, caseId: string, input: ActionInput): Promise<ActionResult> {
    if (EMAIL_IN_TEXT.test(input.reason)) {
      throw badRequest('reason', 'must not contain an e-mail address: the reason is published in the statement of reasons');
    }
    if (input.keepOpen && input.action === 'dismiss') throw badRequest('keepOpen', 'a dismissal always decides the case');
    const { enforcement } = (await this.policies.current()).document;
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const c = await this.repo.lockCase(tx, caseId);
      if (!c) throw notFound('Case');
      const childSafe = isChildSafety(c.category);
      if (childSafe && !reviewer.twoFactor) {
        throw new TryggError(403, 'two-factor-required', 'Child-safety cases need a two-factor session: enrol in two-factor and sign in again');
      }
      if (await this.repo.pendingReviewFor(tx, c.id)) {
        throw conflict('second-review-pending', 'A dismissal of this case waits for a second reviewer: confirm or reject it first');
      }
      const followUp = c.status === 'resolved';
      if (followUp) {
        const standing = (await this.repo.actionsForCase(tx, c.id)).some((a) => a.status === 'active' && strikingActions.has(a.action as ActionType));
        if (!strikingActions.has(input.action) || !standing) {
          throw conflict('case-resolved', 'The case is resolved; only a further restriction may follow a decision that found a breach');
        }
      }
      if (c.assigneeId && c.assigneeId !== reviewer.id && reviewer.role === 'moderator') {
        throw conflict('case-claimed', 'Another moderator has claimed this case');
      }
      const rule = await this.repo.rule(tx, input.ruleId);
      if (!rule) throw badRequest('ruleId', 'no such rule');
      if (rule.retiredAt) throw badRequest('ruleId', 'the rule is retired');
      const affected = input.affectedExternalId ?? (['account', 'profile'].includes(c.subjectType) ? c.subjectId : null);
      if (!affected && (strikingActions.has(input.action) && input.action !== 'remove')) {
        throw badRequest('affectedExternalId', `required for ${input.action} when the subject is a ${c.subjectType}`);
      }
      const endsAt = this.endOf(input, now, enforcement.suspensionDefaultDays);
      const contentDate = this.contentDateOf(input.contentDate, c.openedAt, now);
      const id = newId();
      const publicToken = randomToken(24);

      if (input.action === 'dismiss' && childSafe) {
        const row = await this.repo.insertAction(tx, {
          id, caseId: c.id, subjectType: c.subjectType, subjectId: c.subjectId, affectedExternalId: affected, action: 'dismiss',
          ruleId: rule.id, reason: input.reason, status: 'pending_second_review', decidedBy: reviewer.id, publicToken, decidedAt: now,
        });
        await this.repo.updateCase(tx, c.id, { status: 'waiting', updatedAt: now });
        await this.audit.record(tx, {
          actor: actorOfReviewer(reviewer), type: 'action.pending_second_review', subject: { type: 'case', id: c.id },
          payload: { actionId: id, action: 'dismiss', rule: rule.code, category: c.category, previousStatus: c.status },
        });
        return {
          action: this.view(row, rule, now), case: { id: c.id, status: 'waiting', resolution: c.resolution },
          secondReviewRequired: true, strikes: null, suspensionSuggested: false,
        };
      }

      const reports = await this.repo.reportsFor(tx, c.id);
      const signals = await this.repo.caseItemCount(tx, c.id);
      const appealDeadline = addMonths(now, enforcement.appealWindowMonths);
      const statement = buildStatement({
        actionId: id, action: input.action, category: c.category, subjectType: c.subjectType, rule, reason: input.reason,
        decidedAt: now, endsAt, contentDate, contentTypes: input.contentTypes, territorialScope: input.territorialScope,
        reportSources: reports.map((r) => r.source), automatedDetection: signals > 0 || (reports.length === 0 && c.signals > 0),
        publicToken, appealDeadline, appealWindowMonths: enforcement.appealWindowMonths,
      });
      const row = await this.repo.insertAction(tx, {
        id, caseId: c.id, subjectType: c.subjectType, subjectId: c.subjectId, affectedExternalId: affected, action: input.action,
        ruleId: rule.id, reason: input.reason, status: 'active', endsAt, decidedBy: reviewer.id, statement, publicToken, decidedAt: now,
      });
      const decided = await this.applyDecision(tx, actorOfReviewer(reviewer), c, row, rule, { followUp, keepOpen: input.keepOpen ?? false });
      return { action: this.view(row, rule, now), ...decided, secondReviewRequired: false };
    });
  }

  /** A second, different senior moderator confirms a child-safety dismissal: the case resolves. */
  async confirmDismissal(reviewer: Reviewer, actionId: string, note?: string): Promise<ActionResult> {
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const { row, c } = await this.pendingForSecondReview(tx, reviewer, actionId);
      const confirmed = await this.repo.updateAction(tx, row.id, { status: 'active', secondReviewerId: reviewer.id });
      await this.audit.record(tx, {
        actor: actorOfReviewer(reviewer), type: 'action.second_review_confirmed', subject: { type: 'case', id: c.id },
        payload: { actionId: row.id, firstReviewer: row.decidedBy, note: note ?? null },
      });
      const rule = row.ruleId ? await this.repo.rule(tx, row.ruleId) : undefined;
      const decided = await this.applyDecision(tx, actorOfReviewer(reviewer), c, confirmed, rule ?? null, { followUp: false, keepOpen: false });
      return { action: this.view(confirmed, rule ?? null, now), ...decided, secondReviewRequired: false };
    });
  }

  /** The second reviewer disagrees: the dismissal is rejected and the case goes back to open. */
  async rejectDismissal(reviewer: Reviewer, actionId: string, reason: string): Promise<ActionResult> {
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const { row, c } = await this.pendingForSecondReview(tx, reviewer, actionId);
      const rejected = await this.repo.updateAction(tx, row.id, { status: 'rejected', secondReviewerId: reviewer.id });
      await this.repo.updateCase(tx, c.id, { status: 'open', updatedAt: now });
      await this.audit.record(tx, {
        actor: actorOfReviewer(reviewer), type: 'action.second_review_rejected', subject: { type: 'case', id: c.id },
        payload: { actionId: row.id, firstReviewer: row.decidedBy, reason },
      });
      const rule = row.ruleId ? await this.repo.rule(tx, row.ruleId) : undefined;
      return {
        action: this.view(rejected, rule ?? null, now), case: { id: c.id, status: 'open', resolution: c.resolution },
        secondReviewRequired: false, strikes: null, suspensionSuggested: false,
      };
    });
  }

  async pendingSecondReviews(limit: number) {
    const now = this.clock.now();
    const rows = await this.repo.pendingReviews(this.database.db, limit);
    const rules = await this.rulesById(rows.map((r) => r.action));
    return rows.map((r) => ({ ...this.view(r.action, rules.get(r.action.ruleId ?? '') ?? null, now), category: r.category, caseStatus: r.caseStatus }));
  }

  /** A case's actions, oldest first, and whether its strikes suggest a suspension not yet taken. */
  async caseActions(viewer: Reviewer | null, caseId: string): Promise<{ items: ActionView[]; suspensionSuggested: boolean }> {
    const db = this.database.db;
    const c = await this.repo.caseById(db, caseId);
    if (!c) throw notFound('Case');
    this.guardChildSafety(viewer, c.category);
    const now = this.clock.now();
    const rows = await this.repo.actionsForCase(db, caseId);
    const rules = await this.rulesById(rows);
    const items = rows.map((r) => this.view(r, rules.get(r.ruleId ?? '') ?? null, now));
    const [flag] = await this.audit.list({ subjectType: 'case', subjectId: caseId, type: 'case.suspension_suggested', limit: 1 });
    const suspendedSince = flag && rows.some((r) => ['suspend', 'ban'].includes(r.action) && r.status === 'active' && r.decidedAt >= flag.occurredAt);
    return { items, suspensionSuggested: Boolean(flag) && !suspendedSince };
  }

  async getAction(viewer: Reviewer | null, actionId: string): Promise<ActionView & { category: string; appeals: AppealView[] }> {
    const db = this.database.db;
    const row = await this.repo.action(db, actionId);
    if (!row) throw notFound('Action');
    const c = await this.repo.caseById(db, row.caseId);
    this.guardChildSafety(viewer, c?.category ?? 'other');
    const rule = row.ruleId ? await this.repo.rule(db, row.ruleId) : undefined;
    const appeals = await this.repo.appealsForAction(db, row.id);
    return { ...this.view(row, rule ?? null, this.clock.now()), category: c?.category ?? 'other', appeals: appeals.map(appealView) };
  }

  /** A member's strikes (active and past) and the thresholds in force. */
  async memberStrikes(member: string) {
    const db = this.database.db;
    const now = this.clock.now();
    const { enforcement } = (await this.policies.current()).document;
    const rows = await this.repo.strikesFor(db, member, 200);
    const items = rows.map(({ strike, action }) => ({
      actionId: strike.actionId, action: action ?? 'unknown', weight: strike.weight, createdAt: strike.createdAt.toISOString(),
      expiresAt: iso(strike.expiresAt), removedAt: iso(strike.removedAt),
      active: strike.removedAt === null && (strike.expiresAt === null || strike.expiresAt > now),
    }));
    const restrictions = await this.repo.restrictionsInForce(db, member, now);
    return {
      member,
      activeStrikes: items.filter((i) => i.active).reduce((sum, i) => sum + i.weight, 0),
      thresholds: [...enforcement.strikeThresholds].sort((a, b) => a - b),
      strikes: items,
      restrictionsInForce: restrictions.map((r) => ({ actionId: r.id, action: r.action, endsAt: iso(r.endsAt) })),
    };
  }

  // ======================================================================== appeals

  /** The platform files an appeal on behalf of the affected member. */
  async appealByPlatform(actor: Actor, actionId: string, input: { memberExternalId: string; text: string }): Promise<AppealView> {
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.action(tx, actionId, true);
      if (!row) throw notFound('Action');
      if (row.affectedExternalId !== input.memberExternalId) {
        throw conflict('not-affected-member', 'Only the member the decision affects may appeal it');
      }
      return this.fileAppeal(tx, actor, row, input.text, { channel: 'platform', apiKeyId: actor.id ?? null });
    });
  }

  /** The affected member appeals on the public page reached with the statement's link. */
  async appealByToken(token: string, input: { text: string; contactEmail?: string }): Promise<AppealView> {
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.actionByToken(tx, token, true);
      if (!row || !row.statement) throw notFound('Statement');
      const details: Record<string, unknown> = { channel: 'public' };
      if (input.contactEmail) details.contactEmailSealed = seal(this.emailKey, input.contactEmail);
      return this.fileAppeal(tx, { type: 'anonymous' }, row, input.text, details);
    });
  }

  /** What the public page shows: the decision, its statement and how to appeal; no personal data. */
  async publicStatement(token: string) {
    const db = this.database.db;
    const row = await this.repo.actionByToken(db, token);
    if (!row || !row.statement) throw notFound('Statement');
    const now = this.clock.now();
    const statement = row.statement as StoredStatement;
    const [appeal] = await this.repo.appealsForAction(db, row.id);
    const status = effectiveStatus(row, now);
    return {
      decision: { action: row.action, status, decidedAt: row.decidedAt.toISOString(), endsAt: iso(row.endsAt) },
      statement: statement.dsa,
      redress: statement.redress,
      appeal: appeal
        ? { status: appeal.status, receivedAt: appeal.receivedAt.toISOString(), decidedAt: iso(appeal.decidedAt), decisionReason: appeal.decisionReason }
        : null,
      canAppeal: !appeal && row.status !== 'reversed' && now <= new Date(statement.redress.appealDeadline),
    };
  }

  async listAppeals(status: string | undefined, after: string | undefined, limit: number) {
    const rows = await this.repo.listAppeals(this.database.db, status, after, limit);
    const items = rows.map((r) => {
      const { text: _text, ...rest } = appealView(r.appeal);
      return {
        ...rest, action: r.action.action, caseId: r.action.caseId, category: r.category, childSafety: isChildSafety(r.category),
        originalDeciderId: r.action.decidedBy,
      };
    });
    return { items, nextAfter: rows.length === limit ? rows[rows.length - 1]!.appeal.id : null };
  }

  async getAppeal(viewer: Reviewer, id: string) {
    const db = this.database.db;
    const appeal = await this.repo.appeal(db, id);
    if (!appeal) throw notFound('Appeal');
    const action = await this.getAction(viewer, appeal.actionId);
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
    return this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const appeal = await this.repo.appeal(tx, appealId, true);
      if (!appeal) throw notFound('Appeal');
      if (appeal.status !== 'open') throw conflict('appeal-decided', `The appeal was already ${appeal.status}`);
      const row = (await this.repo.action(tx, appeal.actionId, true))!;
      const c = (await this.repo.lockCase(tx, row.caseId))!;
      const childSafe = isChildSafety(c.category);
      if (reviewer.id === row.decidedBy || reviewer.id === row.secondReviewerId) {
        throw new TryggError(403, 'appeal-reviewer-must-differ', 'An appeal is decided by someone who did not take the decision');
      }
      if (childSafe && reviewer.role !== 'senior_moderator') {
        throw new TryggError(403, 'senior-moderator-required', 'Appeals in child-safety categories are decided by a senior moderator');
      }
      this.guardChildSafety(reviewer, c.category);
      const actor = actorOfReviewer(reviewer);
      const rule = row.ruleId ? await this.repo.rule(tx, row.ruleId) : undefined;
      const decidedAppeal = await this.repo.updateAppeal(tx, appeal.id, {
        status: input.outcome, decidedBy: reviewer.id, decisionReason: input.reason, decidedAt: now,
      });
      let action = row;
      let caseState = { id: c.id, status: c.status, resolution: c.resolution };
      if (input.outcome === 'reversed') {
        action = await this.repo.updateAction(tx, row.id, { status: 'reversed', reversedAt: now });
        const strikesRemoved = await this.repo.removeStrikes(tx, row.id, now);
        if (row.affectedExternalId && row.action in accountRestrictions) await this.recomputeRestriction(tx, row.affectedExternalId, now);
        caseState = await this.afterReversal(tx, actor, c, row, childSafe, input.caseAfter, now);
        await this.audit.record(tx, {
          actor, type: 'action.reversed', subject: { type: 'case', id: c.id },
          payload: { actionId: row.id, action: row.action, appealId: appeal.id, reason: input.reason, strikesRemoved, caseStatus: caseState.status },
        });
        await this.outbox.emit(tx, 'action.reversed', {
          actionId: row.id, caseId: c.id, action: row.action, subject: { type: row.subjectType, id: row.subjectId },
          member: row.affectedExternalId, reason: 'appeal', appealId: appeal.id, reversedAt: now.toISOString(),
        });
      }
      await this.audit.record(tx, {
        actor, type: `appeal.${input.outcome}`, subject: { type: 'case', id: c.id },
        payload: { appealId: appeal.id, actionId: row.id, reason: input.reason },
      });
      await this.outbox.emit(tx, 'statement.issued', {
        kind: 'appeal_decision', actionId: row.id, appealId: appeal.id, member: row.affectedExternalId, outcome: input.outcome,
        reason: input.reason, decidedAt: now.toISOString(), appealPath: `/appeal/${row.publicToken}`,
      });
      const sealed = (appeal.details as { contactEmailSealed?: string } | null)?.contactEmailSealed;
      const to = sealed ? this.unsealOrNull(sealed) : null;
      if (to) {
        await this.outbox.email(tx, {
          to, related: { type: 'appeal', id: appeal.id },
          subject: input.outcome === 'reversed' ? 'Your appeal was accepted' : 'Your appeal was not accepted',
          body: appealEmail(input.outcome, input.reason, `/appeal/${row.publicToken}`),
        });
      }
      return { appeal: appealView(decidedAppeal), action: this.view(action, rule ?? null, now), case: caseState };
    });
  }

  // ======================================================================== transparency

  /** Statements in the DSA Transparency Database request shape, a page at a time. */
  async exportStatements(after: string | undefined, limit: number, from?: Date, to?: Date): Promise<{ statements: DsaStatement[]; nextAfter: string | null }> {
    const rows = await this.repo.statementsPage(this.database.db, after, limit, from, to);
    return {
      statements: rows.map((r) => (r.statement as StoredStatement).dsa),
      nextAfter: rows.length === limit ? rows[rows.length - 1]!.id : null,
    };
  }

  // ======================================================================== internals

  private async applyDecision(
    tx: Tx,
    actor: Actor,
    c: CaseRow,
    row: ActionRow,
    rule: RuleRow | null,
    options: { followUp: boolean; keepOpen: boolean },
  ): Promise<Omit<ActionResult, 'action' | 'secondReviewRequired'>> {
    const now = this.clock.now();
    const action = row.action as ActionType;
    const { enforcement } = (await this.policies.current()).document;

    let strikes: StrikeSummary | null = null;
    if (strikingActions.has(action) && row.affectedExternalId) {
      const member = row.affectedExternalId;
      await this.repo.lockMember(tx, member);
      const before = await this.repo.activeStrikeWeight(tx, member, now);
      const weight = enforcement.strikeWeights[action as keyof typeof enforcement.strikeWeights];
      if (weight > 0) {
        await this.repo.insertStrike(tx, {
          id: newId(), memberExternalId: member, actionId: row.id, weight, createdAt: now,
          expiresAt: enforcement.strikeExpiryDays > 0 ? new Date(now.getTime() + enforcement.strikeExpiryDays * DAY) : null,
        });
      }
      const thresholds = [...enforcement.strikeThresholds].sort((a, b) => a - b);
      const crossed = thresholds.filter((t) => before < t && t <= before + weight);
      strikes = { member, added: weight, active: before + weight, thresholds, thresholdCrossed: crossed.length ? crossed[crossed.length - 1]! : null };
    }
    const suspensionSuggested = strikes?.thresholdCrossed != null && action !== 'suspend' && action !== 'ban';

    let caseState = { id: c.id, status: c.status, resolution: c.resolution };
    const decides = decidesCase(action) && !options.keepOpen;
    if (decides) {
      caseState = { id: c.id, status: 'resolved', resolution: caseResolution(action) };
      await this.repo.updateCase(tx, c.id, { status: 'resolved', resolution: caseState.resolution, resolvedAt: options.followUp ? c.resolvedAt : now, updatedAt: now });
    } else {
      await this.repo.updateCase(tx, c.id, { updatedAt: now });
    }
    const lifted = action === 'dismiss' ? await this.liftHides(tx, c.id, 'case dismissed', now) : [];
    if (row.affectedExternalId && action in accountRestrictions) await this.recomputeRestriction(tx, row.affectedExternalId, now);

    await this.audit.record(tx, {
      actor, type: 'action.taken', subject: { type: 'case', id: c.id },
      payload: {
        actionId: row.id, action, rule: rule?.code ?? null, endsAt: iso(row.endsAt), member: row.affectedExternalId,
        secondReviewer: row.secondReviewerId, caseStatus: caseState.status, resolution: caseState.resolution,
        strikes: strikes ? { added: strikes.added, active: strikes.active, thresholdCrossed: strikes.thresholdCrossed } : null,
        suspensionSuggested, liftedHides: lifted, followUp: options.followUp,
      },
    });
    if (suspensionSuggested) {
      await this.audit.record(tx, {
        actor, type: 'case.suspension_suggested', subject: { type: 'case', id: c.id },
        payload: { actionId: row.id, member: strikes!.member, activeStrikes: strikes!.active, threshold: strikes!.thresholdCrossed },
      });
    }
    await this.outbox.emit(tx, 'action.taken', {
      actionId: row.id, caseId: c.id, action, subject: { type: row.subjectType, id: row.subjectId }, member: row.affectedExternalId,
      endsAt: iso(row.endsAt), rule: rule ? { code: rule.code, title: rule.title } : null, decidedAt: row.decidedAt.toISOString(),
      statementPath: row.statement ? `/appeal/${row.publicToken}` : null,
    });
    if (row.statement) {
      await this.outbox.emit(tx, 'statement.issued', {
        kind: 'statement', actionId: row.id, member: row.affectedExternalId, statement: row.statement as unknown as Record<string, unknown>,
      });
    }
    if (decides && !options.followUp) await this.tellReporters(tx, c, action === 'dismiss' ? 'not_upheld' : 'upheld', action, now);
    return { case: caseState, strikes, suspensionSuggested };
  }

  /** After a reversal: a child-safety case always goes back to the queue; others as the reviewer chose. */
  private async afterReversal(
    tx: Tx, actor: Actor, c: CaseRow, row: ActionRow, childSafe: boolean, caseAfter: 'resolve' | 'reopen' | undefined, now: Date,
  ): Promise<{ id: string; status: string; resolution: string | null }> {
    if (c.status !== 'resolved' || !decidesCase(row.action as ActionType)) return { id: c.id, status: c.status, resolution: c.resolution };
    // Another decision on the case still stands (e.g. the removal when only the suspension after it is reversed).
    const standing = (await this.repo.actionsForCase(tx, c.id)).filter((a) => a.id !== row.id && a.status === 'active' && strikingActions.has(a.action as ActionType));
    const latest = standing[standing.length - 1];
    if (latest) {
      await this.repo.updateCase(tx, c.id, { resolution: latest.action, updatedAt: now });
      return { id: c.id, status: 'resolved', resolution: latest.action };
    }
    const wanted = childSafe ? 'reopen' : (caseAfter ?? 'resolve');
    const otherOpen = wanted === 'reopen' ? await this.repo.otherOpenCase(tx, c) : undefined;
    if (wanted === 'reopen' && !otherOpen) {
      await this.repo.updateCase(tx, c.id, { status: 'open', resolution: null, resolvedAt: null, assigneeId: null, claimedAt: null, updatedAt: now });
      await this.repo.setReportOutcome(tx, c.id, null);
      await this.audit.record(tx, { actor, type: 'case.reopened', subject: { type: 'case', id: c.id }, payload: { cause: 'appeal', actionId: row.id } });
      return { id: c.id, status: 'open', resolution: null };
    }
    await this.repo.updateCase(tx, c.id, { resolution: 'reversed_on_appeal', updatedAt: now });
    const lifted = await this.liftHides(tx, c.id, 'decision reversed on appeal', now);
    await this.audit.record(tx, {
      actor, type: 'case.resolved', subject: { type: 'case', id: c.id },
      payload: { cause: 'appeal', actionId: row.id, resolution: 'reversed_on_appeal', liftedHides: lifted, openCaseOnSubject: otherOpen ?? null },
    });
    await this.tellReporters(tx, c, 'not_upheld', 'reversed', now);
    return { id: c.id, status: 'resolved', resolution: 'reversed_on_appeal' };
  }

  private async fileAppeal(tx: Tx, actor: Actor, row: ActionRow, text: string, details: Record<string, unknown>): Promise<AppealView> {
    const now = this.clock.now();
    if (row.status === 'reversed') throw conflict('action-reversed', 'The decision was already reversed');
    if (!row.statement || row.status === 'pending_second_review' || row.status === 'rejected') {
      throw conflict('not-appealable', 'Only a decision with a statement of reasons can be appealed');
    }
    const deadline = new Date((row.statement as StoredStatement).redress.appealDeadline);
    if (now > deadline) {
      throw conflict('appeal-window-closed', `The appeal window for this decision closed at ${deadline.toISOString()}`);
    }
    if ((await this.repo.appealsForAction(tx, row.id)).length > 0) throw conflict('already-appealed', 'This decision has already been appealed');
    const appeal = await this.repo.insertAppeal(tx, {
      id: newId(), actionId: row.id, appellantExternalId: row.affectedExternalId, text, status: 'open', receivedAt: now, details,
    });
    await this.audit.record(tx, {
      actor, type: 'appeal.received', subject: { type: 'case', id: row.caseId },
      payload: { appealId: appeal.id, actionId: row.id, channel: details.channel, deadline: deadline.toISOString() },
    });
    return appealView(appeal);
  }

  private async pendingForSecondReview(tx: Tx, reviewer: Reviewer, actionId: string): Promise<{ row: ActionRow; c: CaseRow }> {
    const row = await this.repo.action(tx, actionId, true);
    if (!row) throw notFound('Action');
    if (row.status !== 'pending_second_review') throw conflict('not-pending', `The action is ${row.status}, not waiting for a second review`);
    if (reviewer.role !== 'senior_moderator') {
      throw new TryggError(403, 'senior-moderator-required', 'A second review is done by a senior moderator');
    }
    if (reviewer.id === row.decidedBy) {
      throw new TryggError(403, 'four-eyes-same-reviewer', 'The second review must be done by someone other than the first reviewer');
    }
    const c = (await this.repo.lockCase(tx, row.caseId))!;
    this.guardChildSafety(reviewer, c.category);
    return { row, c };
  }

  /** Lifts a case's precautionary hides (the platform restores the content). Returns their ids. */
  private async liftHides(tx: Tx, caseId: string, reason: string, now: Date): Promise<string[]> {
    const hides = await this.repo.activeHidesFor(tx, caseId);
    for (const h of hides) {
      await this.repo.updateAction(tx, h.id, { status: 'reversed', reversedAt: now });
      await this.outbox.emit(tx, 'action.reversed', {
        actionId: h.id, caseId, action: 'hide', subject: { type: h.subjectType, id: h.subjectId }, member: h.affectedExternalId,
        reason, reversedAt: now.toISOString(),
      });
    }
    return hides.map((h) => h.id);
  }

  /**
   * Sets the account's restriction from the actions in force, so contact decisions (capability 1)
   * deny a restricted, suspended or banned member contact with minors. The one lasting longest wins.
   */
  private async recomputeRestriction(tx: Tx, member: string, now: Date): Promise<void> {
    const inForce = await this.repo.restrictionsInForce(tx, member, now);
    const end = (r: ActionRow) => r.endsAt?.getTime() ?? Number.POSITIVE_INFINITY;
    inForce.sort((a, b) => end(b) - end(a) || (RESTRICTION_RANK[b.action] ?? 0) - (RESTRICTION_RANK[a.action] ?? 0));
    const top = inForce[0];
    await this.repo.setAccountRestriction(
      tx, member, top ? accountRestrictions[top.action as keyof typeof accountRestrictions] : null, top?.endsAt ?? null, now,
    );
  }

  /** Records each report's outcome and tells reporters: a webhook for members, e-mail to public reporters who gave one. */
  private async tellReporters(tx: Tx, c: CaseRow, outcome: 'upheld' | 'not_upheld', action: ActionType | 'reversed', now: Date): Promise<void> {
    const reports = await this.repo.reportsFor(tx, c.id);
    if (!reports.length) return;
    await this.repo.setReportOutcome(tx, c.id, outcome);
    for (const r of reports) {
      if (r.reporterExternalId) {
        await this.outbox.emit(tx, 'report.outcome', {
          reportId: r.id, receiptCode: r.receiptCode, reporter: r.reporterExternalId, caseId: c.id, outcome, action,
          decidedAt: now.toISOString(),
        });
      }
      const to = r.reporterEmailSealed ? this.unsealOrNull(r.reporterEmailSealed) : null;
      if (to) {
        await this.outbox.email(tx, {
          to, related: { type: 'report', id: r.id },
          subject: `The outcome of your report ${r.receiptCode}`,
          body: reporterEmail(r.receiptCode, outcome, action),
        });
      }
    }
  }

  private unsealOrNull(sealed: string): string | null {
    try {
      return unseal(this.emailKey, sealed);
    } catch {
      return null;
    }
  }

  private guardChildSafety(viewer: Reviewer | null, category: string): void {
    if (viewer && !viewer.twoFactor && isChildSafety(category)) {
      throw new TryggError(403, 'two-factor-required', 'Child-safety cases need a two-factor session: enrol in two-factor and sign in again');
    }
  }

  private endOf(input: ActionInput, now: Date, defaultDays: number): Date | null {
    if (input.action !== 'suspend' && input.action !== 'restrict_minors') {
      if (input.endsAt) throw badRequest('endsAt', `only a suspension or a restriction has an end, not ${input.action}`);
      return null;
    }
    if (!input.endsAt) return input.action === 'suspend' ? new Date(now.getTime() + defaultDays * DAY) : null;
    const endsAt = new Date(input.endsAt);
    if (!(endsAt > now)) throw badRequest('endsAt', 'must be in the future');
    if (endsAt.getTime() > now.getTime() + 3650 * DAY) throw badRequest('endsAt', 'must be within ten years; ban instead');
    return endsAt;
  }

  private contentDateOf(given: string | undefined, openedAt: Date, now: Date): Date {
    if (!given) return openedAt;
    const d = new Date(`${given}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== given) throw badRequest('contentDate', 'must be a date YYYY-MM-DD');
    if (given < '2000-01-01' || d > now) throw badRequest('contentDate', 'must be between 2000-01-01 and today');
    return d;
  }

  private async rulesById(rows: ActionRow[]): Promise<Map<string, RuleRow>> {
    const ids = [...new Set(rows.map((r) => r.ruleId).filter((id): id is string => id !== null))];
    const rules = await Promise.all(ids.map((id) => this.repo.rule(this.database.db, id)));
    return new Map(rules.filter((r): r is RuleRow => r !== undefined).map((r) => [r.id, r]));
  }

  private view(row: ActionRow, rule: RuleRow | null, now: Date): ActionView {
    return {
      id: row.id, caseId: row.caseId, subject: { type: row.subjectType, id: row.subjectId }, affectedExternalId: row.affectedExternalId,
      action: row.action, status: effectiveStatus(row, now), rule: rule ? { id: rule.id, code: rule.code, title: rule.title } : null,
      reason: row.reason, endsAt: iso(row.endsAt), decidedBy: row.decidedBy, secondReviewerId: row.secondReviewerId,
      decidedAt: row.decidedAt.toISOString(), reversedAt: iso(row.reversedAt), statement: (row.statement as StoredStatement | null) ?? null,
    };
  }
}

function checkGround(ground: DecisionGround, legalGround: string | null | undefined): string | null {
  if (ground === 'DECISION_GROUND_ILLEGAL_CONTENT') {
    if (!legalGround?.trim()) throw badRequest('legalGround', 'required when the ground is DECISION_GROUND_ILLEGAL_CONTENT (the law relied on)');
    return legalGround.trim();
  }
  if (legalGround) throw badRequest('legalGround', 'only a rule on illegal content has a legal ground');
  return null;
}

function effectiveStatus(row: ActionRow, now: Date): string {
  return row.status === 'active' && row.endsAt && row.endsAt <= now ? 'expired' : row.status;
}

function appealView(a: AppealRow): AppealView {
  return {
    id: a.id, actionId: a.actionId, appellantExternalId: a.appellantExternalId,
    channel: String((a.details as { channel?: string } | null)?.channel ?? 'unknown'), text: a.text, status: a.status,
    decidedBy: a.decidedBy, decisionReason: a.decisionReason, receivedAt: a.receivedAt.toISOString(), decidedAt: iso(a.decidedAt),
  };
}

function reporterEmail(receipt: string, outcome: 'upheld' | 'not_upheld', action: ActionType | 'reversed'): string {
  const result =
    action === 'reversed'
      ? 'After an appeal by the member concerned, a second reviewer reversed the earlier decision: the content or account is no longer restricted.'
      : outcome === 'upheld'
        ? 'We found that it broke the platform’s rules and acted on it.'
        : 'We did not find that it broke the platform’s rules, so we did not act on it.';
  return [
    `Thank you for your report (receipt ${receipt}).`,
    '',
    result,
    '',
    'If you disagree, you may turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
    'If a child is in danger, contact the police.',
  ].join('\n');
}

function appealEmail(outcome: 'upheld' | 'reversed', reason: string, path: string): string {
  return [
    outcome === 'reversed'
      ? 'A reviewer who did not take the first decision looked at your appeal and reversed the decision.'
      : 'A reviewer who did not take the first decision looked at your appeal and kept the decision.',
    '',
    `Reason: ${reason}`,
    '',
    `The decision and its statement of reasons: ${path}`,
    'You may also turn to a certified out-of-court dispute settlement body (DSA Art. 21) or to a court.',
  ].join('\n');
}

