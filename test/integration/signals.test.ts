import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJobQueue } from '../../src/jobs/boss.js';
import { casePriority } from '../../src/modules/cases/cases.priority.js';
import { registerSignalJobs, SIGNALS_QUEUE } from '../../src/modules/signals/signals.jobs.js';
import { SignalsPacing } from '../../src/modules/signals/signals.pacing.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDriver } from '../support/database.js';
import { fastWorkers } from '../support/jobs.js';

describe(`behaviour signals open child-safety cases (${testDriver})`, () => {
  let t: TestApp;
  let auth: Record<string, string>;
  const now = new Date('2026-06-15T12:00:00Z');
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const send = (events: unknown[]) => t.app.inject({ method: 'POST', url: '/v1/events', headers: auth, payload: { events } });

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(now);
    const { key } = await t.services.apiKeys.create({ type: 'system' }, 'platform', ['events:write', 'decisions:read']);
    auth = { authorization: `Bearer ${key}` };
    const people = [['adult-a', '1979-02-02'], ['adult-b', '1990-05-05'], ...Array.from({ length: 8 }, (_, i) => [`minor-${i}`, '2010-09-09'])];
    const res = await send(people.map(([id, birthDate]) => ({ id: `reg-${id}`, type: 'account.registered', occurredAt: at(10_000), accountId: id, birthDate })));
    expect(res.json().accepted).toBe(people.length);
  });
  afterAll(() => t.close());

  it('opens one case when an adult first-contacts five minors in a day, with which minors and when', async () => {
    await send(Array.from({ length: 5 }, (_, i) => ({ id: `c-a-${i}`, type: 'contact.attempted', occurredAt: at(100 - i), from: 'adult-a', to: `minor-${i}`, kind: 'message' })));
    const result = await t.services.signals.evaluate('adult-a');
    expect(result.findings.map((f) => f.kind)).toEqual(['minor-first-contacts-24h']);
    const [kase] = await t.services.cases.forSubject('account', 'adult-a');
    expect(kase).toMatchObject({
      status: 'open', category: 'grooming', minorInvolved: true, signals: 1,
      priority: casePriority({ category: 'grooming', minorInvolved: true, trustedFlagger: false, reporters: 0, signals: 1 }),
    });
    expect(kase!.slaDueAt!.getTime() - now.getTime()).toBe(4 * 3_600_000);
    expect(kase!.items[0]!.evidence).toMatchObject({ value: 5, threshold: 5, contacts: expect.arrayContaining([expect.objectContaining({ minor: 'minor-0' })]) });
    const opened = await t.services.audit.list({ type: 'case.opened', subjectId: kase!.id, limit: 1 });
    expect(opened[0]!.actorType).toBe('system');
  });

  it('adds nothing when the same signal is evaluated again the same day, and asks the cases nothing to find that out', async () => {
    const addSignal = vi.spyOn(t.services.cases, 'addSignal');
    try {
      const result = await t.services.signals.evaluate('adult-a');
      const [kase] = await t.services.cases.forSubject('account', 'adult-a');
      expect(kase!.items).toHaveLength(1);
      expect(result.caseId).toBe(kase!.id);
      expect(addSignal).not.toHaveBeenCalled();
    } finally {
      addSignal.mockRestore();
    }
  });

  it("opens no empty case for a signal already recorded today whose case was closed meanwhile (the item stays in the closed one)", async () => {
    await send([{ id: 'reg-adult-e', type: 'account.registered', occurredAt: at(10_000), accountId: 'adult-e', birthDate: '1970-04-04' }]);
    await send(Array.from({ length: 5 }, (_, i) => ({ id: `c-e-${i}`, type: 'contact.attempted', occurredAt: at(80 - i), from: 'adult-e', to: `minor-${i}`, kind: 'message' })));
    const first = await t.services.signals.evaluate('adult-e');
    await t.db.database.db.execute(sql`UPDATE cases SET status = 'resolved' WHERE id = ${first.caseId}`);
    const again = await t.services.signals.evaluate('adult-e');
    expect(again.caseId).toBe(first.caseId);
    const cases = await t.services.cases.forSubject('account', 'adult-e');
    expect(cases.map((c) => [c.status, c.items.length])).toEqual([['resolved', 1]]);
  });

  it('opens one case with one item when jobs evaluate the same adult at the same moment (signal jobs run concurrently)', async () => {
    await send([{ id: 'reg-adult-d', type: 'account.registered', occurredAt: at(10_000), accountId: 'adult-d', birthDate: '1975-03-03' }]);
    await send(Array.from({ length: 5 }, (_, i) => ({ id: `c-d-${i}`, type: 'contact.attempted', occurredAt: at(90 - i), from: 'adult-d', to: `minor-${i}`, kind: 'message' })));
    await Promise.all([t.services.signals.evaluateMany(['adult-d']), t.services.signals.evaluateMany(['adult-d']), t.services.signals.evaluate('adult-d')]);
    const cases = await t.services.cases.forSubject('account', 'adult-d');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.items.map((i) => i.kind)).toEqual(['minor-first-contacts-24h']);
  });

  it('adds age-gap denials to the same open case', async () => {
    for (let i = 5; i < 8; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/contact/decide', headers: auth, payload: { from: 'adult-a', to: `minor-${i}`, kind: 'message' } });
      expect(res.json().rule).toBe('age-gap');
    }
    await t.services.contact.denialsRecorded();
    const result = await t.services.signals.evaluate('adult-a');
    expect(result.findings.map((f) => f.kind)).toContain('age-gap-denials-24h');
    const cases = await t.services.cases.forSubject('account', 'adult-a');
    expect(cases).toHaveLength(1);
    expect(cases[0]!.items.map((i) => i.kind)).toEqual(['minor-first-contacts-24h', 'age-gap-denials-24h']);
  });

  it('flags an adult whom most contacted minors block or ignore', async () => {
    await send([
      ...Array.from({ length: 5 }, (_, i) => ({ id: `c-b-${i}`, type: 'contact.attempted', occurredAt: at(20_000), from: 'adult-b', to: `minor-${i}`, kind: 'buff' })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `blk-${i}`, type: i ? 'member.ignored' : 'member.blocked', occurredAt: at(19_000), by: `minor-${i}`, whom: 'adult-b' })),
    ]);
    const result = await t.services.signals.evaluate('adult-b');
    expect(result.findings.map((f) => [f.kind, f.value])).toEqual([['minors-reject', 0.6]]);
  });

  it('evaluates signals in a background job after the events commit', async () => {
    const withJobs = await createTestApp({ jobs: true });
    try {
      withJobs.clock.set(now);
      const { key } = await withJobs.services.apiKeys.create({ type: 'system' }, 'p', ['events:write']);
      const people = [['grown', '1970-01-01'], ...Array.from({ length: 5 }, (_, i) => [`kid-${i}`, '2011-01-01'])];
      const events = [
        ...people.map(([id, birthDate]) => ({ id: `r-${id}`, type: 'account.registered', occurredAt: at(500), accountId: id, birthDate })),
        ...Array.from({ length: 5 }, (_, i) => ({ id: `c-${i}`, type: 'contact.attempted', occurredAt: at(60 - i), from: 'grown', to: `kid-${i}`, kind: 'message' })),
      ];
      const res = await withJobs.app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${key}` }, payload: { events } });
      expect(res.json().accepted).toBe(events.length);
      let cases: Awaited<ReturnType<typeof withJobs.services.cases.forSubject>> = [];
      for (let i = 0; i < 60 && cases.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        cases = await withJobs.services.cases.forSubject('account', 'grown');
      }
      expect(cases[0]?.items.map((item) => item.kind)).toEqual(['minor-first-contacts-24h']);
    } finally {
      await withJobs.close();
    }
  });

  it('evaluates an adult asked about again within the pacing window once more at its end, which opens the case he crossed into meanwhile', async () => {
    const jobs = createJobQueue(t.db.database, fastWorkers);
    await jobs.start();
    const evaluated = vi.spyOn(t.services.signals, 'evaluateMany');
    const deferred = vi.spyOn(t.services.signals, 'evaluateLater');
    try {
      await registerSignalJobs(jobs, t.services.signals, new SignalsPacing(1_500));
      await send([{ id: 'reg-paced', type: 'account.registered', occurredAt: at(10_000), accountId: 'paced', birthDate: '1972-07-07' }]);
      const contact = (i: number) => ({ id: `c-p-${i}`, type: 'contact.attempted', occurredAt: at(70 - i), from: 'paced', to: `minor-${i}`, kind: 'message' });
      await send([0, 1, 2, 3].map(contact));
      await jobs.enqueue(t.db.database.db, SIGNALS_QUEUE, { members: ['paced'] });
      await vi.waitFor(() => expect(evaluated).toHaveBeenCalledTimes(1), { timeout: 10_000 });
      expect(await t.services.cases.forSubject('account', 'paced')).toEqual([]);
      // The fifth minor crosses the threshold; asked about again within the window, he waits for its end.
      await send([contact(4)]);
      await jobs.enqueue(t.db.database.db, SIGNALS_QUEUE, { members: ['paced'] });
      await vi.waitFor(() => expect(deferred).toHaveBeenCalledTimes(1), { timeout: 10_000 });
      expect(evaluated).toHaveBeenCalledTimes(1);
      await vi.waitFor(async () => expect(await t.services.cases.forSubject('account', 'paced')).toHaveLength(1), { timeout: 15_000, interval: 200 });
      expect(evaluated.mock.calls).toEqual([[['paced']], [['paced']]]);
    } finally {
      evaluated.mockRestore();
      deferred.mockRestore();
      await jobs.stop();
    }
  });

  it('works the signal jobs due together as one batch: each member evaluated once, one queued evaluation for those still in their window', async () => {
    const producer = createJobQueue(t.db.database, { ...fastWorkers, workers: false });
    const jobs = createJobQueue(t.db.database, fastWorkers);
    const evaluated = vi.spyOn(t.services.signals, 'evaluateMany');
    const deferred = vi.spyOn(t.services.signals, 'evaluateLater');
    try {
      await producer.start();
      await registerSignalJobs(jobs, t.services.signals, new SignalsPacing(60_000));
      // Three jobs due before any worker runs: one fetch takes them all.
      await t.db.database.db.transaction(async (tx) => {
        await producer.enqueue(tx, SIGNALS_QUEUE, { members: ['batch-1', 'batch-2'] });
        await producer.enqueue(tx, SIGNALS_QUEUE, { members: ['batch-2'] });
        await producer.enqueue(tx, SIGNALS_QUEUE, { members: ['batch-1'], due: true });
      });
      await jobs.start();
      await vi.waitFor(() => expect(evaluated).toHaveBeenCalledTimes(1), { timeout: 10_000 });
      expect(evaluated.mock.calls[0]![0]).toEqual(['batch-1', 'batch-2']);
      // Asked about again within their window: one evaluation queued for its end, none now.
      await jobs.enqueue(t.db.database.db, SIGNALS_QUEUE, { members: ['batch-2', 'batch-1'] });
      await vi.waitFor(() => expect(deferred).toHaveBeenCalledTimes(1), { timeout: 10_000 });
      expect(deferred.mock.calls[0]![1]).toEqual(['batch-2', 'batch-1']);
      expect(evaluated).toHaveBeenCalledTimes(1);
    } finally {
      evaluated.mockRestore();
      deferred.mockRestore();
      await jobs.stop();
      await producer.stop();
    }
  });

  it('does not judge a minor by the adult signals', async () => {
    await send(Array.from({ length: 6 }, (_, i) => ({ id: `mm-${i}`, type: 'contact.attempted', occurredAt: at(5), from: 'minor-7', to: `minor-${i}`, kind: 'message' })));
    expect((await t.services.signals.evaluate('minor-7')).findings).toEqual([]);
  });

  it('evaluates only the members whose activity could cross a threshold: adults with minors in their contacts, denials or buffs', async () => {
    await send([
      { id: 'reg-adult-c', type: 'account.registered', occurredAt: at(9_000), accountId: 'adult-c', birthDate: '1985-03-03' },
      { id: 'reg-adult-d', type: 'account.registered', occurredAt: at(9_000), accountId: 'adult-d', birthDate: '1986-04-04' },
      { id: 'reg-adult-e', type: 'account.registered', occurredAt: at(9_000), accountId: 'adult-e', birthDate: '1987-05-05' },
      { id: 'c-c-d', type: 'contact.attempted', occurredAt: at(30), from: 'adult-c', to: 'adult-d', kind: 'message' },
    ]);
    // adult-e has no contact at all, only an age-gap denial today.
    const denied = await t.services.contact.decideMany([{ from: 'adult-e', to: 'minor-6', kind: 'message' }]);
    expect(denied[0]!.rule).toBe('age-gap');
    const evaluated = await t.services.signals.evaluateMany(['adult-a', 'adult-b', 'adult-c', 'adult-e', 'minor-7', 'nobody']);
    expect(evaluated.map((e) => e.adult).sort()).toEqual(['adult-a', 'adult-b', 'adult-e']);
  });
});
