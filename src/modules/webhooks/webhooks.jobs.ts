import type { Env } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { DeliverJob, DeliveryConfig } from './deliver.js';
import type { EmailConfig, SendEmailJob } from './email.js';
import { DELIVER_WEBHOOK_QUEUE, SEND_EMAIL_QUEUE } from './outbox.js';
import type { WebhooksService } from './webhooks.service.js';

/** Webhook requests run this many at a time per node, so one slow endpoint does not hold up the rest. */
export const WEBHOOK_WORKERS = 4;

export type OutboundEnv = Pick<
  Env,
  'TRYGG_WEBHOOK_TIMEOUT_SECONDS' | 'TRYGG_WEBHOOK_RETRY_SCHEDULE' | 'TRYGG_SMTP_URL' | 'TRYGG_MAIL_FROM' | 'TRYGG_EMAIL_RETRY_SCHEDULE'
>;

export const deliveryConfig = (env: OutboundEnv): DeliveryConfig => ({
  timeoutMs: Math.round(env.TRYGG_WEBHOOK_TIMEOUT_SECONDS * 1000),
  retryScheduleSeconds: env.TRYGG_WEBHOOK_RETRY_SCHEDULE,
});

export const emailConfig = (env: OutboundEnv): EmailConfig => ({
  smtpUrl: env.TRYGG_SMTP_URL,
  from: env.TRYGG_MAIL_FROM,
  retryScheduleSeconds: env.TRYGG_EMAIL_RETRY_SCHEDULE,
});

/**
 * Works webhooks.deliver and email.send. Without TRYGG_SMTP_URL this node does not work
 * email.send: e-mails stay `pending` with their jobs waiting in the queue (pg-boss keeps a
 * waiting job 14 days) until a node with SMTP configured runs; a warning says so once.
 */
export async function registerWebhookJobs(
  jobs: JobQueue,
  webhooks: WebhooksService,
  env: OutboundEnv,
  warn: (message: string) => void = (m) => console.warn(`[trygg] ${m}`),
): Promise<void> {
  const deliverer = webhooks.deliverer(jobs, deliveryConfig(env));
  for (let i = 0; i < WEBHOOK_WORKERS; i++) {
    await jobs.work<DeliverJob>(DELIVER_WEBHOOK_QUEUE, (job) => deliverer.handle(job));
  }
  const mail = emailConfig(env);
  if (mail.smtpUrl) {
    const mailer = webhooks.mailer(jobs, mail);
    await jobs.work<SendEmailJob>(SEND_EMAIL_QUEUE, (job) => mailer.handle(job));
  } else if (jobs.runsWorkers) {
    warn('TRYGG_SMTP_URL is not set: e-mails to reporters and members are kept pending, and sent once a node with SMTP configured runs.');
  }
}
