import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

describe(`moderation event log (${testDriver})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    for (let i = 0; i < 5; i++) {
      await t.services.staff.create({ type: 'system' }, { email: `m${i}@example.test`, role: 'moderator', password: 'a long enough password' });
    }
  });
  afterAll(() => t.close());

  it('chains every row to the one before it and verifies intact', async () => {
    const result = await t.services.audit.verify();
    expect(result).toMatchObject({ ok: true, checked: 5 });
    const rows = (await t.services.audit.list({ limit: 10 })).reverse();
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
  });

  it('refuses UPDATE and DELETE on the log', async () => {
    const exec = t.db.database.executeSql;
    await expect(exec(`UPDATE moderation_events SET type = 'x' WHERE seq = (SELECT min(seq) FROM moderation_events)`)).rejects.toThrow(/append-only/);
    await expect(exec('DELETE FROM moderation_events')).rejects.toThrow(/append-only/);
  });

  it('rolls the event back with the change it records', async () => {
    const before = (await t.services.audit.verify()).checked;
    const duplicate = t.services.staff.create({ type: 'system' }, { email: 'm0@example.test', role: 'moderator', password: 'a long enough password' });
    await expect(duplicate).rejects.toMatchObject({ code: 'staff-exists' });
    expect((await t.services.audit.verify()).checked).toBe(before);
  });

  it('filters by type prefix, actor and subject, with a keyset cursor', async () => {
    const admin = await signInAs(t, 'admin');
    const all = await t.app.inject({ url: '/v1/audit/events?type=staff.*&limit=3', headers: admin.headers() });
    expect(all.statusCode).toBe(200);
    const page1 = all.json();
    expect(page1.items).toHaveLength(3);
    expect(page1.nextBefore).toBe(page1.items[2].seq);
    const page2 = (await t.app.inject({ url: `/v1/audit/events?type=staff.*&limit=3&before=${page1.nextBefore}`, headers: admin.headers() })).json();
    expect(page2.items[0].seq).toBeLessThan(page1.items[2].seq);
    const byActor = (await t.app.inject({ url: `/v1/audit/events?actorType=staff&actorId=${admin.staffId}`, headers: admin.headers() })).json();
    expect(byActor.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['staff.signed_in', 'staff.two_factor_enrolled']));
    const bad = await t.app.inject({ url: '/v1/audit/events?from=yesterday', headers: admin.headers() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.from');
  });

  it('catches a row tampered with directly in the database and names it', async () => {
    const exec = t.db.database.executeSql;
    const [target] = await t.services.audit.list({ type: 'staff.created', limit: 1 });
    // An attacker with database rights can switch the trigger off; the chain still tells.
    await exec('ALTER TABLE moderation_events DISABLE TRIGGER moderation_events_append_only');
    await exec(`UPDATE moderation_events SET payload = '{"email":"someone-else@example.test","role":"admin"}' WHERE seq = $1`, [target!.seq]);
    await exec('ALTER TABLE moderation_events ENABLE TRIGGER moderation_events_append_only');
    const result = await t.services.audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ seq: target!.seq, id: target!.id, reason: 'content-changed' });

    const admin = await signInAs(t, 'auditor');
    const api = await t.app.inject({ url: '/v1/audit/verify', headers: admin.headers() });
    expect(api.json()).toMatchObject({ ok: false, firstBroken: { seq: target!.seq } });
  });
});
