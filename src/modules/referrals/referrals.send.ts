import { createHash } from 'node:crypto';
import { runJobOnce } from '../../jobs/job-runs.js';
import type { Job, JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database, Queryable } from '../../storage/db.js';
import { TryggError } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { buildFileDetails } from './ncmec.build.js';
import { describeAnswer, NcmecClient, type ApiAnswer } from './ncmec.client.js';
import { fileDetailsXml } from './ncmec.model.js';
import type { ReferralFacts, ReferralSettings } from './referrals.facts.js';
import type { ReferralRow, ReferralsRepo } from './referrals.repo.js';
import { SEND_JOB_OPTIONS, SEND_REFERRAL_QUEUE, SENDER, type NcmecMarker, type Progress, type SendReferralJob } from './referrals.views.js';

type Failure = { answer: ApiAnswer | null; message: string; transient: boolean };

/**
 * Sends one referral to the CyberTipline: submit, upload and describe each file, finish. Each
 * answer is stored as it comes, with what it achieved (the reportId, a fileId), so a later
 * attempt resumes where this one stopped. An answer that is not OK ends the attempt: a transient
 * one (network, HTTP 5xx) is tried again on the schedule, a rejection marks the referral failed.
 * A crash between a request and its record repeats that request on the retry.
 */
export class ReferralSender {
  constructor(
    private readonly database: Database,
    private readonly repo: ReferralsRepo,
    private readonly facts: ReferralFacts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly settings: () => ReferralSettings,
    private readonly jobs: JobQueue,
    private readonly retention?: NcmecMarker,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async handle(job: Job<SendReferralJob>): Promise<void> {
    const db = this.database.db;
    const before = await this.repo.byId(db, job.data.referralId);
    if (!before || before.status !== 'submitting' || (await this.repo.jobDone(db, job.id))) return;
    const settings = this.settings();
    if (!settings.api) {
      await this.fail(job, { answer: null, message: 'TRYGG_NCMEC_URL, TRYGG_NCMEC_USERNAME and TRYGG_NCMEC_PASSWORD are not all set', transient: false });
      return;
    }
    const r = await db.transaction((tx) => this.repo.update(tx, before.id, { attempts: before.attempts + 1, updatedAt: this.clock.now() }));
    let failure: Failure | null;
    try {
      failure = await this.run(r, new NcmecClient(settings.api, this.fetchFn));
    } catch (error) {
      // Purged evidence will not come back; anything else unexpected is worth another attempt.
      const purged = error instanceof TryggError && error.status === 410;
      failure = { answer: null, message: `${purged ? '' : 'internal error: '}${(error as Error).message}`.slice(0, 500), transient: !purged };
    }
    if (failure) await this.fail(job, failure);
  }

  private async run(r: ReferralRow, client: NcmecClient): Promise<Failure | null> {
    const progress = structuredClone(r.progress) as Progress;
    let reportId = r.remoteReportId;
    if (!reportId) {
      const a = await client.submit(r.document ?? '');
      if (!a.ok || !a.reportId) return rejected(a);
      reportId = a.reportId;
      if (!(await this.record(r, a, { remoteReportId: reportId }))) {
        // Retracted here while the submit was on its way: withdraw the report NCMEC just opened.
        await this.record(r, await client.retract(reportId), {});
        return null;
      }
    }
    for (const file of progress.files) {
      if (file.fileId) continue;
      const opened = await this.facts.openFile(SENDER, file.itemId, `CyberTipline report ${reportId} (referral ${r.id})`);
      const a = await client.upload(reportId, { bytes: opened.bytes, name: file.name, contentType: opened.contentType });
      if (!a.ok || !a.fileId) return rejected(a);
      Object.assign(file, { fileId: a.fileId, md5: createHash('md5').update(opened.bytes).digest('hex'), sha256: opened.sha256 });
      if (!(await this.record(r, a, { progress }))) return null;
    }
    for (const file of progress.files) {
      if (file.described) continue;
      const built = buildFileDetails({
        reportId, fileId: file.fileId!, originalFileName: file.name, md5: file.md5!, sha256: file.sha256!,
        fileViewedByEsp: file.fileViewedByEsp, publiclyAvailable: file.publiclyAvailable, industryClassification: file.industryClassification,
      });
      if (!built.details) return { answer: null, message: `fileinfo for ${file.itemId}: ${built.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, transient: false };
      const a = await client.fileInfo(fileDetailsXml(built.details));
      if (!a.ok) return rejected(a);
      file.described = true;
      if (!(await this.record(r, a, { progress }))) return null;
    }
    const current = await this.repo.byId(this.database.db, r.id);
    if (current?.status !== 'submitting') return null;
    const a = await client.finish(reportId);
    if (!a.ok) return rejected(a);
    await this.database.db.transaction(async (tx) => {
      const locked = (await this.repo.byId(tx, r.id, true))!;
      await this.insertAnswer(tx, locked, a);
      const now = this.clock.now();
      await this.repo.update(tx, r.id, { status: 'submitted', submittedAt: now, updatedAt: now, lastError: null, progress: { ...progress, finished: true } });
      const itemIds = progress.files.map((f) => f.itemId);
      // The event the retention schedule and the case timeline read: this case's material went to NCMEC.
      await this.audit.record(tx, {
        actor: SENDER, type: 'referral.submitted', subject: { type: 'case', id: r.caseId },
        payload: { referralId: r.id, caseId: r.caseId, kind: 'ncmec', remoteReportId: reportId, itemIds, sha256: progress.files.map((f) => f.sha256) },
      });
      await this.retention?.markReportedToNcmec(tx, SENDER, { caseId: r.caseId, itemIds, reference: `CyberTipline report ${reportId}` });
    });
    return null;
  }

  /** Stores an answer and what it achieved; false when the referral stopped sending meanwhile (retracted). */
  private async record(r: ReferralRow, a: ApiAnswer, changes: { remoteReportId?: string; progress?: Progress }): Promise<boolean> {
    return this.database.db.transaction(async (tx) => {
      const locked = (await this.repo.byId(tx, r.id, true))!;
      await this.insertAnswer(tx, locked, a);
      await this.repo.update(tx, r.id, { ...changes, updatedAt: this.clock.now() });
      return locked.status === 'submitting';
    });
  }

  private insertAnswer(tx: Queryable, r: ReferralRow, a: ApiAnswer): Promise<void> {
    return this.repo.insertResponse(tx, {
      id: newId(), referralId: r.id, step: a.step, attempt: r.attempts, httpStatus: a.httpStatus, responseCode: a.responseCode,
      body: a.body ?? a.description, ok: a.ok, at: this.clock.now(),
    });
  }

  /** Ends the attempt: the next one on the schedule, or failed. Once per job, however often it is delivered. */
  private async fail(job: Job<SendReferralJob>, f: Failure): Promise<void> {
    const schedule = this.settings().retryScheduleSeconds;
    await runJobOnce(this.database.db, job, async (tx) => {
      const r = await this.repo.byId(tx, job.data.referralId, true);
      if (!r) return;
      if (f.answer) await this.insertAnswer(tx, r, f.answer);
      if (r.status !== 'submitting') return;
      const now = this.clock.now();
      const delay = f.transient ? schedule[job.data.attempt - 1] : undefined;
      if (delay !== undefined) {
        await this.repo.update(tx, r.id, { lastError: f.message, updatedAt: now });
        // pg-boss compares startAfter with the database's clock: the delay is counted in wall time.
        await this.jobs.enqueue<SendReferralJob>(tx, SEND_REFERRAL_QUEUE, { referralId: r.id, attempt: job.data.attempt + 1 }, {
          ...SEND_JOB_OPTIONS, startAfter: new Date(Date.now() + delay * 1000),
        });
        await this.audit.record(tx, {
          actor: SENDER, type: 'referral.retry_scheduled', subject: { type: 'case', id: r.caseId },
          payload: { referralId: r.id, error: f.message, retryInSeconds: delay, attempt: job.data.attempt },
        });
        return;
      }
      await this.repo.update(tx, r.id, { status: 'failed', lastError: f.message, updatedAt: now });
      await this.audit.record(tx, {
        actor: SENDER, type: 'referral.failed', subject: { type: 'case', id: r.caseId },
        payload: {
          referralId: r.id, error: f.message, step: f.answer?.step ?? null, httpStatus: f.answer?.httpStatus ?? null, responseCode: f.answer?.responseCode ?? null,
        },
      });
    });
  }
}

const rejected = (a: ApiAnswer): Failure => ({ answer: a, message: describeAnswer(a), transient: a.transient });
