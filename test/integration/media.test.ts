import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashImage } from '../../src/modules/media/pdq/hash-image.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { syntheticPhoto } from '../support/images.js';

describe(`known-image matching over HTTP (${testDriver})`, () => {
  let t: TestApp;
  let platform: Record<string, string>;
  let admin: SignedIn;
  let bankId: string;
  let banned: Buffer;
  let bannedHashes: Awaited<ReturnType<typeof hashImage>>;

  const check = (payload: Buffer | Record<string, unknown>, contentType = 'image/jpeg', query = '') =>
    t.app.inject({
      method: 'POST', url: `/v1/media/check${query}`, payload,
      headers: { ...platform, 'content-type': Buffer.isBuffer(payload) ? contentType : 'application/json' },
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAs(t, 'admin');
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'uploads', ['media:check']);
    platform = { authorization: `Bearer ${key}` };
    banned = await syntheticPhoto(101);
    bannedHashes = await hashImage(banned);
    const bank = await t.app.inject({
      method: 'POST', url: '/v1/banks', headers: admin.headers(true), payload: { name: 'clearinghouse test list', kind: 'clearinghouse_csam' },
    });
    expect(bank.statusCode).toBe(201);
    bankId = bank.json().id;
    const lines = await t.app.inject({
      method: 'POST', url: `/v1/banks/${bankId}/lines`, headers: admin.headers(true),
      payload: { format: 'csv', lines: ['hash,type,label', `${bannedHashes.pdq},pdq,synthetic-101`, `${bannedHashes.md5},md5,synthetic-101`, 'abc,pdq,broken'], firstLine: 1 },
    });
    expect(lines.json()).toEqual({ added: 2, withdrawn: 0, unchanged: 0, errors: [{ line: 4, reason: expect.stringMatching(/not hexadecimal|wrong length/) }] });
  });
  afterAll(() => t.close());

  it('blocks a banked image, preserves it as evidence and opens a top-priority case on the uploader', async () => {
    const res = await check(banned, 'image/jpeg', '?accountId=uploader-1&contentId=img-1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ verdict: 'block', hashes: { pdq: bannedHashes.pdq, md5: bannedHashes.md5, sha256: bannedHashes.sha256 } });
    expect(body.matches.map((m: { type: string; distance: number }) => [m.type, m.distance]).sort()).toEqual([['md5', 0], ['pdq', 0]]);
    expect(body.caseId).toEqual(expect.any(String));
    const [kase] = await t.services.cases.forSubject('account', 'uploader-1');
    expect(kase).toMatchObject({ id: body.caseId, category: 'csam', status: 'open', minorInvolved: true });
    expect(kase!.items[0]).toMatchObject({ kind: 'media.bank_match' });

    const evidence = await t.app.inject({ method: 'GET', url: `/v1/evidence/${body.evidenceId}`, headers: admin.headers() });
    expect(evidence.json()).toMatchObject({ sha256: bannedHashes.sha256, size: banned.length, reason: 'bank_match', caseId: body.caseId, purged: false });
    const opened = await t.app.inject({ method: 'GET', url: `/v1/evidence/${body.evidenceId}/content?reason=${encodeURIComponent('verify the match')}`, headers: admin.headers() });
    expect(opened.statusCode).toBe(200);
    expect(opened.rawPayload.equals(banned)).toBe(true);
    const audit = await t.services.audit.list({ type: 'evidence.opened' } as never);
    expect(audit.some((e) => (e.payload as { reason?: string }).reason === 'verify the match' && e.actorId === admin.staffId)).toBe(true);
  });

  it('answers allow with the hashes for an unrelated image, and logs only matches', async () => {
    const other = await syntheticPhoto(202);
    const res = await check(other, 'image/jpeg', '?accountId=uploader-2');
    expect(res.json()).toMatchObject({ verdict: 'allow', matches: [], caseId: null, evidenceId: null, hashes: { pdq: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const log = await t.app.inject({ method: 'GET', url: '/v1/media/matches', headers: admin.headers() });
    expect(log.json().items.every((i: { verdict: string }) => i.verdict !== 'allow')).toBe(true);
    expect(log.json().items.some((i: { accountId: string }) => i.accountId === 'uploader-1')).toBe(true);
  });

  it('matches precomputed hashes sent as JSON, and a multipart upload', async () => {
    const json = await check({ hashes: { md5: bannedHashes.md5.toUpperCase() }, accountId: 'uploader-3' });
    expect(json.json()).toMatchObject({ verdict: 'block', matches: [{ type: 'md5', distance: 0 }] });
    const boundary = 'trygg-test-boundary';
    const form = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="accountId"\r\n\r\nuploader-4\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      banned, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const multi = await t.app.inject({
      method: 'POST', url: '/v1/media/check', payload: form, headers: { ...platform, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(multi.statusCode).toBe(200);
    expect(multi.json()).toMatchObject({ verdict: 'block' });
    expect((await t.services.cases.forSubject('account', 'uploader-4')).length).toBe(1);
  });

  it('pages the match log newest first with the cursor it gives, and refuses a cursor it did not give', async () => {
    const page = (query: string) => t.app.inject({ method: 'GET', url: `/v1/media/matches${query}`, headers: admin.headers() });
    const all = (await page('?limit=100')).json().items.map((i: { checkId: string }) => i.checkId);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    for (let query = '?limit=1'; ;) {
      const body = (await page(query)).json();
      seen.push(...body.items.map((i: { checkId: string }) => i.checkId));
      if (!body.next) break;
      query = `?limit=1&before=${body.next}`;
    }
    expect(seen).toEqual(all);
    const bad = await page(`?before=${Buffer.from('yesterday|x').toString('base64url')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'querystring.before' })]);
  });

  it('stops matching a hash the moment it is withdrawn (StopNCII Withdrawn)', async () => {
    const extra = await syntheticPhoto(303);
    const hashes = await hashImage(extra);
    const add = (status: string) => t.app.inject({
      method: 'POST', url: `/v1/banks/${bankId}/lines`, headers: admin.headers(true),
      payload: { format: 'stopncii', lines: [JSON.stringify({ signalType: 'PDQ', hashValue: hashes.pdq, status })] },
    });
    expect((await add('Active')).json()).toMatchObject({ added: 1 });
    expect((await check(extra)).json().verdict).toBe('block');
    expect((await add('Withdrawn')).json()).toMatchObject({ withdrawn: 1 });
    expect((await check(extra)).json().verdict).toBe('allow');
    const lookup = await t.app.inject({ method: 'GET', url: `/v1/hashes/${hashes.pdq}`, headers: admin.headers() });
    expect(lookup.json().items).toMatchObject([{ bank: 'clearinghouse test list', withdrawnAt: expect.any(String) }]);
  });

  it('refuses bad uploads with a problem naming the body, and bad hashes naming the field', async () => {
    expect((await check(Buffer.alloc(0))).statusCode).toBeGreaterThanOrEqual(400);
    const corrupt = await check(Buffer.from('this is not an image at all, just text bytes'));
    expect(corrupt.statusCode).toBe(415);
    expect(corrupt.headers['content-type']).toMatch(/problem\+json/);
    const truncated = await check(banned.subarray(0, Math.floor(banned.length / 3)));
    expect([415, 422]).toContain(truncated.statusCode);
    const mislabelled = await check(banned, 'image/png');
    expect(mislabelled.json()).toMatchObject({ status: 415, code: 'media-content-type-mismatch' });
    const badHash = await check({ hashes: { pdq: 'abc' } });
    expect(badHash.statusCode).toBe(400);
    expect(badHash.json().errors[0].field).toBe('body.hashes.pdq');
    const none = await check({ hashes: {} });
    expect(none.statusCode).toBe(400);
    const huge = await check(Buffer.alloc(21 * 1024 * 1024, 1));
    expect(huge.statusCode).toBe(413);
  });

  it('exports the active hashes of a bank as csv', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/banks/${bankId}/export`, headers: admin.headers() });
    expect(res.statusCode).toBe(200);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('hash,type,label');
    expect(lines).toContain(`${bannedHashes.pdq},pdq,"synthetic-101"`);
    expect(lines).toHaveLength(3);
  });

  it('needs an API key with media:check, and a two-factor admin for banks', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/v1/media/check', payload: banned, headers: { 'content-type': 'image/jpeg' } })).statusCode).toBe(401);
    const moderator = await signInAs(t, 'moderator', { twoFactor: false });
    expect((await t.app.inject({ method: 'GET', url: '/v1/banks', headers: moderator.headers() })).statusCode).toBe(403);
  });
});
