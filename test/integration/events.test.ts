import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

describe(`community event ingestion (${testDriver})`, () => {
  let t: TestApp;
  let auth: { authorization: string };
  beforeAll(async () => {
    t = await createTestApp();
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['events:write', 'decisions:read']);
    auth = { authorization: `Bearer ${key}` };
  });
  afterAll(() => t.close());

  const send = (events: unknown[]) => t.app.inject({ method: 'POST', url: '/v1/events', headers: auth, payload: { events } });
  const at = (minutes: number) => new Date(Date.UTC(2026, 4, 1, 12, minutes)).toISOString();
  const registered = (id: string, birthDate: string, extra: Record<string, unknown> = {}) => ({
    id: `reg-${id}`, type: 'account.registered', occurredAt: at(0), accountId: id, birthDate, email: `${id}@Example.se`,
    ip: '192.0.2.10', deviceId: `dev-${id}`, userAgent: 'Mozilla/5.0', country: 'SE', locale: 'sv', ...extra,
  });

  it('accepts a batch, stores identifiers only as keyed hashes, and keeps no e-mail anywhere', async () => {
    const res = await send([registered('m-1', '2010-03-04'), registered('m-2', '1985-07-01'), { id: 'l-1', type: 'login', occurredAt: at(5), accountId: 'm-1', ip: '192.0.2.11' }]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const account = await t.services.community.getByExternalId('m-1');
    expect(account).toMatchObject({ birthDate: '2010-03-04', country: 'SE' });
    const { rows } = await t.db.database.executeSql(`SELECT (SELECT json_agg(a) FROM accounts a)::text AS a, (SELECT json_agg(e) FROM community_events e)::text AS e`);
    expect(`${rows[0]!.a}${rows[0]!.e}`.toLowerCase()).not.toContain('example.se');
    const logins = await t.db.database.executeSql(`SELECT kind FROM account_logins l JOIN accounts a ON a.id = l.account_id WHERE a.external_id = 'm-1' ORDER BY occurred_at`);
    expect(logins.rows.map((r) => r.kind)).toEqual(['registration', 'login']);
  });

  it('changes nothing when a batch is replayed', async () => {
    const batch = [{ id: 'c-1', type: 'contact.attempted', occurredAt: at(10), from: 'm-2', to: 'm-1', kind: 'message' }];
    expect((await send(batch)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await send(batch)).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    const { rows } = await t.db.database.executeSql(`SELECT attempts FROM contact_pairs WHERE from_external_id = 'm-2' AND to_external_id = 'm-1'`);
    expect(rows[0]!.attempts).toBe(1);
  });

  it('reports invalid events by index and reason while accepting the valid ones', async () => {
    const res = await send([
      { id: 'ok-1', type: 'member.blocked', occurredAt: at(11), by: 'm-1', whom: 'm-2' },
      { id: 'bad-future', type: 'account.registered', occurredAt: at(0), accountId: 'm-9', birthDate: '2999-01-01' },
      { id: 'bad-old', type: 'account.registered', occurredAt: at(0), accountId: 'm-9', birthDate: '1890-01-01' },
      { id: 'bad-self', type: 'contact.attempted', occurredAt: at(12), from: 'm-1', to: 'm-1', kind: 'buff' },
      { id: 'bad-type', type: 'account.teleported', occurredAt: at(12) },
      { id: 'bad-extra', type: 'login', occurredAt: at(12), accountId: 'm-1', favouriteColour: 'blue' },
      { id: 'ok-1', type: 'member.blocked', occurredAt: at(11), by: 'm-1', whom: 'm-2' },
    ]);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.duplicates).toBe(1);
    expect(body.rejected.map((r: { index: number; errors: { field: string }[] }) => [r.index, r.errors[0]!.field])).toEqual([
      [1, 'birthDate'], [2, 'birthDate'], [3, 'to'], [4, 'type'], [5, 'favouriteColour'],
    ]);
    expect(body.rejected[3].errors[0].message).toMatch(/invalid|unknown/i);
  });

  it('keeps events about a member who registers later and applies them on registration', async () => {
    const early = await send([
      { id: 'm3-login', type: 'login', occurredAt: at(20), accountId: 'm-3', ip: '198.51.100.4' },
      { id: 'm3-verified', type: 'account.age_verified', occurredAt: at(21), accountId: 'm-3', method: 'bank_id' },
      { id: 'm3-msg', type: 'message.sent', occurredAt: at(22), conversationId: 'conv-3', from: 'm-3', to: 'm-2', text: 'hej' },
    ]);
    expect(early.json().accepted).toBe(3);
    await expect(t.services.community.getByExternalId('m-3')).rejects.toMatchObject({ status: 404 });
    await send([registered('m-3', '2009-01-01')]);
    const { rows } = await t.db.database.executeSql(`SELECT age_verified_at IS NOT NULL AS verified, age_verification_method AS m FROM accounts WHERE external_id = 'm-3'`);
    expect(rows[0]).toEqual({ verified: true, m: 'bank_id' });
    const pending = await t.db.database.executeSql(`SELECT count(*)::int AS n FROM community_events WHERE applied = false`);
    expect(pending.rows[0]!.n).toBe(0);
  });

  it('stores message text sealed, never in the clear', async () => {
    await send([{ id: 'secret-msg', type: 'message.sent', occurredAt: at(30), conversationId: 'conv-9', from: 'm-1', to: 'm-2', text: 'mitt hemliga meddelande' }]);
    const { rows } = await t.db.database.executeSql(`SELECT (SELECT json_agg(m) FROM messages m)::text AS m, (SELECT json_agg(e) FROM community_events e)::text AS e`);
    expect(`${rows[0]!.m}${rows[0]!.e}`).not.toContain('hemliga');
  });

  it('refuses batches over 1,000 events and bodies that are not a batch', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `x-${i}`, type: 'login', occurredAt: at(0), accountId: 'm-1' }));
    const tooMany = await send(many);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('body.events');
    const notBatch = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth, payload: [{ id: 'x' }] });
    expect(notBatch.statusCode).toBe(400);
  });
});
