import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { rowsOf } from '../../storage/rows.js';
import { accountLogins, accounts } from '../community/community.schema.js';
import { communityEvents, contactAttempts, memberRejections, messages, profilePhotos } from './events.schema.js';

export type EventRow = typeof communityEvents.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type AccountPatch = Partial<Pick<NewAccount, 'birthDate' | 'displayName' | 'country' | 'locale' | 'emailHash' | 'emailSealed' | 'phoneHash' | 'deletedAt' | 'status' | 'ageVerifiedAt' | 'ageVerificationMethod' | 'updatedAt'>>;

export interface PairDelta {
  fromExternalId: string;
  toExternalId: string;
  firstContactAt: Date;
  firstMessageAt: Date | null;
  attempts: number;
  messages: number;
}

/**
 * The rows travel as one JSON parameter, unpacked by jsonb_to_recordset: building a multi-row
 * VALUES statement through the query builder cost more CPU than the database spent storing the
 * rows (about 40% of the server's time on a batch of 500 events), and JSON is the same on PGlite
 * and node-postgres. Rows go in key order, so concurrent batches take row locks in one order and
 * cannot deadlock on a pair or member they share.
 */
const asJson = <T>(rows: T[], key: (row: T) => string, shape: (row: T) => Record<string, unknown>): string =>
  JSON.stringify(rows.map((row) => [key(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => shape(row)));

const iso = (at: Date | null | undefined): string | null => (at ? at.toISOString() : null);

/** Bulk statements throughout: a batch of 500 events costs a handful of round trips, not 500. */
export class EventsRepo {
  /** Stores the events not seen before; returns the ids that were new. */
  async insertEvents(tx: Queryable, rows: (typeof communityEvents.$inferInsert)[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const data = asJson(rows, (r) => r.eventId, (r) => ({
      event_id: r.eventId, type: r.type, occurred_at: iso(r.occurredAt), received_at: iso(r.receivedAt), api_key_id: r.apiKeyId ?? null,
      account_external_id: r.accountExternalId ?? null, applied: r.applied, payload: r.payload,
    }));
    const result = await tx.execute(sql`
      INSERT INTO community_events (event_id, type, occurred_at, received_at, api_key_id, account_external_id, applied, payload)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(event_id text, type text, occurred_at timestamptz, received_at timestamptz,
        api_key_id uuid, account_external_id text, applied boolean, payload jsonb)
      ON CONFLICT DO NOTHING
      RETURNING event_id`);
    return new Set(rowsOf(result).map((r) => r.event_id as string));
  }

  /** Account-level events still waiting to be applied, for these members, oldest first. */
  async pendingFor(tx: Queryable, externalIds: string[]): Promise<EventRow[]> {
    if (!externalIds.length) return [];
    return tx
      .select()
      .from(communityEvents)
      .where(and(eq(communityEvents.applied, false), inArray(communityEvents.accountExternalId, externalIds)))
      .orderBy(asc(communityEvents.occurredAt), asc(communityEvents.eventId));
  }

  async markApplied(tx: Queryable, eventIds: string[]): Promise<void> {
    if (!eventIds.length) return;
    // = ANY (ARRAY(…)), not IN (SELECT …): an index lookup per id whatever the planner guesses.
    await tx.execute(sql`
      UPDATE community_events SET applied = true
       WHERE event_id = ANY (ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify([...eventIds].sort())}::jsonb)))`);
  }

  /** Registers members; a registration for a member already known updates the profile. */
  async upsertAccounts(tx: Queryable, rows: NewAccount[]): Promise<void> {
    if (!rows.length) return;
    const data = asJson(rows, (r) => r.externalId, (r) => ({
      id: r.id, external_id: r.externalId, display_name: r.displayName, birth_date: r.birthDate, country: r.country ?? null, locale: r.locale ?? null,
      registered_at: iso(r.registeredAt), updated_at: iso(r.updatedAt), email_hash: r.emailHash ?? null, phone_hash: r.phoneHash ?? null,
      email_sealed: r.emailSealed ?? null,
    }));
    await tx.execute(sql`
      INSERT INTO accounts (id, external_id, display_name, birth_date, country, locale, registered_at, updated_at, email_hash, phone_hash, email_sealed)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(id uuid, external_id text, display_name text, birth_date date, country text,
        locale text, registered_at timestamptz, updated_at timestamptz, email_hash text, phone_hash text, email_sealed text)
      ON CONFLICT (external_id) DO UPDATE SET
        birth_date = excluded.birth_date,
        display_name = excluded.display_name,
        country = coalesce(excluded.country, accounts.country),
        locale = coalesce(excluded.locale, accounts.locale),
        email_hash = coalesce(excluded.email_hash, accounts.email_hash),
        phone_hash = coalesce(excluded.phone_hash, accounts.phone_hash),
        email_sealed = CASE WHEN accounts.deleted_at IS NULL THEN coalesce(excluded.email_sealed, accounts.email_sealed) END,
        updated_at = excluded.updated_at`);
  }

  async accountIds(tx: Queryable, externalIds: string[]): Promise<Map<string, string>> {
    if (!externalIds.length) return new Map();
    const rows = await tx.select({ id: accounts.id, ext: accounts.externalId }).from(accounts).where(inArray(accounts.externalId, externalIds));
    return new Map(rows.map((r) => [r.ext, r.id]));
  }

  async updateAccount(tx: Queryable, externalId: string, patch: AccountPatch): Promise<void> {
    await tx.update(accounts).set(patch).where(eq(accounts.externalId, externalId));
  }

  /** A new address from account.updated; never for a deleted account, whose address is gone for good. */
  async setSealedEmail(tx: Queryable, externalId: string, emailSealed: string): Promise<void> {
    await tx.update(accounts).set({ emailSealed }).where(and(eq(accounts.externalId, externalId), isNull(accounts.deletedAt)));
  }

  /** Removes a deleted member's sealed address from the account and from the stored events that carried it. */
  async forgetSealedEmail(tx: Queryable, externalId: string): Promise<void> {
    await tx.update(accounts).set({ emailSealed: null }).where(eq(accounts.externalId, externalId));
    await tx.execute(sql`
      UPDATE community_events SET payload = payload - 'emailSealed'
       WHERE account_external_id = ${externalId} AND payload ->> 'emailSealed' IS NOT NULL`);
  }

  async insertLogins(tx: Queryable, rows: (typeof accountLogins.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    const data = asJson(rows, (r) => r.id, (r) => ({
      id: r.id, account_id: r.accountId, kind: r.kind, ip: r.ip ?? null, device_id: r.deviceId ?? null, user_agent: r.userAgent ?? null, occurred_at: iso(r.occurredAt),
    }));
    await tx.execute(sql`
      INSERT INTO account_logins (id, account_id, kind, ip, device_id, user_agent, occurred_at)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(id uuid, account_id uuid, kind text, ip text, device_id text, user_agent text, occurred_at timestamptz)
      ON CONFLICT DO NOTHING`);
  }

  async insertContactAttempts(tx: Queryable, rows: (typeof contactAttempts.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    const data = asJson(rows, (r) => r.eventId, (r) => ({
      event_id: r.eventId, from_external_id: r.fromExternalId, to_external_id: r.toExternalId, kind: r.kind, occurred_at: iso(r.occurredAt),
    }));
    await tx.execute(sql`
      INSERT INTO contact_attempts (event_id, from_external_id, to_external_id, kind, occurred_at)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(event_id text, from_external_id text, to_external_id text, kind text, occurred_at timestamptz)
      ON CONFLICT DO NOTHING`);
  }

  async insertMessages(tx: Queryable, rows: (typeof messages.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    const data = asJson(rows, (r) => r.eventId, (r) => ({
      event_id: r.eventId, message_id: r.messageId ?? null, conversation_id: r.conversationId, from_external_id: r.fromExternalId, to_external_id: r.toExternalId,
      has_media: r.hasMedia ?? false, text_sealed: r.textSealed ?? null, sent_at: iso(r.sentAt),
    }));
    await tx.execute(sql`
      INSERT INTO messages (event_id, message_id, conversation_id, from_external_id, to_external_id, has_media, text_sealed, sent_at)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(event_id text, message_id text, conversation_id text, from_external_id text, to_external_id text,
        has_media boolean, text_sealed text, sent_at timestamptz)
      ON CONFLICT DO NOTHING`);
  }

  async insertRejections(tx: Queryable, rows: (typeof memberRejections.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    const data = asJson(rows, (r) => r.eventId, (r) => ({
      event_id: r.eventId, by_external_id: r.byExternalId, of_external_id: r.ofExternalId, kind: r.kind, occurred_at: iso(r.occurredAt),
    }));
    await tx.execute(sql`
      INSERT INTO member_rejections (event_id, by_external_id, of_external_id, kind, occurred_at)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(event_id text, by_external_id text, of_external_id text, kind text, occurred_at timestamptz)
      ON CONFLICT DO NOTHING`);
  }

  async insertProfilePhotos(tx: Queryable, rows: (typeof profilePhotos.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    const data = asJson(rows, (r) => r.eventId, (r) => ({
      event_id: r.eventId, external_id: r.externalId, sha256: r.sha256 ?? null, md5: r.md5 ?? null, pdq: r.pdq ?? null, set_at: iso(r.setAt),
    }));
    await tx.execute(sql`
      INSERT INTO profile_photos (event_id, external_id, sha256, md5, pdq, set_at)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(event_id text, external_id text, sha256 text, md5 text, pdq text, set_at timestamptz)
      ON CONFLICT DO NOTHING`);
  }

  /** Adds to each pair's counters and keeps the earliest first-contact and first-message times. */
  async upsertContactPairs(tx: Queryable, deltas: PairDelta[]): Promise<void> {
    if (!deltas.length) return;
    const data = asJson(deltas, (d) => `${d.fromExternalId}\u0000${d.toExternalId}`, (d) => ({
      from_external_id: d.fromExternalId, to_external_id: d.toExternalId, first_contact_at: iso(d.firstContactAt),
      first_message_at: iso(d.firstMessageAt), attempts: d.attempts, messages: d.messages,
    }));
    // LEAST ignores NULLs: a first message sets the time once and an earlier one moves it back.
    await tx.execute(sql`
      INSERT INTO contact_pairs (from_external_id, to_external_id, first_contact_at, first_message_at, attempts, messages)
      SELECT * FROM jsonb_to_recordset(${data}::jsonb) AS r(from_external_id text, to_external_id text, first_contact_at timestamptz,
        first_message_at timestamptz, attempts integer, messages integer)
      ON CONFLICT (from_external_id, to_external_id) DO UPDATE SET
        first_contact_at = least(contact_pairs.first_contact_at, excluded.first_contact_at),
        first_message_at = least(contact_pairs.first_message_at, excluded.first_message_at),
        attempts = contact_pairs.attempts + excluded.attempts,
        messages = contact_pairs.messages + excluded.messages`);
  }
}
