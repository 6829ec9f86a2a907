import { runJobOnce } from '../../jobs/job-runs.js';
import type { Job, JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database, Queryable } from '../../storage/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { PurgeCounts, RetentionRepo } from './retention.repo.js';

export interface RetentionConfig {
  /** Days after an account's deletion until its evidence not under hold is purged (default 90). */
  days: number;
  /** The same for material reported to NCMEC (default 365). */
  ncmecDays: number;
}

export const defaultRetention: RetentionConfig = { days: 90, ncmecDays: 365 };

export const PURGE_QUEUE = 'evidence.purge';
const SCHEDULE = 'purge';
const DAY = 86_400_000;
const SYSTEM: Actor = { type: 'system', id: 'evidence.retention' };

export interface PurgeResult extends PurgeCounts {
  ranAt: string;
  retentionDays: number;
  ncmecRetentionDays: number;
}

/**
 * The retention schedule: after an account is deleted, its evidence stays while a legal hold
 * covers it, and the rest is purged once retention has run out (blob bytes gone, item records
 * kept). A daily job runs the purge; each run is a moderation event with its counts.
 */
export class RetentionService {
  constructor(
    private readonly database: Database,
    private readonly repo: RetentionRepo,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    readonly config: RetentionConfig = defaultRetention,
  ) {}

  /**
   * Marks a case's evidence, or single items, as reported to NCMEC: kept for the longer NCMEC
   * retention after the account's deletion. For the referrals module, in its own transaction.
   */
  async markReportedToNcmec(tx: Queryable, actor: Actor, input: { caseId?: string; itemIds?: string[]; reference?: string | null }): Promise<void> {
    const scopes = [
      ...(input.caseId ? [{ scopeType: 'case', scopeId: input.caseId }] : []),
      ...(input.itemIds ?? []).map((id) => ({ scopeType: 'item', scopeId: id })),
    ];
    const markedAt = this.clock.now();
    for (const s of scopes) {
      await this.repo.insertMark(tx, { id: newId(), ...s, reference: input.reference ?? null, actorType: actor.type, actorId: actor.id ?? null, markedAt });
    }
    if (scopes.length) {
      await this.audit.record(tx, {
        actor, type: 'evidence.reported_to_ncmec', subject: input.caseId ? { type: 'case', id: input.caseId } : null,
        payload: { caseId: input.caseId ?? null, itemIds: input.itemIds ?? [], reference: input.reference ?? null },
      });
    }
  }

  /** One purge run, in its own transaction. */
  async purge(actor: Actor = SYSTEM): Promise<PurgeResult> {
    return this.database.db.transaction((tx) => this.purgeIn(tx, actor));
  }

  private async purgeIn(tx: Queryable, actor: Actor): Promise<PurgeResult> {
    const now = this.clock.now();
    const counts = await this.repo.purge(tx, { now, days: this.config.days, ncmecDays: this.config.ncmecDays });
    const result = { ...counts, ranAt: now.toISOString(), retentionDays: this.config.days, ncmecRetentionDays: this.config.ncmecDays };
    await this.audit.record(tx, { actor, type: 'evidence.purge_run', subject: null, payload: { ...result } });
    return result;
  }

  /**
   * Makes sure the daily purge is scheduled (the server calls this at start). One row names the
   * job due next; a missing row, or a job overdue by a day (lost after failing every retry),
   * starts a new chain at once. A job the row does not name stops without effect.
   */
  async ensureScheduled(jobs: JobQueue): Promise<void> {
    await this.database.db.transaction(async (tx) => {
      await this.repo.lockSchedules(tx);
      const row = await this.repo.schedule(tx, SCHEDULE);
      const now = this.clock.now();
      if (row && row.nextRunAt.getTime() > now.getTime() - DAY) return;
      const jobId = await jobs.enqueue(tx, PURGE_QUEUE, {});
      await this.repo.saveSchedule(tx, { name: SCHEDULE, jobId, nextRunAt: now, lastRunAt: row?.lastRunAt ?? null });
    });
  }

  /**
   * The job: purge, then schedule the next run a day later, in one transaction that also records
   * the job as done (runJobOnce), so a redelivered job changes nothing.
   */
  async runScheduled(jobs: JobQueue, job: Job<unknown>): Promise<void> {
    await runJobOnce(this.database.db, job, async (tx) => {
      await this.repo.lockSchedules(tx);
      const row = await this.repo.schedule(tx, SCHEDULE);
      if (row && row.jobId !== job.id) return;
      await this.purgeIn(tx, SYSTEM);
      const nextRunAt = new Date(this.clock.now().getTime() + DAY);
      // pg-boss waits by the database's clock, not the service's: a day from now in real time. (With a
      // stopped test clock, a start time from the service clock was always due: the job ran forever.)
      const next = await jobs.enqueue(tx, PURGE_QUEUE, {}, { startAfter: new Date(Date.now() + DAY) });
      await this.repo.saveSchedule(tx, { name: SCHEDULE, jobId: next, nextRunAt, lastRunAt: this.clock.now() });
    });
  }
}
