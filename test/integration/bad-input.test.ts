import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

interface Operation {
  method: string;
  path: string;
}

/** Bodies a careless or hostile client sends: any JSON, wrong types in known fields, deep nesting. */
const hostileBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom('email', 'role', 'password', 'events', 'document', 'from', 'to', 'kind', 'code', 'name', 'scopes', 'items', 'fromAge'), fc.jsonValue({ maxDepth: 2 })),
  fc.record({ events: fc.array(fc.dictionary(fc.constantFrom('id', 'type', 'occurredAt', 'accountId', 'birthDate', 'from', 'to', 'kind'), fc.jsonValue({ maxDepth: 1 })), { maxLength: 5 }) }),
);
const hostileQuery = fc.dictionary(fc.constantFrom('limit', 'offset', 'before', 'from', 'to', 'type', 'actorId', 'subjectId'), fc.string({ maxLength: 30 }), { maxKeys: 3 });
const hostileSegment = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }), fc.constant('..%2f..%2fetc'), fc.constant('%00'));

describe(`hostile input never crashes or 500s (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  let key: string;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAs(t, 'admin');
    key = (await t.services.apiKeys.create({ type: 'system' }, 'fuzz', ['events:write', 'decisions:read', 'accounts:read'])).key;
    const doc = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })))
      // Signing out would end the session the rest of the walk uses.
      .filter((op) => !op.path.endsWith('/sign-out'));
  });
  afterAll(() => t.close());

  it('answers every operation with a problem+json 4xx or success, for random bodies, queries and path segments', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(hostileBody, hostileQuery, hostileSegment, fc.boolean(), async (body, query, segment, asKey) => {
          const url = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(segment)) + '?' + new URLSearchParams(query).toString();
          const headers = asKey ? { authorization: `Bearer ${key}` } : admin.headers(true);
          const withBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
          const res = await t.app.inject({
            method: op.method as 'GET', url, headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
            payload: withBody ? JSON.stringify(body) : undefined,
          });
          if (res.statusCode >= 500) failures.push(`${op.method} ${url} ${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400 && res.statusCode < 500) {
            expect(res.headers['content-type']).toContain('application/problem+json');
          }
        }),
        { numRuns: 15, seed: 2026 },
      );
    }
    expect(failures).toEqual([]);
    // The session survived the walk: nothing hostile broke the app's state.
    expect((await t.app.inject({ url: '/v1/auth/session', headers: admin.headers() })).statusCode).toBe(200);
  });
});
