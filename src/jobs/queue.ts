import type { Queryable } from '../storage/db.js';

export interface JobOptions {
  /** Deduplicates: a second send with the same key while the first exists is dropped. */
  singletonKey?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** How long one attempt may run before it is considered dead and retried. */
  expireInSeconds?: number;
  startAfter?: Date;
}

export interface Job<T> {
  id: string;
  name: string;
  data: T;
}

/**
 * Background jobs on the same database (pg-boss). Enqueue inside the transaction whose
 * commit should cause the job: a rollback means it never runs. Delivery is at least once:
 * handlers must be idempotent.
 */
export interface JobQueue {
  start(): Promise<void>;
  stop(): Promise<void>;
  enqueue<T extends object>(tx: Queryable, name: string, data: T, options?: JobOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: (job: Job<T>) => Promise<void>, options?: { batchSize?: number; pollingIntervalSeconds?: number }): Promise<void>;
}
