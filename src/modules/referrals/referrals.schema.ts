import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from '../cases/cases.schema.js';

/**
 * A referral of a case to NCMEC's CyberTipline or to a national police unit. The document sent
 * (the report XML, or the police package's JSON) is stored as built, so what left is known.
 */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    /** ncmec | police */
    kind: text('kind').notNull(),
    /** draft | validated | submitting | submitted | failed | retracted */
    status: text('status').notNull(),
    /** What legal supplied beyond the case (police case number, annotations, file classifications). */
    details: jsonb('details').notNull(),
    /** The report XML (ncmec) or the intelligence package JSON (police), as last built. */
    document: text('document'),
    /** Field errors from the last validation; null when it passed. */
    validationErrors: jsonb('validation_errors'),
    /** NCMEC's reportId once /submit answered; kept across retries so files join the same report. */
    remoteReportId: text('remote_report_id'),
    /** How far sending got (uploaded files and their fileIds, fileinfo sent, finished), so a retry resumes. */
    progress: jsonb('progress').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    retractedAt: timestamp('retracted_at', { withTimezone: true }),
  },
  (t) => [
    index('referrals_case_idx').on(t.caseId, t.createdAt),
    index('referrals_status_idx').on(t.status, t.updatedAt),
    // One live CyberTipline report per case; a retracted one may be followed by a new one.
    uniqueIndex('referrals_one_live_ncmec_idx').on(t.caseId).where(sql`kind = 'ncmec' AND status <> 'retracted'`),
  ],
);

/** Every answer from the CyberTipline API, appended: nothing it said is lost. */
export const referralResponses = pgTable(
  'referral_responses',
  {
    id: uuid('id').primaryKey(),
    referralId: uuid('referral_id').notNull().references(() => referrals.id),
    /** submit | upload | fileinfo | finish | retract */
    step: text('step').notNull(),
    attempt: integer('attempt').notNull(),
    httpStatus: integer('http_status'),
    /** The API's responseCode (0 = OK); null when no XML answer came. */
    responseCode: integer('response_code'),
    /** The answer's body (truncated), or a network error's description; never the request's credentials. */
    body: text('body'),
    ok: boolean('ok').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('referral_responses_referral_idx').on(t.referralId, t.at)],
);
