import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { act, createRule, messagesFor, sqlRows } from './actions-fixtures.js';

// DSA Art. 20 gives notifiers the right to contest a decision not to act on their notice: the
// reporter appeals the dismissal, a different reviewer decides, and a reversal reopens the case.

describe(`reporters appeal a decision not to act (${testDriver})`, () => {
  let t: TestApp;
  let platform: Record<string, string>;
  let m1: SignedIn;
  let m2: SignedIn;
  let s1: SignedIn;
  let s2: SignedIn;
  let s3: SignedIn;
  let rule: { id: string };

  const notice = (subjectId: string, category = 'sexual_harassment') => ({
    subject: { type: 'account', id: subjectId }, category, explanation: 'Keeps sending me unwanted sexual messages.', goodFaith: true,
  });
  const memberReport = async (subjectId: string, reporterId: string, category?: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: platform, payload: { ...notice(subjectId, category), reporterId } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { reportId: string; receiptCode: string };
  };
  const caseOf = async (subjectId: string) => (await t.services.cases.forSubject('account', subjectId))[0]!.id;
  const appealByPlatform = (reportId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/reports/${reportId}/appeals`, headers: platform, payload });
  const decide = (who: SignedIn, appealId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/appeals/${appealId}/decision`, headers: who.headers(true), payload });
  const status = async (code: string) => (await t.app.inject({ url: `/v1/public/reports/${code}` })).json();

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await signInAs(t, 'admin');
    m1 = await signInAs(t, 'moderator', { twoFactor: true });
    m2 = await signInAs(t, 'moderator', { twoFactor: true });
    s1 = await signInAs(t, 'senior_moderator');
    s2 = await signInAs(t, 'senior_moderator');
    s3 = await signInAs(t, 'senior_moderator');
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['reports:write']);
    platform = { authorization: `Bearer ${key}` };
    rule = await createRule(t, admin, { code: 'respect', title: 'Respect others', description: 'No sexual harassment.' });
  });
  afterAll(() => t.close());

  it('takes the reporter’s appeal through the platform, once, and only against a dismissal', async () => {
    const upheldReport = await memberReport('subject-upheld', 'reporter-u');
    await act(t, m1, await caseOf('subject-upheld'), { action: 'warn', ruleId: rule.id, reason: 'Unwanted remarks.' });
    expect((await appealByPlatform(upheldReport.reportId, { reporterId: 'reporter-u', text: 'Too mild.' })).json().code).toBe('not-appealable');

    const pendingReport = await memberReport('subject-a', 'reporter-a');
    expect((await appealByPlatform(pendingReport.reportId, { reporterId: 'reporter-a', text: 'Not decided yet.' })).json().code).toBe('not-appealable');
    const dismissed = await act(t, m1, await caseOf('subject-a'), { action: 'dismiss', ruleId: rule.id, reason: 'Mutual flirting between adults.' });
    expect(dismissed.statusCode).toBe(201);

    const wrong = await appealByPlatform(pendingReport.reportId, { reporterId: 'someone-else', text: 'Me too.' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('not-the-reporter');
    const res = await appealByPlatform(pendingReport.reportId, { reporterId: 'reporter-a', text: 'I told him to stop twice; it was not mutual.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ actionId: dismissed.json().action.id, appellant: 'reporter', appellantExternalId: 'reporter-a', channel: 'platform', status: 'open' });
    expect((await appealByPlatform(pendingReport.reportId, { reporterId: 'reporter-a', text: 'Again.' })).json().code).toBe('already-appealed');
    const listed = (await t.app.inject({ url: '/v1/appeals?status=open', headers: m2.headers() })).json().items;
    expect(listed.find((a: { id: string }) => a.id === res.json().id)).toMatchObject({ appellant: 'reporter', action: 'dismiss' });
  });

  it('is decided by a different reviewer; a reversal reopens the case for a new decision and tells the reporter', async () => {
    const report = await memberReport('subject-b', 'reporter-b');
    const caseId = await caseOf('subject-b');
    const dismissal = (await act(t, m1, caseId, { action: 'dismiss', ruleId: rule.id, reason: 'No breach found.' })).json().action;
    const appeal = (await appealByPlatform(report.reportId, { reporterId: 'reporter-b', text: 'He keeps writing after I blocked him.' })).json();

    const self = await decide(m1, appeal.id, { outcome: 'reversed', reason: 'x' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('appeal-reviewer-must-differ');
    const res = await decide(m2, appeal.id, { outcome: 'reversed', reason: 'The messages continued after a clear no.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ appeal: { status: 'reversed', appellant: 'reporter' }, action: { id: dismissal.id, status: 'reversed' }, case: { status: 'open', resolution: null } });
    expect(await sqlRows(t, 'SELECT status, resolution, assignee_id FROM cases WHERE id = $1', [caseId])).toEqual([{ status: 'open', resolution: null, assignee_id: null }]);
    expect(await sqlRows(t, 'SELECT outcome FROM reports WHERE id = $1', [report.reportId])).toEqual([{ outcome: null }]);

    const told = (await messagesFor(t, 'appealId', appeal.id)).find((m) => m.event_type === 'report.appeal_decided')!;
    expect(told.payload).toMatchObject({
      reporter: 'reporter-b', reportId: report.reportId, outcome: 'reversed', caseStatus: 'open', statusUrl: `${TEST_PUBLIC_URL}/report/status/${report.receiptCode}`,
    });
    // Nothing for the platform to undo: a dismissal restricted nothing, so no action.reversed webhook.
    expect((await messagesFor(t, 'actionId', dismissal.id)).map((m) => m.event_type)).not.toContain('action.reversed');
    const events = (await t.services.audit.list({ subjectType: 'case', subjectId: caseId, limit: 20 })).map((e) => e.type).reverse();
    expect(events.slice(-4)).toEqual(['appeal.received', 'action.reversed', 'case.reopened', 'appeal.reversed']);

    expect(await status(report.receiptCode)).toMatchObject({ status: 'received', outcome: null, canAppeal: false, appeal: { status: 'reversed' } });

    const again = await act(t, m2, caseId, { action: 'remove', ruleId: rule.id, reason: 'Messages after a clear no.' });
    expect(again.statusCode, again.body).toBe(201);
    expect(await sqlRows(t, 'SELECT outcome FROM reports WHERE id = $1', [report.reportId])).toEqual([{ outcome: 'upheld' }]);
  });

  it('lets a public reporter appeal on the status page by receipt code; an upheld dismissal stays and is shown', async () => {
    const pub = await t.app.inject({ method: 'POST', url: '/v1/public/reports', payload: { ...notice('subject-c'), email: 'reporter.c@example.org' } });
    const { receiptCode } = pub.json();
    expect((await status(receiptCode))).toMatchObject({ status: 'received', canAppeal: false, appeal: null });
    await act(t, m1, await caseOf('subject-c'), { action: 'dismiss', ruleId: rule.id, reason: 'No breach found.' });
    const before = await status(receiptCode);
    expect(before).toMatchObject({ status: 'decided', outcome: 'not_upheld', canAppeal: true, appeal: null });
    expect(new Date(before.appealDeadline).getTime()).toBeGreaterThan(t.clock.now().getTime() + 180 * 86_400_000);

    const filed = await t.app.inject({ method: 'POST', url: `/v1/public/reports/${receiptCode}/appeal`, payload: { text: 'The messages were sexual and unwanted.' } });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(await status(receiptCode)).toMatchObject({ canAppeal: false, appealDeadline: null, appeal: { status: 'open', decidedAt: null } });
    expect((await t.app.inject({ method: 'POST', url: `/v1/public/reports/${receiptCode}/appeal`, payload: { text: 'Again.' } })).json().code).toBe('already-appealed');

    const res = await decide(m2, filed.json().id, { outcome: 'upheld', reason: 'The messages were friendly and stopped when asked.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().case).toMatchObject({ status: 'resolved', resolution: 'no_violation' });
    expect(await status(receiptCode)).toMatchObject({
      outcome: 'not_upheld', canAppeal: false, appeal: { status: 'upheld', decisionReason: 'The messages were friendly and stopped when asked.' },
    });
    const mails = await sqlRows<{ subject: string; body: string }>(t, 'SELECT subject, body FROM outbound_emails WHERE related_id = $1', [filed.json().id]);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Your appeal about report ${receiptCode} was not accepted`);
    expect(mails[0]!.body).toContain(`${TEST_PUBLIC_URL}/report/status/${receiptCode}`);
  });

  it('in a child-safety category needs a senior moderator who neither dismissed nor confirmed', async () => {
    const report = await memberReport('subject-d', 'reporter-d', 'grooming');
    const caseId = await caseOf('subject-d');
    const pending = (await act(t, s1, caseId, { action: 'dismiss', ruleId: rule.id, reason: 'Adult-to-adult chat.' })).json().action;
    expect((await appealByPlatform(report.reportId, { reporterId: 'reporter-d', text: 'He is talking to my sister, 14.' })).json().code).toBe('not-appealable');
    expect((await t.app.inject({ method: 'POST', url: `/v1/actions/${pending.id}/confirm`, headers: s2.headers(true), payload: {} })).statusCode).toBe(200);
    const appeal = (await appealByPlatform(report.reportId, { reporterId: 'reporter-d', text: 'He is talking to my sister, 14.' })).json();
    expect((await decide(m2, appeal.id, { outcome: 'reversed', reason: 'x' })).json().code).toBe('senior-moderator-required');
    for (const who of [s1, s2]) expect((await decide(who, appeal.id, { outcome: 'reversed', reason: 'x' })).json().code).toBe('appeal-reviewer-must-differ');
    const res = await decide(s3, appeal.id, { outcome: 'reversed', reason: 'The other party is a minor.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().case).toMatchObject({ status: 'open' });
  });

  it('closes after the appeal window', async () => {
    const report = await memberReport('subject-e', 'reporter-e');
    await act(t, m1, await caseOf('subject-e'), { action: 'dismiss', ruleId: rule.id, reason: 'No breach found.' });
    t.clock.advance(200 * 86_400_000);
    const late = await appealByPlatform(report.reportId, { reporterId: 'reporter-e', text: 'Late.' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('appeal-window-closed');
    expect(await status(report.receiptCode)).toMatchObject({ canAppeal: false, appeal: null });
  });
});
