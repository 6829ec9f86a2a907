import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import type { ContactChanges } from '../policy/contact.changes.js';
import { notFound } from '../../server/errors.js';
import type { AccountRow, CommunityRepo } from './community.repo.js';
import type { accountLogins, accounts } from './community.schema.js';

type NewAccountRow = typeof accounts.$inferInsert;
type NewLoginRow = typeof accountLogins.$inferInsert;
const LOGIN_CHUNK = 2_000;

export interface AccountView {
  id: string;
  externalId: string;
  displayName: string;
  birthDate: string;
  age: number;
  country: string | null;
  locale: string | null;
  status: string;
  registeredAt: string;
  ageVerified: boolean;
  ageVerificationMethod: string | null;
  restriction: string | null;
  restrictedUntil: string | null;
}

/** Whole years between a birth date (YYYY-MM-DD) and a moment, in UTC. */
export function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  const month = at.getUTCMonth() + 1;
  if (month < m || (month === m && at.getUTCDate() < d)) age -= 1;
  return age;
}

export class CommunityService {
  constructor(
    private readonly database: Database,
    private readonly repo: CommunityRepo,
    private readonly clock: Clock,
    /** Tells contact decisions' caches about members they may have cached as unknown. */
    private readonly contactChanges?: ContactChanges,
  ) {}

  view(row: AccountRow): AccountView {
    return {
      id: row.id,
      externalId: row.externalId,
      displayName: row.displayName,
      birthDate: row.birthDate,
      age: ageOn(row.birthDate, this.clock.now()),
      country: row.country,
      locale: row.locale,
      status: row.status,
      registeredAt: row.registeredAt.toISOString(),
      ageVerified: row.ageVerifiedAt !== null,
      ageVerificationMethod: row.ageVerificationMethod,
      restriction: row.restriction,
      restrictedUntil: row.restrictedUntil?.toISOString() ?? null,
    };
  }

  async findByExternalId(externalId: string): Promise<AccountView | undefined> {
    const row = await this.repo.byExternalId(this.database.db, externalId);
    return row && this.view(row);
  }

  async getByExternalId(externalId: string): Promise<AccountView> {
    const row = await this.repo.byExternalId(this.database.db, externalId);
    if (!row) throw notFound('Account');
    return this.view(row);
  }

  /**
   * Imports members with their login history in one transaction (the demo; later, a platform's
   * backfill). Accounts already known (same id or external id) are skipped with their logins.
   */
  async importMembers(members: { account: NewAccountRow; logins: NewLoginRow[] }[]): Promise<{ imported: number; logins: number }> {
    return this.database.db.transaction(async (tx) => {
      const inserted = new Set(await this.repo.insertAccounts(tx, members.map((m) => m.account)));
      await this.contactChanges?.announce(tx, { accounts: members.filter((m) => inserted.has(m.account.id)).map((m) => m.account.externalId) });
      const logins = members.filter((m) => inserted.has(m.account.id)).flatMap((m) => m.logins);
      // Bounded statements: PostgreSQL takes at most 65,535 parameters in one.
      for (let i = 0; i < logins.length; i += LOGIN_CHUNK) await this.repo.insertLogins(tx, logins.slice(i, i + LOGIN_CHUNK));
      return { imported: inserted.size, logins: logins.length };
    });
  }

  count(): Promise<number> {
    return this.repo.count(this.database.db);
  }
}
