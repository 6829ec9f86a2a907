import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { listenPglite, listenPostgres, type ListenHandlers, type Listener } from './listen.js';
import { yieldingClient } from './pglite-turns.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The typed Drizzle handle; the same type whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything a repository can query: the database or an open transaction. */
export type Queryable = Db | Tx;

export type SqlRow = Record<string, unknown>;
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: SqlRow[] }>;

export interface Database {
  driver: 'pglite' | 'postgres';
  db: Db;
  /** Raw SQL with $n parameters; a text without parameters may hold several statements. */
  executeSql: ExecuteSql;
  /** The pg connection string when on a PostgreSQL server (pg-boss opens its own pool). */
  url?: string;
  /** LISTEN on channels (cache invalidation across nodes); closed with the database. */
  listen(channels: readonly string[], handlers: ListenHandlers): Promise<Listener>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; unset = embedded PGlite. */
  url?: string;
  /** PGlite data directory; 'memory://' keeps it in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? 'memory://');
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const listeners = new Set<Listener>();
  return {
    driver: 'postgres',
    db,
    url,
    executeSql: async (text, values) => {
      const result = await pool.query(text, values as unknown[] | undefined);
      // A multi-statement text answers with one result per statement: keep the last.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { rows: (last?.rows ?? []) as SqlRow[] };
    },
    listen: async (channels, handlers) => {
      const listener = listenPostgres(url, channels, handlers);
      listeners.add(listener);
      return listener;
    },
    close: async () => {
      await Promise.all([...listeners].map((l) => l.close()));
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  const client = yieldingClient(pglite);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    driver: 'pglite',
    db,
    executeSql: async (text, values) => {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: (results[results.length - 1]?.rows ?? []) as SqlRow[] };
      }
      const result = await client.query(text, values);
      return { rows: result.rows as SqlRow[] };
    },
    listen: (channels, handlers) => listenPglite(pglite, channels, handlers),
    close: () => pglite.close(),
  };
}
