import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseal } from '../../src/lib/crypto.js';
import { TEST_PUBLIC_URL, createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { waitFor } from '../support/jobs.js';
import { mailHeader, mailText, startSmtp, withEnv, type SmtpReceiver } from '../support/smtp.js';
import { act, createRule, emailKey, messagesFor, sqlRows } from './actions-fixtures.js';

// Telling people (issue 4, point 8): every link they receive is absolute, and the affected member
// gets the statement of reasons by webhook and, when Trygg holds their address, by e-mail.

describe(`the affected member and the reporter are told, with absolute links (${testDriver})`, () => {
  let t: TestApp;
  let smtp: SmtpReceiver;
  let platform: Record<string, string>;
  let admin: SignedIn;
  let m1: SignedIn;
  let m2: SignedIn;
  let rule: { id: string };
  const at = () => t.clock.now().toISOString();

  const ingest = async (events: Record<string, unknown>[]) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: platform, payload: { events } });
    expect(res.json().accepted, res.body).toBe(events.length);
  };
  const sealedEmailOf = async (member: string) =>
    (await sqlRows<{ email_sealed: string | null }>(t, 'SELECT email_sealed FROM accounts WHERE external_id = $1', [member]))[0]!.email_sealed;
  const report = async (subjectId: string, extra: Record<string, unknown>, url = '/v1/reports') => {
    const res = await t.app.inject({
      method: 'POST', url, headers: url === '/v1/reports' ? platform : {}, payload: {
        subject: { type: 'account', id: subjectId }, category: 'sexual_harassment', explanation: 'Keeps sending unwanted sexual messages.',
        goodFaith: true, ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { reportId: string; receiptCode: string; statusUrl: string };
  };
  const caseOf = async (subjectId: string) => (await t.services.cases.forSubject('account', subjectId))[0]!.id;
  const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
  const emailsAbout = (id: string) => sqlRows(t, 'SELECT id FROM outbound_emails WHERE related_id = $1', [id]);

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await withEnv({ TRYGG_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, TRYGG_EMAIL_RETRY_SCHEDULE: '1' }, () => createTestApp({ jobs: true }));
    admin = await signInAs(t, 'admin');
    m1 = await signInAs(t, 'moderator', { twoFactor: true });
    m2 = await signInAs(t, 'moderator', { twoFactor: true });
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['reports:write', 'events:write']);
    platform = { authorization: `Bearer ${key}` };
    rule = await createRule(t, admin, { code: 'respect', title: 'Respect others', description: 'No sexual harassment of other members.' });
    await ingest([
      { id: 'n1', type: 'account.registered', occurredAt: at(), accountId: 'member-sv', birthDate: '1990-05-01', email: 'Member.SV@example.org', locale: 'sv-SE' },
      { id: 'n2', type: 'account.registered', occurredAt: at(), accountId: 'member-nb', birthDate: '1988-02-03', locale: 'nb-NO' },
      { id: 'n3', type: 'account.registered', occurredAt: at(), accountId: 'member-gone', birthDate: '1985-07-07', email: 'gone@example.org' },
      { id: 'n4', type: 'account.registered', occurredAt: at(), accountId: 'member-none', birthDate: '1991-09-09' },
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('keeps the e-mail an account event carries sealed on the account, and nowhere in clear', async () => {
    expect(unseal(emailKey, (await sealedEmailOf('member-sv'))!)).toBe('Member.SV@example.org');
    expect(await sealedEmailOf('member-nb')).toBeNull();
    await ingest([{ id: 'n5', type: 'account.updated', occurredAt: at(), accountId: 'member-nb', email: 'nb@example.org' }]);
    expect(unseal(emailKey, (await sealedEmailOf('member-nb'))!)).toBe('nb@example.org');
    const stored = JSON.stringify(await sqlRows(t, 'SELECT payload FROM community_events'));
    for (const address of ['Member.SV@example.org', 'member.sv@example.org', 'nb@example.org', 'gone@example.org']) expect(stored).not.toContain(address);
  });

  it('purges the sealed e-mail when the account is deleted, from the account and from its events', async () => {
    await ingest([{ id: 'n6', type: 'account.deleted', occurredAt: at(), accountId: 'member-gone' }]);
    expect(await sealedEmailOf('member-gone')).toBeNull();
    const payloads = await sqlRows<{ payload: Record<string, unknown> }>(t, `SELECT payload FROM community_events WHERE account_external_id = 'member-gone'`);
    expect(payloads.length).toBeGreaterThan(0);
    for (const { payload } of payloads) expect(payload).not.toHaveProperty('emailSealed');
    // A later update cannot bring the address of a deleted account back.
    await ingest([{ id: 'n7', type: 'account.updated', occurredAt: at(), accountId: 'member-gone', email: 'back@example.org' }]);
    expect(await sealedEmailOf('member-gone')).toBeNull();
  });

  it('gives reporters an absolute status link in the receipt', async () => {
    const receipt = await report('member-sv', { reporterId: 'reporter-1' });
    expect(receipt.statusUrl).toBe(`${TEST_PUBLIC_URL}/report/status/${receipt.receiptCode}`);
  });

  it('sends the statement of reasons by webhook and by e-mail in the member’s language, with the absolute appeal link', async () => {
    const publicReceipt = await report('member-sv', { email: 'public.reporter@example.org' }, '/v1/public/reports');
    const caseId = await caseOf('member-sv');
    const res = await act(t, m1, caseId, { action: 'suspend', ruleId: rule.id, reason: 'Sent unwanted sexual messages to several members.' });
    expect(res.statusCode, res.body).toBe(201);
    const { action } = res.json();
    const appealUrl = `${TEST_PUBLIC_URL}/appeal/${action.statement.redress.appealPath.replace('/appeal/', '')}`;
    expect(action.statement.redress.appealUrl).toBe(appealUrl);
    expect(action.statement.redress.text).toContain(appealUrl);

    const messages = await messagesFor(t, 'actionId', action.id);
    expect(messages.find((m) => m.event_type === 'action.taken')!.payload).toMatchObject({ statementUrl: appealUrl, member: 'member-sv' });
    expect(messages.find((m) => m.event_type === 'statement.issued')!.payload).toMatchObject({
      kind: 'statement', member: 'member-sv', appealUrl, statement: { redress: { appealUrl } },
    });
    const outcome = (await messagesFor(t, 'caseId', caseId)).find((m) => m.event_type === 'report.outcome')!;
    expect(outcome.payload).toMatchObject({ reporter: 'reporter-1', statusUrl: expect.stringMatching(/^https:\/\/trygg\.test\/report\/status\//) });

    await waitFor('the statement e-mail to the member', () => mailTo('Member.SV@example.org').length > 0);
    const mail = mailTo('Member.SV@example.org')[0]!;
    expect(mailHeader(mail.raw, 'Subject')).toBe('Ett beslut om ditt konto: motivering');
    const body = mailText(mail.raw);
    expect(body).toContain('stängde av ditt konto tillfälligt');
    expect(body).toContain('Regel: Respect others');
    expect(body).toContain('Sent unwanted sexual messages to several members.');
    expect(body).toContain(appealUrl);

    await waitFor('the outcome e-mail to the public reporter', () => mailTo('public.reporter@example.org').length > 0);
    expect(mailText(mailTo('public.reporter@example.org')[0]!.raw)).toContain(publicReceipt.statusUrl);
  });

  it('e-mails an address given later by account.updated, in Norwegian', async () => {
    await report('member-nb', { reporterId: 'reporter-2' });
    const { action } = (await act(t, m1, await caseOf('member-nb'), { action: 'warn', ruleId: rule.id, reason: 'Unwanted sexual remarks.' })).json();
    await waitFor('the statement e-mail in Norwegian', () => mailTo('nb@example.org').length > 0);
    expect(mailHeader(mailTo('nb@example.org')[0]!.raw, 'Subject')).toBe('En avgjørelse om kontoen din: begrunnelse');
    expect(mailText(mailTo('nb@example.org')[0]!.raw)).toContain(action.statement.redress.appealUrl);
  });

  it('sends no e-mail to a member whose address Trygg does not hold, or whose account was deleted; the webhook still goes', async () => {
    for (const member of ['member-none', 'member-gone']) {
      await report(member, { reporterId: `reporter-${member}` });
      const { action } = (await act(t, m1, await caseOf(member), { action: 'remove', ruleId: rule.id, reason: 'Harassing message.' })).json();
      expect(await emailsAbout(action.id)).toEqual([]);
      expect((await messagesFor(t, 'actionId', action.id)).map((m) => m.event_type)).toContain('statement.issued');
    }
    expect(mailTo('gone@example.org')).toEqual([]);
    expect(mailTo('back@example.org')).toEqual([]);
  });

  it('tells the member the appeal outcome at their own address when the appeal came through the platform', async () => {
    await report('member-sv', { reporterId: 'reporter-3' });
    const c2 = await t.services.cases.forSubject('account', 'member-sv');
    const open = c2.find((c) => c.status === 'open')!;
    const { action } = (await act(t, m1, open.id, { action: 'warn', ruleId: rule.id, reason: 'Another unwanted remark.' })).json();
    const appeal = await t.app.inject({
      method: 'POST', url: `/v1/actions/${action.id}/appeals`, headers: platform, payload: { memberExternalId: 'member-sv', text: 'Det var ett missförstånd.' },
    });
    expect(appeal.statusCode, appeal.body).toBe(201);
    const decided = await t.app.inject({
      method: 'POST', url: `/v1/appeals/${appeal.json().id}/decision`, headers: m2.headers(true),
      payload: { outcome: 'upheld', reason: 'The remark was sexual and unwanted.' },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    await waitFor('the appeal outcome e-mail', () => mailTo('Member.SV@example.org').some((m) => mailHeader(m.raw, 'Subject') === 'Din överklagan bifölls inte'));
    const mail = mailTo('Member.SV@example.org').find((m) => mailHeader(m.raw, 'Subject') === 'Din överklagan bifölls inte')!;
    expect(mailText(mail.raw)).toContain(action.statement.redress.appealUrl);
    const issued = (await messagesFor(t, 'appealId', appeal.json().id)).find((m) => m.event_type === 'statement.issued')!;
    expect(issued.payload).toMatchObject({ kind: 'appeal_decision', appealUrl: action.statement.redress.appealUrl });
  });

  it('never logs the addresses', () => {
    const logs = t.logs.join('\n');
    for (const address of ['Member.SV@example.org', 'nb@example.org', 'public.reporter@example.org']) expect(logs).not.toContain(address);
  });
});
