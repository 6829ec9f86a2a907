import { lt } from 'drizzle-orm';
import type { Db, Tx } from '../storage/db.js';
import { jobRuns } from './jobs.schema.js';
import type { Job } from './queue.js';

/**
 * Runs a job's database effects at most once, however often pg-boss delivers the job.
 * The effects and a `job_runs` marker keyed by the job id commit in one transaction:
 * - the worker dies before commit → neither exists, the retry runs the effects;
 * - it dies after commit but before pg-boss records completion → the retry finds the
 *   marker and skips (a concurrent second attempt waits on the marker's row lock).
 * Returns whether the effects ran now. Effects outside the database (e-mail, webhooks)
 * cannot be covered by this and need their own idempotency key (the job id).
 * Query only through `tx` inside: on PGlite a query outside it waits for it to end.
 */
export async function runJobOnce(db: Db, job: Pick<Job<unknown>, 'id' | 'name'>, effects: (tx: Tx) => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(jobRuns)
      .values({ jobId: job.id, queue: job.name })
      .onConflictDoNothing()
      .returning({ jobId: jobRuns.jobId });
    if (claimed.length === 0) return false;
    await effects(tx);
    return true;
  });
}

/**
 * pg-boss never redelivers a job after it is archived or expired from storage (at most
 * 14 days by default), so markers older than this cannot matter any more.
 */
export const JOB_RUN_RETENTION_DAYS = 30;

export async function pruneJobRuns(db: Db, now: Date = new Date()): Promise<void> {
  const cutoff = new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000);
  await db.delete(jobRuns).where(lt(jobRuns.completedAt, cutoff));
}
