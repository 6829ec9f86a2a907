import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/lib/crypto.js';
import { verifyPackage } from '../../src/modules/evidence/package.js';
import { parsePublicKey } from '../../src/modules/evidence/signing.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

const run = promisify(execFile);

/** Legal holds, a subject's evidence and police data requests through the API, as the legal role uses them. */
describe(`legal holds and police data requests over HTTP (${testDriver})`, () => {
  let t: TestApp;
  let legal: SignedIn;
  let moderator: SignedIn;
  let auditor: SignedIn;
  const member = 'suspect-1';

  const post = (who: SignedIn, url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers: who.headers(true), payload });
  const get = (who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers() });
  const events = async (type: string) => t.services.audit.list({ type, limit: 50 });

  beforeAll(async () => {
    t = await createTestApp();
    [legal, moderator, auditor] = [await signInAs(t, 'legal'), await signInAs(t, 'moderator', { twoFactor: true }), await signInAs(t, 'auditor', { twoFactor: true })];
    const at = t.clock.now().toISOString();
    await t.services.events.ingest([
      { id: 'r1', type: 'account.registered', accountId: member, birthDate: '1980-02-02', occurredAt: at, ip: '198.51.100.20' },
      { id: 'l1', type: 'login', accountId: member, occurredAt: at, ip: '203.0.113.77' },
    ], null);
  });
  afterAll(() => t.close());

  describe('legal holds', () => {
    let holdId: string;

    it('lets the legal role place a hold with a reason, preserving the account, logins and decisions now', async () => {
      const res = await post(legal, '/v1/legal-holds', { scope: { type: 'account', id: member }, reason: 'Police preservation order 2026-17' });
      expect(res.statusCode, res.body).toBe(201);
      const hold = res.json();
      expect(hold).toMatchObject({ scope: { type: 'account', id: member }, placedBy: legal.staffId, active: true, released: null });
      expect(hold.preservedItems).toHaveLength(3);
      holdId = hold.id;
      const [event] = await events('legal_hold.placed');
      expect(event).toMatchObject({ actorId: legal.staffId, subjectType: 'account', subjectId: member, payload: { holdId, reason: 'Police preservation order 2026-17' } });

      const listed = await get(moderator, `/v1/subjects/account/${member}/evidence`);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().items.map((i: { kind: string; reason: string }) => `${i.kind}:${i.reason}`).sort())
        .toEqual(['account_snapshot:legal_hold', 'decision:legal_hold', 'login_history:legal_hold']);
    });

    it('refuses a second active hold on the same scope, an unknown account and an unknown case', async () => {
      expect((await post(legal, '/v1/legal-holds', { scope: { type: 'account', id: member }, reason: 'again' })).json().code).toBe('hold-exists');
      expect((await post(legal, '/v1/legal-holds', { scope: { type: 'account', id: 'nobody' }, reason: 'unknown' })).statusCode).toBe(404);
      expect((await post(legal, '/v1/legal-holds', { scope: { type: 'case', id: '0190d2a0-0000-7000-8000-000000000000' }, reason: 'unknown' })).statusCode).toBe(404);
    });

    it('answers bad input with a problem naming the field', async () => {
      const noReason = await post(legal, '/v1/legal-holds', { scope: { type: 'account', id: member } });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(noReason.json().errors.map((e: { field: string }) => e.field).join()).toMatch(/reason/);
      const badCase = await post(legal, '/v1/legal-holds', { scope: { type: 'case', id: '../etc' }, reason: 'a reason' });
      expect(badCase.statusCode).toBe(400);
      expect(badCase.json().errors.map((e: { field: string }) => e.field).join()).toMatch(/scope/);
    });

    it('lets only legal place or release holds, and legal and auditors list them', async () => {
      expect((await post(moderator, '/v1/legal-holds', { scope: { type: 'account', id: member }, reason: 'mine' })).statusCode).toBe(403);
      expect((await post(auditor, `/v1/legal-holds/${holdId}/release`, { reason: 'done' })).statusCode).toBe(403);
      const noTwoFactor = await signInAs(t, 'legal', { twoFactor: false });
      expect((await get(noTwoFactor, '/v1/legal-holds')).statusCode).toBe(403);
      const list = await get(auditor, '/v1/legal-holds?active=true');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((h: { id: string }) => h.id)).toContain(holdId);
    });

    it('releases a hold with a reason, once, as a moderation event', async () => {
      const res = await post(legal, `/v1/legal-holds/${holdId}/release`, { reason: 'Order expired' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ active: false, released: { by: legal.staffId, reason: 'Order expired' } });
      expect((await post(legal, `/v1/legal-holds/${holdId}/release`, { reason: 'again' })).json().code).toBe('hold-released');
      expect((await events('legal_hold.released'))[0]).toMatchObject({ actorId: legal.staffId, payload: { holdId, reason: 'Order expired' } });
      expect((await get(legal, '/v1/legal-holds?active=true')).json().items.map((h: { id: string }) => h.id)).not.toContain(holdId);
    });
  });

  describe('police data requests', () => {
    const intake = {
      agency: 'Polisen, Region Stockholm', officer: 'Insp. A. Berg', contact: 'a.berg@polisen.example', caseNumber: 'K-2026-4711',
      legalBasis: 'Rättegångsbalken 27 kap. (preservation and disclosure)', scope: { accounts: [member] }, deadline: '2026-12-31T00:00:00Z',
    };
    let requestId: string;
    let pkg: Buffer;

    it('takes a request in, refuses an export before review, and exports a signed package once accepted', async () => {
      const res = await post(legal, '/v1/police-requests', intake);
      expect(res.statusCode, res.body).toBe(201);
      requestId = res.json().id;
      expect(res.json()).toMatchObject({ status: 'received', caseNumber: 'K-2026-4711', scope: { accounts: [member], cases: [], from: null, to: null } });
      expect((await post(legal, `/v1/police-requests/${requestId}/export`, {})).json().code).toBe('request-not-accepted');

      const review = await post(legal, `/v1/police-requests/${requestId}/review`, { decision: 'accept', reason: 'Valid order, scope proportionate' });
      expect(review.json()).toMatchObject({ status: 'accepted', review: { by: legal.staffId, decision: 'accept' } });

      const exported = await post(legal, `/v1/police-requests/${requestId}/export`, {});
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toBe('application/zip');
      pkg = exported.rawPayload;
      const key = (await t.app.inject({ method: 'GET', url: '/v1/evidence/signing-key' })).json();
      const result = verifyPackage(pkg, parsePublicKey(key.pem));
      expect(result.problems).toEqual([]);
      expect(result.itemsChecked).toBeGreaterThanOrEqual(3);
      const manifest = result.manifest!;
      expect(manifest.request).toMatchObject({ id: requestId, caseNumber: 'K-2026-4711', agency: intake.agency });
      expect(manifest.items.every((i) => i.subject.id === member && i.sha256.length === 64 && i.provenance)).toBe(true);
      const logins = manifest.items.find((i) => i.kind === 'login_history')!;
      expect(strFromU8(unzipSync(pkg)[logins.file!]!)).toContain('203.0.113.77');

      const [event] = await events('police_request.exported');
      expect(event).toMatchObject({ actorId: legal.staffId, subjectId: requestId, payload: { items: manifest.items.length, packageSha256: sha256Hex(pkg) } });
      const view = (await get(legal, `/v1/police-requests/${requestId}`)).json();
      expect(view).toMatchObject({ status: 'fulfilled', exports: [{ packageSha256: sha256Hex(pkg), itemCount: manifest.items.length, exportedBy: legal.staffId }] });
      // The list carries each request's exports too, so the console shows the package's SHA-256 there.
      const listed = (await get(legal, '/v1/police-requests?status=fulfilled')).json().items;
      expect(listed.find((r: { id: string }) => r.id === requestId).exports).toEqual(view.exports);
    });

    it('has `trygg evidence verify` accept the package and reject a tampered one with a clear message', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trygg-export-'));
      const good = join(dir, 'good.zip');
      writeFileSync(good, pkg);
      const ok = await run('node', ['bin/trygg.mjs', 'evidence', 'verify', good], { timeout: 60_000 });
      expect(ok.stdout).toMatch(/Package verified: \d+ items/);

      const entries = unzipSync(pkg);
      const file = Object.keys(entries).find((n) => n.startsWith('items/'))!;
      entries[file] = strToU8(`${strFromU8(entries[file]!)} `);
      const bad = join(dir, 'bad.zip');
      writeFileSync(bad, zipSync(entries));
      const failed = await run('node', ['bin/trygg.mjs', 'evidence', 'verify', bad], { timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
      expect('code' in failed && failed.code).toBe(2);
      expect(failed.stderr).toContain('Package FAILED verification');
      expect(failed.stderr).toContain(`${file} has SHA-256`);
    }, 120_000);

    it('rejects bad intake naming the field, lets a rejected request never export, and keeps others out', async () => {
      const missing = await post(legal, '/v1/police-requests', { ...intake, agency: undefined });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors[0].field).toMatch(/agency/);
      const empty = await post(legal, '/v1/police-requests', { ...intake, scope: { accounts: [] } });
      expect(empty.json()).toMatchObject({ status: 400, errors: [{ field: 'scope' }] });
      const backwards = await post(legal, '/v1/police-requests', { ...intake, scope: { accounts: [member], from: '2026-05-01', to: '2026-04-01' } });
      expect(backwards.json().errors[0].field).toBe('scope.to');

      const other = (await post(legal, '/v1/police-requests', intake)).json().id as string;
      expect((await post(legal, `/v1/police-requests/${other}/review`, { decision: 'reject', reason: 'No legal basis given' })).json().status).toBe('rejected');
      expect((await post(legal, `/v1/police-requests/${other}/review`, { decision: 'accept', reason: 'changed my mind' })).json().code).toBe('request-reviewed');
      expect((await post(legal, `/v1/police-requests/${other}/export`, {})).statusCode).toBe(409);
      for (const who of [moderator, auditor]) expect((await get(who, '/v1/police-requests')).statusCode).toBe(403);
    });
  });
});
