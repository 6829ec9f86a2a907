import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { CHILD_SAFETY_CATEGORIES } from '../../src/modules/actions/actions.statement.js';
import { caseItems } from '../../src/modules/cases/cases.schema.js';
import { createTestApp, signInAs, type SignedIn, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { act, createRule, insertCase, insertReport, messagesFor, sqlRows } from './actions-fixtures.js';

describe(`four eyes: a child-safety case is never dismissed by one person (${testDriver})`, () => {
  let t: TestApp;
  let admin: SignedIn;
  let moderator: SignedIn;
  let seniorA: SignedIn;
  let seniorB: SignedIn;
  let rule: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAs(t, 'admin');
    moderator = await signInAs(t, 'moderator', { twoFactor: true });
    seniorA = await signInAs(t, 'senior_moderator');
    seniorB = await signInAs(t, 'senior_moderator');
    rule = await createRule(t, admin, { code: 'minors', title: 'Protection of minors', description: 'No sexual content involving or directed at minors.' });
  });
  afterAll(() => t.close());

  const confirm = (who: SignedIn, actionId: string, payload: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/v1/actions/${actionId}/confirm`, headers: who.headers(true), payload });
  const reject = (who: SignedIn, actionId: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/v1/actions/${actionId}/reject`, headers: who.headers(true), payload });

  it.each([...CHILD_SAFETY_CATEGORIES])('a dismissal of a %s case waits for a second reviewer and changes nothing else', async (category) => {
    const c = await insertCase(t, { category });
    await insertReport(t, c.id, { source: 'member', reporterExternalId: 'reporter-1' });
    const res = await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'The photo shows an adult.' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ secondReviewRequired: true, case: { id: c.id, status: 'waiting' }, strikes: null });
    expect(body.action).toMatchObject({ action: 'dismiss', status: 'pending_second_review', statement: null, secondReviewerId: null });
    expect(await sqlRows(t, 'SELECT status, resolution FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'waiting', resolution: null }]);
    expect(await sqlRows(t, 'SELECT outcome FROM reports WHERE case_id = $1', [c.id])).toEqual([{ outcome: null }]);
    expect(await messagesFor(t, 'caseId', c.id)).toEqual([]);
    const events = await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 5 });
    expect(events.map((e) => e.type)).toEqual(['action.pending_second_review']);
  });

  it('applies to a grooming case opened by behaviour signals too', async () => {
    const c = await insertCase(t, { category: 'grooming' });
    await t.db.database.db.insert(caseItems).values({ id: newId(), caseId: c.id, kind: 'age_gap_denials_24h', dedupeKey: `d-${c.id}`, evidence: {}, createdAt: t.clock.now() });
    expect((await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'Ordinary chat.' })).json().case.status).toBe('waiting');
  });

  it('lets a non-child-safety dismissal resolve at once', async () => {
    const c = await insertCase(t, { category: 'spam' });
    expect((await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'Not spam.' })).json()).toMatchObject({
      secondReviewRequired: false, case: { status: 'resolved', resolution: 'no_violation' }, action: { status: 'active' },
    });
  });

  it('only a different senior moderator confirms; then the case resolves, hides lift and reporters hear', async () => {
    const c = await insertCase(t, { category: 'csam', subjectType: 'image', subjectId: 'img-9' });
    await insertReport(t, c.id, { source: 'member', reporterExternalId: 'reporter-2' });
    const hide = (await act(t, seniorA, c.id, { action: 'hide', ruleId: rule.id, reason: 'Hidden pending review.', affectedExternalId: 'uploader-9' })).json();
    const pending = (await act(t, seniorA, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'Adult model; age verified by the studio.' })).json();
    expect(pending.case.status).toBe('waiting');
    const actionId = pending.action.id;

    const same = await confirm(seniorA, actionId);
    expect(same.statusCode).toBe(403);
    expect(same.json().code).toBe('four-eyes-same-reviewer');
    for (const who of [moderator, admin]) {
      const res = await confirm(who, actionId);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden-role');
    }
    const sameReject = await reject(seniorA, actionId, { reason: 'Changed my mind.' });
    expect(sameReject.json().code).toBe('four-eyes-same-reviewer');
    const other = await act(t, moderator, c.id, { action: 'remove', ruleId: rule.id, reason: 'Removing instead.' });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('second-review-pending');
    // The precautionary hide stays while the dismissal waits.
    expect(await sqlRows(t, 'SELECT status FROM moderation_actions WHERE id = $1', [hide.action.id])).toEqual([{ status: 'active' }]);

    const queue = (await t.app.inject({ url: '/v1/second-reviews', headers: seniorB.headers() })).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toContain(actionId);
    expect(queue.items.find((i: { id: string }) => i.id === actionId)).toMatchObject({ category: 'csam', caseStatus: 'waiting', decidedBy: seniorA.staffId });

    const ok = await confirm(seniorB, actionId, { note: 'Agreed: verified adult.' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      case: { status: 'resolved', resolution: 'no_violation' },
      action: { status: 'active', decidedBy: seniorA.staffId, secondReviewerId: seniorB.staffId },
    });
    expect(await sqlRows(t, 'SELECT status, resolution FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'resolved', resolution: 'no_violation' }]);
    expect(await sqlRows(t, 'SELECT status FROM moderation_actions WHERE id = $1', [hide.action.id])).toEqual([{ status: 'reversed' }]);
    const messages = await messagesFor(t, 'caseId', c.id);
    expect(messages.map((m) => `${m.event_type}:${String(m.payload.action)}`)).toEqual([
      'action.taken:hide', 'action.reversed:hide', 'action.taken:dismiss', 'report.outcome:dismiss',
    ]);
    expect(messages[3]!.payload).toMatchObject({ reporter: 'reporter-2', outcome: 'not_upheld' });
    const events = (await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 10 })).map((e) => e.type).reverse();
    expect(events).toEqual(['action.taken', 'action.pending_second_review', 'action.second_review_confirmed', 'action.taken']);
    expect((await confirm(seniorB, actionId)).json().code).toBe('not-pending');
  });

  it('a rejected dismissal sends the case back to open, where it can be decided again', async () => {
    const c = await insertCase(t, { category: 'grooming' });
    const pending = (await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'Looks friendly.' })).json();
    expect((await reject(seniorB, pending.action.id, {})).statusCode).toBe(400);
    const res = await reject(seniorB, pending.action.id, { reason: 'He asks a 13-year-old to keep it secret: that is grooming.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ case: { status: 'open' }, action: { status: 'rejected', secondReviewerId: seniorB.staffId } });
    expect(await sqlRows(t, 'SELECT status FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'open' }]);
    const removed = await act(t, moderator, c.id, { action: 'restrict_minors', ruleId: rule.id, reason: 'Asked a 13-year-old for secrecy.' });
    expect(removed.statusCode).toBe(201);
    expect(removed.json().case.status).toBe('resolved');
    const events = (await t.services.audit.list({ subjectType: 'case', subjectId: c.id, limit: 10 })).map((e) => e.type).reverse();
    expect(events).toEqual(['action.pending_second_review', 'action.second_review_rejected', 'action.taken']);
  });

  it('nothing ever closes a waiting child-safety case by itself', async () => {
    const c = await insertCase(t, { category: 'underage_member' });
    const pending = (await act(t, moderator, c.id, { action: 'dismiss', ruleId: rule.id, reason: 'Says she is 19.' })).json();
    t.clock.advance(400 * 86_400_000);
    expect(await sqlRows(t, 'SELECT status, resolution FROM cases WHERE id = $1', [c.id])).toEqual([{ status: 'waiting', resolution: null }]);
    expect(await sqlRows(t, 'SELECT status FROM moderation_actions WHERE id = $1', [pending.action.id])).toEqual([{ status: 'pending_second_review' }]);
    expect((await t.services.actions.pendingSecondReviews(200)).map((a) => a.id)).toContain(pending.action.id);
  });
});
