import { createHash } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database, Queryable } from '../../storage/db.js';
import { TryggError, notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { openBytes, sealBytes, type EvidenceKeyring } from './evidence.keys.js';
import type { EvidenceBlobRow, EvidenceItemRow, EvidenceRepo } from './evidence.repo.js';

export type EvidenceKind = 'content' | 'transcript' | 'account_snapshot' | 'login_history' | 'decision';
export type PreservationReason = 'case_opened' | 'account_banned' | 'bank_match' | 'legal_hold' | 'takedown';

export interface Preservation {
  kind: EvidenceKind;
  bytes: Buffer;
  contentType: string;
  subject: { type: string; id: string };
  caseId?: string | null;
  reason: PreservationReason;
  /** What it is and where it came from (e.g. the upload's content id, the API route). */
  provenance: Record<string, unknown>;
}

export interface ExportScope {
  accounts: string[];
  cases: string[];
  from?: Date | null;
  to?: Date | null;
}

export interface EvidenceItemView {
  id: string;
  kind: string;
  sha256: string;
  size: number;
  contentType: string;
  subject: { type: string; id: string };
  caseId: string | null;
  reason: string;
  provenance: unknown;
  preservedBy: { type: string; id: string | null };
  preservedAt: string;
  purged: boolean;
}

/**
 * The evidence store: append-only items, each addressing an encrypted blob by the SHA-256 of its
 * plaintext. Preservation joins the causing transaction; every opening is audited.
 */
export class EvidenceService {
  constructor(
    private readonly database: Database,
    private readonly repo: EvidenceRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly keys: EvidenceKeyring,
  ) {}

  async preserve(tx: Queryable, actor: Actor, p: Preservation): Promise<EvidenceItemRow> {
    const now = this.clock.now();
    const sha256 = createHash('sha256').update(p.bytes).digest('hex');
    await this.repo.insertBlob(tx, {
      sha256, size: p.bytes.length, contentType: p.contentType, keyId: this.keys.current.id,
      sealed: sealBytes(this.keys.current.key, p.bytes, sha256), createdAt: now,
    });
    const item = await this.repo.insertItem(tx, {
      id: newId(), kind: p.kind, blobSha256: sha256, subjectType: p.subject.type, subjectId: p.subject.id, caseId: p.caseId ?? null,
      reason: p.reason, provenance: { ...p.provenance, preservedAt: now.toISOString() }, actorType: actor.type, actorId: actor.id ?? null,
      createdAt: now,
    });
    await this.audit.record(tx, {
      actor, type: 'evidence.preserved', subject: p.subject,
      payload: { itemId: item.id, sha256, kind: p.kind, reason: p.reason, caseId: p.caseId ?? null, size: p.bytes.length },
    });
    return item;
  }

  async describe(itemId: string): Promise<EvidenceItemView> {
    const item = await this.repo.item(this.database.db, itemId);
    if (!item) throw notFound('Evidence item');
    return this.view(item);
  }

  async forCase(caseId: string): Promise<EvidenceItemView[]> {
    return Promise.all((await this.repo.forCase(this.database.db, caseId)).map((i) => this.view(i)));
  }

  async forSubject(subjectType: string, subjectId: string): Promise<EvidenceItemView[]> {
    return Promise.all((await this.repo.forSubject(this.database.db, subjectType, subjectId)).map((i) => this.view(i)));
  }

  /**
   * Items and their plaintext for an export package, in the caller's transaction; purged items come
   * with null bytes (their record stays). The caller audits the export as a whole.
   */
  async forExport(tx: Queryable, scope: ExportScope, limit: number): Promise<{ item: EvidenceItemView; bytes: Buffer | null }[]> {
    const items = await this.repo.forScope(tx, scope, limit);
    const out: { item: EvidenceItemView; bytes: Buffer | null }[] = [];
    for (const item of items) {
      const blob = await this.repo.blob(tx, item.blobSha256);
      const key = blob?.sealed ? this.keys.byId(blob.keyId) : undefined;
      if (blob?.sealed && !key) throw new TryggError(500, 'evidence-key-missing', `Evidence key ${blob.keyId} is not configured`);
      out.push({ item: this.viewOf(item, blob), bytes: blob?.sealed && key ? openBytes(key, blob.sealed, blob.sha256) : null });
    }
    return out;
  }

  /**
   * After a key rotation: seals every blob held under an older key again with the current key, a
   * batch per transaction (a moderation event each), so the older key can be retired.
   */
  async reseal(actor: Actor, batch = 200): Promise<{ resealed: number }> {
    let resealed = 0;
    for (;;) {
      const n = await this.database.db.transaction(async (tx) => {
        const blobs = await this.repo.sealedUnderOtherKeys(tx, this.keys.current.id, batch);
        for (const blob of blobs) {
          const key = this.keys.byId(blob.keyId);
          if (!key) throw new TryggError(500, 'evidence-key-missing', `Evidence key ${blob.keyId} is not configured: add it back to re-seal`);
          const plain = openBytes(key, blob.sealed!, blob.sha256);
          await this.repo.reseal(tx, blob.sha256, this.keys.current.id, sealBytes(this.keys.current.key, plain, blob.sha256));
        }
        if (blobs.length) {
          await this.audit.record(tx, { actor, type: 'evidence.resealed', subject: null, payload: { blobs: blobs.length, keyId: this.keys.current.id } });
        }
        return blobs.length;
      });
      resealed += n;
      if (n < batch) return { resealed };
    }
  }

  /** The plaintext, for a stated reason; the opening is recorded before the bytes leave. */
  async open(actor: Actor, itemId: string, reason: string): Promise<{ bytes: Buffer; contentType: string; sha256: string }> {
    const item = await this.repo.item(this.database.db, itemId);
    if (!item) throw notFound('Evidence item');
    const blob = await this.repo.blob(this.database.db, item.blobSha256);
    if (!blob?.sealed) throw new TryggError(410, 'evidence-purged', 'The content was purged under the retention schedule; its record remains');
    const key = this.keys.byId(blob.keyId);
    if (!key) throw new TryggError(500, 'evidence-key-missing', `Evidence key ${blob.keyId} is not configured`);
    await this.audit.recordAlone({
      actor, type: 'evidence.opened', subject: { type: item.subjectType, id: item.subjectId },
      payload: { itemId, sha256: blob.sha256, caseId: item.caseId, reason },
    });
    return { bytes: openBytes(key, blob.sealed, blob.sha256), contentType: blob.contentType, sha256: blob.sha256 };
  }

  private async view(item: EvidenceItemRow): Promise<EvidenceItemView> {
    return this.viewOf(item, await this.repo.blob(this.database.db, item.blobSha256));
  }

  private viewOf(item: EvidenceItemRow, blob: EvidenceBlobRow | undefined): EvidenceItemView {
    return {
      id: item.id, kind: item.kind, sha256: item.blobSha256, size: blob?.size ?? 0, contentType: blob?.contentType ?? 'application/octet-stream',
      subject: { type: item.subjectType, id: item.subjectId }, caseId: item.caseId, reason: item.reason, provenance: item.provenance,
      preservedBy: { type: item.actorType, id: item.actorId }, preservedAt: item.createdAt.toISOString(), purged: !blob?.sealed,
    };
  }
}
