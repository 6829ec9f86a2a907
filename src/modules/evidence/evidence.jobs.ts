import type { JobQueue } from '../../jobs/queue.js';
import { PURGE_QUEUE, type RetentionService } from './retention.service.js';

/**
 * The daily evidence purge: each run schedules the next in its own transaction, so the chain
 * survives restarts; a node that runs workers makes sure a chain exists when it starts.
 */
export async function registerEvidenceJobs(jobs: JobQueue, retention: RetentionService): Promise<void> {
  await jobs.work(PURGE_QUEUE, (job) => retention.runScheduled(jobs, job));
  if (jobs.runsWorkers) await retention.ensureScheduled(jobs);
}
