import type { JobQueue } from '../jobs/queue.js';
import { registerSignalJobs } from '../modules/signals/signals.jobs.js';
import type { Services } from './services.js';

/** Every module's job handlers; like modules.ts, adding a module's jobs touches only this list. */
export async function registerJobHandlers(jobs: JobQueue, services: Services): Promise<void> {
  await registerSignalJobs(jobs, services.signals);
}
