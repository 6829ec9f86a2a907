import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../storage/db.js';
import { badRequest, conflict, notFound, TryggError, type FieldProblem } from '../../server/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import { buildReport } from './ncmec.build.js';
import { describeAnswer, NcmecClient } from './ncmec.client.js';
import { reportXml } from './ncmec.model.js';
import { buildPolicePackage, policePackagePdf } from './police.package.js';
import { ReferralFacts, type ReferralSettings } from './referrals.facts.js';
import type { ReferralRow, ReferralsRepo } from './referrals.repo.js';
import type { NcmecDetails, PoliceDetails, ReferralView } from './referrals.schemas.js';
import { ReferralSender } from './referrals.send.js';
import { referralView, SEND_JOB_OPTIONS, SEND_REFERRAL_QUEUE, type NcmecMarker, type Progress, type SendReferralJob } from './referrals.views.js';

type Built = { document: string | null; errors: FieldProblem[] | null; progress: Progress };
const EDITABLE = ['draft', 'validated', 'failed'];

const uniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};

/**
 * Referrals of a case to NCMEC's CyberTipline and to national police units. A CyberTipline
 * report is built and validated when created or edited, sent by a job after commit, and every
 * answer of the API is kept; a rejected referral stays, shows the answer and can be sent again.
 */
export class ReferralsService {
  constructor(
    private readonly database: Database,
    private readonly repo: ReferralsRepo,
    private readonly facts: ReferralFacts,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    /** Read when used, so configuration is checked where sending happens (docs/referrals.md). */
    private readonly settings: () => ReferralSettings,
    private readonly retention?: NcmecMarker,
    private readonly jobs?: JobQueue,
  ) {}

  async create(actor: Actor, caseId: string, input: { kind: 'ncmec'; details: NcmecDetails } | { kind: 'police'; details: PoliceDetails }): Promise<ReferralView> {
    const built = input.kind === 'ncmec' ? await this.buildNcmec(caseId, input.details) : await this.buildPolice(caseId, input.details);
    const now = this.clock.now();
    try {
      return await this.database.db.transaction(async (tx) => {
        const row = await this.repo.insert(tx, {
          id: newId(), caseId, kind: input.kind, status: built.errors ? 'draft' : 'validated', details: input.details, document: built.document,
          validationErrors: built.errors, progress: built.progress, createdBy: actor.id!, createdAt: now, updatedAt: now,
        });
        await this.audit.record(tx, {
          actor, type: 'referral.created', subject: { type: 'case', id: caseId },
          payload: { referralId: row.id, kind: input.kind, status: row.status, problems: built.errors?.length ?? 0 },
        });
        return referralView(row, []);
      });
    } catch (error) {
      if (uniqueViolation(error)) throw conflict('referral-exists', 'The case already has a CyberTipline referral; retract it before making another');
      throw error;
    }
  }

  /** Legal's corrections: the report is built and validated again. Not once NCMEC holds an open report for it. */
  async update(actor: Actor, id: string, details: NcmecDetails): Promise<ReferralView> {
    const current = await this.mustGet(id);
    if (current.kind !== 'ncmec') throw conflict('referral-kind', 'A police package is built once; make a new one instead');
    this.assertEditable(current);
    const built = await this.buildNcmec(current.caseId, details);
    return this.database.db.transaction(async (tx) => {
      const locked = (await this.repo.byId(tx, id, true))!;
      this.assertEditable(locked);
      const row = await this.repo.update(tx, id, {
        details, document: built.document, validationErrors: built.errors, progress: built.progress, status: built.errors ? 'draft' : 'validated',
        updatedAt: this.clock.now(),
      });
      await this.audit.record(tx, {
        actor, type: 'referral.updated', subject: { type: 'case', id: row.caseId },
        payload: { referralId: id, from: locked.status, status: row.status, problems: built.errors?.length ?? 0 },
      });
      return referralView(row, await this.repo.responses(tx, id));
    });
  }

  /** Queues the sending (first time, or again after a failure); the job runs after commit. */
  async send(actor: Actor, id: string): Promise<ReferralView> {
    if (!this.jobs) throw new TryggError(503, 'jobs-unavailable', 'Background jobs are not running on this node');
    if (!this.settings().api) {
      throw conflict('ncmec-not-configured', 'Set TRYGG_NCMEC_URL, TRYGG_NCMEC_USERNAME and TRYGG_NCMEC_PASSWORD to send reports');
    }
    return this.database.db.transaction(async (tx) => {
      const r = await this.repo.byId(tx, id, true);
      if (!r) throw notFound('Referral');
      if (r.kind !== 'ncmec') throw conflict('referral-kind', 'A police package is downloaded, not sent');
      if (r.status === 'draft') {
        throw new TryggError(422, 'referral-invalid', 'The report does not validate; correct it first', (r.validationErrors as FieldProblem[] | null) ?? []);
      }
      if (r.status !== 'validated' && r.status !== 'failed') throw conflict('referral-state', `A ${r.status} referral cannot be sent`);
      const row = await this.repo.update(tx, id, { status: 'submitting', lastError: null, updatedAt: this.clock.now() });
      await this.jobs!.enqueue<SendReferralJob>(tx, SEND_REFERRAL_QUEUE, { referralId: id, attempt: 1 }, SEND_JOB_OPTIONS);
      await this.audit.record(tx, {
        actor, type: 'referral.sending', subject: { type: 'case', id: r.caseId }, payload: { referralId: id, from: r.status, remoteReportId: r.remoteReportId },
      });
      return referralView(row, await this.repo.responses(tx, id));
    });
  }

  /** Withdraws a report NCMEC has not been told is finished; one never sent is simply withdrawn here. */
  async retract(actor: Actor, id: string, reason: string): Promise<ReferralView> {
    const r = await this.mustGet(id);
    if (r.kind !== 'ncmec') throw conflict('referral-kind', 'Only CyberTipline reports are retracted');
    if (r.status === 'submitted') throw conflict('referral-finished', 'The report is finished at NCMEC and can no longer be retracted');
    if (r.status === 'retracted') throw conflict('referral-state', 'The referral is already retracted');
    const answer = r.remoteReportId ? await this.client().retract(r.remoteReportId) : null;
    return this.database.db.transaction(async (tx) => {
      const locked = (await this.repo.byId(tx, id, true))!;
      const now = this.clock.now();
      if (answer) {
        await this.repo.insertResponse(tx, {
          id: newId(), referralId: id, step: 'retract', attempt: locked.attempts, httpStatus: answer.httpStatus, responseCode: answer.responseCode,
          body: answer.body, ok: answer.ok, at: now,
        });
      }
      if (answer && !answer.ok) {
        const row = await this.repo.update(tx, id, { lastError: describeAnswer(answer), updatedAt: now });
        return { refused: true as const, view: referralView(row, await this.repo.responses(tx, id)), message: describeAnswer(answer) };
      }
      const row = await this.repo.update(tx, id, { status: 'retracted', retractedAt: now, updatedAt: now });
      await this.audit.record(tx, {
        actor, type: 'referral.retracted', subject: { type: 'case', id: r.caseId },
        payload: { referralId: id, from: locked.status, remoteReportId: r.remoteReportId, reason },
      });
      return { refused: false as const, view: referralView(row, await this.repo.responses(tx, id)) };
    }).then((result) => {
      // The refusal is stored (committed above) before it is reported.
      if (result.refused) throw new TryggError(502, 'ncmec-refused', `NCMEC refused the retraction: ${result.message}`);
      return result.view;
    });
  }

  /** Police packages only: legal records that the package reached the unit. */
  async markDelivered(actor: Actor, id: string, note: string): Promise<ReferralView> {
    return this.database.db.transaction(async (tx) => {
      const r = await this.repo.byId(tx, id, true);
      if (!r) throw notFound('Referral');
      if (r.kind !== 'police') throw conflict('referral-kind', 'CyberTipline reports are sent through the API');
      if (r.status !== 'validated') throw conflict('referral-state', `A ${r.status} package cannot be marked delivered`);
      const now = this.clock.now();
      const row = await this.repo.update(tx, id, { status: 'submitted', submittedAt: now, updatedAt: now });
      await this.audit.record(tx, { actor, type: 'referral.delivered', subject: { type: 'case', id: r.caseId }, payload: { referralId: id, note } });
      return referralView(row, []);
    });
  }

  async get(id: string): Promise<ReferralView> {
    const r = await this.mustGet(id);
    return referralView(r, await this.repo.responses(this.database.db, id));
  }

  /** A page of referrals; `next` is the cursor of the following page (null at the end). */
  async list(filter: { caseId?: string; status?: string; kind?: string; limit: number; before?: string }): Promise<{ items: ReferralView[]; next: string | null }> {
    const before = filter.before === undefined ? undefined : decodeTimeCursor(filter.before);
    if (before === null) throw badRequest('querystring.before', 'not a cursor from this list (use next)');
    const rows = await this.repo.list(this.database.db, { ...filter, before });
    const items = await Promise.all(rows.map(async (r) => referralView(r, await this.repo.responses(this.database.db, r.id))));
    const last = rows.length === filter.limit ? rows[rows.length - 1] : undefined;
    return { items, next: last ? encodeTimeCursor(last.updatedAt, last.id) : null };
  }

  /** The police package as JSON or its PDF summary; every download is audited. */
  async download(actor: Actor, id: string, format: 'json' | 'pdf'): Promise<{ bytes: Buffer; contentType: string; filename: string }> {
    const r = await this.mustGet(id);
    if (r.kind !== 'police' || !r.document) throw conflict('referral-kind', 'Only police packages are downloaded');
    await this.audit.recordAlone({ actor, type: 'referral.package_downloaded', subject: { type: 'case', id: r.caseId }, payload: { referralId: id, format } });
    const name = `trygg-intelligence-${r.caseId}`;
    if (format === 'json') return { bytes: Buffer.from(r.document), contentType: 'application/json', filename: `${name}.json` };
    return { bytes: policePackagePdf(JSON.parse(r.document)), contentType: 'application/pdf', filename: `${name}.pdf` };
  }

  sender(jobs: JobQueue, fetchFn?: typeof fetch): ReferralSender {
    return new ReferralSender(this.database, this.repo, this.facts, this.audit, this.clock, this.settings, jobs, this.retention, fetchFn);
  }

  private client(): NcmecClient {
    const api = this.settings().api;
    if (!api) throw conflict('ncmec-not-configured', 'Set TRYGG_NCMEC_URL, TRYGG_NCMEC_USERNAME and TRYGG_NCMEC_PASSWORD');
    return new NcmecClient(api);
  }

  private async mustGet(id: string): Promise<ReferralRow> {
    const r = await this.repo.byId(this.database.db, id);
    if (!r) throw notFound('Referral');
    return r;
  }

  private assertEditable(r: ReferralRow): void {
    if (!EDITABLE.includes(r.status)) throw conflict('referral-state', `A ${r.status} referral cannot be changed`);
    if (r.remoteReportId) throw conflict('referral-open-at-ncmec', 'NCMEC holds an open report for this referral; retract it and make a new one to change it');
  }

  private async buildNcmec(caseId: string, details: NcmecDetails): Promise<Built> {
    const view = await this.facts.caseView(caseId);
    const problems: FieldProblem[] = [];
    const lookup = async (externalId: string | null | undefined, field: string) => {
      if (!externalId) return null;
      const account = await this.facts.account(externalId);
      if (!account) problems.push({ field, message: 'no member with this platform id' });
      return account;
    };
    const reported = await lookup(ReferralFacts.reportedId(view, details), 'details.reportedAccountId');
    const victim = await lookup(details.victimAccountId, 'details.victimAccountId');
    const recipients = (await Promise.all(details.intendedRecipientAccountIds.map((x, i) => lookup(x, `details.intendedRecipientAccountIds.${i}`))))
      .filter((a) => a !== null);
    const { files, errors } = ReferralFacts.planFiles(await this.facts.evidenceFor(caseId), details);
    problems.push(...errors);
    const built = buildReport({
      kase: ReferralFacts.caseFacts(view), reported, victim, recipients, fileCount: files.length, details, reporter: this.settings().reporter, now: this.clock.now(),
    });
    const all = [...problems, ...(built.errors ?? []).filter((e) => !problems.some((p) => p.field === e.field))];
    if (all.length || !built.report) return { document: null, errors: all, progress: { files } };
    return { document: reportXml(built.report), errors: null, progress: { files } };
  }

  private async buildPolice(caseId: string, details: PoliceDetails): Promise<Built> {
    const view = await this.facts.caseView(caseId);
    const subjectId = view.case.subject.type === 'account' || view.case.subject.type === 'profile' ? view.case.subject.id : null;
    const pkg = buildPolicePackage({
      espName: this.settings().reporter.espName, kase: view.case, subject: subjectId ? await this.facts.account(subjectId) : null,
      reports: view.reports, signals: view.signals, notes: view.notes, actions: view.actions, history: view.history,
      evidence: await this.facts.evidenceFor(caseId), details, generatedAt: this.clock.now(),
    });
    return { document: JSON.stringify(pkg, null, 2), errors: null, progress: { files: [] } };
  }
}
