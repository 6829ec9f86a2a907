import { TryggError, conflict, notFound } from '../../server/errors.js';
import type { Tx } from '../../storage/db.js';
import type { Reviewer } from '../actions/actions.types.js';
import type { BankEntry } from '../media/banks.repo.js';
import { supportFor, takedownRules } from './takedowns.config.js';
import { takedownMail, type MailKind } from './takedowns.mail.js';
import type { TakedownRow } from './takedowns.repo.js';
import type { TakedownDeps } from './takedowns.service.js';
import { kindOf, takedownView, type TakedownView } from './takedowns.views.js';

const staff = (r: Reviewer) => ({ type: 'staff' as const, id: r.id });
const DECIDED = new Set(['confirmed', 'rejected']);

/**
 * Staff decisions on takedown requests. A sensitive one (a minor, or sexual content) is decided
 * only by senior moderators: any one may confirm, and rejecting it takes two different ones, each
 * with a written reason. Every change is a moderation event in its transaction; webhooks and
 * e-mails leave through the outbox after commit.
 */
export class TakedownDecisions {
  constructor(private readonly deps: TakedownDeps) {}

  /** Removes the content, banks its hashes (re-uploads are blocked) and acts on the uploader per policy. */
  async confirm(reviewer: Reviewer, id: string, reason: string): Promise<TakedownView> {
    const { deps } = this;
    const bank = await deps.media.banks.confirmedBank();
    await deps.actions.content.ready();
    const row = await deps.database.db.transaction(async (tx) => {
      const r = await this.lockUndecided(tx, reviewer, id);
      const kind = kindOf(r.under18, r.sexual);
      const uploader = await this.uploaderOf(tx, r);
      const removeActionIds = r.caseId
        ? await deps.actions.content.remove(tx, staff(reviewer), reviewer.id, r.caseId, (r.content as string[]).map((ref) => ({ type: 'image', id: ref })), {
          member: uploader, rule: takedownRules[kind], reason: 'Removed on a takedown request after review by a senior moderator.',
          contentTypes: ['CONTENT_TYPE_IMAGE', 'CONTENT_TYPE_VIDEO'], uploaderAction: deps.config.uploader[kind],
        })
        : [];
      // Only sexual content or a minor's: the confirmed bank blocks uploads and opens child-safety cases.
      const entries = r.sensitive ? await this.hashesOf(tx, r) : [];
      await deps.media.banks.addInTransaction(tx, bank.id, entries, 'takedown');
      const now = deps.clock.now();
      const updated = await deps.repo.update(tx, r.id, {
        status: 'confirmed', decidedBy: reviewer.id, decisionReason: reason, decidedAt: now, updatedAt: now, removeActionIds, bankedHashes: entries.length,
      });
      await deps.audit.record(tx, {
        actor: staff(reviewer), type: 'takedown.confirmed', subject: { type: 'takedown', id: r.id },
        payload: { caseId: r.caseId, reason, removeActionIds, bankedHashes: entries.length, uploaderAction: uploader ? deps.config.uploader[kind] : null },
      });
      await this.tell(tx, updated, 'removed');
      return updated;
    });
    await deps.media.banks.followed();
    return takedownView(row, deps.contactKey);
  }

  /** The first rejection of a sensitive request waits for a second senior; the second (another person) rejects it. */
  async reject(reviewer: Reviewer, id: string, reason: string): Promise<TakedownView> {
    const { deps } = this;
    await deps.actions.content.ready();
    const row = await deps.database.db.transaction(async (tx) => {
      const r = await this.lockUndecided(tx, reviewer, id);
      const now = deps.clock.now();
      if (r.sensitive && r.status === 'open') {
        const updated = await deps.repo.update(tx, r.id, { status: 'rejection_pending', firstRejectedBy: reviewer.id, firstRejectionReason: reason, firstRejectedAt: now, updatedAt: now });
        await deps.audit.record(tx, { actor: staff(reviewer), type: 'takedown.rejection_proposed', subject: { type: 'takedown', id: r.id }, payload: { caseId: r.caseId, reason } });
        return updated;
      }
      if (r.firstRejectedBy === reviewer.id) {
        throw conflict('same-reviewer', 'The second rejection must come from a different senior moderator');
      }
      if (r.caseId) await deps.actions.content.withdrawHides(tx, staff(reviewer), r.caseId, r.hideActionIds as string[], 'takedown request rejected after review');
      const updated = await deps.repo.update(tx, r.id, { status: 'rejected', decidedBy: reviewer.id, decisionReason: reason, decidedAt: now, updatedAt: now });
      await deps.audit.record(tx, {
        actor: staff(reviewer), type: 'takedown.rejected', subject: { type: 'takedown', id: r.id },
        payload: { caseId: r.caseId, reason, firstRejectedBy: r.firstRejectedBy, firstReason: r.firstRejectionReason, liftedHides: r.hideActionIds },
      });
      await this.tell(tx, updated, 'not_removed');
      return updated;
    });
    return takedownView(row, deps.contactKey);
  }

  private async lockUndecided(tx: Tx, reviewer: Reviewer, id: string): Promise<TakedownRow> {
    const r = await this.deps.repo.byId(tx, id, true);
    if (!r) throw notFound('Takedown request');
    if (DECIDED.has(r.status)) throw conflict('takedown-decided', `The request is already ${r.status}`);
    if (r.sensitive && reviewer.role !== 'senior_moderator') {
      throw new TryggError(403, 'senior-moderator-required', 'A request about a minor or sexual content is decided by senior moderators');
    }
    return r;
  }

  /** The uploader named by the platform's latest media check of any of the content. */
  private async uploaderOf(tx: Tx, r: TakedownRow): Promise<string | null> {
    for (const ref of r.content as string[]) {
      const check = await this.deps.mediaRepo.latestForContent(tx, ref);
      if (check?.accountId) return check.accountId;
    }
    return null;
  }

  /** Hashes from the requester's browser and from the platform's checks of the content, each once. */
  private async hashesOf(tx: Tx, r: TakedownRow): Promise<BankEntry[]> {
    const label = `takedown ${r.id}`;
    const seen = new Map<string, BankEntry>();
    const add = (type: BankEntry['type'], hash: string | null | undefined) => {
      if (hash) seen.set(`${type}:${hash.toLowerCase()}`, { type, hash: hash.toLowerCase(), label });
    };
    for (const h of r.hashes as { pdq?: string; quality?: number; md5?: string }[]) {
      // A low-quality PDQ would match unrelated pictures.
      if (h.quality === undefined || h.quality >= 50) add('pdq', h.pdq);
      add('md5', h.md5);
    }
    for (const ref of r.content as string[]) {
      const check = await this.deps.mediaRepo.latestForContent(tx, ref);
      if (!check) continue;
      if ((check.quality ?? 100) >= 50) add('pdq', check.pdq);
      add('md5', check.md5);
      add('sha256', check.sha256);
    }
    return [...seen.values()];
  }

  private async tell(tx: Tx, r: TakedownRow, kind: MailKind): Promise<void> {
    const contact = takedownView(r, this.deps.contactKey).contact;
    if (!contact?.email) return;
    await this.deps.outbox.email(tx, {
      to: contact.email, related: { type: 'takedown', id: r.id },
      ...takedownMail(r.language, kind, { code: null, statusUrl: null, support: supportFor(this.deps.config, r.country) }),
    });
  }
}
