import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

describe(`HTTP basics (${testDriver})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ http: { bodyLimitBytes: 4096 } });
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz when migrations are applied', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
  });

  it('echoes a given request id and makes one otherwise', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.app.inject({ url: '/healthz' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('publishes OpenAPI 3.1 with every /v1 operation', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/v1/staff');
    expect((await t.app.inject('/docs/')).statusCode).toBe(200);
  });

  it('serves Prometheus metrics with request counts by route', async () => {
    await t.app.inject('/healthz');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toContain('trygg_http_requests_total{method="GET",route="/healthz",status="200"}');
  });

  it('answers unknown routes with problem+json', async () => {
    const res = await t.app.inject('/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'not-found' });
  });

  it('rejects malformed JSON, wrong types, unknown fields and oversized bodies naming the field', async () => {
    const admin = await signInAs(t, 'admin');
    const h = { ...admin.headers(true), 'content-type': 'application/json' };
    const malformed = await t.app.inject({ method: 'POST', url: '/v1/staff', headers: h, payload: '{"email": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed-json' });

    const wrongType = await t.app.inject({ method: 'POST', url: '/v1/staff', headers: h, payload: { email: 'x@example.test', role: 42 } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].field).toBe('body.role');

    const unknown = await t.app.inject({ method: 'POST', url: '/v1/staff', headers: h, payload: { email: 'x@example.test', role: 'moderator', shoeSize: 44 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('body.shoeSize');

    const huge = await t.app.inject({ method: 'POST', url: '/v1/staff', headers: h, payload: { email: 'x@example.test', role: 'moderator', displayName: 'x'.repeat(10_000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body-too-large' });

    const list = await t.app.inject({ method: 'GET', url: '/v1/staff', headers: admin.headers() });
    expect(list.json().items.map((s: { email: string }) => s.email)).not.toContain('x@example.test');
  });
});
