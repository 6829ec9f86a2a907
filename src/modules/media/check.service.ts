import type { Clock } from '../../lib/clock.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { TryggError, badRequest } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { CasesService } from '../cases/cases.service.js';
import type { EvidenceService } from '../evidence/evidence.service.js';
import type { Outbox } from '../webhooks/outbox.js';
import { validHash } from './bank-formats.js';
import type { BankRow, BanksRepo } from './banks.repo.js';
import type { IndexHit, MediaIndex } from './media-index.js';
import type { MediaRepo } from './media.repo.js';
import { hashUpload } from './upload-hashes.js';
import { isMediaError } from './pdq/media-error.js';

export interface CheckInput {
  bytes?: Buffer;
  contentType?: string;
  hashes?: { pdq?: string; quality?: number; md5?: string; sha256?: string };
  /** The uploader (platform account id) and the platform's id for the content. */
  accountId?: string;
  contentId?: string;
}

export interface MediaMatch {
  bank: { id: string; name: string; kind: string };
  type: 'pdq' | 'md5' | 'sha256';
  distance: number;
  action: string;
  label: string | null;
  /** Set when the upload matched only with a likely crop undone (crop-variants.ts). */
  variant: string | null;
}

export interface CheckResult {
  checkId: string;
  verdict: 'block' | 'flag' | 'allow';
  hashes: { pdq: string | null; quality: number | null; md5: string | null; sha256: string | null };
  matches: MediaMatch[];
  caseId: string | null;
  evidenceId: string | null;
}

const BLOCKING = new Set(['block_and_case', 'block']);
const BANKS_TTL_MS = 5_000;

/** `POST /v1/media/check`: hash the upload (or take the platform's hashes), match every bank, act. */
export class MediaCheckService {
  private banks: { at: number; byId: Map<string, BankRow>; maxThreshold: number } | null = null;

  constructor(
    private readonly database: Database,
    private readonly repo: MediaRepo,
    private readonly banksRepo: BanksRepo,
    private readonly index: MediaIndex,
    private readonly cases: CasesService,
    private readonly evidence: EvidenceService,
    private readonly outbox: Outbox,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async check(actor: Actor, input: CheckInput): Promise<CheckResult> {
    const { variants, ...hashes } = input.bytes ? await this.hashBytes(input.bytes, input.contentType) : { ...this.givenHashes(input.hashes), variants: [] };
    let banks = await this.bankTable();
    const hits: (IndexHit & { variant: string | null })[] = (await this.index.search(hashes, banks.maxThreshold)).map((h) => ({ ...h, variant: null }));
    // Crop variants only matter when the picture as uploaded matched nothing by PDQ.
    if (!hits.some((h) => h.type === 'pdq')) {
      for (const v of variants) {
        for (const h of await this.index.search({ pdq: v.pdq }, banks.maxThreshold)) hits.push({ ...h, variant: v.name });
      }
    }
    const entries = new Map((await this.banksRepo.entriesByIds(this.database.db, [...new Set(hits.map((h) => h.entryId))])).map((e) => [e.id, e]));
    // A bank created since the copy was taken (on another node, or the confirmed bank on first use).
    if ([...entries.values()].some((e) => !banks.byId.has(e.bankId))) {
      this.banks = null;
      banks = await this.bankTable();
    }
    const best = new Map<string, MediaMatch>();
    for (const hit of hits) {
      const entry = entries.get(hit.entryId);
      const bank = entry && banks.byId.get(entry.bankId);
      if (!entry || !bank || entry.withdrawnAt) continue;
      // A PDQ match counts within the bank's distance, and only for a hash of trustworthy quality.
      if (hit.type === 'pdq' && (hit.distance > bank.pdqThreshold || (hashes.quality ?? 100) < bank.qualityFloor)) continue;
      const match = { bank: { id: bank.id, name: bank.name, kind: bank.kind }, type: hit.type, distance: hit.distance, action: bank.action, label: entry.label, variant: hit.variant };
      const key = `${entry.id}`;
      const seen = best.get(key);
      if (!seen || seen.distance > match.distance) best.set(key, match);
    }
    const matches = [...best.values()];
    matches.sort((a, b) => Number(BLOCKING.has(b.action)) - Number(BLOCKING.has(a.action)) || a.distance - b.distance);
    const verdict = matches.some((m) => BLOCKING.has(m.action)) ? 'block' : matches.length ? 'flag' : 'allow';
    return this.record(actor, input, hashes, matches, verdict, banks.byId);
  }

  private async record(actor: Actor, input: CheckInput, hashes: CheckResult['hashes'], matches: MediaMatch[], verdict: CheckResult['verdict'], banks: Map<string, BankRow>): Promise<CheckResult> {
    const checkId = newId();
    return this.database.db.transaction(async (tx) => {
      let caseId: string | null = null;
      let evidenceId: string | null = null;
      const subject = input.accountId ? { type: 'account', id: input.accountId } : { type: 'image', id: input.contentId ?? `sha256:${hashes.sha256 ?? hashes.pdq}` };
      const opening = matches.find((m) => m.action === 'block_and_case' || m.action === 'flag');
      if (opening) {
        const bank = banks.get(opening.bank.id)!;
        const signal = await this.cases.addSignal(tx, actor, {
          subject, category: bank.category, minorInvolved: bank.category === 'csam', trustedFlagger: false, kind: 'media.bank_match',
          dedupeKey: `media:${hashes.sha256 ?? hashes.pdq}`,
          evidence: { checkId, contentId: input.contentId ?? null, uploader: input.accountId ?? null, hashes, matches },
        });
        caseId = signal.caseId;
      }
      if (verdict === 'block' && input.bytes) {
        const item = await this.evidence.preserve(tx, actor, {
          kind: 'content', bytes: input.bytes, contentType: input.contentType ?? 'application/octet-stream', subject, caseId, reason: 'bank_match',
          provenance: { what: 'upload blocked by a bank match', from: 'POST /v1/media/check', contentId: input.contentId ?? null, uploader: input.accountId ?? null, checkId },
        });
        evidenceId = item.id;
      }
      await this.repo.insertCheck(tx, {
        id: checkId, accountId: input.accountId ?? null, contentId: input.contentId ?? null, ...hashes, verdict, matches, caseId, evidenceId,
        checkedAt: this.clock.now(),
      });
      if (verdict !== 'allow') {
        await this.audit.record(tx, {
          actor, type: verdict === 'block' ? 'media.blocked' : 'media.flagged', subject,
          payload: { checkId, caseId, evidenceId, matches: matches.map((m) => ({ bank: m.bank.name, type: m.type, distance: m.distance })) },
        });
        await this.outbox.emit(tx, 'media.matched', { checkId, verdict, contentId: input.contentId ?? null, accountId: input.accountId ?? null, caseId, hashes, matches });
      }
      return { checkId, verdict, hashes, matches, caseId, evidenceId };
    });
  }

  private async hashBytes(bytes: Buffer, contentType?: string): Promise<CheckResult['hashes'] & { variants: { name: string; pdq: string }[] }> {
    try {
      return await hashUpload(bytes, contentType);
    } catch (error) {
      if (isMediaError(error)) {
        const status = error.code === 'too_large' ? 413 : error.code === 'unsupported_format' || error.code === 'content_type_mismatch' ? 415 : 422;
        throw new TryggError(status, `media-${error.code.replace(/_/g, '-')}`, error.message, [{ field: 'body', message: error.message }]);
      }
      throw error;
    }
  }

  private givenHashes(given: CheckInput['hashes']): CheckResult['hashes'] {
    if (!given || (!given.pdq && !given.md5 && !given.sha256)) throw badRequest('body', 'send the image bytes, or at least one of hashes.pdq, hashes.md5, hashes.sha256');
    for (const type of ['pdq', 'md5', 'sha256'] as const) {
      const value = given[type];
      const problem = value === undefined ? null : validHash(type, value);
      if (problem) throw badRequest(`body.hashes.${type}`, problem);
    }
    return { pdq: given.pdq?.toLowerCase() ?? null, quality: given.quality ?? null, md5: given.md5?.toLowerCase() ?? null, sha256: given.sha256?.toLowerCase() ?? null };
  }

  /** Banks change rarely: a short-lived copy spares a query per upload. */
  private async bankTable(): Promise<{ byId: Map<string, BankRow>; maxThreshold: number }> {
    const now = Date.now();
    if (this.banks && now - this.banks.at < BANKS_TTL_MS) return this.banks;
    const rows = await this.banksRepo.bankRows(this.database.db);
    this.banks = { at: now, byId: new Map(rows.map((b) => [b.id, b])), maxThreshold: Math.max(31, ...rows.map((b) => b.pdqThreshold)) };
    return this.banks;
  }

  /** The match log, newest first; `before` is the opaque cursor of the previous page. */
  async matchLog(limit: number, before?: string) {
    const cursor = before ? decodeTimeCursor(before) : undefined;
    if (cursor === null) throw badRequest('querystring.before', 'not a cursor this API gave');
    const rows = await this.repo.matches(this.database.db, limit, cursor);
    const last = rows.length === limit ? rows[rows.length - 1] : undefined;
    return {
      items: rows.map((r) => ({
        checkId: r.id, verdict: r.verdict as CheckResult['verdict'], hashes: { pdq: r.pdq, quality: r.quality, md5: r.md5, sha256: r.sha256 },
        matches: r.matches as MediaMatch[], caseId: r.caseId, evidenceId: r.evidenceId, accountId: r.accountId, contentId: r.contentId,
        checkedAt: r.checkedAt.toISOString(),
      })),
      next: last ? encodeTimeCursor(last.checkedAt, last.id) : null,
    };
  }

  /** A bank created or changed on this node is seen by the next check. */
  forgetBanks(): void {
    this.banks = null;
  }
}
