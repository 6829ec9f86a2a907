import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { BanksRepo, hashKey, partitionName } from '../../src/modules/media/banks.repo.js';
import { loadMigrations, migrate } from '../../src/storage/migrate.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;
const hex = (n: number) => n.toString(16).padStart(64, '0');

describe(`migrations 0013-0014: bank_hashes partitioned by bank, entry counts kept per bank (${testDriver})`, () => {
  let handle: TestDatabase | undefined;
  afterEach(async () => {
    await handle?.drop();
    handle = undefined;
  });

  it('moves every entry into its bank\'s partition with its id, and the id sequence carries on', async () => {
    handle = await createTestDatabase({ migrate: false });
    const { db } = handle.database;
    const all = loadMigrations();
    const before = all.findIndex((m) => m.tag === '0013_bank_partitions');
    await migrate(handle.database, all.slice(0, before));
    const banks = ['0190b2a4-0000-7000-8000-00000000000a', '0190b2a4-0000-7000-8000-00000000000b', '0190b2a4-0000-7000-8000-00000000000c'];
    for (const [i, id] of banks.entries()) {
      await db.execute(sql`INSERT INTO hash_banks (id, name, kind, action, category, created_at) VALUES (${id}::uuid, ${`bank ${i}`}, 'test', 'flag', 'csam', now())`);
    }
    // Two banks with entries (one withdrawn, with its change), one without.
    for (let n = 1; n <= 5; n++) {
      await db.execute(sql`INSERT INTO bank_hashes (bank_id, hash_type, hash, hash_key, source, added_at, withdrawn_at)
        VALUES (${banks[n % 2]!}::uuid, 'pdq', ${hex(n)}, ${hashKey(hex(n))}::bigint, 'api', now(), ${n === 3 ? new Date().toISOString() : null}::timestamptz)`);
    }
    await db.execute(sql`INSERT INTO bank_hash_changes (entry_id, changed_at) SELECT id, now() FROM bank_hashes WHERE hash = ${hex(3)}`);
    const old = rowsOf(await db.execute(sql`SELECT id, bank_id, hash FROM bank_hashes ORDER BY id`));

    expect((await migrate(handle.database)).applied).toEqual(all.slice(before).map((m) => m.tag));
    const moved = rowsOf(await db.execute(sql`SELECT id, bank_id, hash, tableoid::regclass::text AS partition FROM bank_hashes ORDER BY id`));
    expect(moved.map(({ partition: _, ...r }) => r)).toEqual(old);
    expect(new Set(moved.map((r) => r.partition))).toEqual(new Set([partitionName(banks[0]!), partitionName(banks[1]!)]));

    const repo = new BanksRepo();
    // Bank a: entries 2 and 4; bank b: 1, 3 (withdrawn) and 5; bank c: none.
    expect((await repo.banks(db)).map((b) => [b.name, b.active, b.withdrawn])).toEqual([['bank 0', 2, 0], ['bank 1', 2, 1], ['bank 2', 0, 0]]);
    const [change] = await repo.changedSince(db, 0, 10);
    expect(change).toMatchObject({ entry: { hash: hex(3), withdrawn: true } });
    // The bank without entries gets its partition with its first; ids go on from the old ones.
    await db.transaction((tx) => repo.add(tx, banks[2]!, [{ type: 'pdq', hash: hex(9), label: null }], 'api', new Date()));
    const [added] = await repo.bankEntriesAfter(db, banks[2]!, 0, 10);
    expect(added!.id).toBeGreaterThan(Math.max(...old.map((r) => Number(r.id))));
    expect(await repo.lookup(db, hex(9))).toHaveLength(1);
    // Counts follow additions, withdrawals and re-additions.
    await db.transaction((tx) => repo.withdraw(tx, banks[0]!, [{ type: 'pdq', hash: hex(2) }], new Date()));
    await db.transaction((tx) => repo.add(tx, banks[1]!, [{ type: 'pdq', hash: hex(3), label: null }, { type: 'pdq', hash: hex(1), label: null }], 'api', new Date()));
    expect((await repo.banks(db)).map((b) => [b.active, b.withdrawn])).toEqual([[1, 1], [3, 0], [1, 0]]);
  });
});
