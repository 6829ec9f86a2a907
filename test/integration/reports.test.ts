import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';

describe(`reports merge into cases (${testDriver})`, () => {
  let t: TestApp;
  let platform: Record<string, string>;
  let admin: SignedIn;
  const notice = (extra: Record<string, unknown> = {}) => ({
    subject: { type: 'account', id: 'adult-1' }, category: 'sexual_harassment', explanation: 'Sends unwanted sexual messages',
    location: 'https://community.example/profile/adult-1', evidence: ['message:m-77'], goodFaith: true, ...extra,
  });
  const report = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/v1/reports', headers: platform, payload: body });
  const publicReport = (body: Record<string, unknown>, ip = '203.0.113.9') =>
    t.app.inject({ method: 'POST', url: '/v1/public/reports', payload: body, remoteAddress: ip });
  const caseOf = async (subjectId: string) => (await t.services.cases.forSubject('account', subjectId))[0]!;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAs(t, 'admin');
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['reports:write', 'events:write']);
    platform = { authorization: `Bearer ${key}` };
    await t.app.inject({
      method: 'POST', url: '/v1/events', headers: platform,
      payload: { events: [
        { id: 'r1', type: 'account.registered', occurredAt: new Date().toISOString(), accountId: 'adult-1', birthDate: '1980-01-01' },
        { id: 'r2', type: 'account.registered', occurredAt: new Date().toISOString(), accountId: 'kid-1', birthDate: '2011-01-01' },
      ] },
    });
  });
  afterAll(() => t.close());

  it('gives an immediate receipt and opens one case, counting a repeat from the same reporter once', async () => {
    const first = await report(notice({ reporterId: 'member-a' }));
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ duplicate: false, trustedFlagger: false, receiptCode: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/) });
    const again = await report(notice({ reporterId: 'member-a' }));
    expect(again.json()).toMatchObject({ duplicate: true, receiptCode: first.json().receiptCode });
    const other = await report(notice({ reporterId: 'member-b', category: 'threats' }));
    expect(other.json().duplicate).toBe(false);
    const kase = await caseOf('adult-1');
    expect(kase).toMatchObject({ status: 'open', reporters: 2, category: 'threats' });
    expect((await t.services.cases.forSubject('account', 'adult-1'))).toHaveLength(1);
    const events = await t.services.audit.list({ subjectId: kase.id, limit: 10 });
    expect(events.map((e) => e.type).sort()).toEqual(['case.opened', 'report.duplicate', 'report.received', 'report.received']);
  });

  it('marks a minor on either side and raises the priority', async () => {
    const before = (await caseOf('adult-1')).priority;
    await report(notice({ reporterId: 'kid-1', relation: 'self' }));
    const after = await caseOf('adult-1');
    expect(after.minorInvolved).toBe(true);
    expect(after.priority).toBeGreaterThan(before);
  });

  it('requires the notice fields and names what is missing', async () => {
    const noFaith = await report(notice({ reporterId: 'm-x', goodFaith: undefined }));
    expect(noFaith.statusCode).toBe(400);
    expect(noFaith.json().errors[0].field).toBe('body.goodFaith');
    const noExplanation = await report(notice({ reporterId: 'm-x', explanation: '  ' }));
    expect(noExplanation.json().errors[0].field).toBe('body.explanation');
    const badCategory = await report(notice({ reporterId: 'm-x', category: 'rudeness' }));
    expect(badCategory.json().errors[0].field).toBe('body.category');
  });

  it('takes a public report about child sexual abuse with no name or e-mail, on a subject never seen', async () => {
    const res = await publicReport(notice({ subject: { type: 'image', id: 'img-unknown-1' }, category: 'csam', explanation: 'Abuse image', evidence: [] }));
    expect(res.statusCode).toBe(201);
    const [kase] = await t.services.cases.forSubject('image', 'img-unknown-1');
    expect(kase).toMatchObject({ category: 'csam', minorInvolved: true });
    expect(kase!.slaDueAt!.getTime() - kase!.openedAt.getTime()).toBe(3_600_000);
    const status = await t.app.inject({ url: `/v1/public/reports/${res.json().receiptCode}` });
    expect(status.json()).toMatchObject({ status: 'received', outcome: null, category: 'csam' });
    expect((await t.app.inject({ url: '/v1/public/reports/AAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
  });

  it('merges a public reporter who gives the same e-mail twice, and keeps the address sealed', async () => {
    const body = notice({ subject: { type: 'account', id: 'adult-2' }, email: 'Reporter.One+x@Example.se', name: 'Anna' });
    await publicReport(body);
    expect((await publicReport({ ...body, email: 'reporter.one@example.se' })).json().duplicate).toBe(true);
    const { rows } = await t.db.database.executeSql(`SELECT (SELECT json_agg(r) FROM reports r)::text AS r`);
    expect(String(rows[0]!.r).toLowerCase()).not.toContain('reporter.one');
  });

  it('refuses a flood from one reporter but keeps one case', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await report(notice({ subject: { type: 'account', id: 'target' }, reporterId: 'flooder' }))).statusCode);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(await t.services.cases.forSubject('account', 'target')).toHaveLength(1);
  });

  it('prioritises a verified trusted flagger and tracks the organisation', async () => {
    const org = await t.app.inject({ method: 'POST', url: '/v1/trusted-flaggers', headers: admin.headers(true), payload: { name: 'Nätvandrarna Väst' } });
    const id = org.json().id;
    await t.app.inject({ method: 'POST', url: `/v1/trusted-flaggers/${id}/members`, headers: admin.headers(true), payload: { memberId: 'walker-1' } });
    const unverified = await report(notice({ subject: { type: 'account', id: 'adult-3' }, reporterId: 'walker-1' }));
    expect(unverified.json().trustedFlagger).toBe(false);
    await t.app.inject({ method: 'POST', url: `/v1/trusted-flaggers/${id}/status`, headers: admin.headers(true), payload: { status: 'verified' } });
    const trusted = await report(notice({ subject: { type: 'account', id: 'adult-4' }, reporterId: 'walker-1' }));
    expect(trusted.json().trustedFlagger).toBe(true);
    const [a3, a4] = [await caseOf('adult-3'), await caseOf('adult-4')];
    expect(a4.trustedFlagger).toBe(true);
    expect(a4.priority).toBeGreaterThan(a3.priority);
    const list = (await t.app.inject({ url: '/v1/trusted-flaggers', headers: admin.headers() })).json();
    expect(list.items[0]).toMatchObject({ name: 'Nätvandrarna Väst', verified: true, members: 1, reports: 1, upheldShare: null });
  });
});
