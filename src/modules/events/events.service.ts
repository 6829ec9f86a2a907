import { createHash } from 'node:crypto';
import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { deriveKey, seal } from '../../lib/crypto.js';
import { canonicalEmail, canonicalPhone, keyedHash } from '../../lib/identifiers.js';
import { newId } from '../../lib/ids.js';
import type { Database, Tx } from '../../storage/db.js';
import type { ContactChanges } from '../policy/contact.changes.js';
import { requestSignals } from '../signals/signals.jobs.js';
import { communityEvent, type CommunityEvent, type IngestResult } from './events.schemas.js';
import type { EventRow, EventsRepo, NewAccount, PairDelta } from './events.repo.js';

type Rejection = IngestResult['rejected'][number];

/** Events about one member's account: applied only once that member is registered. */
const accountScoped = new Set(['account.registered', 'account.updated', 'account.deleted', 'account.age_verified', 'login']);

export interface EventKeys {
  identifiers: Buffer;
  messages: Buffer;
  /** Seals the member's e-mail, kept only to send them statements of reasons (the key of every e-mail address). */
  emails: Buffer;
}

export const eventKeys = (secret: Buffer): EventKeys => ({
  identifiers: deriveKey(secret, 'identifiers'),
  messages: deriveKey(secret, 'message-text'),
  emails: deriveKey(secret, 'email-addresses'),
});

export class EventsService {
  constructor(
    private readonly database: Database,
    private readonly repo: EventsRepo,
    private readonly clock: Clock,
    private readonly keys: EventKeys,
    private readonly jobs?: JobQueue,
    /** Tells contact decisions' caches which members and conversations changed. */
    private readonly contactChanges?: ContactChanges,
  ) {}

  /**
   * Validates each event on its own, stores the valid new ones and applies them, all in one
   * transaction: when this returns, every accepted event is durable. Replayed ids change nothing.
   */
  async ingest(raw: unknown[], apiKeyId: string | null): Promise<IngestResult> {
    const rejected: Rejection[] = [];
    const valid: CommunityEvent[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    raw.forEach((item, index) => {
      const parsed = communityEvent.safeParse(item);
      if (!parsed.success) {
        const id = typeof (item as { id?: unknown })?.id === 'string' ? ((item as { id: string }).id) : null;
        const errors = parsed.error.issues.map((i) => ({
          field: i.code === 'unrecognized_keys' ? i.keys.join(',') : i.path.join('.') || 'event',
          message: i.code === 'invalid_union' && i.path.length === 0 ? 'unknown event type' : i.message,
        }));
        rejected.push({ index, id, errors });
      } else if (seen.has(parsed.data.id)) {
        duplicates++;
      } else {
        seen.add(parsed.data.id);
        valid.push(parsed.data);
      }
    });
    if (!valid.length) return { accepted: 0, duplicates, rejected };

    const receivedAt = this.clock.now();
    const accepted = await this.database.db.transaction(async (tx) => {
      const fresh = await this.repo.insertEvents(
        tx,
        valid.map((e) => ({
          eventId: e.id, type: e.type, occurredAt: new Date(e.occurredAt), receivedAt, apiKeyId,
          accountExternalId: 'accountId' in e ? e.accountId : null,
          applied: !accountScoped.has(e.type),
          payload: this.storedPayload(e),
        })),
      );
      const news = valid.filter((e) => fresh.has(e.id));
      await this.applyInteractions(tx, news);
      const members = [...new Set(news.filter((e) => accountScoped.has(e.type)).map((e) => (e as { accountId: string }).accountId))];
      await this.applyPending(tx, members);
      await this.contactChanges?.announce(tx, {
        accounts: members, wrote: news.flatMap((e) => (e.type === 'message.sent' ? [[e.from, e.to] as const] : [])),
      });
      // The members whose behaviour these events describe: senders, and whoever was blocked.
      await requestSignals(this.jobs, tx, news.flatMap((e) =>
        e.type === 'contact.attempted' || e.type === 'message.sent' ? [e.from] : e.type === 'member.blocked' || e.type === 'member.ignored' ? [e.whom] : []));
      return news.length;
    });
    return { accepted, duplicates: duplicates + valid.length - accepted, rejected };
  }

  /** Contacts, messages, blocks and photos refer to members by id and need no registration first. */
  private async applyInteractions(tx: Tx, events: CommunityEvent[]): Promise<void> {
    const pairs = new Map<string, PairDelta>();
    const pair = (from: string, to: string, at: Date) => {
      const key = `${from}\u0000${to}`;
      let p = pairs.get(key);
      if (!p) pairs.set(key, (p = { fromExternalId: from, toExternalId: to, firstContactAt: at, firstMessageAt: null, attempts: 0, messages: 0 }));
      if (at < p.firstContactAt) p.firstContactAt = at;
      return p;
    };
    const attempts = [];
    const sent = [];
    const rejections = [];
    const photos = [];
    for (const e of events) {
      const at = new Date(e.occurredAt);
      if (e.type === 'contact.attempted') {
        attempts.push({ eventId: e.id, fromExternalId: e.from, toExternalId: e.to, kind: e.kind, occurredAt: at });
        pair(e.from, e.to, at).attempts++;
      } else if (e.type === 'message.sent') {
        sent.push({
          eventId: e.id, messageId: e.messageId ?? null, conversationId: e.conversationId, fromExternalId: e.from, toExternalId: e.to, hasMedia: e.hasMedia,
          textSealed: e.text === undefined ? null : seal(this.keys.messages, e.text), sentAt: at,
        });
        const p = pair(e.from, e.to, at);
        p.messages++;
        if (!p.firstMessageAt || at < p.firstMessageAt) p.firstMessageAt = at;
      } else if (e.type === 'member.blocked' || e.type === 'member.ignored') {
        rejections.push({ eventId: e.id, byExternalId: e.by, ofExternalId: e.whom, kind: e.type === 'member.blocked' ? 'block' : 'ignore', occurredAt: at });
      } else if (e.type === 'profile_photo.set') {
        const bytes = e.bytes ? Buffer.from(e.bytes, 'base64') : undefined;
        photos.push({
          eventId: e.id, externalId: e.accountId, setAt: at, pdq: e.pdq ?? null,
          sha256: e.sha256 ?? (bytes ? createHash('sha256').update(bytes).digest('hex') : null),
          md5: e.md5 ?? (bytes ? createHash('md5').update(bytes).digest('hex') : null),
        });
      }
    }
    await this.repo.insertContactAttempts(tx, attempts);
    await this.repo.insertMessages(tx, sent);
    await this.repo.insertRejections(tx, rejections);
    await this.repo.insertProfilePhotos(tx, photos);
    await this.repo.upsertContactPairs(tx, [...pairs.values()]);
  }

  /**
   * Applies waiting account-level events for these members: registrations first, then the rest
   * in the order they happened. Events for members still unregistered keep waiting.
   */
  private async applyPending(tx: Tx, members: string[]): Promise<void> {
    const pending = await this.repo.pendingFor(tx, members);
    if (!pending.length) return;
    const registrations = new Map<string, NewAccount>();
    for (const row of pending) {
      if (row.type !== 'account.registered') continue;
      const e = row.payload as Stored<Extract<CommunityEvent, { type: 'account.registered' }>>;
      registrations.set(e.accountId, {
        id: newId(), externalId: e.accountId, displayName: e.displayName ?? e.accountId, birthDate: e.birthDate,
        country: e.country ?? null, locale: e.locale ?? null, registeredAt: row.occurredAt, updatedAt: row.occurredAt,
        emailHash: e.emailHash ?? null,
        emailSealed: e.emailSealed ?? null,
        phoneHash: e.phoneHash ?? null,
      });
    }
    await this.repo.upsertAccounts(tx, [...registrations.values()]);
    const ids = await this.repo.accountIds(tx, members);
    const applied: string[] = [];
    const logins = [];
    for (const row of pending) {
      const accountId = ids.get(row.accountExternalId!);
      if (!accountId) continue;
      applied.push(row.eventId);
      const patch = this.accountPatch(row);
      if (patch) await this.repo.updateAccount(tx, row.accountExternalId!, patch);
      const { emailSealed } = row.payload as { emailSealed?: string };
      if (row.type === 'account.updated' && emailSealed) await this.repo.setSealedEmail(tx, row.accountExternalId!, emailSealed);
      // A deleted member's address goes: from the account and from the events that carried it.
      if (row.type === 'account.deleted') await this.repo.forgetSealedEmail(tx, row.accountExternalId!);
      if (row.type === 'login' || row.type === 'account.registered') {
        const e = row.payload as { ip?: string; deviceId?: string; userAgent?: string };
        logins.push({
          id: newId(), accountId, kind: row.type === 'login' ? 'login' : 'registration', ip: e.ip ?? null,
          deviceId: e.deviceId ?? null, userAgent: e.userAgent ?? null, occurredAt: row.occurredAt,
        });
      }
    }
    await this.repo.insertLogins(tx, logins);
    await this.repo.markApplied(tx, applied);
  }

  /**
   * What the event log keeps: never message text or image bytes, and e-mail and phone only as
   * keyed hashes of their canonical form (privacy by default; ban evasion matches on the hashes),
   * and the e-mail also sealed, as given, to send the member statements of reasons.
   */
  private storedPayload(e: CommunityEvent): Record<string, unknown> {
    const { email, phone, text: _text, bytes: _bytes, ...rest } = e as CommunityEvent & { email?: string; phone?: string; text?: string; bytes?: string };
    return {
      ...rest,
      ...(email && { emailHash: keyedHash(this.keys.identifiers, canonicalEmail(email)), emailSealed: seal(this.keys.emails, email) }),
      ...(phone && { phoneHash: keyedHash(this.keys.identifiers, canonicalPhone(phone)) }),
    };
  }

  private accountPatch(row: EventRow) {
    const e = row.payload as Stored<CommunityEvent>;
    const at = row.occurredAt;
    if (e.type === 'account.deleted') return { deletedAt: at, status: 'deleted', emailSealed: null, updatedAt: at };
    if (e.type === 'account.age_verified') return { ageVerifiedAt: at, ageVerificationMethod: e.method, updatedAt: at };
    if (e.type !== 'account.updated') return undefined;
    return {
      ...(e.birthDate && { birthDate: e.birthDate }),
      ...(e.displayName && { displayName: e.displayName }),
      ...(e.country && { country: e.country }),
      ...(e.locale && { locale: e.locale }),
      ...(e.emailHash && { emailHash: e.emailHash }),
      ...(e.phoneHash && { phoneHash: e.phoneHash }),
      updatedAt: at,
    };
  }
}

// Distributes over the union so each event type keeps its own fields.
type Stored<E> = E extends unknown ? Omit<E, 'email' | 'phone' | 'text' | 'bytes'> & { emailHash?: string; emailSealed?: string; phoneHash?: string } : never;
