import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { JobQueueOptions } from '../../src/jobs/boss.js';
import type { Job } from '../../src/jobs/queue.js';
import type { Database, Queryable } from '../../src/storage/db.js';

/** pg-boss's minimum polling and maintenance intervals, so tests wait as little as possible. */
export const fastWorkers: JobQueueOptions = {
  workers: true,
  pollingIntervalSeconds: 0.5,
  maintenanceIntervalSeconds: 1,
  stopTimeoutSeconds: 5,
};

/** A table for a test handler's effect; no unique key, so a duplicate effect shows as a second row. */
export async function createEffectsTable(database: Database): Promise<void> {
  await database.executeSql(
    `CREATE TABLE IF NOT EXISTS job_test_effects (job_id uuid NOT NULL, note text NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
  );
}

export async function recordEffect(tx: Queryable, job: Pick<Job<unknown>, 'id'>, note: string): Promise<void> {
  await tx.execute(sql`INSERT INTO job_test_effects (job_id, note) VALUES (${job.id}, ${note})`);
}

export async function effectNotes(database: Database, jobId: string): Promise<string[]> {
  const { rows } = await database.executeSql(`SELECT note FROM job_test_effects WHERE job_id = $1 ORDER BY at`, [jobId]);
  return rows.map((r) => r.note as string);
}

export interface JobRow {
  state: string;
  retryCount: number;
}

/** What pg-boss holds about a job, or null if it never existed. */
export async function jobRow(database: Database, id: string): Promise<JobRow | null> {
  const { rows } = await database.executeSql(`SELECT state, retry_count FROM pgboss.job WHERE id = $1`, [id]);
  const row = rows[0];
  return row ? { state: row.state as string, retryCount: Number(row.retry_count) } : null;
}

/** Polls until the check passes; fails with the description after the timeout. */
export async function waitFor(description: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${description}`);
    await sleep(100);
  }
}
