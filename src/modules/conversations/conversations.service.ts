import { unseal } from '../../lib/crypto.js';
import type { Database, Queryable } from '../../storage/db.js';
import { TryggError, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseRow, CasesRepo } from '../cases/cases.repo.js';
import { ALL_CAP, caseReferences, scopes, wideningRoles, type AccessScope, type CaseReferences } from './conversations.refs.js';
import { messageIdOf, type ConversationsRepo, type MessageRow } from './conversations.repo.js';

export interface Viewer {
  id: string;
  role: string;
}

export interface AccessRequest {
  caseId: string;
  messageId?: string;
  conversationId?: string;
  reason: string;
  /** Beyond the default ±10: senior moderators, admins and legal, with a reason of their own. */
  widen?: { scope: Exclude<AccessScope, 'around'>; reason: string };
}

export interface ReportFilter {
  staffId?: string;
  caseId?: string;
  from?: Date;
  to?: Date;
  before?: number;
  limit: number;
}

interface Refusal {
  status: 403 | 404;
  code: string;
  field: string;
  message: string;
}

type Anchored = { anchor: MessageRow } | { refusal: Refusal };

/**
 * Message text leaves Trygg only here: through a case that references the conversation, for a
 * stated reason, a window around the referenced message, and a moderation event committed
 * before the text is unsealed. Refused attempts are on the record too.
 */
export class ConversationsService {
  constructor(
    private readonly database: Database,
    private readonly repo: ConversationsRepo,
    private readonly cases: CasesRepo,
    private readonly audit: AuditService,
    private readonly key: Buffer,
  ) {}

  async open(viewer: Viewer, request: AccessRequest) {
    const actor = { type: 'staff' as const, id: viewer.id };
    if (request.widen && !wideningRoles.has(viewer.role)) {
      return this.refuse(viewer, request, { status: 403, code: 'widening-not-allowed', field: 'body.widen', message: 'only a senior moderator, admin or legal may widen the view' });
    }
    const outcome = await this.database.db.transaction(async (tx) => {
      const kase = await this.cases.byId(tx, request.caseId);
      if (!kase) throw notFound('Case');
      const items = await this.cases.itemsFor(tx, kase.id);
      const found = await this.anchorFor(tx, kase, caseReferences(kase, items.map((i) => i.evidence)), request);
      if ('refusal' in found) return found;
      const scope: AccessScope = request.widen?.scope ?? 'around';
      const reach = scope === 'all' ? ALL_CAP : scopes[scope];
      const earlier = await this.repo.beside(tx, found.anchor, 'before', reach);
      const later = await this.repo.beside(tx, found.anchor, 'after', reach);
      const moreBefore = earlier.length > reach;
      const moreAfter = later.length > reach;
      const window = [...(moreBefore ? earlier.slice(1) : earlier), found.anchor, ...later.slice(0, reach)];
      const anchorMessageId = messageIdOf(found.anchor);
      // On the record, in this transaction, before any text is unsealed.
      const event = await this.audit.record(tx, {
        actor, type: request.widen ? 'conversation.widened' : 'conversation.viewed', subject: { type: 'case', id: kase.id },
        payload: {
          caseId: kase.id, conversationId: found.anchor.conversationId, anchorMessageId, scope, role: viewer.role,
          firstMessageId: messageIdOf(window[0]!), lastMessageId: messageIdOf(window[window.length - 1]!), messages: window.length,
          reason: request.widen?.reason ?? request.reason, ...(request.widen && { viewReason: request.reason }),
        },
      });
      return { event, window, anchorMessageId, scope, moreBefore, moreAfter };
    });
    if ('refusal' in outcome) return this.refuse(viewer, request, outcome.refusal);
    const { event, window, anchorMessageId, scope, moreBefore, moreAfter } = outcome;
    return {
      accessId: event.id, caseId: request.caseId, conversationId: window[0]!.conversationId, anchorMessageId, scope, moreBefore, moreAfter,
      messages: window.map((m) => ({
        id: messageIdOf(m), from: m.fromExternalId, to: m.toExternalId, sentAt: m.sentAt.toISOString(), hasMedia: m.hasMedia,
        text: m.textSealed === null ? null : unseal(this.key, m.textSealed), anchor: messageIdOf(m) === anchorMessageId,
      })),
    };
  }

  /** The access report: who opened which conversation through which case, when and why. */
  async report(filter: ReportFilter) {
    const rows = await this.audit.list({
      type: 'conversation.*', actorId: filter.staffId, subjectType: filter.caseId ? 'case' : undefined, subjectId: filter.caseId,
      from: filter.from, to: filter.to, beforeSeq: filter.before, limit: filter.limit,
    });
    const staff = await this.repo.staffEmails(this.database.db, [...new Set(rows.flatMap((r) => (r.actorType === 'staff' && r.actorId ? [r.actorId] : [])))]);
    const items = rows.map((r) => {
      const p = r.payload as Record<string, unknown>;
      const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : null);
      return {
        seq: r.seq, id: r.id, occurredAt: r.occurredAt.toISOString(), kind: r.type.slice('conversation.'.length),
        staff: { id: r.actorId, email: (r.actorId && staff.get(r.actorId)?.email) ?? null, role: text('role') ?? (r.actorId && staff.get(r.actorId)?.role) ?? null },
        caseId: r.subjectId, conversationId: text('conversationId'), anchorMessageId: text('anchorMessageId'), scope: text('scope'),
        firstMessageId: text('firstMessageId'), lastMessageId: text('lastMessageId'),
        messages: typeof p.messages === 'number' ? p.messages : 0, reason: text('reason') ?? '', viewReason: text('viewReason'), refusal: text('code'),
      };
    });
    return { items, nextBefore: rows.length === filter.limit ? rows[rows.length - 1]!.seq : null };
  }

  /** The message a view centres on: one the case references, or the last of a referenced conversation when the case opened. */
  private async anchorFor(tx: Queryable, kase: CaseRow, refs: CaseReferences, request: AccessRequest): Promise<Anchored> {
    const referenced = await this.repo.messagesById(tx, refs.messageIds);
    const conversations = [...new Set([...referenced.map((m) => m.conversationId), ...refs.conversationIds])];
    if (!refs.messageIds.length && !conversations.length) {
      return { refusal: { status: 403, code: 'conversation-not-referenced', field: 'params.id', message: 'this case references no message or conversation' } };
    }
    if (request.messageId !== undefined) {
      if (!refs.messageIds.includes(request.messageId)) {
        // Any other message is reached by widening around a referenced one, never by moving the centre.
        return { refusal: { status: 403, code: 'conversation-not-referenced', field: 'body.messageId', message: 'this case does not reference that message' } };
      }
      const anchor = referenced.find((m) => messageIdOf(m) === request.messageId);
      if (!anchor) throw new TryggError(404, 'not-found', 'The referenced message was never received from the platform', [{ field: 'body.messageId', message: 'not received' }]);
      return { anchor };
    }
    const conversationId = request.conversationId ?? conversations[0] ?? null;
    if (request.conversationId !== undefined && !conversations.includes(request.conversationId)) {
      return { refusal: { status: 403, code: 'conversation-not-referenced', field: 'body.conversationId', message: 'this case does not reference that conversation' } };
    }
    const anchor = referenced.find((m) => m.conversationId === conversationId)
      ?? (conversationId ? await this.repo.lastAtOrBefore(tx, conversationId, kase.openedAt) : undefined);
    if (!anchor) throw new TryggError(404, 'not-found', 'No message of the referenced conversation was received from the platform', [{ field: request.conversationId ? 'body.conversationId' : 'params.id', message: 'no messages received' }]);
    return { anchor };
  }

  private async refuse(viewer: Viewer, request: AccessRequest, refusal: Refusal): Promise<never> {
    await this.audit.recordAlone({
      actor: { type: 'staff', id: viewer.id }, type: 'conversation.refused', subject: { type: 'case', id: request.caseId },
      payload: {
        caseId: request.caseId, role: viewer.role, code: refusal.code, field: refusal.field, reason: request.widen?.reason ?? request.reason,
        conversationId: request.conversationId ?? null, anchorMessageId: request.messageId ?? null, scope: request.widen?.scope ?? 'around',
      },
    });
    throw new TryggError(refusal.status, refusal.code, `${refusal.field}: ${refusal.message}`, [{ field: refusal.field, message: refusal.message }]);
  }
}
