import type { JobQueue } from '../../jobs/queue.js';
import type { ReferralsService } from './referrals.service.js';
import { SEND_REFERRAL_QUEUE, type SendReferralJob } from './referrals.views.js';

/** Works referrals.send: one referral at a time per node (the API is not a bulk endpoint). */
export async function registerReferralJobs(jobs: JobQueue, referrals: ReferralsService): Promise<void> {
  const sender = referrals.sender(jobs);
  await jobs.work<SendReferralJob>(SEND_REFERRAL_QUEUE, (job) => sender.handle(job));
}
