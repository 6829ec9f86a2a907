import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAccessGuard, roles, scopes, type Access, type Role, type Scope } from '../../src/server/access.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

interface Operation {
  method: string;
  path: string;
  access: Access | undefined;
}

type Caller = { kind: 'anonymous' } | { kind: 'role'; role: Role } | { kind: 'scope'; scope: Scope };

const label = (c: Caller) => (c.kind === 'anonymous' ? 'anonymous' : c.kind === 'role' ? `role ${c.role}` : `scope ${c.scope}`);

function expectedAllowed(access: Access, caller: Caller): boolean {
  if ('public' in access) return true;
  if (caller.kind === 'anonymous') return false;
  if (caller.kind === 'role') return access.roles.includes(caller.role);
  return (access.scopes ?? []).includes(caller.scope);
}

/** Fills path parameters with ids that exist nowhere: access is decided before the lookup. */
const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, (name) => (name === '{id}' ? randomUUID() : 'nobody'));

describe(`every operation enforces its declared access (${testDriver})`, () => {
  let t: TestApp;
  let operations: Operation[];
  const sessions = new Map<Role, SignedIn>();
  const keys = new Map<Scope, string>();

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of roles) sessions.set(role, await signInAs(t, role, { twoFactor: true }));
    for (const scope of scopes) keys.set(scope, (await t.services.apiKeys.create({ type: 'system' }, `walk ${scope}`, [scope])).key);
    const doc = (await t.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, { 'x-trygg-access'?: Access }>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, access: op['x-trygg-access'] })),
    );
    // Signing out ends the caller's session: walk it last.
    operations.sort((a, b) => Number(a.path.endsWith('/sign-out')) - Number(b.path.endsWith('/sign-out')));
  });
  afterAll(() => t.close());

  it('documents an access declaration on every operation', () => {
    expect(operations.length).toBeGreaterThan(10);
    const undeclared = operations.filter((op) => !op.access).map((op) => `${op.method} ${op.path}`);
    expect(undeclared).toEqual([]);
  });

  it('refuses to register an undeclared /v1 route', async () => {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    installAccessGuard(app);
    await app.register(async (v1) => {
      expect(() => v1.get('/undeclared', async () => 'x')).toThrow(/declares no access/);
      v1.get('/declared', { config: { access: { public: true } } }, async () => 'x');
    }, { prefix: '/v1' });
    await app.ready();
    await app.close();
  });

  it('allows and denies each caller exactly as declared', async () => {
    const callers: Caller[] = [
      { kind: 'anonymous' },
      ...roles.map((role) => ({ kind: 'role' as const, role })),
      ...scopes.map((scope) => ({ kind: 'scope' as const, scope })),
    ];
    const mismatches: string[] = [];
    let checked = 0;
    for (const op of operations) {
      for (const caller of callers) {
        const headers: Record<string, string> = {};
        if (caller.kind === 'role') Object.assign(headers, sessions.get(caller.role)!.headers(true));
        if (caller.kind === 'scope') headers.authorization = `Bearer ${keys.get(caller.scope)}`;
        const withBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
        const res = await t.app.inject({
          method: op.method as 'GET',
          url: concretePath(op.path),
          headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
          payload: withBody ? '{}' : undefined,
        });
        checked += 1;
        const allowed = expectedAllowed(op.access!, caller);
        const denied = res.statusCode === 401 || res.statusCode === 403;
        const deniedForAccess = denied && ['unauthenticated', 'forbidden-role', 'missing-scope'].includes(res.json().code);
        if (allowed && denied) mismatches.push(`${op.method} ${op.path} as ${label(caller)}: expected allowed, got ${res.statusCode} ${res.body}`);
        if (!allowed && !deniedForAccess) mismatches.push(`${op.method} ${op.path} as ${label(caller)}: expected denied, got ${res.statusCode}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(operations.length * callers.length);
    // Every route times every caller, each denial written to the event log: minutes on a busy 2-core runner.
  }, 300_000);

  it('records permission denials in the moderation event log', async () => {
    // A fresh session: the walk signed the others out last.
    const moderator = await signInAs(t, 'moderator', { twoFactor: true });
    expect((await t.app.inject({ method: 'GET', url: '/v1/staff', headers: moderator.headers() })).statusCode).toBe(403);
    // The walk's own denials come after the one for /v1/staff: look past all of them.
    const denials = await t.services.audit.list({ type: 'access.denied', actorId: moderator.staffId, limit: 1000 });
    expect(denials.some((e) => (e.payload as { route: string }).route === '/v1/staff')).toBe(true);
  });
});
