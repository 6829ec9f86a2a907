import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { ageOn } from '../../src/modules/community/community.service.js';
import { startFakeNcmec, type FakeNcmec } from '../support/fake-ncmec.js';
import { syntheticPhoto } from '../support/images.js';
import { waitFor } from '../support/jobs.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';

const PASSWORD = 'fake-ncmec-password';
const NCMEC_ENV = {
  TRYGG_NCMEC_USERNAME: 'trygg-test', TRYGG_NCMEC_PASSWORD: PASSWORD, TRYGG_NCMEC_RETRY_SCHEDULE: '1',
  TRYGG_NCMEC_ESP_NAME: 'Example Community', TRYGG_NCMEC_REPORTER_NAME: 'Anna Svensson', TRYGG_NCMEC_REPORTER_EMAIL: 'safety@community.example',
  TRYGG_NCMEC_PROFILE_URL_TEMPLATE: 'https://community.example/u/{id}',
};

let t: TestApp;
let fake: FakeNcmec;
let legal: SignedIn;
let image: Buffer;
const saved: Record<string, string | undefined> = {};

/** A member with a login history; the minor is 14. */
async function member(externalId: string, birthDate: string, ip: string): Promise<void> {
  const id = newId();
  await t.services.community.importMembers([{
    account: { id, externalId, displayName: `Member ${externalId}`, birthDate, registeredAt: new Date('2024-01-01T10:00:00Z') },
    logins: [
      { id: newId(), accountId: id, kind: 'registration', ip, deviceId: `device-${externalId}`, occurredAt: new Date('2024-01-01T10:00:00Z') },
      { id: newId(), accountId: id, kind: 'login', ip, deviceId: `device-${externalId}`, occurredAt: new Date('2025-01-05T21:00:00Z') },
    ],
  }]);
}

let subjects = 0;

/** A case on a new adult member, with a preserved synthetic image when asked (never real media). */
async function openCase(category: string, withImage: boolean): Promise<string> {
  const subjectId = `adult-${++subjects}`;
  await member(subjectId, '1979-04-04', '203.0.113.10');
  return t.db.database.db.transaction(async (tx) => {
    const { kase } = await t.services.cases.openOrJoin(tx, { type: 'system' }, { subject: { type: 'account', id: subjectId }, category, minorInvolved: true, trustedFlagger: false });
    if (withImage) {
      await t.services.evidence.preserve(tx, { type: 'system' }, {
        kind: 'content', bytes: image, contentType: 'image/jpeg', subject: { type: 'account', id: subjectId }, caseId: kase.id, reason: 'bank_match',
        provenance: { what: 'synthetic test image' },
      });
    }
    return kase.id;
  });
}

const create = (caseId: string, body: object) =>
  t.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/referrals`, headers: legal.headers(true), payload: body });
const send = (id: string) => t.app.inject({ method: 'POST', url: `/v1/referrals/${id}/send`, headers: legal.headers(true) });
const get = async (id: string) => (await t.app.inject({ method: 'GET', url: `/v1/referrals/${id}`, headers: legal.headers() })).json();
const settled = (id: string, status: string) => waitFor(`referral ${status}`, async () => (await get(id)).status === status);

beforeAll(async () => {
  fake = await startFakeNcmec();
  for (const [k, v] of Object.entries({ ...NCMEC_ENV, TRYGG_NCMEC_URL: fake.url })) { saved[k] = process.env[k]; process.env[k] = v; }
  t = await createTestApp({ jobs: true });
  legal = await signInAs(t, 'legal');
  image = await syntheticPhoto(6);
  await member('minor-1', '2011-06-06', '192.0.2.30');
});

afterAll(async () => {
  await t?.close();
  await fake?.close();
  for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
});

describe('NCMEC referrals', () => {
  it('builds, validates and sends a CSAM case with its image: submit, upload, fileinfo, finish', async () => {
    const caseId = await openCase('csam', true);
    const created = await create(caseId, { kind: 'ncmec', details: {} });
    expect(created.statusCode).toBe(201);
    const referral = created.json();
    expect(referral.status).toBe('validated');
    expect(referral.document).toContain('<incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType>');
    expect(referral.document).toContain('<ipAddress>203.0.113.10</ipAddress><eventName>Registration</eventName>');

    const before = fake.calls.length;
    expect((await send(referral.id)).statusCode).toBe(202);
    await settled(referral.id, 'submitted');
    expect(fake.calls.slice(before).map((c) => c.step)).toEqual(['submit', 'upload', 'fileinfo', 'finish']);
    const done = await get(referral.id);
    const remote = fake.reports.get(done.remoteReportId)!;
    expect(remote.state).toBe('finished');
    const [file] = [...remote.files.values()];
    expect(file!.md5).toBe(createHash('md5').update(image).digest('hex'));
    expect(file!.details).toContain(`<originalFileHash hashType="SHA256">${createHash('sha256').update(image).digest('hex')}</originalFileHash>`);
    expect(done.responses.map((r: { step: string; ok: boolean }) => `${r.step}:${r.ok}`)).toEqual(['submit:true', 'upload:true', 'fileinfo:true', 'finish:true']);

    const events = await t.services.audit.list({ subjectType: 'case', subjectId: caseId, type: 'referral.*', limit: 20 });
    expect(events.map((e) => e.type).reverse()).toEqual(['referral.created', 'referral.sending', 'referral.submitted']);
    expect(events[0]!.payload).toMatchObject({ caseId, remoteReportId: done.remoteReportId });
    // The retention schedule keeps material reported to NCMEC longer (src/modules/evidence).
    expect(await t.services.audit.list({ subjectType: 'case', subjectId: caseId, type: 'evidence.reported_to_ncmec', limit: 5 })).toHaveLength(1);

    const retract = await t.app.inject({ method: 'POST', url: `/v1/referrals/${referral.id}/retract`, headers: legal.headers(true), payload: { reason: 'too late' } });
    expect(retract.statusCode).toBe(409);
    expect(retract.json().code).toBe('referral-finished');
  });

  it('refers a text-only grooming case: no upload or fileinfo, the child age from the account', async () => {
    const caseId = await openCase('grooming', false);
    const referral = (await create(caseId, { kind: 'ncmec', details: { victimAccountId: 'minor-1', annotations: ['csamSolicitation'] } })).json();
    expect(referral.status).toBe('validated');
    expect(referral.document).toContain('<incidentType>Online Enticement of Children for Sexual Acts</incidentType>');
    const age = ageOn('2011-06-06', t.clock.now());
    expect(referral.document).toContain(`<victim><victimPerson><age>${age}</age></victimPerson><espIdentifier>minor-1</espIdentifier>`);
    const before = fake.calls.length;
    await send(referral.id);
    await settled(referral.id, 'submitted');
    expect(fake.calls.slice(before).map((c) => c.step)).toEqual(['submit', 'finish']);
  });

  it('keeps a rejected referral with the answer, shows it, and sends it successfully later', async () => {
    const caseId = await openCase('minor_selling_sexual_content', false);
    const referral = (await create(caseId, { kind: 'ncmec', details: {} })).json();
    fake.failNext(1, { steps: ['submit'], status: 400, responseCode: 4100, description: 'Element personOrUserReported is invalid' });
    await send(referral.id);
    await settled(referral.id, 'failed');
    const failed = await get(referral.id);
    expect(failed.lastError).toContain('responseCode 4100');
    expect(failed.responses).toEqual([expect.objectContaining({ step: 'submit', ok: false, httpStatus: 400, responseCode: 4100, body: expect.stringContaining('personOrUserReported') })]);
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/referrals?status=failed', headers: legal.headers() })).json();
    expect(listed.items.map((r: { id: string }) => r.id)).toContain(referral.id);

    expect((await send(referral.id)).statusCode).toBe(202);
    await settled(referral.id, 'submitted');
    const later = await get(referral.id);
    expect(later.responses.map((r: { step: string; ok: boolean }) => `${r.step}:${r.ok}`)).toEqual(['submit:false', 'submit:true', 'finish:true']);
    expect(later.lastError).toBeNull();
  });

  it('retries an upload the API did not answer, resuming without a second report', async () => {
    const caseId = await openCase('csam', true);
    const referral = (await create(caseId, { kind: 'ncmec', details: {} })).json();
    fake.failNext(1, { steps: ['upload'], status: 503 });
    await send(referral.id);
    await settled(referral.id, 'submitted');
    const done = await get(referral.id);
    expect(done.attempts).toBe(2);
    expect(done.responses.map((r: { step: string; httpStatus: number }) => `${r.step}:${r.httpStatus}`)).toEqual(['submit:200', 'upload:503', 'upload:200', 'fileinfo:200', 'finish:200']);
  });

  it('retracts a report before it is finished', async () => {
    const caseId = await openCase('csam', true);
    const referral = (await create(caseId, { kind: 'ncmec', details: {} })).json();
    fake.failNext(1, { steps: ['finish'], status: 400, responseCode: 4100 });
    await send(referral.id);
    await settled(referral.id, 'failed');
    const res = await t.app.inject({ method: 'POST', url: `/v1/referrals/${referral.id}/retract`, headers: legal.headers(true), payload: { reason: 'sent in error' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'retracted', retractedAt: expect.any(String) });
    expect(fake.reports.get(res.json().remoteReportId)!.state).toBe('retracted');
    // A retracted report frees the case for a new one.
    expect((await create(caseId, { kind: 'ncmec', details: {} })).statusCode).toBe(201);
  });

  it('keeps a report that does not validate as a draft with field errors, and refuses to send it', async () => {
    const caseId = await openCase('fraud', false);
    const draft = (await create(caseId, { kind: 'ncmec', details: { reportedAccountId: 'nobody' } })).json();
    expect(draft.status).toBe('draft');
    const fields = draft.validationErrors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['details.reportedAccountId', 'case.category']));
    const res = await send(draft.id);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
  });

  it('never shows or logs the API credentials', async () => {
    const basic = Buffer.from(`trygg-test:${PASSWORD}`).toString('base64');
    expect(fake.calls.filter((c) => c.step !== 'error').every((c) => c.authorised)).toBe(true);
    const all = (await t.app.inject({ method: 'GET', url: '/v1/referrals?limit=200', headers: legal.headers() })).body;
    const events = JSON.stringify(await t.services.audit.list({ type: 'referral.*', limit: 200 }));
    for (const text of [all, events, t.logs.join('\n')]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(basic);
    }
  });

  it('pages the list with a keyset cursor, most recently changed first', async () => {
    const list = async (query: string) => (await t.app.inject({ method: 'GET', url: `/v1/referrals?${query}`, headers: legal.headers() })).json();
    const all = await list('limit=200');
    expect(all.items.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let page = await list('limit=2');
    for (;;) {
      seen.push(...page.items.map((r: { id: string }) => r.id));
      if (!page.next) break;
      page = await list(`limit=2&before=${page.next}`);
    }
    expect(seen).toEqual(all.items.map((r: { id: string }) => r.id));
    const times = all.items.map((r: { updatedAt: string }) => r.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const bad = await t.app.inject({ method: 'GET', url: '/v1/referrals?before=bm90LWEtY3Vyc29y', headers: legal.headers() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('querystring.before');
  });

  it('lets only legal and senior moderators with two-factor see referrals', async () => {
    const moderator = await signInAs(t, 'moderator');
    expect((await t.app.inject({ method: 'GET', url: '/v1/referrals', headers: moderator.headers() })).statusCode).toBe(403);
    const senior = await signInAs(t, 'senior_moderator');
    expect((await t.app.inject({ method: 'GET', url: '/v1/referrals', headers: senior.headers() })).statusCode).toBe(200);
  });
});

describe('police intelligence packages', () => {
  it('builds JSON and a PDF summary with the login history and evidence hashes, downloadable by legal and audited', async () => {
    const caseId = await openCase('grooming', true);
    await t.services.queue.addNote({ id: legal.staffId, role: 'legal' }, caseId, 'Asked the child to move to Snapchat.');
    const created = await create(caseId, { kind: 'police', details: { unit: 'NOA', policeCaseNumber: '5000-K1-25' } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const json = await t.app.inject({ method: 'GET', url: `/v1/referrals/${id}/package?format=json`, headers: legal.headers() });
    expect(json.statusCode).toBe(200);
    const pkg = json.json();
    expect(pkg).toMatchObject({ unit: 'NOA', policeCaseNumber: '5000-K1-25', case: { id: caseId, category: 'grooming' } });
    expect(pkg.notes).toEqual([expect.objectContaining({ text: 'Asked the child to move to Snapchat.' })]);
    expect(pkg.subject.loginHistory).toEqual(expect.arrayContaining([expect.objectContaining({ ip: '203.0.113.10', kind: 'registration' })]));
    expect(pkg.evidence.find((e: { kind: string }) => e.kind === 'content').sha256).toBe(createHash('sha256').update(image).digest('hex'));
    const pdf = await t.app.inject({ method: 'GET', url: `/v1/referrals/${id}/package?format=pdf`, headers: legal.headers() });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const senior = await signInAs(t, 'senior_moderator');
    expect((await t.app.inject({ method: 'GET', url: `/v1/referrals/${id}/package`, headers: senior.headers() })).statusCode).toBe(403);
    const downloads = await t.services.audit.list({ type: 'referral.package_downloaded', subjectId: caseId, limit: 10 });
    expect(downloads.map((e) => (e.payload as { format: string }).format).sort()).toEqual(['json', 'pdf']);
  });
});
