import { canonicalJson } from '../../lib/crypto.js';
import type { Queryable } from '../../storage/db.js';
import type { Actor } from '../audit/audit.types.js';
import { isChildSafety } from '../cases/categories.js';
import type { EvidenceItemRow } from './evidence.repo.js';
import type { EvidenceService, PreservationReason } from './evidence.service.js';
import type { PreservationRepo } from './preservation.repo.js';

/** The parts of a case that preservation needs. */
export interface CaseRef {
  id: string;
  subjectType: string;
  subjectId: string;
  category: string;
}

/** Automatic preservation runs as the system, whoever caused it (the cause is in the provenance). */
export const PRESERVATION_ACTOR: Actor = { type: 'system', id: 'evidence.preservation' };

/** The member a case is about, when it is about a member (an account or its profile). */
export const memberOf = (c: Pick<CaseRef, 'subjectType' | 'subjectId'>): string | null =>
  c.subjectType === 'account' || c.subjectType === 'profile' ? c.subjectId : null;

const json = (value: unknown) => Buffer.from(canonicalJson(value));

/**
 * Preserves what a member's case needs later: an account snapshot, the login and IP history, and
 * the decisions on them. Runs inside the causing transaction (a child-safety case opening, a ban,
 * a legal hold), so the evidence commits with its cause or not at all. The snapshots carry no
 * preservation time, so an unchanged account adds items but no new blobs.
 */
export class PreservationService {
  constructor(
    private readonly repo: PreservationRepo,
    private readonly evidence: EvidenceService,
  ) {}

  async preserveMember(
    tx: Queryable,
    input: { member: string; caseId: string | null; reason: PreservationReason; cause: Record<string, unknown> },
  ): Promise<EvidenceItemRow[]> {
    const account = await this.repo.account(tx, input.member);
    if (!account) return [];
    const { emailSealed: _sealed, ...kept } = account;
    const subject = { type: 'account', id: input.member };
    const base = { subject, caseId: input.caseId, reason: input.reason, contentType: 'application/json' };
    const items: EvidenceItemRow[] = [];
    items.push(await this.evidence.preserve(tx, PRESERVATION_ACTOR, {
      ...base, kind: 'account_snapshot', bytes: json({ type: 'account_snapshot', account: kept }),
      provenance: { what: 'account snapshot', from: 'accounts', ...input.cause },
    }));
    const logins = await this.repo.logins(tx, account.id);
    items.push(await this.evidence.preserve(tx, PRESERVATION_ACTOR, {
      ...base, kind: 'login_history',
      bytes: json({
        type: 'login_history', account: input.member,
        logins: logins.map((l) => ({ kind: l.kind, ip: l.ip, deviceId: l.deviceId, userAgent: l.userAgent, occurredAt: l.occurredAt })),
      }),
      provenance: { what: 'login and IP history', from: 'account_logins', count: logins.length, ...input.cause },
    }));
    const decisions = await this.repo.decisions(tx, input.member);
    items.push(await this.evidence.preserve(tx, PRESERVATION_ACTOR, {
      ...base, kind: 'decision',
      // The public token opens the member's appeal page: it is a credential, not evidence.
      bytes: json({ type: 'decisions', member: input.member, decisions: decisions.map(({ publicToken: _token, ...d }) => d) }),
      provenance: { what: 'decisions on the member', from: 'moderation_actions', count: decisions.length, ...input.cause },
    }));
    return items;
  }

  /** A case opened in, or moved into, a child-safety category. */
  async onChildSafetyCase(tx: Queryable, kase: CaseRef, cause: 'case_opened' | 'category_changed'): Promise<void> {
    const member = memberOf(kase);
    if (!member || !isChildSafety(kase.category)) return;
    await this.preserveMember(tx, { member, caseId: kase.id, reason: 'case_opened', cause: { trigger: cause, caseId: kase.id, category: kase.category } });
  }

  /** A ban took effect (applyDecision); the decisions item includes the ban itself. */
  async onBan(tx: Queryable, member: string, caseId: string, actionId: string, by: Actor): Promise<void> {
    await this.preserveMember(tx, { member, caseId, reason: 'account_banned', cause: { trigger: 'account_banned', actionId, bannedBy: by } });
  }

  async memberExists(tx: Queryable, externalId: string): Promise<boolean> {
    return (await this.repo.account(tx, externalId)) !== undefined;
  }

  async caseRef(tx: Queryable, caseId: string): Promise<CaseRef | undefined> {
    return this.repo.caseById(tx, caseId);
  }
}
