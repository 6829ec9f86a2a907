import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { conflict, notFound } from '../../server/errors.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import { memberOf, type PreservationService } from './preservation.service.js';
import type { LegalHoldRow, RetentionRepo } from './retention.repo.js';

export type HoldScope = 'account' | 'case';

export interface LegalHoldView {
  id: string;
  scope: { type: HoldScope; id: string };
  reason: string;
  placedBy: string;
  placedAt: string;
  released: { by: string; at: string; reason: string } | null;
  active: boolean;
  /** Items preserved when the hold was placed (an account snapshot, logins, decisions). */
  preservedItems?: string[];
}

export const holdView = (h: LegalHoldRow): LegalHoldView => ({
  id: h.id, scope: { type: h.scopeType as HoldScope, id: h.scopeId }, reason: h.reason, placedBy: h.placedBy, placedAt: h.placedAt.toISOString(),
  released: h.releasedAt ? { by: h.releasedBy!, at: h.releasedAt.toISOString(), reason: h.releaseReason ?? '' } : null, active: !h.releasedAt,
});

/**
 * Legal holds: while one is active, nothing preserved for its scope is purged. Placing a hold also
 * preserves the member's current account, logins and decisions. Every change is a moderation event
 * in the same transaction. The routes allow only the legal role, with two-factor.
 */
export class LegalHoldsService {
  constructor(
    private readonly database: Database,
    private readonly repo: RetentionRepo,
    private readonly preservation: PreservationService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async place(staffId: string, input: { scope: { type: HoldScope; id: string }; reason: string }): Promise<LegalHoldView> {
    const { type, id } = input.scope;
    return this.database.db.transaction(async (tx) => {
      // Holds name real scopes: a known member (by external id) or an existing case.
      if (type === 'account' && !(await this.preservation.memberExists(tx, id))) throw notFound('Account');
      const kase = type === 'case' ? await this.preservation.caseRef(tx, id) : undefined;
      if (type === 'case' && !kase) throw notFound('Case');
      await this.repo.lockScope(tx, type, id);
      const existing = await this.repo.activeHoldOn(tx, type, id);
      if (existing) throw conflict('hold-exists', `An active legal hold (${existing.id}) already covers this ${type}; release it first to change it`);
      const hold = await this.repo.insertHold(tx, {
        id: newId(), scopeType: type, scopeId: id, reason: input.reason, placedBy: staffId, placedAt: this.clock.now(),
      });
      const actor = { type: 'staff' as const, id: staffId };
      await this.audit.record(tx, { actor, type: 'legal_hold.placed', subject: { type, id }, payload: { holdId: hold.id, reason: input.reason } });
      const member = type === 'account' ? id : kase ? memberOf(kase) : null;
      const items = member
        ? await this.preservation.preserveMember(tx, { member, caseId: kase?.id ?? null, reason: 'legal_hold', cause: { trigger: 'legal_hold', holdId: hold.id, placedBy: staffId } })
        : [];
      return { ...holdView(hold), preservedItems: items.map((i) => i.id) };
    });
  }

  async release(staffId: string, holdId: string, reason: string): Promise<LegalHoldView> {
    return this.database.db.transaction(async (tx) => {
      const hold = await this.repo.hold(tx, holdId, true);
      if (!hold) throw notFound('Legal hold');
      if (hold.releasedAt) throw conflict('hold-released', 'The legal hold is already released');
      const released = await this.repo.releaseHold(tx, holdId, staffId, this.clock.now(), reason);
      await this.audit.record(tx, {
        actor: { type: 'staff', id: staffId }, type: 'legal_hold.released', subject: { type: hold.scopeType, id: hold.scopeId },
        payload: { holdId, reason, placedAt: hold.placedAt.toISOString() },
      });
      return holdView(released);
    });
  }

  async get(holdId: string): Promise<LegalHoldView> {
    const hold = await this.repo.hold(this.database.db, holdId);
    if (!hold) throw notFound('Legal hold');
    return holdView(hold);
  }

  async list(filter: { active?: boolean; scopeType?: HoldScope; scopeId?: string; limit: number; offset: number }): Promise<LegalHoldView[]> {
    return (await this.repo.holds(this.database.db, filter)).map(holdView);
  }
}
