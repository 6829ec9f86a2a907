import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { EvidenceService } from '../evidence/evidence.service.js';
import type { Outbox } from '../webhooks/outbox.js';
import { BankLoadRepo } from './bank-load.repo.js';
import { BankImportService } from './bank-import.service.js';
import { BanksRepo } from './banks.repo.js';
import { BanksService } from './banks.service.js';
import { MediaCheckService } from './check.service.js';
import { MediaFeedback } from './feedback.js';
import { MediaIndex } from './media-index.js';
import { MediaRepo } from './media.repo.js';

/** Known-image matching: banks, their imports, this node's index and the upload check. */
export interface MediaServices {
  banks: BanksService;
  imports: BankImportService;
  check: MediaCheckService;
  index: MediaIndex;
  /** Confirmed removals into the platform-confirmed bank (wired into the actions module). */
  feedback: MediaFeedback;
}

export function createMediaServices(deps: {
  database: Database; audit: AuditService; clock: Clock; cases: CasesService; evidence: EvidenceService; outbox: Outbox;
}): MediaServices {
  const { database, audit, clock } = deps;
  const repo = new BanksRepo();
  const index = new MediaIndex(database, repo);
  let check: MediaCheckService | undefined;
  // A write on this node is matched against by the very next check here.
  const banks = new BanksService(database, repo, audit, clock, async () => {
    check?.forgetBanks();
    await index.follow();
  });
  const mediaRepo = new MediaRepo();
  check = new MediaCheckService(database, mediaRepo, repo, index, deps.cases, deps.evidence, deps.outbox, audit, clock);
  return { banks, imports: new BankImportService(database, repo, new BankLoadRepo(repo), banks, audit, clock), check, index, feedback: new MediaFeedback(mediaRepo, banks, audit) };
}
