import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { alterations, syntheticPhoto } from '../support/images.js';
import { act, createRule, insertCase } from './actions-fixtures.js';

// Issue 5, point 6: a removal confirmed as CSAM puts the image's hashes in the confirmed bank.
describe(`a moderator's confirmed removal blocks re-uploads (${testDriver})`, () => {
  let t: TestApp;
  let platform: Record<string, string>;
  let senior: SignedIn;
  let ruleId: string;
  const check = (bytes: Buffer, query: string) =>
    t.app.inject({ method: 'POST', url: `/v1/media/check${query}`, payload: bytes, headers: { ...platform, 'content-type': 'application/octet-stream' } });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await signInAs(t, 'admin');
    senior = await signInAs(t, 'senior_moderator');
    ruleId = (await createRule(t, admin)).id;
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'uploads', ['media:check']);
    platform = { authorization: `Bearer ${key}` };
  });
  afterAll(() => t.close());

  it('banks a removed CSAM image so the same picture, altered, is blocked when it comes back', async () => {
    const image = await syntheticPhoto(777);
    const first = await check(image, '?accountId=uploader-7&contentId=img-777');
    expect(first.json().verdict).toBe('allow');
    const kase = await insertCase(t, { category: 'csam', subjectType: 'image', subjectId: 'img-777' });
    const removed = await act(t, senior, kase.id, { action: 'remove', ruleId, reason: 'Sexualised image of a child, confirmed on review.', affectedExternalId: 'uploader-7' });
    expect(removed.statusCode).toBe(201);
    const events = await t.services.audit.list({ type: 'bank.confirmed_removal' } as never);
    expect(events.map((e) => (e.payload as { added: number; contentId: string })).find((p) => p.contentId === 'img-777')).toMatchObject({ added: 3 });

    for (const [name, bytes] of Object.entries(await alterations(image))) {
      const again = await check(bytes, `?accountId=uploader-8&contentId=again-${name}`);
      expect({ name, verdict: again.json().verdict, bank: again.json().matches[0]?.bank.name }).toEqual({ name, verdict: 'block', bank: 'platform-confirmed' });
    }
    expect((await check(await syntheticPhoto(778), '?accountId=uploader-9')).json().verdict).toBe('allow');
  });

  it('banks nothing for a removal outside CSAM unless the moderator confirms it as NCII', async () => {
    const image = await syntheticPhoto(888);
    await check(image, '?contentId=img-888');
    const plain = await insertCase(t, { category: 'sexual_harassment', subjectType: 'image', subjectId: 'img-888' });
    await act(t, senior, plain.id, { action: 'remove', ruleId, reason: 'Unwanted sexual image sent to another member.', keepOpen: true });
    expect((await check(image, '?contentId=img-888-b')).json().verdict).toBe('allow');
    await act(t, senior, plain.id, { action: 'remove', ruleId, reason: 'Intimate image shared without consent, confirmed.', confirmMedia: 'ncii' });
    expect((await check(image, '?contentId=img-888-c')).json().verdict).toBe('block');
  });

  it('refuses confirming media on anything but a removal', async () => {
    const kase = await insertCase(t, { category: 'spam', subjectType: 'account' });
    const res = await act(t, senior, kase.id, { action: 'warn', ruleId, reason: 'Spam links.', confirmMedia: 'csam' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('confirmMedia');
  });
});
