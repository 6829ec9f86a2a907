import { sql, type SQL } from 'drizzle-orm';
import type { Queryable, SqlRow } from '../storage/db.js';

/**
 * Turns a `$1..$n` SQL text (pg-boss's dialect) into a Drizzle query with bound parameters.
 * A placeholder used twice becomes two parameters with the same value; pg-boss's job insert
 * relies on that only for start_after, which we always send as an ISO timestamp or null.
 */
export function boundSql(text: string, values: readonly unknown[] = []): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) chunks.push(sql.raw(part));
      return;
    }
    const index = Number(part) - 1;
    if (index < 0 || index >= values.length) throw new Error(`SQL placeholder $${part} has no value`);
    chunks.push(sql`${values[index] ?? null}`);
  });
  return sql.join(chunks);
}

/**
 * An `executeSql` that runs inside the caller's Drizzle transaction, so what pg-boss writes
 * through it commits or rolls back with the caller's own writes. Single statements only.
 */
export function transactionExecutor(tx: Queryable) {
  return {
    executeSql: async (text: string, values?: unknown[]): Promise<{ rows: SqlRow[] }> => {
      const result = (await tx.execute(boundSql(text, values))) as unknown as { rows: SqlRow[] };
      return { rows: result.rows };
    },
  };
}
