import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactKinds, decideContact, ymdInZone, ymdOf } from '../../src/modules/policy/contact-decision.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

describe(`contact decisions and the versioned policy (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  let platform: Record<string, string>;
  const today = new Date('2026-06-15T10:00:00Z');
  const years = (age: number, days = 0) => new Date(Date.UTC(2026 - age, 5, 15 + days)).toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(today);
    admin = await signInAs(t, 'admin');
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['events:write', 'decisions:read']);
    platform = { authorization: `Bearer ${key}` };
    const members: [string, string][] = [['minor16', years(16)], ['adult40', years(40)], ['adult20', years(20)], ['turns18', years(18)], ['adult30', years(30)]];
    const res = await t.app.inject({
      method: 'POST', url: '/v1/events', headers: platform,
      payload: { events: members.map(([id, birthDate]) => ({ id: `r-${id}`, type: 'account.registered', occurredAt: today.toISOString(), accountId: id, birthDate })) },
    });
    expect(res.json().accepted).toBe(members.length);
  });
  afterAll(() => t.close());

  const decide = (from: string, to: string, kind = 'message') =>
    t.app.inject({ method: 'POST', url: '/v1/contact/decide', headers: platform, payload: { from, to, kind } });

  it('denies an adult opening a conversation with a minor across the gap, naming the rule and version', async () => {
    const res = await decide('adult40', 'minor16');
    expect(res.json()).toMatchObject({ allow: false, rule: 'age-gap', policyVersion: 0, from: { age: 40, minor: false }, to: { age: 16, minor: true } });
    expect((await decide('adult40', 'minor16', 'buff')).json()).toMatchObject({ allow: true, rule: 'age-gap-buff-allowed' });
    expect((await decide('minor16', 'adult40')).json()).toMatchObject({ allow: true, rule: 'age-gap-younger-may-open' });
    // The answer does not wait for the denial's record, which follows within DENIAL_LINGER_MS.
    await t.services.contact.denialsRecorded();
    const { rows } = await t.db.database.executeSql(`SELECT rule, minor_involved FROM contact_denials WHERE from_external_id = 'adult40'`);
    expect(rows).toEqual([{ rule: 'age-gap', minor_involved: true }]);
    const metrics = (await t.app.inject('/metrics')).body;
    expect(metrics).toContain('trygg_contact_decisions_total{rule="age-gap",allow="false"} 1');
    expect(metrics).toContain('trygg_http_requests_total');
  });

  it('opens the conversation once the minor has written first', async () => {
    await t.app.inject({
      method: 'POST', url: '/v1/events', headers: platform,
      payload: { events: [{ id: 'msg-1', type: 'message.sent', occurredAt: today.toISOString(), conversationId: 'c1', from: 'minor16', to: 'adult40' }] },
    });
    expect((await decide('adult40', 'minor16')).json()).toMatchObject({ allow: true, rule: 'age-gap-younger-opened' });
    expect((await decide('adult40', 'minor16', 'image')).json()).toMatchObject({ allow: false, rule: 'adult-media-to-minor' });
  });

  it('treats an unknown account by the configured default and says so', async () => {
    const res = (await decide('adult30', 'stranger')).json();
    expect(res).toMatchObject({ allow: false, rule: 'age-gap', to: { known: false, minor: true } });
    expect(res.notes[0]).toContain('stranger');
  });

  it('refuses contacting oneself with a 400 naming the field', async () => {
    const res = await decide('adult30', 'adult30');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.to');
  });

  it('applies a saved policy to the next decision, with the diff in history and the audit log', async () => {
    const current = (await t.app.inject({ url: '/v1/policy', headers: admin.headers() })).json();
    const invalid = await t.app.inject({
      method: 'PUT', url: '/v1/policy', headers: admin.headers(true), payload: { document: { ...current.document, ageGap: { ...current.document.ageGap, maxYears: -1 } } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].field).toBe('document.ageGap.maxYears');
    expect((await decide('adult20', 'minor16')).json()).toMatchObject({ allow: true });
    const saved = await t.app.inject({
      method: 'PUT', url: '/v1/policy', headers: admin.headers(true),
      payload: { document: { ...current.document, ageGap: { ...current.document.ageGap, maxYears: 3 } }, comment: 'tighter' },
    });
    expect(saved.json()).toMatchObject({ version: 1, changes: [{ path: 'ageGap.maxYears', before: 5, after: 3 }] });
    expect((await decide('adult20', 'minor16')).json()).toMatchObject({ allow: false, rule: 'age-gap', policyVersion: 1 });
    const history = (await t.app.inject({ url: '/v1/policy/versions', headers: admin.headers() })).json();
    expect(history.items.map((v: { version: number }) => v.version)).toEqual([1, 0]);
    const audit = await t.services.audit.list({ type: 'policy.updated', limit: 1 });
    expect(audit[0]!.payload).toMatchObject({ version: 1, changes: [{ path: 'ageGap.maxYears' }] });
  });

  it('follows a policy saved by another node on its next decision', async () => {
    const services2 = (await import('../../src/server/services.js')).createServices({ database: t.db.database, secretKey: Buffer.alloc(32, 42), clock: t.clock, publicUrl: 'https://trygg.test' });
    const doc = (await services2.policies.current()).document;
    await services2.policies.save({ type: 'system' }, { ...doc, ageGap: { ...doc.ageGap, maxYears: 10 } }, 'from node 2');
    expect((await decide('adult20', 'minor16')).json()).toMatchObject({ allow: true, policyVersion: 2 });
  });

  it('decides an 18th birthday today as an adult and the day before as a minor', async () => {
    expect((await decide('adult40', 'turns18')).json()).toMatchObject({ allow: true, to: { age: 18, minor: false } });
    t.clock.set(new Date('2026-06-14T10:00:00Z'));
    expect((await decide('adult40', 'turns18')).json()).toMatchObject({ allow: false, to: { age: 17, minor: true } });
    t.clock.set(today);
  });

  it('simulates a decision from two ages under the policy in force', async () => {
    const sim = (body: object) => t.app.inject({ method: 'POST', url: '/v1/contact/simulate', headers: admin.headers(true), payload: body });
    expect((await sim({ fromAge: 35, toAge: 16, kind: 'message' })).json()).toMatchObject({ allow: false, rule: 'age-gap', from: { age: 35 }, to: { age: 16, minor: true } });
    expect((await sim({ fromAge: 35, toAge: 16, kind: 'message', youngerWroteFirst: true })).json()).toMatchObject({ allow: true, rule: 'age-gap-younger-opened' });
    expect((await sim({ fromAge: 35, toAge: -1, kind: 'message' })).json().errors[0].field).toBe('body.toAge');
  });

  it('answers a batch the same as one at a time', async () => {
    const items = [{ from: 'adult40', to: 'minor16', kind: 'video_call' }, { from: 'adult30', to: 'adult20', kind: 'message' }];
    const batch = (await t.app.inject({ method: 'POST', url: '/v1/contact/decide-batch', headers: platform, payload: { items } })).json();
    for (const [i, item] of items.entries()) expect(batch.items[i]).toEqual((await decide(item.from, item.to, item.kind)).json());
  });

  it('the library function and the HTTP endpoint always agree', async () => {
    const ids = ['minor16', 'adult40', 'adult20', 'turns18', 'adult30', 'stranger'];
    const births: Record<string, string> = { minor16: years(16), adult40: years(40), adult20: years(20), turns18: years(18), adult30: years(30) };
    const policy = (await t.services.policies.current()).document;
    const wroteFirst = new Set(['minor16\u0000adult40']);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ids), fc.constantFrom(...ids), fc.constantFrom(...contactKinds), async (from, to, kind) => {
        fc.pre(from !== to);
        const http = (await decide(from, to, kind)).json();
        const party = (id: string) => (births[id] ? { known: true, birthYmd: ymdOf(births[id]!), ageVerified: false, restricted: false } : { known: false, birthYmd: 0, ageVerified: false, restricted: false });
        const [f, g] = [party(from), party(to)];
        const fromYounger = f.known && g.known ? f.birthYmd > g.birthYmd : !f.known;
        const younger = fromYounger ? [from, to] : [to, from];
        const lib = decideContact(policy, ymdInZone(t.clock.now(), policy.timeZone), f, g, kind, { youngerWroteFirst: wroteFirst.has(younger.join('\u0000')) });
        expect({ allow: http.allow, rule: http.rule }).toEqual({ allow: lib.allow, rule: lib.rule });
      }),
      { numRuns: 60 },
    );
  });
});
