import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every community event accepted, keyed by the platform's own event id: a replayed batch finds
 * its ids here and changes nothing. Events refer to members by the platform's external ids, so an
 * event that arrives before the member's registration is kept and joins up when it arrives.
 */
export const communityEvents = pgTable(
  'community_events',
  {
    eventId: text('event_id').primaryKey(),
    type: text('type').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    apiKeyId: uuid('api_key_id'),
    /** The member an account-level event is about (registration, update, login, …). */
    accountExternalId: text('account_external_id'),
    /** False while it waits for its member's registration (it arrived first). */
    applied: boolean('applied').notNull(),
    /** The event without message text or image bytes (text lives sealed in `messages`). */
    payload: jsonb('payload').notNull(),
  },
  (t) => [
    index('community_events_type_time_idx').on(t.type, t.occurredAt),
    index('community_events_pending_idx').on(t.accountExternalId, t.applied),
  ],
);

/** Contact attempts the platform reports (message, buff, friend request, image, video call). */
export const contactAttempts = pgTable(
  'contact_attempts',
  {
    eventId: text('event_id').primaryKey(),
    fromExternalId: text('from_external_id').notNull(),
    toExternalId: text('to_external_id').notNull(),
    kind: text('kind').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('contact_attempts_from_idx').on(t.fromExternalId, t.occurredAt),
    index('contact_attempts_to_idx').on(t.toExternalId, t.occurredAt),
  ],
);

/** Message metadata always; text only where the platform's privacy setting allows, sealed. */
export const messages = pgTable(
  'messages',
  {
    eventId: text('event_id').primaryKey(),
    /** The platform's own id for the message, as reports name it; null: the same as the event id. */
    messageId: text('message_id'),
    conversationId: text('conversation_id').notNull(),
    fromExternalId: text('from_external_id').notNull(),
    toExternalId: text('to_external_id').notNull(),
    hasMedia: boolean('has_media').notNull().default(false),
    /** AES-256-GCM sealed; readable by staff only through a case (issue 6). */
    textSealed: text('text_sealed'),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.sentAt),
    index('messages_from_idx').on(t.fromExternalId, t.sentAt),
    index('messages_message_id_idx').on(t.messageId),
  ],
);

/**
 * One row per ordered pair (from → to): when `from` first contacted and first wrote to `to`.
 * "Did the younger member write first?" and "distinct minors first-contacted" read from here.
 */
export const contactPairs = pgTable(
  'contact_pairs',
  {
    fromExternalId: text('from_external_id').notNull(),
    toExternalId: text('to_external_id').notNull(),
    firstContactAt: timestamp('first_contact_at', { withTimezone: true }).notNull(),
    firstMessageAt: timestamp('first_message_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    messages: integer('messages').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.fromExternalId, t.toExternalId] }),
    index('contact_pairs_from_first_idx').on(t.fromExternalId, t.firstContactAt),
  ],
);

/** A member blocking or ignoring another: how often minors push an adult away is a signal. */
export const memberRejections = pgTable(
  'member_rejections',
  {
    eventId: text('event_id').primaryKey(),
    byExternalId: text('by_external_id').notNull(),
    ofExternalId: text('of_external_id').notNull(),
    kind: text('kind').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('member_rejections_of_idx').on(t.ofExternalId, t.occurredAt)],
);

/** Profile photos by hash (PDQ arrives with the hash-matching issue). */
export const profilePhotos = pgTable(
  'profile_photos',
  {
    eventId: text('event_id').primaryKey(),
    externalId: text('external_id').notNull(),
    sha256: text('sha256'),
    md5: text('md5'),
    pdq: text('pdq'),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('profile_photos_account_idx').on(t.externalId, t.setAt)],
);

export const contactDenials = pgTable(
  'contact_denials',
  {
    id: uuid('id').primaryKey(),
    fromExternalId: text('from_external_id').notNull(),
    toExternalId: text('to_external_id').notNull(),
    kind: text('kind').notNull(),
    rule: text('rule').notNull(),
    policyVersion: integer('policy_version').notNull(),
    minorInvolved: boolean('minor_involved').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('contact_denials_from_idx').on(t.fromExternalId, t.decidedAt)],
);

