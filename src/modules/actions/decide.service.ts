import { randomToken } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { TryggError, badRequest, conflict, notFound } from '../../server/errors.js';
import type { Tx } from '../../storage/db.js';
import type { Actor } from '../audit/audit.types.js';
import type { ActionRow, CaseRow, RuleRow } from './actions.repo.js';
import {
  accountRestrictions,
  addMonths,
  buildStatement,
  decidesCase,
  isChildSafety,
  strikingActions,
  type ActionType,
} from './actions.statement.js';
import type { ActionInput, ActionResult, ActionsDeps, Reviewer, StrikeSummary } from './actions.types.js';
import { actionView, actorOfReviewer, iso } from './actions.views.js';
import { liftHides, recomputeRestriction } from './enforcement.js';
import { tellMember, tellReporters } from './notify.js';

const EMAIL_IN_TEXT = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
const DAY = 86_400_000;
const caseResolution = (action: ActionType) => (action === 'dismiss' ? 'no_violation' : action);

/** Taking an action on a case. */
export class DecideService {
  constructor(private readonly deps: ActionsDeps) {}

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
    const { enforcement } = (await this.deps.policies.current()).document;
    if (input.confirmMedia && input.confirmMedia !== 'none' && input.action !== 'remove') {
      throw badRequest('confirmMedia', 'only a removal confirms media for the hash bank');
    }
    const result = await this.deps.database.db.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const c = await this.deps.repo.lockCase(tx, caseId);
      if (!c) throw notFound('Case');
      const childSafe = isChildSafety(c.category);
      if (childSafe && !reviewer.twoFactor) {
        throw new TryggError(403, 'two-factor-required', 'Child-safety cases need a two-factor session: enrol in two-factor and sign in again');
      }
      if (await this.deps.repo.pendingReviewFor(tx, c.id)) {
        throw conflict('second-review-pending', 'A dismissal of this case waits for a second reviewer: confirm or reject it first');
      }
      const followUp = c.status === 'resolved';
      if (followUp) {
        const standing = (await this.deps.repo.actionsForCase(tx, c.id)).some((a) => a.status === 'active' && strikingActions.has(a.action as ActionType));
        if (!strikingActions.has(input.action) || !standing) {
          throw conflict('case-resolved', 'The case is resolved; only a further restriction may follow a decision that found a breach');
        }
      }
      if (c.assigneeId && c.assigneeId !== reviewer.id && reviewer.role === 'moderator') {
        throw conflict('case-claimed', 'Another moderator has claimed this case');
      }
      const rule = await this.deps.repo.rule(tx, input.ruleId);
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
        const row = await this.deps.repo.insertAction(tx, {
          id, caseId: c.id, subjectType: c.subjectType, subjectId: c.subjectId, affectedExternalId: affected, action: 'dismiss',
          ruleId: rule.id, reason: input.reason, status: 'pending_second_review', decidedBy: reviewer.id, publicToken, decidedAt: now,
        });
        await this.deps.repo.updateCase(tx, c.id, { status: 'waiting', updatedAt: now });
        await this.deps.audit.record(tx, {
          actor: actorOfReviewer(reviewer), type: 'action.pending_second_review', subject: { type: 'case', id: c.id },
          payload: { actionId: id, action: 'dismiss', rule: rule.code, category: c.category, previousStatus: c.status },
        });
        return {
          action: actionView(row, rule, now), case: { id: c.id, status: 'waiting', resolution: c.resolution },
          secondReviewRequired: true, strikes: null, suspensionSuggested: false,
        };
      }

      const reports = await this.deps.repo.reportsFor(tx, c.id);
      const signals = await this.deps.repo.caseItemCount(tx, c.id);
      const appealDeadline = addMonths(now, enforcement.appealWindowMonths);
      const statement = buildStatement({
        actionId: id, action: input.action, category: c.category, subjectType: c.subjectType, rule, reason: input.reason,
        decidedAt: now, endsAt, contentDate, contentTypes: input.contentTypes, territorialScope: input.territorialScope,
        reportSources: reports.map((r) => r.source), automatedDetection: signals > 0 || (reports.length === 0 && c.signals > 0),
        publicToken, appealUrl: this.deps.links.appeal(publicToken), appealDeadline, appealWindowMonths: enforcement.appealWindowMonths,
      });
      const row = await this.deps.repo.insertAction(tx, {
        id, caseId: c.id, subjectType: c.subjectType, subjectId: c.subjectId, affectedExternalId: affected, action: input.action,
        ruleId: rule.id, reason: input.reason, status: 'active', endsAt, decidedBy: reviewer.id, statement, publicToken, decidedAt: now,
      });
      const decided = await applyDecision(this.deps, tx, actorOfReviewer(reviewer), c, row, rule, { followUp, keepOpen: input.keepOpen ?? false });
      const confirmedAs = input.confirmMedia ?? (c.category === 'csam' ? 'csam' : 'none');
      if (input.action === 'remove' && confirmedAs !== 'none' && this.deps.confirmRemovedMedia) {
        await this.deps.confirmRemovedMedia.inTransaction(tx, { caseId: c.id, contentId: c.subjectId, confirmedAs, by: actorOfReviewer(reviewer) });
      }
      return { action: actionView(row, rule, now), ...decided, secondReviewRequired: false };
    });
    // The hashes a removal banked block re-uploads on this node at once (other nodes follow).
    if (input.action === 'remove') await this.deps.confirmRemovedMedia?.after();
    return result;
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
}

/**
 * What follows an action in force (also a confirmed dismissal): strikes, the case's status, hides lifted,
 * the account's restriction, the moderation events, the webhooks and the reporters' outcome.
 */
export async function applyDecision(
  deps: ActionsDeps,
  tx: Tx,
  actor: Actor,
  c: CaseRow,
  row: ActionRow,
  rule: RuleRow | null,
  options: { followUp: boolean; keepOpen: boolean },
): Promise<Omit<ActionResult, 'action' | 'secondReviewRequired'>> {
  const now = deps.clock.now();
  const action = row.action as ActionType;
  const { enforcement } = (await deps.policies.current()).document;

  let strikes: StrikeSummary | null = null;
  if (strikingActions.has(action) && row.affectedExternalId) {
    const member = row.affectedExternalId;
    await deps.repo.lockMember(tx, member);
    const before = await deps.repo.activeStrikeWeight(tx, member, now);
    const weight = enforcement.strikeWeights[action as keyof typeof enforcement.strikeWeights];
    if (weight > 0) {
      await deps.repo.insertStrike(tx, {
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
    await deps.repo.updateCase(tx, c.id, { status: 'resolved', resolution: caseState.resolution, resolvedAt: options.followUp ? c.resolvedAt : now, updatedAt: now });
  } else {
    await deps.repo.updateCase(tx, c.id, { updatedAt: now });
  }
  const lifted = action === 'dismiss' ? await liftHides(deps, tx, c.id, 'case dismissed', now) : [];
  if (row.affectedExternalId && action in accountRestrictions) await recomputeRestriction(deps, tx, row.affectedExternalId, now);
  if (action === 'ban' && row.affectedExternalId) await deps.preserveOnBan?.(tx, row.affectedExternalId, c.id, row.id, actor);

  await deps.audit.record(tx, {
    actor, type: 'action.taken', subject: { type: 'case', id: c.id },
    payload: {
      actionId: row.id, action, rule: rule?.code ?? null, endsAt: iso(row.endsAt), member: row.affectedExternalId,
      secondReviewer: row.secondReviewerId, caseStatus: caseState.status, resolution: caseState.resolution,
      strikes: strikes ? { added: strikes.added, active: strikes.active, thresholdCrossed: strikes.thresholdCrossed } : null,
      suspensionSuggested, liftedHides: lifted, followUp: options.followUp,
    },
  });
  if (suspensionSuggested) {
    await deps.audit.record(tx, {
      actor, type: 'case.suspension_suggested', subject: { type: 'case', id: c.id },
      payload: { actionId: row.id, member: strikes!.member, activeStrikes: strikes!.active, threshold: strikes!.thresholdCrossed },
    });
  }
  await deps.outbox.emit(tx, 'action.taken', {
    actionId: row.id, caseId: c.id, action, subject: { type: row.subjectType, id: row.subjectId }, member: row.affectedExternalId,
    endsAt: iso(row.endsAt), rule: rule ? { code: rule.code, title: rule.title } : null, decidedAt: row.decidedAt.toISOString(),
    statementPath: row.statement ? `/appeal/${row.publicToken}` : null,
    statementUrl: row.statement ? deps.links.appeal(row.publicToken) : null,
  });
  if (row.statement) {
    await deps.outbox.emit(tx, 'statement.issued', {
      kind: 'statement', actionId: row.id, member: row.affectedExternalId, statement: row.statement as unknown as Record<string, unknown>,
      appealUrl: deps.links.appeal(row.publicToken),
    });
    await tellMember(deps, tx, row, rule);
  }
  if (decides && !options.followUp) await tellReporters(deps, tx, c, action === 'dismiss' ? 'not_upheld' : 'upheld', action, now);
  return { case: caseState, strikes, suspensionSuggested };
}
