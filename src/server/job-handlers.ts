import { readEnv } from '../config/env.js';
import type { JobQueue } from '../jobs/queue.js';
import { registerReferralJobs } from '../modules/referrals/referrals.jobs.js';
import { registerEvidenceJobs } from '../modules/evidence/evidence.jobs.js';
import { registerSignalJobs } from '../modules/signals/signals.jobs.js';
import { registerWebhookJobs, type OutboundEnv } from '../modules/webhooks/webhooks.jobs.js';
import type { Services } from './services.js';

/**
 * Every module's job handlers; like modules.ts, adding a module's jobs touches only this list.
 * `env` configures webhook and e-mail sending (timeouts, retry schedules, SMTP); by default it is
 * read from the process environment, as the server reads it.
 */
export async function registerJobHandlers(jobs: JobQueue, services: Services, env: OutboundEnv = readEnv()): Promise<void> {
  await registerSignalJobs(jobs, services.signals);
  await registerWebhookJobs(jobs, services.webhooks, env);
  await registerEvidenceJobs(jobs, services.legal.retention);
  await registerReferralJobs(jobs, services.referrals);
}
