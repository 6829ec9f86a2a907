import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

/** What must agree between the fast lane (real HTTP) and Fastify (inject): all but the request id. */
interface Answer {
  status: number;
  type: string | undefined;
  body: Record<string, unknown>;
  headers: Record<string, string | undefined>;
}

const DECIDE = '/v1/contact/decide';

describe(`the fast lane answers as Fastify does (${testDriver})`, () => {
  let t: TestApp;
  let base: string;
  let decideKey: string;
  let eventsKey: string;

  const viaHttp = async (body: string, headers: Record<string, string>, path = DECIDE): Promise<Answer> => {
    const res = await fetch(base + path, { method: 'POST', body, headers });
    return { status: res.status, type: res.headers.get('content-type') ?? undefined, body: await res.json(), headers: Object.fromEntries(res.headers) };
  };
  const viaInject = async (body: string, headers: Record<string, string>, path = DECIDE): Promise<Answer> => {
    const res = await t.app.inject({ method: 'POST', url: path, payload: body, headers });
    return { status: res.statusCode, type: res.headers['content-type'] as string | undefined, body: res.json(), headers: res.headers as Record<string, string> };
  };
  const comparable = ({ status, type, body }: Answer) => {
    const { requestId: _id, ...rest } = body;
    return { status, type, body: rest };
  };
  const json = (key = decideKey) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const laneLines = () => t.logs.filter((line) => line.includes('fast lane')).length;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    decideKey = (await t.services.apiKeys.create({ type: 'system' }, 'platform', ['decisions:read'])).key;
    eventsKey = (await t.services.apiKeys.create({ type: 'system' }, 'ingest', ['events:write'])).key;
    const born = (years: number) => `${new Date().getUTCFullYear() - years}-01-01`;
    const registered = (id: string, years: number, n: number) => ({
      id: `fast-lane-${id}`, type: 'account.registered', occurredAt: new Date().toISOString(),
      accountId: id, birthDate: born(years), email: `${id}@example.test`, ip: `192.0.2.${n}`,
    });
    const events = await t.app.inject({
      method: 'POST', url: '/v1/events', headers: json(eventsKey),
      payload: { events: [registered('adult', 40, 1), registered('minor', 15, 2), registered('peer', 16, 3)] },
    });
    expect(events.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: [string, string][] = [
    ['an allowed contact', JSON.stringify({ from: 'minor', to: 'peer', kind: 'message' })],
    ['an age-gap denial', JSON.stringify({ from: 'adult', to: 'minor', kind: 'message' })],
    ['unknown accounts (decided by the policy default)', JSON.stringify({ from: 'nobody-1', to: 'nobody-2', kind: 'buff' })],
  ];
  it.each(cases)('%s: the same decision, headers and status', async (_name, body) => {
    const before = laneLines();
    const [http, inject] = [await viaHttp(body, json()), await viaInject(body, json())];
    expect(laneLines()).toBe(before + 1); // the HTTP call really went through the lane
    expect(http.status).toBe(200);
    expect(comparable(http)).toEqual(comparable(inject));
    for (const header of ['x-ratelimit-limit', 'x-ratelimit-reset']) expect(http.headers[header]).toBe(inject.headers[header]);
    expect(Number(http.headers['x-ratelimit-remaining'])).toBe(Number(inject.headers['x-ratelimit-remaining']) + 1);
  });

  const bad: [string, string][] = [
    ['malformed JSON', '{"from": "adult", '],
    ['a prototype-poisoning key', '{"from":"adult","to":"minor","kind":"message","__proto__":{"x":1}}'],
    ['an unknown field', JSON.stringify({ from: 'adult', to: 'minor', kind: 'message', extra: 1 })],
    ['contacting oneself', JSON.stringify({ from: 'adult', to: 'adult', kind: 'message' })],
    ['a missing and a wrong field', JSON.stringify({ from: 'adult', kind: 'wave' })],
    ['not an object', '[1, 2]'],
  ];
  it.each(bad)('%s: the same problem+json, naming the same fields', async (_name, body) => {
    const before = laneLines();
    const [http, inject] = [await viaHttp(body, json()), await viaInject(body, json())];
    expect(laneLines()).toBe(before + 1);
    expect(http.status).toBe(400);
    expect(comparable(http)).toEqual(comparable(inject));
  });

  it('leaves refused keys to Fastify: the same 401 and 403, each audited once per call', async () => {
    const body = JSON.stringify({ from: 'adult', to: 'minor', kind: 'message' });
    const denied = async () => (await t.services.audit.list({ type: 'access.denied', limit: 1000 })).length;
    for (const key of [eventsKey, 'trygg_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb']) {
      const before = await denied();
      const [http, inject] = [await viaHttp(body, json(key)), await viaInject(body, json(key))];
      expect([401, 403]).toContain(http.status);
      expect(comparable(http)).toEqual(comparable(inject));
      expect(await denied()).toBe(before + 2);
    }
    const anonymous = await viaHttp(body, { 'content-type': 'application/json' });
    expect(anonymous.status).toBe(401);
  });

  it('keeps the request id a caller sends, and counts lane answers in the request metrics', async () => {
    const http = await viaHttp(JSON.stringify({ from: 'minor', to: 'peer', kind: 'buff' }), { ...json(), 'x-request-id': 'platform-req-42' });
    expect(http.headers['x-request-id']).toBe('platform-req-42');
    expect(http.body.requestId).toBeUndefined();
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    const line = metrics.body.split('\n').find((l) => l.startsWith('trygg_http_requests_total') && l.includes(`route="${DECIDE}"`) && l.includes('status="200"'));
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(cases.length * 2 + 1);
  });
});

describe(`the fast lane shares the rate limit with Fastify (${testDriver})`, () => {
  let t: TestApp;
  let base: string;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ http: { rateLimitPerMinute: 4 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    key = (await t.services.apiKeys.create({ type: 'system' }, 'platform', ['decisions:read'])).key;
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts calls through both paths in one window, and the call over the limit gets a 429 with Retry-After', async () => {
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const payload = JSON.stringify({ from: 'a', to: 'b', kind: 'buff' });
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await t.app.inject({ method: 'POST', url: DECIDE, headers, payload })).statusCode);
    for (let i = 0; i < 2; i++) statuses.push((await fetch(base + DECIDE, { method: 'POST', headers, body: payload })).status);
    const over = await fetch(base + DECIDE, { method: 'POST', headers, body: payload });
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await over.json()).code).toBe('rate-limited');
  });
});

describe(`TRYGG_FAST_LANE=false sends every call through Fastify (${testDriver})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ http: { fastLane: false } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the decision without the lane', async () => {
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['decisions:read']);
    const res = await fetch(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}${DECIDE}`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'a', to: 'b', kind: 'buff' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).rule).toBeTypeOf('string');
    expect(t.logs.some((line) => line.includes('fast lane'))).toBe(false);
    expect(t.logs.some((line) => line.includes('"url":"/v1/contact/decide"'))).toBe(true);
  });
});
