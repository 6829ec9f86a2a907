import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import { notFound } from '../../server/errors.js';
import type { AccountRow, CommunityRepo } from './community.repo.js';

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
    };
  }

  async getByExternalId(externalId: string): Promise<AccountView> {
    const row = await this.repo.byExternalId(this.database.db, externalId);
    if (!row) throw notFound('Account');
    return this.view(row);
  }

  count(): Promise<number> {
    return this.repo.count(this.database.db);
  }
}
