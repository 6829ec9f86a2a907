import type { Clock } from '../../lib/clock.js';
import { sha256Hex } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { TryggError, badRequest, conflict, notFound } from '../../server/errors.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { EvidenceService } from './evidence.service.js';
import { buildPackage, fileNameFor, type ManifestItem } from './package.js';
import type { PoliceExportRow, PoliceRepo, PoliceRequestRow } from './police.repo.js';
import type { EvidenceSigner } from './signing.js';

/** Items in one package at most; a wider request is split by narrowing its scope or range. */
export const MAX_EXPORT_ITEMS = 2_000;

export interface PoliceScope {
  accounts: string[];
  cases: string[];
  from: string | null;
  to: string | null;
}

export interface PoliceRequestInput {
  agency: string;
  officer: string;
  contact: string;
  caseNumber: string;
  legalBasis: string;
  scope: PoliceScope;
  deadline: string;
}

export interface PoliceRequestView extends PoliceRequestInput {
  id: string;
  status: 'received' | 'accepted' | 'rejected' | 'fulfilled';
  receivedBy: string;
  receivedAt: string;
  review: { by: string; at: string; decision: 'accept' | 'reject'; reason: string } | null;
  fulfilledAt: string | null;
  exports: { id: string; packageSha256: string; itemCount: number; exportedBy: string; exportedAt: string }[];
}

/** A date-only end of range covers that whole day. */
const endOf = (to: string | null) => (!to ? null : new Date(to.length === 10 ? `${to}T23:59:59.999Z` : to));

const view = (r: PoliceRequestRow, exports: PoliceExportRow[] = []): PoliceRequestView => ({
  id: r.id, agency: r.agency, officer: r.officer, contact: r.contact, caseNumber: r.agencyCaseNumber, legalBasis: r.legalBasis,
  scope: r.scope as PoliceScope, deadline: r.deadline.toISOString(), status: r.status as PoliceRequestView['status'],
  receivedBy: r.receivedBy, receivedAt: r.receivedAt.toISOString(),
  review: r.reviewedAt ? { by: r.reviewedBy!, at: r.reviewedAt.toISOString(), decision: r.status === 'rejected' ? 'reject' : 'accept', reason: r.reviewReason ?? '' } : null,
  fulfilledAt: r.fulfilledAt?.toISOString() ?? null,
  exports: exports.map((e) => ({ id: e.id, packageSha256: e.packageSha256, itemCount: e.itemCount, exportedBy: e.exportedBy, exportedAt: e.exportedAt.toISOString() })),
});

/**
 * Police data requests: intake, review by legal, and fulfilment as a signed export package.
 * Every step is a moderation event; every export records who, which request, how many items
 * and the package's SHA-256.
 */
export class PoliceRequestsService {
  constructor(
    private readonly database: Database,
    private readonly repo: PoliceRepo,
    private readonly evidence: EvidenceService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly signer: EvidenceSigner,
  ) {}

  async intake(staffId: string, input: PoliceRequestInput): Promise<PoliceRequestView> {
    if (!input.scope.accounts.length && !input.scope.cases.length) throw badRequest('scope', 'name at least one account or case');
    if (input.scope.from && input.scope.to && input.scope.from > input.scope.to) throw badRequest('scope.to', 'must not be before scope.from');
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.insert(tx, {
        id: newId(), agency: input.agency, officer: input.officer, contact: input.contact, agencyCaseNumber: input.caseNumber,
        legalBasis: input.legalBasis, scope: input.scope, deadline: new Date(input.deadline), status: 'received',
        receivedBy: staffId, receivedAt: this.clock.now(),
      });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: staffId }, type: 'police_request.received', subject: { type: 'police_request', id: row.id },
        payload: { agency: input.agency, caseNumber: input.caseNumber, legalBasis: input.legalBasis, scope: input.scope, deadline: input.deadline },
      });
      return view(row);
    });
  }

  async review(staffId: string, id: string, decision: 'accept' | 'reject', reason: string): Promise<PoliceRequestView> {
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.byId(tx, id, true);
      if (!row) throw notFound('Police request');
      if (row.status !== 'received') throw conflict('request-reviewed', `The request was already reviewed (${row.status})`);
      const updated = await this.repo.update(tx, id, {
        status: decision === 'accept' ? 'accepted' : 'rejected', reviewedBy: staffId, reviewedAt: this.clock.now(), reviewReason: reason,
      });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: staffId }, type: decision === 'accept' ? 'police_request.accepted' : 'police_request.rejected',
        subject: { type: 'police_request', id }, payload: { reason },
      });
      return view(updated);
    });
  }

  async get(id: string): Promise<PoliceRequestView> {
    const row = await this.repo.byId(this.database.db, id);
    if (!row) throw notFound('Police request');
    return view(row, await this.repo.exportsFor(this.database.db, [id]));
  }

  /** A page of requests, each with its exports (the console shows every package's SHA-256 in the list). */
  async list(filter: { status?: string; limit: number; offset: number }): Promise<PoliceRequestView[]> {
    const rows = await this.repo.list(this.database.db, filter);
    const exports = await this.repo.exportsFor(this.database.db, rows.map((r) => r.id));
    return rows.map((r) => view(r, exports.filter((e) => e.requestId === r.id)));
  }

  /** Builds the signed package for an accepted request; the export is recorded before the bytes leave. */
  async export(staffId: string, id: string): Promise<{ filename: string; bytes: Buffer; sha256: string; itemCount: number }> {
    return this.database.db.transaction(async (tx) => {
      const row = await this.repo.byId(tx, id, true);
      if (!row) throw notFound('Police request');
      if (row.status !== 'accepted' && row.status !== 'fulfilled') {
        throw conflict('request-not-accepted', `Only an accepted request can be fulfilled; this one is ${row.status}`);
      }
      const scope = row.scope as PoliceScope;
      const found = await this.evidence.forExport(tx, {
        accounts: scope.accounts, cases: scope.cases, from: scope.from ? new Date(scope.from) : null, to: endOf(scope.to),
      }, MAX_EXPORT_ITEMS + 1);
      if (found.length > MAX_EXPORT_ITEMS) {
        throw new TryggError(413, 'export-too-large', `More than ${MAX_EXPORT_ITEMS} items: narrow the request's scope or date range`);
      }
      const now = this.clock.now();
      const exportId = newId();
      const files = new Map<string, Buffer>();
      const items: ManifestItem[] = found.map(({ item, bytes }) => {
        const file = bytes ? fileNameFor(item.id, item.contentType) : null;
        if (file && bytes) files.set(file, bytes);
        return {
          id: item.id, kind: item.kind, sha256: item.sha256, size: item.size, contentType: item.contentType, subject: item.subject,
          caseId: item.caseId, reason: item.reason, preservedAt: item.preservedAt, preservedBy: item.preservedBy, provenance: item.provenance,
          file, purged: !bytes,
        };
      });
      const request = {
        id: row.id, agency: row.agency, officer: row.officer, contact: row.contact, caseNumber: row.agencyCaseNumber, legalBasis: row.legalBasis,
        scope, deadline: row.deadline.toISOString(), receivedAt: row.receivedAt.toISOString(),
        review: { by: row.reviewedBy, at: row.reviewedAt?.toISOString() ?? null, reason: row.reviewReason },
      };
      const bytes = buildPackage({ exportId, exportedAt: now.toISOString(), exportedBy: staffId, request, items }, files, this.signer);
      const sha256 = sha256Hex(bytes);
      await this.repo.insertExport(tx, { id: exportId, requestId: id, packageSha256: sha256, itemCount: items.length, exportedBy: staffId, exportedAt: now });
      await this.repo.update(tx, id, { status: 'fulfilled', fulfilledAt: row.fulfilledAt ?? now });
      await this.audit.record(tx, {
        actor: { type: 'staff', id: staffId }, type: 'police_request.exported', subject: { type: 'police_request', id },
        payload: { exportId, items: items.length, purgedItems: items.filter((i) => i.purged).length, packageSha256: sha256, bytes: bytes.length },
      });
      return { filename: `trygg-export-${row.agencyCaseNumber.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)}-${exportId}.zip`, bytes, sha256, itemCount: items.length };
    });
  }
}
