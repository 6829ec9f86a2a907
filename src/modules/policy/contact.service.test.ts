import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../lib/clock.js';
import type { Database } from '../../storage/db.js';
import type { AccountRow, ContactRepo, DecisionFacts } from './contact.repo.js';
import { pairKey } from './contact.repo.js';
import { ContactDecisionService, type ContactQuestion } from './contact.service.js';
import { defaultPolicy } from './policy.document.js';
import type { PolicyService } from './policy.service.js';

/** The service over an in-memory repository: what each decision needs, and how often it was asked. */
function setup(options: { failFacts?: boolean } = {}) {
  const people: (AccountRow & { externalId: string })[] = [
    { externalId: 'minor', birthDate: '2010-03-01', ageVerified: false, restricted: false, restrictedUntil: null },
    { externalId: 'adult', birthDate: '1980-03-01', ageVerified: false, restricted: false, restrictedUntil: null },
    { externalId: 'peer', birthDate: '2009-08-01', ageVerified: false, restricted: false, restrictedUntil: null },
    { externalId: 'friend', birthDate: '1985-01-01', ageVerified: true, restricted: false, restrictedUntil: null },
  ];
  const wrote: [string, string][] = [['peer', 'friend']];
  const facts = vi.fn(async (_db: unknown, ids: string[], pairs: { from: string; to: string }[]): Promise<DecisionFacts> => {
    await new Promise((r) => setTimeout(r, 1));
    if (options.failFacts) throw new Error('database unavailable');
    const asked = new Set(pairs.flatMap((p) => [pairKey(p.from, p.to), pairKey(p.to, p.from)]));
    return {
      policyVersion: 0,
      members: ids.map((id) => ({ id, account: people.find((p) => p.externalId === id) ?? null, wroteTo: wrote.filter(([a]) => a === id).map(([, b]) => b) })),
      wrote: wrote.filter(([a, b]) => asked.has(pairKey(a, b))),
    };
  });
  const recordDenials = vi.fn(async () => {});
  const repo = { facts, recordDenials } as unknown as ContactRepo;
  const database = { db: { transaction: async (fn: (tx: unknown) => Promise<unknown>) => fn({}) } } as unknown as Database;
  const policies = { current: async () => ({ version: 0, document: defaultPolicy }) } as unknown as PolicyService;
  const clock = new ManualClock(new Date('2026-06-15T10:00:00Z'));
  const service = new ContactDecisionService(database, repo, policies, clock, new Registry());
  return { service, facts, recordDenials };
}

const questions: ContactQuestion[] = [
  { from: 'adult', to: 'minor', kind: 'message' },
  { from: 'adult', to: 'minor', kind: 'buff' },
  { from: 'minor', to: 'adult', kind: 'message' },
  { from: 'friend', to: 'peer', kind: 'message' },
  { from: 'adult', to: 'friend', kind: 'image' },
  { from: 'adult', to: 'stranger', kind: 'message' },
  { from: 'adult', to: 'peer', kind: 'video_call' },
];

describe('single decisions asked at the same time', () => {
  it('are answered by one round trip, each exactly as it would be alone', async () => {
    const together = setup();
    const answers = await Promise.all(questions.map((q) => together.service.decide(q)));
    expect(together.facts).toHaveBeenCalledTimes(1);
    // The answers went out before the denials' record, which follows within the linger.
    expect(together.recordDenials).toHaveBeenCalledTimes(0);
    await together.service.denialsRecorded();
    expect(together.recordDenials).toHaveBeenCalledTimes(1);

    const alone = setup();
    for (const [i, q] of questions.entries()) expect(answers[i]).toEqual(await alone.service.decide(q));
    expect(alone.facts).toHaveBeenCalledTimes(questions.length);
    expect(answers.map((a) => a.rule)).toEqual([
      'age-gap', 'age-gap-buff-allowed', 'age-gap-younger-may-open', 'age-gap-younger-opened', 'no-restriction', 'age-gap', 'adult-media-to-minor',
    ]);
    // The denials involving a minor, recorded in one transaction for the whole turn.
    const recorded = (together.recordDenials.mock.calls[0] as unknown as [unknown, { toExternalId: string; rule: string }[]])[1];
    expect(recorded.map((d) => [d.toExternalId, d.rule])).toEqual([['minor', 'age-gap'], ['stranger', 'age-gap'], ['peer', 'adult-media-to-minor']]);
  });

  it('are the same as the batch answer, and later decisions make a new round trip', async () => {
    const { service, facts } = setup();
    const batch = await service.decideMany(questions);
    expect(await Promise.all(questions.map((q) => service.decide(q)))).toEqual(batch);
    await service.decide(questions[0]!);
    expect(facts).toHaveBeenCalledTimes(3);
  });

  it('all fail when the round trip fails, and the next decision tries again', async () => {
    const failing = setup({ failFacts: true });
    const results = await Promise.allSettled(questions.slice(0, 3).map((q) => failing.service.decide(q)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(failing.facts).toHaveBeenCalledTimes(1);
    await expect(failing.service.decide(questions[0]!)).rejects.toThrow('database unavailable');
    expect(failing.facts).toHaveBeenCalledTimes(2);
  });

  it('never puts more than 1,000 into one round trip', async () => {
    const { service, facts } = setup();
    const evaluate = vi.spyOn(service as unknown as { evaluate: (q: ContactQuestion[]) => Promise<unknown> }, 'evaluate');
    const many = Array.from({ length: 2_500 }, (_, i) => questions[i % questions.length]!);
    const answers = await Promise.all(many.map((q) => service.decide(q)));
    expect(answers).toHaveLength(2_500);
    expect(evaluate.mock.calls.map(([batch]) => batch.length)).toEqual([1000, 1000, 500]);
    expect(facts).toHaveBeenCalledTimes(3);
  });
});
