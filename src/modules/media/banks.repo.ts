import { and, asc, desc, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import type { HashType } from './bank-formats.js';
import { bankHashes, bankImports, hashBanks } from './media.schema.js';

export type BankRow = typeof hashBanks.$inferSelect;
export type BankImportRow = typeof bankImports.$inferSelect;

export interface BankEntry {
  type: HashType;
  hash: string;
  label: string | null;
}

/** One change a node's index applies: an entry added (or re-added) or withdrawn. */
export interface BankChange {
  id: number;
  bankId: string;
  type: HashType;
  hash: string;
  withdrawn: boolean;
  seq: number;
}

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

/**
 * A PostgreSQL array literal: one parameter carries a whole batch (a JSON parameter per row costs
 * more to build and parse than the database spends inserting at 200,000 rows a second).
 */
export function arrayLiteral(values: (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
}

export class BanksRepo {
  async insertBank(db: Queryable, row: typeof hashBanks.$inferInsert): Promise<BankRow> {
    const [bank] = await db.insert(hashBanks).values(row).returning();
    return bank!;
  }

  async banks(db: Queryable): Promise<(BankRow & { active: number; withdrawn: number })[]> {
    const counts = rowsOf(await db.execute(sql`
      SELECT bank_id, count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS active, count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
      FROM bank_hashes GROUP BY bank_id`));
    const byBank = new Map(counts.map((c) => [c.bank_id as string, { active: Number(c.active), withdrawn: Number(c.withdrawn) }]));
    const rows = await db.select().from(hashBanks).orderBy(asc(hashBanks.name));
    return rows.map((b) => ({ ...b, ...(byBank.get(b.id) ?? { active: 0, withdrawn: 0 }) }));
  }

  async bankById(db: Queryable, id: string): Promise<BankRow | undefined> {
    const [row] = await db.select().from(hashBanks).where(eq(hashBanks.id, id));
    return row;
  }

  async bankByName(db: Queryable, name: string): Promise<BankRow | undefined> {
    const [row] = await db.select().from(hashBanks).where(eq(hashBanks.name, name));
    return row;
  }

  /**
   * Writers take turns (a transaction-scoped advisory lock taken before the first change number):
   * change numbers then commit in order, so a node that has seen number N has seen all below it.
   */
  private async serialise(db: Queryable): Promise<void> {
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext('trygg:bank_changes'))`);
  }

  /** Adds entries not in the bank and re-activates withdrawn ones; returns how many changed. */
  async add(db: Queryable, bankId: string, entries: BankEntry[], source: string, at: Date): Promise<number> {
    if (!entries.length) return 0;
    await this.serialise(db);
    const result = await db.execute(sql`
      WITH changed AS (
        INSERT INTO bank_hashes (bank_id, hash_type, hash, label, source, added_at)
        SELECT ${bankId}::uuid, t, h, l, ${source}, ${at.toISOString()}::timestamptz
        FROM unnest(${arrayLiteral(entries.map((e) => e.type))}::text[], ${arrayLiteral(entries.map((e) => e.hash))}::text[],
          ${arrayLiteral(entries.map((e) => e.label))}::text[]) AS u(t, h, l)
        ON CONFLICT (hash, hash_type, bank_id) DO UPDATE
          SET withdrawn_at = NULL, added_at = excluded.added_at, source = excluded.source,
              label = coalesce(excluded.label, bank_hashes.label), change_seq = nextval('bank_hash_change_seq')
          WHERE bank_hashes.withdrawn_at IS NOT NULL
        RETURNING 1)
      SELECT count(*)::int AS n FROM changed`);
    return Number(rowsOf(result)[0]?.n ?? 0);
  }

  /** Withdraws active entries (StopNCII Withdrawn/Deleted, a moderator's correction); returns how many. */
  async withdraw(db: Queryable, bankId: string, entries: Pick<BankEntry, 'type' | 'hash'>[], at: Date): Promise<number> {
    if (!entries.length) return 0;
    await this.serialise(db);
    const result = await db.execute(sql`
      WITH changed AS (
        UPDATE bank_hashes b SET withdrawn_at = ${at.toISOString()}::timestamptz, change_seq = nextval('bank_hash_change_seq')
        FROM unnest(${arrayLiteral(entries.map((e) => e.type))}::text[], ${arrayLiteral(entries.map((e) => e.hash))}::text[]) AS u(t, h)
        WHERE b.bank_id = ${bankId}::uuid AND b.hash_type = u.t AND b.hash = u.h AND b.withdrawn_at IS NULL
        RETURNING 1)
      SELECT count(*)::int AS n FROM changed`);
    return Number(rowsOf(result)[0]?.n ?? 0);
  }

  /** Active entries in id order, a page at a time: how a node loads its index at start. */
  async activePage(db: Queryable, afterId: number, limit: number): Promise<BankChange[]> {
    const rows = await db.select({ id: bankHashes.id, bankId: bankHashes.bankId, type: bankHashes.hashType, hash: bankHashes.hash, seq: bankHashes.changeSeq })
      .from(bankHashes).where(and(gt(bankHashes.id, afterId), isNull(bankHashes.withdrawnAt))).orderBy(asc(bankHashes.id)).limit(limit);
    return rows.map((r) => ({ ...r, type: r.type as HashType, withdrawn: false }));
  }

  /** Changes after a sequence number, in order: how a node follows other nodes' writes. */
  async changesSince(db: Queryable, seq: number, limit: number): Promise<BankChange[]> {
    const rows = await db.select({
      id: bankHashes.id, bankId: bankHashes.bankId, type: bankHashes.hashType, hash: bankHashes.hash, seq: bankHashes.changeSeq,
      withdrawnAt: bankHashes.withdrawnAt,
    }).from(bankHashes).where(gt(bankHashes.changeSeq, seq)).orderBy(asc(bankHashes.changeSeq)).limit(limit);
    return rows.map(({ withdrawnAt, ...r }) => ({ ...r, type: r.type as HashType, withdrawn: withdrawnAt !== null }));
  }

  async lastChange(db: Queryable): Promise<number> {
    const rows = rowsOf(await db.execute(sql`SELECT coalesce(max(change_seq), 0)::bigint AS seq FROM bank_hashes`));
    return Number(rows[0]?.seq ?? 0);
  }

  /** Every bank holding this hash, withdrawn entries included (staff look-up). */
  async lookup(db: Queryable, hash: string): Promise<(typeof bankHashes.$inferSelect & { bankName: string })[]> {
    return db.select({ ...getTableColumns(bankHashes), bankName: hashBanks.name }).from(bankHashes)
      .innerJoin(hashBanks, eq(hashBanks.id, bankHashes.bankId)).where(eq(bankHashes.hash, hash.toLowerCase()));
  }

  async entriesByIds(db: Queryable, ids: number[]): Promise<(typeof bankHashes.$inferSelect)[]> {
    if (!ids.length) return [];
    return db.select().from(bankHashes).where(sql`${bankHashes.id} = ANY(${arrayLiteral(ids.map(String))}::int[])`);
  }

  /** Active entries of a bank in id order, for export. */
  async exportPage(db: Queryable, bankId: string, afterId: number, limit: number): Promise<(typeof bankHashes.$inferSelect)[]> {
    return db.select().from(bankHashes)
      .where(and(eq(bankHashes.bankId, bankId), gt(bankHashes.id, afterId), isNull(bankHashes.withdrawnAt)))
      .orderBy(asc(bankHashes.id)).limit(limit);
  }

  async insertImport(db: Queryable, row: typeof bankImports.$inferInsert): Promise<BankImportRow> {
    const [created] = await db.insert(bankImports).values(row).returning();
    return created!;
  }

  /** The unfinished import of this very file into this bank, to resume. */
  async unfinishedImport(db: Queryable, bankId: string, fileSha256: string): Promise<BankImportRow | undefined> {
    const [row] = await db.select().from(bankImports)
      .where(and(eq(bankImports.bankId, bankId), eq(bankImports.fileSha256, fileSha256), eq(bankImports.status, 'running')))
      .orderBy(desc(bankImports.startedAt)).limit(1);
    return row;
  }

  async updateImport(db: Queryable, id: string, patch: Partial<typeof bankImports.$inferInsert>): Promise<void> {
    await db.update(bankImports).set(patch).where(eq(bankImports.id, id));
  }

  async imports(db: Queryable, bankId: string, limit = 20): Promise<BankImportRow[]> {
    return db.select().from(bankImports).where(eq(bankImports.bankId, bankId)).orderBy(desc(bankImports.startedAt)).limit(limit);
  }
}
