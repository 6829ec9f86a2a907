import type { Tx } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { BankEntry } from './banks.repo.js';
import type { BanksService } from './banks.service.js';
import type { MediaRepo } from './media.repo.js';

/**
 * The feedback loop (issue 5, point 6): an image a moderator removes as CSAM or non-consensual
 * intimate imagery joins the platform-confirmed bank, so the same picture, altered or not, is
 * blocked when it comes back. Its hashes are those of the platform's last check of that content.
 */
export class MediaFeedback {
  constructor(
    private readonly repo: MediaRepo,
    private readonly banks: BanksService,
    private readonly audit: AuditService,
  ) {}

  async inTransaction(tx: Tx, removal: { caseId: string; contentId: string; confirmedAs: 'csam' | 'ncii'; by: Actor }): Promise<number> {
    const check = await this.repo.latestForContent(tx, removal.contentId);
    const label = `${removal.confirmedAs} case ${removal.caseId}`;
    const entries: BankEntry[] = [];
    // A PDQ hash under the quality floor would match too loosely to block on.
    if (check?.pdq && (check.quality ?? 0) >= 50) entries.push({ type: 'pdq', hash: check.pdq, label });
    if (check?.md5) entries.push({ type: 'md5', hash: check.md5, label });
    if (check?.sha256) entries.push({ type: 'sha256', hash: check.sha256, label });
    const bank = await this.banks.confirmedBankIn(tx);
    const added = entries.length ? await this.banks.addInTransaction(tx, bank.id, entries, `feedback:${removal.caseId}`) : 0;
    await this.audit.record(tx, {
      actor: removal.by, type: entries.length ? 'bank.confirmed_removal' : 'bank.confirmed_removal_without_hashes', subject: { type: 'case', id: removal.caseId },
      payload: { bankId: bank.id, contentId: removal.contentId, confirmedAs: removal.confirmedAs, checkId: check?.id ?? null, added, types: entries.map((e) => e.type) },
    });
    return added;
  }

  after(): Promise<void> {
    return this.banks.followed();
  }
}
