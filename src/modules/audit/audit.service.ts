import type { Clock } from '../../lib/clock.js';
import type { Database, Queryable } from '../../storage/db.js';
import { checkChain, type ChainBreak } from './audit.chain.js';
import type { AuditRepo, EventFilter } from './audit.repo.js';
import { GENESIS_HASH, type ModerationEvent, type NewModerationEvent } from './audit.types.js';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  firstBroken?: ChainBreak;
}

export class AuditService {
  constructor(
    private readonly database: Database,
    private readonly repo: AuditRepo,
    private readonly clock: Clock,
  ) {}

  /** Record a state change in the caller's transaction. */
  record(tx: Queryable, event: NewModerationEvent): Promise<ModerationEvent> {
    return this.repo.append(tx, event, this.clock.now());
  }

  /** Record on its own (sign-in failures, denials: there is no other change to join). */
  recordAlone(event: NewModerationEvent): Promise<ModerationEvent> {
    return this.database.db.transaction((tx) => this.repo.append(tx, event, this.clock.now()));
  }

  list(filter: EventFilter): Promise<ModerationEvent[]> {
    return this.repo.list(this.database.db, filter);
  }

  /** Walks the whole chain; `onProgress` lets the CLI draw a bar. */
  async verify(onProgress?: (checked: number) => void, pageSize = 5000): Promise<VerifyResult> {
    let afterSeq = 0;
    let prev = GENESIS_HASH;
    let checked = 0;
    let lastSeq: number | null = null;
    for (;;) {
      const rows = await this.repo.page(this.database.db, afterSeq, pageSize);
      if (rows.length === 0) break;
      const result = checkChain(rows, prev);
      if (result.broken) {
        const index = rows.findIndex((r) => r.seq === result.broken!.seq);
        return { ok: false, checked: checked + index, lastSeq, firstBroken: result.broken };
      }
      checked += rows.length;
      prev = result.lastHash;
      afterSeq = rows[rows.length - 1]!.seq;
      lastSeq = afterSeq;
      onProgress?.(checked);
    }
    return { ok: true, checked, lastSeq };
  }
}
