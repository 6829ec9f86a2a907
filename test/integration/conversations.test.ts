import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationsRepo } from '../../src/modules/conversations/conversations.repo.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { seedConversations, token, type SeededConversations } from './conversations-fixtures.js';

describe(`private messages are read only through a case, with a reason (${testDriver})`, () => {
  let t: TestApp;
  let seed: SeededConversations;
  let moderator: SignedIn;
  let senior: SignedIn;
  let auditor: SignedIn;
  const open = (who: SignedIn, caseId: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/cases/${caseId}/conversation-access`, headers: who.headers(true), payload: body });
  const accessEvents = (type: string, actorId: string) => t.services.audit.list({ type, actorId, limit: 50 });

  beforeAll(async () => {
    t = await createTestApp();
    seed = await seedConversations(t);
    moderator = await signInAs(t, 'moderator', { twoFactor: true });
    senior = await signInAs(t, 'senior_moderator');
    auditor = await signInAs(t, 'auditor', { twoFactor: true });
  });
  afterAll(() => t.close());

  it('shows the ten messages either side of the reported one, marked, and records the view first', async () => {
    const res = await open(moderator, seed.messageCaseId, { reason: 'Judging the grooming report' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const view = res.json();
    expect(view.messages.map((m: { id: string }) => m.id)).toEqual(Array.from({ length: 21 }, (_, i) => `m-${i + 5}`));
    expect(view.messages.filter((m: { anchor: boolean }) => m.anchor).map((m: { id: string }) => m.id)).toEqual(['m-15']);
    expect(view.messages[10].text).toBe(`${token('main', 15)} hello`);
    expect(view.messages.find((m: { id: string }) => m.id === 'm-7').text).toBeNull();
    expect(view).toMatchObject({ conversationId: 'main', anchorMessageId: 'm-15', scope: 'around', moreBefore: true, moreAfter: true });
    const [event] = await accessEvents('conversation.viewed', moderator.staffId);
    expect(event).toMatchObject({ id: view.accessId, subjectType: 'case', subjectId: seed.messageCaseId });
    expect(event!.payload).toMatchObject({
      caseId: seed.messageCaseId, conversationId: 'main', anchorMessageId: 'm-15', firstMessageId: 'm-5', lastMessageId: 'm-25', messages: 21,
      reason: 'Judging the grooming report', role: 'moderator',
    });
  });

  it('refuses without a reason, naming the field', async () => {
    for (const body of [{}, { reason: ' ' }]) {
      const res = await open(moderator, seed.messageCaseId, body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field).toBe('body.reason');
    }
  });

  it('refuses a case that references no conversation, and records the refusal', async () => {
    const res = await open(moderator, seed.accountCaseId, { reason: 'Curious' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'conversation-not-referenced', errors: [{ field: 'params.id' }] });
    const [refused] = await accessEvents('conversation.refused', moderator.staffId);
    expect(refused!.payload).toMatchObject({ caseId: seed.accountCaseId, code: 'conversation-not-referenced', reason: 'Curious' });
  });

  it('will not move the window to a message the case does not reference, nor to another conversation', async () => {
    const moved = await open(moderator, seed.messageCaseId, { reason: 'Look further back', messageId: 'm-1' });
    expect(moved.statusCode).toBe(403);
    expect(moved.json().errors[0].field).toBe('body.messageId');
    const other = await open(moderator, seed.messageCaseId, { reason: 'The other chat', conversationId: 'other' });
    expect(other.statusCode).toBe(403);
    expect(other.json().errors[0].field).toBe('body.conversationId');
    expect(moved.body + other.body).not.toContain('PRIVATE-TOKEN');
  });

  it('lets only senior reviewers widen the view, each widening with its own reason on the record', async () => {
    const refused = await open(moderator, seed.messageCaseId, { reason: 'Context', widen: { scope: 'all', reason: 'Need everything' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'widening-not-allowed', errors: [{ field: 'body.widen' }] });
    const wide = await open(senior, seed.messageCaseId, { reason: 'Context', widen: { scope: 'wide', reason: 'Grooming builds up over weeks' } });
    expect(wide.json().messages).toHaveLength(30);
    expect(wide.json()).toMatchObject({ scope: 'wide', moreBefore: false, moreAfter: false });
    const [event] = await accessEvents('conversation.widened', senior.staffId);
    expect(event!.payload).toMatchObject({ scope: 'wide', reason: 'Grooming builds up over weeks', viewReason: 'Context', firstMessageId: 'm-1', lastMessageId: 'm-30' });
  });

  it('centres a whole-conversation report on its last message before the case opened', async () => {
    const res = await open(moderator, seed.conversationCaseId, { reason: 'Parent reported the chat' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ conversationId: 'other', anchorMessageId: 'o-12', moreBefore: true, moreAfter: false });
    expect(res.json().messages).toHaveLength(11);
  });

  it('opens a conversation a signal on the case names in its evidence', async () => {
    const { caseId } = await t.db.database.db.transaction(async (tx) =>
      t.services.cases.addSignal(tx, { type: 'system' }, {
        subject: { type: 'account', id: 'adult-9' }, category: 'grooming', minorInvolved: true, trustedFlagger: false,
        kind: 'conversation-risk', dedupeKey: 'risk:adult-9:main', evidence: { messageId: 'm-3', conversationId: 'main' },
      }));
    const res = await open(moderator, caseId, { reason: 'Risk signal on this chat', messageId: 'm-3' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ anchorMessageId: 'm-3', moreBefore: false });
  });

  it('keeps the text sealed in the database', async () => {
    const { rows } = await t.db.database.executeSql(`SELECT text_sealed FROM messages WHERE message_id = 'm-15'`);
    expect(rows[0]!.text_sealed).toMatch(/^v1\./);
    expect(String(rows[0]!.text_sealed)).not.toContain('PRIVATE-TOKEN');
  });

  it('gives auditors the access report: who, which case and messages, when, why; filtered and paged', async () => {
    const url = (q: string) => ({ method: 'GET' as const, url: `/v1/audit/conversation-access?${q}`, headers: auditor.headers() });
    const all = (await t.app.inject(url('limit=200'))).json();
    expect(all.items.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['viewed', 'widened', 'refused']));
    expect(JSON.stringify(all)).not.toContain('PRIVATE-TOKEN');
    const mine = (await t.app.inject(url(`staffId=${senior.staffId}`))).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      kind: 'widened', staff: { id: senior.staffId, role: 'senior_moderator', email: expect.stringContaining('@') }, caseId: seed.messageCaseId,
      conversationId: 'main', firstMessageId: 'm-1', lastMessageId: 'm-30', messages: 30, reason: 'Grooming builds up over weeks',
    });
    const byCase = (await t.app.inject(url(`caseId=${seed.conversationCaseId}`))).json();
    expect(byCase.items.map((i: { conversationId: string }) => i.conversationId)).toEqual(['other']);
    const future = (await t.app.inject(url(`from=${encodeURIComponent(new Date(t.clock.now().getTime() + 60_000).toISOString())}`))).json();
    expect(future.items).toEqual([]);
    const first = (await t.app.inject(url('limit=2'))).json();
    const second = (await t.app.inject(url(`limit=2&before=${first.nextBefore}`))).json();
    expect(second.items[0].seq).toBeLessThan(first.items[1].seq);
    expect((await t.app.inject({ method: 'GET', url: '/v1/audit/conversation-access', headers: moderator.headers() })).statusCode).toBe(403);
  });

  it('forgets a sender\'s text for retention and keeps the messages\' metadata', async () => {
    expect(await new ConversationsRepo().forgetTextOf(t.db.database.db, ['kid-7'])).toBe(15);
    const view = (await open(moderator, seed.messageCaseId, { reason: 'After retention' })).json();
    expect(view.messages).toHaveLength(21);
    expect(view.messages.filter((m: { from: string; text: string | null }) => m.from === 'kid-7' && m.text !== null)).toEqual([]);
    expect(view.messages.find((m: { id: string }) => m.id === 'm-15').text).toBe(`${token('main', 15)} hello`);
  });

  it('refuses auditors and platform keys the conversation itself', async () => {
    expect((await open(auditor, seed.messageCaseId, { reason: 'Audit' })).statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST', url: `/v1/cases/${seed.messageCaseId}/conversation-access`, headers: seed.platform, payload: { reason: 'Platform' },
    });
    expect(res.statusCode).toBe(403);
  });
});
