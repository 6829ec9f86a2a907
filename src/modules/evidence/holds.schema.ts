import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A legal hold: while it is active (not released) nothing preserved for its scope is purged.
 * Scope `account` (the member's external id) covers items about the account; scope `case` covers
 * the case's items. Holds are never deleted; releasing one records who, when and why.
 */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: uuid('id').primaryKey(),
    /** account | case */
    scopeType: text('scope_type').notNull(),
    scopeId: text('scope_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: uuid('placed_by').notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }).notNull(),
    releasedBy: uuid('released_by'),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releaseReason: text('release_reason'),
  },
  (t) => [index('legal_holds_scope_idx').on(t.scopeType, t.scopeId, t.releasedAt), index('legal_holds_placed_idx').on(t.placedAt)],
);

/**
 * Material reported to NCMEC is kept longer after the account's deletion (one year by default).
 * The referrals module marks a case or single items; marks are never removed.
 */
export const evidenceNcmecMarks = pgTable(
  'evidence_ncmec_marks',
  {
    id: uuid('id').primaryKey(),
    /** case | item */
    scopeType: text('scope_type').notNull(),
    scopeId: text('scope_id').notNull(),
    /** The referral or CyberTipline report it went out with. */
    reference: text('reference'),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('evidence_ncmec_marks_scope_idx').on(t.scopeType, t.scopeId)],
);

/**
 * The daily purge job's chain: one row names the job that is due next, so a restart that finds
 * it waiting does not start a second chain (the handler of a job not named here stops).
 */
export const evidenceSchedules = pgTable('evidence_schedules', {
  name: text('name').primaryKey(),
  jobId: text('job_id').notNull(),
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }),
});

/**
 * A police data request: intake by legal, review by legal (accept or reject with a reason),
 * fulfilment as signed export packages (police_request_exports).
 */
export const policeRequests = pgTable(
  'police_requests',
  {
    id: uuid('id').primaryKey(),
    agency: text('agency').notNull(),
    officer: text('officer').notNull(),
    contact: text('contact').notNull(),
    agencyCaseNumber: text('agency_case_number').notNull(),
    legalBasis: text('legal_basis').notNull(),
    /** { accounts: external ids, cases: case ids, from, to } */
    scope: jsonb('scope').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    /** received | accepted | rejected | fulfilled */
    status: text('status').notNull(),
    receivedBy: uuid('received_by').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewReason: text('review_reason'),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
  },
  (t) => [index('police_requests_status_idx').on(t.status, t.deadline)],
);

/** Every export package built for a request: who, when, how many items, the package's SHA-256. */
export const policeRequestExports = pgTable(
  'police_request_exports',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id').notNull().references(() => policeRequests.id),
    packageSha256: text('package_sha256').notNull(),
    itemCount: integer('item_count').notNull(),
    exportedBy: uuid('exported_by').notNull(),
    exportedAt: timestamp('exported_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('police_request_exports_request_idx').on(t.requestId, t.exportedAt)],
);
