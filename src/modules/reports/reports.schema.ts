import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * A notice about a subject (DSA Art. 16). Reports on one subject join its open case; a second
 * report from the same reporter on the same case is counted on the first, not added.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    category: text('category').notNull(),
    /** member (through the platform's API), public (the public form), trusted_flagger */
    source: text('source').notNull(),
    /** Who reported, as one key: "member:<id>", "email:<keyed hash>", "anon:<receipt>". */
    reporterKey: text('reporter_key').notNull(),
    reporterExternalId: text('reporter_external_id'),
    trustedFlaggerOrgId: uuid('trusted_flagger_org_id'),
    reporterName: text('reporter_name'),
    /** Sealed: used only to tell a public reporter the outcome. */
    reporterEmailSealed: text('reporter_email_sealed'),
    relation: text('relation'),
    explanation: text('explanation').notNull(),
    location: text('location'),
    evidence: jsonb('evidence').notNull(),
    goodFaith: boolean('good_faith').notNull(),
    /** Both sides' ages known at intake, for priority: a minor on either side. */
    minorInvolved: boolean('minor_involved').notNull().default(false),
    duplicates: integer('duplicates').notNull().default(0),
    /** Public receipt; also the key a public reporter follows the outcome with. */
    receiptCode: text('receipt_code').notNull().unique(),
    /** upheld | not_upheld once the case is decided; for trusted-flagger accuracy. */
    outcome: text('outcome'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('reports_case_idx').on(t.caseId, t.receivedAt),
    uniqueIndex('reports_case_reporter_idx').on(t.caseId, t.reporterKey),
    index('reports_flagger_idx').on(t.trustedFlaggerOrgId, t.outcome),
    // The per-reporter flood limit counts a reporter's last hour.
    index('reports_reporter_time_idx').on(t.reporterKey, t.receivedAt),
  ],
);

/** Verified organisations (net-walker groups) whose members' reports get priority. */
export const trustedFlaggerOrgs = pgTable('trusted_flagger_orgs', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  contactEmail: text('contact_email'),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/** Members of a trusted flagger: their platform accounts, verified by the organisation. */
export const trustedFlaggerMembers = pgTable(
  'trusted_flagger_members',
  {
    orgId: uuid('org_id').notNull().references(() => trustedFlaggerOrgs.id),
    memberExternalId: text('member_external_id').notNull().unique(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('trusted_flagger_members_org_idx').on(t.orgId)],
);
