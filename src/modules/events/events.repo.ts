import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../storage/db.js';
import { accountLogins, accounts } from '../community/community.schema.js';
import { communityEvents, contactAttempts, contactPairs, memberRejections, messages, profilePhotos } from './events.schema.js';

export type EventRow = typeof communityEvents.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type AccountPatch = Partial<Pick<NewAccount, 'birthDate' | 'displayName' | 'country' | 'locale' | 'emailHash' | 'phoneHash' | 'deletedAt' | 'status' | 'ageVerifiedAt' | 'ageVerificationMethod' | 'updatedAt'>>;

export interface PairDelta {
  fromExternalId: string;
  toExternalId: string;
  firstContactAt: Date;
  firstMessageAt: Date | null;
  attempts: number;
  messages: number;
}

/** Bulk statements throughout: a batch of 500 events costs a handful of round trips, not 500. */
export class EventsRepo {
  /** Stores the events not seen before; returns the ids that were new. */
  async insertEvents(tx: Queryable, rows: (typeof communityEvents.$inferInsert)[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const inserted = await tx.insert(communityEvents).values(rows).onConflictDoNothing().returning({ id: communityEvents.eventId });
    return new Set(inserted.map((r) => r.id));
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
    if (eventIds.length) await tx.update(communityEvents).set({ applied: true }).where(inArray(communityEvents.eventId, eventIds));
  }

  /** Registers members; a registration for a member already known updates the profile. */
  async upsertAccounts(tx: Queryable, rows: NewAccount[]): Promise<void> {
    if (!rows.length) return;
    await tx
      .insert(accounts)
      .values(rows)
      .onConflictDoUpdate({
        target: accounts.externalId,
        set: {
          birthDate: sql`excluded.birth_date`,
          displayName: sql`excluded.display_name`,
          country: sql`coalesce(excluded.country, ${accounts.country})`,
          locale: sql`coalesce(excluded.locale, ${accounts.locale})`,
          emailHash: sql`coalesce(excluded.email_hash, ${accounts.emailHash})`,
          phoneHash: sql`coalesce(excluded.phone_hash, ${accounts.phoneHash})`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }

  async accountIds(tx: Queryable, externalIds: string[]): Promise<Map<string, string>> {
    if (!externalIds.length) return new Map();
    const rows = await tx.select({ id: accounts.id, ext: accounts.externalId }).from(accounts).where(inArray(accounts.externalId, externalIds));
    return new Map(rows.map((r) => [r.ext, r.id]));
  }

  async updateAccount(tx: Queryable, externalId: string, patch: AccountPatch): Promise<void> {
    await tx.update(accounts).set(patch).where(eq(accounts.externalId, externalId));
  }

  async insertLogins(tx: Queryable, rows: (typeof accountLogins.$inferInsert)[]): Promise<void> {
    if (rows.length) await tx.insert(accountLogins).values(rows).onConflictDoNothing();
  }

  async insertContactAttempts(tx: Queryable, rows: (typeof contactAttempts.$inferInsert)[]): Promise<void> {
    if (rows.length) await tx.insert(contactAttempts).values(rows).onConflictDoNothing();
  }

  async insertMessages(tx: Queryable, rows: (typeof messages.$inferInsert)[]): Promise<void> {
    if (rows.length) await tx.insert(messages).values(rows).onConflictDoNothing();
  }

  async insertRejections(tx: Queryable, rows: (typeof memberRejections.$inferInsert)[]): Promise<void> {
    if (rows.length) await tx.insert(memberRejections).values(rows).onConflictDoNothing();
  }

  async insertProfilePhotos(tx: Queryable, rows: (typeof profilePhotos.$inferInsert)[]): Promise<void> {
    if (rows.length) await tx.insert(profilePhotos).values(rows).onConflictDoNothing();
  }

  /** Adds to each pair's counters and keeps the earliest first-contact and first-message times. */
  async upsertContactPairs(tx: Queryable, deltas: PairDelta[]): Promise<void> {
    if (!deltas.length) return;
    await tx
      .insert(contactPairs)
      .values(deltas)
      .onConflictDoUpdate({
        target: [contactPairs.fromExternalId, contactPairs.toExternalId],
        set: {
          // LEAST ignores NULLs: a first message sets the time once and an earlier one moves it back.
          firstContactAt: sql`least(${contactPairs.firstContactAt}, excluded.first_contact_at)`,
          firstMessageAt: sql`least(${contactPairs.firstMessageAt}, excluded.first_message_at)`,
          attempts: sql`${contactPairs.attempts} + excluded.attempts`,
          messages: sql`${contactPairs.messages} + excluded.messages`,
        },
      });
  }
}
