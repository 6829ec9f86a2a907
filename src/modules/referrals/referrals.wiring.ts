import { readEnv } from '../../config/env.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { QueueService } from '../cases/queue.service.js';
import type { EvidenceService } from '../evidence/evidence.service.js';
import { ReferralFacts, referralSettings, type ReferralSettings } from './referrals.facts.js';
import { ReferralsRepo } from './referrals.repo.js';
import { ReferralsService } from './referrals.service.js';
import type { NcmecMarker } from './referrals.views.js';

export interface ReferralDeps {
  database: Database;
  audit: AuditService;
  clock: Clock;
  queue: QueueService;
  evidence: EvidenceService;
  /** The retention schedule's mark for material reported to NCMEC. */
  retention?: NcmecMarker;
  jobs?: JobQueue;
  /** By default TRYGG_NCMEC_* read from the environment when a referral is built or sent. */
  settings?: () => ReferralSettings;
}

export function createReferralsService(deps: ReferralDeps): ReferralsService {
  const repo = new ReferralsRepo();
  return new ReferralsService(
    deps.database, repo, new ReferralFacts(deps.database, repo, deps.queue, deps.evidence, deps.clock), deps.audit, deps.clock,
    deps.settings ?? (() => referralSettings(readEnv())), deps.retention, deps.jobs,
  );
}
