import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Named hash lists: an imported clearinghouse list, victim-submitted hashes (Take It Down,
 * StopNCII), the platform's own confirmed removals, or a test list. The bank decides what a
 * match does and how close a PDQ hash must be.
 */
export const hashBanks = pgTable('hash_banks', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** clearinghouse_csam | victim_submitted | platform_confirmed | test */
  kind: text('kind').notNull(),
  /** block_and_case | block | flag */
  action: text('action').notNull(),
  /** The case category a match opens (csam for clearinghouse lists). */
  category: text('category').notNull(),
  pdqThreshold: integer('pdq_threshold').notNull().default(31),
  qualityFloor: integer('quality_floor').notNull().default(50),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  /**
   * The bank's active and withdrawn entries, kept with every change to them in the same transaction
   * (banks.repo.ts, bank-load.repo.ts): counting them read every entry (2.8 s a listing at 10,000,000).
   */
  activeEntries: bigint('active_entries', { mode: 'number' }).notNull().default(0),
  withdrawnEntries: bigint('withdrawn_entries', { mode: 'number' }).notNull().default(0),
});

/**
 * One hash in one bank. A withdrawn hash stays as a row (withdrawn_at set). The integer id is the
 * entry's number in every node's in-memory index, and new entries are followed by id; withdrawals
 * and re-additions are followed through bank_hash_changes.
 *
 * No unique index: a wide (hash, type, bank) key made imports several times slower. Writers take
 * turns on an advisory lock (banks.repo.ts), and each write checks for the entry through the
 * narrow hash_key index (the first 64 bits of the hash) before inserting.
 *
 * Partitioned by bank (LIST on bank_id; migration 0013, which Drizzle cannot express): a bank's
 * partition is made with its first entry, and an import into an empty bank loads a bare table and
 * builds its indexes once, then attaches it whole (banks.bulk.ts). The key includes bank_id, as a
 * partitioned table's must; ids stay unique through the one sequence.
 */
export const bankHashes = pgTable(
  'bank_hashes',
  {
    id: serial('id').notNull(),
    // No foreign key: checking it cost a third of an import's time; banks are never deleted and the
    // service resolves the bank before writing.
    bankId: uuid('bank_id').notNull(),
    /** pdq | md5 | sha256 */
    hashType: text('hash_type').notNull(),
    /** Lowercase hex. */
    hash: text('hash').notNull(),
    /** The first 16 hex digits as a signed 64-bit integer: the look-up key. */
    hashKey: bigint('hash_key', { mode: 'bigint' }).notNull(),
    label: text('label'),
    /** import:<id> | feedback:<case id> | api */
    source: text('source').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'bank_hashes_id_bank_id_pk', columns: [t.id, t.bankId] }),
    index('bank_hashes_key_idx').on(t.hashKey),
    // Small: lets an import skip looking for withdrawn entries to re-add when a bank has none.
    index('bank_hashes_withdrawn_idx').on(t.bankId).where(sql`withdrawn_at IS NOT NULL`),
  ],
);

/**
 * Withdrawals and re-additions of existing entries, in commit order, for other nodes to follow; and
 * banks loaded whole (bank_id set, entry_id null): their entries' ids were drawn while loading, so
 * a node that has followed past them reads the bank's entries again.
 */
export const bankHashChanges = pgTable('bank_hash_changes', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  entryId: integer('entry_id'),
  bankId: uuid('bank_id'),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
});

/** A resumable import: progress is committed with each batch, so a rerun continues where it stopped. */
export const bankImports = pgTable(
  'bank_imports',
  {
    id: uuid('id').primaryKey(),
    bankId: uuid('bank_id').notNull().references(() => hashBanks.id),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the whole file: the same file resumes, a different one starts afresh. */
    fileSha256: text('file_sha256').notNull(),
    fileBytes: bigint('file_bytes', { mode: 'number' }).notNull(),
    format: text('format').notNull(),
    /** Byte offset and line number after the last committed batch. */
    bytesDone: bigint('bytes_done', { mode: 'number' }).notNull().default(0),
    linesDone: integer('lines_done').notNull().default(0),
    added: integer('added').notNull().default(0),
    withdrawn: integer('withdrawn').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    /** The first malformed lines, {line, reason}; the rest are counted. */
    errors: jsonb('errors').notNull().default([]),
    errorCount: integer('error_count').notNull().default(0),
    /** rows: each batch written into the bank; bulk: loaded into a bare table, attached at the end. */
    mode: text('mode').notNull().default('rows'),
    /** running | loaded (bulk: indexes built, not yet attached) | completed */
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('bank_imports_file_idx').on(t.bankId, t.fileSha256)],
);

/**
 * A checked upload and what it matched: the match log, and the hashes of content the platform
 * named, so a moderator's removal can feed the confirmed bank.
 */
export const mediaChecks = pgTable(
  'media_checks',
  {
    id: uuid('id').primaryKey(),
    /** The uploader (platform account id) and the platform's id of the content, when given. */
    accountId: text('account_id'),
    contentId: text('content_id'),
    pdq: text('pdq'),
    quality: integer('quality'),
    md5: text('md5'),
    sha256: text('sha256'),
    /** block | flag | none */
    verdict: text('verdict').notNull(),
    matches: jsonb('matches').notNull(),
    caseId: uuid('case_id'),
    evidenceId: uuid('evidence_id'),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('media_checks_content_idx').on(t.contentId),
    index('media_checks_verdict_idx').on(t.verdict, t.checkedAt),
  ],
);
