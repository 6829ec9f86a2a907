import { Gauge, type Registry } from 'prom-client';
import type { JobQueue } from './queue.js';

/**
 * `trygg_jobs_backlog{queue}`: jobs due (waiting, or due for retry) or running, read from the database at
 * each scrape. A growing backlog means the workers (signal evaluations, webhook deliveries,
 * referrals) fall behind what the API asks of them. `trygg_jobs_due_within_minute{queue}`: jobs
 * scheduled to fall due within the next minute (paced signal evaluations, retries): work already
 * asked for that the backlog does not show yet.
 */
export function registerJobMetrics(registry: Registry, jobs: JobQueue): void {
  const byQueue = (name: string, help: string, read: () => Promise<Record<string, number>>) =>
    new Gauge({
      name,
      help,
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        this.reset();
        // Before the queue's first start there is nothing to count (and no table to count in).
        const counts = await read().catch(() => ({}));
        for (const [queue, n] of Object.entries(counts)) this.set({ queue }, n);
      },
    });
  byQueue('trygg_jobs_backlog', 'Background jobs due or running, by queue (not those scheduled for later)', () => jobs.backlog());
  byQueue(
    'trygg_jobs_due_within_minute',
    'Background jobs scheduled to fall due within the next minute (paced signal evaluations, retries), by queue',
    () => jobs.dueWithin(60),
  );
}
