import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Every version of the contact policy; the highest is in force. Never updated, only added to. */
export const policyVersions = pgTable('policy_versions', {
  version: integer('version').primaryKey(),
  document: jsonb('document').notNull(),
  comment: text('comment'),
  createdBy: text('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

/**
 * Nodes that answer contact decisions from their cache without asking PostgreSQL first: each holds
 * a lease, renewed on its listening connection. Writers of decision facts wait, before they
 * commit, until every node holding a lease has heard that a change is coming (see contact.changes.ts).
 */
export const contactCacheNodes = pgTable('contact_cache_nodes', {
  nodeId: text('node_id').primaryKey(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
});

/**
 * Changes to decision facts announced and not yet committed: a node taking a lease reads them, so
 * it learns of a change announced before it listened. The writer's transaction deletes its row;
 * a row of a transaction that rolled back is cleared later (txid_status).
 */
export const contactChangesComing = pgTable('contact_changes_coming', {
  token: text('token').primaryKey(),
  txid: bigint('txid', { mode: 'number' }).notNull(),
  announcedAt: timestamp('announced_at', { withTimezone: true }).notNull().defaultNow(),
});
