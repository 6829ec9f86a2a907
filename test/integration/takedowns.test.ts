import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserHashes, fitWithin } from '../../src/modules/takedowns/browser-hashes.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { syntheticPhoto } from '../support/images.js';
import { messagesFor, sqlRows } from './actions-fixtures.js';

/** The hashes the public form computes in the browser: the picture drawn within 512x512 as RGBA. */
async function formHashes(file: Buffer) {
  const meta = await sharp(file).metadata();
  const size = fitWithin(meta.width!, meta.height!);
  const { data } = await sharp(file).resize(size.width, size.height).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return browserHashes(file, { data, width: size.width, height: size.height });
}

describe(`victim takedown requests (${testDriver})`, () => {
  let t: TestApp;
  let platform: Record<string, string>;
  let seniorA: SignedIn;
  let seniorB: SignedIn;
  let moderator: SignedIn;

  const submit = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/public/takedowns', payload });
  const check = (file: Buffer, accountId: string, contentId: string) => t.app.inject({
    method: 'POST', url: `/v1/media/check?accountId=${accountId}&contentId=${contentId}`, payload: file, headers: { ...platform, 'content-type': 'image/jpeg' },
  });
  const decide = (who: SignedIn, id: string, verb: 'confirm' | 'reject', reason = 'reviewed the content and the request') =>
    t.app.inject({ method: 'POST', url: `/v1/takedowns/${id}/${verb}`, headers: who.headers(true), payload: { reason } });
  const idOfCase = async (caseId: string) => (await t.app.inject({ method: 'GET', url: '/v1/takedowns', headers: seniorA.headers() })).json().items.find((r: { caseId: string }) => r.caseId === caseId);
  const actionsOf = (caseId: string) => sqlRows<{ id: string; action: string; status: string; subject_id: string; decided_by: string }>(t, 'SELECT id, action, status, subject_id, decided_by FROM moderation_actions WHERE case_id = $1 ORDER BY decided_at, action', [caseId]);
  const minorRequest = (content: string[], extra: Record<string, unknown> = {}) => ({
    content, relation: 'parent_or_guardian', under18: 'yes', sexual: true, country: 'SE', language: 'sv', contact: { email: 'parent@example.se' }, ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'uploads', ['media:check']);
    platform = { authorization: `Bearer ${key}` };
    seniorA = await signInAs(t, 'senior_moderator');
    seniorB = await signInAs(t, 'senior_moderator');
    moderator = await signInAs(t, 'moderator', { twoFactor: true });
  });
  afterAll(() => t.close());

  it("hides a minor's content at once, with its webhook, and opens a top-priority case on the uploader", async () => {
    const photo = await syntheticPhoto(601);
    expect((await check(photo, 'uploader-1', 'img-601')).json().verdict).toBe('allow');
    const res = await submit(minorRequest(['img-601'], { hashes: [{ ...(await formHashes(photo)), fileName: 'bild.jpg' }] }));
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    expect(receipt.trackingCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(receipt).toMatchObject({ contentHidden: true, statusUrl: `https://trygg.test/takedown/status/${receipt.trackingCode}` });
    expect(receipt.support.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['BRIS', 'NCMEC Take It Down', 'StopNCII.org']));

    const [kase] = await t.services.cases.forSubject('account', 'uploader-1');
    expect(kase).toMatchObject({ category: 'csam', status: 'open', minorInvolved: true });
    expect(kase!.priority).toBeGreaterThanOrEqual(95);
    const [hide] = await actionsOf(kase!.id);
    expect(hide).toMatchObject({ action: 'hide', status: 'active', subject_id: 'img-601' });
    const webhooks = await messagesFor(t, 'actionId', hide!.id);
    expect(webhooks.map((m) => m.event_type)).toContain('action.taken');
    expect(webhooks.find((m) => m.event_type === 'action.taken')!.payload).toMatchObject({ action: 'hide', subject: { type: 'image', id: 'img-601' }, member: 'uploader-1' });
    const events = await sqlRows(t, "SELECT type FROM moderation_events WHERE subject_id = $1 ORDER BY seq", [(await idOfCase(kase!.id)).id]);
    expect(events.map((e) => e.type)).toEqual(['takedown.received']);
    expect((await sqlRows(t, "SELECT count(*)::int AS n FROM outbound_emails WHERE related_type = 'takedown'"))[0]).toEqual({ n: 1 });

    const status = await t.app.inject({ method: 'GET', url: `/v1/public/takedowns/${receipt.trackingCode}` });
    expect(status.json()).toMatchObject({ status: 'under_review', items: 1, contentHidden: true });
    expect(status.body).not.toMatch(/parent@|uploader-1|img-601|bild\.jpg/);
  });

  it('raises priority for a police case number, and keeps the code only as a digest', async () => {
    const res = await submit(minorRequest(['img-602'], { policeCaseNumber: '5000-K123456-24', contact: undefined }));
    const [kase] = await t.services.cases.forSubject('image', 'img-602');
    expect(kase!.priority).toBe(100);
    const rows = await sqlRows(t, "SELECT (SELECT json_agg(r) FROM takedown_requests r)::text AS r");
    expect(String(rows[0]!.r)).not.toContain(res.json().trackingCode);
  });

  it('takes two different senior moderators to reject a sensitive request; then the hide is lifted', async () => {
    const res = await submit(minorRequest(['img-603', 'img-604']));
    const code = res.json().trackingCode;
    const [kase] = await t.services.cases.forSubject('image', 'img-603');
    const request = await idOfCase(kase!.id);

    expect((await decide(moderator, request.id, 'reject')).json()).toMatchObject({ status: 403, code: 'senior-moderator-required' });
    const first = await decide(seniorA, request.id, 'reject', 'the images show an adult');
    expect(first.json()).toMatchObject({ status: 'rejection_pending', firstRejection: { by: seniorA.staffId, reason: 'the images show an adult' } });
    expect((await t.app.inject({ method: 'GET', url: `/v1/public/takedowns/${code}` })).json()).toMatchObject({ status: 'under_review', contentHidden: true });
    expect((await actionsOf(kase!.id)).every((a) => a.status === 'active')).toBe(true);

    const again = await decide(seniorA, request.id, 'reject');
    expect(again.json()).toMatchObject({ status: 409, code: 'same-reviewer' });
    const missingReason = await t.app.inject({ method: 'POST', url: `/v1/takedowns/${request.id}/reject`, headers: seniorB.headers(true), payload: {} });
    expect(missingReason.json().errors[0].field).toBe('body.reason');

    const second = await decide(seniorB, request.id, 'reject', 'agreed: an adult, and the requester is not shown');
    expect(second.json()).toMatchObject({ status: 'rejected', decision: { by: seniorB.staffId, reason: 'agreed: an adult, and the requester is not shown' } });
    const hides = await actionsOf(kase!.id);
    expect(hides.map((a) => [a.subject_id, a.status])).toEqual([['img-603', 'reversed'], ['img-604', 'reversed']]);
    expect((await messagesFor(t, 'actionId', hides[0]!.id)).map((m) => m.event_type)).toContain('action.reversed');
    expect((await t.app.inject({ method: 'GET', url: `/v1/public/takedowns/${code}` })).json()).toMatchObject({ status: 'not_removed', contentHidden: false });
    expect((await decide(seniorA, request.id, 'confirm')).statusCode).toBe(409);
    const events = await sqlRows(t, 'SELECT type, actor_id FROM moderation_events WHERE subject_id = $1 ORDER BY seq', [request.id]);
    expect(events.map((e) => e.type)).toEqual(['takedown.received', 'takedown.rejection_proposed', 'takedown.rejected']);
  });

  it('confirms: removes the content, bans the uploader, banks the hashes, and a re-upload is blocked', async () => {
    const photo = await syntheticPhoto(605);
    await check(photo, 'uploader-5', 'img-605');
    const res = await submit(minorRequest(['img-605'], { hashes: [await formHashes(photo)] }));
    const code = res.json().trackingCode;
    const [kase] = await t.services.cases.forSubject('account', 'uploader-5');
    const request = await idOfCase(kase!.id);
    // One rejection waits; another senior may confirm instead.
    await decide(seniorA, request.id, 'reject', 'unclear');
    const confirmed = await decide(seniorB, request.id, 'confirm', 'a child is shown');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', bankedHashes: expect.any(Number) });
    expect(confirmed.json().bankedHashes).toBeGreaterThanOrEqual(3);
    const actions = await actionsOf(kase!.id);
    expect(actions.map((a) => [a.action, a.subject_id])).toEqual(expect.arrayContaining([['hide', 'img-605'], ['remove', 'img-605'], ['ban', 'uploader-5']]));
    expect(actions.find((a) => a.action === 'remove')!.decided_by).toBe(seniorB.staffId);
    expect((await t.services.cases.forSubject('account', 'uploader-5'))[0]).toMatchObject({ status: 'resolved' });
    expect((await t.app.inject({ method: 'GET', url: `/v1/public/takedowns/${code}` })).json()).toMatchObject({ status: 'removed' });

    const reupload = await check(photo, 'uploader-6', 'img-606');
    expect(reupload.json()).toMatchObject({ verdict: 'block', matches: expect.arrayContaining([expect.objectContaining({ bank: expect.objectContaining({ name: 'platform-confirmed' }) })]) });
    // A slightly altered copy (re-encoded smaller) is caught by PDQ.
    const altered = await sharp(photo).resize(480).jpeg({ quality: 70 }).toBuffer();
    expect((await check(altered, 'uploader-7', 'img-607')).json().verdict).toBe('block');
  });

  it('a bank match on the hashes raises priority; an adult\'s non-sexual request is neither hidden nor four-eyed', async () => {
    const banked = await syntheticPhoto(605);
    await submit({ content: ['img-608'], hashes: [await formHashes(banked)], relation: 'self', under18: 'no', sexual: true });
    expect((await t.services.cases.forSubject('image', 'img-608'))[0]!.priority).toBe(85);
    const plain = await submit({ content: ['https://community.example/p/609'], relation: 'self', under18: 'no', sexual: false, language: 'da', country: 'DK' });
    expect(plain.json()).toMatchObject({ contentHidden: false });
    expect(plain.json().support[0].name).toMatch(/BørneTelefonen/);
    const [kase] = await t.services.cases.forSubject('image', 'https://community.example/p/609');
    expect(await actionsOf(kase!.id)).toEqual([]);
    const request = await idOfCase(kase!.id);
    expect((await decide(moderator, request.id, 'reject', 'not on this platform')).json()).toMatchObject({ status: 'rejected' });
  });

  it('shows staff the requests only with a two-factor session', async () => {
    const noTwoFactor = await signInAs(t, 'moderator', { twoFactor: false });
    expect((await t.app.inject({ method: 'GET', url: '/v1/takedowns', headers: noTwoFactor.headers() })).statusCode).toBe(403);
    const list = await t.app.inject({ method: 'GET', url: '/v1/takedowns?status=undecided', headers: seniorA.headers() });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { priority: number; contact: { email?: string } | null }[];
    expect(items.map((i) => i.priority)).toEqual([...items.map((i) => i.priority)].sort((a, b) => b - a));
    expect(items.some((i) => i.contact?.email === 'parent@example.se')).toBe(true);
  });

  it('refuses bad input: missing fields by name, path tricks in file names, huge bodies', async () => {
    const missing = await submit({ content: ['x'], under18: 'yes', sexual: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('body.relation');
    const noContent = await submit({ content: [], relation: 'self', under18: 'yes', sexual: true });
    expect(noContent.json().errors[0].field).toBe('body.content');
    for (const fileName of ['../../etc/passwd', 'C:\\Windows\\x.jpg', 'a/b.jpg', '..']) {
      const res = await submit({ content: ['x'], relation: 'self', under18: 'yes', sexual: true, hashes: [{ md5: 'a'.repeat(32), fileName }] });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('body.hashes.0.fileName');
    }
    const badHash = await submit({ content: ['x'], relation: 'self', under18: 'yes', sexual: true, hashes: [{ pdq: 'zz' }] });
    expect(badHash.json().errors[0].field).toBe('body.hashes.0.pdq');
    const huge = await submit({ content: ['x'.repeat(2000)], description: 'y'.repeat(200_000), relation: 'self', under18: 'yes', sexual: true });
    expect(huge.statusCode).toBe(413);
  });

  it('answers a guessed tracking code 404, and slows guessing per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await t.app.inject({ method: 'GET', url: `/v1/public/takedowns/${'A'.repeat(21)}${i % 10}`, remoteAddress: '203.0.113.9' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect((await t.app.inject({ method: 'GET', url: '/v1/public/takedowns/short' })).statusCode).toBe(400);
  });
});
