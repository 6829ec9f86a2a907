import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per job whose effects committed (see runJobOnce). pg-boss delivers at least once;
 * this marker commits in the same transaction as the handler's writes, so a redelivered job
 * sees it and skips. pg-boss's own tables live in the `pgboss` schema, which it manages.
 */
export const jobRuns = pgTable(
  'job_runs',
  {
    jobId: uuid('job_id').primaryKey(),
    queue: text('queue').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('job_runs_completed_at_idx').on(t.completedAt)],
);
