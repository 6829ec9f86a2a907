import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type TryggApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/server/services.js';
import { act, createRule, insertCase } from './actions-fixtures.js';
import { createTestApp, signInAs, TEST_SECRET, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

/**
 * Decisions are answered from a per-node cache of members and "wrote first" facts. Whatever
 * changes them must reach the very next decision, on the node that made the change and on
 * another node over the same database (on PostgreSQL: its own pool and its own listener).
 * Every check first decides on both nodes, so both caches hold the old answer.
 */
describe(`contact decisions see every change at once, on every node (${testDriver})`, () => {
  let t: TestApp;
  let other: { app: TryggApp; services: Services };
  let platform: Record<string, string>;
  let admin: SignedIn;
  let moderator: SignedIn;
  const today = new Date('2026-06-15T10:00:00Z');
  const born = (age: number) => new Date(Date.UTC(2026 - age, 0, 1)).toISOString().slice(0, 10);
  let seq = 0;

  const events = async (list: Record<string, unknown>[]) => {
    const res = await t.app.inject({
      method: 'POST', url: '/v1/events', headers: platform,
      payload: { events: list.map((e) => ({ id: `e-${++seq}`, occurredAt: t.clock.now().toISOString(), ...e })) },
    });
    expect(res.json(), res.body).toMatchObject({ accepted: list.length, rejected: [] });
  };
  const register = (accountId: string, age: number) => events([{ type: 'account.registered', accountId, birthDate: born(age) }]);
  const decideOn = async (app: TryggApp, from: string, to: string, kind = 'message') => {
    const res = await app.inject({ method: 'POST', url: '/v1/contact/decide', headers: platform, payload: { from, to, kind } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { allow: boolean; rule: string; policyVersion: number; from: { age: number | null; known: boolean } };
  };
  /** The same question on this node and on the other one. */
  const both = async (from: string, to: string, kind = 'message') => [await decideOn(t.app, from, to, kind), await decideOn(other.app, from, to, kind)];

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(today);
    const database = await t.db.openAnother();
    const services = createServices({ database, secretKey: TEST_SECRET, clock: t.clock, publicUrl: 'https://trygg.test' });
    other = { services, app: await buildApp({ database, services, clock: t.clock, http: { logLevel: 'silent', rateLimitPerMinute: 100_000 } }) };
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['events:write', 'decisions:read']);
    platform = { authorization: `Bearer ${key}` };
    admin = await signInAs(t, 'admin');
    moderator = await signInAs(t, 'moderator', { twoFactor: true });
    // Caching starts once a node listens for changes (PostgreSQL: its own connection).
    await Promise.all([t.services.contact.start(), other.services.contact.start()]);
    await vi.waitFor(() => expect(t.services.contact.caching && other.services.contact.caching).toBe(true), { timeout: 10_000 });
  });
  afterAll(async () => {
    await other?.app.close();
    await t?.close();
  });

  it('caches: a repeated decision is answered without the database', async () => {
    await register('warm-adult', 40);
    await register('warm-minor', 15);
    await both('warm-adult', 'warm-minor');
    await expect.poll(() => Boolean(t.services.contact.cache.member('warm-adult') && other.services.contact.cache.member('warm-minor'))).toBe(true);
  });

  it('sees the younger member writing first', async () => {
    await register('gap-adult', 40);
    await register('gap-minor', 15);
    expect((await both('gap-adult', 'gap-minor')).map((a) => a.rule)).toEqual(['age-gap', 'age-gap']);
    await events([{ type: 'message.sent', conversationId: 'c-gap', from: 'gap-minor', to: 'gap-adult' }]);
    expect((await both('gap-adult', 'gap-minor')).map((a) => a.rule)).toEqual(['age-gap-younger-opened', 'age-gap-younger-opened']);
  });

  it('sees a corrected birth date', async () => {
    await register('bd-sender', 40);
    await register('bd-minor', 15);
    expect((await both('bd-sender', 'bd-minor')).map((a) => a.allow)).toEqual([false, false]);
    await events([{ type: 'account.updated', accountId: 'bd-sender', birthDate: born(17) }]);
    const after = await both('bd-sender', 'bd-minor');
    expect(after.map((a) => [a.allow, a.from.age])).toEqual([[true, 17], [true, 17]]);
  });

  it('sees an account registered after it was asked about as unknown', async () => {
    await register('late-adult', 30);
    expect((await both('late-adult', 'late-member')).map((a) => [a.rule, a.from.known])).toEqual([['age-gap', true], ['age-gap', true]]);
    await register('late-member', 29);
    expect((await both('late-adult', 'late-member')).map((a) => a.rule)).toEqual(['no-restriction', 'no-restriction']);
  });

  it('sees a saved policy and an age verification', async () => {
    await register('ver-sender', 40);
    await register('ver-target', 30);
    await events([{ type: 'account.age_verified', accountId: 'ver-sender', method: 'bank-id' }]);
    expect((await both('ver-sender', 'ver-target', 'image')).map((a) => a.rule)).toEqual(['no-restriction', 'no-restriction']);
    // Treat unverified members as minors: the unverified target now counts as one.
    const current = (await t.app.inject({ url: '/v1/policy', headers: admin.headers() })).json();
    const saved = await t.app.inject({
      method: 'PUT', url: '/v1/policy', headers: admin.headers(true),
      payload: { document: { ...current.document, unknownAge: { ...current.document.unknownAge, unverified: 'minor' } }, comment: 'verify first' },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const version = saved.json().version as number;
    expect((await both('ver-sender', 'ver-target', 'image')).map((a) => [a.rule, a.policyVersion])).toEqual([['adult-media-to-minor', version], ['adult-media-to-minor', version]]);
    await events([{ type: 'account.age_verified', accountId: 'ver-target', method: 'bank-id' }]);
    expect((await both('ver-sender', 'ver-target', 'image')).map((a) => a.rule)).toEqual(['no-restriction', 'no-restriction']);
    // Saved on the other node this time, back to the default, for the checks that follow.
    const restored = await other.services.policies.save({ type: 'system' }, current.document, 'back');
    expect((await both('ver-sender', 'ver-target', 'image')).map((a) => a.policyVersion)).toEqual([restored.version, restored.version]);
  });

  it('sees a change made on the other node', async () => {
    await register('rev-adult', 40);
    await register('rev-minor', 15);
    expect((await both('rev-adult', 'rev-minor')).map((a) => a.allow)).toEqual([false, false]);
    await other.services.events.ingest([
      { id: `e-${++seq}`, type: 'message.sent', occurredAt: t.clock.now().toISOString(), conversationId: 'c-rev', from: 'rev-minor', to: 'rev-adult' },
    ], null);
    expect((await both('rev-adult', 'rev-minor')).map((a) => a.allow)).toEqual([true, true]);
  });

  it('fills a new node\'s cache ahead of decisions with the same facts the database holds', async () => {
    const database = await t.db.openAnother();
    const services = createServices({ database, secretKey: TEST_SECRET, clock: t.clock, publicUrl: 'https://trygg.test' });
    const third = await buildApp({ database, services, clock: t.clock, http: { logLevel: 'silent', rateLimitPerMinute: 100_000 } });
    try {
      await services.contact.start();
      await vi.waitFor(() => expect(services.contact.caching).toBe(true), { timeout: 10_000 });
      await services.contact.warm();
      expect(services.contact.cache.member('gap-minor')?.wroteTo).toEqual(new Set(['gap-adult']));
      expect(services.contact.cache.member('bd-sender')?.account?.birthYmd).toBe(Number(born(17).replaceAll('-', '')));
      for (const [from, to, kind] of [['gap-adult', 'gap-minor', 'message'], ['bd-sender', 'bd-minor', 'message'], ['ver-sender', 'ver-target', 'image'], ['rev-adult', 'rev-minor', 'message']]) {
        expect(await decideOn(third, from!, to!, kind)).toEqual(await decideOn(t.app, from!, to!, kind));
      }
    } finally {
      await third.close();
    }
  });

  // Last: it moves the clock on.
  it('sees a restriction set by a moderation action, on the other node too', async () => {
    await register('res-adult', 30);
    await register('res-minor', 16);
    await events([{ type: 'message.sent', conversationId: 'c-res', from: 'res-minor', to: 'res-adult' }]);
    expect((await both('res-adult', 'res-minor')).map((a) => a.allow)).toEqual([true, true]);
    const rule = await createRule(t, admin, { ground: 'DECISION_GROUND_ILLEGAL_CONTENT', legalGround: 'Brottsbalken 6 kap. 10 a § (SFS 1962:700)' });
    const c = await insertCase(t, { subjectId: 'res-adult', category: 'grooming' });
    const res = await act(t, moderator, c.id, { action: 'restrict_minors', ruleId: rule.id, reason: 'Sexual talk with a 16-year-old.', endsAt: new Date(today.getTime() + 10 * 86_400_000).toISOString() });
    expect(res.statusCode, res.body).toBe(201);
    expect((await both('res-adult', 'res-minor')).map((a) => a.rule)).toEqual(['restricted-sender', 'restricted-sender']);
    // The restriction ends by the clock alone: nothing is written, the cached end date decides.
    t.clock.advance(11 * 86_400_000);
    expect((await both('res-adult', 'res-minor')).map((a) => a.allow)).toEqual([true, true]);
  });
});
