import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The platform's own list of rules a decision cites (configurable by admins). */
export const communityRules = pgTable('community_rules', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  /** DSA ground: illegal content (with its legal ground) or incompatible with the terms. */
  ground: text('ground').notNull(),
  legalGround: text('legal_ground'),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * A decision on a case: dismiss, warn, hide, remove, restrict_minors, suspend, ban. Carries its
 * statement of reasons (DSA Art. 17) and, for four eyes, the first reviewer while it waits.
 */
export const moderationActions = pgTable(
  'moderation_actions',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** The member whom the decision affects (for strikes, statements and appeals). */
    affectedExternalId: text('affected_external_id'),
    action: text('action').notNull(),
    ruleId: uuid('rule_id'),
    reason: text('reason').notNull(),
    /** pending_second_review | active | reversed | expired */
    status: text('status').notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').notNull(),
    secondReviewerId: uuid('second_reviewer_id'),
    statement: jsonb('statement'),
    /** Unguessable token in the statement's public link (appeals). */
    publicToken: text('public_token').notNull().unique(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
  },
  (t) => [
    index('moderation_actions_case_idx').on(t.caseId, t.decidedAt),
    index('moderation_actions_affected_idx').on(t.affectedExternalId, t.decidedAt),
    // The second-review list (four eyes): pending decisions, oldest first.
    index('moderation_actions_status_idx').on(t.status, t.decidedAt),
  ],
);

/** Strikes toward the thresholds that suggest suspension (DSA Art. 23). */
export const strikes = pgTable(
  'strikes',
  {
    id: uuid('id').primaryKey(),
    memberExternalId: text('member_external_id').notNull(),
    actionId: uuid('action_id').notNull(),
    weight: integer('weight').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('strikes_member_idx').on(t.memberExternalId, t.createdAt)],
);

/** An affected member's appeal (DSA Art. 20), decided by a reviewer other than the first. */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').primaryKey(),
    actionId: uuid('action_id').notNull(),
    appellantExternalId: text('appellant_external_id'),
    text: text('text').notNull(),
    /** open | upheld | reversed */
    status: text('status').notNull(),
    decidedBy: uuid('decided_by'),
    decisionReason: text('decision_reason'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    details: jsonb('details'),
  },
  (t) => [index('appeals_action_idx').on(t.actionId), index('appeals_status_idx').on(t.status, t.receivedAt)],
);
