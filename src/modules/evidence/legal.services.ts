import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { EvidenceService } from './evidence.service.js';
import { LegalHoldsService } from './holds.service.js';
import { PoliceRepo } from './police.repo.js';
import { PoliceRequestsService } from './police.service.js';
import type { PreservationService } from './preservation.service.js';
import { RetentionRepo } from './retention.repo.js';
import { RetentionService, defaultRetention, type RetentionConfig } from './retention.service.js';
import { EvidenceSigner } from './signing.js';

/** The legal role's tools over the evidence store: holds, retention, police requests, the signing key. */
export interface LegalServices {
  holds: LegalHoldsService;
  retention: RetentionService;
  police: PoliceRequestsService;
  signer: EvidenceSigner;
}

export function createLegalServices(deps: {
  database: Database; audit: AuditService; clock: Clock; evidence: EvidenceService; preservation: PreservationService;
  secretKey: Buffer; retention?: RetentionConfig;
}): LegalServices {
  const { database, audit, clock, evidence, preservation } = deps;
  const repo = new RetentionRepo();
  const signer = new EvidenceSigner(deps.secretKey);
  return {
    holds: new LegalHoldsService(database, repo, preservation, audit, clock),
    retention: new RetentionService(database, repo, audit, clock, deps.retention ?? defaultRetention),
    police: new PoliceRequestsService(database, new PoliceRepo(), evidence, audit, clock, signer),
    signer,
  };
}
