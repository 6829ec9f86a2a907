import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

describe(`platform API keys (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    t = await createTestApp({ http: { rateLimitPerMinute: 12 } });
    admin = await signInAs(t, 'admin');
  });
  afterAll(() => t.close());

  it('shows the key once, stores only its hash, and lists it without the secret', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: admin.headers(true), payload: { name: 'web', scopes: ['accounts:read'] } });
    expect(res.statusCode).toBe(201);
    const { key, apiKey } = res.json();
    expect(key).toMatch(/^trygg_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const secret = key.split('_').slice(2).join('_');
    const { rows } = await t.db.database.executeSql('SELECT * FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(secret);
    const list = await t.app.inject({ url: '/v1/api-keys', headers: admin.headers() });
    expect(JSON.stringify(list.json())).not.toContain(secret);
    expect(list.json().items[0]).toMatchObject({ id: apiKey.id, scopes: ['accounts:read'], revokedAt: null });
  });

  it('rejects unknown scopes naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: admin.headers(true), payload: { name: 'x', scopes: ['everything'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.scopes.0');
  });

  it('stops a revoked key at once with a 401 that is audited', async () => {
    const { key, apiKey } = (await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: admin.headers(true), payload: { name: 'soon gone', scopes: ['accounts:read'] } })).json();
    const before = await t.app.inject({ url: '/v1/accounts/nobody', headers: { authorization: `Bearer ${key}` } });
    expect(before.statusCode).toBe(404);
    const revoke = await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${apiKey.id}`, headers: admin.headers(true) });
    expect(revoke.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({ url: '/v1/accounts/nobody', headers: { authorization: `Bearer ${key}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('invalid-api-key');
    const denials = await t.services.audit.list({ type: 'access.denied', limit: 5 });
    expect(denials.some((d) => (d.payload as { reason: string }).reason === 'invalid-api-key')).toBe(true);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/api-keys/${apiKey.id}`, headers: admin.headers(true) });
    expect(again.statusCode).toBe(409);
  });

  it('rate-limits each key separately with a 429 problem', async () => {
    const make = async (name: string) =>
      (await t.app.inject({ method: 'POST', url: '/v1/api-keys', headers: admin.headers(true), payload: { name, scopes: ['accounts:read'] } })).json().key as string;
    const [a, b] = [await make('busy'), await make('quiet')];
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await t.app.inject({ url: '/v1/accounts/nobody', headers: { authorization: `Bearer ${a}` } })).statusCode);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const limited = await t.app.inject({ url: '/v1/accounts/nobody', headers: { authorization: `Bearer ${a}` } });
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate-limited' });
    expect((await t.app.inject({ url: '/v1/accounts/nobody', headers: { authorization: `Bearer ${b}` } })).statusCode).toBe(404);
  });
});
