import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDriver, type TestDatabase } from '../../../test/support/database.js';
import { newId } from '../../lib/ids.js';
import { accountLogins, accounts } from '../community/community.schema.js';
import { EventsRepo } from './events.repo.js';
import { communityEvents, contactAttempts, contactPairs, memberRejections, messages, profilePhotos } from './events.schema.js';

/** The bulk statements store exactly what the typed rows say, with the same conflict rules. */
describe(`events repository bulk statements (${testDriver})`, () => {
  let t: TestDatabase;
  const repo = new EventsRepo();
  const at = (minute: number) => new Date(Date.UTC(2026, 5, 15, 10, minute, 0, 123));
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('inserts events once, returning only the new ids, with payload, nulls and times intact', async () => {
    const db = t.database.db;
    const row = (id: string, extra: Partial<typeof communityEvents.$inferInsert> = {}) => ({
      eventId: id, type: 'login', occurredAt: at(1), receivedAt: at(2), apiKeyId: null, accountExternalId: 'm-1', applied: false,
      payload: { id, type: 'login', nested: { list: [1, 'två', null] }, quote: 'he said "hej"\\n' }, ...extra,
    });
    const apiKeyId = newId();
    const first = await repo.insertEvents(db, [row('e-2'), row('e-1', { apiKeyId, accountExternalId: null, applied: true, type: 'message.sent' })]);
    expect(first).toEqual(new Set(['e-1', 'e-2']));
    expect(await repo.insertEvents(db, [row('e-2'), row('e-3')])).toEqual(new Set(['e-3']));
    const stored = await db.select().from(communityEvents).orderBy(asc(communityEvents.eventId));
    expect(stored).toEqual([
      row('e-1', { apiKeyId, accountExternalId: null, applied: true, type: 'message.sent' }), row('e-2'), row('e-3'),
    ]);
    await repo.markApplied(db, ['e-2', 'e-3']);
    expect((await db.select().from(communityEvents)).every((r) => r.applied)).toBe(true);
  });

  it('stores contacts, messages, rejections, photos and logins as given, ignoring replays', async () => {
    const db = t.database.db;
    const attempt = { eventId: 'c-1', fromExternalId: 'a', toExternalId: 'b', kind: 'buff', occurredAt: at(3) };
    const message = { eventId: 'msg-1', messageId: 'platform-msg-1', conversationId: 'conv', fromExternalId: 'a', toExternalId: 'b', hasMedia: true, textSealed: 'sealed:abc', sentAt: at(4) };
    const silent = { ...message, eventId: 'msg-2', messageId: null, hasMedia: false, textSealed: null };
    const rejection = { eventId: 'r-1', byExternalId: 'b', ofExternalId: 'a', kind: 'block', occurredAt: at(5) };
    const photo = { eventId: 'p-1', externalId: 'a', sha256: 'f'.repeat(64), md5: null, pdq: null, setAt: at(6) };
    for (let i = 0; i < 2; i++) {
      await repo.insertContactAttempts(db, [attempt]);
      await repo.insertMessages(db, [message, silent]);
      await repo.insertRejections(db, [rejection]);
      await repo.insertProfilePhotos(db, [photo]);
    }
    expect(await db.select().from(contactAttempts)).toEqual([attempt]);
    expect(await db.select().from(messages).orderBy(asc(messages.eventId))).toEqual([message, silent]);
    expect(await db.select().from(memberRejections)).toEqual([rejection]);
    expect(await db.select().from(profilePhotos)).toEqual([photo]);

    const account = {
      id: newId(), externalId: 'a', displayName: 'A', birthDate: '1990-02-03', country: 'SE', locale: 'sv',
      registeredAt: at(0), updatedAt: at(0), emailHash: 'e1', phoneHash: null,
    };
    await repo.upsertAccounts(db, [account]);
    const login = { id: newId(), accountId: account.id, kind: 'login', ip: '10.0.0.1', deviceId: null, userAgent: 'UA', occurredAt: at(7) };
    await repo.insertLogins(db, [login]);
    await repo.insertLogins(db, [login]);
    expect(await db.select().from(accountLogins)).toEqual([login]);
  });

  it('upserts accounts: a new registration updates the profile and keeps known identifiers', async () => {
    const db = t.database.db;
    await repo.upsertAccounts(db, [{
      id: newId(), externalId: 'a', displayName: 'A2', birthDate: '1991-04-05', country: null, locale: null,
      registeredAt: at(9), updatedAt: at(9), emailHash: null, phoneHash: 'p1',
    }]);
    const [row] = await db.select().from(accounts);
    expect(row).toMatchObject({
      externalId: 'a', displayName: 'A2', birthDate: '1991-04-05', country: 'SE', locale: 'sv', emailHash: 'e1', phoneHash: 'p1',
      registeredAt: at(0), updatedAt: at(9), status: 'active', restriction: null,
    });
    expect(await repo.accountIds(db, ['a', 'nobody'])).toEqual(new Map([['a', row!.id]]));
  });

  it('adds pair counters and keeps the earliest first contact and first message', async () => {
    const db = t.database.db;
    await repo.upsertContactPairs(db, [
      { fromExternalId: 'x', toExternalId: 'y', firstContactAt: at(20), firstMessageAt: null, attempts: 2, messages: 0 },
      { fromExternalId: 'y', toExternalId: 'x', firstContactAt: at(21), firstMessageAt: at(21), attempts: 0, messages: 1 },
    ]);
    await repo.upsertContactPairs(db, [{ fromExternalId: 'x', toExternalId: 'y', firstContactAt: at(10), firstMessageAt: at(30), attempts: 1, messages: 3 }]);
    await repo.upsertContactPairs(db, [{ fromExternalId: 'x', toExternalId: 'y', firstContactAt: at(40), firstMessageAt: at(25), attempts: 0, messages: 1 }]);
    expect(await db.select().from(contactPairs).orderBy(asc(contactPairs.fromExternalId))).toEqual([
      { fromExternalId: 'x', toExternalId: 'y', firstContactAt: at(10), firstMessageAt: at(25), attempts: 3, messages: 4 },
      { fromExternalId: 'y', toExternalId: 'x', firstContactAt: at(21), firstMessageAt: at(21), attempts: 0, messages: 1 },
    ]);
  });
});
