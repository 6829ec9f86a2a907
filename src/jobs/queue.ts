import type { Queryable } from '../storage/db.js';

export interface JobOptions {
  /** Retries after the first attempt fails or expires. */
  retryLimit?: number;
  /** Delay before a retry; doubled on each retry (with jitter) when retryBackoff is on. */
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * How long one attempt may run. A handler still running then is failed and retried; a job
   * whose worker died (process killed) is put back for retry by the next maintenance run.
   */
  expireInSeconds?: number;
  startAfter?: Date;
}

export interface Job<T> {
  /** Stable across retries: the key for making a handler idempotent (see runJobOnce). */
  id: string;
  name: string;
  data: T;
}

export type JobHandler<T> = (job: Job<T>) => Promise<void>;
/** Takes several due jobs of one queue at once: they complete together, or fail (and are retried) together. */
export type BatchHandler<T> = (jobs: Job<T>[]) => Promise<void>;

export interface WorkOptions {
  pollingIntervalSeconds?: number;
  /** Jobs of this queue run at once in this process (default 1): for handlers that mostly wait on the database. */
  concurrency?: number;
}

/**
 * Background jobs on the same database (pg-boss). Enqueue inside the transaction whose
 * commit should cause the job: a rollback means it never runs. Delivery is at least once:
 * a handler may run again after a crash, so it must be idempotent — write its effects
 * through runJobOnce (src/jobs/job-runs.ts) or make them naturally repeatable.
 */
export interface JobQueue {
  /** False in processes that only enqueue (CLI commands, nodes with TRYGG_JOBS=false). */
  readonly runsWorkers: boolean;
  start(): Promise<void>;
  /** Waits for running handlers (up to a timeout; unfinished jobs are retried later), then stops polling. */
  stop(): Promise<void>;
  /** Inserts the job through `tx`; returns its id. Requires start(). */
  enqueue<T extends object>(tx: Queryable, name: string, data: T, options?: JobOptions): Promise<string>;
  /**
   * Declares the handler for a queue. Where runsWorkers is false it only makes sure the queue
   * exists: another process runs the job. May be called before start().
   */
  work<T extends object>(name: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /**
   * Like `work`, for a queue whose jobs are cheaper together: the handler gets up to `batchSize`
   * due jobs from one fetch, and one write completes them (or fails them all, to be retried).
   */
  workBatch<T extends object>(name: string, handler: BatchHandler<T>, options: WorkOptions & { batchSize: number }): Promise<void>;
  /** Jobs due (waiting or due for retry) or running, by queue: the backlog operators watch (/metrics). */
  backlog(): Promise<Record<string, number>>;
  /** Jobs scheduled to fall due within `seconds` (a paced signal evaluation, a retry's back-off), by queue. */
  dueWithin(seconds: number): Promise<Record<string, number>>;
}
