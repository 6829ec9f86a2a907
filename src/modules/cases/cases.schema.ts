import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
    category: text('category').notNull(),
    status: text('status').notNull(),
    priority: integer('priority').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('cases_subject_idx').on(t.subjectType, t.subjectId, t.status),
    index('cases_queue_idx').on(t.status, t.priority, t.openedAt),
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
