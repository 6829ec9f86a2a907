import { sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { rowsOf } from '../../storage/rows.js';
import type { HashType } from './bank-formats.js';
import { partitionName, uuidLiteral, type BankEntry, type BanksRepo, type EntryArrays } from './banks.repo.js';

/** The bare table an import into an empty bank loads, until it becomes the bank's partition. */
export const loadTableName = (importId: string): string => `bank_load_${importId.replace(/-/g, '')}`;

/**
 * An import into an empty bank, loaded whole (the bulk path). Keeping the hash_key B-tree in order
 * row by row is most of what a row-by-row import costs (PostgreSQL here: ~70,000 rows/s with it,
 * ~250,000 without), so the rows go into a bare table, committed batch by batch with the import's
 * progress, and its indexes are built once at the end. The table then becomes the bank's partition
 * of bank_hashes in one short transaction, with a change telling every node to read the bank.
 */
export class BankLoadRepo {
  constructor(private readonly banks: BanksRepo) {}

  /** The bare table, with bank_hashes' columns and defaults (ids from its sequence) and a check that makes attaching it a formality. */
  async create(db: Queryable, importId: string, bankId: string): Promise<void> {
    const table = loadTableName(importId);
    await db.execute(sql.raw(`CREATE TABLE "${table}" (LIKE bank_hashes INCLUDING DEFAULTS)`));
    await db.execute(sql.raw(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_bank" CHECK (bank_id = '${uuidLiteral(bankId)}')`));
  }

  /** Appends a batch (no look-up: repeats across batches are removed once at the end). */
  async append(db: Queryable, importId: string, bankId: string, entries: EntryArrays, source: string, at: Date): Promise<number> {
    if (!entries.size) return 0;
    const result = await db.execute(sql`
      WITH staged AS (
        INSERT INTO ${sql.identifier(loadTableName(importId))} (bank_id, hash_type, hash, hash_key, label, source, added_at)
        SELECT ${bankId}::uuid, u.t, u.h, u.k, u.l, ${source}, ${at.toISOString()}::timestamptz
        FROM unnest(${entries.types}::text[], ${entries.hashes}::text[], ${entries.labels}::text[], ${entries.keys}::bigint[]) AS u(t, h, l, k)
        RETURNING 1)
      SELECT count(*)::int AS n FROM staged`);
    return Number(rowsOf(result)[0]?.n ?? 0);
  }

  /**
   * Removes repeats (the first line of a hash wins, as in a row-by-row import) and builds the
   * indexes bank_hashes' partitions have, so attaching builds nothing. Returns the entries left.
   * `distinct`: the number of rows loaded, when the import saw every one and no two shared a
   * hash key (HashKeySet), so there is nothing to remove and nothing to count.
   */
  async finishLoading(db: Queryable, importId: string, distinct?: number): Promise<number> {
    const table = sql.identifier(loadTableName(importId));
    // The key index first: the repeats are then found through it, however many there are.
    await db.execute(sql`CREATE INDEX ON ${table} (hash_key)`);
    if (distinct === undefined) await db.execute(sql`
      DELETE FROM ${table} WHERE ctid IN (
        SELECT ctid FROM (
          SELECT ctid, row_number() OVER (PARTITION BY hash_key, hash_type, hash ORDER BY id) AS nth FROM ${table}
          WHERE hash_key IN (SELECT hash_key FROM ${table} GROUP BY hash_key HAVING count(*) > 1)) repeats
        WHERE nth > 1)`);
    await db.execute(sql`ALTER TABLE ${table} ADD PRIMARY KEY (id, bank_id)`);
    await db.execute(sql`CREATE INDEX ON ${table} (bank_id) WHERE withdrawn_at IS NOT NULL`);
    await db.execute(sql`ANALYZE ${table}`); // the planner's figures for the bank's partition-to-be
    if (distinct !== undefined) return distinct;
    return Number(rowsOf(await db.execute(sql`SELECT count(*)::int AS n FROM ${table}`))[0]?.n ?? 0);
  }

  /**
   * Makes the loaded table (`entries` long) the bank's partition, if the bank is still empty (its
   * empty partition, if any, goes), and records the change every node follows and the bank's
   * counts. False when someone added to the bank meanwhile: the caller adds the loaded entries the
   * row-by-row way instead.
   */
  async attach(db: Queryable, importId: string, bankId: string, entries: number, at: Date): Promise<boolean> {
    await this.banks.serialise(db); // writers take turns: nothing is added to the bank from here to commit
    const partition = partitionName(bankId);
    const [row] = rowsOf(await db.execute(sql`SELECT to_regclass(${partition}) IS NOT NULL AS present`));
    if (row?.present) {
      if (await this.banks.hasEntries(db, bankId)) return false;
      // Detaching locks bank_hashes until commit: this transaction does nothing slow after it.
      await db.execute(sql`ALTER TABLE bank_hashes DETACH PARTITION ${sql.identifier(partition)}`);
      await db.execute(sql`DROP TABLE ${sql.identifier(partition)}`);
    }
    await db.execute(sql`ALTER TABLE ${sql.identifier(loadTableName(importId))} RENAME TO ${sql.identifier(partition)}`);
    await db.execute(sql.raw(`ALTER TABLE bank_hashes ATTACH PARTITION "${partition}" FOR VALUES IN ('${uuidLiteral(bankId)}')`));
    await db.execute(sql`INSERT INTO bank_hash_changes (bank_id, changed_at) VALUES (${bankId}::uuid, ${at.toISOString()}::timestamptz)`);
    await this.banks.loaded(db, bankId, entries);
    return true;
  }

  /**
   * Takes the first loaded entries in id order out of the table (the row-by-row fallback of
   * `attach`, a page a transaction, so an interrupted fallback goes on with the rest).
   */
  async take(db: Queryable, importId: string, limit: number): Promise<BankEntry[]> {
    const table = sql.identifier(loadTableName(importId));
    const rows = rowsOf(await db.execute(sql`
      DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} ORDER BY id LIMIT ${limit}) RETURNING id, hash_type, hash, label`));
    return rows
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((r) => ({ type: String(r.hash_type) as HashType, hash: String(r.hash), label: (r.label as string | null) ?? null }));
  }

  async drop(db: Queryable, importId: string): Promise<void> {
    await db.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(loadTableName(importId))}`);
  }
}
