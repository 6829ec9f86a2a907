import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Every version of the contact policy; the highest is in force. Never updated, only added to. */
export const policyVersions = pgTable('policy_versions', {
  version: integer('version').primaryKey(),
  document: jsonb('document').notNull(),
  comment: text('comment'),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
