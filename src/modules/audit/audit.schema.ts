import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The moderation event log: one append-only, hash-chained row per state change (Ozone's model).
 * `seq` orders the chain; `hash` = SHA-256 over the row's content and the previous row's hash.
 * UPDATE and DELETE are refused by a trigger (migration 0001).
 */
export const moderationEvents = pgTable(
  'moderation_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('moderation_events_type_idx').on(t.type, t.seq),
    index('moderation_events_actor_idx').on(t.actorType, t.actorId, t.seq),
    index('moderation_events_subject_idx').on(t.subjectType, t.subjectId, t.seq),
    index('moderation_events_time_idx').on(t.occurredAt),
  ],
);
