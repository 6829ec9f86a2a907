import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeNcmec, type FakeNcmec } from '../../../test/support/fake-ncmec.js';
import { buildReport } from './ncmec.build.js';
import { NcmecClient } from './ncmec.client.js';
import { reportXml } from './ncmec.model.js';
import { ncmecDetails } from './referrals.schemas.js';

let fake: FakeNcmec;
let client: NcmecClient;
const xml = reportXml(buildReport({
  kase: { id: 'case-1', category: 'grooming', subjectType: 'account', subjectId: 'a1', openedAt: new Date('2025-01-01T00:00:00Z'), reports: [] },
  reported: { externalId: 'a1', displayName: 'A', birthDate: '1980-01-01', status: 'active', registeredAt: new Date('2024-01-01T00:00:00Z'), logins: [] },
  victim: null, recipients: [], fileCount: 0, details: ncmecDetails.parse({}), now: new Date('2025-01-02T00:00:00Z'),
  reporter: { espName: 'X', firstName: 'A', lastName: 'B', email: 'a@b.example', profileUrlTemplate: 'https://x.example/{id}' },
}).report!);

beforeAll(async () => {
  fake = await startFakeNcmec();
  client = new NcmecClient({ url: fake.url, username: 'trygg-test', password: 'fake-ncmec-password', timeoutMs: 5000 });
});
afterAll(() => fake.close());

describe('the CyberTipline client against the fake API', () => {
  it('submits, uploads and finishes a report', async () => {
    const submitted = await client.submit(xml);
    expect(submitted).toMatchObject({ ok: true, httpStatus: 200, responseCode: 0 });
    const upload = await client.upload(submitted.reportId!, { bytes: Buffer.from('synthetic bytes'), name: 'f.bin', contentType: 'application/octet-stream' });
    expect(upload).toMatchObject({ ok: true, fileId: expect.any(String) });
    const done = await client.finish(submitted.reportId!);
    expect(done).toMatchObject({ ok: true, step: 'finish', reportId: submitted.reportId });
    expect(fake.reports.get(submitted.reportId!)!.state).toBe('finished');
  });

  it('cannot retract a finished report, but can retract an open one', async () => {
    const finished = (await client.submit(xml)).reportId!;
    await client.finish(finished);
    expect(await client.retract(finished)).toMatchObject({ ok: false, responseCode: 1021, transient: false });
    const open = (await client.submit(xml)).reportId!;
    expect(await client.retract(open)).toMatchObject({ ok: true });
    expect(fake.reports.get(open)!.state).toBe('retracted');
  });

  it('reports XML with elements out of order as a rejection, not a transient failure', async () => {
    const swapped = xml.replace(/(<incidentSummary>.*<\/incidentSummary>)(<internetDetails>.*<\/internetDetails>)/s, '$2$1');
    expect(await client.submit(swapped)).toMatchObject({ ok: false, httpStatus: 400, responseCode: 4100, transient: false, description: expect.stringContaining('out of order') });
  });

  it('treats a server error as transient and wrong credentials as a rejection naming the settings', async () => {
    fake.failNext(1, { status: 503 });
    expect(await client.submit(xml)).toMatchObject({ ok: false, httpStatus: 503, responseCode: null, transient: true });
    const wrong = new NcmecClient({ url: fake.url, username: 'trygg-test', password: 'wrong', timeoutMs: 5000 });
    const answer = await wrong.submit(xml);
    expect(answer).toMatchObject({ ok: false, httpStatus: 401, transient: false, description: expect.stringContaining('TRYGG_NCMEC_PASSWORD') });
    expect(JSON.stringify(answer)).not.toContain('wrong');
  });

  it('describes an unreachable API without the credentials', async () => {
    const nowhere = new NcmecClient({ url: 'http://127.0.0.1:1/ispws', username: 'u', password: 'secret-password', timeoutMs: 2000 });
    const answer = await nowhere.submit(xml);
    expect(answer).toMatchObject({ ok: false, httpStatus: null, transient: true, body: expect.stringContaining('network error') });
    expect(JSON.stringify(answer)).not.toContain('secret-password');
  });
});
