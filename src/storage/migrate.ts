import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from './db.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Fixed advisory-lock key: every node migrating the same database queues on it. */
const MIGRATION_LOCK_KEY = 7_210_731_001;

export interface Migration {
  tag: string;
  sha256: string;
  statements: string[];
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  const journal = JSON.parse(readFileSync(join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const text = readFileSync(join(dir, `${tag}.sql`), 'utf8');
      return {
        tag,
        sha256: createHash('sha256').update(text).digest('hex'),
        statements: text
          .split('--> statement-breakpoint')
          .map((s) => s.trim())
          .filter((s) => s.replace(/--.*$/gm, '').trim().length > 0),
      };
    });
}

export interface MigrationResult {
  applied: string[];
  total: number;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so two nodes
 * starting at once apply each migration exactly once; a failure leaves nothing half-done.
 */
export async function migrate(database: Database, migrations = loadMigrations()): Promise<MigrationResult> {
  const applied: string[] = [];
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`CREATE TABLE IF NOT EXISTS trygg_migrations (
      tag text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = await tx.execute(sql`SELECT tag, sha256 FROM trygg_migrations`);
    const known = new Map(((done as { rows: unknown[] }).rows as { tag: string; sha256: string }[]).map((r) => [r.tag, r.sha256]));
    for (const migration of migrations) {
      const previous = known.get(migration.tag);
      if (previous !== undefined) {
        if (previous !== migration.sha256) {
          throw new Error(`Migration ${migration.tag} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      for (const statement of migration.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`INSERT INTO trygg_migrations (tag, sha256) VALUES (${migration.tag}, ${migration.sha256})`);
      applied.push(migration.tag);
    }
  });
  return { applied, total: migrations.length };
}

/** For /readyz: are all migrations this build knows applied? */
export async function pendingMigrations(database: Database, migrations = loadMigrations()): Promise<string[]> {
  const exists = await database.executeSql(`SELECT to_regclass('trygg_migrations') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return migrations.map((m) => m.tag);
  const { rows } = await database.executeSql(`SELECT tag FROM trygg_migrations`);
  const done = new Set(rows.map((r) => r.tag as string));
  return migrations.filter((m) => !done.has(m.tag)).map((m) => m.tag);
}
