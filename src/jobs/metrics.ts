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
  new Gauge({
    name: 'trygg_jobs_backlog',
    help: 'Background jobs due or running, by queue (not those scheduled for later)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      // Before the queue's first start there is nothing to count (and no table to count in).
      const backlog = await jobs.backlog().catch(() => ({}));
      for (const [queue, n] of Object.entries(backlog)) this.set({ queue }, n);
    },
  });
  new Gauge({
    name: 'trygg_jobs_due_within_minute',
    help: 'Background jobs scheduled to fall due within the next minute (paced signal evaluations, retries), by queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const soon = await jobs.dueWithin(60).catch(() => ({}));
      for (const [queue, n] of Object.entries(soon)) this.set({ queue }, n);
    },
  });
}
