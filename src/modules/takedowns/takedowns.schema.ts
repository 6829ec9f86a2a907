import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A victim's takedown request from the public form (capability 6). The tracking code is kept only
 * as a SHA-256 digest: a database reader cannot follow a request as its requester, and the code
 * cannot be listed. Contact details are sealed. A sensitive request (a minor, or sexual content)
 * hides its content at once and can be rejected only by two different senior moderators.
 */
export const takedownRequests = pgTable(
  'takedown_requests',
  {
    id: uuid('id').primaryKey(),
    /** SHA-256 (hex) of the tracking code the requester was given. */
    codeDigest: text('code_digest').notNull().unique(),
    /** open | rejection_pending | confirmed | rejected */
    status: text('status').notNull(),
    /** The platform's content ids or links, as the requester gave them: [{ ref }]. */
    content: jsonb('content').notNull(),
    /** Hashes computed in the requester's browser: [{ pdq, quality, md5 }]; the image never left the device. */
    hashes: jsonb('hashes').notNull(),
    description: text('description'),
    /** self | parent_or_guardian | representative | police */
    relation: text('relation').notNull(),
    /** yes | no | unsure: whether the person shown was under 18 when it was made. */
    under18: text('under_18').notNull(),
    sexual: boolean('sexual').notNull(),
    /** A minor (or unsure) or sexual content: hidden at once, two seniors to reject. */
    sensitive: boolean('sensitive').notNull(),
    policeCaseNumber: text('police_case_number'),
    /** Sealed JSON { name, email, phone }: only to answer the requester. */
    contactSealed: text('contact_sealed'),
    /** ISO country for the support contacts shown (SE, NO, DK, or null: international). */
    country: text('country'),
    language: text('language').notNull(),
    caseId: uuid('case_id'),
    category: text('category').notNull(),
    priority: integer('priority').notNull(),
    bankMatch: boolean('bank_match').notNull().default(false),
    /** The precautionary hide actions taken at intake, then the remove actions on confirmation. */
    hideActionIds: jsonb('hide_action_ids').notNull(),
    removeActionIds: jsonb('remove_action_ids'),
    /** The first of two rejections a sensitive request needs. */
    firstRejectedBy: uuid('first_rejected_by'),
    firstRejectionReason: text('first_rejection_reason'),
    firstRejectedAt: timestamp('first_rejected_at', { withTimezone: true }),
    decidedBy: uuid('decided_by'),
    decisionReason: text('decision_reason'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    bankedHashes: integer('banked_hashes').notNull().default(0),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('takedown_requests_status_idx').on(t.status, t.priority, t.receivedAt), index('takedown_requests_case_idx').on(t.caseId)],
);
