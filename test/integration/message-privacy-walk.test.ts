import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, scopes, type Role, type Scope } from '../../src/server/access.js';
import { webhookEventTypes } from '../../src/modules/webhooks/outbox.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { act, createRule } from './actions-fixtures.js';
import { TOKEN_PATTERN, seedConversations, type SeededConversations } from './conversations-fixtures.js';

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  body?: Schema;
  query: { name: string; required: boolean; schema: Schema }[];
}
type Caller = { kind: 'anonymous' } | { kind: 'role'; role: Role } | { kind: 'scope'; scope: Scope };

const ACCESS_ROUTE = '/v1/cases/{id}/conversation-access';
const label = (c: Caller) => (c.kind === 'anonymous' ? 'anonymous' : c.kind === 'role' ? `role ${c.role}` : `scope ${c.scope}`);

/**
 * A value that passes as much of a JSON schema as a generic walker can: required fields only,
 * the first enum value, the smallest number, a plausible string for the format. The point is to
 * reach handlers, not to be clever; ids come from the seeded data where a name suggests one.
 */
function sample(schema: Schema | undefined, components: Record<string, Schema>, ids: Record<string, string>, name = '', depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (typeof schema.$ref === 'string') return sample(components[schema.$ref.split('/').pop()!], components, ids, name, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options?.length) return sample(options.find((o) => o.type !== 'null') ?? options[0], components, ids, name, depth + 1);
  }
  if ('default' in schema) return schema.default;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    return Object.fromEntries(Object.entries(properties).filter(([k]) => required.has(k)).map(([k, s]) => [k, sample(s, components, ids, k, depth + 1)]));
  }
  if (type === 'array') {
    const min = Number(schema.minItems ?? 0);
    return min ? Array.from({ length: min }, () => sample(schema.items as Schema, components, ids, name, depth + 1)) : [];
  }
  if (type === 'integer' || type === 'number') return Number(schema.minimum ?? schema.exclusiveMinimum ?? 1) + (schema.exclusiveMinimum !== undefined ? 1 : 0);
  if (type === 'boolean') return true;
  if (type !== 'string') return undefined;
  if (ids[name]) return ids[name];
  const format = schema.format as string | undefined;
  if (format === 'uuid') return ids.caseId;
  if (format === 'date-time') return new Date().toISOString();
  if (format === 'date') return '1990-01-01';
  if (format === 'email') return 'walker@example.test';
  if (format === 'uri' || name.toLowerCase().includes('url')) return 'https://hooks.example.test/walk';
  const text = 'Walking every route to check message privacy';
  return text.slice(0, Math.max(Number(schema.maxLength ?? text.length), Number(schema.minLength ?? 1)));
}

describe(`no route returns message text except the audited case view (${testDriver})`, () => {
  let t: TestApp;
  let seed: SeededConversations;
  let operations: Operation[];
  let components: Record<string, Schema>;
  const sessions = new Map<Role, SignedIn>();
  const keys = new Map<Scope, string>();

  beforeAll(async () => {
    t = await createTestApp();
    seed = await seedConversations(t);
    for (const role of roles) sessions.set(role, await signInAs(t, role, { twoFactor: true }));
    for (const scope of scopes) keys.set(scope, (await t.services.apiKeys.create({ type: 'system' }, `walk ${scope}`, [scope])).key);
    // Events of every other kind, so every listing and overview has something to show.
    const at = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const more = [
      { id: 'w-upd', type: 'account.updated', occurredAt: at, accountId: 'adult-7', displayName: 'Walker' },
      { id: 'w-age', type: 'account.age_verified', occurredAt: at, accountId: 'kid-7', method: 'bank-id' },
      { id: 'w-login', type: 'login', occurredAt: at, accountId: 'adult-7', ip: '198.51.100.7', deviceId: 'dev-1' },
      { id: 'w-photo', type: 'profile_photo.set', occurredAt: at, accountId: 'adult-7', sha256: 'a'.repeat(64) },
      { id: 'w-contact', type: 'contact.attempted', occurredAt: at, from: 'adult-7', to: 'kid-7', kind: 'message' },
      { id: 'w-block', type: 'member.blocked', occurredAt: at, by: 'kid-7', whom: 'adult-7' },
      { id: 'w-ignore', type: 'member.ignored', occurredAt: at, by: 'kid-8', whom: 'adult-7' },
      { id: 'w-reg-gone', type: 'account.registered', occurredAt: at, accountId: 'gone-1', birthDate: '1990-01-01' },
      { id: 'w-gone', type: 'account.deleted', occurredAt: at, accountId: 'gone-1' },
    ];
    expect((await t.app.inject({ method: 'POST', url: '/v1/events', headers: seed.platform, payload: { events: more } })).json().rejected).toEqual([]);
    await t.services.signals.evaluate('adult-7');
    // A decision on the reported message: its webhooks and statement of reasons must carry no text either.
    const admin = sessions.get('admin')!;
    await t.services.webhooks.createEndpoint({ type: 'system' }, { url: 'https://hooks.example.test/trygg', eventTypes: [...webhookEventTypes] });
    const rule = await createRule(t, admin);
    const hidden = await act(t, sessions.get('senior_moderator')!, seed.messageCaseId, { action: 'hide', ruleId: rule.id, reason: 'Grooming a minor', affectedExternalId: 'adult-7', keepOpen: true });
    expect(hidden.statusCode, hidden.body).toBe(201);

    const doc = (await t.app.inject('/openapi.json')).json() as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string; required?: boolean; schema: Schema }[] }>>;
      components?: { schemas?: Record<string, Schema> };
    };
    components = doc.components?.schemas ?? {};
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(), path, body: op.requestBody?.content?.['application/json']?.schema,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema })),
      })),
    );
    // Reads first, then writes; anything under /auth (which can end a session) last.
    const rank = (op: Operation) => (op.path.includes('/auth/') ? 2 : op.method === 'GET' ? 0 : 1);
    operations.sort((a, b) => rank(a) - rank(b));
  }, 300_000);
  afterAll(() => t.close());

  it('walks every operation as every caller; only the case view with a reason returns text, and each such view is on the record', async () => {
    const ids: Record<string, string> = {
      caseId: seed.messageCaseId, externalId: 'adult-7', accountId: 'adult-7', reporterId: 'kid-7', from: 'adult-7', to: 'kid-7',
      conversationId: 'main', messageId: 'm-15', type: 'message',
    };
    const { rows } = await t.db.database.executeSql(`SELECT receipt_code FROM reports WHERE case_id = $1`, [seed.messageCaseId]);
    const receiptCode = String(rows[0]!.receipt_code);
    const fill = (path: string, caseId: string) =>
      path.replace(/\{([^}]+)\}/g, (_, name: string) =>
        name === 'id' ? (path.startsWith('/v1/cases/') ? caseId : path.includes('{type}') ? 'm-15' : randomUUID())
          : name === 'type' ? 'message' : name === 'receiptCode' ? receiptCode : name === 'externalId' ? 'adult-7' : name === 'version' ? '1' : 'm-15');
    const callers: Caller[] = [{ kind: 'anonymous' }, ...roles.map((role) => ({ kind: 'role' as const, role })), ...scopes.map((scope) => ({ kind: 'scope' as const, scope }))];
    const leaks: string[] = [];
    const views: { caller: string; accessId: string; caseId: string }[] = [];
    let answered = 0;
    let calls = 0;
    for (const op of operations) {
      const cases = op.path.startsWith('/v1/cases/{id}') ? [seed.messageCaseId, seed.conversationCaseId, seed.accountCaseId] : [seed.messageCaseId];
      for (const caseId of cases) {
        const query = new URLSearchParams(op.query.filter((q) => q.required || q.name === 'limit')
          .map((q) => [q.name, String(sample(q.schema, components, { ...ids, caseId }, q.name))]));
        for (const caller of callers) {
          const headers: Record<string, string> = {};
          if (caller.kind === 'role') Object.assign(headers, sessions.get(caller.role)!.headers(true));
          if (caller.kind === 'scope') headers.authorization = `Bearer ${keys.get(caller.scope)}`;
          const body = op.body ? JSON.stringify(sample(op.body, components, { ...ids, caseId }) ?? {}) : undefined;
          const res = await t.app.inject({
            method: op.method as 'GET', url: `${fill(op.path, caseId)}${query.size ? `?${query}` : ''}`,
            headers: body ? { ...headers, 'content-type': 'application/json' } : headers, payload: body,
          });
          calls++;
          if (res.statusCode < 300) answered++;
          if (!TOKEN_PATTERN.test(res.body) && !TOKEN_PATTERN.test(JSON.stringify(res.headers))) continue;
          if (op.path === ACCESS_ROUTE && res.statusCode === 200) views.push({ caller: label(caller), accessId: res.json().accessId, caseId });
          else leaks.push(`${op.method} ${op.path} (case ${caseId}) as ${label(caller)}: ${res.statusCode}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The walk reached real handlers, and the one door to text was opened by exactly the roles allowed through it.
    expect(operations.some((op) => op.path === ACCESS_ROUTE && op.method === 'POST')).toBe(true);
    expect(answered).toBeGreaterThan(calls / 10);
    expect([...new Set(views.map((v) => v.caller))].sort()).toEqual(['role admin', 'role legal', 'role moderator', 'role senior_moderator']);
    for (const view of views) {
      const [event] = await t.services.audit.list({ subjectType: 'case', subjectId: view.caseId, type: 'conversation.viewed', limit: 200 })
        .then((events) => events.filter((e) => e.id === view.accessId));
      expect(event, `view by ${view.caller} was not recorded`).toBeDefined();
    }
  }, 900_000);

  it('keeps text out of every table (webhooks, outbox, jobs, moderation events, evidence) and out of the logs', async () => {
    const { rows: tables } = await t.db.database.executeSql(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`);
    expect(tables.map((r) => r.table_name)).toEqual(expect.arrayContaining(['messages', 'moderation_events', 'webhook_messages', 'community_events']));
    const found: string[] = [];
    for (const { table_schema: schema, table_name: table } of tables) {
      const { rows } = await t.db.database.executeSql(`SELECT row_to_json(t)::text AS row FROM "${String(schema)}"."${String(table)}" t`);
      if (rows.some((r) => TOKEN_PATTERN.test(String(r.row)))) found.push(`${String(schema)}.${String(table)}`);
    }
    expect(found).toEqual([]);
    const { rows: webhooks } = await t.db.database.executeSql(`SELECT count(*)::int AS n FROM webhook_messages`);
    expect(Number(webhooks[0]!.n)).toBeGreaterThan(0);
    expect(t.logs.filter((line) => TOKEN_PATTERN.test(line))).toEqual([]);
  });
});
