import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/db.js';
import { migrate } from '../../src/storage/migrate.js';

export type TestDriver = 'pglite' | 'postgres';

/** Which database this test project runs on (vitest.config.ts sets it per project). */
export const testDriver: TestDriver = process.env.TRYGG_TEST_DRIVER === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase {
  database: Database;
  /** A postgres:// URL to reach the same database from another process (postgres only). */
  url?: string;
  /** Opens another connection to the same database, as a second node would. */
  openAnother(): Promise<Database>;
  drop(): Promise<void>;
}

/** A fresh, empty database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  let result: TestDatabase;
  if (testDriver === 'postgres') {
    const adminUrl = process.env.TRYGG_TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('TRYGG_TEST_DATABASE_URL is required for the postgres test project');
    const name = `trygg_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString(), poolSize: 5 });
    const others: Database[] = [];
    result = {
      database,
      url: url.toString(),
      openAnother: async () => {
        const other = await openDatabase({ url: url.toString(), poolSize: 5 });
        others.push(other);
        return other;
      },
      drop: async () => {
        for (const other of others) await other.close().catch(() => {});
        await database.close().catch(() => {});
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  } else {
    const database = await openDatabase({ dataDir: 'memory://' });
    result = {
      database,
      // PGlite is one process's database: "another node" is the same instance.
      openAnother: async () => database,
      drop: () => database.close(),
    };
  }
  if (options.migrate !== false) await migrate(result.database);
  return result;
}
