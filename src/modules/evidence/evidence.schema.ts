import { customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Preserved content, addressed by the SHA-256 of its plaintext: the same bytes are stored once,
 * encrypted (AES-256-GCM; `key_id` names the key so keys can rotate).
 */
export const evidenceBlobs = pgTable('evidence_blobs', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  contentType: text('content_type').notNull(),
  keyId: text('key_id').notNull(),
  /** 12-byte nonce, 16-byte tag, ciphertext; null once purged. */
  sealed: bytea('sealed'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  purgedAt: timestamp('purged_at', { withTimezone: true }),
});

/**
 * One preserved item with its provenance (what, from where, when, by whom). Append-only; the
 * subject and case say which holds and retention rules cover it.
 */
export const evidenceItems = pgTable(
  'evidence_items',
  {
    id: uuid('id').primaryKey(),
    /** content | transcript | account_snapshot | login_history | decision */
    kind: text('kind').notNull(),
    blobSha256: text('blob_sha256').notNull().references(() => evidenceBlobs.sha256),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    caseId: uuid('case_id'),
    /** Why it was preserved: case_opened | account_banned | bank_match | legal_hold | takedown */
    reason: text('reason').notNull(),
    provenance: jsonb('provenance').notNull(),
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('evidence_items_subject_idx').on(t.subjectType, t.subjectId),
    index('evidence_items_case_idx').on(t.caseId),
    index('evidence_items_blob_idx').on(t.blobSha256),
  ],
);
