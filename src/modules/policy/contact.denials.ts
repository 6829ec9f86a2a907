import type { JobQueue } from '../../jobs/queue.js';
import type { Database } from '../../storage/db.js';
import { requestSignals } from '../signals/signals.jobs.js';
import type { ContactRepo } from './contact.repo.js';

export type Denial = Parameters<ContactRepo['recordDenials']>[1][number];

/** Rows a transaction takes at most (8 columns a row: far below PostgreSQL's 65,535 parameters). */
const MAX_ROWS = 4_000;

/**
 * Keeps the denials involving a minor, with the signal evaluation they ask for. One transaction
 * at a time: denials arriving while one commits go together in the next, so a burst costs two
 * transactions, not one each. Each caller's promise resolves once its rows have committed.
 */
export class DenialWriter {
  private queued: { rows: Denial[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly database: Database,
    private readonly repo: ContactRepo,
    private readonly jobs?: JobQueue,
  ) {}

  write(rows: Denial[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queued.push({ rows, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queued.length) {
      // Whole callers only, so each one's rows commit or fail together.
      let count = 0;
      let take = 0;
      while (take < this.queued.length && (take === 0 || count + this.queued[take]!.rows.length <= MAX_ROWS)) count += this.queued[take++]!.rows.length;
      const batch = this.queued.splice(0, take);
      const rows = batch.flatMap((b) => b.rows);
      try {
        await this.database.db.transaction(async (tx) => {
          await this.repo.recordDenials(tx, rows);
          await requestSignals(this.jobs, tx, rows.map((d) => d.fromExternalId));
        });
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.writing = false;
  }
}
