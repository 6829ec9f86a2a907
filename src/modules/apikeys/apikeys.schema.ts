import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** Public part of the key, shown in lists so operators can tell keys apart. */
  prefix: text('prefix').notNull().unique(),
  /** SHA-256 of the 256-bit secret: high entropy makes a slow hash unnecessary per request. */
  secretHash: text('secret_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});
