import type { Counter } from 'prom-client';
import type { JobQueue } from '../../jobs/queue.js';
import type { Database } from '../../storage/db.js';
import { requestSignals } from '../signals/signals.jobs.js';
import type { ContactRepo } from './contact.repo.js';

export type Denial = Parameters<ContactRepo['recordDenials']>[1][number];

/** Rows a transaction takes at most (8 columns a row: far below PostgreSQL's 65,535 parameters). */
const MAX_ROWS = 4_000;
/**
 * How long a denial nobody waits for may wait for others: under load a few hundred denials a
 * second cost a handful of transactions and signal jobs instead of one each, off the answer's path.
 */
export const DENIAL_LINGER_MS = 50;
/** After a failed write, rows nobody waits for are tried again this much later. */
const RETRY_MS = 1_000;
/** Rows kept for retry at most while the database is away; beyond that the oldest are dropped (and counted). */
const MAX_BACKLOG = 100_000;
/** Writes of the same rows before they are dropped (and counted): a row the database refuses must not block the rest. */
const MAX_ATTEMPTS = 5;

interface Queued {
  rows: Denial[];
  /** Present when a caller waits: it hears the outcome, and its rows are not retried behind its back. */
  waiter?: { resolve: () => void; reject: (error: unknown) => void };
  attempts?: number;
}

export interface DenialMetrics {
  /** Rows dropped: the backlog was full while writes failed, or their writes kept failing. */
  dropped: Counter;
  /** Writes that failed (each retried later, or reported to the caller who waited). */
  failures: Counter;
}

/**
 * Keeps the denials involving a minor, with the signal evaluation they ask for. One transaction
 * at a time. Denials whose caller waits (`decideMany`) are written at once with whatever is
 * queued; others wait up to DENIAL_LINGER_MS for company. A single decision's answer does not
 * wait for its denial: the record is signal input, not the answer, and `flushed()` (shutdown,
 * tests) waits for every queued row.
 */
export class DenialWriter {
  private queued: Queued[] = [];
  /** Rows nobody waits for whose write failed, until the retry timer puts them back in the queue. */
  private parked: Queued[] = [];
  private writing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly repo: ContactRepo,
    private readonly jobs: JobQueue | undefined,
    private readonly metrics: DenialMetrics,
  ) {}

  /** Records the rows at once (with whatever is queued); resolves when they have committed. */
  write(rows: Denial[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queued.push({ rows, waiter: { resolve, reject } });
      this.schedule(0);
    });
  }

  /** Queues the rows for a write within DENIAL_LINGER_MS; failures are retried, not reported. */
  enqueue(rows: Denial[]): void {
    if (!rows.length) return;
    this.queued.push({ rows });
    this.schedule(DENIAL_LINGER_MS);
  }

  /**
   * Resolves once every row queued before the call has been written, or has failed once more
   * (shutdown must not hang on a database that is away; such rows stay queued for retry).
   */
  async flushed(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.queued.unshift(...this.parked.splice(0));
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queued.length || this.writing) await (this.writing ?? this.drain());
  }

  private schedule(delayMs: number): void {
    if (this.writing) return; // the running drain takes what is queued when it ends
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, delayMs);
  }

  private drain(): Promise<void> {
    this.writing ??= (async () => {
      try {
        while (this.queued.length) await this.writeBatch(this.take());
      } finally {
        this.writing = undefined;
      }
    })();
    return this.writing;
  }

  /** Whole callers only, so each one's rows commit or fail together. */
  private take(): Queued[] {
    let count = 0;
    let take = 0;
    while (take < this.queued.length && (take === 0 || count + this.queued[take]!.rows.length <= MAX_ROWS)) count += this.queued[take++]!.rows.length;
    return this.queued.splice(0, take);
  }

  private async writeBatch(batch: Queued[]): Promise<void> {
    const rows = batch.flatMap((b) => b.rows);
    try {
      await this.database.db.transaction(async (tx) => {
        await this.repo.recordDenials(tx, rows);
        await requestSignals(this.jobs, tx, rows.map((d) => d.fromExternalId));
      });
      for (const b of batch) b.waiter?.resolve();
    } catch (error) {
      this.metrics.failures.inc();
      for (const b of batch) b.waiter?.reject(error);
      const retry = batch.filter((b) => !b.waiter && (b.attempts = (b.attempts ?? 0) + 1) < MAX_ATTEMPTS);
      for (const b of batch) if (!b.waiter && !retry.includes(b)) this.metrics.dropped.inc(b.rows.length);
      this.keepForRetry(retry);
    }
  }

  private keepForRetry(batch: Queued[]): void {
    if (!batch.length) return;
    this.parked.push(...batch);
    let backlog = [...this.parked, ...this.queued].reduce((n, q) => n + q.rows.length, 0);
    while (backlog > MAX_BACKLOG && this.parked.length > 1) {
      const dropped = this.parked.shift()!;
      backlog -= dropped.rows.length;
      this.metrics.dropped.inc(dropped.rows.length);
    }
    // Parked, not queued: the drain ends instead of spinning while the database is away.
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = undefined;
      this.queued.unshift(...this.parked.splice(0));
      this.schedule(0);
    }, RETRY_MS);
    this.retryTimer.unref();
  }
}
