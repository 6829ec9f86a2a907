import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseal } from '../../src/lib/crypto.js';
import { newId } from '../../src/lib/ids.js';
import { publicLinks } from '../../src/lib/public-links.js';
import { ActionsRepo } from '../../src/modules/actions/actions.repo.js';
import { ActionsService } from '../../src/modules/actions/actions.service.js';
import { caseItems } from '../../src/modules/cases/cases.schema.js';
import { Outbox, type WebhookEventType } from '../../src/modules/webhooks/outbox.js';
import { OutboxRepo } from '../../src/modules/webhooks/outbox.repo.js';
import type { Queryable } from '../../src/storage/db.js';
import { TEST_PUBLIC_URL, createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { act, createRule, emailKey, insertCase, insertReport, messagesFor, sqlRows } from './actions-fixtures.js';

describe(`actions on cases, statements of reasons and strikes (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  let moderator: SignedIn;
  let moderator2fa: SignedIn;
  let auditor: SignedIn;
  let platform: Record<string, string>;
  let rule: { id: string; code: string };
  let illegalRule: { id: string; code: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAs(t, 'admin');
    moderator = await signInAs(t, 'moderator');
    moderator2fa = await signInAs(t, 'moderator', { twoFactor: true });
    auditor = await signInAs(t, 'auditor');
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['events:write', 'decisions:read', 'accounts:read']);
    platform = { authorization: `Bearer ${key}` };
    rule = await createRule(t, admin, { code: 'harassment', title: 'No harassment', description: 'Members treat each other with respect.' });
    illegalRule = await createRule(t, admin, {
      code: 'contact-child-sexual-purpose', title: 'Contact with a child for sexual purposes', description: 'Grooming a child is a crime.',
      ground: 'DECISION_GROUND_ILLEGAL_CONTENT', legalGround: 'Brottsbalken 6 kap. 10 a § (SFS 1962:700)',
    });
  });
  afterAll(() => t.close());

  describe('community rules', () => {
    it('lets admins create, change and retire rules, and every staff member read them', async () => {
      const noLegal = await t.app.inject({
        method: 'POST', url: '/v1/rules', headers: admin.headers(true),
        payload: { code: 'csam', title: 'CSAM', description: 'Never.', ground: 'DECISION_GROUND_ILLEGAL_CONTENT' },
      });
      expect(noLegal.statusCode).toBe(400);
      expect(noLegal.json().errors[0].field).toBe('legalGround');
      const dup = await t.app.inject({
        method: 'POST', url: '/v1/rules', headers: admin.headers(true),
        payload: { code: 'harassment', title: 'Again', description: 'Again.', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('rule-exists');
      const byModerator = await t.app.inject({
        method: 'POST', url: '/v1/rules', headers: moderator.headers(true),
        payload: { code: 'x1', title: 'X', description: 'X.', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' },
      });
      expect(byModerator.statusCode).toBe(403);

      const spam = await createRule(t, admin, { code: 'spam', title: 'No spam', description: 'No advertising.' });
      const patched = await t.app.inject({ method: 'PATCH', url: `/v1/rules/${spam.id}`, headers: admin.headers(true), payload: { title: 'No spam or ads' } });
      expect(patched.json()).toMatchObject({ code: 'spam', title: 'No spam or ads', ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT', legalGround: null });
      const retired = await t.app.inject({ method: 'POST', url: `/v1/rules/${spam.id}/retire`, headers: admin.headers(true) });
      expect(retired.json().retiredAt).not.toBeNull();
      expect((await t.app.inject({ method: 'POST', url: `/v1/rules/${spam.id}/retire`, headers: admin.headers(true) })).json().code).toBe('rule-retired');

      const list = (await t.app.inject({ url: '/v1/rules', headers: auditor.headers() })).json().items.map((r: { code: string }) => r.code);
      expect(list).toContain('harassment');
      expect(list).not.toContain('spam');
      const all = (await t.app.inject({ url: '/v1/rules?includeRetired=true', headers: moderator.headers() })).json().items.map((r: { code: string }) => r.code);
      expect(all).toContain('spam');

      const c = await insertCase(t);
      const withRetired = await act(t, moderator, c.id, { action: 'warn', ruleId: spam.id, reason: 'Advertising.' });
      expect(withRetired.statusCode).toBe(400);
      expect(withRetired.json().errors[0]).toEqual({ field: 'ruleId', message: 'the rule is retired' });
      const events = await t.services.audit.list({ type: 'rule.*', subjectType: 'rule', subjectId: spam.id, limit: 10 });
      expect(events.map((e) => e.type).sort()).toEqual(['rule.created', 'rule.retired', 'rule.updated']);
    });
  });

  describe('each action', () => {
    const table: [string, { status: string; resolution: string | null }, string | null][] = [
      ['dismiss', { status: 'resolved', resolution: 'no_violation' }, null],
      ['warn', { status: 'resolved', resolution: 'warn' }, 'decision_visibility'],
      ['hide', { status: 'open', resolution: null }, 'decision_visibility'],
      ['remove', { status: 'resolved', resolution: 'remove' }, 'decision_visibility'],
      ['restrict_minors', { status: 'resolved', resolution: 'restrict_minors' }, 'decision_provision'],
      ['suspend', { status: 'resolved', resolution: 'suspend' }, 'decision_account'],
      ['ban', { status: 'resolved', resolution: 'ban' }, 'decision_account'],
    ];

    it.each(table)('%s: one transaction with the case, the event, the statement and the webhooks', async (action, caseAfter, decisionField) => {
      const c = await insertCase(t);
      const res = await act(t, moderator, c.id, { action, ruleId: rule.id, reason: 'Repeated unwanted sexual messages after being told to stop.' });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.case).toEqual({ id: c.id, ...caseAfter });
      expect(body.action).toMatchObject({ action, status: 'active', caseId: c.id, affectedExternalId: c.subjectId, rule: { code: 'harassment' }, decidedBy: moderator.staffId });
      const [row] = await sqlRows(t, 'SELECT status, resolution FROM cases WHERE id = $1', [c.id]);
      expect(row).toEqual(caseAfter);

      const events = await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 10 });
      expect(events.map((e) => e.type)).toContain('action.taken');
      expect(events.find((e) => e.type === 'action.taken')!.actorId).toBe(moderator.staffId);

      const messages = await messagesFor(t, 'actionId', body.action.id);
      if (decisionField) {
        expect(body.action.statement.dsa).toHaveProperty(decisionField);
        expect(messages.map((m) => m.event_type)).toEqual(['action.taken', 'statement.issued']);
      } else {
        expect(body.action.statement).toBeNull();
        expect(messages.map((m) => m.event_type)).toEqual(['action.taken']);
      }
      expect(messages[0]!.payload).toMatchObject({ action, member: c.subjectId, subject: { type: 'account', id: c.subjectId }, rule: { code: 'harassment' } });
    });

    it('suspends for the policy default of 30 days unless told otherwise, and states the end', async () => {
      const c = await insertCase(t);
      const res = (await act(t, moderator, c.id, { action: 'suspend', ruleId: rule.id, reason: 'Threatened another member.' })).json();
      const expected = new Date(t.clock.now().getTime() + 30 * 86_400_000);
      expect(res.action.endsAt).toBe(expected.toISOString());
      expect(res.action.statement.dsa.end_date_account_restriction).toBe(expected.toISOString().slice(0, 10));
      const c2 = await insertCase(t);
      const endsAt = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
      const res2 = (await act(t, moderator, c2.id, { action: 'suspend', ruleId: rule.id, reason: 'Threatened another member.', endsAt })).json();
      expect(res2.action.endsAt).toBe(endsAt);
    });

    it('refuses bad decisions with the field at fault', async () => {
      const c = await insertCase(t);
      const cases: [Record<string, unknown>, number, string][] = [
        [{ action: 'warn', ruleId: rule.id, reason: 'Write to me at someone@example.com' }, 400, 'reason'],
        [{ action: 'warn', ruleId: rule.id, reason: 'x', endsAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() }, 400, 'endsAt'],
        [{ action: 'suspend', ruleId: rule.id, reason: 'x', endsAt: new Date(t.clock.now().getTime() - 1000).toISOString() }, 400, 'endsAt'],
        [{ action: 'warn', ruleId: newId(), reason: 'x' }, 400, 'ruleId'],
        [{ action: 'warn', reason: 'x' }, 400, 'body.ruleId'],
        [{ action: 'warn', ruleId: rule.id, reason: '   ' }, 400, 'body.reason'],
        [{ action: 'dismiss', ruleId: rule.id, reason: 'x', keepOpen: true }, 400, 'keepOpen'],
        [{ action: 'delete', ruleId: rule.id, reason: 'x' }, 400, 'body.action'],
      ];
      for (const [payload, status, field] of cases) {
        const res = await act(t, moderator, c.id, payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(status);
        expect(res.json().errors[0].field, JSON.stringify(payload)).toBe(field);
      }
      expect((await act(t, moderator, newId(), { action: 'warn', ruleId: rule.id, reason: 'x' })).statusCode).toBe(404);
      const message = await insertCase(t, { subjectType: 'message', subjectId: 'msg-1' });
      const noMember = await act(t, moderator, message.id, { action: 'suspend', ruleId: rule.id, reason: 'x' });
      expect(noMember.json().errors[0].field).toBe('affectedExternalId');
      // Nothing was recorded for the refused decisions.
      expect(await sqlRows(t, 'SELECT id FROM moderation_actions WHERE case_id = $1', [c.id])).toEqual([]);
    });

    it('refuses a second decision on a decided case, but lets a further restriction follow a breach', async () => {
      const c = await insertCase(t);
      await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'No breach.' });
      const again = await act(t, moderator, c.id, { action: 'warn', ruleId: rule.id, reason: 'x' });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('case-resolved');
      const c2 = await insertCase(t);
      await act(t, moderator, c2.id, { action: 'remove', ruleId: rule.id, reason: 'Sexual message to a stranger.' });
      const follow = await act(t, moderator, c2.id, { action: 'suspend', ruleId: rule.id, reason: 'And the account is suspended.' });
      expect(follow.statusCode).toBe(201);
      expect(follow.json().case).toEqual({ id: c2.id, status: 'resolved', resolution: 'suspend' });
    });

    it('keeps the case open with keepOpen, and respects another moderator’s claim', async () => {
      const c = await insertCase(t);
      const removed = (await act(t, moderator, c.id, { action: 'remove', ruleId: rule.id, reason: 'Removed first.', keepOpen: true })).json();
      expect(removed.case.status).toBe('open');
      const other = await signInAs(t, 'moderator');
      const claimed = await insertCase(t, { assigneeId: other.staffId });
      const res = await act(t, moderator, claimed.id, { action: 'warn', ruleId: rule.id, reason: 'x' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('case-claimed');
      expect((await act(t, other, claimed.id, { action: 'warn', ruleId: rule.id, reason: 'Warned.' })).statusCode).toBe(201);
    });
  });

  describe('the statement of reasons', () => {
    it('carries every DSA Art. 17 field, no personal data, and the redress link; the export has the Transparency Database shape', async () => {
      const c = await insertCase(t, { category: 'grooming', subjectType: 'message', subjectId: 'msg-771', openedAt: new Date(t.clock.now().getTime() - 2 * 86_400_000) });
      await insertReport(t, c.id, { source: 'trusted_flagger', reporterExternalId: 'netwalker-7' });
      await insertReport(t, c.id, { source: 'public', reporterExternalId: null, email: 'parent@example.org' });
      const res = await act(t, moderator2fa, c.id, {
        action: 'remove', ruleId: illegalRule.id, affectedExternalId: 'adult-member-9', territorialScope: ['SE', 'NO'],
        reason: 'The message asks a 14-year-old for nude images and to continue on Snapchat.',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { action } = res.json();
      const dsa = action.statement.dsa;
      expect(dsa).toEqual({
        decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
        decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
        illegal_content_legal_ground: 'Brottsbalken 6 kap. 10 a § (SFS 1962:700)',
        illegal_content_explanation: 'Contact with a child for sexual purposes. Grooming a child is a crime.',
        content_type: ['CONTENT_TYPE_TEXT'],
        category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
        category_specification: ['KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS'],
        territorial_scope: ['SE', 'NO'],
        content_date: new Date(t.clock.now().getTime() - 2 * 86_400_000).toISOString().slice(0, 10),
        application_date: t.clock.now().toISOString().slice(0, 10),
        decision_facts: expect.stringContaining('asks a 14-year-old for nude images'),
        source_type: 'SOURCE_TRUSTED_FLAGGER',
        automated_detection: 'No',
        automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
        puid: action.id,
      });
      const token = action.statement.redress.appealPath.replace('/appeal/', '');
      expect(action.statement.redress.appealPath).toMatch(/^\/appeal\/[A-Za-z0-9_-]{32}$/);
      expect(action.statement.redress.appealWindowMonths).toBe(6);
      const statementJson = JSON.stringify(action.statement);
      for (const personal of ['netwalker-7', 'parent@example.org', 'adult-member-9', 'msg-771']) expect(statementJson).not.toContain(personal);

      const statementIssued = (await messagesFor(t, 'actionId', action.id)).find((m) => m.event_type === 'statement.issued')!;
      expect(statementIssued.payload).toMatchObject({ kind: 'statement', member: 'adult-member-9', statement: { dsa: { puid: action.id } } });
      expect(JSON.stringify(statementIssued.payload)).not.toContain('netwalker-7');

      const pub = await t.app.inject({ url: `/v1/public/statements/${token}` });
      expect(pub.statusCode).toBe(200);
      expect(pub.json()).toMatchObject({ decision: { action: 'remove', status: 'active' }, statement: dsa, canAppeal: true, appeal: null });
      expect(pub.body).not.toContain('adult-member-9');
      expect((await t.app.inject({ url: '/v1/public/statements/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);

      const page1 = await t.app.inject({ url: '/v1/statements?limit=1', headers: auditor.headers() });
      expect(page1.statusCode).toBe(200);
      expect(page1.json().statements).toHaveLength(1);
      const all: { puid: string }[] = [];
      let after: string | null = null;
      do {
        const page: { statements: { puid: string }[]; nextAfter: string | null } = (await t.app.inject({ url: `/v1/statements?limit=2${after ? `&after=${after}` : ''}`, headers: auditor.headers() })).json();
        all.push(...page.statements);
        after = page.nextAfter;
      } while (after);
      const exported = all.find((s) => s.puid === action.id)!;
      expect(exported).toEqual(dsa);
      expect(new Set(all.map((s) => s.puid)).size).toBe(all.length);
      const { rows } = await t.db.database.executeSql(`SELECT count(*)::int AS n FROM moderation_actions WHERE statement IS NOT NULL`);
      expect(all.length).toBe(rows[0]!.n);
      expect((await t.app.inject({ url: '/v1/statements', headers: moderator.headers() })).statusCode).toBe(403);
    });

    it('says SOURCE_VOLUNTARY and automated detection for a case opened by signals', async () => {
      const c = await insertCase(t, { category: 'grooming' });
      await t.db.database.db.insert(caseItems).values({
        id: newId(), caseId: c.id, kind: 'distinct_minors_first_contacted_24h', dedupeKey: `k-${c.id}`, evidence: { minors: 6 }, createdAt: t.clock.now(),
      });
      const res = (await act(t, moderator2fa, c.id, { action: 'restrict_minors', ruleId: illegalRule.id, reason: 'First contacted six minors in a day.' })).json();
      expect(res.action.statement.dsa).toMatchObject({ source_type: 'SOURCE_VOLUNTARY', automated_detection: 'Yes', decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION' });
      expect(res.action.statement.dsa).not.toHaveProperty('end_date_service_restriction');
    });
  });

  describe('child safety', () => {
    it('needs a two-factor session to act on or read a child-safety case', async () => {
      const c = await insertCase(t, { category: 'csam' });
      const res = await act(t, moderator, c.id, { action: 'remove', ruleId: illegalRule.id, reason: 'Known image.' });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('two-factor-required');
      expect((await t.app.inject({ url: `/v1/cases/${c.id}/actions`, headers: moderator.headers() })).statusCode).toBe(403);
      expect((await act(t, moderator2fa, c.id, { action: 'remove', ruleId: illegalRule.id, reason: 'Known image.' })).statusCode).toBe(201);
      expect((await t.app.inject({ url: `/v1/cases/${c.id}/actions`, headers: moderator2fa.headers() })).json().items).toHaveLength(1);
    });
  });

  describe('telling the reporters', () => {
    it('records the outcome on every report, sends report.outcome for members and e-mails public reporters who left an address', async () => {
      const c = await insertCase(t);
      const member = await insertReport(t, c.id, { source: 'member', reporterExternalId: 'reporter-a' });
      const pub = await insertReport(t, c.id, { source: 'public', reporterExternalId: null, email: 'worried.parent@example.org' });
      await insertReport(t, c.id, { source: 'public', reporterExternalId: null });
      const res = (await act(t, moderator, c.id, { action: 'remove', ruleId: rule.id, reason: 'Sexual harassment in messages.' })).json();
      expect((await sqlRows(t, 'SELECT DISTINCT outcome FROM reports WHERE case_id = $1', [c.id]))).toEqual([{ outcome: 'upheld' }]);
      const outcome = await messagesFor(t, 'caseId', c.id);
      const told = outcome.filter((m) => m.event_type === 'report.outcome');
      expect(told).toHaveLength(1);
      expect(told[0]!.payload).toMatchObject({ reportId: member.id, reporter: 'reporter-a', outcome: 'upheld', action: 'remove', receiptCode: member.receiptCode });
      const emails = await sqlRows<{ to_sealed: string; subject: string; body: string; related_type: string; related_id: string; status: string }>(
        t, `SELECT to_sealed, subject, body, related_type, related_id, status FROM outbound_emails WHERE related_type = 'report' AND related_id = $1`, [pub.id],
      );
      expect(emails).toHaveLength(1);
      expect(unseal(emailKey, emails[0]!.to_sealed)).toBe('worried.parent@example.org');
      expect(emails[0]!.subject).toContain(pub.receiptCode);
      expect(emails[0]!.body).toContain('acted on it');
      expect(emails[0]!.status).toBe('pending');
      expect(JSON.stringify(res.action.statement)).not.toContain('reporter-a');
    });

    it('tells reporters a dismissal found nothing, and lifts the precautionary hide', async () => {
      const c = await insertCase(t, { subjectType: 'image', subjectId: 'img-5' });
      await insertReport(t, c.id, { source: 'member', reporterExternalId: 'reporter-b' });
      const hide = (await act(t, moderator, c.id, { action: 'hide', ruleId: rule.id, reason: 'Hidden while reviewed.', affectedExternalId: 'owner-5' })).json();
      expect(hide.case.status).toBe('open');
      expect(hide.strikes).toBeNull();
      const dismissed = (await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'A holiday photo; nothing wrong.' })).json();
      expect(dismissed.case).toMatchObject({ status: 'resolved', resolution: 'no_violation' });
      const messages = await messagesFor(t, 'actionId', hide.action.id);
      expect(messages.map((m) => m.event_type)).toEqual(['action.taken', 'statement.issued', 'action.reversed']);
      expect(messages[2]!.payload).toMatchObject({ action: 'hide', reason: 'case dismissed' });
      const list = (await t.app.inject({ url: `/v1/cases/${c.id}/actions`, headers: moderator.headers() })).json();
      expect(list.items.map((a: { action: string; status: string }) => `${a.action}:${a.status}`)).toEqual(['hide:reversed', 'dismiss:active']);
      const told = (await messagesFor(t, 'caseId', c.id)).filter((m) => m.event_type === 'report.outcome');
      expect(told.map((m) => m.payload.outcome)).toEqual(['not_upheld']);
    });
  });




  describe('atomicity', () => {
    it('leaves nothing behind when any part of the decision fails', async () => {
      class FailingOutbox extends Outbox {
        override async emit(tx: Queryable, type: WebhookEventType, payload: Record<string, unknown>): Promise<string> {
          const id = await super.emit(tx, type, payload);
          if (type === 'statement.issued') throw new Error('simulated failure after the webhook was recorded');
          return id;
        }
      }
      const failing = new ActionsService(
        t.db.database, new ActionsRepo(), t.services.audit, t.services.policies, new FailingOutbox(new OutboxRepo(), t.clock, emailKey), t.clock, emailKey,
        publicLinks(TEST_PUBLIC_URL),
      );
      const c = await insertCase(t, { subjectId: 'atomic-member' });
      const report = await insertReport(t, c.id, { source: 'public', reporterExternalId: 'rep-atomic', email: 'a@example.org' });
      const before = await sqlRows(t, 'SELECT count(*)::int AS n FROM webhook_messages');
      await expect(failing.takeAction({ id: moderator.staffId, role: 'moderator', twoFactor: false }, c.id, { action: 'ban', ruleId: rule.id, reason: 'Banned.' }))
        .rejects.toThrow('simulated failure');
      expect(await sqlRows(t, 'SELECT id FROM moderation_actions WHERE case_id = $1', [c.id])).toEqual([]);
      expect(await sqlRows(t, `SELECT id FROM strikes WHERE member_external_id = 'atomic-member'`)).toEqual([]);
      expect(await sqlRows(t, 'SELECT status, resolution FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'open', resolution: null }]);
      expect(await sqlRows(t, 'SELECT outcome FROM reports WHERE id = $1', [report.id])).toEqual([{ outcome: null }]);
      expect(await sqlRows(t, 'SELECT count(*)::int AS n FROM webhook_messages')).toEqual(before);
      expect(await sqlRows(t, `SELECT id FROM outbound_emails WHERE related_id = $1`, [report.id])).toEqual([]);
      expect(await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 5 })).toEqual([]);
      // The same decision through the real service succeeds afterwards.
      expect((await act(t, moderator, c.id, { action: 'ban', ruleId: rule.id, reason: 'Banned.' })).statusCode).toBe(201);
    });
  });

  describe('the account restriction', () => {
    it('makes contact decisions deny a member restricted from minors, and lifts with the restriction', async () => {
      const now = t.clock.now();
      const born = (age: number) => new Date(Date.UTC(now.getUTCFullYear() - age, 0, 1)).toISOString().slice(0, 10);
      const { key } = await t.services.apiKeys.create({ type: 'system' }, 'events', ['events:write', 'decisions:read']);
      const headers = { authorization: `Bearer ${key}` };
      await t.app.inject({
        method: 'POST', url: '/v1/events', headers,
        payload: { events: [
          { id: 'reg-a', type: 'account.registered', occurredAt: now.toISOString(), accountId: 'adult-r', birthDate: born(30) },
          { id: 'reg-m', type: 'account.registered', occurredAt: now.toISOString(), accountId: 'minor-r', birthDate: born(16) },
          { id: 'msg-m', type: 'message.sent', occurredAt: now.toISOString(), conversationId: 'cv', from: 'minor-r', to: 'adult-r' },
        ] },
      });
      const decide = async () => (await t.app.inject({ method: 'POST', url: '/v1/contact/decide', headers, payload: { from: 'adult-r', to: 'minor-r', kind: 'message' } })).json();
      expect((await decide()).allow).toBe(true);
      const c = await insertCase(t, { subjectId: 'adult-r', category: 'grooming' });
      const endsAt = new Date(now.getTime() + 10 * 86_400_000).toISOString();
      await act(t, moderator2fa, c.id, { action: 'restrict_minors', ruleId: illegalRule.id, reason: 'Sexual talk with a 16-year-old.', endsAt });
      expect(await sqlRows(t, `SELECT restriction FROM accounts WHERE external_id = 'adult-r'`)).toEqual([{ restriction: 'restricted_from_minors' }]);
      expect(await decide()).toMatchObject({ allow: false, rule: 'restricted-sender' });
      t.clock.advance(11 * 86_400_000);
      expect((await decide()).allow).toBe(true);
      // Sessions end after 12 hours: the strikes test that follows signs in again.
      moderator = await signInAs(t, 'moderator');
    });
  });

  // Last: it moves the clock a year on.
  describe('strikes', () => {
    it('counts strikes toward the thresholds, flags a suggested suspension on the answer and the case, and expires them', async () => {
      const member = 'repeat-offender';
      const results = [];
      const caseIds: string[] = [];
      for (const action of ['warn', 'hide', 'remove', 'warn']) {
        const c = await insertCase(t, { subjectId: member });
        caseIds.push(c.id);
        results.push((await act(t, moderator, c.id, { action, ruleId: rule.id, reason: `Strike by ${action}.` })).json());
      }
      expect(results.map((r) => r.strikes?.active ?? null)).toEqual([1, null, 2, 3]);
      expect(results.map((r) => r.suspensionSuggested)).toEqual([false, false, false, true]);
      expect(results[3].strikes).toEqual({ member, added: 1, active: 3, thresholds: [3, 5], thresholdCrossed: 3 });

      const onCase = (await t.app.inject({ url: `/v1/cases/${caseIds[3]}/actions`, headers: moderator.headers() })).json();
      expect(onCase.suspensionSuggested).toBe(true);
      const flagged = await t.services.audit.list({ type: 'case.suspension_suggested', subjectId: caseIds[3], limit: 5 });
      expect(flagged[0]!.payload).toMatchObject({ member, activeStrikes: 3, threshold: 3 });
      // The account's strikes carry the same suggestion, for the account view.
      expect((await t.app.inject({ url: `/v1/accounts/${member}/strikes`, headers: platform })).json()).toMatchObject({ activeStrikes: 3, suspensionSuggested: true });

      // The suggestion taken: a suspension follows on the same case, and the flag clears.
      const suspended = (await act(t, moderator, caseIds[3]!, { action: 'suspend', ruleId: rule.id, reason: 'Third strike: suspended.' })).json();
      expect(suspended.suspensionSuggested).toBe(false);
      expect(suspended.strikes.active).toBe(4);
      expect((await t.app.inject({ url: `/v1/cases/${caseIds[3]}/actions`, headers: moderator.headers() })).json().suspensionSuggested).toBe(false);

      const strikes = (await t.app.inject({ url: `/v1/accounts/${member}/strikes`, headers: platform })).json();
      expect(strikes).toMatchObject({ member, activeStrikes: 4, thresholds: [3, 5], suspensionSuggested: false });
      expect(strikes.strikes.map((s: { action: string }) => s.action)).toEqual(['suspend', 'warn', 'remove', 'warn']);
      expect(strikes.restrictionsInForce.map((r: { action: string }) => r.action)).toEqual(['suspend']);

      t.clock.advance(366 * 86_400_000);
      const later = (await t.app.inject({ url: `/v1/accounts/${member}/strikes`, headers: platform })).json();
      expect(later).toMatchObject({ activeStrikes: 0, suspensionSuggested: false });
      expect(later.restrictionsInForce).toEqual([]);
    });
  });

});
