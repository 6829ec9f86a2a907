import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDriver, type TestDatabase } from '../../../test/support/database.js';
import { ManualClock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { createServices, type Services } from '../../server/services.js';

const DAY = 86_400_000;

/** Retention, holds and automatic preservation against a real database, with a clock the tests move. */
describe(`evidence retention and preservation (${testDriver})`, () => {
  let t: TestDatabase;
  let s: Services;
  const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
  const legal = newId();
  const system = { type: 'system' as const, id: 'test' };

  beforeAll(async () => {
    t = await createTestDatabase();
    s = createServices({ database: t.database, secretKey: Buffer.alloc(32, 3), clock, publicUrl: 'https://trygg.test' });
  });
  afterAll(() => t.drop());

  const event = (type: string, member: string, extra: Record<string, unknown> = {}) =>
    ({ id: `${type}-${member}-${randomUUID()}`, type, accountId: member, occurredAt: clock.now().toISOString(), ...extra });
  async function member(): Promise<string> {
    const m = `m-${randomUUID().slice(0, 8)}`;
    const r = await s.events.ingest([event('account.registered', m, { birthDate: '1990-04-01', ip: '198.51.100.7' }), event('login', m, { ip: '203.0.113.9' })], null);
    expect(r.rejected).toEqual([]);
    return m;
  }
  const remove = (m: string) => s.events.ingest([event('account.deleted', m)], null);
  const preserve = (m: string, bytes: Buffer | string, caseId: string | null = null) =>
    t.database.db.transaction((tx) => s.evidence.preserve(tx, system, {
      kind: 'content', bytes: Buffer.from(bytes), contentType: 'text/plain', subject: { type: 'account', id: m }, caseId, reason: 'bank_match', provenance: {},
    }));
  const openCase = (m: string, category: string) =>
    t.database.db.transaction(async (tx) => (await s.cases.openOrJoin(tx, system, { subject: { type: 'account', id: m }, category, minorInvolved: false, trustedFlagger: false })).kase);
  const purged = async (itemId: string) => (await s.evidence.describe(itemId)).purged;
  const later = (days: number) => clock.advance(days * DAY);

  it("keeps a deleted account's evidence for the retention period, then purges its bytes and keeps the record", async () => {
    const m = await member();
    const item = await preserve(m, `bytes of ${m}`);
    await remove(m);
    later(89);
    expect((await s.legal.retention.purge()).blobs).toBe(0);
    expect(await purged(item.id)).toBe(false);
    later(2);
    const run = await s.legal.retention.purge();
    expect(run).toMatchObject({ blobs: 1, items: 1, retentionDays: 90, ncmecRetentionDays: 365 });
    expect(await purged(item.id)).toBe(true);
    await expect(s.evidence.open(system, item.id, 'police asked')).rejects.toMatchObject({ status: 410 });
    const [event] = await s.audit.list({ type: 'evidence.purge_run', limit: 1 });
    expect(event?.payload).toMatchObject({ blobs: 1, items: 1 });
  });

  it('never purges the evidence of an account that was not deleted', async () => {
    const m = await member();
    const item = await preserve(m, `live ${m}`);
    later(400);
    await s.legal.retention.purge();
    expect(await purged(item.id)).toBe(false);
  });

  it('keeps everything an account hold covers until the hold is released', async () => {
    const m = await member();
    const item = await preserve(m, `held ${m}`);
    const hold = await s.legal.holds.place(legal, { scope: { type: 'account', id: m }, reason: 'Police request K-1' });
    expect(hold.preservedItems).toHaveLength(3);
    await remove(m);
    later(120);
    const run = await s.legal.retention.purge();
    expect(run.heldItems).toBeGreaterThanOrEqual(4);
    for (const id of [item.id, ...hold.preservedItems!]) expect(await purged(id)).toBe(false);
    await s.legal.holds.release(legal, hold.id, 'Investigation closed');
    await s.legal.retention.purge();
    for (const id of [item.id, ...hold.preservedItems!]) expect(await purged(id)).toBe(true);
  });

  it("keeps a held case's items while the member's other items are purged", async () => {
    const m = await member();
    const kase = await openCase(m, 'spam');
    const inCase = await preserve(m, `case ${m}`, kase.id);
    const outside = await preserve(m, `outside ${m}`);
    await s.legal.holds.place(legal, { scope: { type: 'case', id: kase.id }, reason: 'Prosecutor asked us to keep it' });
    await remove(m);
    later(100);
    await s.legal.retention.purge();
    expect(await purged(inCase.id)).toBe(false);
    expect(await purged(outside.id)).toBe(true);
  });

  it('keeps material reported to NCMEC for a year after the deletion', async () => {
    const m = await member();
    const kase = await openCase(m, 'spam');
    const item = await preserve(m, `reported ${m}`, kase.id);
    await t.database.db.transaction((tx) => s.legal.retention.markReportedToNcmec(tx, system, { caseId: kase.id, reference: 'tip-1' }));
    await remove(m);
    later(200);
    await s.legal.retention.purge();
    expect(await purged(item.id)).toBe(false);
    later(166);
    await s.legal.retention.purge();
    expect(await purged(item.id)).toBe(true);
  });

  it('purges bytes shared by two members only once both are past retention, and seals them again when preserved anew', async () => {
    const [a, b] = [await member(), await member()];
    const shared = `shared ${a}${b}`;
    const first = await preserve(a, shared);
    const second = await preserve(b, shared);
    expect(second.blobSha256).toBe(first.blobSha256);
    await remove(a);
    later(100);
    await s.legal.retention.purge();
    expect(await purged(first.id)).toBe(false);
    await remove(b);
    later(91);
    await s.legal.retention.purge();
    expect(await purged(first.id)).toBe(true);
    const c = await member();
    const again = await preserve(c, shared);
    expect((await s.evidence.open(system, again.id, 'check')).bytes.toString()).toBe(shared);
  });

  it("preserves the member's account, logins and decisions when a child-safety case opens or a case becomes one", async () => {
    const m = await member();
    const kase = await openCase(m, 'grooming');
    const items = await s.evidence.forCase(kase.id);
    expect(items.map((i) => i.kind).sort()).toEqual(['account_snapshot', 'decision', 'login_history']);
    expect(items.every((i) => i.reason === 'case_opened' && i.subject.id === m)).toBe(true);
    const logins = items.find((i) => i.kind === 'login_history')!;
    expect((await s.evidence.open(system, logins.id, 'check')).bytes.toString()).toContain('203.0.113.9');

    const other = await member();
    const spam = await openCase(other, 'spam');
    expect(await s.evidence.forCase(spam.id)).toEqual([]);
    await t.database.db.transaction((tx) => s.cases.refresh(tx, spam, { subject: { type: 'account', id: other }, category: 'csam', minorInvolved: true, trustedFlagger: false }));
    expect((await s.evidence.forCase(spam.id)).map((i) => i.provenance)).toEqual(Array(3).fill(expect.objectContaining({ trigger: 'category_changed' })));
  });

  it('opens old items after a key rotation, and re-seals them under the new key so the old one can go', async () => {
    const m = await member();
    const item = await preserve(m, `rotated ${m}`);
    const k2 = Buffer.alloc(32, 22).toString('base64');
    const rotated = createServices({ database: t.database, secretKey: Buffer.alloc(32, 3), clock, publicUrl: 'https://trygg.test', evidence: { keys: `k2:${k2}` } });
    expect((await rotated.evidence.open(system, item.id, 'check')).bytes.toString()).toBe(`rotated ${m}`);
    const fresh = await t.database.db.transaction((tx) => rotated.evidence.preserve(tx, system, {
      kind: 'content', bytes: Buffer.from(`new ${m}`), contentType: 'text/plain', subject: { type: 'account', id: m }, reason: 'bank_match', provenance: {},
    }));
    const keyOf = async (id: string) => (await t.database.executeSql('SELECT b.key_id FROM evidence_blobs b JOIN evidence_items i ON i.blob_sha256 = b.sha256 WHERE i.id = $1', [id])).rows[0]?.key_id;
    expect([await keyOf(item.id), await keyOf(fresh.id)]).toEqual(['k1', 'k2']);
    expect((await rotated.evidence.reseal(system)).resealed).toBeGreaterThanOrEqual(1);
    expect(await keyOf(item.id)).toBe('k2');
    // A ring whose k1 is some other key: only the re-sealed copy can still be opened.
    const withoutOldKey = createServices({
      database: t.database, secretKey: Buffer.alloc(32, 3), clock, publicUrl: 'https://trygg.test', evidence: { keys: `k2:${k2},k1:${Buffer.alloc(32, 99).toString('base64')}` },
    });
    expect((await withoutOldKey.evidence.open(system, item.id, 'check')).bytes.toString()).toBe(`rotated ${m}`);
  });

  it('preserves the decisions, including the ban itself, when an account is banned', async () => {
    const m = await member();
    const kase = await openCase(m, 'sexual_harassment');
    const rule = await s.actions.createRule(system, { code: `r-${m}`, title: 'No harassment', description: 'Members may not harass.', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' });
    const result = await s.actions.takeAction({ id: newId(), role: 'senior_moderator', twoFactor: true }, kase.id, { action: 'ban', ruleId: rule.id, reason: 'Repeated harassment' });
    const items = (await s.evidence.forSubject('account', m)).filter((i) => i.reason === 'account_banned');
    expect(items.map((i) => i.kind).sort()).toEqual(['account_snapshot', 'decision', 'login_history']);
    const decisions = items.find((i) => i.kind === 'decision')!;
    const body = JSON.parse((await s.evidence.open(system, decisions.id, 'check')).bytes.toString()) as { decisions: { id: string; action: string }[] };
    expect(body.decisions).toEqual([expect.objectContaining({ id: result.action.id, action: 'ban' })]);
    expect(JSON.stringify(body)).not.toContain('publicToken');
  });
});
