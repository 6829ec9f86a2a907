import { and, asc, desc, eq, getTableColumns, gt, inArray, isNull, sql } from 'drizzle-orm';
import { arrayLiteral } from '../../storage/array-literal.js';
import type { Queryable } from '../../storage/db.js';
import { rowsOf } from '../../storage/rows.js';
import type { HashType } from './bank-formats.js';
import { bankHashChanges, bankHashes, bankImports, hashBanks } from './media.schema.js';

export type BankRow = typeof hashBanks.$inferSelect;
export type BankImportRow = typeof bankImports.$inferSelect;

export interface BankEntry {
  type: HashType;
  hash: string;
  label: string | null;
}

/** A bank's partition of bank_hashes (migration 0013 names them the same way). */
export const partitionName = (bankId: string): string => `bank_hashes_${bankId.replace(/-/g, '')}`;

/** One change a node's index applies: an entry added (or re-added) or withdrawn. */
export interface BankChange {
  id: number;
  bankId: string;
  type: HashType;
  hash: string;
  withdrawn: boolean;
}

/** A change in bank_hash_changes: one entry in its state now, or a bank loaded whole (read it again). */
export type FollowedChange = { seq: number; entry: BankChange } | { seq: number; loadedBank: string };

/** Where a node has followed to: new entries by id, withdrawals and re-additions by change number. */
export interface BankPosition {
  lastId: number;
  lastChange: number;
}

/** The look-up key: the first 64 bits of the hash as a signed integer (hash_key). */
export const hashKey = (hex: string): string => BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString();

/**
 * Entries as the array parameters of one statement. An import builds the next batch's while the
 * database writes the previous one (building them took a third of an import's time when it sat
 * between the writes). Types come from a closed set and keys are digits: neither needs quoting.
 */
export class EntryArrays {
  readonly size: number;
  readonly types: string;
  readonly hashes: string;
  readonly labels: string;
  readonly keys: string;

  constructor(entries: BankEntry[]) {
    this.size = entries.length;
    this.types = `{${entries.map((e) => e.type).join(',')}}`;
    // Hashes are lowercase hex wherever they come from; quoted only should one not be.
    const hashes = entries.map((e) => e.hash).join(',');
    this.hashes = /^[0-9a-f,]*$/.test(hashes) ? `{${hashes}}` : arrayLiteral(entries.map((e) => e.hash));
    this.labels = arrayLiteral(entries.map((e) => e.label));
    this.keys = `{${entries.map((e) => hashKey(e.hash)).join(',')}}`;
  }
}

/** A UUID checked to be one, for the few statements that cannot take it as a parameter (DDL). */
export function uuidLiteral(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new Error(`not a UUID: ${id}`);
  return id;
}

export class BanksRepo {
  async insertBank(db: Queryable, row: typeof hashBanks.$inferInsert): Promise<BankRow> {
    const [bank] = await db.insert(hashBanks).values(row).returning();
    return bank!;
  }

  /** Creates the bank unless one of that name exists (two nodes may race to create it); returns it. */
  async ensureBank(db: Queryable, row: typeof hashBanks.$inferInsert): Promise<BankRow> {
    await db.insert(hashBanks).values(row).onConflictDoNothing({ target: hashBanks.name });
    return (await this.bankByName(db, row.name))!;
  }

  /** Every bank with its counts of active and withdrawn entries (kept as they change: `count`). */
  async banks(db: Queryable): Promise<(Omit<BankRow, 'activeEntries' | 'withdrawnEntries'> & { active: number; withdrawn: number })[]> {
    return (await this.bankRows(db)).map(({ activeEntries, withdrawnEntries, ...b }) => ({ ...b, active: activeEntries, withdrawn: withdrawnEntries }));
  }

  /** Keeps a bank's counts with a change to its entries, in the change's transaction. */
  private async count(db: Queryable, bankId: string, active: number, withdrawn: number): Promise<void> {
    if (!active && !withdrawn) return;
    await db.update(hashBanks).set({
      activeEntries: sql`${hashBanks.activeEntries} + ${active}`, withdrawnEntries: sql`${hashBanks.withdrawnEntries} + ${withdrawn}`,
    }).where(eq(hashBanks.id, bankId));
  }

  /** A bank's counts once it has been loaded whole (its partition held nothing before). */
  async loaded(db: Queryable, bankId: string, entries: number): Promise<void> {
    await db.update(hashBanks).set({ activeEntries: entries, withdrawnEntries: 0 }).where(eq(hashBanks.id, bankId));
  }

  /** The bank rows as stored (the upload check keeps a short-lived copy). */
  async bankRows(db: Queryable): Promise<BankRow[]> {
    return db.select().from(hashBanks).orderBy(asc(hashBanks.name));
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
   * Given a bank, also makes its partition if it has none yet (under the lock, so once).
   */
  async serialise(db: Queryable, bankId?: string): Promise<void> {
    // Statistics lag behind a table an import is filling: believing it empty, the planner scanned it
    // whole for every row of a batch (400 million comparisons). Keep it on the key index.
    const [row] = rowsOf(await db.execute(sql`
      SELECT pg_advisory_xact_lock(hashtext('trygg:bank_changes')), set_config('enable_seqscan', 'off', true),
        ${bankId ?? null}::uuid IS NULL OR to_regclass(${bankId ? partitionName(bankId) : null}) IS NOT NULL AS partitioned`));
    if (bankId && !row?.partitioned) {
      await db.execute(sql.raw(`CREATE TABLE "${partitionName(bankId)}" PARTITION OF bank_hashes FOR VALUES IN ('${uuidLiteral(bankId)}')`));
    }
  }

  /** Adds entries not in the bank and re-activates withdrawn ones; returns how many changed. */
  async add(db: Queryable, bankId: string, entries: BankEntry[] | EntryArrays, source: string, at: Date): Promise<number> {
    const { size, types, hashes, labels, keys } = entries instanceof EntryArrays ? entries : new EntryArrays(entries);
    if (!size) return 0;
    await this.serialise(db, bankId);
    const when = at.toISOString();
    const withdrawnAny = rowsOf(await db.execute(sql`SELECT 1 FROM bank_hashes WHERE bank_id = ${bankId}::uuid AND withdrawn_at IS NOT NULL LIMIT 1`)).length > 0;
    const reactivated = !withdrawnAny ? { rows: [] } : await db.execute(sql`
      WITH back AS (
        UPDATE bank_hashes b SET withdrawn_at = NULL, added_at = ${when}::timestamptz, source = ${source}, label = coalesce(x.l, b.label)
        FROM (
          SELECT e.id, u.l FROM unnest(${types}::text[], ${hashes}::text[], ${labels}::text[], ${keys}::bigint[]) AS u(t, h, l, k)
          CROSS JOIN LATERAL (
            SELECT id FROM bank_hashes b WHERE b.hash_key = u.k AND b.hash = u.h AND b.hash_type = u.t AND b.bank_id = ${bankId}::uuid
              AND b.withdrawn_at IS NOT NULL OFFSET 0) e
        ) x
        WHERE b.id = x.id
        RETURNING b.id),
      logged AS (INSERT INTO bank_hash_changes (entry_id, changed_at) SELECT id, ${when}::timestamptz FROM back ORDER BY id RETURNING 1)
      SELECT count(*)::int AS n FROM logged`);
    // Writers take turns (serialise), so checking before inserting cannot race another writer. The
    // batch's keys are looked up in one index scan (= ANY), then compared in memory.
    const inserted = await db.execute(sql`
      WITH u AS MATERIALIZED (
        SELECT * FROM unnest(${types}::text[], ${hashes}::text[], ${labels}::text[], ${keys}::bigint[]) AS u(t, h, l, k)),
      existing AS MATERIALIZED (
        SELECT b.hash_key, b.hash, b.hash_type FROM bank_hashes b WHERE b.hash_key = ANY(${keys}::bigint[]) AND b.bank_id = ${bankId}::uuid),
      fresh AS (
        INSERT INTO bank_hashes (bank_id, hash_type, hash, hash_key, label, source, added_at)
        SELECT ${bankId}::uuid, u.t, u.h, u.k, u.l, ${source}, ${when}::timestamptz
        FROM u LEFT JOIN existing e ON e.hash_key = u.k AND e.hash = u.h AND e.hash_type = u.t
        WHERE e.hash_key IS NULL
        RETURNING 1)
      SELECT count(*)::int AS n FROM fresh`);
    const back = Number(rowsOf(reactivated)[0]?.n ?? 0);
    const fresh = Number(rowsOf(inserted)[0]?.n ?? 0);
    await this.count(db, bankId, back + fresh, -back);
    return back + fresh;
  }

  /** Withdraws active entries (StopNCII Withdrawn/Deleted, a moderator's correction); returns how many. */
  async withdraw(db: Queryable, bankId: string, entries: Pick<BankEntry, 'type' | 'hash'>[], at: Date): Promise<number> {
    if (!entries.length) return 0;
    await this.serialise(db);
    const when = at.toISOString();
    const result = await db.execute(sql`
      WITH gone AS (
        UPDATE bank_hashes b SET withdrawn_at = ${when}::timestamptz
        FROM (
          SELECT e.id FROM unnest(${arrayLiteral(entries.map((e) => e.type))}::text[], ${arrayLiteral(entries.map((e) => e.hash))}::text[],
            ${arrayLiteral(entries.map((e) => hashKey(e.hash)))}::bigint[]) AS u(t, h, k)
          CROSS JOIN LATERAL (
            SELECT id FROM bank_hashes b WHERE b.hash_key = u.k AND b.hash = u.h AND b.hash_type = u.t AND b.bank_id = ${bankId}::uuid
              AND b.withdrawn_at IS NULL OFFSET 0) e
        ) x
        WHERE b.id = x.id
        RETURNING b.id),
      logged AS (INSERT INTO bank_hash_changes (entry_id, changed_at) SELECT id, ${when}::timestamptz FROM gone ORDER BY id RETURNING 1)
      SELECT count(*)::int AS n FROM logged`);
    const gone = Number(rowsOf(result)[0]?.n ?? 0);
    await this.count(db, bankId, -gone, gone);
    return gone;
  }

  /** Entries after an id in id order (active only, or all for following), a page at a time. */
  async entriesAfter(db: Queryable, afterId: number, limit: number, activeOnly: boolean): Promise<BankChange[]> {
    const rows = await db.select({ id: bankHashes.id, bankId: bankHashes.bankId, type: bankHashes.hashType, hash: bankHashes.hash, withdrawnAt: bankHashes.withdrawnAt })
      .from(bankHashes).where(and(gt(bankHashes.id, afterId), activeOnly ? isNull(bankHashes.withdrawnAt) : undefined)).orderBy(asc(bankHashes.id)).limit(limit);
    return rows.map(({ withdrawnAt, ...r }) => ({ ...r, type: r.type as HashType, withdrawn: withdrawnAt !== null }));
  }

  /** Changes after a change number, in order: entries in their state now, and banks loaded whole. */
  async changedSince(db: Queryable, lastChange: number, limit: number): Promise<FollowedChange[]> {
    const rows = await db.select({
      seq: bankHashChanges.seq, loadedBank: bankHashChanges.bankId,
      id: bankHashes.id, bankId: bankHashes.bankId, type: bankHashes.hashType, hash: bankHashes.hash, withdrawnAt: bankHashes.withdrawnAt,
    }).from(bankHashChanges).leftJoin(bankHashes, eq(bankHashes.id, bankHashChanges.entryId))
      .where(gt(bankHashChanges.seq, lastChange)).orderBy(asc(bankHashChanges.seq)).limit(limit);
    return rows.flatMap((r): FollowedChange[] => {
      if (r.loadedBank) return [{ seq: r.seq, loadedBank: r.loadedBank }];
      if (r.id === null || r.bankId === null || r.type === null || r.hash === null) return []; // cannot happen: entries are never deleted
      return [{ seq: r.seq, entry: { id: r.id, bankId: r.bankId, type: r.type as HashType, hash: r.hash, withdrawn: r.withdrawnAt !== null } }];
    });
  }

  /** A bank's entries after an id in id order, withdrawn ones too (a node reads a bank loaded whole). */
  async bankEntriesAfter(db: Queryable, bankId: string, afterId: number, limit: number): Promise<BankChange[]> {
    const rows = await db.select({ id: bankHashes.id, bankId: bankHashes.bankId, type: bankHashes.hashType, hash: bankHashes.hash, withdrawnAt: bankHashes.withdrawnAt })
      .from(bankHashes).where(and(eq(bankHashes.bankId, bankId), gt(bankHashes.id, afterId))).orderBy(asc(bankHashes.id)).limit(limit);
    return rows.map(({ withdrawnAt, ...r }) => ({ ...r, type: r.type as HashType, withdrawn: withdrawnAt !== null }));
  }

  /** Whether the bank holds any entry, withdrawn ones included. */
  async hasEntries(db: Queryable, bankId: string): Promise<boolean> {
    return rowsOf(await db.execute(sql`SELECT 1 FROM bank_hashes WHERE bank_id = ${bankId}::uuid LIMIT 1`)).length > 0;
  }

  async position(db: Queryable): Promise<BankPosition> {
    const rows = rowsOf(await db.execute(sql`
      SELECT (SELECT coalesce(max(id), 0) FROM bank_hashes)::bigint AS last_id, (SELECT coalesce(max(seq), 0) FROM bank_hash_changes)::bigint AS last_change`));
    return { lastId: Number(rows[0]?.last_id ?? 0), lastChange: Number(rows[0]?.last_change ?? 0) };
  }

  /** Every bank holding this hash, withdrawn entries included (staff look-up). */
  async lookup(db: Queryable, hash: string): Promise<(typeof bankHashes.$inferSelect & { bankName: string })[]> {
    const hex = hash.toLowerCase();
    return db.select({ ...getTableColumns(bankHashes), bankName: hashBanks.name }).from(bankHashes)
      .innerJoin(hashBanks, eq(hashBanks.id, bankHashes.bankId))
      .where(and(eq(bankHashes.hashKey, BigInt(hashKey(hex))), eq(bankHashes.hash, hex)));
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
      .where(and(eq(bankImports.bankId, bankId), eq(bankImports.fileSha256, fileSha256), inArray(bankImports.status, ['running', 'loaded'])))
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
