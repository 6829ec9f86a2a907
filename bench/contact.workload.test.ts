import { describe, expect, it } from 'vitest';
import { communityEvent } from '../src/modules/events/events.schemas.js';
import { contactKinds, decideContact, ymdInZone } from '../src/modules/policy/contact-decision.js';
import { defaultPolicy } from '../src/modules/policy/policy.document.js';
import { benchMembers, benchQuestions, ingestBatch, partyOf } from './contact.workload.js';

const asOf = new Date('2026-06-15T10:00:00Z');
const members = benchMembers({ count: 5_000, seed: 7, asOf });
const { questions, messages } = benchQuestions({ count: 20_000, members, seed: 8 });
const byId = new Map(members.map((m) => [m.externalId, m]));

describe('contact benchmark workload', () => {
  it('is the same for the same seed', () => {
    expect(benchMembers({ count: 5_000, seed: 7, asOf })).toEqual(members);
    expect(benchQuestions({ count: 20_000, members, seed: 8 })).toEqual({ questions, messages });
  });

  it('draws ages like the demo community: 15 to 70, a few minors, mean around 30', () => {
    const ages = members.map((m) => 2026 - Number(m.birthDate.slice(0, 4)));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...ages)).toBeLessThanOrEqual(71);
    const minors = ages.filter((a) => a < 18).length / ages.length;
    expect(minors).toBeGreaterThan(0.02);
    expect(minors).toBeLessThan(0.1);
  });

  it('asks about every kind, both who-wrote-first states and a few unknown accounts', () => {
    expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(contactKinds));
    const wrote = questions.filter((q) => q.youngerWroteFirst).length / questions.length;
    expect(wrote).toBeGreaterThan(0.2);
    expect(wrote).toBeLessThan(0.3);
    expect(questions.some((q) => !byId.has(q.to))).toBe(true);
    expect(questions.every((q) => q.from !== q.to)).toBe(true);
  });

  it('marks "younger wrote first" exactly where a message from the younger to the older exists', () => {
    const sent = new Set(messages.map((m) => `${m.from}>${m.to}`));
    for (const q of questions) {
      const [from, to] = [byId.get(q.from)!, byId.get(q.to)];
      if (!to) {
        expect(q.youngerWroteFirst).toBe(false);
        continue;
      }
      // As Trygg derives it: the sender is younger only with a later birth date.
      const [younger, older] = from.birthDate > to.birthDate ? [q.from, q.to] : [q.to, q.from];
      expect(q.youngerWroteFirst).toBe(sent.has(`${younger}>${older}`));
    }
    for (const m of messages) expect(byId.get(m.from)!.birthDate >= byId.get(m.to)!.birthDate).toBe(true);
  });

  it('exercises the age-gap rule: denials, buffs across the gap and opened conversations all occur', () => {
    const today = ymdInZone(asOf, defaultPolicy.timeZone);
    const party = (id: string) => partyOf(byId.get(id));
    const rules = new Set(questions.map((q) => decideContact(defaultPolicy, today, party(q.from), party(q.to), q.kind, q).rule));
    for (const rule of ['no-restriction', 'age-gap', 'age-gap-buff-allowed', 'age-gap-younger-opened', 'age-gap-younger-may-open', 'adult-media-to-minor']) {
      expect(rules).toContain(rule);
    }
  });

  it('makes ingestion batches of valid events in the intended mix, with ids unique across batches', () => {
    const batches = [0, 1].map((index) => ingestBatch({ runId: 'run', index, size: 500, existing: 5_000, now: asOf, seed: 7 }));
    expect(batches[0]).toEqual(ingestBatch({ runId: 'run', index: 0, size: 500, existing: 5_000, now: asOf, seed: 7 }));
    const events = batches.flat();
    expect(new Set(events.map((e) => e.id)).size).toBe(1_000);
    for (const e of events) expect(communityEvent.safeParse(e).success).toBe(true);
    const share = (type: string) => events.filter((e) => e.type === type).length / events.length;
    expect(share('contact.attempted')).toBeGreaterThan(0.2);
    expect(share('message.sent')).toBeGreaterThan(0.2);
    expect(share('account.registered')).toBeGreaterThan(0.05);
    expect(share('login')).toBeGreaterThan(0.1);
    expect(share('member.blocked') + share('member.ignored')).toBeGreaterThan(0.05);
  });
});
