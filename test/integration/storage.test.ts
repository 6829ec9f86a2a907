import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadMigrations, migrate, pendingMigrations } from '../../src/storage/migrate.js';
import { createTestDatabase, testDriver, type TestDatabase } from '../support/database.js';

describe(`storage contract (${testDriver})`, () => {
  let handle: TestDatabase | undefined;
  afterEach(async () => {
    await handle?.drop();
    handle = undefined;
  });

  it('applies every migration once and reports none pending', async () => {
    handle = await createTestDatabase({ migrate: false });
    expect(await pendingMigrations(handle.database)).toEqual(loadMigrations().map((m) => m.tag));
    const first = await migrate(handle.database);
    expect(first.applied).toHaveLength(first.total);
    const second = await migrate(handle.database);
    expect(second.applied).toEqual([]);
    expect(await pendingMigrations(handle.database)).toEqual([]);
  });

  it('lets pending I/O run between statements, inside transactions too (PGlite runs them on this thread)', async () => {
    handle = await createTestDatabase({ migrate: false });
    const database = handle.database;
    await database.executeSql('SELECT 1'); // a fresh database's first statement waits for real I/O
    for (const inTransaction of [false, true]) {
      const order: string[] = [];
      const statements = async (run: (text: string) => Promise<unknown>) => {
        for (let i = 0; i < 5; i++) {
          await run('SELECT 1');
          order.push('statement');
        }
      };
      const work = inTransaction
        ? database.db.transaction((tx) => statements((text) => tx.execute(sql.raw(text))))
        : statements((text) => database.executeSql(text));
      setImmediate(() => order.push('io'));
      await work;
      // On PostgreSQL every statement is a network round trip, so I/O runs between them anyway.
      expect(order.slice(0, 4)).toContain('io');
    }
  });

  it('two nodes migrating at once apply each migration exactly once', async () => {
    handle = await createTestDatabase({ migrate: false });
    const other = await handle.openAnother();
    const [a, b] = await Promise.all([migrate(handle.database), migrate(other)]);
    expect(a.applied.length + b.applied.length).toBe(loadMigrations().length);
    const { rows } = await handle.database.executeSql('SELECT count(*)::int AS n FROM trygg_migrations');
    expect(rows[0]?.n).toBe(loadMigrations().length);
  });

  it('refuses a migration that was edited after it was applied', async () => {
    handle = await createTestDatabase();
    const edited = loadMigrations().map((m, i) => (i === 0 ? { ...m, sha256: 'different' } : m));
    await expect(migrate(handle.database, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('a failing migration leaves nothing half-applied', async () => {
    handle = await createTestDatabase();
    const broken = [
      ...loadMigrations(),
      { tag: '9999_broken', sha256: 'x', statements: ['CREATE TABLE half_done (id int)', 'SELECT * FROM no_such_table'] },
    ];
    await expect(migrate(handle.database, broken)).rejects.toThrow();
    const { rows } = await handle.database.executeSql(`SELECT to_regclass('half_done') IS NULL AS absent`);
    expect(rows[0]?.absent).toBe(true);
    expect(await pendingMigrations(handle.database, broken)).toEqual(['9999_broken']);
  });

  it('a transaction that throws rolls back on both drivers', async () => {
    handle = await createTestDatabase();
    const { db } = handle.database;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO trygg_migrations (tag, sha256) VALUES ('rollback-probe', 'x')`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await handle.database.executeSql(`SELECT count(*)::int AS n FROM trygg_migrations WHERE tag = 'rollback-probe'`);
    expect(rows[0]?.n).toBe(0);
  });

  it('executeSql runs a parameterless multi-statement text and returns the last result', async () => {
    handle = await createTestDatabase();
    const { rows } = await handle.database.executeSql('CREATE TEMP TABLE t (n int); INSERT INTO t VALUES (1), (2); SELECT sum(n)::int AS s FROM t');
    expect(rows[0]?.s).toBe(3);
  });
});
