import type { FieldProblem } from '../../server/errors.js';
import type { Queryable } from '../../storage/db.js';
import type { Actor } from '../audit/audit.types.js';
import type { PlannedFile } from './referrals.facts.js';
import type { ReferralResponseRow, ReferralRow } from './referrals.repo.js';
import type { ReferralView } from './referrals.schemas.js';

export const SEND_REFERRAL_QUEUE = 'referrals.send';
/** pg-boss's own retries cover a crashed worker; the API's answers follow TRYGG_NCMEC_RETRY_SCHEDULE. */
export const SEND_JOB_OPTIONS = { retryLimit: 5, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: 900 } as const;

/** The job's data: which referral, and which attempt of this sending (for the retry schedule). */
export interface SendReferralJob {
  referralId: string;
  attempt: number;
}

/** How far sending got, kept on the referral so a retry resumes instead of starting over. */
export interface Progress {
  files: PlannedFile[];
  finished?: boolean;
}

/** The retention schedule's hook: material reported to NCMEC is kept longer (src/modules/evidence). */
export interface NcmecMarker {
  markReportedToNcmec(tx: Queryable, actor: Actor, input: { caseId?: string; itemIds?: string[]; reference?: string | null }): Promise<void>;
}

export const SENDER: Actor = { type: 'system', id: 'referrals.send' };

export function referralView(r: ReferralRow, responses: ReferralResponseRow[]): ReferralView {
  return {
    id: r.id, caseId: r.caseId, kind: r.kind as ReferralView['kind'], status: r.status as ReferralView['status'], details: r.details, document: r.document,
    validationErrors: (r.validationErrors as FieldProblem[] | null) ?? null, remoteReportId: r.remoteReportId, progress: r.progress, attempts: r.attempts,
    lastError: r.lastError, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null, retractedAt: r.retractedAt?.toISOString() ?? null,
    responses: responses.map((x) => ({
      step: x.step, attempt: x.attempt, httpStatus: x.httpStatus, responseCode: x.responseCode, body: x.body, ok: x.ok, at: x.at.toISOString(),
    })),
  };
}
