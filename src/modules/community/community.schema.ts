import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Members of the platform's community, as the platform describes them to Trygg. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    externalId: text('external_id').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** Claimed by the member at registration; ages are computed from it at decision time. */
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    country: text('country'),
    locale: text('locale'),
    status: text('status').notNull().default('active'),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    ageVerifiedAt: timestamp('age_verified_at', { withTimezone: true }),
    ageVerificationMethod: text('age_verification_method'),
    /** suspended | banned | restricted_from_minors; null when unrestricted. */
    restriction: text('restriction'),
    restrictedUntil: timestamp('restricted_until', { withTimezone: true }),
    /** Keyed hashes (HMAC-SHA-256 under the installation key) of normalised identifiers, never the values. */
    emailHash: text('email_hash'),
    phoneHash: text('phone_hash'),
    /** The member's e-mail, sealed (AES-256-GCM), only to send them statements of reasons; purged on deletion. */
    emailSealed: text('email_sealed'),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [index('accounts_registered_idx').on(t.registeredAt), index('accounts_email_hash_idx').on(t.emailHash)],
);

export const accountLogins = pgTable(
  'account_logins',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    kind: text('kind').notNull(),
    ip: text('ip'),
    deviceId: text('device_id'),
    userAgent: text('user_agent'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('account_logins_account_idx').on(t.accountId, t.occurredAt)],
);
