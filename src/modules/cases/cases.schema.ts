import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The minimum case record the behaviour signals need: one open case per subject and category,
 * with its evidence items. The reports-and-queue issue extends this table (assignee, SLA, four
 * eyes) rather than adding another: keep one case per subject.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    /** The most severe category among the case's reports and signals. */
    category: text('category').notNull(),
    /** open | in_review | escalated | waiting | resolved */
    status: text('status').notNull(),
    /** 0-100, from severity, minors, trusted flaggers, reporters and signals (cases.priority.ts). */
    priority: integer('priority').notNull(),
    /**
     * The queue's sort key: opened_at moved earlier by the priority, so waiting time and priority
     * both count and the order is stable for keyset paging (cases.priority.ts).
     */
    queueKey: timestamp('queue_key', { withTimezone: true }),
    slaDueAt: timestamp('sla_due_at', { withTimezone: true }),
    minorInvolved: boolean('minor_involved').notNull().default(false),
    trustedFlagger: boolean('trusted_flagger').notNull().default(false),
    reporters: integer('reporters').notNull().default(0),
    signals: integer('signals').notNull().default(0),
    assigneeId: uuid('assignee_id'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    resolution: text('resolution'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_subject_idx').on(t.subjectType, t.subjectId, t.status),
    index('cases_queue_idx').on(t.status, t.priority, t.openedAt),
    index('cases_queue_key_idx').on(t.queueKey, t.id),
    index('cases_assignee_idx').on(t.assigneeId, t.status),
  ],
);

/** What put a case in the queue: a signal with its evidence (which minors, when, what was denied). */
export const caseItems = pgTable(
  'case_items',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    /** Deduplicates: the same signal over the same window adds nothing twice. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    evidence: jsonb('evidence').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_items_case_idx').on(t.caseId, t.createdAt)],
);

/** Staff notes on a case: part of its timeline. */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    authorId: uuid('author_id').notNull(),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.createdAt)],
);
