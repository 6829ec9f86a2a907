import { readEnv } from '../config/env.js';
import type { JobQueue } from '../jobs/queue.js';
import { registerReferralJobs } from '../modules/referrals/referrals.jobs.js';
import { registerEvidenceJobs } from '../modules/evidence/evidence.jobs.js';
import { registerSignalJobs } from '../modules/signals/signals.jobs.js';
import { SignalsPacing } from '../modules/signals/signals.pacing.js';
import { registerWebhookJobs, type OutboundEnv } from '../modules/webhooks/webhooks.jobs.js';
import type { Env } from '../config/env.js';
import type { Services } from './services.js';

export type JobsEnv = OutboundEnv & Pick<Env, 'TRYGG_SIGNALS_WINDOW_SECONDS'>;

/**
 * Every module's job handlers; like modules.ts, adding a module's jobs touches only this list.
 * `env` configures webhook and e-mail sending (timeouts, retry schedules, SMTP); by default it is
 * read from the process environment, as the server reads it.
 */
export async function registerJobHandlers(jobs: JobQueue, services: Services, env: JobsEnv = readEnv()): Promise<void> {
  await registerSignalJobs(jobs, services.signals, new SignalsPacing(env.TRYGG_SIGNALS_WINDOW_SECONDS * 1000));
  await registerWebhookJobs(jobs, services.webhooks, env);
  await registerEvidenceJobs(jobs, services.legal.retention);
  await registerReferralJobs(jobs, services.referrals);
}
