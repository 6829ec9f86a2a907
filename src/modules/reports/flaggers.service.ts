import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { notFound } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { OrgRow, ReportsRepo } from './reports.repo.js';

export interface FlaggerView {
  id: string;
  name: string;
  contactEmail: string | null;
  verified: boolean;
  revoked: boolean;
  members: number;
  reports: number;
  decided: number;
  /** Share of decided reports that were upheld; null before any is decided. */
  upheldShare: number | null;
  createdAt: string;
}

/** Trusted flaggers (net-walker organisations): verified organisations whose members' reports get priority. */
export class FlaggersService {
  constructor(
    private readonly database: Database,
    private readonly repo: ReportsRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<FlaggerView[]> {
    const rows = await this.repo.orgsWithAccuracy(this.database.db);
    return rows.map(({ org, members, reports, upheld, decided }) => ({
      ...this.base(org), members: Number(members), reports: Number(reports), decided: Number(decided),
      upheldShare: Number(decided) ? Math.round((Number(upheld) / Number(decided)) * 1000) / 1000 : null,
    }));
  }

  async create(actor: Actor, name: string, contactEmail: string | undefined): Promise<FlaggerView> {
    const org = await this.database.db.transaction(async (tx) => {
      const row = await this.repo.insertOrg(tx, { id: newId(), name: name.trim(), contactEmail: contactEmail ?? null, createdAt: this.clock.now() });
      await this.audit.record(tx, { actor, type: 'flagger.created', subject: { type: 'trusted_flagger', id: row.id }, payload: { name: row.name } });
      return row;
    });
    return { ...this.base(org), members: 0, reports: 0, decided: 0, upheldShare: null };
  }

  /** Verify (their reports start counting as trusted) or revoke (they stop). */
  async setStatus(actor: Actor, id: string, status: 'verified' | 'revoked'): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      const now = this.clock.now();
      const row = await this.repo.updateOrg(tx, id, status === 'verified' ? { verifiedAt: now, revokedAt: null } : { revokedAt: now });
      if (!row) throw notFound('Trusted flagger');
      await this.audit.record(tx, { actor, type: `flagger.${status}`, subject: { type: 'trusted_flagger', id } });
    });
  }

  /** Adds a member account the organisation has verified as one of its own. */
  async addMember(actor: Actor, id: string, memberExternalId: string): Promise<{ added: boolean }> {
    return this.database.db.transaction(async (tx) => {
      if (!(await this.repo.orgById(tx, id))) throw notFound('Trusted flagger');
      const added = await this.repo.addMember(tx, id, memberExternalId, this.clock.now());
      if (added) await this.audit.record(tx, { actor, type: 'flagger.member_added', subject: { type: 'trusted_flagger', id }, payload: { memberExternalId } });
      return { added };
    });
  }

  private base(org: OrgRow) {
    return {
      id: org.id, name: org.name, contactEmail: org.contactEmail, verified: org.verifiedAt !== null && org.revokedAt === null,
      revoked: org.revokedAt !== null, createdAt: org.createdAt.toISOString(),
    };
  }
}
