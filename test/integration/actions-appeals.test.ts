import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseal } from '../../src/lib/crypto.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { act, createRule, emailKey, insertCase, insertReport, messagesFor, sqlRows } from './actions-fixtures.js';

const MONTH_6 = (from: Date) => {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + 6);
  return d;
};

describe(`appeals: the affected member appeals, a different reviewer decides (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  let m1: SignedIn;
  let m2: SignedIn;
  let s1: SignedIn;
  let s2: SignedIn;
  let platform: Record<string, string>;
  let rule: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAs(t, 'admin');
    m1 = await signInAs(t, 'moderator', { twoFactor: true });
    m2 = await signInAs(t, 'moderator', { twoFactor: true });
    s1 = await signInAs(t, 'senior_moderator');
    s2 = await signInAs(t, 'senior_moderator');
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['reports:write', 'decisions:read']);
    platform = { authorization: `Bearer ${key}` };
    rule = await createRule(t, admin, { code: 'respect', title: 'Respect others', description: 'No harassment of other members.' });
  });
  afterAll(() => t.close());

  const appealByPlatform = (actionId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/actions/${actionId}/appeals`, headers: platform, payload });
  const decide = (who: SignedIn, appealId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/appeals/${appealId}/decision`, headers: who.headers(true), payload });
  const tokenOf = (action: { statement: { redress: { appealPath: string } } }) => action.statement.redress.appealPath.replace('/appeal/', '');

  it('takes an appeal from the platform for the affected member only, once', async () => {
    const c = await insertCase(t, { subjectId: 'member-a' });
    const { action } = (await act(t, m1, c.id, { action: 'warn', ruleId: rule.id, reason: 'Insulting messages.' })).json();
    const wrong = await appealByPlatform(action.id, { memberExternalId: 'someone-else', text: 'Not me.' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().code).toBe('not-affected-member');
    const res = await appealByPlatform(action.id, { memberExternalId: 'member-a', text: 'It was a joke between friends.' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ actionId: action.id, appellantExternalId: 'member-a', channel: 'platform', status: 'open' });
    expect((await appealByPlatform(action.id, { memberExternalId: 'member-a', text: 'Again.' })).json().code).toBe('already-appealed');
    const list = (await t.app.inject({ url: '/v1/appeals?status=open', headers: m2.headers() })).json();
    expect(list.items.find((a: { id: string }) => a.id === res.json().id)).toMatchObject({ action: 'warn', caseId: c.id, childSafety: false, originalDeciderId: m1.staffId });
    expect(list.items[0]).not.toHaveProperty('text');
    const one = (await t.app.inject({ url: `/v1/appeals/${res.json().id}`, headers: m2.headers() })).json();
    expect(one).toMatchObject({ text: 'It was a joke between friends.', action: { id: action.id, category: 'sexual_harassment' } });
    const events = await t.services.audit.list({ type: 'appeal.received', subjectId: c.id, limit: 5 });
    expect(events[0]!.payload).toMatchObject({ actionId: action.id, channel: 'platform' });
  });

  it('refuses an appeal of a dismissal (no restriction, no statement)', async () => {
    const c = await insertCase(t, { subjectId: 'member-d' });
    const { action } = (await act(t, m1, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'Fine.' })).json();
    expect((await appealByPlatform(action.id, { memberExternalId: 'member-d', text: 'Why?' })).json().code).toBe('not-appealable');
  });

  it('reverses through a different reviewer: action reversed, strike removed, case resolved, platform told to undo', async () => {
    const c = await insertCase(t, { subjectId: 'member-b' });
    await insertReport(t, c.id, { source: 'member', reporterExternalId: 'reporter-b' });
    const taken = (await act(t, m1, c.id, { action: 'remove', ruleId: rule.id, reason: 'Harassing messages.' })).json();
    expect(taken.strikes.active).toBe(1);
    const appeal = (await appealByPlatform(taken.action.id, { memberExternalId: 'member-b', text: 'The other member started it and I quoted them.' })).json();

    const self = await decide(m1, appeal.id, { outcome: 'reversed', reason: 'x' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('appeal-reviewer-must-differ');

    const res = await decide(m2, appeal.id, { outcome: 'reversed', reason: 'The message quotes the other member; no harassment by this member.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      appeal: { status: 'reversed', decidedBy: m2.staffId }, action: { status: 'reversed' },
      case: { id: c.id, status: 'resolved', resolution: 'reversed_on_appeal' },
    });
    expect(await sqlRows(t, 'SELECT status FROM moderation_actions WHERE id = $1', [taken.action.id])).toEqual([{ status: 'reversed' }]);
    const [strike] = await sqlRows<{ removed_at: unknown }>(t, 'SELECT removed_at FROM strikes WHERE action_id = $1', [taken.action.id]);
    expect(strike!.removed_at).not.toBeNull();
    expect((await t.app.inject({ url: '/v1/accounts/member-b/strikes', headers: m2.headers() })).json().activeStrikes).toBe(0);
    expect(await sqlRows(t, 'SELECT status, resolution FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'resolved', resolution: 'reversed_on_appeal' }]);
    expect(await sqlRows(t, 'SELECT outcome FROM reports WHERE case_id = $1', [c.id])).toEqual([{ outcome: 'not_upheld' }]);

    const messages = await messagesFor(t, 'actionId', taken.action.id);
    expect(messages.map((m) => m.event_type)).toEqual(['action.taken', 'statement.issued', 'action.reversed', 'statement.issued']);
    expect(messages[2]!.payload).toMatchObject({ action: 'remove', member: 'member-b', reason: 'appeal', appealId: appeal.id, subject: { type: 'account', id: 'member-b' } });
    expect(messages[3]!.payload).toMatchObject({ kind: 'appeal_decision', outcome: 'reversed', member: 'member-b' });
    const told = (await messagesFor(t, 'caseId', c.id)).filter((m) => m.event_type === 'report.outcome').map((m) => m.payload);
    expect(told.map((p) => `${p.outcome}:${p.action}`)).toEqual(['upheld:remove', 'not_upheld:reversed']);
    const events = (await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 10 })).map((e) => e.type).reverse();
    expect(events).toEqual(['action.taken', 'appeal.received', 'case.resolved', 'action.reversed', 'appeal.reversed']);
    expect((await decide(s1, appeal.id, { outcome: 'upheld', reason: 'x' })).json().code).toBe('appeal-decided');
    // A reversed decision cannot be appealed again.
    expect((await appealByPlatform(taken.action.id, { memberExternalId: 'member-b', text: 'Again.' })).json().code).toBe('action-reversed');
  });

  it('can reopen an ordinary case instead of resolving it', async () => {
    const c = await insertCase(t, { subjectId: 'member-r' });
    const taken = (await act(t, m1, c.id, { action: 'ban', ruleId: rule.id, reason: 'Threats.' })).json();
    const appeal = (await appealByPlatform(taken.action.id, { memberExternalId: 'member-r', text: 'Too harsh.' })).json();
    const res = (await decide(m2, appeal.id, { outcome: 'reversed', reason: 'A ban is too harsh for a first breach; decide again.', caseAfter: 'reopen' })).json();
    expect(res.case).toEqual({ id: c.id, status: 'open', resolution: null });
    expect((await act(t, m2, c.id, { action: 'warn', ruleId: rule.id, reason: 'Threats; first breach.' })).statusCode).toBe(201);
  });

  it('reversing a follow-up keeps the decision before it', async () => {
    const c = await insertCase(t, { subjectId: 'member-f' });
    await act(t, m1, c.id, { action: 'remove', ruleId: rule.id, reason: 'Harassing message.' });
    const suspended = (await act(t, m1, c.id, { action: 'suspend', ruleId: rule.id, reason: 'And suspended.' })).json();
    const appeal = (await appealByPlatform(suspended.action.id, { memberExternalId: 'member-f', text: 'The suspension is too much.' })).json();
    const res = (await decide(m2, appeal.id, { outcome: 'reversed', reason: 'Removal is enough for a first breach.' })).json();
    expect(res.case).toEqual({ id: c.id, status: 'resolved', resolution: 'remove' });
    expect((await t.app.inject({ url: '/v1/accounts/member-f/strikes', headers: m2.headers() })).json().activeStrikes).toBe(1);
  });

  it('upholds with a reason, which the member is sent', async () => {
    const c = await insertCase(t, { subjectId: 'member-u' });
    const taken = (await act(t, m1, c.id, { action: 'suspend', ruleId: rule.id, reason: 'Harassment after a warning.' })).json();
    const appeal = (await appealByPlatform(taken.action.id, { memberExternalId: 'member-u', text: 'Unfair.' })).json();
    const res = (await decide(m2, appeal.id, { outcome: 'upheld', reason: 'The messages were harassment; the suspension stands.' })).json();
    expect(res).toMatchObject({ appeal: { status: 'upheld' }, action: { status: 'active' }, case: { status: 'resolved', resolution: 'suspend' } });
    const messages = await messagesFor(t, 'actionId', taken.action.id);
    expect(messages.map((m) => m.event_type)).toEqual(['action.taken', 'statement.issued', 'statement.issued']);
    expect(messages[2]!.payload).toMatchObject({ kind: 'appeal_decision', outcome: 'upheld', reason: 'The messages were harassment; the suspension stands.' });
    expect(await sqlRows(t, `SELECT restriction FROM accounts WHERE external_id = 'member-u'`)).toEqual([]);
  });

  it('child safety: the public page takes the appeal; only a senior moderator decides; a reversal reopens the case and lifts the restriction', async () => {
    await t.app.inject({
      method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${(await t.services.apiKeys.create({ type: 'system' }, 'ev', ['events:write'])).key}` },
      payload: { events: [{ id: 'reg-g', type: 'account.registered', occurredAt: t.clock.now().toISOString(), accountId: 'member-g', birthDate: '1980-02-02' }] },
    });
    const c = await insertCase(t, { subjectId: 'member-g', category: 'grooming' });
    await insertReport(t, c.id, { source: 'public', reporterExternalId: null, email: 'mum@example.org' });
    const taken = (await act(t, m1, c.id, { action: 'suspend', ruleId: rule.id, reason: 'Asked a 14-year-old to meet and keep it secret.' })).json();
    expect(await sqlRows(t, `SELECT restriction FROM accounts WHERE external_id = 'member-g'`)).toEqual([{ restriction: 'suspended' }]);
    const token = tokenOf(taken.action);

    const page = await t.app.inject({ url: `/v1/public/statements/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      decision: { action: 'suspend', status: 'active' }, canAppeal: true, appeal: null,
      statement: { decision_account: 'DECISION_ACCOUNT_SUSPENDED', category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', source_type: 'SOURCE_ARTICLE_16' },
      redress: { appealPath: `/appeal/${token}`, appealWindowMonths: 6 },
    });
    for (const personal of ['member-g', 'mum@example.org', m1.staffId]) expect(page.body).not.toContain(personal);

    const bad = await t.app.inject({ method: 'POST', url: `/v1/public/statements/${token}/appeal`, payload: { text: 'x', contactEmail: 'not-an-address' } });
    expect(bad.statusCode).toBe(400);
    const filed = await t.app.inject({
      method: 'POST', url: `/v1/public/statements/${token}/appeal`, payload: { text: 'I thought she was 19; her profile said so.', contactEmail: 'member.g@example.net' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const appealId = filed.json().id;
    expect((await t.app.inject({ url: `/v1/public/statements/${token}` })).json()).toMatchObject({ canAppeal: false, appeal: { status: 'open' } });
    expect((await t.app.inject({ method: 'POST', url: `/v1/public/statements/${token}/appeal`, payload: { text: 'Again' } })).json().code).toBe('already-appealed');
    const [stored] = await sqlRows<{ details: Record<string, string>; appellant_external_id: string }>(t, 'SELECT details, appellant_external_id FROM appeals WHERE id = $1', [appealId]);
    expect(stored!.appellant_external_id).toBe('member-g');
    expect(JSON.stringify(stored!.details)).not.toContain('member.g@example.net');
    expect(unseal(emailKey, stored!.details.contactEmailSealed!)).toBe('member.g@example.net');

    const byModerator = await decide(m2, appealId, { outcome: 'reversed', reason: 'x' });
    expect(byModerator.statusCode).toBe(403);
    expect(byModerator.json().code).toBe('senior-moderator-required');
    const res = await decide(s1, appealId, { outcome: 'reversed', reason: 'The profile showed 19; he stopped when told her age.', caseAfter: 'resolve' });
    expect(res.statusCode, res.body).toBe(200);
    // A child-safety case is never closed by one person: it goes back to the queue whatever was asked.
    expect(res.json().case).toEqual({ id: c.id, status: 'open', resolution: null });
    expect(await sqlRows(t, 'SELECT status, resolution, assignee_id FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'open', resolution: null, assignee_id: null }]);
    expect(await sqlRows(t, 'SELECT outcome FROM reports WHERE case_id = $1', [c.id])).toEqual([{ outcome: null }]);
    expect(await sqlRows(t, `SELECT restriction FROM accounts WHERE external_id = 'member-g'`)).toEqual([{ restriction: null }]);
    expect((await messagesFor(t, 'actionId', taken.action.id)).map((m) => m.event_type)).toContain('action.reversed');
    const emails = await sqlRows<{ to_sealed: string; subject: string; body: string }>(t, `SELECT to_sealed, subject, body FROM outbound_emails WHERE related_type = 'appeal' AND related_id = $1`, [appealId]);
    expect(emails).toHaveLength(1);
    expect(unseal(emailKey, emails[0]!.to_sealed)).toBe('member.g@example.net');
    expect(emails[0]!.subject).toBe('Your appeal was accepted');
    expect(emails[0]!.body).toContain('he stopped when told her age');
    expect((await t.app.inject({ url: `/v1/public/statements/${token}` })).json()).toMatchObject({ decision: { status: 'reversed' }, appeal: { status: 'reversed' }, canAppeal: false });
    const events = (await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 10 })).map((e) => e.type).reverse();
    expect(events).toEqual(['action.taken', 'appeal.received', 'case.reopened', 'action.reversed', 'appeal.reversed']);
    expect((await t.services.audit.list({ type: 'appeal.received', subjectId: c.id, limit: 1 }))[0]!.actorType).toBe('anonymous');
    void s2;
  });

  it('takes the appeal window from the policy, never under six months', async () => {
    const current = (await t.app.inject({ url: '/v1/policy', headers: admin.headers() })).json().document;
    const tooShort = await t.app.inject({
      method: 'PUT', url: '/v1/policy', headers: admin.headers(true), payload: { document: { ...current, enforcement: { ...current.enforcement, appealWindowMonths: 5 } } },
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors[0].field).toBe('document.enforcement.appealWindowMonths');
    const saved = await t.app.inject({
      method: 'PUT', url: '/v1/policy', headers: admin.headers(true), payload: { document: { ...current, enforcement: { ...current.enforcement, appealWindowMonths: 12 } } },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const c = await insertCase(t, { subjectId: 'member-12' });
    const { action } = (await act(t, m1, c.id, { action: 'warn', ruleId: rule.id, reason: 'Rude.' })).json();
    expect(action.statement.redress.appealWindowMonths).toBe(12);
    const deadline = new Date(t.clock.now());
    deadline.setUTCMonth(deadline.getUTCMonth() + 12);
    expect(action.statement.redress.appealDeadline).toBe(deadline.toISOString());
    await t.app.inject({ method: 'PUT', url: '/v1/policy', headers: admin.headers(true), payload: { document: current } });
  });

  // Last: moves the clock half a year on (staff sessions end; the platform's key does not).
  it('accepts an appeal within the window and refuses one outside it with the deadline', async () => {
    const early = await insertCase(t, { subjectId: 'member-w1' });
    const late = await insertCase(t, { subjectId: 'member-w2' });
    const a1 = (await act(t, m1, early.id, { action: 'remove', ruleId: rule.id, reason: 'Spam links.' })).json().action;
    const decidedAt = new Date(a1.decidedAt);
    const deadline = MONTH_6(decidedAt);
    expect(a1.statement.redress.appealDeadline).toBe(deadline.toISOString());
    const a2 = (await act(t, m1, late.id, { action: 'remove', ruleId: rule.id, reason: 'Spam links.' })).json().action;

    t.clock.set(new Date(deadline.getTime() - 60_000));
    expect((await appealByPlatform(a1.id, { memberExternalId: 'member-w1', text: 'Just in time.' })).statusCode).toBe(201);

    t.clock.set(new Date(deadline.getTime() + 60_000));
    const tooLate = await appealByPlatform(a2.id, { memberExternalId: 'member-w2', text: 'Too late.' });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().code).toBe('appeal-window-closed');
    expect(tooLate.json().detail).toContain(new Date(a2.statement.redress.appealDeadline).toISOString());
    const token = tokenOf(a2);
    expect((await t.app.inject({ url: `/v1/public/statements/${token}` })).json().canAppeal).toBe(false);
    const publicLate = await t.app.inject({ method: 'POST', url: `/v1/public/statements/${token}/appeal`, payload: { text: 'Too late.' } });
    expect(publicLate.statusCode).toBe(409);
    expect(publicLate.json().detail).toContain(a2.statement.redress.appealDeadline);
    expect(await sqlRows(t, 'SELECT id FROM appeals WHERE action_id = $1', [a2.id])).toEqual([]);
  });
});
